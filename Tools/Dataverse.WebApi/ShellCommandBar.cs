using System.Text.Json.Nodes;
using System.Xml.Linq;
using Dataverse.Local;
using Dataverse.Local.Security;

namespace Dataverse.WebApi;

/// <summary>
/// The main form's command bar as the shell draws it, read from the table's RibbonDiffXml in the packed solution:
/// every CustomAction on the form's command bar (Location Mscrm.Form.&lt;table&gt;.*), its button's labels per LCID
/// from LocLabels, the JavaScriptFunction its command runs with its CrmParameters, and its rules. Display rules
/// that depend on the user (EntityPrivilegeRule) are decided here for the user the page is drawn for, as Dataverse
/// decides them from the user's roles; FormStateRule and CustomRule are left to the page (Shell/commandbar.js), which
/// calls the library's functions with the form context as Unified Interface does. A rule kind the shell does not model
/// is named, and hides its button, rather than being taken as true.
/// </summary>
public static class ShellCommandBar
{
    private const string WebResourcePrefix = "$webresource:";
    private const string LocLabelPrefix = "$LocLabels:";

    public static JsonObject For(XElement? customizations, string table, Guid userId, LocalOrganization org)
    {
        var buttons = new JsonArray();
        var ribbon = customizations?.Element("Entities")?.Elements("Entity")
            .FirstOrDefault(e => string.Equals((string?)e.Element("Name"), table, StringComparison.OrdinalIgnoreCase))?.Element("RibbonDiffXml");
        if (ribbon is null) return new JsonObject { ["buttons"] = buttons };

        var labels = ribbon.Element("LocLabels")?.Elements("LocLabel").ToDictionary(l => (string?)l.Attribute("Id") ?? "",
            l => l.Element("Titles")?.Elements("Title").ToDictionary(t => (string?)t.Attribute("languagecode") ?? "", t => (string?)t.Attribute("description") ?? "")
                 ?? new Dictionary<string, string>()) ?? new();
        var commands = ribbon.Element("CommandDefinitions")?.Elements("CommandDefinition").ToDictionary(c => (string?)c.Attribute("Id") ?? "") ?? new();
        var rules = ribbon.Element("RuleDefinitions");
        var enableRules = rules?.Element("EnableRules")?.Elements("EnableRule").ToDictionary(r => (string?)r.Attribute("Id") ?? "") ?? new();
        var displayRules = rules?.Element("DisplayRules")?.Elements("DisplayRule").ToDictionary(r => (string?)r.Attribute("Id") ?? "") ?? new();
        var formLocation = $"Mscrm.Form.{table}.";

        foreach (var action in ribbon.Element("CustomActions")?.Elements("CustomAction") ?? Enumerable.Empty<XElement>())
        {
            if (!((string?)action.Attribute("Location") ?? "").StartsWith(formLocation, StringComparison.OrdinalIgnoreCase)) continue;
            var button = action.Element("CommandUIDefinition")?.Element("Button");
            if (button is null) continue;
            var unsupported = new JsonArray();
            commands.TryGetValue((string?)button.Attribute("Command") ?? "", out var command);
            if (command is null) unsupported.Add($"command {(string?)button.Attribute("Command")} is not defined");

            var enable = new JsonArray();
            foreach (var reference in command?.Element("EnableRules")?.Elements("EnableRule") ?? Enumerable.Empty<XElement>())
            {
                if (!enableRules.TryGetValue((string?)reference.Attribute("Id") ?? "", out var rule)) { unsupported.Add($"enable rule {(string?)reference.Attribute("Id")} is not defined"); continue; }
                foreach (var r in rule.Elements()) enable.Add(Rule(r, org, userId, unsupported));
            }
            var display = new JsonArray();
            foreach (var reference in command?.Element("DisplayRules")?.Elements("DisplayRule") ?? Enumerable.Empty<XElement>())
            {
                if (!displayRules.TryGetValue((string?)reference.Attribute("Id") ?? "", out var rule)) { unsupported.Add($"display rule {(string?)reference.Attribute("Id")} is not defined"); continue; }
                foreach (var r in rule.Elements()) display.Add(Rule(r, org, userId, unsupported));
            }
            var function = command?.Element("Actions")?.Element("JavaScriptFunction");
            if (command is not null && function is null) unsupported.Add("the command runs no JavaScriptFunction");

            buttons.Add(new JsonObject
            {
                ["id"] = (string?)button.Attribute("Id") ?? "",
                ["command"] = (string?)button.Attribute("Command") ?? "",
                ["sequence"] = (int?)action.Attribute("Sequence") ?? (int?)button.Attribute("Sequence") ?? 0,
                ["label"] = Label(labels, (string?)button.Attribute("LabelText")),
                ["tooltip"] = Label(labels, (string?)button.Attribute("ToolTipDescription")),
                ["action"] = function is null ? null : Function(function),
                ["enable"] = enable,
                ["display"] = display,
                ["unsupported"] = unsupported,
            });
        }
        return new JsonObject { ["buttons"] = new JsonArray(buttons.OrderBy(b => (int)b!["sequence"]!).Select(b => b!.DeepClone()).ToArray()) };
    }

    /// <summary>One rule as data for the page; a privilege rule decided here for the user.</summary>
    private static JsonObject Rule(XElement rule, LocalOrganization org, Guid userId, JsonArray unsupported)
    {
        var invert = IsTrue((string?)rule.Attribute("InvertResult"));
        switch (rule.Name.LocalName)
        {
            case "CustomRule":
                var custom = Function(rule);
                custom["kind"] = "custom";
                custom["default"] = IsTrue((string?)rule.Attribute("Default"));
                custom["invert"] = invert;
                return custom;
            case "FormStateRule":
                return new JsonObject { ["kind"] = "formState", ["state"] = (string?)rule.Attribute("State") ?? "", ["invert"] = invert };
            case "EntityPrivilegeRule":
                var table = (string?)rule.Attribute("EntityName") ?? "";
                var held = Enum.TryParse<AccessRight>((string?)rule.Attribute("PrivilegeType"), out var right)
                    && Enum.TryParse<AccessDepth>((string?)rule.Attribute("PrivilegeDepth"), out var depth)
                    && org.Metadata.Table(table) is not null
                    && org.PrivilegeDepth(userId, org.PrivilegeName(right, table)) is { } heldDepth && heldDepth >= depth;
                return new JsonObject { ["kind"] = "decided", ["rule"] = $"EntityPrivilegeRule {rule.Attribute("PrivilegeType")?.Value} {table}", ["value"] = held != invert };
            default:
                unsupported.Add($"{rule.Name.LocalName} is not modelled by the local shell");
                return new JsonObject { ["kind"] = "decided", ["rule"] = rule.Name.LocalName, ["value"] = false };
        }
    }

    private static JsonObject Function(XElement function) => new()
    {
        ["library"] = Library((string?)function.Attribute("Library")),
        ["function"] = (string?)function.Attribute("FunctionName") ?? "",
        ["parameters"] = new JsonArray(function.Elements().Select(p => (JsonNode?)new JsonObject
        {
            ["type"] = p.Name.LocalName,
            ["value"] = (string?)p.Attribute("Value") ?? "",
        }).ToArray()),
    };

    private static string Library(string? library) =>
        library is not null && library.StartsWith(WebResourcePrefix, StringComparison.OrdinalIgnoreCase) ? library[WebResourcePrefix.Length..] : library ?? "";

    private static JsonObject Label(Dictionary<string, Dictionary<string, string>> labels, string? text)
    {
        if (text is null) return new JsonObject();
        if (!text.StartsWith(LocLabelPrefix, StringComparison.Ordinal)) return new JsonObject { ["1033"] = text };
        return labels.TryGetValue(text[LocLabelPrefix.Length..], out var titles)
            ? new JsonObject(titles.Select(t => KeyValuePair.Create(t.Key, (JsonNode?)JsonValue.Create(t.Value))))
            : new JsonObject { ["1033"] = text };
    }

    private static bool IsTrue(string? value) => value is "true" or "1";
}
