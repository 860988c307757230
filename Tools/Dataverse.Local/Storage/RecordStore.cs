using Microsoft.Xrm.Sdk;

namespace Dataverse.Local.Storage;

/// <summary>
/// The rows of every table, one dictionary per table keyed by id. Stored entities are never changed in place:
/// a write replaces the row with a new Entity, so an undo log only has to keep the replaced reference and
/// queries can read rows without copying them.
/// </summary>
internal sealed class RecordStore
{
    private readonly Dictionary<string, Dictionary<Guid, Entity>> _tables = new(StringComparer.Ordinal);

    // Lookup index: (table, lookup column) -> referenced id -> ids of the rows pointing to it. It keeps "the cases
    // of this account" and cascading deletes from scanning whole tables. The audit lookups every row carries
    // (createdby, owningbusinessunit ...) are left out: they point at a handful of users and would only cost memory.
    private readonly Dictionary<(string Table, string Column), Dictionary<Guid, HashSet<Guid>>> _index = new();

    public static bool IsIndexed(string column) => column is not ("createdby" or "modifiedby" or "createdonbehalfby"
        or "modifiedonbehalfby" or "owninguser" or "owningteam" or "owningbusinessunit");

    public Dictionary<Guid, Entity> Table(string table)
    {
        if (!_tables.TryGetValue(table, out var rows)) _tables[table] = rows = new Dictionary<Guid, Entity>();
        return rows;
    }

    public Entity? Get(string table, Guid id) =>
        _tables.TryGetValue(table, out var rows) && rows.TryGetValue(id, out var row) ? row : null;

    public bool Exists(string table, Guid id) => _tables.TryGetValue(table, out var rows) && rows.ContainsKey(id);

    public IEnumerable<Entity> Rows(string table) =>
        _tables.TryGetValue(table, out var rows) ? rows.Values : Enumerable.Empty<Entity>();

    public int Count(string table) => _tables.TryGetValue(table, out var rows) ? rows.Count : 0;

    /// <summary>The rows of a table whose lookup column points to the id, or null when the column is not indexed.</summary>
    public IEnumerable<Entity>? RowsReferencing(string table, string column, Guid id)
    {
        if (!IsIndexed(column)) return null;
        if (!_index.TryGetValue((table, column), out var map) || !map.TryGetValue(id, out var ids)) return Array.Empty<Entity>();
        var rows = Table(table);
        var result = new List<Entity>(ids.Count);
        foreach (var rowId in ids) if (rows.TryGetValue(rowId, out var row)) result.Add(row);
        return result;
    }

    /// <summary>Puts (row != null) or removes (row == null) a row, logging the previous row in the transaction.</summary>
    public void Write(Transaction? transaction, string table, Guid id, Entity? row)
    {
        var rows = Table(table);
        rows.TryGetValue(id, out var previous);
        transaction?.LogUndo(table, id, previous);
        Replace(rows, table, id, previous, row);
    }

    /// <summary>Restores a row as it was, without logging (used by rollback).</summary>
    public void Restore(string table, Guid id, Entity? previous)
    {
        var rows = Table(table);
        rows.TryGetValue(id, out var current);
        Replace(rows, table, id, current, previous);
    }

    private void Replace(Dictionary<Guid, Entity> rows, string table, Guid id, Entity? current, Entity? next)
    {
        if (current is not null) Unindex(table, current);
        if (next is null) rows.Remove(id);
        else
        {
            rows[id] = next;
            Index(table, next);
        }
    }

    private void Index(string table, Entity row)
    {
        foreach (var attribute in row.Attributes)
        {
            if (attribute.Value is not EntityReference reference || !IsIndexed(attribute.Key)) continue;
            var key = (table, attribute.Key);
            if (!_index.TryGetValue(key, out var map)) _index[key] = map = new Dictionary<Guid, HashSet<Guid>>();
            if (!map.TryGetValue(reference.Id, out var ids)) map[reference.Id] = ids = new HashSet<Guid>();
            ids.Add(row.Id);
        }
    }

    private void Unindex(string table, Entity row)
    {
        foreach (var attribute in row.Attributes)
        {
            if (attribute.Value is not EntityReference reference || !IsIndexed(attribute.Key)) continue;
            if (!_index.TryGetValue((table, attribute.Key), out var map) || !map.TryGetValue(reference.Id, out var ids)) continue;
            ids.Remove(row.Id);
            if (ids.Count == 0) map.Remove(reference.Id);
        }
    }
}

/// <summary>
/// One database transaction: the undo log of every row it wrote (nested operations included) and the
/// asynchronous steps it queued, which only reach the queue when the transaction commits.
/// </summary>
internal sealed class Transaction
{
    private readonly List<(string Table, Guid Id, Entity? Previous)> _undo = new();

    public Transaction(Guid id) => Id = id;

    public Guid Id { get; }
    public List<Pipeline.AsyncJob> PendingAsync { get; } = new();
    public List<Action> OnCommit { get; } = new();

    /// <summary>Set when an operation inside this transaction failed: the transaction can only roll back.</summary>
    public bool Doomed { get; set; }

    public int Savepoint => _undo.Count;

    public void LogUndo(string table, Guid id, Entity? previous) => _undo.Add((table, id, previous));

    /// <summary>Undoes the writes made after the savepoint (a failed nested operation), keeping the earlier ones.</summary>
    public void RollbackTo(RecordStore store, int savepoint)
    {
        for (var i = _undo.Count - 1; i >= savepoint; i--)
        {
            var (table, id, previous) = _undo[i];
            store.Restore(table, id, previous);
        }
        if (savepoint < _undo.Count) _undo.RemoveRange(savepoint, _undo.Count - savepoint);
    }

    public void Rollback(RecordStore store)
    {
        for (var i = _undo.Count - 1; i >= 0; i--)
        {
            var (table, id, previous) = _undo[i];
            store.Restore(table, id, previous);
        }
        _undo.Clear();
        PendingAsync.Clear();
        OnCommit.Clear();
    }
}
