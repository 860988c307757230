using System.IO.Compression;
using System.Xml.Linq;
using WinBack.Packaging.Checks;
using WinBack.Packaging.Packing;

namespace WinBack.Packaging.Tests;

/// <summary>
/// Solution/commands/account.json becomes account's RibbonDiffXml: two buttons on the main form's command bar, their
/// actions and enable rules calling wb_/account/commands.js with the form context, labels in four languages.
/// </summary>
public sealed class CommandBarPackingTests
{
    private static (PackResult Result, XElement Customizations, Dictionary<string, string> Unpacked) Pack(Action<Workspace>? edit = null, bool validateSchema = false)
    {
        using var workspace = new Workspace().WithPlugins(Workspace.HealthyPlugins());
        edit?.Invoke(workspace);
        var result = workspace.Pack(validateSchema: validateSchema);
        Assert.True(result.Succeeded, Workspace.Problems(result));
        using var zip = ZipFile.OpenRead(result.UnmanagedZip!);
        using var stream = zip.GetEntry("customizations.xml")!.Open();
        var customizations = XElement.Load(stream);
        var unpacked = Directory.EnumerateFiles(result.UnpackedFolder!, "RibbonDiff.xml", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetFileName(Path.GetDirectoryName(f)!), File.ReadAllText);
        return (result, customizations, unpacked);
    }

    private static List<BuildProblem> Broken(Action<Workspace> edit)
    {
        using var workspace = new Workspace().WithPlugins(Workspace.HealthyPlugins());
        edit(workspace);
        var result = workspace.Pack();
        Assert.False(result.Succeeded);
        Assert.Null(result.UnmanagedZip);
        return result.Problems;
    }

    private static XElement RibbonOf(XElement customizations, string table) =>
        customizations.Element("Entities")!.Elements("Entity").Single(e => string.Equals((string?)e.Element("Name"), table, StringComparison.OrdinalIgnoreCase)).Element("RibbonDiffXml")!;

    private static IEnumerable<string> Shape(XElement ribbon) =>
        ribbon.Elements().Select(e => e.Name.LocalName + "(" + string.Join(",", e.Elements().Select(c => c.Name.LocalName).Distinct()) + ")");

    [SkippableFact]
    public void The_account_ribbon_validates_against_Microsoft_schema_and_carries_both_buttons()
    {
        var (_, customizations, _) = Pack(validateSchema: true);
        var ribbon = RibbonOf(customizations, "account");

        var buttons = ribbon.Descendants("CustomAction").ToList();
        Assert.Equal(new[] { "wb.account.StartRemediation.CustomAction", "wb.account.DraftOutreach.CustomAction" }, buttons.Select(b => (string)b.Attribute("Id")!));
        Assert.All(buttons, b => Assert.Equal("Mscrm.Form.account.MainTab.Save.Controls._children", (string)b.Attribute("Location")!));
        Assert.All(ribbon.Descendants("Button"), b => Assert.StartsWith("$LocLabels:", (string)b.Attribute("LabelText")!));
    }

    [SkippableFact]
    public void The_ribbon_is_laid_out_as_Dataverse_exports_it_and_the_unpacked_file_is_the_same()
    {
        var export = XElement.Load(Reference.Export("emr-custom-activity-entity.xml")).DescendantsAndSelf("RibbonDiffXml").First();
        var (_, customizations, unpacked) = Pack();
        var ribbon = RibbonOf(customizations, "account");

        // The same sections in the same order as a real export: CustomActions, Templates, CommandDefinitions,
        // RuleDefinitions (TabDisplayRules, DisplayRules, EnableRules), LocLabels.
        Assert.Equal(export.Elements().Select(e => e.Name.LocalName), ribbon.Elements().Select(e => e.Name.LocalName));
        Assert.Equal(export.Element("RuleDefinitions")!.Elements().Select(e => e.Name.LocalName), ribbon.Element("RuleDefinitions")!.Elements().Select(e => e.Name.LocalName));
        Assert.Equal((string?)export.Element("Templates")!.Element("RibbonTemplates")!.Attribute("Id"), (string?)ribbon.Element("Templates")!.Element("RibbonTemplates")!.Attribute("Id"));

        // SolutionPackager's layout: Entities/Account/RibbonDiff.xml holds the same element; other tables keep the empty one.
        Assert.True(XNode.DeepEquals(ribbon, XElement.Parse(unpacked["Account"])));
        Assert.Empty(RibbonOf(customizations, "wb_remediation").Element("CustomActions")!.Elements());
        Assert.True(XNode.DeepEquals(CustomizationsWriter.RibbonDiff(), XElement.Parse(unpacked["wb_Remediation"])));
    }

    [Fact]
    public void Actions_and_enable_rules_call_the_library_with_the_form_context_and_display_rules_ask_for_the_privilege()
    {
        var ribbon = RibbonOf(Pack().Customizations, "account");
        var commands = ribbon.Element("CommandDefinitions")!.Elements("CommandDefinition").ToDictionary(c => (string)c.Attribute("Id")!);
        var rules = ribbon.Element("RuleDefinitions")!;

        foreach (var (id, action, enable, table) in new[]
        {
            ("StartRemediation", "WinBack.Commands.startRemediation", "WinBack.Commands.canStartRemediation", "wb_remediation"),
            ("DraftOutreach", "WinBack.Commands.draftOutreach", "WinBack.Commands.canDraftOutreach", "wb_outreach"),
        })
        {
            var command = commands[$"wb.account.{id}.Command"];
            var function = command.Element("Actions")!.Element("JavaScriptFunction")!;
            Assert.Equal("$webresource:wb_/account/commands.js", (string)function.Attribute("Library")!);
            Assert.Equal(action, (string)function.Attribute("FunctionName")!);
            Assert.Equal("PrimaryControl", (string)function.Element("CrmParameter")!.Attribute("Value")!);

            var enableId = (string)command.Element("EnableRules")!.Element("EnableRule")!.Attribute("Id")!;
            var custom = rules.Element("EnableRules")!.Elements("EnableRule").Single(r => (string)r.Attribute("Id")! == enableId).Element("CustomRule")!;
            Assert.Equal(enable, (string)custom.Attribute("FunctionName")!);
            Assert.Equal("$webresource:wb_/account/commands.js", (string)custom.Attribute("Library")!);
            Assert.Equal("false", (string)custom.Attribute("Default")!);
            Assert.Equal("PrimaryControl", (string)custom.Element("CrmParameter")!.Attribute("Value")!);

            var displayId = (string)command.Element("DisplayRules")!.Element("DisplayRule")!.Attribute("Id")!;
            var display = rules.Element("DisplayRules")!.Elements("DisplayRule").Single(r => (string)r.Attribute("Id")! == displayId);
            var state = display.Element("FormStateRule")!;
            Assert.Equal(("Create", "true"), ((string)state.Attribute("State")!, (string)state.Attribute("InvertResult")!));
            var privilege = display.Element("EntityPrivilegeRule")!;
            Assert.Equal((table, "Create", "Basic"), ((string)privilege.Attribute("EntityName")!, (string)privilege.Attribute("PrivilegeType")!, (string)privilege.Attribute("PrivilegeDepth")!));
        }
    }

    [Fact]
    public void Labels_come_in_English_German_French_and_Spanish_from_the_strings_files()
    {
        var ribbon = RibbonOf(Pack().Customizations, "account");
        var labels = ribbon.Element("LocLabels")!.Elements("LocLabel").ToDictionary(l => (string)l.Attribute("Id")!,
            l => l.Element("Titles")!.Elements("Title").ToDictionary(t => (int)t.Attribute("languagecode")!, t => (string)t.Attribute("description")!));

        Assert.Equal(new Dictionary<int, string> { [1033] = "Start remediation", [1031] = "Behebung starten", [1036] = "Lancer une remédiation", [3082] = "Iniciar corrección" },
            labels["wb.account.StartRemediation.LabelText"]);
        Assert.Equal("Draft outreach", labels["wb.account.DraftOutreach.LabelText"][1033]);
        Assert.All(labels.Values, l => Assert.Equal(new[] { 1031, 1033, 1036, 3082 }, l.Keys.Order()));
        // Every $LocLabels: reference a button makes has its label.
        foreach (var reference in ribbon.Descendants("Button").SelectMany(b => b.Attributes()).Select(a => a.Value).Where(v => v.StartsWith("$LocLabels:", StringComparison.Ordinal)))
            Assert.True(labels.ContainsKey(reference["$LocLabels:".Length..]), reference);
    }

    [Fact]
    public void A_library_the_solution_does_not_ship_fails_the_build_with_WB030()
    {
        var problem = Assert.Single(Broken(w => w.Edit("Solution/commands/account.json", s => s.Replace("\"wb_/account/commands.js\"", "\"wb_/account/command.js\""))));
        Assert.Equal("WB030", problem.Code);
        Assert.EndsWith(Path.Combine("commands", "account.json"), problem.File);
        Assert.Contains("'wb_/account/command.js' is not a web resource the solution carries", problem.Message);
    }

    [Fact]
    public void A_label_missing_in_one_language_fails_the_build_naming_the_key_and_the_file()
    {
        var problem = Assert.Single(Broken(w => w.Edit("WebResources/src/strings/commands.de.json", s => s.Replace("\"draftOutreach.label\"", "\"draftOutreach.labl\""))));
        Assert.Equal("WB030", problem.Code);
        Assert.Contains("'draftOutreach.label'", problem.Message);
        Assert.Contains("commands.de.json", problem.Message);
    }

    [Theory]
    [InlineData("\"WinBack.Commands.startRemediation\"", "\"WinBack.Commands.start Remediation\"", "is not a JavaScript function name Dataverse accepts")]
    [InlineData("\"WinBack.Commands.canDraftOutreach\"", "\"WinBack..canDraftOutreach\"", "is not a JavaScript function name Dataverse accepts")]
    [InlineData("\"table\": \"account\"", "\"table\": \"acount\"", "which is not in the solution")]
    [InlineData("\"right\": \"Create\", \"depth\": \"Basic\" }\n    },", "\"right\": \"Make\", \"depth\": \"Basic\" }\n    },", "right 'Make' is not one of")]
    [InlineData("\"id\": \"DraftOutreach\"", "\"id\": \"StartRemediation\"", "is declared twice")]
    [InlineData("\"sequence\": 70", "\"sequence\": 0", "must be a positive number")]
    public void A_broken_declaration_fails_the_build_with_WB030_saying_what_to_fix(string from, string to, string says)
    {
        var problems = Broken(w => w.Edit("Solution/commands/account.json", s => s.Replace(from, to)));
        var problem = Assert.Single(problems);
        Assert.Equal("WB030", problem.Code);
        Assert.Contains(says, problem.Message);
    }

    [Fact]
    public void Without_web_resources_yet_the_account_ribbon_is_left_empty_and_the_build_passes()
    {
        var (_, customizations, _) = Pack(w => File.Delete(Path.Combine(w.WebResources, "webresources.json")));
        Assert.True(XNode.DeepEquals(CustomizationsWriter.RibbonDiff(), RibbonOf(customizations, "account")));
    }

    [Fact]
    public void A_strings_file_that_is_not_JSON_fails_the_build_naming_it()
    {
        var problem = Assert.Single(Broken(w => w.Edit("WebResources/src/strings/commands.fr.json", s => s.Replace("{", "{,"))));
        Assert.Equal("WB100", problem.Code);
        Assert.EndsWith("commands.fr.json", problem.File);
    }
}
