using Dataverse.Local.Query;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace Dataverse.Local.Tests.Query;

public class LinkAndOrderTests
{
    readonly QueryFixture org = new();

    [Fact]
    public void An_inner_link_returns_one_row_per_match_with_aliased_columns()
    {
        var query = new QueryExpression("contact") { ColumnSet = new ColumnSet("fullname") };
        var account = query.AddLink("account", "parentcustomerid", "accountid");
        account.EntityAlias = "acct";
        account.Columns = new ColumnSet("name", "wb_riskband");
        query.AddOrder("fullname", OrderType.Ascending);

        var result = org.Engine().RetrieveMultiple(query);

        Assert.Equal(new[] { "Susanna Stubberod", "Thomas Andersen", "Yvonne McKay" }, QueryFixture.Names(result, "fullname"));
        var thomas = result.Entities[1];
        var name = Assert.IsType<AliasedValue>(thomas["acct.name"]);
        Assert.Equal("account", name.EntityLogicalName);
        Assert.Equal("name", name.AttributeLogicalName);
        Assert.Equal("Litware, Inc.", name.Value);
        Assert.Equal(QueryFixture.Disengaged, ((OptionSetValue)((AliasedValue)thomas["acct.wb_riskband"]).Value).Value);
    }

    [Fact]
    public void An_outer_link_keeps_rows_without_a_match_and_an_unnamed_link_is_aliased_like_dataverse()
    {
        var query = new QueryExpression("contact") { ColumnSet = new ColumnSet("fullname") };
        query.AddLink("account", "parentcustomerid", "accountid", JoinOperator.LeftOuter).Columns = new ColumnSet("name");
        query.AddOrder("fullname", OrderType.Ascending);

        var result = org.Engine().RetrieveMultiple(query);

        Assert.Equal(4, result.Entities.Count);
        var nancy = result.Entities.Single(e => (string)e["fullname"] == "Nancy Anderson");
        Assert.False(nancy.Contains("account1.name"));
        var yvonne = result.Entities.Single(e => (string)e["fullname"] == "Yvonne McKay");
        Assert.Equal("Contoso Pharmaceuticals", ((AliasedValue)yvonne["account1.name"]).Value);
    }

    [Fact]
    public void Link_criteria_filter_the_linked_rows_and_conditions_can_name_a_link_alias()
    {
        var query = new QueryExpression("account") { ColumnSet = new ColumnSet("name") };
        var contacts = query.AddLink("contact", "accountid", "parentcustomerid");
        contacts.EntityAlias = "c";
        contacts.LinkCriteria.AddCondition("emailaddress1", ConditionOperator.Like, "%@contoso.com");
        query.Distinct = true;
        Assert.Equal(new[] { "Contoso Pharmaceuticals" }, QueryFixture.Names(org.Engine().RetrieveMultiple(query)));

        var outer = new QueryExpression("account") { ColumnSet = new ColumnSet("name") };
        outer.AddLink("contact", "accountid", "parentcustomerid", JoinOperator.LeftOuter).EntityAlias = "c";
        outer.Criteria.AddCondition("c", "contactid", ConditionOperator.Null);
        outer.AddOrder("name", OrderType.Ascending);
        Assert.Equal(new[] { "A. Datum Corporation", "Example Account", "Fabrikam, Inc." }, QueryFixture.Names(org.Engine().RetrieveMultiple(outer)));
    }

    [Fact]
    public void Links_nest_and_each_level_returns_its_own_columns()
    {
        var query = new QueryExpression("contact") { ColumnSet = new ColumnSet("fullname") };
        var account = query.AddLink("account", "parentcustomerid", "accountid");
        account.EntityAlias = "a";
        var owner = account.AddLink("systemuser", "ownerid", "systemuserid");
        owner.EntityAlias = "owner";
        owner.Columns = new ColumnSet("fullname");
        owner.LinkCriteria.AddCondition("fullname", ConditionOperator.Equal, "Alice Smith");
        query.AddOrder("fullname", OrderType.Descending);

        var result = org.Engine().RetrieveMultiple(query);

        Assert.Equal(new[] { "Yvonne McKay", "Thomas Andersen", "Susanna Stubberod" }, QueryFixture.Names(result, "fullname"));
        Assert.All(result.Entities, e => Assert.Equal("Alice Smith", ((AliasedValue)e["owner.fullname"]).Value));
    }

    [Fact]
    public void Orders_on_a_link_sort_after_the_main_orders()
    {
        var query = new QueryExpression("contact") { ColumnSet = new ColumnSet("fullname") };
        var account = query.AddLink("account", "parentcustomerid", "accountid");
        account.Columns = new ColumnSet("name");
        account.Orders.Add(new OrderExpression("name", OrderType.Descending));

        var result = org.Engine().RetrieveMultiple(query);

        Assert.Equal("Litware, Inc.", ((AliasedValue)result.Entities[0]["account1.name"]).Value);
        Assert.Null(result.PagingCookie); // Dataverse gives no paging cookie when a link is ordered
    }

    [Fact]
    public void Ordering_puts_empty_values_first_and_can_be_reversed()
    {
        var query = new QueryExpression("account") { ColumnSet = new ColumnSet("name", "numberofemployees") };
        query.AddOrder("numberofemployees", OrderType.Ascending);
        Assert.Equal(new[] { "Example Account", "Contoso Pharmaceuticals", "Fabrikam, Inc.", "Litware, Inc.", "A. Datum Corporation" },
            QueryFixture.Names(org.Engine().RetrieveMultiple(query)));

        query.Orders.Clear();
        query.AddOrder("address1_city", OrderType.Descending);
        query.AddOrder("numberofemployees", OrderType.Descending);
        Assert.Equal(new[] { "A. Datum Corporation", "Contoso Pharmaceuticals", "Fabrikam, Inc.", "Litware, Inc.", "Example Account" },
            QueryFixture.Names(org.Engine().RetrieveMultiple(query)));
    }

    [Fact]
    public void Choices_sort_by_their_labels_when_the_source_describes_them()
    {
        var described = new DescribedQuerySource(org.Source)
            .Label("account", "wb_riskband", QueryFixture.Healthy, "Healthy")
            .Label("account", "wb_riskband", QueryFixture.Watch, "Watch")
            .Label("account", "wb_riskband", QueryFixture.AtRisk, "At risk")
            .Label("account", "wb_riskband", QueryFixture.Disengaged, "Disengaged");
        var query = new QueryExpression("account") { ColumnSet = new ColumnSet("name", "wb_riskband") };
        query.Criteria.AddCondition("wb_riskband", ConditionOperator.NotNull);
        query.AddOrder("wb_riskband", OrderType.Ascending);

        var result = new QueryEngine(described).RetrieveMultiple(query);

        Assert.Equal(new[] { "At risk", "Disengaged", "Healthy", "Watch" }, result.Entities.Select(e => e.FormattedValues["wb_riskband"]));
    }

    [Fact]
    public void A_described_source_gives_lookups_their_names_and_choices_their_labels()
    {
        var described = new DescribedQuerySource(org.Source).Label("account", "wb_riskband", QueryFixture.AtRisk, "At risk");
        var query = new QueryExpression("account") { ColumnSet = new ColumnSet("ownerid", "wb_riskband") };
        query.Criteria.AddCondition("accountid", ConditionOperator.Equal, org.Contoso.Id);

        var contoso = new QueryEngine(described).RetrieveMultiple(query).Entities.Single();

        Assert.Equal("Alice Smith", ((EntityReference)contoso["ownerid"]).Name);
        Assert.Equal("Alice Smith", contoso.FormattedValues["ownerid"]);
        Assert.Equal("At risk", contoso.FormattedValues["wb_riskband"]);
        Assert.Null(((EntityReference)org.Contoso["ownerid"]).Name); // the stored value is untouched
    }

    [Fact]
    public void Top_count_limits_the_rows_after_ordering()
    {
        var query = new QueryExpression("account") { ColumnSet = new ColumnSet("name"), TopCount = 2 };
        query.AddOrder("wb_disengagementscore", OrderType.Descending);
        Assert.Equal(new[] { "Litware, Inc.", "Contoso Pharmaceuticals" }, QueryFixture.Names(org.Engine().RetrieveMultiple(query)));
    }

    [Fact]
    public void Top_count_with_paging_is_refused()
    {
        var query = new QueryExpression("account") { ColumnSet = new ColumnSet("name"), TopCount = 2 };
        query.PageInfo = new PagingInfo { Count = 2, PageNumber = 1 };
        var fault = Faults.Expect(QueryFaults.InvalidArgument, () => org.Engine().RetrieveMultiple(query));
        Assert.Equal("The top attribute can't be specified with paging attribute page", fault.Message);
    }

    [Fact]
    public void Results_are_copies_with_only_the_requested_columns_and_the_id()
    {
        var query = new QueryExpression("account") { ColumnSet = new ColumnSet("name", "revenue", "ownerid") };
        query.Criteria.AddCondition("name", ConditionOperator.Equal, "Contoso Pharmaceuticals");

        var contoso = org.Engine().RetrieveMultiple(query).Entities.Single();

        Assert.Equal(new[] { "accountid", "name", "ownerid", "revenue" }, contoso.Attributes.Keys.OrderBy(k => k));
        Assert.Equal(org.Contoso.Id, contoso.Id);
        Assert.Equal("account", contoso.LogicalName);
        ((Money)contoso["revenue"]).Value = 1m;
        ((EntityReference)contoso["ownerid"]).Id = Guid.Empty;
        contoso["name"] = "changed";
        Assert.Equal(1_000_000m, ((Money)org.Contoso["revenue"]).Value);
        Assert.Equal(org.Alice, ((EntityReference)org.Contoso["ownerid"]).Id);
        Assert.Equal("Contoso Pharmaceuticals", org.Contoso["name"]);
    }

    [Fact]
    public void All_columns_returns_every_stored_column()
    {
        var query = new QueryExpression("account") { ColumnSet = new ColumnSet(true) };
        query.Criteria.AddCondition("accountid", ConditionOperator.Equal, org.Litware.Id);
        var litware = org.Engine().RetrieveMultiple(query).Entities.Single();
        Assert.Equal(org.Litware.Attributes.Keys.OrderBy(k => k), litware.Attributes.Keys.OrderBy(k => k));
    }

    [Fact]
    public void Rows_the_caller_may_not_read_are_left_out_of_main_and_linked_tables()
    {
        var query = new QueryExpression("contact") { ColumnSet = new ColumnSet("fullname") };
        query.AddLink("account", "parentcustomerid", "accountid").Columns = new ColumnSet("name");
        bool CanRead(string table, Entity row) => table != "account" || row.Id != org.Contoso.Id;

        var result = org.Engine().RetrieveMultiple(query, CanRead);

        Assert.Equal(new[] { "Thomas Andersen" }, QueryFixture.Names(result, "fullname"));
    }

    [Fact]
    public void Distinct_returns_each_combination_once()
    {
        var query = new QueryExpression("account") { ColumnSet = new ColumnSet("address1_city"), Distinct = true };
        query.Criteria.AddCondition("address1_city", ConditionOperator.NotNull);
        query.AddOrder("address1_city", OrderType.Ascending);
        var result = org.Engine().RetrieveMultiple(query);
        Assert.Equal(new[] { "Dallas", "Lynnwood", "Redmond" }, QueryFixture.Names(result, "address1_city"));
    }

    [Fact]
    public void Query_by_attribute_matches_every_attribute_value_pair()
    {
        var query = new QueryByAttribute("account") { ColumnSet = new ColumnSet("name") };
        query.AddAttributeValue("address1_city", "Redmond");
        query.AddAttributeValue("ownerid", org.Bob);
        Assert.Equal(new[] { "A. Datum Corporation" }, QueryFixture.Names(org.Engine().RetrieveMultiple(query)));

        var empty = new QueryByAttribute("account") { ColumnSet = new ColumnSet("name") };
        Faults.Expect(QueryFaults.QueryBuilderByAttributeNonEmpty, () => org.Engine().RetrieveMultiple(empty));
    }

    [Fact]
    public void Unknown_tables_and_columns_fail_with_dataverse_faults()
    {
        var unknownTable = Faults.Expect(QueryFaults.QueryBuilderNoEntity,
            () => org.Engine().RetrieveMultiple(new QueryExpression("wb_nothing") { ColumnSet = new ColumnSet("name") }));
        Assert.Equal(-2147217150, unknownTable.ErrorCode);
        Assert.Equal("The entity with a name = 'wb_nothing' with namemapping = 'Logical' was not found in the MetadataCache.", unknownTable.Message);

        var unknownColumn = Faults.Expect(QueryFaults.QueryBuilderNoAttribute,
            () => org.Engine().RetrieveMultiple(new QueryExpression("account") { ColumnSet = new ColumnSet("name", "wb_nothing") }));
        Assert.Equal(-2147217149, unknownColumn.ErrorCode);
        Assert.Equal("'account' entity doesn't contain attribute with Name = 'wb_nothing' and NameMapping = 'Logical'.", unknownColumn.Message);

        var query = new QueryExpression("account") { ColumnSet = new ColumnSet("name") };
        query.Criteria.AddCondition("wb_nothing", ConditionOperator.Null);
        Faults.Expect(QueryFaults.QueryBuilderNoAttribute, () => org.Engine().RetrieveMultiple(query));

        var link = new QueryExpression("account") { ColumnSet = new ColumnSet("name") };
        link.AddLink("wb_nothing", "accountid", "wb_accountid");
        Faults.Expect(QueryFaults.QueryBuilderNoEntity, () => org.Engine().RetrieveMultiple(link));
    }
}
