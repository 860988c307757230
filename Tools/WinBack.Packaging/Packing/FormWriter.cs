using System.Xml.Linq;
using WinBack.Packaging.Model;

namespace WinBack.Packaging.Packing;

/// <summary>Forms (systemform FormXml) and views (savedquery with layoutxml and fetchxml) as Dataverse exports them.</summary>
public static class FormWriter
{
    private const string Lcid = "1033";

    /// <summary>The control each column type gets on a form (classids of Dataverse's standard controls).</summary>
    public static string ControlClassId(ColumnModel? column) => column?.Type switch
    {
        ColumnType.String => "{4273EDBD-AC1D-40d3-9FB2-095C621B552D}",
        ColumnType.Memo => "{E0DECE4B-6FC8-4a8f-A065-082708572369}",
        ColumnType.Integer or ColumnType.BigInt => "{C6D124CA-7EDA-4a60-AEA9-7FB8D318B68F}",
        ColumnType.Decimal => "{C3EFE0C3-0EC6-42be-8349-CBD9079DFD8E}",
        ColumnType.Double => "{0D2C745A-E5A8-4c8f-BA63-C6D3BB604660}",
        ColumnType.Money => "{533B9E00-756B-4312-95A0-DC888637AC78}",
        ColumnType.Boolean => "{67FAC785-CD58-4f9f-ABB3-4B7DDC6ED5ED}",
        ColumnType.DateTime => "{5B773807-9FB2-42db-97C3-7A91EFF8ADFF}",
        ColumnType.Picklist or ColumnType.State => "{3EF39988-22BB-4f0b-BBBE-64B5A3748AEE}",
        ColumnType.Status => "{5D68B988-0661-4db2-BC3E-17598AD3BE6C}",
        ColumnType.MultiSelectPicklist => "{4AA28AB7-9C13-4F57-A73D-AD894D048B5F}",
        _ => "{270BD3DB-D9AF-4782-9025-509E298DEC0A}",
    };

    private static XElement Labels(string text) =>
        new("labels", new XElement("label", new XAttribute("description", text), new XAttribute("languagecode", Lcid)));

    private static XElement Names(string container, string item, string text) =>
        new(container, new XElement(item, new XAttribute("description", text), new XAttribute("languagecode", Lcid)));

    /// <summary>Dataverse's web resource control.</summary>
    public const string WebResourceControl = "{9FDF5F91-88B1-47f4-AD53-C11EFC01A01D}";

    public static XElement SystemForm(SolutionModel model, FormDefinition form)
    {
        var table = model.Table(form.Table);
        var tabs = new XElement("tabs", form.Tabs.Select(tab =>
            new XElement("tab", new XAttribute("name", tab.Name), new XAttribute("verticallayout", "true"),
                new XAttribute("id", CustomizationsWriter.Guid(tab.Id)), new XAttribute("IsUserDefined", "1"),
                Labels(tab.Label),
                new XElement("columns", new XElement("column", new XAttribute("width", "100%"),
                    new XElement("sections", tab.Sections.Select(section => Section(model, table, form, section))))))));
        var element = new XElement("form", tabs);
        if (form.OnLoad.Count > 0)
        {
            element.Add(new XElement("events", new XElement("event",
                new XAttribute("name", "onload"), new XAttribute("application", "false"), new XAttribute("active", "false"),
                new XElement("Handlers", form.OnLoad.Select(h => new XElement("Handler",
                    new XAttribute("functionName", h.Function), new XAttribute("libraryName", h.Library),
                    new XAttribute("handlerUniqueId", CustomizationsWriter.Guid(h.Id)), new XAttribute("enabled", "true"),
                    new XAttribute("parameters", ""), new XAttribute("passExecutionContext", "true")))))));
        }
        if (form.Libraries.Count > 0)
        {
            element.Add(new XElement("formLibraries", form.Libraries.Select(l =>
                new XElement("Library", new XAttribute("name", l.Name), new XAttribute("libraryUniqueId", CustomizationsWriter.Guid(l.Id))))));
        }
        if (form.DisplayOrder is { } order)
        {
            // As Dataverse exports a form everyone may see: <DisplayConditions FallbackForm="true" Order="1"><Everyone /></DisplayConditions>.
            element.Add(new XElement("DisplayConditions",
                new XAttribute("FallbackForm", form.FallbackForm ? "true" : "false"), new XAttribute("Order", order),
                new XElement("Everyone")));
        }
        return new XElement("systemform",
            new XElement("formid", CustomizationsWriter.Guid(form.Id)),
            new XElement("IntroducedVersion", "1.0.0.0"),
            new XElement("FormPresentation", "1"),
            new XElement("FormActivationState", "1"),
            element,
            new XElement("IsCustomizable", "1"),
            new XElement("CanBeDeleted", "1"),
            Names("LocalizedNames", "LocalizedName", form.Name),
            Names("Descriptions", "Description", form.Description));
    }

    private static XElement Section(SolutionModel model, TableModel? table, FormDefinition form, FormSection section)
    {
        var rows = new XElement("rows", section.Cells.Select(cell =>
        {
            var column = table?.Column(cell.Column) ?? StandardTables.Find(form.Table)?.Column(cell.Column);
            return new XElement("row", new XElement("cell", new XAttribute("id", CustomizationsWriter.Guid(cell.CellId)),
                Labels(column?.DisplayName is { Length: > 0 } display ? display : cell.Column),
                new XElement("control", new XAttribute("id", cell.Column), new XAttribute("classid", ControlClassId(column)),
                    new XAttribute("datafieldname", cell.Column),
                    // FormXml <control disabled="true">: shown read-only on the form.
                    section.ReadOnly.Contains(cell.Column) ? new XAttribute("disabled", "true") : null)));
        }));
        if (section.WebResource is { } w)
        {
            // A cell spanning several rows is followed by empty rows, as the form designer writes it.
            rows.Add(new XElement("row", new XElement("cell",
                new XAttribute("id", CustomizationsWriter.Guid(w.CellId)), new XAttribute("showlabel", "false"), new XAttribute("rowspan", w.Rows),
                Labels(w.Label),
                new XElement("control", new XAttribute("id", w.ControlId), new XAttribute("classid", WebResourceControl),
                    new XElement("parameters",
                        new XElement("Url", w.Name),
                        new XElement("PassParameters", "true"),
                        new XElement("Security", "false"),
                        new XElement("Scrolling", "auto"),
                        new XElement("Border", "false"),
                        new XElement("ShowOnMobileClient", "false"),
                        new XElement("WebResourceId", CustomizationsWriter.Guid(w.WebResourceId)))))));
            for (var i = 1; i < w.Rows; i++) rows.Add(new XElement("row"));
        }
        return new XElement("section", new XAttribute("name", section.Name), new XAttribute("showlabel", "true"),
            new XAttribute("showbar", "false"), new XAttribute("IsUserDefined", "0"),
            new XAttribute("id", CustomizationsWriter.Guid(section.Id)),
            Labels(section.Label),
            rows);
    }

    public static XElement SavedQuery(SolutionModel model, ViewDefinition view)
    {
        var table = model.Table(view.Table);
        var id = table?.PrimaryIdColumn is { Length: > 0 } primary ? primary : view.Table + "id";
        var jump = table?.PrimaryNameColumn is { Length: > 0 } name ? name : view.Columns.FirstOrDefault() ?? id;
        var isQuickFind = view.QueryType == 4;

        var entity = new XElement("entity", new XAttribute("name", view.Table));
        entity.Add(new XElement("attribute", new XAttribute("name", id)));
        foreach (var column in view.Columns.Where(c => c != id)) entity.Add(new XElement("attribute", new XAttribute("name", column)));
        foreach (var (column, descending) in view.Order)
        {
            entity.Add(new XElement("order", new XAttribute("attribute", column), new XAttribute("descending", descending ? "true" : "false")));
        }
        var plain = view.Filter.Where(f => !(isQuickFind && f.Value == "{0}")).ToList();
        if (plain.Count > 0) entity.Add(new XElement("filter", new XAttribute("type", "and"), plain.Select(Condition)));
        var quickFind = view.Filter.Where(f => isQuickFind && f.Value == "{0}").ToList();
        if (quickFind.Count > 0)
        {
            entity.Add(new XElement("filter", new XAttribute("type", "or"), new XAttribute("isquickfindfields", "1"), quickFind.Select(Condition)));
        }

        return new XElement("savedquery",
            new XElement("IsCustomizable", "1"),
            new XElement("CanBeDeleted", view.QueryType == 0 && !view.IsDefault ? "1" : "0"),
            new XElement("isquickfindquery", isQuickFind ? "1" : "0"),
            new XElement("isprivate", "0"),
            new XElement("isdefault", view.IsDefault ? "1" : "0"),
            new XElement("savedqueryid", CustomizationsWriter.Guid(view.Id)),
            new XElement("layoutxml",
                new XElement("grid", new XAttribute("name", "resultset"), new XAttribute("jump", jump), new XAttribute("select", "1"),
                    new XAttribute("icon", "1"), new XAttribute("preview", "1"),
                    new XElement("row", new XAttribute("name", "result"), new XAttribute("id", id),
                        view.Columns.Select(c => new XElement("cell", new XAttribute("name", c), new XAttribute("width", c == jump ? "300" : "150")))))),
            new XElement("querytype", view.QueryType),
            new XElement("fetchxml", new XElement("fetch", new XAttribute("version", "1.0"), new XAttribute("mapping", "logical"), entity)),
            new XElement("IntroducedVersion", "1.0.0.0"),
            Names("LocalizedNames", "LocalizedName", view.Name),
            view.Description.Length > 0 ? Names("Descriptions", "Description", view.Description) : null);
    }

    private static XElement Condition(ViewCondition c)
    {
        var condition = new XElement("condition", new XAttribute("attribute", c.Column), new XAttribute("operator", c.Operator));
        if (c.Values.Count > 0) condition.Add(c.Values.Select(v => new XElement("value", v)));
        else if (c.Value is not null) condition.Add(new XAttribute("value", c.Value));
        return condition;
    }
}
