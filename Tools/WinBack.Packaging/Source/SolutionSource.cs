using System.Text.Json;
using System.Text.Json.Serialization;

namespace WinBack.Packaging.Source;

// The solution's source in Solution/: a compact JSON description that the packer expands into what Dataverse
// exports (customizations.xml, forms, views, system columns, relationships, ids). One file per concern:
//   solution.json                   the solution, its publisher, global choices, environment variables
//   tables/*.json                   one table each: new tables, and existing tables the suite adds columns to
//   roles.json                      security roles, privileges per table
//   app.json                        the model-driven app and its site map
//   commands/*.json                 buttons on a table's form command bar (RibbonDiffXml), one file per table
// Steps and Custom APIs are not here: they come from the attributes on the plug-in classes.

public sealed class SolutionSource
{
    public string UniqueName { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Description { get; set; } = "";
    public PublisherSource Publisher { get; set; } = new();
    /// <summary>Simple name of the plug-in assembly the solution carries, e.g. "WinBack.Plugins".</summary>
    public string? PluginAssembly { get; set; }
    public List<OptionSetSource> OptionSets { get; set; } = new();
    public List<EnvironmentVariableSource> EnvironmentVariables { get; set; } = new();

    [JsonIgnore] public List<TableSource> Tables { get; set; } = new();
    [JsonIgnore] public List<RoleSource> Roles { get; set; } = new();
    [JsonIgnore] public AppSource? App { get; set; }
    [JsonIgnore] public List<CommandBarSource> CommandBars { get; set; } = new();
    /// <summary>The folder the source was read from; file references resolve against it.</summary>
    [JsonIgnore] public string Folder { get; set; } = "";
    /// <summary>Every file the source was read from (for messages and for incremental builds).</summary>
    [JsonIgnore] public List<string> Files { get; set; } = new();

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static SolutionSource Load(string folder)
    {
        folder = Path.GetFullPath(folder);
        var solutionFile = Path.Combine(folder, "solution.json");
        var source = Read<SolutionSource>(solutionFile);
        source.Folder = folder;
        source.Files.Add(solutionFile);

        var tables = Path.Combine(folder, "tables");
        if (Directory.Exists(tables))
        {
            foreach (var file in Directory.EnumerateFiles(tables, "*.json").OrderBy(f => f, StringComparer.Ordinal))
            {
                var table = Read<TableSource>(file);
                table.File = file;
                source.Tables.Add(table);
                source.Files.Add(file);
            }
        }
        var commands = Path.Combine(folder, "commands");
        if (Directory.Exists(commands))
        {
            foreach (var file in Directory.EnumerateFiles(commands, "*.json").OrderBy(f => f, StringComparer.Ordinal))
            {
                var bar = Read<CommandBarSource>(file);
                bar.File = file;
                source.CommandBars.Add(bar);
                source.Files.Add(file);
            }
        }
        var roles = Path.Combine(folder, "roles.json");
        if (File.Exists(roles))
        {
            source.Roles = Read<List<RoleSource>>(roles);
            source.Files.Add(roles);
        }
        var app = Path.Combine(folder, "app.json");
        if (File.Exists(app))
        {
            source.App = Read<AppSource>(app);
            source.Files.Add(app);
        }
        return source;
    }

    private static T Read<T>(string file)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(file), Options)
                ?? throw new SourceException(file, "the file is empty.", "Write the JSON object the file describes.");
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1})" : "";
            throw new SourceException(file, $"not valid JSON for this file{where}: {e.Message}", "Fix the JSON; see the other files in Solution/ for the expected shape.");
        }
    }
}

/// <summary>A mistake in the solution source: which file, what is wrong, what to do.</summary>
public sealed class SourceException : Exception
{
    public SourceException(string file, string problem, string fix) : base($"{problem} {fix}")
    {
        File = file;
        Problem = problem;
        Fix = fix;
    }

    public string File { get; }
    public string Problem { get; }
    public string Fix { get; }
}

public sealed class PublisherSource
{
    public string UniqueName { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Description { get; set; } = "";
    public string Prefix { get; set; } = "";
    public int OptionValuePrefix { get; set; }
}

public sealed class OptionSetSource
{
    public string Name { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Description { get; set; } = "";
    public List<OptionSource> Options { get; set; } = new();
}

public sealed class OptionSource
{
    public int Value { get; set; }
    public string Label { get; set; } = "";
    public string Description { get; set; } = "";
}

public sealed class EnvironmentVariableSource
{
    public string SchemaName { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Description { get; set; } = "";
    /// <summary>String, Number, Boolean, Json, DataSource or Secret.</summary>
    public string Type { get; set; } = "String";
    public string? DefaultValue { get; set; }
    /// <summary>A file (relative to Solution/) whose content is the default value, e.g. the policy JSON.</summary>
    public string? DefaultValueFile { get; set; }
}

public sealed class TableSource
{
    [JsonIgnore] public string File { get; set; } = "";
    /// <summary>For an existing table: its logical name ("account"). For a new table: derived from SchemaName.</summary>
    public string? LogicalName { get; set; }
    public string? SchemaName { get; set; }
    /// <summary>True for a table Dataverse already has: the solution only adds columns and views to it.</summary>
    public bool Existing { get; set; }
    public string DisplayName { get; set; } = "";
    public string DisplayCollectionName { get; set; } = "";
    public string Description { get; set; } = "";
    /// <summary>User (default) or Organization.</summary>
    public string Ownership { get; set; } = "User";
    public ColumnSource? PrimaryName { get; set; }
    public List<ColumnSource> Columns { get; set; } = new();
    public FormSource? MainForm { get; set; }
    public FormSource? QuickCreateForm { get; set; }
    public List<ViewSource> Views { get; set; } = new();
    /// <summary>
    /// True for a custom activity table: it gets activityid, subject, regarding and the activity columns, the states
    /// Open, Completed and Canceled, sits on the timeline, and is secured by the Activity privileges, as in Dataverse.
    /// </summary>
    public bool Activity { get; set; }
    /// <summary>The Web API entity set name when Dataverse's plural (EntitySetNames) is not the one wanted.</summary>
    public string? EntitySetName { get; set; }
    /// <summary>The table's own status reasons (statuscode), each under its state; replaces the default ones.</summary>
    public List<StatusSource> Statuses { get; set; } = new();
    /// <summary>Many-to-many relationships this table declares with another table.</summary>
    public List<ManyToManySource> ManyToMany { get; set; } = new();
}

public sealed class StatusSource
{
    public int Value { get; set; }
    public string Label { get; set; } = "";
    /// <summary>The state (statecode) the status reason belongs to: 0 Active/Open, 1 Inactive/Completed, 2 Canceled.</summary>
    public int State { get; set; }
    /// <summary>The status a row gets in its state when none is given (the first of the state otherwise).</summary>
    public bool Default { get; set; }
    public string Description { get; set; } = "";
}

public sealed class ManyToManySource
{
    public string SchemaName { get; set; } = "";
    /// <summary>The other table's logical name.</summary>
    public string Table { get; set; } = "";
    public string Description { get; set; } = "";
}

public sealed class ColumnSource
{
    public string SchemaName { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Description { get; set; } = "";
    /// <summary>String, Memo, Integer, BigInt, Decimal, Double, Money, Boolean, DateTime, Picklist, MultiSelectPicklist, Lookup.</summary>
    public string Type { get; set; } = "String";
    /// <summary>None, Recommended or ApplicationRequired.</summary>
    public string Required { get; set; } = "None";
    public int? MaxLength { get; set; }
    public decimal? MinValue { get; set; }
    public decimal? MaxValue { get; set; }
    public int? Precision { get; set; }
    /// <summary>For DateTime: "DateOnly" or "DateAndTime" (default). For String: "Text" (default), "Email", "Url".</summary>
    public string? Format { get; set; }
    /// <summary>Global choice (from solution.json optionSets) the column uses.</summary>
    public string? OptionSet { get; set; }
    /// <summary>The column's own choices (two-option labels for Boolean: false first, then true).</summary>
    public List<OptionSource> Options { get; set; } = new();
    /// <summary>For a Lookup: the table it points to, and the relationship that carries it.</summary>
    public string? Target { get; set; }
    public RelationshipSource? Relationship { get; set; }
}

public sealed class RelationshipSource
{
    public string SchemaName { get; set; } = "";
    /// <summary>Cascade, Active, UserOwned, NoCascade, RemoveLink or Restrict per action.</summary>
    public string Delete { get; set; } = "RemoveLink";
    public string Assign { get; set; } = "NoCascade";
    public string Share { get; set; } = "NoCascade";
    public string Unshare { get; set; } = "NoCascade";
    public string Reparent { get; set; } = "NoCascade";
    /// <summary>Why the cascade rules are what they are (kept in the source, shown in the relationship's description).</summary>
    public string Description { get; set; } = "";
}

public sealed class FormSource
{
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public List<TabSource> Tabs { get; set; } = new();
    /// <summary>Script web resources the form loads (form libraries).</summary>
    public List<string> Libraries { get; set; } = new();
    /// <summary>Functions called when the form loads (with the execution context).</summary>
    public List<HandlerSource> OnLoad { get; set; } = new();
    /// <summary>Who sees the form and in which place of the table's form order (FormXml DisplayConditions).</summary>
    public DisplayConditionsSource? DisplayConditions { get; set; }
}

/// <summary>A form shown to everyone at a place in the form order, and whether it is the fallback form.</summary>
public sealed class DisplayConditionsSource
{
    public int Order { get; set; } = 1;
    public bool Fallback { get; set; }
}

public sealed class HandlerSource
{
    public string Library { get; set; } = "";
    public string Function { get; set; } = "";
}

/// <summary>A web resource shown in a form section (e.g. the disengagement panel on the account form).</summary>
public sealed class WebResourceCellSource
{
    public string Name { get; set; } = "";
    /// <summary>The control's id, by which form scripts find it (formContext.getControl(id)).</summary>
    public string ControlId { get; set; } = "";
    public string Label { get; set; } = "";
    /// <summary>Height in form rows.</summary>
    public int Rows { get; set; } = 10;
}

public sealed class TabSource
{
    public string Label { get; set; } = "";
    public List<SectionSource> Sections { get; set; } = new();
}

public sealed class SectionSource
{
    public string Label { get; set; } = "";
    public List<string> Columns { get; set; } = new();
    /// <summary>Columns of the section shown read-only (written by the server, never typed by users).</summary>
    public List<string> ReadOnly { get; set; } = new();
    /// <summary>A web resource shown in the section after its columns; left out while the web resource does not exist.</summary>
    public WebResourceCellSource? WebResource { get; set; }
}

public sealed class ViewSource
{
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    /// <summary>The table's default public view.</summary>
    public bool Default { get; set; }
    /// <summary>Public (default), AdvancedFind, Associated, QuickFind or Lookup.</summary>
    public string Kind { get; set; } = "Public";
    public List<string> Columns { get; set; } = new();
    public List<ConditionSource> Filter { get; set; } = new();
    public List<OrderSource> Order { get; set; } = new();
}

public sealed class ConditionSource
{
    public string Column { get; set; } = "";
    /// <summary>A FetchXML operator: eq, ne, in, not-null, null, ge, le, last-x-days, ...</summary>
    public string Operator { get; set; } = "eq";
    public string? Value { get; set; }
    public List<string> Values { get; set; } = new();
}

public sealed class OrderSource
{
    public string Column { get; set; } = "";
    public bool Descending { get; set; }
}

public sealed class RoleSource
{
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public List<TablePrivilegeSource> Tables { get; set; } = new();
    /// <summary>Privileges that are not per-table rights, by their Dataverse names.</summary>
    public List<PrivilegeSource> Privileges { get; set; } = new();
}

public sealed class TablePrivilegeSource
{
    public string Table { get; set; } = "";
    /// <summary>Create, Read, Write, Delete, Append, AppendTo, Assign, Share.</summary>
    public List<string> Rights { get; set; } = new();
    /// <summary>Basic (user), Local (business unit), Deep (parent: child business units) or Global (organization).</summary>
    public string Depth { get; set; } = "Basic";
}

public sealed class PrivilegeSource
{
    public string Name { get; set; } = "";
    public string Depth { get; set; } = "Global";
}

public sealed class AppSource
{
    public string UniqueName { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Description { get; set; } = "";
    /// <summary>Role names that may open the app.</summary>
    public List<string> Roles { get; set; } = new();
    public List<AreaSource> Areas { get; set; } = new();
}

public sealed class AreaSource
{
    public string Id { get; set; } = "";
    public string Title { get; set; } = "";
    public List<GroupSource> Groups { get; set; } = new();
}

public sealed class GroupSource
{
    public string Id { get; set; } = "";
    public string Title { get; set; } = "";
    public List<SubAreaSource> SubAreas { get; set; } = new();
}

public sealed class SubAreaSource
{
    public string Id { get; set; } = "";
    public string? Title { get; set; }
    /// <summary>A table's logical name, or ...</summary>
    public string? Table { get; set; }
    /// <summary>... a web resource's name (shown as a page).</summary>
    public string? WebResource { get; set; }
}
