using System.IO.Compression;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Dataverse.Local;
using Dataverse.Local.Metadata;
using Dataverse.Local.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Xrm.Sdk.Query;

namespace Dataverse.WebApi;

/// <summary>A user the shell can act as (the user switcher and &amp;user=domainname).</summary>
public sealed record ShellUser(Guid Id, string FullName, string DomainName)
{
    /// <summary>The names of the user's security roles, for Xrm's userSettings.roles.</summary>
    public IReadOnlyList<string> Roles { get; init; } = Array.Empty<string>();
}

/// <summary>
/// The browser shell: a model-driven app frame read from the solution itself. The site map of the solution's app,
/// the public views (saved queries) of each table, the main form laid out from its FormXml with its libraries and
/// OnLoad handlers, and the solution's web resources served under /WebResources/. It answers Dynamics' own
/// addresses (Learn, "Open forms, views, dialogs, and reports with a URL": main.aspx?pagetype=entityrecord|entitylist|webresource).
/// The page itself is a frame; shell.js draws it with text only (no markup from data) and gives the web
/// resources a real Xrm that calls the Web API over HTTP as the chosen user.
/// </summary>
public sealed class ShellSite
{
    private readonly LocalOrganization _org;
    private readonly EntitySets _sets;
    private readonly IReadOnlyList<ShellUser> _users;
    private readonly XElement? _customizations;
    private readonly Dictionary<string, byte[]> _webResources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _webResourceTypes = new(StringComparer.Ordinal);
    private readonly string? _appUniqueName;

    public ShellSite(LocalOrganization org, EntitySets sets, string solutionZip, IReadOnlyList<ShellUser> users)
    {
        _org = org;
        _sets = sets;
        _users = users;
        using var zip = ZipFile.OpenRead(solutionZip);
        var entry = zip.GetEntry("customizations.xml");
        if (entry is null) return;
        using (var stream = entry.Open()) _customizations = XElement.Load(stream);
        _appUniqueName = AppUniqueName(_customizations);
        foreach (var resource in _customizations.Descendants("WebResource"))
        {
            var name = (string?)resource.Element("Name");
            var file = ((string?)resource.Element("FileName"))?.TrimStart('/');
            var content = file is null ? null : zip.GetEntry(file);
            if (name is null || content is null) continue;
            using var input = content.Open();
            using var buffer = new MemoryStream();
            input.CopyTo(buffer);
            _webResources[name] = buffer.ToArray();
            _webResourceTypes[name] = (int?)resource.Element("WebResourceType") ?? 0;
        }
    }

    public IReadOnlyList<ShellUser> Users => _users;

    private const string SessionCookie = "WinBackShellUser";
    private const string LanguageCookie = "WinBackShellLcid";

    /// <summary>The shell user the browser session signed in as (main.aspx sets the cookie), or null.</summary>
    public Guid? SessionUser(HttpContext http) => SessionShellUser(http)?.Id;

    private ShellUser? SessionShellUser(HttpContext http) =>
        Guid.TryParse(http.Request.Cookies[SessionCookie], out var id) ? _users.FirstOrDefault(u => u.Id == id) : null;

    /// <summary>
    /// The app whose site map the shell shows: the solution's AppModule whose site map component (AppModuleComponent type
    /// 62) names the first AppModuleSiteMap, else the first AppModule.
    /// </summary>
    private static string? AppUniqueName(XElement customizations)
    {
        var apps = customizations.Elements("AppModules").Elements("AppModule").ToList();
        var siteMap = (string?)customizations.Elements("AppModuleSiteMaps").Elements("AppModuleSiteMap").FirstOrDefault()?.Element("SiteMapUniqueName");
        var app = apps.FirstOrDefault(a => a.Element("AppModuleComponents")?.Elements("AppModuleComponent")
            .Any(c => (string?)c.Attribute("type") == "62" && (string?)c.Attribute("schemaName") == siteMap) == true) ?? apps.FirstOrDefault();
        return ((string?)app?.Element("UniqueName"))?.Trim();
    }

    /// <summary>
    /// The shown app's appmoduleid, read as SYSTEM from the appmodule row the import gave it (the solution carries no id),
    /// or null when the solution has no app.
    /// </summary>
    public Guid? AppId()
    {
        if (string.IsNullOrEmpty(_appUniqueName)) return null;
        var query = new QueryExpression("appmodule") { ColumnSet = new ColumnSet("appmoduleid"), TopCount = 1 };
        query.Criteria.AddCondition("uniquename", ConditionOperator.Equal, _appUniqueName);
        return _org.SystemService.RetrieveMultiple(query).Entities.FirstOrDefault()?.Id;
    }

    /// <summary>The organization's base language (organization.languagecode), read as SYSTEM: organizationSettings.languageId.</summary>
    private int BaseLanguage() =>
        _org.SystemService.Retrieve("organization", _org.OrganizationId, new ColumnSet("languagecode")).GetAttributeValue<int?>("languagecode") ?? 1033;

    /// <summary>The app's address (Learn, "getCurrentAppUrl (Client API reference)": main.aspx?appid=[GUID]), relative to the origin.</summary>
    private static string? AppPath(Guid? appId) => appId is { } id ? "/main.aspx?appid=" + id.ToString("D") : null;

    /// <summary>
    /// ClientGlobalContext.js.aspx: Learn, "Client scripting in model-driven apps using JavaScript" / "GetGlobalContext
    /// function and ClientGlobalContext.js.aspx": an HTML web resource that is not on a form (a site-map page) has no Xrm;
    /// it references this page by a relative path and calls GetGlobalContext() for the client URL and the user's settings.
    /// Written for the session's user, with the same members the shell's Xrm.Utility.getGlobalContext() gives.
    /// </summary>
    private async Task ClientGlobalContextAsync(HttpContext http)
    {
        var user = SessionShellUser(http) ?? _users[0];
        var lcid = int.TryParse(http.Request.Cookies[LanguageCookie], out var l) && l > 0 ? l : 1033;
        var context = new JsonObject
        {
            ["userId"] = "{" + user.Id.ToString("D").ToUpperInvariant() + "}",
            ["userName"] = user.FullName,
            ["languageId"] = lcid,
            ["roles"] = new JsonArray(user.Roles.Select(r => (JsonNode?)new JsonObject { ["id"] = "", ["name"] = r, ["entityType"] = "role" }).ToArray()),
            ["organization"] = _org.OrganizationName,
            ["baseLanguage"] = BaseLanguage(),
            ["appPath"] = AppPath(AppId()),
        };
        var json = JsonSerializer.Serialize(context, new JsonSerializerOptions { Encoder = JavaScriptEncoder.Default });
        http.Response.ContentType = "text/javascript; charset=utf-8";
        await http.Response.WriteAsync($$"""
            (function () {
                "use strict";
                var c = {{json}};
                function collection(items) {
                    return {
                        get: function (i) { return typeof i === "number" ? items[i] : items.filter(function (x) { return x.name === i; })[0] || null; },
                        getAll: function () { return items.slice(); },
                        getLength: function () { return items.length; },
                        forEach: function (f) { items.forEach(function (x, i) { f(x, i); }); }
                    };
                }
                window.GetGlobalContext = function () {
                    return {
                        getClientUrl: function () { return window.location.origin; },
                        getVersion: function () { return "9.2.0.0"; },
                        // Learn, "getCurrentAppUrl (Client API reference)": the current app's URL, main.aspx?appid=[GUID].
                        getCurrentAppUrl: function () { return c.appPath ? window.location.origin + c.appPath : null; },
                        userSettings: { userId: c.userId, userName: c.userName, languageId: c.languageId, roles: collection(c.roles) },
                        // Learn, "organizationSettings (Client API reference)": languageId is the organization's base language.
                        organizationSettings: { uniqueName: c.organization, languageId: c.baseLanguage }
                    };
                };
            }());
            """);
    }

    /// <summary>/WebResources/{name}: the solution's web resource, with its type's content type.</summary>
    public async Task WebResourceAsync(HttpContext http, string name)
    {
        if (string.Equals(name, "ClientGlobalContext.js.aspx", StringComparison.OrdinalIgnoreCase))
        {
            await ClientGlobalContextAsync(http);
            return;
        }
        if (!_webResources.TryGetValue(name, out var content))
        {
            http.Response.StatusCode = 404;
            await http.Response.WriteAsync("No web resource named " + name + " in the solution.");
            return;
        }
        http.Response.ContentType = _webResourceTypes[name] switch
        {
            1 => "text/html; charset=utf-8", 2 => "text/css; charset=utf-8", 3 => "text/javascript; charset=utf-8",
            4 => "text/xml", 5 => "image/png", 6 => "image/jpeg", 7 => "image/gif", 10 => "image/x-icon", 11 => "image/svg+xml",
            _ => "application/octet-stream",
        };
        await http.Response.Body.WriteAsync(content);
    }

    /// <summary>/shell/shell.js and /shell/shell.css, embedded in this assembly.</summary>
    public static async Task AssetAsync(HttpContext http, string name)
    {
        using var stream = typeof(ShellSite).Assembly.GetManifestResourceStream("shell/" + name);
        if (stream is null)
        {
            http.Response.StatusCode = 404;
            return;
        }
        http.Response.ContentType = name.EndsWith(".css", StringComparison.Ordinal) ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
        await stream.CopyToAsync(http.Response.Body);
    }

    /// <summary>main.aspx: the app frame with the page's description as JSON data (never as markup).</summary>
    public async Task MainAsync(HttpContext http)
    {
        var q = http.Request.Query;
        var domain = q["user"].ToString();
        var user = domain.Length == 0 ? SessionShellUser(http) ?? _users[0] : _users.FirstOrDefault(u => string.Equals(u.DomainName, domain, StringComparison.OrdinalIgnoreCase));
        if (user is null)
        {
            http.Response.StatusCode = 404;
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync($"No user with domain name '{domain}'. Users: {string.Join(", ", _users.Select(u => u.DomainName))}.");
            return;
        }
        // appid names the app to open (Learn, "Open forms, views, dialogs, and reports with a URL"); without it the
        // organization's default app opens, here the solution's one app. An id of no app is refused.
        var appId = AppId();
        var askedApp = q["appid"].ToString();
        if (askedApp.Length > 0 && (!Guid.TryParse(askedApp.Trim('{', '}'), out var asked) || asked != appId))
        {
            http.Response.StatusCode = 404;
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync($"No app with id '{askedApp}' in this organization. " +
                (appId is { } id ? $"Open the app at main.aspx?appid={id:D}, or leave appid out." : "Leave appid out: the solution has no app."));
            return;
        }
        var pageType = q["pagetype"].ToString();
        var etn = q["etn"].ToString();
        var boot = new JsonObject
        {
            ["organization"] = _org.OrganizationName,
            ["baseLanguage"] = BaseLanguage(),
            ["appid"] = appId?.ToString("D"),
            ["user"] = UserJson(user),
            ["users"] = new JsonArray(_users.Select(u => (JsonNode)UserJson(u)).ToArray()),
            ["sets"] = new JsonObject(_sets.All.Select(p => KeyValuePair.Create(p.Value.LogicalName, (JsonNode?)JsonValue.Create(p.Key)))),
            ["sitemap"] = SiteMap(),
            ["pagetype"] = pageType.Length == 0 ? "entitylist" : pageType,
            ["etn"] = etn.Length == 0 ? FirstEntity() : etn,
            ["id"] = q["id"].ToString(),
            ["viewid"] = q["viewid"].ToString(),
            ["webresourceName"] = q["webresourceName"].ToString(),
        };
        var table = _org.Metadata.Table(boot["etn"]!.GetValue<string>());
        if (table is not null)
        {
            boot["table"] = new JsonObject
            {
                ["logicalName"] = table.LogicalName,
                ["displayName"] = table.DisplayName,
                ["primaryId"] = table.PrimaryIdColumn,
                ["primaryName"] = table.PrimaryNameColumn,
                ["columns"] = new JsonObject(table.Columns.Where(EntitySets.IsExposed).Select(c => KeyValuePair.Create(c.LogicalName,
                    (JsonNode?)ColumnJson(table, c)))),
            };
            // The form opens read-only when the user may not update the row, as a model-driven form does (getFormType 3).
            if (pageType == "entityrecord" && Guid.TryParse(q["id"].ToString().Trim('{', '}'), out var rowId))
                boot["access"] = new JsonObject { ["write"] = _org.HasAccess(user.Id, AccessRight.Write, table.LogicalName, rowId) };
            boot["views"] = Views(table.LogicalName);
            boot["form"] = Form(table.LogicalName);
            boot["commandbar"] = ShellCommandBar.For(_customizations, table.LogicalName, user.Id, _org);
        }
        // The user's language (Dynamics: Personalization settings), here chosen with &lcid=1031; English otherwise.
        boot["lcid"] = int.TryParse(q["lcid"].ToString(), out var lcid) && lcid > 0 ? lcid : 1033;
        // The browser session is signed in as this user: the session cookie authenticates the pages' own Web API
        // calls and ClientGlobalContext.js.aspx, as Dynamics' session does.
        var cookie = new CookieOptions { Path = "/", HttpOnly = true, SameSite = SameSiteMode.Strict };
        http.Response.Cookies.Append(SessionCookie, user.Id.ToString("D"), cookie);
        http.Response.Cookies.Append(LanguageCookie, ((int)boot["lcid"]!).ToString(System.Globalization.CultureInfo.InvariantCulture), cookie);
        var json = JsonSerializer.Serialize(boot, new JsonSerializerOptions { Encoder = JavaScriptEncoder.Default });
        // The page runs only its own script files: a content security policy refuses inline and foreign scripts.
        http.Response.Headers["Content-Security-Policy"] = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'self'; form-action 'self'";
        http.Response.Headers["X-Content-Type-Options"] = "nosniff";
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync($$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>WinBack - local Dataverse</title>
            <link rel="stylesheet" href="/shell/shell.css">
            <link rel="stylesheet" href="/shell/commandbar.css">
            </head>
            <body>
            <script type="application/json" id="wb-boot">{{json}}</script>
            <div id="shell"></div>
            <script src="/shell/commandbar.js"></script>
            <script src="/shell/shell.js"></script>
            </body>
            </html>
            """);
    }

    /// <summary>
    /// A column as the form needs it: its label, Web API property, type (the attribute types of Learn's
    /// "getAttributeType": string, memo, optionset, boolean, datetime, lookup, integer, decimal, double, money),
    /// its choices, length, requirement, whether a client may write it on update, and a lookup's navigation property.
    /// </summary>
    private JsonObject ColumnJson(TableMetadata table, ColumnMetadata c)
    {
        var json = new JsonObject
        {
            ["label"] = c.DisplayName.Length > 0 ? c.DisplayName : c.LogicalName,
            ["property"] = EntitySets.PropertyName(c),
            ["lookup"] = c.IsLookup,
            ["type"] = c.Kind switch
            {
                ColumnKind.String => "string", ColumnKind.Memo => "memo", ColumnKind.Boolean => "boolean", ColumnKind.DateTime => "datetime",
                ColumnKind.Picklist or ColumnKind.State or ColumnKind.Status => "optionset", ColumnKind.Integer or ColumnKind.BigInt => "integer",
                ColumnKind.Decimal => "decimal", ColumnKind.Double => "double", ColumnKind.Money => "money",
                ColumnKind.Lookup or ColumnKind.Customer or ColumnKind.Owner => "lookup", _ => "other",
            },
            ["dateOnly"] = c.IsDateOnly,
            ["required"] = c.Requirement is ColumnRequirement.ApplicationRequired or ColumnRequirement.SystemRequired,
            // statecode changes through SetState (not a form field); platform-managed columns are never written by a client.
            ["updatable"] = !c.IsPlatformManaged && c.Kind is not (ColumnKind.State or ColumnKind.Virtual or ColumnKind.UniqueIdentifier or ColumnKind.EntityName
                or ColumnKind.PartyList or ColumnKind.Image or ColumnKind.File or ColumnKind.Owner or ColumnKind.MultiSelectPicklist) && c.LogicalName != table.PrimaryIdColumn,
        };
        if (c.MaxLength is { } max) json["maxLength"] = max;
        if (c.IsChoice || c.Kind == ColumnKind.Boolean)
            json["options"] = new JsonArray(c.Options.Select(o => (JsonNode)new JsonObject { ["value"] = o.Value, ["label"] = o.Label, ["state"] = o.State }).ToArray());
        if (c.IsLookup)
        {
            var navigations = _sets.Navigations(table).Where(n => n.Column.LogicalName == c.LogicalName && n.Target is not null).ToList();
            if (navigations.Count > 0) { json["navigation"] = navigations[0].Name; json["target"] = navigations[0].Target; }
            if (navigations.Count > 1)
                json["navigations"] = new JsonObject(navigations.GroupBy(n => n.Target!).Select(g => KeyValuePair.Create(g.Key, (JsonNode?)JsonValue.Create(g.First().Name))));
        }
        return json;
    }


    private static JsonObject UserJson(ShellUser u) => new()
    {
        ["id"] = u.Id.ToString("D"), ["name"] = u.FullName, ["domainname"] = u.DomainName,
        ["roles"] = new JsonArray(u.Roles.Select(r => (JsonNode?)JsonValue.Create(r)).ToArray()),
    };

    private IEnumerable<XElement> Entities() => _customizations?.Element("Entities")?.Elements("Entity") ?? Enumerable.Empty<XElement>();

    private string FirstEntity() =>
        (string?)_customizations?.Descendants("SubArea").FirstOrDefault()?.Attribute("Entity") ?? "account";

    private JsonArray SiteMap()
    {
        var areas = new JsonArray();
        var siteMap = _customizations?.Descendants("SiteMap").FirstOrDefault();
        if (siteMap is null) return areas;
        foreach (var area in siteMap.Elements("Area"))
        {
            var groups = new JsonArray();
            foreach (var group in area.Elements("Group"))
            {
                var items = new JsonArray();
                foreach (var sub in group.Elements("SubArea"))
                    items.Add(new JsonObject { ["title"] = Title(sub), ["entity"] = (string?)sub.Attribute("Entity") ?? "", ["url"] = (string?)sub.Attribute("Url") ?? "" });
                groups.Add(new JsonObject { ["title"] = Title(group), ["items"] = items });
            }
            areas.Add(new JsonObject { ["title"] = Title(area), ["groups"] = groups });
        }
        return areas;
    }

    private static string Title(XElement element) =>
        (string?)element.Element("Titles")?.Elements("Title").FirstOrDefault()?.Attribute("Title") ?? (string?)element.Attribute("Id") ?? "";

    private JsonArray Views(string table)
    {
        var views = new JsonArray();
        foreach (var entity in Entities().Where(e => string.Equals((string?)e.Element("Name"), table, StringComparison.OrdinalIgnoreCase)))
        {
            foreach (var query in entity.Descendants("savedquery").Where(q => (string?)q.Element("querytype") == "0"))
            {
                var fetch = query.Element("fetchxml")?.Elements().FirstOrDefault();
                if (fetch is null) continue;
                views.Add(new JsonObject
                {
                    ["id"] = ((string?)query.Element("savedqueryid") ?? "").Trim('{', '}'),
                    ["name"] = (string?)query.Descendants("LocalizedName").FirstOrDefault()?.Attribute("description") ?? "View",
                    ["fetchxml"] = fetch.ToString(SaveOptions.DisableFormatting),
                    ["columns"] = new JsonArray(query.Descendants("cell").Select(c => (JsonNode?)JsonValue.Create((string?)c.Attribute("name") ?? "")).ToArray()),
                });
            }
        }
        return views;
    }

    private JsonObject? Form(string table)
    {
        var form = Entities().Where(e => string.Equals((string?)e.Element("Name"), table, StringComparison.OrdinalIgnoreCase))
            .SelectMany(e => e.Descendants("forms")).Where(f => (string?)f.Attribute("type") == "main")
            .SelectMany(f => f.Elements("systemform")).FirstOrDefault()?.Element("form");
        if (form is null) return null;
        var tabs = new JsonArray();
        foreach (var tab in form.Descendants("tab"))
        {
            var sections = new JsonArray();
            foreach (var section in tab.Descendants("section"))
            {
                var controls = new JsonArray();
                foreach (var cell in section.Descendants("cell"))
                {
                    var control = cell.Element("control");
                    if (control is null) continue;
                    var webResource = control.Element("parameters")?.Element("Url");
                    controls.Add(new JsonObject
                    {
                        ["id"] = (string?)control.Attribute("id") ?? "",
                        ["field"] = (string?)control.Attribute("datafieldname") ?? "",
                        ["label"] = Label(cell),
                        ["webresource"] = (string?)webResource ?? "",
                        // The cell's height in form rows: the shell draws a web resource as tall as its section gives it.
                        ["rows"] = (int?)cell.Attribute("rowspan") ?? 1,
                    });
                }
                sections.Add(new JsonObject { ["name"] = (string?)section.Attribute("name") ?? "", ["label"] = Label(section), ["controls"] = controls });
            }
            tabs.Add(new JsonObject { ["name"] = (string?)tab.Attribute("name") ?? "", ["label"] = Label(tab), ["sections"] = sections });
        }
        var handlers = new JsonArray();
        foreach (var handler in form.Descendants("event").Where(e => (string?)e.Attribute("name") == "onload").SelectMany(e => e.Descendants("Handler")))
            handlers.Add(new JsonObject
            {
                ["library"] = (string?)handler.Attribute("libraryName") ?? "",
                ["function"] = (string?)handler.Attribute("functionName") ?? "",
                ["pass"] = (string?)handler.Attribute("passExecutionContext") == "true",
            });
        return new JsonObject
        {
            ["tabs"] = tabs,
            ["libraries"] = new JsonArray(form.Descendants("Library").Select(l => (JsonNode?)JsonValue.Create((string?)l.Attribute("name") ?? "")).ToArray()),
            ["onload"] = handlers,
        };
    }

    private static string Label(XElement element) =>
        (string?)element.Element("labels")?.Elements("label").FirstOrDefault()?.Attribute("description") ?? "";
}
