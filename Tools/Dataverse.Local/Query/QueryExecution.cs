using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace Dataverse.Local.Query;

/// <summary>One run of one query: validate, filter, join, sort, page (or aggregate) and project.</summary>
internal sealed class QueryExecution
{
    readonly IQuerySource source;
    readonly IQueryMetadata? metadata;
    readonly IQueryRecordNames? names;
    readonly Func<string, string, Guid, IEnumerable<Entity>?>? rowsWithId;
    readonly IQueryRowPositions? positions;
    readonly QueryPlan plan;
    readonly Func<string, Entity, bool>? canRead;
    readonly QueryCaller caller;
    readonly DateTime now;
    readonly Dictionary<(string, string), ValueKind> kinds = new();
    readonly Dictionary<string, string> primaryIds = new(StringComparer.Ordinal);

    public QueryExecution(IQuerySource source, QueryPlan plan, Func<string, Entity, bool>? canRead, QueryCaller caller, DateTime now,
        IdIndexCache? idIndexes = null)
    {
        this.source = source;
        metadata = source as IQueryMetadata;
        names = source as IQueryRecordNames;
        if (source is IQueryIndexedSource indexedSource) rowsWithId = indexedSource.RowsWithId;
        else if (idIndexes is not null) rowsWithId = idIndexes.RowsWithId;
        positions = source as IQueryRowPositions;
        this.plan = plan;
        this.canRead = canRead;
        this.caller = caller;
        this.now = QueryValues.ToUtc(now);
    }

    /// <summary>A joined row: one entity (or null) per plan node, and its position in the store's order.</summary>
    internal sealed class Row
    {
        public Entity?[] Slots = null!;
        public int Sequence;
        public object?[] Keys = Array.Empty<object?>();
    }

    public EntityCollection Run()
    {
        plan.Nodes = plan.Root.SelfAndDescendants().ToList();
        for (int i = 0; i < plan.Nodes.Count; i++) plan.Nodes[i].Slot = i;
        Validate();

        int pageSize = plan.Count ?? QueryEngine.MaxPageSize;
        if (pageSize <= 0) pageSize = QueryEngine.MaxPageSize;
        if (pageSize > QueryEngine.MaxPageSize)
            throw QueryFaults.Argument($"The page size {pageSize} is larger than the maximum page size of {QueryEngine.MaxPageSize} rows. Use a paging cookie to retrieve more rows.");
        if (plan.Top is < 0 or > QueryEngine.MaxPageSize)
            throw QueryFaults.Argument($"The top value {plan.Top} is not valid: it must be between 0 and {QueryEngine.MaxPageSize}.");

        if (!plan.Aggregate && !plan.Distinct && plan.Nodes.Count == 1 && plan.Root.Orders.Count == 0
            && StreamPage(pageSize) is { } streamed)
            return streamed;
        var rows = JoinAndFilter();
        if (plan.Aggregate) return new Aggregation(this, plan, rows, pageSize).Run();
        return Page(rows, pageSize);
    }

    /// <summary>
    /// One table, no order: rows come in store order, so a page is read in one pass without holding the rest.
    /// Null when the general path must answer (a cookie going back, or whose row is gone).
    /// </summary>
    EntityCollection? StreamPage(int pageSize)
    {
        var root = plan.Root;
        var rootPk = PrimaryId(root.Table);
        int pageNumber = plan.PageNumber <= 0 ? 1 : plan.PageNumber;
        Guid? after = null;
        if (plan.Top is null && plan.PagingCookie is not null)
        {
            var cookie = ReadCookie(plan.PagingCookie, rootPk);
            if (pageNumber < cookie.Page || cookie.LastId is null) return null;
            after = cookie.LastId;
        }
        int skip = plan.Top is null && after is null ? (pageNumber - 1) * pageSize : 0;
        int take = plan.Top ?? pageSize;
        if (plan.Top is null && after is null && pageNumber > 1 && skip + pageSize > QueryEngine.SimplePagingLimit)
            throw QueryFaults.Create(QueryFaults.OverRetrievalUpperLimitWithoutPagingCookie,
                "Over upper limit of records that can be requested without a paging cookie. A paging cookie is required when retrieving a high page number.");

        var filter = root.Filter is null ? null : CompileFilter(root.Filter, root);
        var scratch = new Entity?[1];
        var page = new List<Entity>(Math.Min(take, 256));
        bool passedCookie = after is null, more = false;
        int matched = 0, total = 0;
        foreach (var entity in IndexedRootRows() ?? source.Rows(root.Table))
        {
            if (!Readable(root.Table, entity)) continue;
            if (filter is not null)
            {
                scratch[0] = entity;
                if (!filter(scratch)) continue;
            }
            total++;
            if (!passedCookie)
            {
                if (RowId(entity, root.Table) == after) passedCookie = true;
                continue;
            }
            if (matched++ < skip) continue;
            if (page.Count < take) page.Add(entity);
            else
            {
                more = true;
                if (!plan.ReturnTotalRecordCount) break;
            }
        }
        if (!passedCookie) return null;

        var result = new EntityCollection { EntityName = root.Table, TotalRecordCount = -1 };
        foreach (var entity in page)
            result.Entities.Add(Project(new Row { Slots = new Entity?[] { entity } }));
        if (plan.Top is not null) return result;
        result.MoreRecords = more;
        if (page.Count > 0)
        {
            var first = new Row { Slots = new Entity?[] { page[0] } };
            var last = new Row { Slots = new Entity?[] { page[^1] } };
            result.PagingCookie = WriteCookie(pageNumber, new List<PlanOrder>(), first, last, rootPk);
        }
        if (plan.ReturnTotalRecordCount)
        {
            // Rows before the cookie were counted too; the total is the query's, not the page's.
            result.TotalRecordCount = Math.Min(total, QueryEngine.TotalRecordCountLimit);
            result.TotalRecordCountLimitExceeded = total > QueryEngine.TotalRecordCountLimit;
        }
        return result;
    }

    // ---------------------------------------------------------------- validation

    /// <summary>A stored row's id: its Id, or its primary id column when the Id is not set.</summary>
    internal Guid RowId(Entity row, string table) =>
        row.Id != Guid.Empty ? row.Id : ValueOf(row, PrimaryId(table)) is Guid g ? g : Guid.Empty;

    internal string PrimaryId(string table)
    {
        if (!primaryIds.TryGetValue(table, out var id)) primaryIds[table] = id = source.PrimaryIdColumn(table);
        return id;
    }

    /// <summary>The most link entities a query may have (Learn: "Join tables using QueryExpression").</summary>
    const int MaxLinks = 15;

    void Validate()
    {
        if (plan.Nodes.Count - 1 > MaxLinks)
            throw QueryFaults.Create(QueryFaults.LinkEntitiesLimitExceeded, "Number of link entities in query exceeded maximum limit.");
        var aliases = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in plan.Nodes)
        {
            if (!source.TableExists(node.Table)) throw QueryFaults.NoEntity(node.Table);
            if (!node.IsRoot && !aliases.Add(node.Alias))
                throw QueryFaults.Create(QueryFaults.QueryBuilderDuplicateAlias, $"FetchXML should have unique aliases. Duplicate alias: '{node.Alias}'.");
            if (!node.IsRoot)
            {
                node.LinkColumn = string.IsNullOrEmpty(node.LinkColumn) ? PrimaryId(node.Table) : node.LinkColumn;
                node.ParentColumn = string.IsNullOrEmpty(node.ParentColumn) ? PrimaryId(node.Parent!.Table) : node.ParentColumn;
                RequireColumn(node.Table, node.LinkColumn);
                RequireColumn(node.Parent!.Table, node.ParentColumn);
                var (linkClass, parentClass) = (JoinClass(KindOf(node.Table, node.LinkColumn)), JoinClass(KindOf(node.Parent.Table, node.ParentColumn)));
                if (linkClass is not null && parentClass is not null && linkClass != parentClass)
                    throw QueryFaults.Create(QueryFaults.QueryBuilderLinkAttributesTypeMismatch,
                        $"Data Types don't match for the link-entity join attributes '{node.LinkColumn}', '{node.ParentColumn}'.");
            }
            foreach (var column in node.Columns) RequireColumn(node.Table, column.Name);
            if (node.Filter is not null) ValidateFilter(node.Filter, node);
            foreach (var order in node.Orders)
            {
                if (plan.Aggregate)
                {
                    if (!string.IsNullOrEmpty(order.Attribute))
                        throw QueryFaults.Create(QueryFaults.QueryBuilderAttributeNotAllowedForAggregateOrderBy,
                            "An attribute cannot be specified for an order clause for an aggregate Query. Use an alias.");
                    if (string.IsNullOrEmpty(order.Alias))
                        throw QueryFaults.Create(QueryFaults.QueryBuilderAliasRequiredForAggregateOrderBy, "An alias is required for an order clause for an aggregate Query.");
                    continue;
                }
                if (string.IsNullOrEmpty(order.Attribute))
                {
                    if (!string.IsNullOrEmpty(order.Alias) && plan.FromFetch)
                        throw QueryFaults.Create(QueryFaults.QueryBuilderAliasNotAllowedForNonAggregateOrderBy,
                            "An alias cannot be specified for an order clause for a non-aggregate Query. Use an attribute.");
                    throw QueryFaults.Create(QueryFaults.QueryBuilderAttributeRequiredForNonAggregateOrderBy,
                        "An attribute is required for an order clause for a non-aggregate Query.");
                }
                var target = Resolve(order.EntityName, node);
                order.Owner = target;
                RequireColumn(target.Table, order.Attribute);
            }
        }
    }

    /// <summary>Which columns can be joined: ids with lookups, text with text, numbers with numbers. Null when unknown.</summary>
    static string? JoinClass(ValueKind kind) => kind switch
    {
        ValueKind.Guid or ValueKind.Lookup => "id",
        ValueKind.String => "text",
        ValueKind.Integer or ValueKind.BigInt or ValueKind.Decimal or ValueKind.Double or ValueKind.Money or ValueKind.Choice => "number",
        ValueKind.DateTime => "date",
        ValueKind.Boolean => "bool",
        _ => null,
    };

    void ValidateFilter(PlanFilter filter, PlanNode owner)
    {
        foreach (var c in filter.Conditions)
        {
            if (c.Link is not null) continue; // validated as a node of its own
            var target = Resolve(c.EntityName, owner);
            RequireColumn(target.Table, c.Attribute);
            if (c.ValueOf is not null)
            {
                var (otherNode, otherColumn) = ResolveValueOf(c.ValueOf, target);
                RequireColumn(otherNode.Table, otherColumn);
            }
        }
        foreach (var f in filter.Filters) ValidateFilter(f, owner);
    }

    (PlanNode, string) ResolveValueOf(string valueOf, PlanNode target)
    {
        int dot = valueOf.IndexOf('.');
        if (dot > 0) return (Resolve(valueOf[..dot], target), valueOf[(dot + 1)..]);
        return (target, valueOf);
    }

    PlanNode Resolve(string? entityName, PlanNode owner)
    {
        if (string.IsNullOrEmpty(entityName)) return owner;
        var byAlias = plan.Nodes.FirstOrDefault(n => !n.IsRoot && n.Alias == entityName);
        if (byAlias is not null) return byAlias;
        if (plan.Root.Table == entityName) return plan.Root;
        var byTable = plan.Nodes.Where(n => n.Table == entityName).ToList();
        if (byTable.Count == 1) return byTable[0];
        throw QueryFaults.Create(QueryFaults.QueryBuilderNoAlias, $"No alias for the given entity in the condition was found. Entity name: '{entityName}'.");
    }

    void RequireColumn(string table, string column)
    {
        if (string.IsNullOrEmpty(column) || !source.ColumnExists(table, column)) throw QueryFaults.NoAttribute(table, column);
    }

    /// <summary>The kind of value a column holds: from metadata when the source has it, else from the stored values.</summary>
    internal ValueKind KindOf(string table, string column)
    {
        if (kinds.TryGetValue((table, column), out var kind)) return kind;
        kind = ValueKind.Unknown;
        if (metadata is not null) kind = QueryValues.KindOf(metadata.ColumnType(table, column));
        if (kind == ValueKind.Unknown)
        {
            foreach (var row in source.Rows(table))
            {
                if (row.Attributes.TryGetValue(column, out var v) && v is not null) { kind = QueryValues.KindOf(v); break; }
            }
            if (kind == ValueKind.Unknown && column == PrimaryId(table)) kind = ValueKind.Guid;
        }
        kinds[(table, column)] = kind;
        return kind;
    }

    // ---------------------------------------------------------------- filtering and joining

    static Func<Entity?[], object?> Getter(int slot, string column) =>
        t => t[slot] is { } e && e.Attributes.TryGetValue(column, out var v) ? v : null;

    internal static object? ValueOf(Entity? entity, string column) =>
        entity is not null && entity.Attributes.TryGetValue(column, out var v) ? v : null;

    Func<Entity?[], bool> CompileFilter(PlanFilter filter, PlanNode owner)
    {
        var parts = new List<Func<Entity?[], bool>>();
        foreach (var c in filter.Conditions) parts.Add(CompileCondition(c, owner));
        foreach (var f in filter.Filters) parts.Add(CompileFilter(f, owner));
        var array = parts.ToArray();
        if (array.Length == 1) return array[0];
        if (filter.Or) return t => { foreach (var p in array) if (p(t)) return true; return false; };
        return t => { foreach (var p in array) if (!p(t)) return false; return true; };
    }

    Func<Entity?[], bool> CompileCondition(PlanCondition c, PlanNode owner)
    {
        if (c.Link is { } link)
        {
            int parentSlot = link.Parent!.Slot;
            var parentColumn = link.ParentColumn!;
            return t => SemiJoinHolds(link, t[parentSlot] is { } p ? QueryValues.Normalize(ValueOf(p, parentColumn)) : null);
        }
        var target = Resolve(c.EntityName, owner);
        var get = Getter(target.Slot, c.Attribute);
        if (c.ValueOf is not null)
        {
            var (otherNode, otherColumn) = ResolveValueOf(c.ValueOf, target);
            var other = Getter(otherNode.Slot, otherColumn);
            var compare = ConditionCompiler.CompileColumnComparison(c.Operator);
            return t => compare(get(t), other(t));
        }
        var predicate = ConditionCompiler.Compile(c, KindOf(target.Table, c.Attribute), target.Table, caller, now);
        return t => predicate(get(t));
    }

    bool OnlyRoot(PlanFilter filter, PlanNode owner) =>
        filter.Conditions.All(c => c.Link is not null ? c.Link.Parent!.IsRoot : Resolve(c.EntityName, owner).IsRoot && (c.ValueOf is null || ResolveValueOf(c.ValueOf, plan.Root).Item1.IsRoot))
        && filter.Filters.All(f => OnlyRoot(f, owner));

    bool Readable(string table, Entity row) => canRead is null || canRead(table, row);

    List<Row> JoinAndFilter()
    {
        int width = plan.Nodes.Count;
        var root = plan.Root;

        // Conditions on the root table alone are tested before any join, the rest after.
        Func<Entity?[], bool>? before = null, after = null;
        if (root.Filter is not null)
        {
            if (!root.Filter.Or && plan.Nodes.Count > 1)
            {
                var pre = new PlanFilter();
                var post = new PlanFilter();
                foreach (var c in root.Filter.Conditions)
                    (OnlyRoot(new PlanFilter { Conditions = { c } }, root) ? pre : post).Conditions.Add(c);
                foreach (var f in root.Filter.Filters)
                    (OnlyRoot(f, root) ? pre : post).Filters.Add(f);
                if (pre.Conditions.Count + pre.Filters.Count > 0) before = CompileFilter(pre, root);
                if (post.Conditions.Count + post.Filters.Count > 0) after = CompileFilter(post, root);
            }
            // An "or" that reaches into a linked table can only be tested on the joined row.
            else if (OnlyRoot(root.Filter, root)) before = CompileFilter(root.Filter, root);
            else after = CompileFilter(root.Filter, root);
        }

        var rows = new List<Row>();
        var scratch = new Entity?[width];
        int sequence = 0;
        foreach (var entity in IndexedRootRows() ?? source.Rows(root.Table))
        {
            int seq = sequence++;
            if (!Readable(root.Table, entity)) continue;
            if (before is not null)
            {
                scratch[0] = entity;
                if (!before(scratch)) continue;
            }
            var slots = new Entity?[width];
            slots[0] = entity;
            rows.Add(new Row { Slots = slots, Sequence = seq });
        }

        rows = SkipBeforeCookie(rows, after is null);

        foreach (var node in plan.Nodes)
        {
            if (node.IsRoot) continue;
            rows = Join(rows, node);
        }

        if (after is not null) rows = rows.Where(r => after(r.Slots)).ToList();
        for (int i = 0; i < rows.Count; i++) rows[i].Sequence = i;
        return rows;
    }

    /// <summary>
    /// A page after a cookie, ordered by the main table's primary key alone: the rows before the cookie's row can
    /// never be on the page, so they are left out before any join (a database seeks the key index to the same
    /// effect). Only where paging gives the same answer without them: no totals, no distinct, and links that
    /// neither drop nor multiply rows before the cookie's row (outer ones), and the cookie's row still there.
    /// </summary>
    List<Row> SkipBeforeCookie(List<Row> rows, bool noFilterAfterJoin)
    {
        var root = plan.Root;
        var rootPk = PrimaryId(root.Table);
        if (plan.PagingCookie is null || plan.Aggregate || plan.Distinct || plan.Top is not null || plan.ReturnTotalRecordCount || !noFilterAfterJoin) return rows;
        var orders = plan.Nodes.SelectMany(n => n.Orders).ToList();
        if (orders.Count != 1 || !orders[0].Owner.IsRoot || orders[0].Attribute != rootPk) return rows;
        if (plan.Nodes.Any(n => !n.IsRoot && !n.IsFilterLink && n.Join is not (JoinKind.Outer or JoinKind.MatchFirst))) return rows;
        var cookie = ReadCookie(plan.PagingCookie, rootPk);
        var pageNumber = plan.PageNumber <= 0 ? 1 : plan.PageNumber;
        if (pageNumber < cookie.Page || cookie.LastId is not Guid last) return rows;
        Row? anchor = null;
        foreach (var row in rows)
            if (RowId(row.Slots[0]!, root.Table) == last) { anchor = row; break; }
        if (anchor is null) return rows;
        var anchorKey = SortKey(root.Table, rootPk, ValueOf(anchor.Slots[0], rootPk));
        var descending = orders[0].Descending;
        var kept = new List<Row>();
        foreach (var row in rows)
        {
            var c = QueryValues.CompareForSort(SortKey(root.Table, rootPk, ValueOf(row.Slots[0], rootPk)), anchorKey);
            if (descending ? c <= 0 : c >= 0) kept.Add(row);
        }
        return kept;
    }

    static bool IsSemiJoin(PlanNode node) => node.IsFilterLink || node.Join is JoinKind.Exists or JoinKind.NotAny or JoinKind.All or JoinKind.NotAll;

    readonly Dictionary<PlanNode, HashSet<object>> failingKeys = new();

    /// <summary>Link values of the linked rows that fail the link's filters: what all / not all test.</summary>
    HashSet<object> FailingKeys(PlanNode node)
    {
        if (failingKeys.TryGetValue(node, out var keys)) return keys;
        keys = new HashSet<object>(QueryValues.KeyComparer);
        var passing = LinkIndex(node);
        foreach (var entity in source.Rows(node.Table))
        {
            var key = QueryValues.Normalize(ValueOf(entity, node.LinkColumn!));
            if (key is null || !Readable(node.Table, entity)) continue;
            if (!passing.TryGetValue(key, out var list) || !list.Contains(entity)) keys.Add(key);
        }
        failingKeys[node] = keys;
        return keys;
    }

    /// <summary>The test of an exists, any, not any, all or not all link for one parent value.</summary>
    bool SemiJoinHolds(PlanNode node, object? key)
    {
        bool any = key is not null && LinkIndex(node).TryGetValue(key, out var matches) && matches.Count > 0;
        return node.Join switch
        {
            JoinKind.NotAny => !any,
            JoinKind.All => key is null || !FailingKeys(node).Contains(key),
            JoinKind.NotAll => key is not null && FailingKeys(node).Contains(key),
            _ => any,
        };
    }

    /// <summary>True when the node sits under an exists / not-any link, whose test already covers it.</summary>
    static bool InsideSemiJoin(PlanNode node)
    {
        for (var p = node.Parent; p is not null; p = p.Parent)
            if (IsSemiJoin(p)) return true;
        return false;
    }

    readonly Dictionary<PlanNode, Dictionary<object, List<Entity>>> linkIndexes = new();

    /// <summary>
    /// The linked table's readable rows that pass the link criteria, by link column value. Rows of an exists link
    /// must also satisfy the links nested under it.
    /// </summary>
    Dictionary<object, List<Entity>> LinkIndex(PlanNode node)
    {
        if (linkIndexes.TryGetValue(node, out var index)) return index;
        var criteria = node.Filter is null ? null : CompileFilter(node.Filter, node);
        var scratch = new Entity?[plan.Nodes.Count];
        bool nestedTest = (IsSemiJoin(node) || InsideSemiJoin(node)) && node.Links.Count > 0;
        index = new Dictionary<object, List<Entity>>(QueryValues.KeyComparer);
        foreach (var entity in source.Rows(node.Table))
        {
            var key = QueryValues.Normalize(ValueOf(entity, node.LinkColumn!));
            if (key is null || !Readable(node.Table, entity)) continue;
            if (criteria is not null)
            {
                scratch[node.Slot] = entity;
                if (!criteria(scratch)) continue;
            }
            if (nestedTest && !SatisfiesNestedLinks(node, entity)) continue;
            if (!index.TryGetValue(key, out var list)) index[key] = list = new List<Entity>(1);
            list.Add(entity);
        }
        linkIndexes[node] = index;
        return index;
    }

    bool SatisfiesNestedLinks(PlanNode node, Entity row)
    {
        foreach (var child in node.Links)
        {
            if (child.Join is JoinKind.Outer or JoinKind.MatchFirst) continue;
            if (!SemiJoinHolds(child, QueryValues.Normalize(ValueOf(row, child.ParentColumn!)))) return false;
        }
        return true;
    }

    /// <summary>
    /// When the root filter requires one id in its primary key or a lookup, and the source indexes that column,
    /// the candidate rows come from the index instead of a scan. Every condition still applies to them.
    /// </summary>
    IEnumerable<Entity>? IndexedRootRows()
    {
        if (positions is not null) return PlannedRootRows();
        var root = plan.Root;
        if (rowsWithId is null || root.Filter is null || root.Filter.Or) return null;
        foreach (var c in root.Filter.Conditions)
        {
            if (c.Operator is not (ConditionOperator.Equal or ConditionOperator.In) || c.ValueOf is not null || c.Link is not null
                || c.Values.Count == 0 || !Resolve(c.EntityName, root).IsRoot) continue;
            if (c.Operator == ConditionOperator.Equal && c.Values.Count != 1) continue;
            var kind = KindOf(root.Table, c.Attribute);
            if (kind is not (ValueKind.Guid or ValueKind.Lookup)) continue;
            var ids = new List<Guid>();
            var seen = new HashSet<Guid>();
            foreach (var value in c.Values)
                if (QueryValues.ConvertConditionValue(value, kind, root.Table, c.Attribute) is Guid id && seen.Add(id)) ids.Add(id);
            List<IEnumerable<Entity>>? found = new(ids.Count);
            foreach (var id in ids)
            {
                var rows = rowsWithId(root.Table, c.Attribute, id);
                if (rows is null) { found = null; break; }
                found.Add(rows);
            }
            // Each row holds one value in the column, so the rows of different ids never repeat.
            if (found is not null) return found.SelectMany(rows => rows);
        }
        return null;
    }

    // ---------------------------------------------------------------- planning with the source's indexes

    /// <summary>
    /// The root rows a query can return, found through indexes, in store order; null when no index narrows them (the
    /// table is scanned). Each "and" takes its narrowest indexed part, each "or" the union of its parts (all of them
    /// indexed, or none counts); a condition on a linked table finds that table's rows, then follows the link columns
    /// back to the root through their indexes. The candidates are a superset of the answer: every condition, join and
    /// security check still applies to them, so the result is the scan's, row for row and in the same order.
    /// </summary>
    List<Entity>? PlannedRootRows()
    {
        var root = plan.Root;
        List<int>? best = root.Filter is null ? null : FilterCandidates(root.Filter, root);
        foreach (var node in plan.Nodes)
        {
            // The criteria of a link every result row must pass through (inner or exists, up to the root) narrow the root too.
            if (node.IsRoot || node.Filter is null || !InnerChain(node)) continue;
            var found = FilterCandidates(node.Filter, node);
            if (found is not null && (best is null || found.Count < best.Count)) best = found;
        }
        if (best is null) return null;
        var rows = new List<Entity>(best.Count);
        foreach (var position in best)
            if (positions!.RowAt(root.Table, position) is { } row) rows.Add(row);
        return rows;
    }

    static bool InnerChain(PlanNode node)
    {
        for (var n = node; !n.IsRoot; n = n.Parent!)
            if (n.IsFilterLink || n.Join is not (JoinKind.Inner or JoinKind.Exists)) return false;
        return true;
    }

    /// <summary>Sorted positions of root rows that may pass the filter, or null when the filter cannot be answered by indexes.</summary>
    List<int>? FilterCandidates(PlanFilter filter, PlanNode owner)
    {
        var parts = new List<List<int>?>();
        foreach (var c in filter.Conditions) parts.Add(ConditionCandidates(c, owner));
        foreach (var f in filter.Filters) parts.Add(FilterCandidates(f, owner));
        if (parts.Count == 0) return null;
        if (filter.Or)
        {
            if (parts.Any(p => p is null)) return null;
            return SortedDistinct(parts.SelectMany(p => p!).ToList());
        }
        List<int>? best = null;
        foreach (var part in parts)
            if (part is not null && (best is null || part.Count < best.Count)) best = part;
        return best;
    }

    List<int>? ConditionCandidates(PlanCondition c, PlanNode owner)
    {
        if (c.Link is not null || c.ValueOf is not null || c.Values.Count == 0) return null;
        if (c.Operator is not (ConditionOperator.Equal or ConditionOperator.In)) return null;
        if (c.Operator == ConditionOperator.Equal && c.Values.Count != 1) return null;
        var target = Resolve(c.EntityName, owner);
        var kind = KindOf(target.Table, c.Attribute);
        if (kind is not (ValueKind.Guid or ValueKind.Lookup)) return null;
        var found = new List<int>();
        var seen = new HashSet<Guid>();
        foreach (var value in c.Values)
            if (QueryValues.ConvertConditionValue(value, kind, target.Table, c.Attribute) is Guid id && seen.Add(id)
                && !positions!.AddPositions(target.Table, c.Attribute, id, found))
                return null;
        return Lift(target, found);
    }

    /// <summary>From rows of a linked table to the root rows they can join: up the links, through the parents' indexes.</summary>
    List<int>? Lift(PlanNode node, List<int> found)
    {
        while (!node.IsRoot)
        {
            var parent = node.Parent!;
            if (KindOf(node.Table, node.LinkColumn!) is not (ValueKind.Guid or ValueKind.Lookup)
                || KindOf(parent.Table, node.ParentColumn!) is not (ValueKind.Guid or ValueKind.Lookup)) return null;
            var next = new List<int>();
            var seen = new HashSet<Guid>();
            var linkIsKey = node.LinkColumn == PrimaryId(node.Table);
            foreach (var position in found)
            {
                if (positions!.RowAt(node.Table, position) is not { } row) continue;
                var key = linkIsKey ? RowId(row, node.Table) : QueryValues.Normalize(ValueOf(row, node.LinkColumn!)) as Guid?;
                if (key is not { } id || id == Guid.Empty || !seen.Add(id)) continue;
                if (!positions.AddPositions(parent.Table, node.ParentColumn!, id, next)) return null;
            }
            found = next;
            node = parent;
        }
        return SortedDistinct(found);
    }

    static List<int> SortedDistinct(List<int> positions)
    {
        positions.Sort();
        var write = 0;
        for (var read = 0; read < positions.Count; read++)
            if (write == 0 || positions[read] != positions[write - 1]) positions[write++] = positions[read];
        positions.RemoveRange(write, positions.Count - write);
        return positions;
    }

    /// <summary>Few parent rows and an indexed link column: the linked rows are looked up by id, not scanned.</summary>
    Dictionary<object, List<Entity>>? IndexedLinkIndex(PlanNode node, List<Row> rows)
    {
        const int fewParents = 64;
        if (rowsWithId is null || IsSemiJoin(node) || linkIndexes.ContainsKey(node)) return null;
        if (KindOf(node.Table, node.LinkColumn!) is not (ValueKind.Guid or ValueKind.Lookup)) return null;
        if (rows.Count > fewParents)
        {
            // With row positions, "few" is relative to the linked table: reading the rows of each distinct parent
            // value through the index beats scanning while there are fewer values than half the linked rows.
            if (positions is null) return null;
            var limit = positions.RowCount(node.Table) / 2;
            var keys = new HashSet<Guid>();
            foreach (var row in rows)
                if (row.Slots[node.Parent!.Slot] is { } parent && QueryValues.Normalize(ValueOf(parent, node.ParentColumn!)) is Guid key
                    && keys.Add(key) && keys.Count > limit) return null;
        }
        var criteria = node.Filter is null ? null : CompileFilter(node.Filter, node);
        var scratch = new Entity?[plan.Nodes.Count];
        var index = new Dictionary<object, List<Entity>>(QueryValues.KeyComparer);
        foreach (var row in rows)
        {
            var parent = row.Slots[node.Parent!.Slot];
            if (parent is null || QueryValues.Normalize(ValueOf(parent, node.ParentColumn!)) is not Guid id || index.ContainsKey(id)) continue;
            var found = rowsWithId(node.Table, node.LinkColumn!, id);
            if (found is null) return null;
            var list = new List<Entity>();
            foreach (var entity in found)
            {
                if (!Readable(node.Table, entity)) continue;
                if (criteria is not null)
                {
                    scratch[node.Slot] = entity;
                    if (!criteria(scratch)) continue;
                }
                list.Add(entity);
            }
            index[id] = list;
        }
        return index;
    }

    /// <summary>Joins one linked table by a hash lookup on the link column.</summary>
    List<Row> Join(List<Row> rows, PlanNode node)
    {
        if (node.IsFilterLink || InsideSemiJoin(node)) return rows;
        var index = IndexedLinkIndex(node, rows) ?? LinkIndex(node);
        int parentSlot = node.Parent!.Slot;
        var result = new List<Row>(rows.Count);
        foreach (var row in rows)
        {
            var parent = row.Slots[parentSlot];
            List<Entity>? matches = null;
            if (parent is not null && QueryValues.Normalize(ValueOf(parent, node.ParentColumn!)) is { } key) index.TryGetValue(key, out matches);
            bool any = matches is { Count: > 0 };
            switch (node.Join)
            {
                case JoinKind.Inner:
                    if (!any) break;
                    AddMatches(result, row, node.Slot, matches!);
                    break;
                case JoinKind.Outer:
                    if (!any) result.Add(row);
                    else AddMatches(result, row, node.Slot, matches!);
                    break;
                case JoinKind.MatchFirst:
                    // Like outer, but the parent row comes back once, with the first matching row (Learn: "Use advanced JoinOperators").
                    if (any) row.Slots[node.Slot] = matches![0];
                    result.Add(row);
                    break;
                default:
                    var parentKey = parent is null ? null : QueryValues.Normalize(ValueOf(parent, node.ParentColumn!));
                    if (SemiJoinHolds(node, parentKey)) result.Add(row);
                    break;
            }
        }
        return result;
    }

    static void AddMatches(List<Row> result, Row row, int slot, List<Entity> matches)
    {
        for (int i = 0; i < matches.Count; i++)
        {
            var target = i == matches.Count - 1 ? row : new Row { Slots = (Entity?[])row.Slots.Clone(), Sequence = row.Sequence };
            target.Slots[slot] = matches[i];
            result.Add(target);
        }
    }

    // ---------------------------------------------------------------- ordering, paging, projection

    /// <summary>A sortable form of a value: choices by label when labels are known, lookups by name.</summary>
    internal object? SortKey(string table, string column, object? value) => value switch
    {
        null => null,
        OptionSetValue o when metadata?.OptionLabel(table, column, o.Value) is { } label => label,
        EntityReference r when !string.IsNullOrEmpty(r.Name) => r.Name,
        EntityReference r when names is not null && (Named(new EntityReference(r.LogicalName, r.Id)) as EntityReference)?.Name is { } name => name,
        _ => QueryValues.Normalize(value),
    };

    EntityCollection Page(List<Row> rows, int pageSize)
    {
        var orders = plan.Nodes.SelectMany(n => n.Orders).ToList();
        foreach (var row in orders.Count == 0 ? Enumerable.Empty<Row>() : rows)
        {
            var keys = new object?[orders.Count];
            for (int i = 0; i < orders.Count; i++)
            {
                var o = orders[i];
                keys[i] = SortKey(o.Owner.Table, o.Attribute!, ValueOf(row.Slots[o.Owner.Slot], o.Attribute!));
            }
            row.Keys = keys;
        }
        var descending = orders.Select(o => o.Descending).ToArray();
        Comparison<Row> compare = (a, b) =>
        {
            for (int i = 0; i < descending.Length; i++)
            {
                int c = QueryValues.CompareForSort(a.Keys[i], b.Keys[i]);
                if (c != 0) return descending[i] ? -c : c;
            }
            return a.Sequence.CompareTo(b.Sequence);
        };

        var result = new EntityCollection { EntityName = plan.Root.Table, TotalRecordCount = -1 };
        var rootPk = PrimaryId(plan.Root.Table);
        bool cookieSupported = orders.All(o => o.Owner.IsRoot) && !plan.Distinct;

        if (plan.Top is int top)
        {
            var topRows = plan.Distinct ? Sorted(rows, compare) : orders.Count == 0 ? rows.Take(top).ToList() : TakeFirst(rows, top, compare);
            foreach (var row in ProjectDistinct(topRows, top)) result.Entities.Add(row);
            return result;
        }

        int pageNumber = plan.PageNumber <= 0 ? 1 : plan.PageNumber;
        List<Row> candidates = rows;
        int skip = (pageNumber - 1) * pageSize;
        bool usedCookie = false, backward = false;
        if (plan.PagingCookie is not null && cookieSupported)
        {
            // The cookie names the first and last rows of the page it came with. A later (or the same) page number
            // continues after its last row, an earlier one goes back before its first row.
            var cookie = ReadCookie(plan.PagingCookie, rootPk);
            backward = pageNumber < cookie.Page;
            if ((backward ? cookie.FirstId : cookie.LastId) is Guid id)
            {
                Row? anchor = null;
                int anchorIndex = -1;
                for (int i = 0; i < rows.Count; i++)
                {
                    var row = rows[i];
                    if (RowId(row.Slots[0]!, plan.Root.Table) != id) continue;
                    if (anchor is null || (backward ? compare(row, anchor) < 0 : compare(row, anchor) > 0)) { anchor = row; anchorIndex = i; }
                }
                if (anchor is not null)
                {
                    if (backward)
                        candidates = orders.Count == 0 ? rows.GetRange(0, anchorIndex) : rows.Where(r => compare(r, anchor) < 0).ToList();
                    else // rows are in store order already: without orders the page starts right after the cookie's row
                        candidates = orders.Count == 0 ? rows.GetRange(anchorIndex + 1, rows.Count - anchorIndex - 1) : rows.Where(r => compare(r, anchor) > 0).ToList();
                    skip = 0;
                    usedCookie = true;
                }
            }
            if (backward && usedCookie)
            {
                // The page just before the cookie's first row.
                var before = Sorted(candidates, compare);
                skip = Math.Max(0, before.Count - pageSize);
                candidates = before;
            }
        }
        if (!usedCookie && skip + pageSize > QueryEngine.SimplePagingLimit && pageNumber > 1)
            throw QueryFaults.Create(QueryFaults.OverRetrievalUpperLimitWithoutPagingCookie,
                "Over upper limit of records that can be requested without a paging cookie. A paging cookie is required when retrieving a high page number.");

        List<Entity> page;
        bool more;
        int total;
        if (plan.Distinct)
        {
            var all = ProjectDistinct(Sorted(candidates, compare), int.MaxValue);
            total = all.Count;
            page = all.Skip(skip).Take(pageSize).ToList();
            more = all.Count > skip + pageSize;
        }
        else
        {
            total = rows.Count;
            var firstRows = orders.Count == 0 || backward
                ? candidates.Take(skip + pageSize + 1).ToList()
                : TakeFirst(candidates, skip + pageSize + 1, compare);
            more = backward || firstRows.Count > skip + pageSize;
            var pageRows = firstRows.Skip(skip).Take(pageSize).ToList();
            page = pageRows.Select(Project).ToList();
            if (pageRows.Count > 0 && cookieSupported)
                result.PagingCookie = WriteCookie(pageNumber, orders, pageRows[0], pageRows[^1], rootPk);
        }
        foreach (var e in page) result.Entities.Add(e);
        result.MoreRecords = more;
        if (plan.ReturnTotalRecordCount)
        {
            result.TotalRecordCount = Math.Min(total, QueryEngine.TotalRecordCountLimit);
            result.TotalRecordCountLimitExceeded = total > QueryEngine.TotalRecordCountLimit;
        }
        return result;
    }

    static List<Row> Sorted(List<Row> rows, Comparison<Row> compare)
    {
        var copy = new List<Row>(rows);
        copy.Sort(compare);
        return copy;
    }

    /// <summary>The first <paramref name="count"/> rows in order, without sorting everything when few are wanted.</summary>
    static List<Row> TakeFirst(List<Row> rows, int count, Comparison<Row> compare)
    {
        if (count <= 0) return new List<Row>();
        if (count >= rows.Count / 4) return Sorted(rows, compare).Take(count).ToList();
        var comparer = Comparer<Row>.Create((a, b) => compare(b, a)); // max-heap: the worst kept row on top
        var heap = new PriorityQueue<Row, Row>(count + 1, comparer);
        foreach (var row in rows)
        {
            if (heap.Count < count) heap.Enqueue(row, row);
            else if (compare(row, heap.Peek()) < 0) heap.EnqueueDequeue(row, row);
        }
        var result = new List<Row>(heap.Count);
        while (heap.Count > 0) result.Add(heap.Dequeue());
        result.Reverse();
        return result;
    }

    List<Entity> ProjectDistinct(List<Row> rows, int limit)
    {
        var result = new List<Entity>();
        if (!plan.Distinct)
        {
            foreach (var row in rows) { if (result.Count >= limit) break; result.Add(Project(row)); }
            return result;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (result.Count >= limit) break;
            var entity = Project(row);
            var key = string.Join("\u001f", entity.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal)
                .Select(a => a.Key + "=" + DistinctText(a.Value)));
            if (seen.Add(key)) result.Add(entity);
        }
        return result;
    }

    static string DistinctText(object? value)
    {
        var n = QueryValues.Normalize(value is AliasedValue a ? a.Value : value);
        return n switch
        {
            null => "",
            string s => s.ToUpperInvariant(),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => n.ToString() ?? "",
        };
    }

    Entity Project(Row row)
    {
        var root = plan.Root;
        var stored = row.Slots[0]!;
        var pk = PrimaryId(root.Table);
        bool idRequested = root.AllColumns || root.Columns.Any(c => c.Name == pk);
        var id = RowId(stored, root.Table);
        var entity = new Entity(root.Table) { Id = plan.Distinct && !idRequested ? Guid.Empty : id };
        AddColumns(entity, root, stored, aliased: false);
        if (!plan.Distinct || idRequested)
        {
            if (!entity.Attributes.ContainsKey(pk)) entity.Attributes[pk] = id;
        }
        foreach (var node in plan.Nodes)
        {
            if (node.IsRoot || IsSemiJoin(node) || InsideSemiJoin(node)) continue;
            var linked = row.Slots[node.Slot];
            if (linked is not null) AddColumns(entity, node, linked, aliased: true);
        }
        return entity;
    }

    void AddColumns(Entity target, PlanNode node, Entity stored, bool aliased)
    {
        IEnumerable<(string Column, string? Alias)> columns = node.AllColumns
            ? stored.Attributes.Select(a => (a.Key, (string?)null))
            : node.Columns.Select(c => (c.Name, c.Alias));
        foreach (var (column, alias) in columns)
        {
            var value = ValueOf(stored, column);
            if (value is null) continue;
            string key;
            object? output;
            var copy = Named(QueryValues.Copy(value));
            if (!aliased && alias is null)
            {
                key = column;
                output = copy;
            }
            else
            {
                key = alias ?? node.Alias + "." + column;
                output = new AliasedValue(node.Table, column, copy);
            }
            target.Attributes[key] = output;
            var formatted = Formatted(node.Table, column, copy);
            if (formatted is not null) target.FormattedValues[key] = formatted;
        }
    }

    /// <summary>Gives a copied lookup the name of the record it points to, when the source can tell.</summary>
    internal object? Named(object? copy)
    {
        if (names is null || copy is not EntityReference r || !string.IsNullOrEmpty(r.Name) || string.IsNullOrEmpty(r.LogicalName)) return copy;
        if (!source.TableExists(r.LogicalName)) return copy;
        var nameColumn = names.PrimaryNameColumn(r.LogicalName);
        if (nameColumn is not null && names.Find(r.LogicalName, r.Id) is { } target && ValueOf(target, nameColumn) is string name)
            r.Name = name;
        return copy;
    }

    internal string? Formatted(string table, string column, object? value) => value switch
    {
        OptionSetValue o => metadata?.OptionLabel(table, column, o.Value),
        EntityReference r => string.IsNullOrEmpty(r.Name) ? null : r.Name,
        bool b => metadata?.OptionLabel(table, column, b ? 1 : 0),
        _ => null,
    };

    // ---------------------------------------------------------------- paging cookies

    static (int Page, Guid? LastId, Guid? FirstId) ReadCookie(string cookie, string primaryId)
    {
        XElement element;
        try { element = XElement.Parse(cookie); }
        catch (XmlException)
        {
            throw QueryFaults.Create(QueryFaults.QueryBuilderInvalidPagingCookie, "Invalid page number in paging cookie.");
        }
        if (element.Name.LocalName != "cookie" || !int.TryParse((string?)element.Attribute("page"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var page))
            throw QueryFaults.Create(QueryFaults.QueryBuilderInvalidPagingCookie, "Invalid page number in paging cookie.");
        var idElement = element.Element(primaryId);
        Guid? last = Guid.TryParse(((string?)idElement?.Attribute("last"))?.Trim('{', '}'), out var l) ? l : null;
        Guid? first = Guid.TryParse(((string?)idElement?.Attribute("first"))?.Trim('{', '}'), out var f) ? f : null;
        return (page, last, first);
    }

    string WriteCookie(int page, List<PlanOrder> orders, Row first, Row last, string primaryId)
    {
        var cookie = new XElement("cookie", new XAttribute("page", page.ToString(CultureInfo.InvariantCulture)));
        foreach (var order in orders)
        {
            if (order.Attribute == primaryId || cookie.Element(order.Attribute!) is not null) continue;
            cookie.Add(new XElement(order.Attribute!,
                new XAttribute("last", CookieText(ValueOf(last.Slots[0], order.Attribute!))),
                new XAttribute("first", CookieText(ValueOf(first.Slots[0], order.Attribute!)))));
        }
        cookie.Add(new XElement(primaryId,
            new XAttribute("last", CookieText(RowId(last.Slots[0]!, plan.Root.Table))),
            new XAttribute("first", CookieText(RowId(first.Slots[0]!, plan.Root.Table)))));
        return cookie.ToString(SaveOptions.DisableFormatting);
    }

    static string CookieText(object? value) => value switch
    {
        null => "",
        Guid g => "{" + g.ToString().ToUpperInvariant() + "}",
        EntityReference r => "{" + r.Id.ToString().ToUpperInvariant() + "}",
        OptionSetValue o => o.Value.ToString(CultureInfo.InvariantCulture),
        Money m => m.Value.ToString(CultureInfo.InvariantCulture),
        DateTime d => QueryValues.ToUtc(d).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        bool b => b ? "1" : "0",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
