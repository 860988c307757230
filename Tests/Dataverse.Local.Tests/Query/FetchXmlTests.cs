using Dataverse.Local.Query;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace Dataverse.Local.Tests.Query;

public class FetchXmlTests
{
    readonly QueryFixture org = new();

    EntityCollection Fetch(string xml, QueryCaller? caller = null) => org.Engine().RetrieveMultiple(new FetchExpression(xml), null, caller);

    [Fact]
    public void Conditions_use_fetch_operator_names_and_text_values_take_the_column_type()
    {
        var result = Fetch(@"
            <fetch>
              <entity name='account'>
                <attribute name='name' />
                <filter type='and'>
                  <condition attribute='numberofemployees' operator='ge' value='2700' />
                  <condition attribute='revenue' operator='lt' value='1000000' />
                  <condition attribute='wb_riskband' operator='in'>
                    <value>682400000</value>
                    <value>682400001</value>
                  </condition>
                  <filter type='or'>
                    <condition attribute='name' operator='begins-with' value='fab' />
                    <condition attribute='name' operator='ends-with' value='corporation' />
                  </filter>
                </filter>
                <order attribute='name' />
              </entity>
            </fetch>");

        Assert.Equal(new[] { "A. Datum Corporation", "Fabrikam, Inc." }, QueryFixture.Names(result));
    }

    [Theory]
    [InlineData("<condition attribute='name' operator='like' value='%inc.' />", 2)]
    [InlineData("<condition attribute='name' operator='not-like' value='%inc.' />", 3)]
    [InlineData("<condition attribute='wb_riskband' operator='null' />", 1)]
    [InlineData("<condition attribute='wb_riskband' operator='not-null' />", 4)]
    [InlineData("<condition attribute='numberofemployees' operator='between'><value>1500</value><value>2700</value></condition>", 2)]
    [InlineData("<condition attribute='numberofemployees' operator='not-in'><value>1500</value></condition>", 3)]
    [InlineData("<condition attribute='numberofemployees' operator='ne' value='1500' />", 3)]
    [InlineData("<condition attribute='createdon' operator='last-x-days' value='7' />", 2)]
    [InlineData("<condition attribute='createdon' operator='olderthan-x-days' value='30' />", 3)]
    [InlineData("<condition attribute='createdon' operator='on-or-after' value='2026-11-20' />", 2)]
    [InlineData("<condition attribute='createdon' operator='on' value='2026-11-22' />", 1)]
    [InlineData("<condition attribute='createdon' operator='today' />", 1)]
    [InlineData("<condition attribute='wb_valuegap' operator='eq' value='1' />", 2)]
    [InlineData("<condition attribute='wb_tags' operator='contain-values'><value>1</value></condition>", 1)]
    public void Each_operator_family_filters_by_its_fetch_name(string condition, int expected)
    {
        var result = Fetch($"<fetch><entity name='account'><attribute name='name' /><filter>{condition}</filter></entity></fetch>");
        Assert.Equal(expected, result.Entities.Count);
    }

    [Fact]
    public void Lookup_conditions_take_a_guid_with_or_without_braces()
    {
        var plain = Fetch($"<fetch><entity name='account'><attribute name='name' /><filter><condition attribute='ownerid' operator='eq' value='{org.Bob}' /></filter></entity></fetch>");
        var braced = Fetch($"<fetch><entity name='account'><attribute name='name' /><filter><condition attribute='ownerid' operator='eq' value='{{{org.Bob.ToString().ToUpperInvariant()}}}' /></filter></entity></fetch>");
        Assert.Equal(2, plain.Entities.Count);
        Assert.Equal(2, braced.Entities.Count);
    }

    [Fact]
    public void Eq_userid_compares_with_the_caller()
    {
        var result = Fetch("<fetch><entity name='account'><attribute name='name' /><filter><condition attribute='ownerid' operator='eq-userid' /></filter></entity></fetch>",
            new QueryCaller { UserId = org.Bob });
        Assert.Equal(new[] { "Fabrikam, Inc.", "A. Datum Corporation" }, QueryFixture.Names(result));
    }

    [Fact]
    public void Link_entities_join_with_their_own_attributes_filters_and_aliases()
    {
        var result = Fetch(@"
            <fetch>
              <entity name='contact'>
                <attribute name='fullname' />
                <order attribute='fullname' descending='true' />
                <link-entity name='account' from='accountid' to='parentcustomerid' alias='acct' link-type='inner'>
                  <attribute name='name' />
                  <attribute name='numberofemployees' alias='employees' />
                  <filter><condition attribute='address1_city' operator='eq' value='Redmond' /></filter>
                </link-entity>
              </entity>
            </fetch>");

        Assert.Equal(new[] { "Yvonne McKay", "Susanna Stubberod" }, QueryFixture.Names(result, "fullname"));
        Assert.Equal("Contoso Pharmaceuticals", ((AliasedValue)result.Entities[0]["acct.name"]).Value);
        Assert.Equal(1500, ((AliasedValue)result.Entities[0]["employees"]).Value);
    }

    [Fact]
    public void An_outer_link_without_an_alias_is_named_after_its_table_and_position()
    {
        var result = Fetch(@"
            <fetch>
              <entity name='contact'>
                <attribute name='fullname' />
                <link-entity name='account' from='accountid' to='parentcustomerid' link-type='outer'>
                  <attribute name='name' />
                </link-entity>
              </entity>
            </fetch>");
        Assert.Equal(4, result.Entities.Count);
        Assert.Equal(3, result.Entities.Count(e => e.Contains("account1.name")));
    }

    [Fact]
    public void A_condition_can_name_a_link_alias_with_entityname()
    {
        var result = Fetch(@"
            <fetch>
              <entity name='account'>
                <attribute name='name' />
                <filter><condition entityname='c' attribute='contactid' operator='null' /></filter>
                <link-entity name='contact' from='parentcustomerid' to='accountid' alias='c' link-type='outer' />
              </entity>
            </fetch>");
        Assert.Equal(3, result.Entities.Count);
    }

    [Fact]
    public void Top_and_distinct_limit_the_rows()
    {
        var top = Fetch("<fetch top='2'><entity name='account'><attribute name='name' /><order attribute='numberofemployees' descending='true' /></entity></fetch>");
        Assert.Equal(new[] { "A. Datum Corporation", "Litware, Inc." }, QueryFixture.Names(top));

        var distinct = Fetch("<fetch distinct='true'><entity name='account'><attribute name='address1_city' /><order attribute='address1_city' /></entity></fetch>");
        Assert.Equal(4, distinct.Entities.Count); // null, Dallas, Lynnwood, Redmond

        Faults.Expect(QueryFaults.InvalidArgument, () => Fetch("<fetch top='2' page='1'><entity name='account'><attribute name='name' /></entity></fetch>"));
    }

    [Fact]
    public void No_lock_and_mapping_are_accepted_and_all_attributes_returns_everything()
    {
        var result = Fetch("<fetch mapping='logical' no-lock='true' version='1.0'><entity name='account'><all-attributes /><filter><condition attribute='name' operator='eq' value='Litware, Inc.' /></filter></entity></fetch>");
        Assert.Equal(org.Litware.Attributes.Count, result.Entities.Single().Attributes.Count);
    }

    [Theory]
    [InlineData("<fetch><entity name='account'><attribute name='name' /></entity>", QueryFaults.InvalidXml, "Invalid XML.")]
    [InlineData("", QueryFaults.QueryBuilderDeserializeEmptyXml, "Xml String can't be null.")]
    public void Malformed_fetch_xml_is_refused(string xml, int code, string message)
    {
        var fault = Faults.Expect(code, () => Fetch(xml));
        Assert.StartsWith(message, fault.Message);
    }

    [Fact]
    public void Fetch_xml_that_breaks_the_grammar_fails_with_the_query_builder_codes()
    {
        Faults.Expect(QueryFaults.QueryBuilderDeserializeInvalidNode,
            () => Fetch("<fetch><entity name='account'><column name='name' /></entity></fetch>"));
        Faults.Expect(QueryFaults.InvalidArgument,
            () => Fetch("<fetch><entity name='account'><filter><condition attribute='name' operator='equals' value='x' /></filter></entity></fetch>"));
        Faults.Expect(QueryFaults.QueryBuilderInvalidFilterType,
            () => Fetch("<fetch><entity name='account'><filter type='xor'><condition attribute='name' operator='null' /></filter></entity></fetch>"));
        Faults.Expect(QueryFaults.QueryBuilderDeserializeInvalidLinkType,
            () => Fetch("<fetch><entity name='account'><link-entity name='contact' from='parentcustomerid' to='accountid' link-type='left' /></entity></fetch>"));
        Faults.Expect(QueryFaults.QueryBuilderDeserializeInvalidDistinct,
            () => Fetch("<fetch distinct='yes'><entity name='account'><attribute name='name' /></entity></fetch>"));
        Faults.Expect(QueryFaults.InvalidArgument,
            () => Fetch("<fetch colour='blue'><entity name='account'><attribute name='name' /></entity></fetch>"));
        Faults.Expect(QueryFaults.QueryBuilderDeserializeInvalidNode,
            () => Fetch("<query><entity name='account' /></query>"));
    }

    [Fact]
    public void A_text_value_that_does_not_fit_the_column_fails_like_dataverse()
    {
        var fault = Faults.Expect(QueryFaults.InvalidArgument,
            () => Fetch("<fetch><entity name='account'><filter><condition attribute='numberofemployees' operator='eq' value='lots' /></filter></entity></fetch>"));
        Assert.StartsWith("An exception System.FormatException was thrown while trying to convert input value 'lots' to attribute 'account.numberofemployees'. Expected type of attribute value: System.Int32.", fault.Message);
    }

    [Fact]
    public void Unknown_tables_and_columns_in_fetch_xml_fail_with_dataverse_faults()
    {
        Faults.Expect(QueryFaults.QueryBuilderNoEntity, () => Fetch("<fetch><entity name='acount'><attribute name='name' /></entity></fetch>"));
        Faults.Expect(QueryFaults.QueryBuilderNoAttribute, () => Fetch("<fetch><entity name='account'><attribute name='nmae' /></entity></fetch>"));
        Faults.Expect(QueryFaults.QueryBuilderNoAttribute,
            () => Fetch("<fetch><entity name='account'><order attribute='nmae' /></entity></fetch>"));
        Faults.Expect(QueryFaults.QueryBuilderNoAttribute,
            () => Fetch("<fetch><entity name='account'><link-entity name='contact' from='parentaccount' to='accountid' /></entity></fetch>"));
    }
}
