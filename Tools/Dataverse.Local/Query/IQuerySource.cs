using Microsoft.Xrm.Sdk;

namespace Dataverse.Local.Query;

/// <summary>The rows and schema the query engine reads. Implemented by the local Dataverse engine.</summary>
public interface IQuerySource
{
    bool TableExists(string table);
    bool ColumnExists(string table, string column);
    string PrimaryIdColumn(string table);          // "accountid"
    IEnumerable<Entity> Rows(string table);        // stored rows (SDK value types); the engine never mutates them
}

/// <summary>
/// Optional schema detail a source may also implement. Without it the engine infers a column's type from the
/// values stored in it, and returns no formatted values for choices.
/// </summary>
public interface IQueryMetadata
{
    /// <summary>The column's type, or <see cref="QueryColumnType.Unknown"/>.</summary>
    QueryColumnType ColumnType(string table, string column);

    /// <summary>The label of a choice value, or null when the column has no such option.</summary>
    string? OptionLabel(string table, string column, int value);
}

/// <summary>
/// Optional: lets the engine name the records that lookups point to, as Dataverse returns lookups with their
/// Name and formatted value. Without it a lookup comes back with the name it was stored with.
/// </summary>
public interface IQueryRecordNames
{
    /// <summary>The primary name column of a table ("name" for account, "fullname" for contact), or null.</summary>
    string? PrimaryNameColumn(string table);

    /// <summary>The stored row with this id, or null.</summary>
    Entity? Find(string table, Guid id);
}

/// <summary>
/// Optional: rows found by id through an index, so that a query for one record, or for the rows that point to one
/// record, need not scan the table. Used for an equality on the primary key or a lookup column.
/// </summary>
public interface IQueryIndexedSource
{
    /// <summary>The stored rows whose <paramref name="column"/> (primary key or lookup) holds <paramref name="id"/>,
    /// or null when that column has no index (the engine then scans).</summary>
    IEnumerable<Entity>? RowsWithId(string table, string column, Guid id);
}

/// <summary>
/// Optional: rows by position in the store's order, and indexes that answer positions. With it the engine plans a
/// query as a database does: the candidate rows of an <c>eq</c> / <c>in</c> on an indexed column (of the main table,
/// or of a linked table, followed back through the link columns), intersected across "and" and united across "or",
/// read in store order so the result is exactly what a scan gives; and joins read the linked rows of many parents
/// through the index instead of scanning the linked table.
/// </summary>
public interface IQueryRowPositions
{
    /// <summary>Positions run from 0 to this, exclusive (holes included).</summary>
    int Extent(string table);

    /// <summary>How many rows the table has.</summary>
    int RowCount(string table);

    /// <summary>The stored row at a position, or null for a hole.</summary>
    Entity? RowAt(string table, int position);

    /// <summary>Adds the positions of the rows whose <paramref name="column"/> (primary key or lookup) holds
    /// <paramref name="id"/>; false when that column has no index.</summary>
    bool AddPositions(string table, string column, Guid id, List<int> positions);
}

/// <summary>
/// Optional: a version per table that changes whenever any row of the table is created, changed or removed
/// (rollbacks included). With it the engine keeps its own id indexes on primary key and lookup columns between
/// queries and rebuilds one only after its table changed, so repeated lookups by id need not scan.
/// </summary>
public interface IQueryChangeTracking
{
    long TableVersion(string table);
}

/// <summary>Column types as far as querying cares.</summary>
public enum QueryColumnType
{
    Unknown,
    String,
    Memo,
    Integer,
    BigInt,
    Decimal,
    Double,
    Money,
    Boolean,
    DateTime,
    Picklist,
    MultiSelectPicklist,
    State,
    Status,
    Lookup,
    Customer,
    Owner,
    UniqueIdentifier,
    PartyList,
    Other,
}

/// <summary>Who runs the query: the user the eq-userid and eq-businessid operators compare with.</summary>
public sealed class QueryCaller
{
    public Guid UserId { get; init; }
    public Guid BusinessUnitId { get; init; }
    public IReadOnlyCollection<Guid> TeamIds { get; init; } = Array.Empty<Guid>();
}
