using Dataverse.Local.Query;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace Dataverse.Local.Tests.Query;

public class ConditionOperatorTests
{
    readonly QueryFixture org = new();

    List<string> AccountsWhere(params ConditionExpression[] conditions) => AccountsWhere(null, conditions);

    List<string> AccountsWhere(QueryCaller? caller, params ConditionExpression[] conditions)
    {
        var query = new QueryExpression("account") { ColumnSet = new ColumnSet("name") };
        query.AddOrder("name", OrderType.Ascending);
        foreach (var c in conditions) query.Criteria.AddCondition(c);
        return QueryFixture.Names(org.Engine().RetrieveMultiple(query, null, caller));
    }

    [Fact]
    public void Equal_compares_text_without_regard_to_case_and_not_equal_leaves_out_empty_values()
    {
        Assert.Equal(new[] { "Litware, Inc." }, AccountsWhere(new ConditionExpression("name", ConditionOperator.Equal, "LITWARE, INC.")));
        var notRedmond = AccountsWhere(new ConditionExpression("address1_city", ConditionOperator.NotEqual, "redmond"));
        Assert.Equal(new[] { "Fabrikam, Inc.", "Litware, Inc." }, notRedmond);
    }

    [Fact]
    public void Greater_and_less_than_compare_numbers_and_money()
    {
        Assert.Equal(new[] { "A. Datum Corporation", "Litware, Inc." },
            AccountsWhere(new ConditionExpression("numberofemployees", ConditionOperator.GreaterThan, 2700)));
        Assert.Equal(new[] { "A. Datum Corporation", "Fabrikam, Inc.", "Litware, Inc." },
            AccountsWhere(new ConditionExpression("numberofemployees", ConditionOperator.GreaterEqual, 2700)));
        Assert.Equal(new[] { "Contoso Pharmaceuticals" },
            AccountsWhere(new ConditionExpression("numberofemployees", ConditionOperator.LessThan, 2700)));
        Assert.Equal(new[] { "Contoso Pharmaceuticals", "Fabrikam, Inc." },
            AccountsWhere(new ConditionExpression("numberofemployees", ConditionOperator.LessEqual, 2700m)));
        Assert.Equal(new[] { "Contoso Pharmaceuticals", "Litware, Inc." },
            AccountsWhere(new ConditionExpression("revenue", ConditionOperator.GreaterEqual, new Money(1_000_000m))));
        Assert.Equal(new[] { "A. Datum Corporation" },
            AccountsWhere(new ConditionExpression("revenue", ConditionOperator.LessThan, 100_000m)));
    }

    [Fact]
    public void Like_understands_percent_and_underscore_and_not_like_is_its_opposite()
    {
        Assert.Equal(new[] { "Fabrikam, Inc.", "Litware, Inc." }, AccountsWhere(new ConditionExpression("name", ConditionOperator.Like, "%, inc.")));
        Assert.Equal(new[] { "Litware, Inc." }, AccountsWhere(new ConditionExpression("name", ConditionOperator.Like, "L_tware%")));
        Assert.Equal(new[] { "A. Datum Corporation", "Contoso Pharmaceuticals", "Example Account" },
            AccountsWhere(new ConditionExpression("name", ConditionOperator.NotLike, "%inc%")));
    }

    [Fact]
    public void Begins_ends_and_contains_match_parts_of_text()
    {
        Assert.Equal(new[] { "Contoso Pharmaceuticals" }, AccountsWhere(new ConditionExpression("name", ConditionOperator.BeginsWith, "contoso")));
        Assert.Equal(new[] { "A. Datum Corporation" }, AccountsWhere(new ConditionExpression("name", ConditionOperator.EndsWith, "corporation")));
        Assert.Equal(new[] { "Example Account" }, AccountsWhere(new ConditionExpression("name", ConditionOperator.Contains, "ple Acc")));
        Assert.Equal(4, AccountsWhere(new ConditionExpression("name", ConditionOperator.DoesNotBeginWith, "Ex")).Count);
        Assert.Equal(3, AccountsWhere(new ConditionExpression("name", ConditionOperator.DoesNotEndWith, "Inc.")).Count);
    }

    [Fact]
    public void In_and_not_in_take_a_list_of_values()
    {
        Assert.Equal(new[] { "Contoso Pharmaceuticals", "Litware, Inc." },
            AccountsWhere(new ConditionExpression("numberofemployees", ConditionOperator.In, 1500, 6000, 42)));
        Assert.Equal(new[] { "Contoso Pharmaceuticals", "Litware, Inc." },
            AccountsWhere(new ConditionExpression("numberofemployees", ConditionOperator.In, new[] { 1500, 6000 })));
        Assert.Equal(new[] { "A. Datum Corporation", "Fabrikam, Inc." },
            AccountsWhere(new ConditionExpression("numberofemployees", ConditionOperator.NotIn, 1500, 6000)));
    }

    [Fact]
    public void Null_and_not_null_find_empty_and_filled_columns()
    {
        Assert.Equal(new[] { "Example Account" }, AccountsWhere(new ConditionExpression("wb_riskband", ConditionOperator.Null)));
        Assert.Equal(4, AccountsWhere(new ConditionExpression("wb_riskband", ConditionOperator.NotNull)).Count);
    }

    [Fact]
    public void Between_includes_both_ends_and_not_between_excludes_them()
    {
        Assert.Equal(new[] { "Fabrikam, Inc.", "Litware, Inc." },
            AccountsWhere(new ConditionExpression("numberofemployees", ConditionOperator.Between, 2700, 6000)));
        Assert.Equal(new[] { "A. Datum Corporation", "Contoso Pharmaceuticals" },
            AccountsWhere(new ConditionExpression("numberofemployees", ConditionOperator.NotBetween, 2700, 6000)));
    }

    [Fact]
    public void On_and_on_or_after_and_on_or_before_compare_whole_days()
    {
        var twoDaysAgo = QueryFixture.Now.AddDays(-2).Date.AddHours(23);
        Assert.Equal(new[] { "Contoso Pharmaceuticals" }, AccountsWhere(new ConditionExpression("createdon", ConditionOperator.On, twoDaysAgo)));
        Assert.Equal(new[] { "A. Datum Corporation", "Contoso Pharmaceuticals" },
            AccountsWhere(new ConditionExpression("createdon", ConditionOperator.OnOrAfter, twoDaysAgo)));
        Assert.Equal(new[] { "Contoso Pharmaceuticals", "Example Account", "Fabrikam, Inc.", "Litware, Inc." },
            AccountsWhere(new ConditionExpression("createdon", ConditionOperator.OnOrBefore, twoDaysAgo)));
    }

    [Fact]
    public void Relative_date_operators_count_from_the_engine_clock()
    {
        Assert.Equal(new[] { "A. Datum Corporation", "Contoso Pharmaceuticals" },
            AccountsWhere(new ConditionExpression("createdon", ConditionOperator.LastXDays, 7)));
        Assert.Equal(new[] { "A. Datum Corporation" }, AccountsWhere(new ConditionExpression("createdon", ConditionOperator.Today)));
        Assert.Empty(AccountsWhere(new ConditionExpression("createdon", ConditionOperator.Yesterday)));
        Assert.Equal(new[] { "A. Datum Corporation", "Contoso Pharmaceuticals", "Fabrikam, Inc." },
            AccountsWhere(new ConditionExpression("createdon", ConditionOperator.LastXMonths, 6)));
        Assert.Equal(new[] { "Example Account", "Fabrikam, Inc.", "Litware, Inc." },
            AccountsWhere(new ConditionExpression("createdon", ConditionOperator.OlderThanXDays, 30)));
        Assert.Equal(new[] { "Example Account", "Litware, Inc." },
            AccountsWhere(new ConditionExpression("createdon", ConditionOperator.OlderThanXMonths, 6)));
        Assert.Equal(new[] { "A. Datum Corporation" },
            AccountsWhere(new ConditionExpression("wb_lastscoredon", ConditionOperator.NextXDays, 3)));
    }

    [Fact]
    public void Equal_user_id_matches_the_caller()
    {
        var asAlice = new QueryCaller { UserId = org.Alice };
        Assert.Equal(new[] { "Contoso Pharmaceuticals", "Litware, Inc." },
            AccountsWhere(asAlice, new ConditionExpression("ownerid", ConditionOperator.EqualUserId)));
        Assert.Equal(new[] { "A. Datum Corporation", "Fabrikam, Inc." },
            AccountsWhere(asAlice, new ConditionExpression("ownerid", ConditionOperator.NotEqualUserId)));
    }

    [Fact]
    public void Contain_values_finds_rows_whose_choices_include_any_value()
    {
        Assert.Equal(new[] { "Contoso Pharmaceuticals" }, AccountsWhere(new ConditionExpression("wb_tags", ConditionOperator.ContainValues, 3, 7)));
        Assert.Equal(new[] { "Contoso Pharmaceuticals", "Litware, Inc." },
            AccountsWhere(new ConditionExpression("wb_tags", ConditionOperator.ContainValues, 2, 1)));
        Assert.Equal(4, AccountsWhere(new ConditionExpression("wb_tags", ConditionOperator.DoesNotContainValues, 3)).Count);
    }

    [Fact]
    public void Values_compare_across_sdk_types()
    {
        Assert.Equal(new[] { "Contoso Pharmaceuticals", "Litware, Inc." },
            AccountsWhere(new ConditionExpression("ownerid", ConditionOperator.Equal, org.Alice)));
        Assert.Equal(new[] { "Contoso Pharmaceuticals", "Litware, Inc." },
            AccountsWhere(new ConditionExpression("ownerid", ConditionOperator.Equal, new EntityReference("systemuser", org.Alice))));
        Assert.Equal(new[] { "Litware, Inc." },
            AccountsWhere(new ConditionExpression("wb_riskband", ConditionOperator.Equal, QueryFixture.Disengaged)));
        Assert.Equal(new[] { "Litware, Inc." },
            AccountsWhere(new ConditionExpression("wb_riskband", ConditionOperator.Equal, new OptionSetValue(QueryFixture.Disengaged))));
        Assert.Equal(new[] { "Fabrikam, Inc." },
            AccountsWhere(new ConditionExpression("revenue", ConditionOperator.Equal, 250_000m)));
        Assert.Equal(new[] { "Contoso Pharmaceuticals", "Litware, Inc." },
            AccountsWhere(new ConditionExpression("wb_valuegap", ConditionOperator.Equal, true)));
        var localTime = ((DateTime)org.Contoso["createdon"]).ToLocalTime();
        Assert.Equal(new[] { "Contoso Pharmaceuticals" }, AccountsWhere(new ConditionExpression("createdon", ConditionOperator.Equal, localTime)));
    }

    [Fact]
    public void Nested_filters_combine_and_and_or()
    {
        var query = new QueryExpression("account") { ColumnSet = new ColumnSet("name") };
        query.AddOrder("name", OrderType.Ascending);
        query.Criteria.AddCondition("address1_city", ConditionOperator.Equal, "Redmond");
        var either = query.Criteria.AddFilter(LogicalOperator.Or);
        either.AddCondition("wb_disengagementscore", ConditionOperator.GreaterThan, 70);
        var both = either.AddFilter(LogicalOperator.And);
        both.AddCondition("numberofemployees", ConditionOperator.GreaterThan, 5000);
        both.AddCondition("wb_riskband", ConditionOperator.Equal, QueryFixture.Watch);

        var names = QueryFixture.Names(org.Engine().RetrieveMultiple(query));

        Assert.Equal(new[] { "A. Datum Corporation", "Contoso Pharmaceuticals" }, names);
    }

    [Fact]
    public void A_text_value_for_a_whole_number_column_is_converted_or_refused_as_dataverse_does()
    {
        Assert.Equal(new[] { "Litware, Inc." }, AccountsWhere(new ConditionExpression("numberofemployees", ConditionOperator.Equal, "6000")));
        var fault = Faults.Expect(QueryFaults.InvalidArgument,
            () => AccountsWhere(new ConditionExpression("numberofemployees", ConditionOperator.Equal, "many")));
        Assert.Contains("'account.numberofemployees'", fault.Message);
        Assert.Contains("System.Int32", fault.Message);
    }

    [Fact]
    public void A_number_for_a_text_column_is_refused()
    {
        var fault = Faults.Expect(QueryFaults.InvalidArgument, () => AccountsWhere(new ConditionExpression("name", ConditionOperator.Equal, 5)));
        Assert.Equal("Condition for attribute 'account.name': expected argument(s) of type 'System.String' but received 'System.Int32'.", fault.Message);
    }

    [Fact]
    public void A_date_operator_on_a_text_column_is_refused()
    {
        Faults.Expect(QueryFaults.QueryBuilderInvalidConditionOperator,
            () => AccountsWhere(new ConditionExpression("name", ConditionOperator.LastXDays, 3)));
        Faults.Expect(QueryFaults.QueryBuilderInvalidConditionOperator,
            () => AccountsWhere(new ConditionExpression("numberofemployees", ConditionOperator.Like, "1%")));
    }

    [Fact]
    public void Comparing_two_columns_of_the_same_row_works()
    {
        var query = new QueryExpression("account") { ColumnSet = new ColumnSet("name") };
        query.Criteria.AddCondition(new ConditionExpression("wb_lastscoredon", ConditionOperator.GreaterThan, true, "createdon"));
        Assert.Equal(4, org.Engine().RetrieveMultiple(query).Entities.Count);
    }
}

public class ConditionValueCountTests
{
    readonly QueryFixture org = new();

    void Run(ConditionExpression condition)
    {
        var query = new QueryExpression("account") { ColumnSet = new ColumnSet("name") };
        query.Criteria.AddCondition(condition);
        org.Engine().RetrieveMultiple(query);
    }

    [Fact]
    public void Operators_refuse_the_wrong_number_of_values()
    {
        Assert.Contains("exactly 2 values", Faults.Expect(QueryFaults.InvalidArgument,
            () => Run(new ConditionExpression("numberofemployees", ConditionOperator.Between, 1))).Message);
        Assert.Contains("exactly 1 value", Faults.Expect(QueryFaults.InvalidArgument,
            () => Run(new ConditionExpression("name", ConditionOperator.Equal))).Message);
        Assert.Contains("at least 1 value", Faults.Expect(QueryFaults.InvalidArgument,
            () => Run(new ConditionExpression("name", ConditionOperator.In, new object[0]))).Message);
        Faults.Expect(QueryFaults.InvalidArgument, () => Run(new ConditionExpression("name", ConditionOperator.Null, "x")));
    }

    [Fact]
    public void Hierarchy_and_fiscal_operators_are_refused_as_unsupported()
    {
        Faults.Expect(QueryFaults.QueryBuilderInvalidConditionOperator, () => Run(new ConditionExpression("createdon", ConditionOperator.ThisFiscalYear)));
        Faults.Expect(QueryFaults.QueryBuilderInvalidConditionOperator, () => Run(new ConditionExpression("accountid", ConditionOperator.Under, Guid.NewGuid())));
    }
}
