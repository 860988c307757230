using System.Globalization;
using System.ServiceModel;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Dataverse.Local;
using Dataverse.Local.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Query;

namespace Dataverse.WebApi;

/// <summary>
/// The Dataverse Web API over a local organization. Every operation is an OrganizationRequest executed through
/// the organization service of the calling user, so the pipeline, plug-ins, security and cost counter are the
/// ones the SDK's callers get. Pages of Learn each part follows are named where the part is.
/// </summary>
public sealed partial class ODataService
{
    private readonly LocalOrganization _org;
    private readonly EntitySets _sets;
    private readonly Guid _defaultCaller;

    public ODataService(LocalOrganization org, Guid defaultCaller)
    {
        _org = org;
        _sets = new EntitySets(org.Metadata);
        _defaultCaller = defaultCaller;
    }

    public EntitySets Sets => _sets;

    /// <summary>
    /// The user a browser session signed in as (the shell's session cookie), for requests that carry no impersonation
    /// header: Dynamics authenticates a page's own fetch calls by the session, so a site-map page that calls the Web API
    /// directly (it has no Xrm there) acts as the signed-in user. Null: the account running the server.
    /// </summary>
    public Func<HttpContext, Guid?>? SessionUser { get; set; }

    /// <summary>JSON as Dataverse writes it: characters such as ' and &lt; stay as they are (the body is never HTML).</summary>
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Answers one request under /api/data/v9.2/. Never throws: every failure is written as a Web API error.</summary>
    public async Task HandleAsync(HttpContext http, string path)
    {
        http.Response.Headers["OData-Version"] = "4.0";
        try
        {
            var request = ODataRequest.From(http, path);
            ResolveCaller(request);
            var result = await DispatchAsync(request);
            await WriteAsync(http, result);
        }
        catch (WebApiError e)
        {
            await WriteErrorAsync(http, e);
        }
        catch (FaultException<OrganizationServiceFault> fault)
        {
            await WriteErrorAsync(http, WebApiError.FromFault(fault));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await WriteErrorAsync(http, new WebApiError(413, "0x0", "The request body is larger than this server accepts. Send less data in one request."));
        }
    }

    public static Task WriteErrorAsync(HttpContext http, WebApiError error)
    {
        if (http.Response.HasStarted) return Task.CompletedTask;
        http.Response.StatusCode = error.Status;
        http.Response.ContentType = "application/json; odata.metadata=minimal";
        var body = new JsonObject { ["error"] = new JsonObject { ["code"] = error.Code, ["message"] = error.Message } };
        return http.Response.WriteAsync(body.ToJsonString(Json));
    }

    // ------------------------------------------------------------------ callers

    /// <summary>
    /// Who is calling: the default user unless MSCRMCallerID (systemuserid) or CallerObjectId (Microsoft Entra
    /// object id) names another, honoured only when the caller holds prvActOnBehalfOfAnotherUser (Learn,
    /// "Impersonate another user using the Web API"). The bypass headers (Learn, "Bypass custom Dataverse logic")
    /// become the optional parameters BypassCustomPluginExecution / BypassBusinessLogicExecution, refused with 403
    /// for a caller without prvBypassCustomPlugins / prvBypassCustomBusinessLogic.
    /// </summary>
    private void ResolveCaller(ODataRequest request)
    {
        var headers = request.Http.Request.Headers;
        var caller = _defaultCaller;
        string? byId = headers["MSCRMCallerID"].FirstOrDefault(), byObject = headers["CallerObjectId"].FirstOrDefault();
        if (string.IsNullOrEmpty(byId) && string.IsNullOrEmpty(byObject) && SessionUser?.Invoke(request.Http) is { } session) caller = session;
        if (!string.IsNullOrEmpty(byId) || !string.IsNullOrEmpty(byObject))
        {
            RequirePrivilege(caller, "prvActOnBehalfOfAnotherUser");
            if (!string.IsNullOrEmpty(byId))
            {
                if (!Guid.TryParse(byId, out var id)) throw WebApiError.Query($"The MSCRMCallerID header '{byId}' is not a GUID.");
                caller = _org.Peek("systemuser", id) is null ? throw UserNotFound(byId) : id;
            }
            else
            {
                if (!Guid.TryParse(byObject, out var objectId)) throw WebApiError.Query($"The CallerObjectId header '{byObject}' is not a GUID.");
                caller = _org.Rows("systemuser").FirstOrDefault(u => u.GetAttributeValue<Guid?>("azureactivedirectoryobjectid") == objectId)?.Id
                    ?? throw UserNotFound(byObject!);
            }
        }
        request.CallerId = caller;

        var bypassPlugins = headers["MSCRM.BypassCustomPluginExecution"].FirstOrDefault();
        if (!string.IsNullOrEmpty(bypassPlugins) && bypassPlugins.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            RequirePrivilege(caller, "prvBypassCustomPlugins");
            request.RequestParameters["BypassCustomPluginExecution"] = true;
        }
        var bypassLogic = headers["MSCRM.BypassBusinessLogicExecution"].FirstOrDefault();
        if (!string.IsNullOrEmpty(bypassLogic))
        {
            RequirePrivilege(caller, "prvBypassCustomBusinessLogic");
            request.RequestParameters["BypassBusinessLogicExecution"] = bypassLogic;
        }
    }

    private void RequirePrivilege(Guid user, string privilege)
    {
        if (_org.PrivilegeDepth(user, privilege) is null)
            throw new WebApiError(403, "0x80040220", $"Principal user (Id={user:D}, type=8) is missing {privilege} privilege.");
    }

    private static WebApiError UserNotFound(string id) =>
        new(404, "0x80040217", $"systemuser With Id = {id} Does Not Exist");

    private OrganizationResponse Execute(ODataRequest request, OrganizationRequest message)
    {
        foreach (var (key, value) in request.RequestParameters) message.Parameters[key] = value;
        return (request.Service ?? _org.GetService(request.CallerId)).Execute(message);
    }

    // ------------------------------------------------------------------ dispatch

    private sealed record Result(int Status, JsonNode? Body = null, Dictionary<string, string>? Headers = null, string? RawBody = null, string? ContentType = null);

    private async Task<Result> DispatchAsync(ODataRequest request)
    {
        var segments = request.Segments;
        if (segments.Count == 0)
        {
            if (request.Method != "GET") throw WebApiError.MethodNotAllowed(request.Method);
            return ServiceDocument(request);
        }
        if (segments[0] == "$metadata")
        {
            if (request.Method != "GET") throw WebApiError.MethodNotAllowed(request.Method);
            return new Result(200, RawBody: Csdl.Write(_org, _sets), ContentType: "application/xml");
        }
        if (segments[0] == "$batch")
        {
            if (request.Method != "POST") throw WebApiError.MethodNotAllowed(request.Method);
            return await BatchAsync(request);
        }

        var (name, args) = ODataRequest.NameAndArgs(segments[0]);
        var table = _sets.Table(name);
        if (table is null) return await OperationAsync(request, name, args, bound: null);

        if (args is null)
        {
            if (segments.Count > 1) throw WebApiError.SegmentNotFound(segments[1]);
            return request.Method switch
            {
                "GET" => RetrieveMultiple(request, table, name),
                "POST" => Create(request, table, name, await ReadBodyAsync(request, name)),
                _ => throw WebApiError.MethodNotAllowed(request.Method),
            };
        }

        var id = Key(table, args);
        if (segments.Count > 1)
        {
            if (segments.Count == 2 && segments[1].StartsWith("Microsoft.Dynamics.CRM.", StringComparison.Ordinal))
            {
                var (operation, operationArgs) = ODataRequest.NameAndArgs(segments[1]["Microsoft.Dynamics.CRM.".Length..]);
                return await OperationAsync(request, operation, operationArgs, new EntityReference(table.LogicalName, id));
            }
            if (segments.Count == 3 && segments[2] == "$ref") return await AssociateAsync(request, table, name, id, segments[1]);
            throw WebApiError.SegmentNotFound(segments[1]);
        }
        return request.Method switch
        {
            "GET" => Retrieve(request, table, name, id),
            "PATCH" => Upsert(request, table, name, id, await ReadBodyAsync(request, name)),
            "DELETE" => Delete(request, table, id),
            _ => throw WebApiError.MethodNotAllowed(request.Method),
        };
    }

    private Result ServiceDocument(ODataRequest request)
    {
        var value = new JsonArray();
        foreach (var (set, _) in _sets.All) value.Add(new JsonObject { ["name"] = set, ["kind"] = "EntitySet", ["url"] = set });
        return new Result(200, new JsonObject { ["@odata.context"] = request.BaseUrl + "$metadata", ["value"] = value });
    }

    /// <summary>accounts(00000000-...) or accounts(accountid=00000000-...). Learn, "Retrieve a table row using the Web API".</summary>
    private static Guid Key(TableMetadata table, string args)
    {
        var text = args;
        var eq = text.IndexOf('=');
        if (eq > 0)
        {
            if (text[..eq].Trim() != table.PrimaryIdColumn)
                throw WebApiError.Query($"The key property '{text[..eq].Trim()}' is not a key of 'Microsoft.Dynamics.CRM.{table.LogicalName}': alternate keys are not defined in this organization.");
            text = text[(eq + 1)..];
        }
        return Guid.TryParse(text.Trim(), out var id) ? id : throw WebApiError.Query("Bad Request - Error in query syntax.");
    }

    // ------------------------------------------------------------------ reading

    private Result Retrieve(ODataRequest request, TableMetadata table, string set, Guid id)
    {
        var select = Select(request, table);
        var expand = Expand(request, table);
        var columns = new ColumnSet(select.Select(c => c.LogicalName).Concat(expand.Select(e => e.Column.LogicalName)).Distinct().ToArray());
        var response = (RetrieveResponse)Execute(request, new RetrieveRequest { Target = new EntityReference(table.LogicalName, id), ColumnSet = columns });
        var body = new JsonObject { ["@odata.context"] = $"{request.BaseUrl}$metadata#{set}({SelectText(select, table)})/$entity" };
        WriteRow(body, response.Entity, table, select, request.Annotations);
        WriteExpanded(request, body, response.Entity, expand);
        return new Result(200, body);
    }

    private Result RetrieveMultiple(ODataRequest request, TableMetadata table, string set)
    {
        if (request.Query.TryGetValue("fetchXml", out var fetchXml)) return RetrieveFetchXml(request, table, set, fetchXml);
        var select = Select(request, table);
        var expand = Expand(request, table);
        var query = new QueryExpression(table.LogicalName)
        {
            ColumnSet = new ColumnSet(select.Select(c => c.LogicalName).Concat(expand.Select(e => e.Column.LogicalName)).Distinct().ToArray()),
        };
        if (request.Query.TryGetValue("$filter", out var filter) && filter.Trim().Length > 0) query.Criteria = ODataFilter.Parse(table, filter);
        if (request.Query.TryGetValue("$orderby", out var orderBy))
        {
            foreach (var part in ODataRequest.SplitTop(orderBy))
            {
                var words = part.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (words.Length > 2 || (words.Length == 2 && words[1] is not ("asc" or "desc")))
                    throw WebApiError.Query($"Syntax error at position {orderBy.IndexOf(part, StringComparison.Ordinal) + words[0].Length + 1} in '{orderBy}'.");
                var column = EntitySets.Property(table, words[0]) ?? throw WebApiError.NoProperty(words[0], table.LogicalName);
                query.Orders.Add(new OrderExpression(column.LogicalName, words.Length == 2 && words[1] == "desc" ? OrderType.Descending : OrderType.Ascending));
            }
        }
        var count = request.Query.TryGetValue("$count", out var countText) && countText switch
        {
            "true" => true,
            "false" => false,
            _ => throw WebApiError.Query($"'{countText}' is not a valid count option."),
        };
        int? top = null;
        if (request.Query.TryGetValue("$top", out var topText))
        {
            if (!int.TryParse(topText, NumberStyles.None, CultureInfo.InvariantCulture, out var t))
                throw WebApiError.Query($"Invalid value '{topText}' for $top query option found. The $top query option requires a non-negative integer value.");
            top = t;
        }
        // Learn, "Page results": Prefer odata.maxpagesize (5,000 at most) and @odata.nextLink carrying the paging cookie.
        var pageSize = Math.Min(request.MaxPageSize ?? 5000, 5000);
        var pageNumber = 1;
        string? cookie = null;
        if (request.Query.TryGetValue("$skiptoken", out var skipToken)) (pageNumber, cookie) = ReadSkipToken(skipToken);
        if (top is not null && !count && !request.Query.ContainsKey("$skiptoken")) query.TopCount = top;
        else query.PageInfo = new PagingInfo { Count = top is null ? pageSize : Math.Min(pageSize, top.Value), PageNumber = pageNumber, PagingCookie = cookie, ReturnTotalRecordCount = count };

        var rows = ((RetrieveMultipleResponse)Execute(request, new RetrieveMultipleRequest { Query = query })).EntityCollection;
        var body = new JsonObject { ["@odata.context"] = $"{request.BaseUrl}$metadata#{set}({SelectText(select, table)})" };
        if (count) body["@odata.count"] = rows.TotalRecordCount >= 0 ? rows.TotalRecordCount : rows.Entities.Count;
        var value = new JsonArray();
        foreach (var row in rows.Entities)
        {
            var item = new JsonObject();
            WriteRow(item, row, table, select, request.Annotations);
            WriteExpanded(request, item, row, expand);
            value.Add(item);
        }
        body["value"] = value;
        if (rows.MoreRecords && query.PageInfo is not null && top is null)
        {
            var token = $"<cookie pagenumber=\"{pageNumber + 1}\" pagingcookie=\"{Uri.EscapeDataString(rows.PagingCookie ?? "")}\" istracking=\"False\" />";
            var parameters = request.Http.Request.Query.Where(q => q.Key != "$skiptoken")
                .Select(q => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(q.Value.ToString()))
                .Append("$skiptoken=" + Uri.EscapeDataString(token));
            body["@odata.nextLink"] = request.BaseUrl + set + "?" + string.Join("&", parameters);
        }
        return new Result(200, body);
    }

    private static (int Page, string? Cookie) ReadSkipToken(string token)
    {
        try
        {
            var cookie = XElement.Parse(token);
            var page = int.Parse((string?)cookie.Attribute("pagenumber") ?? "", CultureInfo.InvariantCulture);
            var paging = (string?)cookie.Attribute("pagingcookie");
            return (page, string.IsNullOrEmpty(paging) ? null : Uri.UnescapeDataString(paging));
        }
        catch (Exception e) when (e is System.Xml.XmlException or FormatException)
        {
            throw WebApiError.Query("The $skiptoken is not one this service wrote: follow @odata.nextLink as it is.");
        }
    }

    /// <summary>Learn, "Use FetchXml to query data": ?fetchXml= and the paging cookie annotation.</summary>
    private Result RetrieveFetchXml(ODataRequest request, TableMetadata table, string set, string fetchXml)
    {
        XElement fetch;
        try { fetch = XElement.Parse(fetchXml); }
        catch (System.Xml.XmlException e) { throw new WebApiError(400, "0x80040203", "Invalid XML. " + e.Message); }
        var entityName = (string?)fetch.Element("entity")?.Attribute("name");
        if (entityName != table.LogicalName)
            throw new WebApiError(400, "0x80040203", $"The entity name specified in FetchXml '{entityName}' does not match the entity name in the URL '{set}'.");
        var rows = ((RetrieveMultipleResponse)Execute(request, new RetrieveMultipleRequest { Query = new FetchExpression(fetchXml) })).EntityCollection;
        var body = new JsonObject { ["@odata.context"] = $"{request.BaseUrl}$metadata#{set}" };
        var value = new JsonArray();
        foreach (var row in rows.Entities)
        {
            var item = new JsonObject();
            foreach (var (key, raw) in row.Attributes)
            {
                var column = table.Column(key);
                var property = column is not null ? EntitySets.PropertyName(column) : key.Replace('.', '_');
                item[property] = EntitySets.ToJson(raw);
                if (request.Annotations && row.FormattedValues.ContainsKey(key))
                    item[property + "@OData.Community.Display.V1.FormattedValue"] = row.FormattedValues[key];
            }
            value.Add(item);
        }
        body["value"] = value;
        if (rows.MoreRecords)
        {
            var page = (int?)fetch.Attribute("page") ?? 1;
            body["@Microsoft.Dynamics.CRM.fetchxmlpagingcookie"] =
                $"<cookie pagenumber=\"{page + 1}\" pagingcookie=\"{Uri.EscapeDataString(Uri.EscapeDataString(rows.PagingCookie ?? ""))}\" istracking=\"False\" />";
            body["@Microsoft.Dynamics.CRM.morerecords"] = true;
        }
        return new Result(200, body);
    }

    /// <summary>The columns of $select (Learn, "Select columns"); without it, every column of the type.</summary>
    private static List<ColumnMetadata> Select(ODataRequest request, TableMetadata table)
    {
        var columns = new List<ColumnMetadata>();
        if (request.Query.TryGetValue("$select", out var select) && select.Trim().Length > 0)
        {
            foreach (var name in ODataRequest.SplitTop(select))
                columns.Add(EntitySets.Property(table, name) ?? throw WebApiError.NoProperty(name, table.LogicalName));
        }
        else
        {
            columns.AddRange(table.Columns.Where(EntitySets.IsExposed));
        }
        var key = table.Column(table.PrimaryIdColumn);
        if (key is not null && !columns.Contains(key)) columns.Add(key);
        return columns;
    }

    private static string SelectText(List<ColumnMetadata> select, TableMetadata table) =>
        string.Join(",", select.Select(EntitySets.PropertyName));

    private sealed record Expansion(string Name, ColumnMetadata Column, string? Target, List<string> Select);

    /// <summary>Single-valued $expand (Learn, "Join tables using the Web API": many-to-one with nested $select).</summary>
    private List<Expansion> Expand(ODataRequest request, TableMetadata table)
    {
        var list = new List<Expansion>();
        if (!request.Query.TryGetValue("$expand", out var expand)) return list;
        foreach (var item in ODataRequest.SplitTop(expand))
        {
            var (name, options) = ODataRequest.NameAndArgs(item);
            var navigation = _sets.Navigation(table, name);
            if (navigation is null)
            {
                if (_org.Metadata.OneToManyFrom(table.LogicalName).Any(r => string.Equals(r.SchemaName, name, StringComparison.OrdinalIgnoreCase)))
                    throw WebApiError.Query($"The local Web API expands single-valued navigation properties only; '{name}' is collection-valued. Query its entity set with a $filter on the lookup instead.");
                throw WebApiError.NoProperty(name, table.LogicalName);
            }
            var select = new List<string>();
            if (options is not null)
            {
                foreach (var option in ODataRequest.SplitTop(options, ';'))
                {
                    if (!option.StartsWith("$select=", StringComparison.Ordinal))
                        throw WebApiError.Query($"The local Web API takes only $select inside $expand, not '{option}'.");
                    select.AddRange(ODataRequest.SplitTop(option["$select=".Length..]));
                }
            }
            list.Add(new Expansion(name, navigation.Column, navigation.Target, select));
        }
        return list;
    }

    private void WriteExpanded(ODataRequest request, JsonObject item, Entity row, List<Expansion> expand)
    {
        foreach (var expansion in expand)
        {
            // A polymorphic lookup's property per target (parentcustomerid_account) is null when the row points elsewhere.
            if (row.GetAttributeValue<EntityReference>(expansion.Column.LogicalName) is not { } reference ||
                expansion.Target is not null && reference.LogicalName != expansion.Target)
            {
                item[expansion.Name] = null;
                continue;
            }
            var target = _org.Metadata.Table(reference.LogicalName)!;
            var columns = expansion.Select.Select(name => EntitySets.Property(target, name) ?? throw WebApiError.NoProperty(name, target.LogicalName)).ToList();
            if (columns.Count == 0) columns.AddRange(target.Columns.Where(EntitySets.IsExposed));
            try
            {
                var related = ((RetrieveResponse)Execute(request, new RetrieveRequest
                {
                    Target = reference,
                    ColumnSet = new ColumnSet(columns.Select(c => c.LogicalName).Append(target.PrimaryIdColumn).Distinct().ToArray()),
                })).Entity;
                var nested = new JsonObject();
                WriteRow(nested, related, target, columns, request.Annotations);
                item[expansion.Name] = nested;
            }
            catch (FaultException<OrganizationServiceFault> fault) when (fault.Detail.ErrorCode is ErrorCodes.PrivilegeDenied or unchecked((int)0x80048306))
            {
                // A related row the caller may not read is left out, as Dataverse's outer join under security leaves it.
                item[expansion.Name] = null;
            }
        }
    }

    /// <summary>
    /// Writes a row's selected columns (null when the row has no value), with the annotations of Learn,
    /// "Formatted values" and "Lookup properties" when Prefer odata.include-annotations asks for them.
    /// </summary>
    private void WriteRow(JsonObject item, Entity row, TableMetadata table, List<ColumnMetadata> select, bool annotations)
    {
        if (row.Contains("versionnumber") && row["versionnumber"] is long version) item["@odata.etag"] = $"W/\"{version}\"";
        foreach (var column in select)
        {
            var name = EntitySets.PropertyName(column);
            row.Attributes.TryGetValue(column.LogicalName, out var value);
            if (column.Kind == ColumnKind.UniqueIdentifier && column.LogicalName == table.PrimaryIdColumn && value is null) value = row.Id;
            if (annotations && value is not null)
            {
                if (row.FormattedValues.ContainsKey(column.LogicalName))
                    item[name + "@OData.Community.Display.V1.FormattedValue"] = row.FormattedValues[column.LogicalName];
                if (value is EntityReference reference)
                {
                    if (reference.Name is not null && !item.ContainsKey(name + "@OData.Community.Display.V1.FormattedValue"))
                        item[name + "@OData.Community.Display.V1.FormattedValue"] = reference.Name;
                    item[name + "@Microsoft.Dynamics.CRM.associatednavigationproperty"] =
                        _sets.NavigationName(table, column, reference.LogicalName) ?? column.LogicalName;
                    item[name + "@Microsoft.Dynamics.CRM.lookuplogicalname"] = reference.LogicalName;
                }
            }
            item[name] = EntitySets.ToJson(value);
        }
    }

    // ------------------------------------------------------------------ writing

    private static async Task<JsonElement> ReadBodyAsync(ODataRequest request, string set)
    {
        using var buffer = new MemoryStream();
        await request.Http.Request.Body.CopyToAsync(buffer);
        if (buffer.Length == 0) return JsonDocument.Parse("{}").RootElement;
        try
        {
            var root = JsonDocument.Parse(buffer.ToArray()).RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw WebApiError.Payload(set, "The body of the request must be a JSON object.");
            return root;
        }
        catch (JsonException e)
        {
            throw WebApiError.Payload(set, "Invalid JSON. " + e.Message);
        }
    }

    /// <summary>
    /// A JSON body as an Entity: columns by logical name, lookups with x@odata.bind (Learn, "Associate table rows
    /// on create"), annotations ignored. An unknown property, a value of the wrong type or a lookup written as
    /// _x_value is refused with Dataverse's payload error.
    /// </summary>
    private Entity ToEntity(TableMetadata table, string set, JsonElement body)
    {
        var entity = new Entity(table.LogicalName);
        foreach (var property in body.EnumerateObject())
        {
            var name = property.Name;
            if (name.EndsWith("@odata.bind", StringComparison.Ordinal))
            {
                var navigationName = name[..^"@odata.bind".Length];
                var navigation = _sets.Navigation(table, navigationName)
                    ?? throw WebApiError.Payload(set, $"An undeclared property '{navigationName}' which only has property annotations in the payload but no property value was found in the payload. In OData, only declared navigation properties and declared named streams can be represented as properties without values.");
                var bound = property.Value.ValueKind == JsonValueKind.Null ? null : Bind(set, navigation.Target, property.Value);
                if (bound is not null && navigation.Target is null && !navigation.Column.Targets.Contains(bound.LogicalName))
                    throw WebApiError.Payload(set, $"The row '{bound.LogicalName}' cannot be bound to '{navigationName}': it takes a {string.Join(" or ", navigation.Column.Targets)}.");
                entity[navigation.Column.LogicalName] = bound;
                continue;
            }
            if (name.Contains('@')) continue;
            if (name.StartsWith('_') && name.EndsWith("_value", StringComparison.Ordinal) && EntitySets.Property(table, name) is not null)
                throw WebApiError.Payload(set, "CRM do not support direct update of Entity Reference properties, Use Navigation properties instead.");
            var column = EntitySets.Property(table, name);
            if (column is null)
                throw WebApiError.Payload(set, $"The property '{name}' does not exist on type 'Microsoft.Dynamics.CRM.{table.LogicalName}'. Make sure to only use property names that are defined by the type or mark the type as open type.");
            if (!EntitySets.TryFromJson(column, property.Value, out var value))
                throw WebApiError.Payload(set, $"Cannot convert the literal '{property.Value.GetRawText()}' to the expected type '{EntitySets.EdmType(column)}'.");
            entity[column.LogicalName] = value;
        }
        return entity;
    }

    /// <summary>"/accounts(id)", "accounts(id)" or an absolute URL of this service.</summary>
    private EntityReference Bind(string set, string? expectedTarget, JsonElement value)
    {
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
        var at = text.IndexOf(ODataRequest.Root, StringComparison.Ordinal);
        if (at >= 0) text = text[(at + ODataRequest.Root.Length)..];
        text = text.TrimStart('/');
        var open = text.IndexOf('(');
        var target = open > 0 ? _sets.Table(text[..open]) : null;
        if (target is null || !text.EndsWith(')'))
            throw WebApiError.Payload(set, $"The value '{value.GetRawText()}' of @odata.bind is not the address of a row: write it as /entityset(id).");
        if (expectedTarget is not null && target.LogicalName != expectedTarget)
            throw WebApiError.Payload(set, $"The row '{text}' is a '{target.LogicalName}', not a '{expectedTarget}'.");
        return new EntityReference(target.LogicalName, Key(target, text[(open + 1)..^1]));
    }

    /// <summary>Learn, "Create a table row using the Web API": 204 with OData-EntityId, or 201 with the row (return=representation).</summary>
    private Result Create(ODataRequest request, TableMetadata table, string set, JsonElement body)
    {
        var entity = ToEntity(table, set, body);
        var id = ((CreateResponse)Execute(request, new CreateRequest { Target = entity })).id;
        return Written(request, table, set, id, created: true);
    }

    private Result Written(ODataRequest request, TableMetadata table, string set, Guid id, bool created)
    {
        var location = $"{request.BaseUrl}{set}({id:D})";
        if (!request.ReturnRepresentation) return new Result(204, Headers: new() { ["OData-EntityId"] = location });
        var representation = Retrieve(request, table, set, id);
        return new Result(created ? 201 : 200, representation.Body, new() { ["OData-EntityId"] = location, ["Preference-Applied"] = "return=representation" });
    }

    /// <summary>
    /// Learn, "Update and delete table rows using the Web API": PATCH updates, or creates the row when it does not
    /// exist (upsert); If-Match: * prevents the create (404), If-None-Match: * prevents the update (412).
    /// </summary>
    private Result Upsert(ODataRequest request, TableMetadata table, string set, Guid id, JsonElement body)
    {
        var entity = ToEntity(table, set, body);
        entity.Id = id;
        entity[table.PrimaryIdColumn] = id;
        var exists = _org.Peek(table.LogicalName, id) is not null;
        var ifMatch = request.Http.Request.Headers.IfMatch.ToString();
        var ifNoneMatch = request.Http.Request.Headers.IfNoneMatch.ToString();
        if (ifMatch.Length > 0 && !exists)
            throw new WebApiError(404, "0x80040217", $"{table.LogicalName} With Id = {id:D} Does Not Exist");
        if (ifMatch.Length > 0 && ifMatch != "*")
        {
            var current = _org.Peek(table.LogicalName, id)!.GetAttributeValue<long?>("versionnumber");
            if ($"W/\"{current}\"" != ifMatch)
                throw new WebApiError(412, "0x80060882", "The version of the existing record doesn't match the RowVersion property provided.");
        }
        if (ifNoneMatch == "*" && exists)
            throw new WebApiError(412, "0x80040237", "A record with matching key values already exists.");
        if (exists) Execute(request, new UpdateRequest { Target = entity });
        else Execute(request, new CreateRequest { Target = entity });
        return Written(request, table, set, id, created: !exists);
    }

    private Result Delete(ODataRequest request, TableMetadata table, Guid id)
    {
        Execute(request, new DeleteRequest { Target = new EntityReference(table.LogicalName, id) });
        return new Result(204);
    }

    // ------------------------------------------------------------------ output

    private static async Task WriteAsync(HttpContext http, Result result)
    {
        http.Response.StatusCode = result.Status;
        if (result.Headers is not null) foreach (var (k, v) in result.Headers) http.Response.Headers[k] = v;
        if (result.RawBody is not null)
        {
            http.Response.ContentType = result.ContentType ?? "application/json";
            await http.Response.WriteAsync(result.RawBody, Encoding.UTF8);
        }
        else if (result.Body is not null)
        {
            http.Response.ContentType = "application/json; odata.metadata=minimal";
            await http.Response.WriteAsync(result.Body.ToJsonString(Json), Encoding.UTF8);
        }
    }
}
