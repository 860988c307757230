using Dataverse.Local.Metadata;
using Dataverse.Local.Query;
using Microsoft.Xrm.Sdk;

namespace Dataverse.Local;

/// <summary>The organization's rows and metadata as the query engine reads them.</summary>
internal sealed class StoreQuerySource : IQuerySource, IQueryMetadata, IQueryRecordNames, IQueryIndexedSource, IQueryRowPositions
{
    private readonly LocalOrganization _org;

    public StoreQuerySource(LocalOrganization org) => _org = org;

    public bool TableExists(string table) => _org.Metadata.HasTable(table);

    public bool ColumnExists(string table, string column) => _org.Metadata.Table(table)?.HasColumn(column) ?? false;

    public string PrimaryIdColumn(string table) => _org.Metadata.Table(table)?.PrimaryIdColumn ?? table + "id";

    public IEnumerable<Entity> Rows(string table) => _org.StoredRows(table);

    public QueryColumnType ColumnType(string table, string column) => _org.Metadata.Table(table)?.Column(column)?.Kind switch
    {
        null => QueryColumnType.Unknown,
        ColumnKind.String => QueryColumnType.String,
        ColumnKind.Memo => QueryColumnType.Memo,
        ColumnKind.Integer => QueryColumnType.Integer,
        ColumnKind.BigInt => QueryColumnType.BigInt,
        ColumnKind.Decimal => QueryColumnType.Decimal,
        ColumnKind.Double => QueryColumnType.Double,
        ColumnKind.Money => QueryColumnType.Money,
        ColumnKind.Boolean => QueryColumnType.Boolean,
        ColumnKind.DateTime => QueryColumnType.DateTime,
        ColumnKind.Picklist => QueryColumnType.Picklist,
        ColumnKind.MultiSelectPicklist => QueryColumnType.MultiSelectPicklist,
        ColumnKind.State => QueryColumnType.State,
        ColumnKind.Status => QueryColumnType.Status,
        ColumnKind.Lookup => QueryColumnType.Lookup,
        ColumnKind.Customer => QueryColumnType.Customer,
        ColumnKind.Owner => QueryColumnType.Owner,
        ColumnKind.UniqueIdentifier => QueryColumnType.UniqueIdentifier,
        ColumnKind.PartyList => QueryColumnType.PartyList,
        ColumnKind.EntityName => QueryColumnType.String,
        _ => QueryColumnType.Other,
    };

    public string? OptionLabel(string table, string column, int value) =>
        _org.Metadata.Table(table)?.Column(column)?.Option(value)?.Label;

    public string? PrimaryNameColumn(string table) =>
        _org.Metadata.Table(table)?.PrimaryNameColumn is { Length: > 0 } name ? name : null;

    public Entity? Find(string table, Guid id) => _org.StoredRow(table, id);

    public IEnumerable<Entity>? RowsWithId(string table, string column, Guid id)
    {
        var meta = _org.Metadata.Table(table);
        if (meta is null) return null;
        if (column == meta.PrimaryIdColumn) return _org.StoredRow(table, id) is { } row ? new[] { row } : Array.Empty<Entity>();
        return _org.StoredRowsReferencing(table, column, id);
    }

    public int Extent(string table) => _org.Store.Extent(table);

    public int RowCount(string table) => _org.Store.Count(table);

    public Entity? RowAt(string table, int position) => _org.Store.At(table, position);

    public bool AddPositions(string table, string column, Guid id, List<int> positions) =>
        _org.Metadata.Table(table) is { } meta && _org.Store.AddPositions(table, column, meta.PrimaryIdColumn, id, positions);
}

public sealed partial class LocalOrganization
{
    /// <summary>The stored rows themselves (never copied): for the query engine, which never changes them.</summary>
    internal IEnumerable<Entity> StoredRows(string table) => _store.Rows(table);

    internal Entity? StoredRow(string table, Guid id) => _store.Get(table, id);

    internal Storage.RecordStore Store => _store;

    internal IEnumerable<Entity>? StoredRowsReferencing(string table, string column, Guid id) => _store.RowsReferencing(table, column, id);
}
