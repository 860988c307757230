namespace Dataverse.Local.Metadata;

/// <summary>Column types as Dataverse's AttributeTypeCode names them (plus Image and File).</summary>
public enum ColumnKind
{
    String, Memo, Integer, BigInt, Decimal, Double, Money, Boolean, DateTime, Picklist, MultiSelectPicklist,
    State, Status, Lookup, Customer, Owner, UniqueIdentifier, PartyList, Image, File,
    /// <summary>The logical name of a table (activitytypecode, objecttypecode).</summary>
    EntityName,
    /// <summary>A column Dataverse computes and never stores from a request.</summary>
    Virtual,
}

/// <summary>How much a column is required. Dataverse enforces only <see cref="SystemRequired"/> on its API.</summary>
public enum ColumnRequirement { None, Recommended, ApplicationRequired, SystemRequired }

/// <summary>Who owns the rows of a table, which decides how privileges reach them.</summary>
public enum TableOwnershipKind
{
    /// <summary>User or team owned: rows carry ownerid and owningbusinessunit, privileges have depths.</summary>
    UserOwned,
    /// <summary>Organization owned: a privilege at any depth reaches every row.</summary>
    OrganizationOwned,
    /// <summary>Business owned or platform tables (systemuser, team, businessunit, role).</summary>
    BusinessOwned,
    /// <summary>No ownership of its own (activityparty, intersect tables): the parent decides.</summary>
    None,
}

/// <summary>What a delete does to the rows that refer to the deleted row.</summary>
public enum CascadeKind { Cascade, Active, UserOwned, NoCascade, RemoveLink, Restrict }

public sealed class OptionMetadata
{
    public OptionMetadata(int value, string label, int? state = null)
    {
        Value = value;
        Label = label;
        State = state;
    }

    public int Value { get; }
    public string Label { get; }
    /// <summary>For status reasons: the statecode the status belongs to.</summary>
    public int? State { get; }
    /// <summary>For states: the status reason a row gets when it enters this state without one.</summary>
    public int? DefaultStatus { get; init; }
}

public sealed class ColumnMetadata
{
    public ColumnMetadata(string logicalName, ColumnKind kind)
    {
        LogicalName = logicalName;
        Kind = kind;
    }

    public string LogicalName { get; }
    public ColumnKind Kind { get; }
    public string DisplayName { get; init; } = "";
    public int? MaxLength { get; init; }
    public decimal? MinValue { get; init; }
    public decimal? MaxValue { get; init; }
    public int? Precision { get; init; }
    public ColumnRequirement Requirement { get; init; }
    public IReadOnlyList<OptionMetadata> Options { get; init; } = Array.Empty<OptionMetadata>();
    /// <summary>Tables a lookup, customer, owner or party column may point to.</summary>
    public IReadOnlyList<string> Targets { get; init; } = Array.Empty<string>();
    public bool IsCustom { get; init; }
    /// <summary>Filled by the platform (createdon, ownerid, versionnumber ...): never required from a caller.</summary>
    public bool IsPlatformManaged { get; init; }
    /// <summary>A date and time column with the DateOnly behavior: a date without a time (Learn, DateTimeBehavior.DateOnly).</summary>
    public bool IsDateOnly { get; init; }

    public bool IsLookup => Kind is ColumnKind.Lookup or ColumnKind.Customer or ColumnKind.Owner;
    public bool IsChoice => Kind is ColumnKind.Picklist or ColumnKind.State or ColumnKind.Status;

    public OptionMetadata? Option(int value)
    {
        foreach (var option in Options) if (option.Value == value) return option;
        return null;
    }
}

public sealed class TableMetadata
{
    private readonly Dictionary<string, ColumnMetadata> _columns = new(StringComparer.Ordinal);
    private readonly List<ColumnMetadata> _ordered = new();

    public TableMetadata(string logicalName, string schemaName, string primaryIdColumn, string primaryNameColumn)
    {
        LogicalName = logicalName;
        SchemaName = schemaName;
        PrimaryIdColumn = primaryIdColumn;
        PrimaryNameColumn = primaryNameColumn;
        PrivilegeName = schemaName;
    }

    public string LogicalName { get; }
    /// <summary>Schema name as Dataverse spells it (Account, wb_UsageSnapshot).</summary>
    public string SchemaName { get; }
    public string DisplayName { get; set; } = "";
    /// <summary>The Web API's name for the table's rows (accounts, wb_disengagementhistories), from the table's metadata.</summary>
    public string EntitySetName { get; set; } = "";
    public string PrimaryIdColumn { get; }
    public string PrimaryNameColumn { get; }
    public TableOwnershipKind Ownership { get; set; } = TableOwnershipKind.UserOwned;
    public bool IsActivity { get; set; }
    public bool IsCustom { get; set; }
    public bool IsIntersect { get; set; }
    public int ObjectTypeCode { get; set; }
    /// <summary>
    /// The name privileges use for this table: prvRead + PrivilegeName. The schema name for most tables,
    /// "Activity" for every activity table, "Note" for annotation, "User" for systemuser.
    /// </summary>
    public string PrivilegeName { get; set; }

    public IReadOnlyList<ColumnMetadata> Columns => _ordered;

    private ColumnMetadata[]? _required;
    private bool? _hasMoney;

    /// <summary>The columns with a requirement level of ApplicationRequired or SystemRequired (cached).</summary>
    public IReadOnlyList<ColumnMetadata> RequiredColumns =>
        _required ??= _ordered.Where(c => c.Requirement is ColumnRequirement.SystemRequired or ColumnRequirement.ApplicationRequired).ToArray();

    public bool HasMoneyColumns => _hasMoney ??= _ordered.Any(c => c.Kind == ColumnKind.Money);
    public bool HasStateCode => _columns.ContainsKey("statecode");

    public ColumnMetadata? Column(string logicalName) => _columns.TryGetValue(logicalName, out var c) ? c : null;
    public bool HasColumn(string logicalName) => _columns.ContainsKey(logicalName);

    /// <summary>Adds the column, or replaces a column of the same name (a solution may redefine a column).</summary>
    public void SetColumn(ColumnMetadata column)
    {
        if (_columns.TryGetValue(column.LogicalName, out var existing)) _ordered.Remove(existing);
        _columns[column.LogicalName] = column;
        _ordered.Add(column);
        _required = null;
        _hasMoney = null;
    }

    /// <summary>The status reason a row gets in the given state when none is given.</summary>
    public int? DefaultStatus(int state)
    {
        var stateColumn = Column("statecode");
        var option = stateColumn?.Option(state);
        if (option?.DefaultStatus is int status) return status;
        var statusColumn = Column("statuscode");
        if (statusColumn is null) return null;
        foreach (var o in statusColumn.Options) if (o.State == state) return o.Value;
        return null;
    }
}

public sealed class RelationshipMetadata
{
    public RelationshipMetadata(string schemaName, string referencedTable, string referencedColumn, string referencingTable, string referencingColumn)
    {
        SchemaName = schemaName;
        ReferencedTable = referencedTable;
        ReferencedColumn = referencedColumn;
        ReferencingTable = referencingTable;
        ReferencingColumn = referencingColumn;
    }

    public string SchemaName { get; }
    /// <summary>One side (the parent): account in account_primary_contact... for N:N the first table.</summary>
    public string ReferencedTable { get; }
    public string ReferencedColumn { get; }
    /// <summary>Many side (the child, holding the lookup); for N:N the second table.</summary>
    public string ReferencingTable { get; }
    public string ReferencingColumn { get; }
    public CascadeKind CascadeDelete { get; init; } = CascadeKind.RemoveLink;
    public bool IsManyToMany { get; init; }
    /// <summary>For N:N: the intersect table holding one row per pair.</summary>
    public string? IntersectTable { get; init; }
    /// <summary>For N:N: the intersect columns holding the first and second table's ids.</summary>
    public string? IntersectColumn1 { get; init; }
    public string? IntersectColumn2 { get; init; }
    /// <summary>ReferencingEntityNavigationPropertyName, when the solution declares it (a custom lookup's schema name).</summary>
    public string? ReferencingNavigationProperty { get; init; }
    /// <summary>ReferencedEntityNavigationPropertyName, when the solution declares it (the relationship's schema name).</summary>
    public string? ReferencedNavigationProperty { get; init; }
}
