using Microsoft.Xrm.Sdk;

namespace Dataverse.Local.Storage;

/// <summary>
/// The rows of every table. A table keeps its rows in slots, in store order, with a map from id to slot; a removed
/// row's slot is the next one filled, as a Dictionary reuses its entries, so the store order is the one a
/// Dictionary keyed by id would give. Rows are stored compactly (<see cref="RowCompactor"/>) and never changed in
/// place: a write replaces the row, so an undo log only has to keep the replaced row and queries can read rows
/// without copying them.
/// </summary>
internal sealed class RecordStore
{
    private readonly Dictionary<string, TableRows> _tables = new(StringComparer.Ordinal);
    private readonly RowCompactor _compactor = new();

    /// <summary>
    /// Which lookup columns are indexed, as Dataverse's SQL indexes every lookup and owner column: all of them but
    /// the audit lookups (createdby, modifiedby and their on-behalf-of twins), which point at a handful of users and
    /// that no query of the product filters on.
    /// </summary>
    public static bool IsIndexed(string column) => column is not ("createdby" or "modifiedby" or "createdonbehalfby" or "modifiedonbehalfby");

    private TableRows Table(string table)
    {
        if (!_tables.TryGetValue(table, out var rows)) _tables[table] = rows = new TableRows();
        return rows;
    }

    public Entity? Get(string table, Guid id) =>
        _tables.TryGetValue(table, out var rows) && rows.Positions.TryGetValue(id, out var slot) ? rows.Slots[slot] : null;

    public bool Exists(string table, Guid id) => _tables.TryGetValue(table, out var rows) && rows.Positions.ContainsKey(id);

    /// <summary>The rows in store order. Rows written while enumerating are seen or not, as with a Dictionary.</summary>
    public IEnumerable<Entity> Rows(string table)
    {
        if (!_tables.TryGetValue(table, out var rows)) yield break;
        var slots = rows.Slots;
        for (var i = 0; i < slots.Count; i++)
            if (slots[i] is { } row) yield return row;
    }

    public int Count(string table) => _tables.TryGetValue(table, out var rows) ? rows.Positions.Count : 0;

    /// <summary>How many slots the table has (rows and holes): positions run from 0 to this, exclusive.</summary>
    public int Extent(string table) => _tables.TryGetValue(table, out var rows) ? rows.Slots.Count : 0;

    /// <summary>The row at a position, or null for a hole.</summary>
    public Entity? At(string table, int position) =>
        _tables.TryGetValue(table, out var rows) && position >= 0 && position < rows.Slots.Count ? rows.Slots[position] : null;

    /// <summary>Adds the positions of the rows whose column (primary key or indexed lookup) holds the id; false when the column has no index.</summary>
    public bool AddPositions(string table, string column, string primaryIdColumn, Guid id, List<int> positions)
    {
        if (column == primaryIdColumn)
        {
            if (_tables.TryGetValue(table, out var keyed) && keyed.Positions.TryGetValue(id, out var slot)) positions.Add(slot);
            return true;
        }
        if (!IsIndexed(column)) return false;
        if (_tables.TryGetValue(table, out var rows) && rows.Indexes.TryGetValue(column, out var index) && index.TryGetValue(id, out var set))
            set.AddTo(positions);
        return true;
    }

    /// <summary>The rows of a table whose lookup column points to the id, in store order, or null when the column is not indexed.</summary>
    public IEnumerable<Entity>? RowsReferencing(string table, string column, Guid id)
    {
        if (!IsIndexed(column)) return null;
        if (!_tables.TryGetValue(table, out var rows) || !rows.Indexes.TryGetValue(column, out var index) || !index.TryGetValue(id, out var set))
            return Array.Empty<Entity>();
        var positions = new List<int>(set.Count);
        set.AddTo(positions);
        positions.Sort();
        var result = new List<Entity>(positions.Count);
        foreach (var position in positions) result.Add(rows.Slots[position]!);
        return result;
    }

    /// <summary>Puts (row != null) or removes (row == null) a row, logging the previous row in the transaction.</summary>
    public void Write(Transaction? transaction, string table, Guid id, Entity? row)
    {
        var rows = Table(table);
        var previous = rows.Positions.TryGetValue(id, out var slot) ? rows.Slots[slot] : null;
        transaction?.LogUndo(table, id, previous);
        rows.Replace(id, previous, row is null ? null : _compactor.Compact(row));
    }

    /// <summary>Restores a row as it was, without logging (used by rollback). The row is already in its stored form.</summary>
    public void Restore(string table, Guid id, Entity? previous)
    {
        var rows = Table(table);
        var current = rows.Positions.TryGetValue(id, out var slot) ? rows.Slots[slot] : null;
        rows.Replace(id, current, previous);
    }

    /// <summary>One table: its rows in slots and its lookup indexes, kept in step with every write.</summary>
    private sealed class TableRows
    {
        public readonly List<Entity?> Slots = new();
        public readonly Dictionary<Guid, int> Positions = new();
        public readonly Dictionary<string, Dictionary<Guid, PositionSet>> Indexes = new(StringComparer.Ordinal);
        private readonly Stack<int> _free = new();

        public void Replace(Guid id, Entity? current, Entity? next)
        {
            int slot;
            if (current is not null)
            {
                slot = Positions[id];
                if (next is null)
                {
                    Unindex(current, slot, null);
                    Slots[slot] = null;
                    Positions.Remove(id);
                    _free.Push(slot);
                    return;
                }
                Unindex(current, slot, next);
                Slots[slot] = next;
                Index(next, slot, current);
                return;
            }
            if (next is null) return;
            if (_free.Count > 0) Slots[slot = _free.Pop()] = next;
            else
            {
                slot = Slots.Count;
                Slots.Add(next);
            }
            Positions[id] = slot;
            Index(next, slot, null);
        }

        private static Guid? Referenced(Entity row, string column) =>
            row.Attributes.TryGetValue(column, out var value) ? Key(row, value) : null;

        // What a column points to: a lookup's id, or a bare Guid other than the row's own id (the two columns of an N:N
        // intersect row hold bare Guids, and a link-entity through the intersect table joins on them).
        private static Guid? Key(Entity row, object? value) => value switch
        {
            EntityReference reference => reference.Id,
            Guid id when id != row.Id && id != Guid.Empty => id,
            _ => null,
        };

        // A column whose reference did not change keeps its index entry: updates that leave the owner or the
        // parent alone touch no index.
        private void Index(Entity row, int slot, Entity? previous)
        {
            foreach (var attribute in row.Attributes)
            {
                if (Key(row, attribute.Value) is not { } referenced || !IsIndexed(attribute.Key)) continue;
                if (previous is not null && Referenced(previous, attribute.Key) == referenced) continue;
                if (!Indexes.TryGetValue(attribute.Key, out var index)) Indexes[attribute.Key] = index = new Dictionary<Guid, PositionSet>();
                if (!index.TryGetValue(referenced, out var set)) index[referenced] = set = new PositionSet();
                set.Add(slot);
            }
        }

        private void Unindex(Entity row, int slot, Entity? next)
        {
            foreach (var attribute in row.Attributes)
            {
                if (Key(row, attribute.Value) is not { } referenced || !IsIndexed(attribute.Key)) continue;
                if (next is not null && Referenced(next, attribute.Key) == referenced) continue;
                if (!Indexes.TryGetValue(attribute.Key, out var index) || !index.TryGetValue(referenced, out var set)) continue;
                set.Remove(slot);
                if (set.Count == 0) index.Remove(referenced);
            }
        }
    }

    /// <summary>The positions of the rows that hold one id in one column: a small array, or a hash set once it grows.</summary>
    private sealed class PositionSet
    {
        private const int ArrayLimit = 16;
        private int[] _items = new int[1];
        private int _count;
        private HashSet<int>? _set;

        public int Count => _set?.Count ?? _count;

        public void Add(int position)
        {
            if (_set is not null)
            {
                _set.Add(position);
                return;
            }
            if (Array.IndexOf(_items, position, 0, _count) >= 0) return;
            if (_count == ArrayLimit)
            {
                _set = new HashSet<int>(_items) { position };
                _items = Array.Empty<int>();
                _count = 0;
                return;
            }
            if (_count == _items.Length) Array.Resize(ref _items, Math.Min(ArrayLimit, _count * 2));
            _items[_count++] = position;
        }

        public void Remove(int position)
        {
            if (_set is not null)
            {
                _set.Remove(position);
                return;
            }
            var i = Array.IndexOf(_items, position, 0, _count);
            if (i < 0) return;
            _items[i] = _items[--_count];
        }

        public void AddTo(List<int> positions)
        {
            if (_set is not null) positions.AddRange(_set);
            else for (var i = 0; i < _count; i++) positions.Add(_items[i]);
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
