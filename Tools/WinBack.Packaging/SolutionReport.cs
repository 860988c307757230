using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using WinBack.Packaging.Model;

namespace WinBack.Packaging;

/// <summary>
/// What a solution contains, for people (text) and for scripts (JSON): its tables, the columns it adds to
/// existing tables, plug-in types, steps, Custom APIs, web resources, security roles and environment variables.
/// </summary>
public static class SolutionReport
{
    public static string StageName(int stage) => stage switch
    {
        10 => "PreValidation",
        20 => "PreOperation",
        30 => "MainOperation",
        40 => "PostOperation",
        _ => $"stage {stage}",
    };

    public static string ModeName(int mode) => mode == 1 ? "asynchronous" : "synchronous";

    public static string ImageTypeName(int type) => type switch { 0 => "pre", 1 => "post", 2 => "pre and post", _ => $"type {type}" };

    public static string BindingName(int binding) => binding switch { 0 => "Global", 1 => "Entity", 2 => "EntityCollection", _ => $"binding {binding}" };

    public static string WebResourceTypeName(int type) => type switch
    {
        1 => "HTML", 2 => "CSS", 3 => "JavaScript", 4 => "XML", 5 => "PNG", 6 => "JPG", 7 => "GIF", 8 => "Silverlight (XAP)",
        9 => "XSL", 10 => "ICO", 11 => "SVG", 12 => "RESX", _ => $"type {type}",
    };

    private static IEnumerable<(TableModel Table, ColumnModel Column)> AddedColumns(SolutionModel model) =>
        model.Tables.Where(t => !t.IsCustomTable).SelectMany(t => t.Columns.Select(c => (t, c)));

    private static IEnumerable<(PluginAssemblyModel Assembly, PluginTypeModel Type)> PluginTypes(SolutionModel model) =>
        model.PluginAssemblies.SelectMany(a => a.Types.Select(t => (a, t)));

    // ---- text --------------------------------------------------------------------------------------

    public static string Text(SolutionModel model, string source)
    {
        var w = new StringBuilder();
        void Line(string text = "") => w.Append(text).Append('\n');

        Line(model.UniqueName.Length > 0
            ? $"Solution     {model.UniqueName} {model.Version} ({(model.Managed ? "managed" : "unmanaged")})"
            : "Solution     (no solution manifest: components only)");
        if (model.DisplayName.Length > 0 && model.DisplayName != model.UniqueName) Line($"Name         {model.DisplayName}");
        if (model.Publisher.UniqueName.Length > 0)
        {
            Line($"Publisher    {model.Publisher.UniqueName} (prefix {model.Publisher.Prefix}, choice values from {model.Publisher.OptionValuePrefix}0000)");
        }
        Line($"Read from    {source}");

        var custom = model.Tables.Where(t => t.IsCustomTable).ToList();
        Line();
        Line($"Tables ({custom.Count})");
        foreach (var t in custom)
        {
            Line($"  {t.LogicalName}  \"{t.DisplayName}\"  {t.Ownership.ToString().ToLowerInvariant()}-owned{(t.IsActivity ? " activity" : "")}, " +
                 $"{t.Columns.Count} columns, id {t.PrimaryIdColumn}, name {(t.PrimaryNameColumn.Length > 0 ? t.PrimaryNameColumn : "-")}");
        }

        var added = AddedColumns(model).ToList();
        Line();
        Line($"Columns added to existing tables ({added.Count})");
        foreach (var (t, c) in added) Line($"  {t.LogicalName}.{c.LogicalName}  {Describe(c)}  \"{c.DisplayName}\"");

        var types = PluginTypes(model).ToList();
        Line();
        Line($"Plug-in assemblies ({model.PluginAssemblies.Count}), types ({types.Count})");
        foreach (var a in model.PluginAssemblies)
        {
            Line($"  {a.FullName}  id {a.Id}{(a.Content is null ? "  (assembly file not in this copy)" : $"  {a.Content.Length:N0} bytes")}");
            foreach (var t in a.Types) Line($"    {t.TypeName}");
        }

        Line();
        Line($"Steps ({model.Steps.Count})");
        foreach (var s in model.Steps)
        {
            Line($"  {s.Message} of {(s.PrimaryTable.Length > 0 ? s.PrimaryTable : "any table")}  {StageName(s.Stage)} ({s.Stage}), {ModeName(s.Mode)}, rank {s.Rank}  -> {s.PluginTypeName ?? "(plug-in type not in this solution)"}");
            if (s.Name.Length > 0) Line($"      step \"{s.Name}\"  id {s.Id}");
            if (s.FilteringAttributes.Count > 0) Line($"      filtering attributes: {string.Join(", ", s.FilteringAttributes)}");
            foreach (var i in s.Images)
            {
                Line($"      {ImageTypeName(i.ImageType)}-image {i.EntityAlias}: {(i.Attributes.Count > 0 ? string.Join(", ", i.Attributes) : "all columns")}");
            }
        }

        Line();
        Line($"Custom APIs ({model.CustomApis.Count})");
        foreach (var api in model.CustomApis)
        {
            var binding = api.BindingType == 0 ? "unbound" : $"bound to {(api.BindingType == 2 ? "a collection of " : "")}{api.BoundTable}";
            Line($"  {api.UniqueName}  \"{api.DisplayName}\"  {(api.IsFunction ? "function" : "action")}, {binding}{(api.IsPrivate ? ", private" : "")}  -> {api.PluginTypeName ?? "(plug-in type not in this solution)"}");
            if (api.ExecutePrivilegeName is not null) Line($"      needs privilege {api.ExecutePrivilegeName}");
            foreach (var p in api.RequestParameters) Line($"      in   {p.UniqueName}  {p.Type}{(p.Table is null ? "" : $" ({p.Table})")}{(p.IsOptional ? ", optional" : "")}");
            foreach (var p in api.ResponseProperties) Line($"      out  {p.UniqueName}  {p.Type}{(p.Table is null ? "" : $" ({p.Table})")}");
        }

        Line();
        Line($"Web resources ({model.WebResources.Count})");
        foreach (var r in model.WebResources) Line($"  {r.Name}  {WebResourceTypeName(r.Type)}  \"{r.DisplayName}\"");

        Line();
        Line($"Security roles ({model.Roles.Count})");
        foreach (var r in model.Roles)
        {
            Line($"  {r.Name}  ({r.Privileges.Count} privileges)");
            foreach (var p in r.Privileges) Line($"      {p.Name}  {p.Depth}");
        }

        Line();
        Line($"Environment variables ({model.EnvironmentVariables.Count})");
        foreach (var v in model.EnvironmentVariables)
        {
            Line($"  {v.SchemaName}  {v.Type}  \"{v.DisplayName}\"");
            if (v.DefaultValue is not null) Line($"      default: {OneLine(v.DefaultValue)}");
            if (v.Value is not null) Line($"      value:   {OneLine(v.Value)}");
        }
        return w.ToString();
    }

    private static string OneLine(string value)
    {
        var flat = string.Join(" ", value.Split(new[] { '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));
        return flat.Length > 100 ? flat[..97] + "..." : flat;
    }

    private static string Describe(ColumnModel c)
    {
        var text = c.Type.ToString();
        if (c.MaxLength is { } max && c.Type is ColumnType.String or ColumnType.Memo) text += $"({max})";
        if (c.Type is ColumnType.Integer or ColumnType.Decimal or ColumnType.Money or ColumnType.Double && (c.MinValue is not null || c.MaxValue is not null))
        {
            text += $" {c.MinValue}..{c.MaxValue}";
        }
        if (c.Targets.Count > 0) text += " -> " + string.Join(", ", c.Targets);
        if (c.Options.Count > 0) text += " [" + string.Join(", ", c.Options.Select(o => $"{o.Value} {o.Label}")) + "]";
        return text;
    }

    // ---- JSON --------------------------------------------------------------------------------------

    public static string Json(SolutionModel model)
    {
        static JsonArray Strings(IEnumerable<string> items) => new(items.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray());

        var root = new JsonObject
        {
            ["uniqueName"] = model.UniqueName,
            ["displayName"] = model.DisplayName,
            ["version"] = model.Version,
            ["managed"] = model.Managed,
            ["publisher"] = new JsonObject
            {
                ["uniqueName"] = model.Publisher.UniqueName,
                ["prefix"] = model.Publisher.Prefix,
                ["optionValuePrefix"] = model.Publisher.OptionValuePrefix,
            },
            ["tables"] = new JsonArray(model.Tables.Select(t => (JsonNode?)new JsonObject
            {
                ["logicalName"] = t.LogicalName,
                ["displayName"] = t.DisplayName,
                ["isCustomTable"] = t.IsCustomTable,
                ["ownership"] = t.Ownership.ToString(),
                ["isActivity"] = t.IsActivity,
                ["primaryIdColumn"] = t.PrimaryIdColumn,
                ["primaryNameColumn"] = t.PrimaryNameColumn,
                ["columns"] = Strings(t.Columns.Select(c => c.LogicalName)),
            }).ToArray()),
            ["columns"] = new JsonArray(AddedColumns(model).Select(x => (JsonNode?)new JsonObject
            {
                ["table"] = x.Table.LogicalName,
                ["logicalName"] = x.Column.LogicalName,
                ["displayName"] = x.Column.DisplayName,
                ["type"] = x.Column.Type.ToString(),
                ["requiredLevel"] = x.Column.RequiredLevel.ToString(),
                ["maxLength"] = x.Column.MaxLength,
                ["minValue"] = x.Column.MinValue,
                ["maxValue"] = x.Column.MaxValue,
                ["targets"] = Strings(x.Column.Targets),
                ["options"] = new JsonArray(x.Column.Options.Select(o => (JsonNode?)new JsonObject { ["value"] = o.Value, ["label"] = o.Label }).ToArray()),
            }).ToArray()),
            ["pluginAssemblies"] = new JsonArray(model.PluginAssemblies.Select(a => (JsonNode?)new JsonObject
            {
                ["name"] = a.Name,
                ["fullName"] = a.FullName,
                ["id"] = a.Id.ToString("D"),
                ["fileName"] = a.FileName,
                ["hasContent"] = a.Content is not null,
            }).ToArray()),
            ["pluginTypes"] = new JsonArray(PluginTypes(model).Select(x => (JsonNode?)new JsonObject
            {
                ["assembly"] = x.Assembly.Name,
                ["typeName"] = x.Type.TypeName,
                ["id"] = x.Type.Id.ToString("D"),
                ["friendlyName"] = x.Type.FriendlyName,
            }).ToArray()),
            ["steps"] = new JsonArray(model.Steps.Select(s => (JsonNode?)new JsonObject
            {
                ["id"] = s.Id.ToString("D"),
                ["name"] = s.Name,
                ["message"] = s.Message,
                ["table"] = s.PrimaryTable,
                ["stage"] = s.Stage,
                ["stageName"] = StageName(s.Stage),
                ["mode"] = s.Mode,
                ["modeName"] = ModeName(s.Mode),
                ["rank"] = s.Rank,
                ["pluginType"] = s.PluginTypeName,
                ["unsecureConfiguration"] = s.UnsecureConfiguration,
                ["filteringAttributes"] = Strings(s.FilteringAttributes),
                ["images"] = new JsonArray(s.Images.Select(i => (JsonNode?)new JsonObject
                {
                    ["name"] = i.Name,
                    ["entityAlias"] = i.EntityAlias,
                    ["imageType"] = i.ImageType,
                    ["imageTypeName"] = ImageTypeName(i.ImageType),
                    ["messagePropertyName"] = i.MessagePropertyName,
                    ["attributes"] = Strings(i.Attributes),
                }).ToArray()),
            }).ToArray()),
            ["customApis"] = new JsonArray(model.CustomApis.Select(a => (JsonNode?)new JsonObject
            {
                ["uniqueName"] = a.UniqueName,
                ["displayName"] = a.DisplayName,
                ["description"] = a.Description,
                ["bindingType"] = BindingName(a.BindingType),
                ["boundTable"] = a.BoundTable,
                ["isFunction"] = a.IsFunction,
                ["isPrivate"] = a.IsPrivate,
                ["allowedProcessingStepType"] = a.AllowedProcessingStepType,
                ["pluginType"] = a.PluginTypeName,
                ["executePrivilegeName"] = a.ExecutePrivilegeName,
                ["requestParameters"] = Parameters(a.RequestParameters, withOptional: true),
                ["responseProperties"] = Parameters(a.ResponseProperties, withOptional: false),
            }).ToArray()),
            ["webResources"] = new JsonArray(model.WebResources.Select(r => (JsonNode?)new JsonObject
            {
                ["name"] = r.Name,
                ["displayName"] = r.DisplayName,
                ["type"] = r.Type,
                ["typeName"] = WebResourceTypeName(r.Type),
                ["hasContent"] = r.Content is not null,
            }).ToArray()),
            ["roles"] = new JsonArray(model.Roles.Select(r => (JsonNode?)new JsonObject
            {
                ["name"] = r.Name,
                ["id"] = r.Id.ToString("D"),
                ["privileges"] = new JsonArray(r.Privileges.Select(p => (JsonNode?)new JsonObject { ["name"] = p.Name, ["depth"] = p.Depth.ToString() }).ToArray()),
            }).ToArray()),
            ["environmentVariables"] = new JsonArray(model.EnvironmentVariables.Select(v => (JsonNode?)new JsonObject
            {
                ["schemaName"] = v.SchemaName,
                ["displayName"] = v.DisplayName,
                ["type"] = v.Type.ToString(),
                ["defaultValue"] = v.DefaultValue,
                ["value"] = v.Value,
            }).ToArray()),
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    private static JsonArray Parameters(IEnumerable<CustomApiParameterModel> parameters, bool withOptional) =>
        new(parameters.Select(p =>
        {
            var o = new JsonObject
            {
                ["uniqueName"] = p.UniqueName,
                ["displayName"] = p.DisplayName,
                ["type"] = p.Type.ToString(),
            };
            if (withOptional) o["isOptional"] = p.IsOptional;
            o["table"] = p.Table;
            return (JsonNode?)o;
        }).ToArray());
}
