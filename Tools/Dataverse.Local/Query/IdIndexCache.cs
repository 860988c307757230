using System.Collections.Concurrent;
using Microsoft.Xrm.Sdk;

namespace Dataverse.Local.Query;

/// <summary>
/// Id indexes the engine builds itself on primary key and lookup columns, kept while the table's version stands.
/// </summary>
internal sealed class IdIndexCache
{
    readonly IQuerySource source;
    readonly IQueryChangeTracking tracking;
    readonly ConcurrentDictionary<(string Table, string Column), (long Version, Dictionary<Guid, List<Entity>> Index)> indexes = new();

    public IdIndexCache(IQuerySource source, IQueryChangeTracking tracking)
    {
        this.source = source;
        this.tracking = tracking;
    }

    public IEnumerable<Entity> RowsWithId(string table, string column, Guid id)
    {
        var version = tracking.TableVersion(table);
        if (!indexes.TryGetValue((table, column), out var entry) || entry.Version != version)
        {
            var index = new Dictionary<Guid, List<Entity>>();
            foreach (var row in source.Rows(table))
            {
                if (!row.Attributes.TryGetValue(column, out var value)) continue;
                Guid key;
                if (value is Guid g) key = g;
                else if (value is EntityReference r) key = r.Id;
                else continue;
                if (!index.TryGetValue(key, out var list)) index[key] = list = new List<Entity>(1);
                list.Add(row);
            }
            entry = (version, index);
            indexes[(table, column)] = entry;
        }
        return entry.Index.TryGetValue(id, out var rows) ? rows : Array.Empty<Entity>();
    }
}
