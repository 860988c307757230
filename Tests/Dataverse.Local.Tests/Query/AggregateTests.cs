using Dataverse.Local.Query;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace Dataverse.Local.Tests.Query;

public class AggregateTests
{
    readonly QueryFixture org = new();

    EntityCollection Fetch(string xml) => org.Engine().RetrieveMultiple(new FetchExpression(xml));

    static object? Value(Entity e, string alias) => e.Contains(alias) ? ((AliasedValue)e[alias]).Value : null;

    [Fact]
    public void Count_sum_avg_min_and_max_over_all_rows_come_back_as_one_row_of_aliased_values()
    {
        var result = Fetch(@"
            <fetch aggregate='true'>
              <entity name='account'>
                <attribute name='numberofemployees' alias='Average' aggregate='avg' />
                <attribute name='numberofemployees' alias='Count' aggregate='count' />
                <attribute name='numberofemployees' alias='ColumnCount' aggregate='countcolumn' />
                <attribute name='numberofemployees' alias='Maximum' aggregate='max' />
                <attribute name='numberofemployees' alias='Minimum' aggregate='min' />
                <attribute name='numberofemployees' alias='Sum' aggregate='sum' />
                <attribute name='revenue' alias='Revenue' aggregate='sum' />
                <attribute name='revenue' alias='AverageRevenue' aggregate='avg' />
              </entity>
            </fetch>");

        var row = Assert.Single(result.Entities);
        Assert.Equal(4100, Value(row, "Average"));          // whole numbers average to a whole number, as in SQL Server
        Assert.Equal(5, Value(row, "Count"));
        Assert.Equal(4, Value(row, "ColumnCount"));
        Assert.Equal(6200, Value(row, "Maximum"));
        Assert.Equal(1500, Value(row, "Minimum"));
        Assert.Equal(16400, Value(row, "Sum"));
        Assert.Equal(6_830_000m, Assert.IsType<Money>(Value(row, "Revenue")).Value);
        Assert.Equal(1_707_500m, Assert.IsType<Money>(Value(row, "AverageRevenue")).Value);
        var aliased = (AliasedValue)row["Sum"];
        Assert.Equal("account", aliased.EntityLogicalName);
        Assert.Equal("numberofemployees", aliased.AttributeLogicalName);
    }

    [Fact]
    public void Group_by_splits_rows_by_value_and_lookups_group_by_their_id()
    {
        var byCity = Fetch(@"
            <fetch aggregate='true'>
              <entity name='account'>
                <attribute name='numberofemployees' alias='Total' aggregate='sum' />
                <attribute name='address1_city' alias='Count' aggregate='count' />
                <attribute name='address1_city' alias='City' groupby='true' />
                <order alias='City' />
              </entity>
            </fetch>");
        Assert.Equal(new object?[] { null, "Dallas", "Lynnwood", "Redmond" }, byCity.Entities.Select(e => Value(e, "City")));
        Assert.Equal(new object?[] { 0, 6000, 2700, 7700 }, byCity.Entities.Select(e => Value(e, "Total")));
        Assert.Equal(new object?[] { 1, 1, 1, 2 }, byCity.Entities.Select(e => Value(e, "Count")));

        var byOwner = Fetch(@"
            <fetch aggregate='true'>
              <entity name='account'>
                <attribute name='ownerid' alias='Owner' groupby='true' />
                <attribute name='wb_disengagementscore' alias='Highest' aggregate='max' />
                <filter><condition attribute='ownerid' operator='not-null' /></filter>
                <order alias='Highest' descending='true' />
              </entity>
            </fetch>");
        Assert.Equal(2, byOwner.Entities.Count);
        var alice = Assert.IsType<EntityReference>(Value(byOwner.Entities[0], "Owner"));
        Assert.Equal(org.Alice, alice.Id);
        Assert.Equal("systemuser", alice.LogicalName);
        Assert.Equal(91, Value(byOwner.Entities[0], "Highest"));
        Assert.Equal(45, Value(byOwner.Entities[1], "Highest"));
    }

    [Fact]
    public void Choices_group_as_option_set_values_and_count_a_band()
    {
        var result = Fetch(@"
            <fetch aggregate='true'>
              <entity name='account'>
                <attribute name='wb_riskband' alias='Band' groupby='true' />
                <attribute name='accountid' alias='Accounts' aggregate='count' />
                <filter><condition attribute='wb_riskband' operator='not-null' /></filter>
                <order alias='Band' />
              </entity>
            </fetch>");
        Assert.Equal(new[] { QueryFixture.Healthy, QueryFixture.Watch, QueryFixture.AtRisk, QueryFixture.Disengaged },
            result.Entities.Select(e => ((OptionSetValue)Value(e, "Band")!).Value));
    }

    [Fact]
    public void Date_grouping_groups_by_day_week_month_quarter_and_year()
    {
        var result = Fetch(@"
            <fetch aggregate='true'>
              <entity name='account'>
                <attribute name='accountid' alias='Count' aggregate='count' />
                <attribute name='createdon' alias='Year' groupby='true' dategrouping='year' />
                <attribute name='createdon' alias='Quarter' groupby='true' dategrouping='quarter' />
                <attribute name='createdon' alias='Month' groupby='true' dategrouping='month' />
                <attribute name='createdon' alias='Week' groupby='true' dategrouping='week' />
                <attribute name='createdon' alias='Day' groupby='true' dategrouping='day' />
                <filter><condition attribute='createdon' operator='last-x-days' value='7' /></filter>
                <order alias='Day' />
              </entity>
            </fetch>");

        Assert.Equal(2, result.Entities.Count);
        var first = result.Entities[0];
        Assert.Equal(2026, Value(first, "Year"));
        Assert.Equal(4, Value(first, "Quarter"));
        Assert.Equal(11, Value(first, "Month"));
        Assert.Equal(47, Value(first, "Week"));   // 20 November 2026, weeks starting on Sunday
        Assert.Equal(20, Value(first, "Day"));
        Assert.Equal(48, Value(result.Entities[1], "Week")); // Sunday 22 November starts a new week
        Assert.Equal(1, Value(first, "Count"));

        var byMonth = Fetch(@"
            <fetch aggregate='true'>
              <entity name='account'>
                <attribute name='revenue' alias='Revenue' aggregate='sum' />
                <attribute name='createdon' alias='Month' groupby='true' dategrouping='month' />
                <filter><condition attribute='revenue' operator='not-null' /></filter>
                <order alias='Month' descending='true' />
              </entity>
            </fetch>");
        Assert.Equal(new object?[] { 11, 10, 4 }, byMonth.Entities.Select(e => Value(e, "Month")));
        Assert.Equal(1_080_000m, ((Money)Value(byMonth.Entities[0], "Revenue")!).Value);
    }

    [Fact]
    public void Aggregates_can_use_columns_of_linked_tables()
    {
        var result = Fetch(@"
            <fetch aggregate='true'>
              <entity name='contact'>
                <attribute name='contactid' alias='Contacts' aggregate='count' />
                <link-entity name='account' from='accountid' to='parentcustomerid' alias='a'>
                  <attribute name='name' alias='Account' groupby='true' />
                </link-entity>
                <order alias='Contacts' descending='true' />
              </entity>
            </fetch>");
        Assert.Equal(new object?[] { "Contoso Pharmaceuticals", "Litware, Inc." }, result.Entities.Select(e => Value(e, "Account")));
        Assert.Equal(new object?[] { 2, 1 }, result.Entities.Select(e => Value(e, "Contacts")));
    }

    [Fact]
    public void Countcolumn_with_distinct_counts_different_values()
    {
        var result = Fetch(@"
            <fetch aggregate='true'>
              <entity name='account'>
                <attribute name='address1_city' alias='Cities' aggregate='countcolumn' distinct='true' />
              </entity>
            </fetch>");
        Assert.Equal(3, Value(result.Entities.Single(), "Cities"));
    }

    [Fact]
    public void More_than_fifty_thousand_rows_cannot_be_aggregated()
    {
        var source = new InMemoryQuerySource().Table("wb_usagesnapshot", "wb_logins");
        for (int i = 0; i < 50_001; i++) source.Add("wb_usagesnapshot", ("wb_logins", 1));
        var engine = new QueryEngine(source);
        const string countAll = "<fetch aggregate='true'><entity name='wb_usagesnapshot'><attribute name='wb_logins' alias='Logins' aggregate='sum' />{0}</entity></fetch>";

        var fault = Faults.Expect(QueryFaults.AggregateQueryRecordLimitExceeded,
            () => engine.RetrieveMultiple(new FetchExpression(string.Format(countAll, ""))));
        Assert.Equal(-2147164125, fault.ErrorCode);
        Assert.Equal("AggregateQueryRecordLimit exceeded. Cannot perform this operation.", fault.Message);

        var filtered = engine.RetrieveMultiple(new FetchExpression(string.Format(countAll,
            $"<filter><condition attribute='wb_usagesnapshotid' operator='ne' value='{source.Stored("wb_usagesnapshot")[0].Id}' /></filter>")));
        Assert.Equal(50_000, ((AliasedValue)filtered.Entities.Single()["Logins"]).Value);
    }

    [Fact]
    public void An_aggregate_query_follows_dataverses_rules()
    {
        Faults.Expect(QueryFaults.QueryBuilderAttributeWithAggregate,
            () => Fetch("<fetch aggregate='true'><entity name='account'><attribute name='name' /><attribute name='accountid' alias='n' aggregate='count' /></entity></fetch>"));
        Faults.Expect(QueryFaults.QueryBuilderInvalidAlias,
            () => Fetch("<fetch aggregate='true'><entity name='account'><attribute name='accountid' aggregate='count' /></entity></fetch>"));
        Faults.Expect(QueryFaults.QueryBuilderInvalidAggregateAttribute,
            () => Fetch("<fetch aggregate='true'><entity name='account'><attribute name='name' alias='n' aggregate='sum' /></entity></fetch>"));
        Faults.Expect(QueryFaults.QueryBuilderInvalidDateGrouping,
            () => Fetch("<fetch aggregate='true'><entity name='account'><attribute name='createdon' alias='d' groupby='true' dategrouping='decade' /></entity></fetch>"));
        Faults.Expect(QueryFaults.QueryBuilderAttributeNotAllowedForAggregateOrderBy,
            () => Fetch("<fetch aggregate='true'><entity name='account'><attribute name='accountid' alias='n' aggregate='count' /><order attribute='name' /></entity></fetch>"));
        Faults.Expect(QueryFaults.QueryBuilderDuplicateAlias,
            () => Fetch("<fetch aggregate='true'><entity name='account'><attribute name='accountid' alias='n' aggregate='count' /><attribute name='name' alias='n' groupby='true' /></entity></fetch>"));
    }
}
