using Microsoft.Xrm.Sdk.Query;

namespace Dataverse.Local.Query;

// One shape for QueryExpression, QueryByAttribute and FetchXML, so they run through the same executor.

internal enum JoinKind { Inner, Outer, Exists, NotAny, All, NotAll, MatchFirst }

internal enum AggregateKind { Count, CountColumn, Sum, Avg, Min, Max }

internal enum DateGrouping { Day, Week, Month, Quarter, Year, FiscalPeriod, FiscalYear }

internal sealed class PlanNode
{
    public string Table = "";
    public string Alias = "";           // the root's alias is its table name
    public bool IsRoot;
    public string? LinkColumn;          // column on this (linked) table: LinkToAttributeName / fetch 'from'
    public string? ParentColumn;        // column on the parent: LinkFromAttributeName / fetch 'to'
    public JoinKind Join = JoinKind.Inner;
    public bool AllColumns;
    public List<PlanColumn> Columns = new();
    public PlanFilter? Filter;          // root: the criteria; link: the link criteria
    public List<PlanOrder> Orders = new();
    public List<PlanNode> Links = new();
    public PlanNode? Parent;
    public int Slot;
    public bool IsFilterLink;           // a link-entity inside a filter: a test, never a join

    public IEnumerable<PlanNode> SelfAndDescendants()
    {
        yield return this;
        foreach (var link in Links)
            foreach (var node in link.SelfAndDescendants())
                yield return node;
        foreach (var link in FilterLinks(Filter))
            foreach (var node in link.SelfAndDescendants())
                yield return node;
    }

    static IEnumerable<PlanNode> FilterLinks(PlanFilter? filter)
    {
        if (filter is null) yield break;
        foreach (var c in filter.Conditions)
            if (c.Link is not null) yield return c.Link;
        foreach (var f in filter.Filters)
            foreach (var link in FilterLinks(f))
                yield return link;
    }
}

internal sealed class PlanColumn
{
    public string Name = "";
    public string? Alias;
    public AggregateKind? Aggregate;
    public bool GroupBy;
    public DateGrouping? DateGrouping;
    public bool Distinct;
}

internal sealed class PlanFilter
{
    public bool Or;
    public List<PlanCondition> Conditions = new();
    public List<PlanFilter> Filters = new();
}

internal sealed class PlanCondition
{
    public string? EntityName;
    public string Attribute = "";
    public ConditionOperator Operator;
    public List<object?> Values = new();
    public bool ValuesAreText;          // FetchXML: values are strings to convert to the column's type
    public string? ValueOf;             // compare with another column of the same row
    public PlanNode? Link;              // a filter link type (any, not any, all, not all) instead of a column test
}

internal sealed class PlanOrder
{
    public string? Attribute;
    public string? Alias;
    public bool Descending;
    public string? EntityName;
    public PlanNode Owner = null!;
}

internal sealed class QueryPlan
{
    public PlanNode Root = null!;
    public bool Distinct;
    public int? Top;
    public int? Count;
    public int PageNumber;
    public string? PagingCookie;
    public bool ReturnTotalRecordCount;
    public bool Aggregate;
    public int AggregateLimit = QueryEngine.AggregateRecordLimit;
    public bool FromFetch;
    public List<PlanNode> Nodes = new();  // pre-order; Slot is the index
}
