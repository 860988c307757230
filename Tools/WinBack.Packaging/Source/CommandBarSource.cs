using System.Text.Json.Serialization;

namespace WinBack.Packaging.Source;

// Solution/commands/<table>.json: the buttons the suite adds to a table's form command bar. The packer writes them
// as the table's RibbonDiffXml (CustomActions, CommandDefinitions, display and enable rules, LocLabels), the classic
// command definitions Dataverse imports with the solution (Learn, "Customize commands and the ribbon"). The labels
// are not here: they are the "<label>.label" and "<label>.tooltip" keys of the web resources' strings
// (WebResources/src/strings/commands.<lang>.json), the same file the library's messages come from.

public sealed class CommandBarSource
{
    [JsonIgnore] public string File { get; set; } = "";
    /// <summary>The table whose main form shows the buttons ("account").</summary>
    public string Table { get; set; } = "";
    /// <summary>The JavaScript web resource with the actions and the enable rules ("wb_/account/commands.js").</summary>
    public string Library { get; set; } = "";
    /// <summary>The strings area whose files hold the labels ("commands").</summary>
    public string Strings { get; set; } = "";
    public List<CommandSource> Commands { get; set; } = new();
}

public sealed class CommandSource
{
    /// <summary>A short name, letters and digits ("StartRemediation"); the ribbon ids are made from it.</summary>
    public string Id { get; set; } = "";
    /// <summary>The strings key prefix of the button's label and tooltip ("startRemediation").</summary>
    public string Label { get; set; } = "";
    /// <summary>Place among the form's buttons (Dataverse orders by Sequence).</summary>
    public int Sequence { get; set; }
    /// <summary>The library's function run on click, with the form context (CrmParameter PrimaryControl).</summary>
    public string Action { get; set; } = "";
    /// <summary>The library's functions that decide whether the button is enabled (each gets PrimaryControl; all must say true).</summary>
    public List<string> EnableRules { get; set; } = new();
    /// <summary>The table privilege the user needs to see the button at all (a display rule).</summary>
    public CommandPrivilegeSource? Privilege { get; set; }
}

public sealed class CommandPrivilegeSource
{
    public string Table { get; set; } = "";
    /// <summary>Create, Read, Write, Delete, Assign, Share, Append or AppendTo.</summary>
    public string Right { get; set; } = "";
    /// <summary>Basic, Local, Deep or Global: the least depth that shows the button.</summary>
    public string Depth { get; set; } = "Basic";
}
