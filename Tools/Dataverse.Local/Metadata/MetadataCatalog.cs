namespace Dataverse.Local.Metadata;

/// <summary>The tables, columns and relationships of one organization.</summary>
public sealed class MetadataCatalog
{
    private readonly Dictionary<string, TableMetadata> _tables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RelationshipMetadata> _relationships = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<RelationshipMetadata>> _oneToManyByParent = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Table, string Column), List<RelationshipMetadata>> _byLookup = new();
    private int _nextCustomTypeCode = 10000;

    public IEnumerable<TableMetadata> Tables => _tables.Values;
    public IEnumerable<RelationshipMetadata> Relationships => _relationships.Values;

    public TableMetadata? Table(string logicalName) =>
        logicalName is not null && _tables.TryGetValue(logicalName, out var t) ? t : null;

    public bool HasTable(string logicalName) => logicalName is not null && _tables.ContainsKey(logicalName);

    /// <summary>Adds a table, or merges its columns into the table of the same name.</summary>
    public TableMetadata AddTable(TableMetadata table)
    {
        if (_tables.TryGetValue(table.LogicalName, out var existing))
        {
            foreach (var column in table.Columns) existing.SetColumn(column);
            return existing;
        }
        if (table.ObjectTypeCode == 0) table.ObjectTypeCode = _nextCustomTypeCode++;
        _tables[table.LogicalName] = table;
        return table;
    }

    public RelationshipMetadata? Relationship(string schemaName) =>
        schemaName is not null && _relationships.TryGetValue(schemaName, out var r) ? r : null;

    /// <summary>Adds the relationship; a relationship of the same name is replaced.</summary>
    public void AddRelationship(RelationshipMetadata relationship)
    {
        if (_relationships.TryGetValue(relationship.SchemaName, out var old)) Remove(old);
        // One relationship per lookup and target: a solution's definition replaces the generated one.
        if (!relationship.IsManyToMany &&
            _byLookup.TryGetValue((relationship.ReferencingTable, relationship.ReferencingColumn), out var sameLookup))
        {
            foreach (var other in sameLookup.Where(r => r.ReferencedTable == relationship.ReferencedTable).ToList()) Remove(other);
        }
        _relationships[relationship.SchemaName] = relationship;
        if (relationship.IsManyToMany) return;
        if (!_oneToManyByParent.TryGetValue(relationship.ReferencedTable, out var list))
            _oneToManyByParent[relationship.ReferencedTable] = list = new List<RelationshipMetadata>();
        list.Add(relationship);
        var key = (relationship.ReferencingTable, relationship.ReferencingColumn);
        if (!_byLookup.TryGetValue(key, out var lookups)) _byLookup[key] = lookups = new List<RelationshipMetadata>();
        lookups.Add(relationship);
    }

    private void Remove(RelationshipMetadata relationship)
    {
        _relationships.Remove(relationship.SchemaName);
        if (relationship.IsManyToMany) return;
        if (_oneToManyByParent.TryGetValue(relationship.ReferencedTable, out var list)) list.Remove(relationship);
        if (_byLookup.TryGetValue((relationship.ReferencingTable, relationship.ReferencingColumn), out var lookups)) lookups.Remove(relationship);
    }

    /// <summary>The one-to-many relationships whose parent (referenced) table is this one.</summary>
    public IReadOnlyList<RelationshipMetadata> OneToManyFrom(string referencedTable) =>
        _oneToManyByParent.TryGetValue(referencedTable, out var list) ? list : (IReadOnlyList<RelationshipMetadata>)Array.Empty<RelationshipMetadata>();

    public bool HasRelationshipFor(string referencingTable, string referencingColumn, string referencedTable) =>
        _byLookup.TryGetValue((referencingTable, referencingColumn), out var list) && list.Any(r => r.ReferencedTable == referencedTable);

    /// <summary>
    /// Every lookup that no relationship describes gets one with Dataverse's default behaviour (RemoveLink on
    /// delete), so deleting a parent never leaves a dangling reference. Platform columns (createdby, ownerid ...)
    /// are left out: users and teams are never deleted here.
    /// </summary>
    public void AddDefaultRelationships()
    {
        foreach (var table in _tables.Values.ToList())
        {
            foreach (var column in table.Columns)
            {
                if (!column.IsLookup || column.IsPlatformManaged || column.Kind == ColumnKind.Owner) continue;
                foreach (var target in column.Targets)
                {
                    if (!_tables.ContainsKey(target) || HasRelationshipFor(table.LogicalName, column.LogicalName, target)) continue;
                    var referencedId = _tables[target].PrimaryIdColumn;
                    AddRelationship(new RelationshipMetadata($"{target}_{table.LogicalName}_{column.LogicalName}", target, referencedId, table.LogicalName, column.LogicalName));
                }
            }
        }
    }
}
