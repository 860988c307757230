using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dataverse.Local;
using Dataverse.Local.Pipeline;
using Microsoft.Xrm.Sdk;

namespace Dataverse.WebApi;

public sealed partial class ODataService
{
    /// <summary>
    /// Actions and functions (Learn, "Use Web API actions" and "Use Web API functions"; Custom APIs: "Create and use
    /// Custom APIs"). A resource that is not an entity set is the name of an operation: a Custom API takes its declared
    /// parameters with their types, a message Dataverse exposes as an action (CloseIncident, WinOpportunity,
    /// LoseOpportunity) takes the parameters that action declares, and anything else is a segment the service does
    /// not have (404). Bound operations get the row as Target.
    /// </summary>
    private async Task<Result> OperationAsync(ODataRequest request, string name, string? args, EntityReference? bound)
    {
        var api = _org.CustomApis.FirstOrDefault(a => string.Equals(a.UniqueName, name, StringComparison.Ordinal));
        if (api is null && bound is null && MessageAction.Find(name) is { } action)
        {
            if (request.Method != "POST") throw WebApiError.MethodNotAllowed(request.Method);
            if (args is not null) throw WebApiError.SegmentNotFound(name);
            return ActionResult(request, name, Execute(request, await ActionRequestAsync(request, action)));
        }
        // A message the Web API exposes no action for (SetState, Upsert, ExecuteMultiple ...) is not a resource of the service.
        if (api is null) throw WebApiError.SegmentNotFound(name);
        if ((api.BindingType == 1) != (bound is not null) || bound is not null && api.BoundTable != bound.LogicalName)
            throw WebApiError.SegmentNotFound(bound is null ? name : "Microsoft.Dynamics.CRM." + name);
        if (request.Method != (api.IsFunction ? "GET" : "POST")) throw WebApiError.MethodNotAllowed(request.Method);

        var message = new OrganizationRequest(name);
        if (bound is not null) message.Parameters["Target"] = bound;
        if (request.Method == "POST")
        {
            var body = await ReadBodyAsync(request, name);
            foreach (var property in body.EnumerateObject())
            {
                if (property.Name.Contains('@')) continue;
                var field = api.RequestParameters.FirstOrDefault(p => p.UniqueName == property.Name)
                    ?? throw WebApiError.Payload(name, $"The parameter '{property.Name}' in the request payload is not a valid parameter for the operation '{name}'.");
                message.Parameters[property.Name] = ApiValue(name, field, property.Value);
            }
        }
        else if (!string.IsNullOrWhiteSpace(args))
        {
            foreach (var pair in ODataRequest.SplitTop(args))
            {
                var eq = pair.IndexOf('=');
                if (eq <= 0) throw WebApiError.Query("Bad Request - Error in query syntax.");
                var key = pair[..eq].Trim();
                var text = pair[(eq + 1)..].Trim();
                if (text.StartsWith('@') && request.Http.Request.Query.TryGetValue(text, out var alias)) text = alias.ToString();
                var field = api.RequestParameters.FirstOrDefault(p => p.UniqueName == key)
                    ?? throw WebApiError.Query($"The parameter '{key}' is not a valid parameter for the function '{name}'.");
                using var json = JsonDocument.Parse(text.StartsWith('\'') ? JsonSerializer.Serialize(text.Trim('\'').Replace("''", "'")) : text);
                message.Parameters[key] = ApiValue(name, field, json.RootElement.Clone());
            }
        }

        return ActionResult(request, name, Execute(request, message));
    }

    private Result ActionResult(ODataRequest request, string name, OrganizationResponse response)
    {
        if (response.Results.Count == 0) return new Result(204);
        var result = new JsonObject { ["@odata.context"] = $"{request.BaseUrl}$metadata#Microsoft.Dynamics.CRM.{name}Response" };
        foreach (var (key, value) in response.Results) result[key] = ResponseValue(value);
        return new Result(200, result);
    }

    /// <summary>
    /// The unbound actions Dataverse's Web API exposes for messages the local organization implements, with their
    /// parameters as Learn's "Web API Action reference" declares them (CloseIncident: IncidentResolution
    /// mscrm.incidentresolution and Status Edm.Int32; WinOpportunity and LoseOpportunity: OpportunityClose
    /// mscrm.opportunityclose and Status Edm.Int32). An entity parameter is read as a row of its declared type
    /// (lookups by their navigation properties, e.g. incidentid@odata.bind); Status becomes the OptionSetValue the
    /// organization service's request carries.
    /// </summary>
    internal sealed record MessageAction(string Name, string EntityParameter, string EntityTable)
    {
        private static readonly MessageAction[] All =
        {
            new("CloseIncident", "IncidentResolution", "incidentresolution"),
            new("WinOpportunity", "OpportunityClose", "opportunityclose"),
            new("LoseOpportunity", "OpportunityClose", "opportunityclose"),
        };

        public static IEnumerable<MessageAction> Each => All;

        public static MessageAction? Find(string name) => All.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.Ordinal));
    }

    private async Task<OrganizationRequest> ActionRequestAsync(ODataRequest request, MessageAction action)
    {
        var body = await ReadBodyAsync(request, action.Name);
        var message = new OrganizationRequest(action.Name);
        foreach (var property in body.EnumerateObject())
        {
            if (property.Name.Contains('@')) continue;
            if (property.Name == action.EntityParameter)
            {
                var table = _org.Metadata.Table(action.EntityTable)!;
                if (property.Value.ValueKind != JsonValueKind.Object)
                    throw WebApiError.Payload(action.Name, $"Cannot convert the literal '{property.Value.GetRawText()}' to the expected type 'Microsoft.Dynamics.CRM.{table.LogicalName}'.");
                if (property.Value.TryGetProperty("@odata.type", out var type) && type.GetString()?.TrimStart('#') != "Microsoft.Dynamics.CRM." + table.LogicalName)
                    throw WebApiError.Payload(action.Name, $"A resource of type '{type.GetString()?.TrimStart('#')}' was found, but a resource of type 'Microsoft.Dynamics.CRM.{table.LogicalName}' was expected for the parameter '{action.EntityParameter}'.");
                message[action.EntityParameter] = ToEntity(table, action.Name, property.Value);
            }
            else if (property.Name == "Status")
            {
                if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetInt32(out var status))
                    throw WebApiError.Payload(action.Name, $"Cannot convert the literal '{property.Value.GetRawText()}' to the expected type 'Edm.Int32'.");
                message["Status"] = new OptionSetValue(status);
            }
            else
            {
                throw WebApiError.Payload(action.Name, $"The parameter '{property.Name}' in the request payload is not a valid parameter for the operation '{action.Name}'.");
            }
        }
        // Both parameters are non-nullable: the OData reader's own wording for a missing one.
        var missing = new[] { action.EntityParameter, "Status" }.Where(p => !message.Parameters.Contains(p)).ToList();
        if (missing.Count > 0)
            throw WebApiError.Payload(action.Name, $"One or more parameters of the operation '{action.Name}' are missing from the request payload. The missing parameters are: {string.Join(", ", missing)}.");
        return message;
    }

    private object? ApiValue(string operation, ApiField field, JsonElement json)
    {
        if (json.ValueKind == JsonValueKind.Null) return null;
        object? value = field.Type switch
        {
            ApiFieldType.Boolean when json.ValueKind is JsonValueKind.True or JsonValueKind.False => json.GetBoolean(),
            ApiFieldType.Integer when json.ValueKind == JsonValueKind.Number && json.TryGetInt32(out var i) => i,
            ApiFieldType.Decimal when json.ValueKind == JsonValueKind.Number => json.GetDecimal(),
            ApiFieldType.Float when json.ValueKind == JsonValueKind.Number => json.GetDouble(),
            ApiFieldType.Money when json.ValueKind == JsonValueKind.Number => new Money(json.GetDecimal()),
            ApiFieldType.Picklist when json.ValueKind == JsonValueKind.Number && json.TryGetInt32(out var o) => new OptionSetValue(o),
            ApiFieldType.String when json.ValueKind == JsonValueKind.String => json.GetString(),
            ApiFieldType.Guid when json.ValueKind == JsonValueKind.String && Guid.TryParse(json.GetString(), out var g) => g,
            ApiFieldType.DateTime when json.ValueKind == JsonValueKind.String && EntitySets.TryDate(json.GetString()!, out var t) => t,
            ApiFieldType.StringArray when json.ValueKind == JsonValueKind.Array => json.EnumerateArray().Select(e => e.GetString() ?? "").ToArray(),
            ApiFieldType.EntityReference or ApiFieldType.Entity when json.ValueKind == JsonValueKind.Object => MessageValue(operation, json),
            _ => null,
        };
        return value ?? throw WebApiError.Payload(operation, $"Cannot convert the literal '{json.GetRawText()}' to the expected type of parameter '{field.UniqueName}' ({field.Type}).");
    }

    /// <summary>A parameter of a message that is not a Custom API: a typed row (@odata.type) becomes an Entity, other values keep their JSON type.</summary>
    private object? MessageValue(string operation, JsonElement json)
    {
        switch (json.ValueKind)
        {
            case JsonValueKind.Null: return null;
            case JsonValueKind.String: return json.GetString();
            case JsonValueKind.True or JsonValueKind.False: return json.GetBoolean();
            case JsonValueKind.Number: return json.TryGetInt32(out var i) ? i : json.GetDecimal();
            case JsonValueKind.Object:
            {
                var type = json.TryGetProperty("@odata.type", out var t) ? t.GetString() ?? "" : "";
                var logical = type.StartsWith("Microsoft.Dynamics.CRM.", StringComparison.Ordinal) ? type["Microsoft.Dynamics.CRM.".Length..] :
                              type.StartsWith("#Microsoft.Dynamics.CRM.", StringComparison.Ordinal) ? type["#Microsoft.Dynamics.CRM.".Length..] : null;
                var table = logical is null ? null : _org.Metadata.Table(logical);
                if (table is null)
                    throw WebApiError.Payload(operation, "A row passed to an operation needs \"@odata.type\": \"Microsoft.Dynamics.CRM.<table>\".");
                var set = _sets.SetOf(table.LogicalName) ?? table.LogicalName;
                var entity = ToEntity(table, set, json);
                if (entity.Contains(table.PrimaryIdColumn) && entity[table.PrimaryIdColumn] is Guid id)
                {
                    // An object holding only the row's id is a reference to the row (Learn, "Use Web API actions").
                    if (entity.Attributes.Count == 1) return new EntityReference(table.LogicalName, id);
                    entity.Id = id;
                }
                return entity;
            }
            default:
                throw WebApiError.Payload(operation, $"The value '{json.GetRawText()}' is not a parameter value this service can read.");
        }
    }

    private JsonNode? ResponseValue(object? value)
    {
        switch (value)
        {
            case Entity entity:
            {
                var table = _org.Metadata.Table(entity.LogicalName);
                var item = new JsonObject { ["@odata.type"] = "#Microsoft.Dynamics.CRM." + entity.LogicalName };
                foreach (var (key, raw) in entity.Attributes)
                {
                    var column = table?.Column(key);
                    item[column is not null ? EntitySets.PropertyName(column) : key] = EntitySets.ToJson(raw);
                }
                return item;
            }
            case EntityReference reference:
            {
                var table = _org.Metadata.Table(reference.LogicalName);
                return new JsonObject
                {
                    ["@odata.type"] = "#Microsoft.Dynamics.CRM." + reference.LogicalName,
                    [table?.PrimaryIdColumn ?? reference.LogicalName + "id"] = reference.Id.ToString("D"),
                };
            }
            case EntityCollection collection:
                return new JsonArray(collection.Entities.Select(e => ResponseValue(e)).ToArray());
            case string[] strings:
                return new JsonArray(strings.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray());
            default:
                return EntitySets.ToJson(value);
        }
    }
}
