using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace Dataverse.Local.Query;

/// <summary>Reads QueryExpression and QueryByAttribute into a plan.</summary>
internal static class QueryExpressionReader
{
    public static QueryPlan Read(QueryExpression query)
    {
        if (string.IsNullOrEmpty(query.EntityName))
            throw QueryFaults.Argument("The EntityName of the query expression must be set.");
        var plan = new QueryPlan { Distinct = query.Distinct, Top = query.TopCount };
        var root = new PlanNode { Table = query.EntityName, Alias = query.EntityName, IsRoot = true };
        ReadColumns(root, query.ColumnSet);
        root.Filter = ReadFilter(query.Criteria);
        foreach (var order in query.Orders) root.Orders.Add(ReadOrder(order, root));
        int counter = 0;
        foreach (var link in query.LinkEntities) root.Links.Add(ReadLink(link, root, ref counter));
        plan.Root = root;
        ReadPaging(plan, query.PageInfo);
        return plan;
    }

    public static QueryPlan Read(QueryByAttribute query)
    {
        if (string.IsNullOrEmpty(query.EntityName))
            throw QueryFaults.Argument("The EntityName of the query must be set.");
        if (query.Attributes.Count == 0)
            throw QueryFaults.Create(QueryFaults.QueryBuilderByAttributeNonEmpty, "QueryByAttribute must specify a non-empty attribute array.");
        if (query.Values.Count != query.Attributes.Count)
            throw QueryFaults.Create(QueryFaults.QueryBuilderByAttributeMismatch,
                "QueryByAttribute must specify a non-empty value array with the same number of elements as in the attributes array.");
        var plan = new QueryPlan { Top = query.TopCount };
        var root = new PlanNode { Table = query.EntityName, Alias = query.EntityName, IsRoot = true };
        ReadColumns(root, query.ColumnSet);
        var filter = new PlanFilter();
        for (int i = 0; i < query.Attributes.Count; i++)
        {
            var condition = new PlanCondition { Attribute = query.Attributes[i], Operator = ConditionOperator.Equal };
            condition.Values.Add(query.Values[i]);
            filter.Conditions.Add(condition);
        }
        root.Filter = filter;
        foreach (var order in query.Orders) root.Orders.Add(ReadOrder(order, root));
        plan.Root = root;
        ReadPaging(plan, query.PageInfo);
        return plan;
    }

    static void ReadPaging(QueryPlan plan, PagingInfo? page)
    {
        if (page is null) return;
        bool pagingSet = page.Count != 0 || page.PageNumber != 0 || !string.IsNullOrEmpty(page.PagingCookie) || page.ReturnTotalRecordCount;
        if (plan.Top is not null && pagingSet)
        {
            string attribute = page.PageNumber != 0 ? "page" : page.Count != 0 ? "count" : page.ReturnTotalRecordCount ? "returntotalrecordcount" : "paging-cookie";
            throw QueryFaults.Argument($"The top attribute can't be specified with paging attribute {attribute}");
        }
        if (page.Count != 0) plan.Count = page.Count;
        plan.PageNumber = page.PageNumber;
        plan.PagingCookie = string.IsNullOrEmpty(page.PagingCookie) ? null : page.PagingCookie;
        plan.ReturnTotalRecordCount = page.ReturnTotalRecordCount;
    }

    static void ReadColumns(PlanNode node, ColumnSet? columns)
    {
        if (columns is null) return;
        if (columns.AllColumns) { node.AllColumns = true; return; }
        foreach (var c in columns.Columns) node.Columns.Add(new PlanColumn { Name = c });
    }

    static PlanOrder ReadOrder(OrderExpression order, PlanNode owner) => new()
    {
        Attribute = order.AttributeName,
        Alias = order.Alias,
        EntityName = order.EntityName,
        Descending = order.OrderType == OrderType.Descending,
        Owner = owner,
    };

    static PlanNode ReadLink(LinkEntity link, PlanNode parent, ref int counter)
    {
        counter++;
        if (string.IsNullOrEmpty(link.LinkToEntityName))
            throw QueryFaults.Argument("The LinkToEntityName of a link entity must be set.");
        var node = new PlanNode
        {
            Table = link.LinkToEntityName,
            Alias = string.IsNullOrEmpty(link.EntityAlias) ? link.LinkToEntityName + counter : link.EntityAlias,
            LinkColumn = link.LinkToAttributeName,
            ParentColumn = link.LinkFromAttributeName,
            Join = link.JoinOperator switch
            {
                JoinOperator.Inner or JoinOperator.Natural => JoinKind.Inner,
                JoinOperator.LeftOuter => JoinKind.Outer,
                JoinOperator.In or JoinOperator.Exists or JoinOperator.Any => JoinKind.Exists,
                JoinOperator.NotAny => JoinKind.NotAny,
                JoinOperator.All => JoinKind.All,
                JoinOperator.NotAll => JoinKind.NotAll,
                JoinOperator.MatchFirstRowUsingCrossApply => JoinKind.MatchFirst,
                _ => throw QueryFaults.Create(QueryFaults.QueryBuilderInvalidJoinOperator, "Unsupported join operator."),
            },
            Parent = parent,
        };
        ReadColumns(node, link.Columns);
        node.Filter = ReadFilter(link.LinkCriteria);
        foreach (var order in link.Orders) node.Orders.Add(ReadOrder(order, node));
        foreach (var child in link.LinkEntities) node.Links.Add(ReadLink(child, node, ref counter));
        return node;
    }

    static PlanFilter? ReadFilter(FilterExpression? filter)
    {
        if (filter is null || (filter.Conditions.Count == 0 && filter.Filters.Count == 0)) return null;
        var result = new PlanFilter { Or = filter.FilterOperator == LogicalOperator.Or };
        foreach (var c in filter.Conditions)
        {
            var condition = new PlanCondition { EntityName = c.EntityName, Attribute = c.AttributeName ?? "", Operator = c.Operator };
            var values = QueryValues.Flatten(c.Values.Cast<object?>()).ToList();
            if (c.CompareColumns)
            {
                if (values.Count != 1 || values[0] is not string other)
                    throw QueryFaults.Argument("A condition that compares columns needs exactly one column name as its value.");
                condition.ValueOf = other;
            }
            else condition.Values.AddRange(values);
            result.Conditions.Add(condition);
        }
        foreach (var f in filter.Filters)
        {
            var child = ReadFilter(f);
            if (child is not null) result.Filters.Add(child);
        }
        return result;
    }
}
