using Microsoft.Xrm.Sdk.Query;

namespace Xrm.Sdk.Offline.Tests;

public class QueryTests
{
    [Fact]
    public void A_new_query_expression_selects_no_columns_with_an_empty_and_filter()
    {
        var query = new QueryExpression("account");

        Assert.Equal("account", query.EntityName);
        Assert.False(query.ColumnSet.AllColumns);
        Assert.Empty(query.ColumnSet.Columns);
        Assert.Equal(LogicalOperator.And, query.Criteria.FilterOperator);
        Assert.Empty(query.Criteria.Conditions);
        Assert.NotNull(query.PageInfo);
        Assert.Equal(0, query.PageInfo.Count);
        Assert.Null(query.TopCount);
        Assert.Empty(query.LinkEntities);
        Assert.Empty(query.Orders);
    }

    [Fact]
    public void A_column_set_lists_the_columns_or_all_of_them()
    {
        var columns = new ColumnSet("name", "revenue");
        columns.AddColumn("accountnumber");
        columns.AddColumns("industrycode", "ownerid");

        Assert.Equal(new[] { "name", "revenue", "accountnumber", "industrycode", "ownerid" }, columns.Columns);
        Assert.False(columns.AllColumns);
        Assert.True(new ColumnSet(true).AllColumns);
        Assert.Empty(new ColumnSet().Columns);
    }

    [Fact]
    public void Conditions_keep_their_column_operator_and_values()
    {
        var one = new ConditionExpression("statecode", ConditionOperator.Equal, 0);
        var many = new ConditionExpression("industrycode", ConditionOperator.In, 1, 2, 3);
        var none = new ConditionExpression("parentaccountid", ConditionOperator.Null);
        var linked = new ConditionExpression("owner", "fullname", ConditionOperator.BeginsWith, "A");
        var spread = new ConditionExpression("accountid", ConditionOperator.In, (System.Collections.ICollection)new[] { Guid.Empty, Guid.Empty });

        Assert.Equal(new object[] { 0 }, one.Values);
        Assert.Equal(new object[] { 1, 2, 3 }, many.Values);
        Assert.Empty(none.Values);
        Assert.Equal("owner", linked.EntityName);
        Assert.Equal("fullname", linked.AttributeName);
        Assert.Equal(2, spread.Values.Count);
        Assert.Null(one.EntityName);
    }

    [Fact]
    public void Column_comparison_conditions_name_the_other_column()
    {
        var condition = new ConditionExpression("modifiedon", ConditionOperator.GreaterThan, true, "createdon");

        Assert.True(condition.CompareColumns);
        Assert.Equal(new object[] { "createdon" }, condition.Values);
    }

    [Fact]
    public void Filters_nest_conditions_and_filters()
    {
        var query = new QueryExpression("account");
        query.Criteria.AddCondition("statecode", ConditionOperator.Equal, 0);
        FilterExpression either = query.Criteria.AddFilter(LogicalOperator.Or);
        either.AddCondition("wb_riskband", ConditionOperator.Equal, 682400002);
        either.AddCondition("wb_riskband", ConditionOperator.Equal, 682400003);
        query.Criteria.AddFilter(new FilterExpression());
        query.Criteria.AddFilter((FilterExpression)null);

        Assert.Single(query.Criteria.Conditions);
        Assert.Equal(2, query.Criteria.Filters.Count);
        Assert.Equal(LogicalOperator.Or, query.Criteria.Filters[0].FilterOperator);
        Assert.Equal(2, query.Criteria.Filters[0].Conditions.Count);
    }

    [Fact]
    public void Links_join_from_the_query_table_and_carry_their_own_columns_and_criteria()
    {
        var query = new QueryExpression("wb_usagesnapshot");
        LinkEntity account = query.AddLink("account", "wb_accountid", "accountid", JoinOperator.LeftOuter);
        account.EntityAlias = "acct";
        account.Columns.AddColumns("name");
        account.LinkCriteria.AddCondition("statecode", ConditionOperator.Equal, 0);
        LinkEntity owner = account.AddLink("systemuser", "ownerid", "systemuserid");

        Assert.Equal("wb_usagesnapshot", account.LinkFromEntityName);
        Assert.Equal("account", account.LinkToEntityName);
        Assert.Equal("wb_accountid", account.LinkFromAttributeName);
        Assert.Equal("accountid", account.LinkToAttributeName);
        Assert.Equal(JoinOperator.LeftOuter, account.JoinOperator);
        Assert.Equal(JoinOperator.Inner, owner.JoinOperator);
        Assert.Equal("systemuser", owner.LinkToEntityName);
        Assert.Single(account.LinkEntities);
        Assert.Single(account.LinkCriteria.Conditions);
    }

    [Fact]
    public void Orders_and_paging_are_kept_as_given()
    {
        var query = new QueryExpression("account") { TopCount = 50, Distinct = true };
        query.AddOrder("name", OrderType.Ascending);
        query.AddOrder("fullname", OrderType.Descending, null, "owner");
        query.PageInfo = new PagingInfo { Count = 100, PageNumber = 2, PagingCookie = "<cookie page=\"1\"/>" };

        Assert.Equal(2, query.Orders.Count);
        Assert.Equal(OrderType.Descending, query.Orders[1].OrderType);
        Assert.Equal("owner", query.Orders[1].EntityName);
        Assert.Equal(2, query.PageInfo.PageNumber);
        Assert.Equal(50, query.TopCount);
    }

    [Fact]
    public void Query_by_attribute_pairs_columns_with_values()
    {
        var query = new QueryByAttribute("account") { ColumnSet = new ColumnSet("name") };
        query.AddAttributeValue("accountnumber", "A-1");
        query.AddAttributeValue("statecode", 0);
        query.AddOrder("name", OrderType.Ascending);

        Assert.Equal(new[] { "accountnumber", "statecode" }, query.Attributes);
        Assert.Equal(new object[] { "A-1", 0 }, query.Values);
        Assert.Single(query.Orders);
    }

    [Fact]
    public void Query_by_attribute_built_with_a_table_name_has_no_column_set_yet_as_in_Microsofts_SDK()
    {
        Assert.Null(new QueryByAttribute("account").ColumnSet);
        Assert.NotNull(new QueryByAttribute().ColumnSet);
    }

    [Fact]
    public void A_visitor_can_rewrite_a_query_expression()
    {
        var query = new QueryExpression("account");

        QueryExpression rewritten = query.Accept(new TopFifty());

        Assert.Same(query, rewritten);
        Assert.Equal(50, rewritten.TopCount);
    }

    [Fact]
    public void A_fetch_expression_holds_its_FetchXML()
    {
        const string fetch = "<fetch><entity name='account'><attribute name='name'/></entity></fetch>";

        Assert.Equal(fetch, new FetchExpression(fetch).Query);
        Assert.IsAssignableFrom<QueryBase>(new FetchExpression(fetch));
    }

    [Theory]
    [InlineData(ConditionOperator.Equal, 0)]
    [InlineData(ConditionOperator.In, 8)]
    [InlineData(ConditionOperator.Null, 12)]
    [InlineData(ConditionOperator.NotNull, 13)]
    [InlineData(ConditionOperator.LastXDays, 33)]
    [InlineData(ConditionOperator.OnOrAfter, 27)]
    [InlineData(ConditionOperator.EqualUserId, 41)]
    [InlineData(ConditionOperator.Contains, 49)]
    [InlineData(ConditionOperator.BeginsWith, 54)]
    [InlineData(ConditionOperator.Under, 75)]
    [InlineData(ConditionOperator.Above, 78)]
    [InlineData(ConditionOperator.OlderThanXDays, 84)]
    [InlineData(ConditionOperator.ContainValues, 87)]
    [InlineData(ConditionOperator.DoesNotContainValues, 88)]
    public void Condition_operators_keep_Microsofts_numbers(ConditionOperator op, int value)
    {
        Assert.Equal(value, (int)op);
    }

    [Fact]
    public void Condition_operators_are_the_89_of_the_9_0_2_SDK_numbered_without_gaps()
    {
        int[] values = Enum.GetValues(typeof(ConditionOperator)).Cast<int>().OrderBy(v => v).ToArray();

        Assert.Equal(Enumerable.Range(0, 89), values);
    }

    [Fact]
    public void Join_operators_and_order_types_keep_Microsofts_numbers()
    {
        Assert.Equal(1, (int)JoinOperator.LeftOuter);
        Assert.Equal(7, (int)JoinOperator.NotAny);
        Assert.Equal(9, (int)JoinOperator.NotAll);
        Assert.Equal(1, (int)OrderType.Descending);
        Assert.Equal(1, (int)LogicalOperator.Or);
    }

    private sealed class TopFifty : IQueryExpressionVisitor
    {
        public QueryExpression Visit(QueryExpression query)
        {
            query.TopCount = 50;
            return query;
        }
    }
}
