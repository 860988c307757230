using System.Xml.Linq;
using Dataverse.Local;
using Dataverse.Local.Metadata;
using Dataverse.Local.Pipeline;

namespace Dataverse.WebApi;

/// <summary>
/// The $metadata document (Learn, "Web API service documents": CSDL with the Microsoft.Dynamics.CRM namespace,
/// alias mscrm): an EntityType per table with its key, properties (lookups as _x_value Edm.Guid), single-valued
/// navigation properties per lookup and collection-valued ones per one-to-many relationship, an EntitySet per
/// table, and the Custom APIs as actions and functions.
/// </summary>
public static class Csdl
{
    private static readonly XNamespace Edmx = "http://docs.oasis-open.org/odata/ns/edmx";
    private static readonly XNamespace Edm = "http://docs.oasis-open.org/odata/ns/edm";

    public static string Write(LocalOrganization org, EntitySets sets)
    {
        var schema = new XElement(Edm + "Schema", new XAttribute("Namespace", "Microsoft.Dynamics.CRM"), new XAttribute("Alias", "mscrm"));
        var container = new XElement(Edm + "EntityContainer", new XAttribute("Name", "System"));
        var usesPrincipal = false;
        foreach (var (set, table) in sets.All)
        {
            var type = new XElement(Edm + "EntityType", new XAttribute("Name", table.LogicalName),
                new XElement(Edm + "Key", new XElement(Edm + "PropertyRef", new XAttribute("Name", table.PrimaryIdColumn))));
            foreach (var column in table.Columns.Where(EntitySets.IsExposed))
                type.Add(new XElement(Edm + "Property", new XAttribute("Name", EntitySets.PropertyName(column)), new XAttribute("Type", EntitySets.EdmType(column))));
            foreach (var navigation in sets.Navigations(table))
            {
                usesPrincipal |= navigation.TypeTable == "principal";
                type.Add(new XElement(Edm + "NavigationProperty", new XAttribute("Name", navigation.Name),
                    new XAttribute("Type", "mscrm." + navigation.TypeTable)));
            }
            // The collection's name is the relationship's ReferencedEntityNavigationPropertyName: its schema name.
            foreach (var relationship in org.Metadata.OneToManyFrom(table.LogicalName).Where(r => sets.SetOf(r.ReferencingTable) is not null))
                type.Add(new XElement(Edm + "NavigationProperty", new XAttribute("Name", relationship.ReferencedNavigationProperty ?? relationship.SchemaName),
                    new XAttribute("Type", $"Collection(mscrm.{relationship.ReferencingTable})")));
            schema.Add(type);
            container.Add(new XElement(Edm + "EntitySet", new XAttribute("Name", set), new XAttribute("EntityType", "mscrm." + table.LogicalName)));
        }
        if (usesPrincipal)
        {
            // ownerid's type: the abstract principal (a user or a team) keyed by ownerid, as in Dataverse's own $metadata.
            schema.Add(new XElement(Edm + "EntityType", new XAttribute("Name", "principal"), new XAttribute("Abstract", "true"),
                new XElement(Edm + "Key", new XElement(Edm + "PropertyRef", new XAttribute("Name", "ownerid"))),
                new XElement(Edm + "Property", new XAttribute("Name", "ownerid"), new XAttribute("Type", "Edm.Guid"))));
        }
        foreach (var api in org.CustomApis.OrderBy(a => a.UniqueName, StringComparer.Ordinal))
        {
            var operation = new XElement(Edm + (api.IsFunction ? "Function" : "Action"), new XAttribute("Name", api.UniqueName),
                new XAttribute("IsBound", api.BindingType == 1 ? "true" : "false"));
            if (api.BindingType == 1 && api.BoundTable is not null)
                operation.Add(new XElement(Edm + "Parameter", new XAttribute("Name", "entity"), new XAttribute("Type", "mscrm." + api.BoundTable), new XAttribute("Nullable", "false")));
            foreach (var parameter in api.RequestParameters)
                operation.Add(new XElement(Edm + "Parameter", new XAttribute("Name", parameter.UniqueName), new XAttribute("Type", TypeOf(parameter)),
                    new XAttribute("Nullable", parameter.IsOptional ? "true" : "false")));
            if (api.ResponseProperties.Count > 0)
            {
                var complex = new XElement(Edm + "ComplexType", new XAttribute("Name", api.UniqueName + "Response"));
                foreach (var property in api.ResponseProperties)
                    complex.Add(new XElement(Edm + "Property", new XAttribute("Name", property.UniqueName), new XAttribute("Type", TypeOf(property))));
                schema.Add(complex);
                operation.Add(new XElement(Edm + "ReturnType", new XAttribute("Type", "mscrm." + api.UniqueName + "Response"), new XAttribute("Nullable", "false")));
            }
            schema.Add(operation);
            if (api.BindingType == 0)
                container.Add(new XElement(Edm + (api.IsFunction ? "FunctionImport" : "ActionImport"), new XAttribute("Name", api.UniqueName),
                    new XAttribute(api.IsFunction ? "Function" : "Action", "mscrm." + api.UniqueName)));
        }
        foreach (var action in ODataService.MessageAction.Each.Where(a => sets.SetOf(a.EntityTable) is not null))
        {
            // Learn, "Web API Action reference": the entity parameter and Status (Edm.Int32), both required, no return type.
            schema.Add(new XElement(Edm + "Action", new XAttribute("Name", action.Name), new XAttribute("IsBound", "false"),
                new XElement(Edm + "Parameter", new XAttribute("Name", action.EntityParameter), new XAttribute("Type", "mscrm." + action.EntityTable), new XAttribute("Nullable", "false")),
                new XElement(Edm + "Parameter", new XAttribute("Name", "Status"), new XAttribute("Type", "Edm.Int32"), new XAttribute("Nullable", "false"))));
            container.Add(new XElement(Edm + "ActionImport", new XAttribute("Name", action.Name), new XAttribute("Action", "mscrm." + action.Name)));
        }
        schema.Add(container);
        var document = new XDocument(new XElement(Edmx + "Edmx", new XAttribute("Version", "4.0"),
            new XAttribute(XNamespace.Xmlns + "edmx", Edmx.NamespaceName),
            new XElement(Edmx + "DataServices", schema)));
        return document.Declaration + document.ToString(SaveOptions.DisableFormatting);
    }

    private static string TypeOf(ApiField field) => field.Type switch
    {
        ApiFieldType.Boolean => "Edm.Boolean",
        ApiFieldType.DateTime => "Edm.DateTimeOffset",
        ApiFieldType.Decimal or ApiFieldType.Money => "Edm.Decimal",
        ApiFieldType.Float => "Edm.Double",
        ApiFieldType.Integer or ApiFieldType.Picklist => "Edm.Int32",
        ApiFieldType.Guid => "Edm.Guid",
        ApiFieldType.StringArray => "Collection(Edm.String)",
        ApiFieldType.Entity or ApiFieldType.EntityReference => "mscrm." + (field.Table ?? "crmbaseentity"),
        ApiFieldType.EntityCollection => "Collection(mscrm.crmbaseentity)",
        _ => "Edm.String",
    };
}
