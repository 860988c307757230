using System.Xml.Linq;
using WinBack.Packaging.Model;

namespace WinBack.Packaging.Packing;

/// <summary>
/// Everything the writer puts into the zip: the solution model (what Dataverse and the local Dataverse care about)
/// plus the parts only people see (forms, views, choices' display names, the app and its site map).
/// </summary>
public sealed class SolutionPackage
{
    public SolutionModel Model { get; set; } = new();
    public List<GlobalOptionSet> OptionSets { get; set; } = new();
    public List<FormDefinition> Forms { get; set; } = new();
    public List<ViewDefinition> Views { get; set; } = new();
    public AppDefinition? App { get; set; }
    /// <summary>Relationship schema name -> why its cascade rules are what they are.</summary>
    public Dictionary<string, string> RelationshipDescriptions { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>Role name -> what the role is for (kept for people reading the unpacked source).</summary>
    public Dictionary<string, string> RoleDescriptions { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Table logical name -> its RibbonDiffXml (Solution/commands/); tables not listed get the empty one.</summary>
    public Dictionary<string, XElement> Ribbons { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

public sealed class GlobalOptionSet
{
    public string Name { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Description { get; set; } = "";
    public List<OptionModel> Options { get; set; } = new();
}

public sealed class FormDefinition
{
    public string Table { get; set; } = "";
    /// <summary>"main" or "quickCreate" (as FormXml names the form types; "quick" is a quick-view form).</summary>
    public string Type { get; set; } = "main";
    /// <summary>Shown to everyone at this place in the form order (null: no display conditions).</summary>
    public int? DisplayOrder { get; set; }
    /// <summary>The form Dataverse falls back to when a user may see no other.</summary>
    public bool FallbackForm { get; set; }
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public List<FormTab> Tabs { get; set; } = new();
    public List<(string Name, Guid Id)> Libraries { get; set; } = new();
    public List<(string Library, string Function, Guid Id)> OnLoad { get; set; } = new();
    /// <summary>Web resources the source asked for that the solution does not carry (left out of the form).</summary>
    public List<string> MissingWebResources { get; set; } = new();
}

public sealed class FormWebResource
{
    public Guid CellId { get; set; }
    public string ControlId { get; set; } = "";
    public string Name { get; set; } = "";
    public Guid WebResourceId { get; set; }
    public string Label { get; set; } = "";
    public int Rows { get; set; }
}

public sealed class FormTab
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string Label { get; set; } = "";
    public List<FormSection> Sections { get; set; } = new();
}

public sealed class FormSection
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string Label { get; set; } = "";
    public List<(Guid CellId, string Column)> Cells { get; set; } = new();
    /// <summary>Columns whose controls are read-only on the form (FormXml control disabled="true").</summary>
    public HashSet<string> ReadOnly { get; set; } = new(StringComparer.Ordinal);
    public FormWebResource? WebResource { get; set; }
}

public sealed class ViewDefinition
{
    public string Table { get; set; } = "";
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    /// <summary>0 public, 1 advanced find, 2 associated, 4 quick find, 64 lookup.</summary>
    public int QueryType { get; set; }
    public bool IsDefault { get; set; }
    public List<string> Columns { get; set; } = new();
    public List<ViewCondition> Filter { get; set; } = new();
    public List<(string Column, bool Descending)> Order { get; set; } = new();
}

public sealed class ViewCondition
{
    public string Column { get; set; } = "";
    public string Operator { get; set; } = "eq";
    public string? Value { get; set; }
    public List<string> Values { get; set; } = new();
}

public sealed class AppDefinition
{
    public string UniqueName { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Description { get; set; } = "";
    public List<string> Tables { get; set; } = new();
    /// <summary>The forms the app opens (AppModuleComponent type 60): a table whose forms are listed shows only those.</summary>
    public List<Guid> FormIds { get; set; } = new();
    public List<Guid> RoleIds { get; set; } = new();
    public List<SiteMapArea> Areas { get; set; } = new();
}

public sealed class SiteMapArea
{
    public string Id { get; set; } = "";
    public string Title { get; set; } = "";
    public List<SiteMapGroup> Groups { get; set; } = new();
}

public sealed class SiteMapGroup
{
    public string Id { get; set; } = "";
    public string Title { get; set; } = "";
    public List<SiteMapSubArea> SubAreas { get; set; } = new();
}

public sealed class SiteMapSubArea
{
    public string Id { get; set; } = "";
    public string? Title { get; set; }
    public string? Table { get; set; }
    public string? WebResource { get; set; }
}
