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

    /// <summary>Puts (row != null) or removes (row == null) a row, logging the previous row in the transaction.</summary>
    public void Write(Transaction? transaction, string table, Guid id, Entity? row)
    {
        var rows = Table(table);
        rows.TryGetValue(id, out var previous);
        transaction?.LogUndo(table, id, previous);
        if (row is null) rows.Remove(id);
        else rows[id] = row;
    }

    /// <summary>Restores a row as it was, without logging (used by rollback).</summary>
    public void Restore(string table, Guid id, Entity? previous)
    {
        var rows = Table(table);
        if (previous is null) rows.Remove(id);
        else rows[id] = previous;
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
