using System.Globalization;
using Microsoft.Xrm.Sdk;

namespace Dataverse.Local.Query;

/// <summary>FetchXML aggregates: rows grouped by the groupby columns, one AliasedValue per alias.</summary>
internal sealed class Aggregation
{
    readonly QueryExecution execution;
    readonly QueryPlan plan;
    readonly List<QueryExecution.Row> rows;
    readonly int pageSize;

    public Aggregation(QueryExecution execution, QueryPlan plan, List<QueryExecution.Row> rows, int pageSize)
    {
        this.execution = execution;
        this.plan = plan;
        this.rows = rows;
        this.pageSize = pageSize;
    }

    sealed record Output(PlanNode Node, PlanColumn Column, string Alias, ValueKind Kind);

    sealed class Group
    {
        public object?[] Key = null!;
        public object?[] Display = null!;
        public List<QueryExecution.Row> Rows = new();
    }

    public EntityCollection Run()
    {
        var outputs = new List<Output>();
        var aliases = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in plan.Nodes)
        {
            if (node.AllColumns)
                throw QueryFaults.Create(QueryFaults.QueryBuilderAttributeWithAggregate, "Attributes can not be returned when aggregate operation is specified.");
            foreach (var column in node.Columns)
            {
                if (column.Aggregate is null && !column.GroupBy)
                    throw QueryFaults.Create(QueryFaults.QueryBuilderAttributeWithAggregate, "Attributes can not be returned when aggregate operation is specified.");
                if (string.IsNullOrEmpty(column.Alias))
                    throw QueryFaults.Create(QueryFaults.QueryBuilderInvalidAlias, "Invalid alias for aggregate operation.");
                if (!aliases.Add(column.Alias))
                    throw QueryFaults.Create(QueryFaults.QueryBuilderDuplicateAlias, "FetchXML should have unique aliases.");
                var kind = execution.KindOf(node.Table, column.Name);
                CheckAggregateType(column, kind, node.Table);
                outputs.Add(new Output(node, column, column.Alias, kind));
            }
        }
        if (outputs.Count == 0)
            throw QueryFaults.Create(QueryFaults.QueryBuilderDeserializeInvalidAggregate, "An error occurred while processing Aggregates in Query");
        if (rows.Count > plan.AggregateLimit) throw QueryFaults.AggregateLimit();

        var groupOutputs = outputs.Where(o => o.Column.GroupBy).ToList();
        var groups = new Dictionary<GroupKey, Group>();
        var ordered = new List<Group>();
        foreach (var row in rows)
        {
            var key = new object?[groupOutputs.Count];
            var display = new object?[groupOutputs.Count];
            for (int i = 0; i < groupOutputs.Count; i++)
            {
                var o = groupOutputs[i];
                var value = QueryExecution.ValueOf(row.Slots[o.Node.Slot], o.Column.Name);
                if (o.Column.DateGrouping is { } grouping)
                {
                    display[i] = value is DateTime d ? DatePart(QueryValues.ToUtc(d), grouping) : null;
                    key[i] = QueryValues.Normalize(display[i]);
                }
                else
                {
                    display[i] = value;
                    key[i] = QueryValues.Normalize(value);
                }
            }
            var groupKey = new GroupKey(key);
            if (!groups.TryGetValue(groupKey, out var group))
            {
                groups[groupKey] = group = new Group { Key = key, Display = display };
                ordered.Add(group);
            }
            group.Rows.Add(row);
        }
        // An aggregate without groupby is one row, even over no rows.
        if (groupOutputs.Count == 0 && ordered.Count == 0) ordered.Add(new Group { Key = Array.Empty<object?>(), Display = Array.Empty<object?>() });

        var results = new List<Entity>();
        foreach (var group in ordered)
        {
            var entity = new Entity(plan.Root.Table);
            int g = 0;
            foreach (var o in outputs)
            {
                object? value = o.Column.GroupBy ? execution.Named(QueryValues.Copy(group.Display[g++])) : Compute(o, group.Rows);
                if (value is null) continue;
                entity.Attributes[o.Alias] = new AliasedValue(o.Node.Table, o.Column.Name, value);
                var formatted = o.Column.DateGrouping is null ? execution.Formatted(o.Node.Table, o.Column.Name, value) : null;
                if (formatted is not null) entity.FormattedValues[o.Alias] = formatted;
            }
            results.Add(entity);
        }

        var orders = plan.Nodes.SelectMany(n => n.Orders).ToList();
        foreach (var order in orders)
            if (!aliases.Contains(order.Alias!))
                throw QueryFaults.Create(QueryFaults.QueryBuilderInvalidAlias, $"Invalid alias for aggregate operation. Order alias '{order.Alias}' is not an attribute alias.");
        // Sort keys are worked out once per result row; without an order, groups come back in group-key order.
        var sortAliases = orders.Count > 0 ? orders.Select(o => o.Alias!).ToList() : groupOutputs.Select(o => o.Alias).ToList();
        var sortDescending = orders.Count > 0 ? orders.Select(o => o.Descending).ToArray() : new bool[sortAliases.Count];
        var sequence = results.Select((e, i) => (e, i, keys: sortAliases.Select(a => SortValue(e, a)).ToArray())).ToList();
        sequence.Sort((a, b) =>
        {
            for (int k = 0; k < sortDescending.Length; k++)
            {
                int c = QueryValues.CompareForSort(a.keys[k], b.keys[k]);
                if (c != 0) return sortDescending[k] ? -c : c;
            }
            return a.i.CompareTo(b.i);
        });
        var sorted = sequence.Select(s => s.e).ToList();

        var collection = new EntityCollection { EntityName = plan.Root.Table, TotalRecordCount = -1 };
        if (plan.Top is int top)
        {
            foreach (var e in sorted.Take(top)) collection.Entities.Add(e);
            return collection;
        }
        int page = plan.PageNumber <= 0 ? 1 : plan.PageNumber;
        int skip = (page - 1) * pageSize;
        foreach (var e in sorted.Skip(skip).Take(pageSize)) collection.Entities.Add(e);
        collection.MoreRecords = sorted.Count > skip + pageSize;
        if (plan.ReturnTotalRecordCount)
        {
            collection.TotalRecordCount = Math.Min(sorted.Count, QueryEngine.TotalRecordCountLimit);
            collection.TotalRecordCountLimitExceeded = sorted.Count > QueryEngine.TotalRecordCountLimit;
        }
        return collection;
    }

    object? SortValue(Entity e, string alias)
    {
        if (!e.Attributes.TryGetValue(alias, out var v) || v is not AliasedValue a) return null;
        return execution.SortKey(a.EntityLogicalName, a.AttributeLogicalName, a.Value);
    }

    static void CheckAggregateType(PlanColumn column, ValueKind kind, string table)
    {
        if (column.Aggregate is not { } aggregate || kind == ValueKind.Unknown) return;
        bool ok = aggregate switch
        {
            AggregateKind.Count or AggregateKind.CountColumn => true,
            AggregateKind.Sum or AggregateKind.Avg => QueryValues.IsNumeric(kind),
            _ => QueryValues.IsNumeric(kind) || kind == ValueKind.DateTime,
        };
        if (!ok)
            throw QueryFaults.Create(QueryFaults.QueryBuilderInvalidAggregateAttribute,
                $"Aggregate {aggregate.ToString().ToLowerInvariant()} is not supported for attribute of type {TypeName(kind)}.");
    }

    static string TypeName(ValueKind kind) => kind switch
    {
        ValueKind.String => "nvarchar",
        ValueKind.Boolean => "bit",
        ValueKind.Choice => "picklist",
        ValueKind.Choices => "multiselectpicklist",
        ValueKind.Lookup => "lookup",
        ValueKind.Guid => "primarykey",
        ValueKind.DateTime => "datetime",
        _ => kind.ToString().ToLowerInvariant(),
    };

    object? Compute(Output o, List<QueryExecution.Row> groupRows)
    {
        var aggregate = o.Column.Aggregate!.Value;
        if (aggregate == AggregateKind.Count) return groupRows.Count;
        var values = new List<object>();
        foreach (var row in groupRows)
        {
            var v = QueryExecution.ValueOf(row.Slots[o.Node.Slot], o.Column.Name);
            if (v is not null) values.Add(v);
        }
        var kind = o.Kind == ValueKind.Unknown && values.Count > 0 ? QueryValues.KindOf(values[0]) : o.Kind;
        switch (aggregate)
        {
            case AggregateKind.CountColumn:
                return o.Column.Distinct
                    ? values.Select(QueryValues.Normalize).Distinct(QueryValues.KeyComparer!).Count()
                    : values.Count;
            case AggregateKind.Sum:
            {
                if (values.Count == 0) return Zero(kind);
                return Typed(kind, values.Sum(Amount), values);
            }
            case AggregateKind.Avg:
            {
                if (values.Count == 0) return null;
                var sum = values.Sum(Amount);
                // SQL Server averages whole numbers as whole numbers.
                var avg = kind is ValueKind.Integer or ValueKind.BigInt ? decimal.Truncate(sum / values.Count) : sum / values.Count;
                return Typed(kind, avg, values);
            }
            case AggregateKind.Min:
            case AggregateKind.Max:
            {
                if (values.Count == 0) return null;
                object best = values[0];
                foreach (var v in values.Skip(1))
                {
                    int c = QueryValues.CompareForSort(QueryValues.Normalize(v), QueryValues.Normalize(best));
                    if (aggregate == AggregateKind.Min ? c < 0 : c > 0) best = v;
                }
                return QueryValues.Copy(best);
            }
        }
        return null;
    }

    static decimal Amount(object v) => QueryValues.Normalize(v) switch
    {
        decimal d => d,
        double d => (decimal)d,
        _ => 0m,
    };

    static object? Zero(ValueKind kind) => kind switch
    {
        ValueKind.Integer => 0,
        ValueKind.BigInt => 0L,
        ValueKind.Double => 0d,
        ValueKind.Money => new Money(0m),
        _ => 0m,
    };

    static object Typed(ValueKind kind, decimal value, List<object> values) => kind switch
    {
        ValueKind.Integer => value is >= int.MinValue and <= int.MaxValue ? (object)(int)value : (long)value,
        ValueKind.BigInt => (long)value,
        ValueKind.Double => (double)value,
        ValueKind.Money => new Money(value),
        _ => values[0] is double ? (double)value : value,
    };

    static object DatePart(DateTime d, DateGrouping grouping) => grouping switch
    {
        DateGrouping.Day => d.Day,
        // SQL Server's week: weeks start on Sunday and 1 January is in week 1.
        DateGrouping.Week => (d.DayOfYear - 1 + (int)new DateTime(d.Year, 1, 1).DayOfWeek) / 7 + 1,
        DateGrouping.Month => d.Month,
        DateGrouping.Quarter => (d.Month - 1) / 3 + 1,
        DateGrouping.Year => d.Year,
        DateGrouping.FiscalPeriod => string.Create(CultureInfo.InvariantCulture, $"Quarter {(d.Month - 1) / 3 + 1} FY{d.Year}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"FY{d.Year}"),
    };

    readonly struct GroupKey : IEquatable<GroupKey>
    {
        readonly object?[] parts;
        public GroupKey(object?[] parts) => this.parts = parts;
        public bool Equals(GroupKey other)
        {
            for (int i = 0; i < parts.Length; i++)
            {
                var (a, b) = (parts[i], other.parts[i]);
                if (a is null ? b is not null : b is null || !QueryValues.KeyComparer.Equals(a, b)) return false;
            }
            return true;
        }
        public override bool Equals(object? obj) => obj is GroupKey k && Equals(k);
        public override int GetHashCode()
        {
            var hash = new HashCode();
            foreach (var p in parts) hash.Add(p is null ? 0 : QueryValues.KeyComparer.GetHashCode(p));
            return hash.ToHashCode();
        }
    }
}
