using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dataverse.Local.Metadata;
using Microsoft.Xrm.Sdk;

namespace Dataverse.WebApi;

/// <summary>
/// The Web API's view of the organization's metadata: entity sets by the EntitySetName each table's metadata
/// carries (Learn, "Web API types and operations": "the EntitySetName of the table"), property names (a lookup
/// column x is the read-only property _x_value and the single-valued navigation property x; Learn, "Lookup
/// properties"), Edm types, and the conversion of values between JSON and the SDK's types.
/// </summary>
public sealed class EntitySets
{
    private readonly Dictionary<string, TableMetadata> _bySet = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _setByTable = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<NavigationProperty>> _navigations = new(StringComparer.Ordinal);

    public EntitySets(MetadataCatalog catalog)
    {
        Catalog = catalog;
        foreach (var table in catalog.Tables)
        {
            if (string.IsNullOrEmpty(table.EntitySetName) || table.IsIntersect) continue;
            _bySet[table.EntitySetName] = table;
            _setByTable[table.LogicalName] = table.EntitySetName;
        }
        var declared = catalog.Relationships.Where(r => !r.IsManyToMany && r.ReferencingNavigationProperty is not null)
            .GroupBy(r => (r.ReferencingTable, r.ReferencingColumn, r.ReferencedTable))
            .ToDictionary(g => g.Key, g => g.First().ReferencingNavigationProperty!);
        foreach (var (_, table) in All)
        {
            var list = new List<NavigationProperty>();
            foreach (var column in table.Columns.Where(c => c.IsLookup))
            {
                var targets = column.Targets.Where(t => SetOf(t) is not null).ToList();
                if (column.Kind == ColumnKind.Owner)
                {
                    // Learn, "Web API EntityType reference" (account): ownerid is one navigation property of type principal.
                    if (targets.Count > 0) list.Add(new NavigationProperty(column.LogicalName, column, null, targets.Count == 1 ? targets[0] : "principal"));
                    continue;
                }
                foreach (var target in targets)
                {
                    var name = declared.TryGetValue((table.LogicalName, column.LogicalName, target), out var n) ? n : DefaultName(table, column, target);
                    list.Add(new NavigationProperty(name, column, target, target));
                }
            }
            _navigations[table.LogicalName] = list;
        }
    }

    /// <summary>A single-valued navigation property: its name, the lookup behind it, the table it binds (null: any of the lookup's targets), its Edm type's table.</summary>
    public sealed record NavigationProperty(string Name, ColumnMetadata Column, string? Target, string TypeTable);

    /// <summary>
    /// The ReferencingEntityNavigationPropertyName Dataverse gives a lookup whose relationship the solution does not
    /// name (Learn, "Web API navigation properties" and the EntityType reference pages): the lookup's logical name
    /// for one target; for a polymorphic lookup one property per target, x_target (parentcustomerid_account,
    /// customerid_contact), and on an activity's regarding lookup regardingobjectid_target_activity
    /// (regardingobjectid_account_email). A custom lookup's relationship names it in the solution: its schema name.
    /// </summary>
    private static string DefaultName(TableMetadata table, ColumnMetadata column, string target)
    {
        if (column.Targets.Count <= 1) return column.LogicalName;
        return table.IsActivity && column.LogicalName == "regardingobjectid"
            ? $"{column.LogicalName}_{target}_{table.LogicalName}"
            : $"{column.LogicalName}_{target}";
    }

    /// <summary>The single-valued navigation properties of a table, in column order.</summary>
    public IReadOnlyList<NavigationProperty> Navigations(TableMetadata table) =>
        _navigations.TryGetValue(table.LogicalName, out var list) ? list : Array.Empty<NavigationProperty>();

    /// <summary>The navigation property a lookup's value to a row of the given table goes through.</summary>
    public string? NavigationName(TableMetadata table, ColumnMetadata column, string target) =>
        Navigations(table).FirstOrDefault(n => n.Column == column && (n.Target is null || n.Target == target))?.Name;

    public MetadataCatalog Catalog { get; }
    public IEnumerable<KeyValuePair<string, TableMetadata>> All => _bySet.OrderBy(p => p.Key, StringComparer.Ordinal);

    /// <summary>The table of an entity set; entity set names are case sensitive, as in Dataverse.</summary>
    public TableMetadata? Table(string entitySet) => _bySet.TryGetValue(entitySet, out var t) ? t : null;

    public string? SetOf(string table) => _setByTable.TryGetValue(table, out var s) ? s : null;

    /// <summary>Whether the column is a property of the entity type (virtual, image, file and party columns are not).</summary>
    public static bool IsExposed(ColumnMetadata column) =>
        column.Kind is not (ColumnKind.Virtual or ColumnKind.Image or ColumnKind.File or ColumnKind.PartyList);

    /// <summary>The JSON property name of a column: _x_value for a lookup, the logical name otherwise.</summary>
    public static string PropertyName(ColumnMetadata column) => column.IsLookup ? "_" + column.LogicalName + "_value" : column.LogicalName;

    /// <summary>The column a property names ($select, $filter, $orderby); null when the type has no such property.</summary>
    public static ColumnMetadata? Property(TableMetadata table, string property)
    {
        if (property.StartsWith('_') && property.EndsWith("_value", StringComparison.Ordinal) && property.Length > 7)
        {
            var lookup = table.Column(property[1..^6]);
            return lookup is { IsLookup: true } ? lookup : null;
        }
        var column = table.Column(property);
        return column is not null && !column.IsLookup && IsExposed(column) ? column : null;
    }

    /// <summary>
    /// The single-valued navigation property of that name. Names are case sensitive, as Dataverse's OData parser
    /// reads them: wb_accountid is not wb_AccountId, parentcustomerid is not parentcustomerid_account.
    /// </summary>
    public NavigationProperty? Navigation(TableMetadata table, string name) =>
        Navigations(table).FirstOrDefault(n => string.Equals(n.Name, name, StringComparison.Ordinal));

    /// <summary>The Edm type of a column (Learn, "Web API Property types").</summary>
    public static string EdmType(ColumnMetadata column) => column.Kind switch
    {
        ColumnKind.Integer or ColumnKind.Picklist or ColumnKind.State or ColumnKind.Status => "Edm.Int32",
        ColumnKind.BigInt => "Edm.Int64",
        ColumnKind.Decimal or ColumnKind.Money => "Edm.Decimal",
        ColumnKind.Double => "Edm.Double",
        ColumnKind.Boolean => "Edm.Boolean",
        ColumnKind.DateTime => "Edm.DateTimeOffset",
        ColumnKind.UniqueIdentifier or ColumnKind.Lookup or ColumnKind.Customer or ColumnKind.Owner => "Edm.Guid",
        _ => "Edm.String",
    };

    // ------------------------------------------------------------------ values out

    public static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        decimal d => JsonValue.Create(d),
        double d => JsonValue.Create(d),
        float f => JsonValue.Create(f),
        bool b => JsonValue.Create(b),
        Guid g => JsonValue.Create(g.ToString("D")),
        DateTime t => JsonValue.Create(Iso(t)),
        Money m => JsonValue.Create(m.Value),
        OptionSetValue o => JsonValue.Create(o.Value),
        OptionSetValueCollection c => JsonValue.Create(string.Join(",", c.Select(o => o.Value.ToString(CultureInfo.InvariantCulture)))),
        EntityReference r => JsonValue.Create(r.Id.ToString("D")),
        AliasedValue a => ToJson(a.Value),
        _ => JsonValue.Create(value.ToString()),
    };

    public static string Iso(DateTime t) =>
        (t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    // ------------------------------------------------------------------ values in

    /// <summary>
    /// A JSON value as the column's SDK type; null when the JSON kind does not fit the column (the caller reports
    /// "Cannot convert the literal ... to the expected type ...").
    /// </summary>
    public static bool TryFromJson(ColumnMetadata column, JsonElement json, out object? value)
    {
        value = null;
        if (json.ValueKind == JsonValueKind.Null) return true;
        switch (column.Kind)
        {
            case ColumnKind.String or ColumnKind.Memo or ColumnKind.EntityName:
                if (json.ValueKind != JsonValueKind.String) return false;
                value = json.GetString();
                return true;
            case ColumnKind.Integer:
                if (json.ValueKind != JsonValueKind.Number || !json.TryGetInt32(out var i)) return false;
                value = i;
                return true;
            case ColumnKind.BigInt:
                if (json.ValueKind != JsonValueKind.Number || !json.TryGetInt64(out var l)) return false;
                value = l;
                return true;
            case ColumnKind.Decimal or ColumnKind.Money:
                if (json.ValueKind != JsonValueKind.Number || !json.TryGetDecimal(out var d)) return false;
                value = column.Kind == ColumnKind.Money ? new Money(d) : d;
                return true;
            case ColumnKind.Double:
                if (json.ValueKind != JsonValueKind.Number || !json.TryGetDouble(out var x)) return false;
                value = x;
                return true;
            case ColumnKind.Boolean:
                if (json.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) return false;
                value = json.GetBoolean();
                return true;
            case ColumnKind.DateTime:
                if (json.ValueKind != JsonValueKind.String || !TryDate(json.GetString()!, out var t)) return false;
                value = t;
                return true;
            case ColumnKind.Picklist or ColumnKind.State or ColumnKind.Status:
                if (json.ValueKind != JsonValueKind.Number || !json.TryGetInt32(out var o)) return false;
                value = new OptionSetValue(o);
                return true;
            case ColumnKind.MultiSelectPicklist:
                if (json.ValueKind != JsonValueKind.String) return false;
                var parts = json.GetString()!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var values = new OptionSetValueCollection();
                foreach (var part in parts)
                {
                    if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)) return false;
                    values.Add(new OptionSetValue(v));
                }
                value = values;
                return true;
            case ColumnKind.UniqueIdentifier:
                if (json.ValueKind != JsonValueKind.String || !Guid.TryParse(json.GetString(), out var g)) return false;
                value = g;
                return true;
            default:
                return false;
        }
    }

    public static bool TryDate(string text, out DateTime value)
    {
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var offset))
        {
            value = offset.UtcDateTime;
            return true;
        }
        value = default;
        return false;
    }
}
