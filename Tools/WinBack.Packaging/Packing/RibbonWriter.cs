using System.Text.Json;
using System.Xml.Linq;
using WinBack.Packaging.Source;

namespace WinBack.Packaging.Packing;

/// <summary>
/// Turns Solution/commands/&lt;table&gt;.json into the table's RibbonDiffXml, shaped as Dataverse exports it
/// (CustomActions, Templates, CommandDefinitions, RuleDefinitions with TabDisplayRules, DisplayRules and EnableRules,
/// LocLabels) and valid against Microsoft's RibbonCore.xsd. Each button sits on the main form's command bar
/// (Location Mscrm.Form.&lt;table&gt;.MainTab.Save.Controls._children), runs a function of the library with the form
/// context (CrmParameter PrimaryControl: Learn, "Pass data from a page as a parameter to ribbon actions"), is enabled
/// by the library's CustomRules (each given PrimaryControl; a rule may return a promise: Learn, "Define ribbon enable
/// rules"), and is shown only on a saved row to users holding the declared privilege (FormStateRule, EntityPrivilegeRule).
/// </summary>
public static class RibbonWriter
{
    /// <summary>The languages the labels are shipped in, with their LCIDs; English first (the base language).</summary>
    public static readonly IReadOnlyList<(string Language, int Lcid)> Languages = new[] { ("en", 1033), ("de", 1031), ("fr", 1036), ("es", 3082) };

    public static string Prefix(CommandBarSource bar) => "wb." + bar.Table.ToLowerInvariant() + ".";
    public static string ButtonId(CommandBarSource bar, CommandSource c) => Prefix(bar) + c.Id + ".Button";
    public static string CommandId(CommandBarSource bar, CommandSource c) => Prefix(bar) + c.Id + ".Command";
    public static string Location(CommandBarSource bar) => $"Mscrm.Form.{bar.Table.ToLowerInvariant()}.MainTab.Save.Controls._children";

    public static XElement Write(CommandBarSource bar, CommandLabels labels)
    {
        var library = "$webresource:" + bar.Library;
        var actions = new XElement("CustomActions");
        var commands = new XElement("CommandDefinitions");
        var displayRules = new XElement("DisplayRules");
        var enableRules = new XElement("EnableRules");
        var locLabels = new XElement("LocLabels");
        foreach (var c in bar.Commands)
        {
            var id = Prefix(bar) + c.Id;
            var label = id + ".LabelText";
            var tooltip = id + ".ToolTipDescription";
            actions.Add(new XElement("CustomAction",
                new XAttribute("Id", id + ".CustomAction"), new XAttribute("Location", Location(bar)), new XAttribute("Sequence", c.Sequence),
                new XElement("CommandUIDefinition",
                    new XElement("Button",
                        new XAttribute("Id", ButtonId(bar, c)), new XAttribute("Command", CommandId(bar, c)), new XAttribute("Sequence", c.Sequence),
                        new XAttribute("LabelText", "$LocLabels:" + label), new XAttribute("Alt", "$LocLabels:" + label),
                        new XAttribute("ToolTipTitle", "$LocLabels:" + label), new XAttribute("ToolTipDescription", "$LocLabels:" + tooltip),
                        new XAttribute("TemplateAlias", "o1")))));

            var command = new XElement("CommandDefinition", new XAttribute("Id", CommandId(bar, c)));
            var enable = new XElement("EnableRules");
            if (c.EnableRules.Count > 0)
            {
                enable.Add(new XElement("EnableRule", new XAttribute("Id", id + ".EnableRule")));
                enableRules.Add(new XElement("EnableRule", new XAttribute("Id", id + ".EnableRule"),
                    c.EnableRules.Select(f => new XElement("CustomRule", new XAttribute("FunctionName", f), new XAttribute("Library", library),
                        new XAttribute("Default", "false"), new XElement("CrmParameter", new XAttribute("Value", "PrimaryControl"))))));
            }
            var display = new XElement("DisplayRule", new XAttribute("Id", id + ".DisplayRule"),
                new XElement("FormStateRule", new XAttribute("State", "Create"), new XAttribute("InvertResult", "true")));
            if (c.Privilege is { } p)
            {
                display.Add(new XElement("EntityPrivilegeRule", new XAttribute("EntityName", p.Table), new XAttribute("PrivilegeType", p.Right),
                    new XAttribute("PrivilegeDepth", p.Depth)));
            }
            displayRules.Add(display);
            command.Add(enable,
                new XElement("DisplayRules", new XElement("DisplayRule", new XAttribute("Id", id + ".DisplayRule"))),
                new XElement("Actions", new XElement("JavaScriptFunction", new XAttribute("Library", library), new XAttribute("FunctionName", c.Action),
                    new XElement("CrmParameter", new XAttribute("Value", "PrimaryControl")))));
            commands.Add(command);

            locLabels.Add(LocLabel(label, labels, c.Label + ".label"));
            locLabels.Add(LocLabel(tooltip, labels, c.Label + ".tooltip"));
        }
        return new XElement("RibbonDiffXml",
            actions,
            new XElement("Templates", new XElement("RibbonTemplates", new XAttribute("Id", "Mscrm.Templates"))),
            commands,
            new XElement("RuleDefinitions", new XElement("TabDisplayRules"), displayRules, enableRules),
            locLabels);
    }

    private static XElement LocLabel(string id, CommandLabels labels, string key) =>
        new("LocLabel", new XAttribute("Id", id), new XElement("Titles",
            Languages.Where(l => labels.Text(l.Language, key) is not null).DefaultIfEmpty((Language: "en", Lcid: 1033))
                .Select(l => new XElement("Title", new XAttribute("description", labels.Text(l.Language, key) ?? key), new XAttribute("languagecode", l.Lcid)))));
}

/// <summary>An area's strings per language (WebResources/src/strings/&lt;area&gt;.&lt;lang&gt;.json), as the packer reads them for labels.</summary>
public sealed class CommandLabels
{
    private readonly Dictionary<string, Dictionary<string, string>> _byLanguage = new(StringComparer.Ordinal);

    public static CommandLabels None { get; } = new();

    /// <summary>The file of a language (whether or not it exists).</summary>
    public static string FileOf(string webResourcesFolder, string area, string language) =>
        Path.Combine(webResourcesFolder, "src", "strings", $"{area}.{language}.json");

    public static CommandLabels Load(string? webResourcesFolder, string area)
    {
        var labels = new CommandLabels();
        if (string.IsNullOrEmpty(webResourcesFolder) || string.IsNullOrEmpty(area)) return labels;
        foreach (var (language, _) in RibbonWriter.Languages)
        {
            var file = FileOf(webResourcesFolder, area, language);
            if (!File.Exists(file)) continue;
            try
            {
                labels._byLanguage[language] = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(file)) ?? new();
            }
            catch (JsonException e)
            {
                throw new SourceException(file, $"not valid JSON: {e.Message}", "Write one object of \"key\": \"text\" pairs, as the other strings files.");
            }
        }
        return labels;
    }

    public bool HasLanguage(string language) => _byLanguage.ContainsKey(language);

    public string? Text(string language, string key) =>
        _byLanguage.TryGetValue(language, out var table) && table.TryGetValue(key, out var text) && !string.IsNullOrWhiteSpace(text) ? text : null;
}
