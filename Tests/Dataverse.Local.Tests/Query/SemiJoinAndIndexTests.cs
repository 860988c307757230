using Dataverse.Local.Query;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace Dataverse.Local.Tests.Query;

public class SemiJoinAndIndexTests
{
    readonly QueryFixture org = new();

    [Fact]
    public void An_exists_link_keeps_rows_with_a_match_once_and_returns_no_linked_columns()
    {
        var result = org.Engine().RetrieveMultiple(new FetchExpression(@"
            <fetch>
              <entity name='account'>
                <attribute name='name' />
                <order attribute='name' />
                <link-entity name='contact' from='parentcustomerid' to='accountid' link-type='exists'>
                  <attribute name='fullname' />
                </link-entity>
              </entity>
            </fetch>"));
        Assert.Equal(new[] { "Contoso Pharmaceuticals", "Litware, Inc." }, QueryFixture.Names(result));
        Assert.All(result.Entities, e => Assert.Equal(new[] { "accountid", "name" }, e.Attributes.Keys.OrderBy(k => k)));
    }

    [Fact]
    public void A_not_any_link_keeps_rows_without_a_match()
    {
        var query = new QueryExpression("account") { ColumnSet = new ColumnSet("name") };
        query.AddLink("contact", "accountid", "parentcustomerid", JoinOperator.NotAny);
        query.AddOrder("name", OrderType.Ascending);
        Assert.Equal(new[] { "A. Datum Corporation", "Example Account", "Fabrikam, Inc." }, QueryFixture.Names(org.Engine().RetrieveMultiple(query)));
    }

    [Fact]
    public void Links_nested_under_an_exists_link_narrow_what_counts_as_a_match()
    {
        // Users who own at least one account that has a contact with a contoso.com address.
        var result = org.Engine().RetrieveMultiple(new FetchExpression(@"
            <fetch>
              <entity name='systemuser'>
                <attribute name='fullname' />
                <link-entity name='account' from='ownerid' to='systemuserid' link-type='exists'>
                  <link-entity name='contact' from='parentcustomerid' to='accountid' link-type='inner'>
                    <filter><condition attribute='emailaddress1' operator='like' value='%@contoso.com' /></filter>
                  </link-entity>
                </link-entity>
              </entity>
            </fetch>"));
        Assert.Equal(new[] { "Alice Smith" }, QueryFixture.Names(result, "fullname"));
    }

    [Fact]
    public void Joining_columns_of_different_types_is_refused()
    {
        var query = new QueryExpression("contact") { ColumnSet = new ColumnSet("fullname") };
        query.AddLink("account", "fullname", "accountid");
        Faults.Expect(QueryFaults.QueryBuilderLinkAttributesTypeMismatch, () => org.Engine().RetrieveMultiple(query));
    }

    [Fact]
    public void An_indexed_source_answers_id_lookups_without_scanning_the_table()
    {
        var source = new IndexedSource(org.Source);
        var engine = new QueryEngine(source, () => QueryFixture.Now);
        var query = new QueryExpression("contact") { ColumnSet = new ColumnSet("fullname") };
        query.Criteria.AddCondition("parentcustomerid", ConditionOperator.Equal, org.Contoso.Id);
        query.AddOrder("fullname", OrderType.Ascending);
        var account = query.AddLink("account", "parentcustomerid", "accountid");
        account.Columns = new ColumnSet("name");

        var result = engine.RetrieveMultiple(query);

        Assert.Equal(new[] { "Susanna Stubberod", "Yvonne McKay" }, QueryFixture.Names(result, "fullname"));
        Assert.Equal("Contoso Pharmaceuticals", ((AliasedValue)result.Entities[0]["account1.name"]).Value);
        Assert.Equal(0, source.Scans("contact"));
        Assert.Equal(0, source.Scans("account"));
    }

    sealed class IndexedSource(InMemoryQuerySource inner) : IQuerySource, IQueryIndexedSource, IQueryMetadata
    {
        readonly Dictionary<string, int> scans = new();
        public int Scans(string table) => scans.GetValueOrDefault(table);
        public bool TableExists(string table) => inner.TableExists(table);
        public bool ColumnExists(string table, string column) => inner.ColumnExists(table, column);
        public string PrimaryIdColumn(string table) => inner.PrimaryIdColumn(table);
        public IEnumerable<Entity> Rows(string table) { scans[table] = Scans(table) + 1; return inner.Rows(table); }
        public IEnumerable<Entity>? RowsWithId(string table, string column, Guid id) =>
            inner.Stored(table).Where(e => e.Attributes.TryGetValue(column, out var v) && (v is Guid g ? g == id : v is EntityReference r && r.Id == id));
        public QueryColumnType ColumnType(string table, string column) => (table, column) switch
        {
            ("contact", "parentcustomerid") => QueryColumnType.Customer,
            ("account", "accountid") or ("contact", "contactid") => QueryColumnType.UniqueIdentifier,
            ("contact", "fullname") or ("account", "name") => QueryColumnType.String,
            _ => QueryColumnType.Unknown,
        };
        public string? OptionLabel(string table, string column, int value) => null;
    }
}

public class LinkLimitTests
{
    [Fact]
    public void Match_first_row_returns_each_parent_once_with_one_match_or_none()
    {
        var org = new QueryFixture();
        var query = new QueryExpression("account") { ColumnSet = new ColumnSet("name") };
        query.AddLink("contact", "accountid", "parentcustomerid", JoinOperator.MatchFirstRowUsingCrossApply).Columns = new ColumnSet("fullname");
        var result = org.Engine().RetrieveMultiple(query);
        Assert.Equal(5, result.Entities.Count);
        Assert.Equal(2, result.Entities.Count(e => e.Contains("contact1.fullname")));
    }

    [Fact]
    public void More_than_fifteen_link_entities_are_refused()
    {
        var org = new QueryFixture();
        var query = new QueryExpression("account") { ColumnSet = new ColumnSet("name") };
        for (int i = 0; i < 16; i++) query.AddLink("systemuser", "ownerid", "systemuserid", JoinOperator.LeftOuter);
        var fault = Faults.Expect(QueryFaults.LinkEntitiesLimitExceeded, () => org.Engine().RetrieveMultiple(query));
        Assert.Equal(-2147204339, fault.ErrorCode);
    }
}

public class FilterLinkTypeTests
{
    readonly QueryFixture org = new();

    List<string> AccountsWhere(string filter) => QueryFixture.Names(org.Engine().RetrieveMultiple(new FetchExpression(
        $"<fetch><entity name='account'><attribute name='name' /><order attribute='name' />{filter}</entity></fetch>")));

    const string ContosoAddress = "<filter><condition attribute='emailaddress1' operator='like' value='%@contoso.com' /></filter>";

    [Fact]
    public void Any_keeps_accounts_with_a_matching_contact()
    {
        Assert.Equal(new[] { "Contoso Pharmaceuticals" }, AccountsWhere(
            $"<filter><link-entity name='contact' from='parentcustomerid' to='accountid' link-type='any'>{ContosoAddress}</link-entity></filter>"));
    }

    [Fact]
    public void Not_any_keeps_accounts_without_a_matching_contact()
    {
        Assert.Equal(new[] { "A. Datum Corporation", "Example Account", "Fabrikam, Inc.", "Litware, Inc." }, AccountsWhere(
            $"<filter><link-entity name='contact' from='parentcustomerid' to='accountid' link-type='not any'>{ContosoAddress}</link-entity></filter>"));
    }

    [Fact]
    public void All_keeps_accounts_whose_every_contact_matches_including_accounts_without_contacts()
    {
        Assert.Equal(new[] { "A. Datum Corporation", "Contoso Pharmaceuticals", "Example Account", "Fabrikam, Inc." }, AccountsWhere(
            $"<filter><link-entity name='contact' from='parentcustomerid' to='accountid' link-type='all'>{ContosoAddress}</link-entity></filter>"));
    }

    [Fact]
    public void Not_all_keeps_accounts_with_at_least_one_contact_that_does_not_match()
    {
        Assert.Equal(new[] { "Litware, Inc." }, AccountsWhere(
            $"<filter><link-entity name='contact' from='parentcustomerid' to='accountid' link-type='not all'>{ContosoAddress}</link-entity></filter>"));
    }

    [Fact]
    public void A_filter_link_combines_with_conditions_under_or()
    {
        Assert.Equal(new[] { "Contoso Pharmaceuticals", "Fabrikam, Inc." }, AccountsWhere(
            "<filter type='or'><condition attribute='address1_city' operator='eq' value='Lynnwood' />" +
            $"<link-entity name='contact' from='parentcustomerid' to='accountid' link-type='any'>{ContosoAddress}</link-entity></filter>"));
    }

    [Fact]
    public void An_inner_link_inside_a_filter_is_refused()
    {
        Faults.Expect(QueryFaults.QueryBuilderDeserializeInvalidLinkType, () => AccountsWhere(
            "<filter><link-entity name='contact' from='parentcustomerid' to='accountid' link-type='inner' /></filter>"));
    }
}

public class IdIndexCacheTests
{
    sealed class TrackedSource(InMemoryQuerySource inner) : IQuerySource, IQueryChangeTracking, IQueryMetadata
    {
        public long Version;
        public int ScansOfContacts;
        public bool TableExists(string table) => inner.TableExists(table);
        public bool ColumnExists(string table, string column) => inner.ColumnExists(table, column);
        public string PrimaryIdColumn(string table) => inner.PrimaryIdColumn(table);
        public IEnumerable<Entity> Rows(string table) { if (table == "contact") ScansOfContacts++; return inner.Rows(table); }
        public long TableVersion(string table) => table == "contact" ? Version : 0;
        public QueryColumnType ColumnType(string table, string column) => (table, column) switch
        {
            ("contact", "parentcustomerid") => QueryColumnType.Customer,
            ("contact", "fullname") => QueryColumnType.String,
            _ => QueryColumnType.Unknown,
        };
        public string? OptionLabel(string table, string column, int value) => null;
    }

    [Fact]
    public void Repeated_lookups_by_id_scan_a_table_once_until_it_changes()
    {
        var org = new QueryFixture();
        var source = new TrackedSource(org.Source);
        var engine = new QueryEngine(source);
        QueryExpression ContactsOf(Entity account)
        {
            var query = new QueryExpression("contact") { ColumnSet = new ColumnSet("fullname") };
            query.Criteria.AddCondition("parentcustomerid", ConditionOperator.Equal, account.Id);
            return query;
        }

        Assert.Equal(2, engine.RetrieveMultiple(ContactsOf(org.Contoso)).Entities.Count);
        Assert.Single(engine.RetrieveMultiple(ContactsOf(org.Litware)).Entities);
        Assert.Empty(engine.RetrieveMultiple(ContactsOf(org.Fabrikam)).Entities);
        Assert.Equal(1, source.ScansOfContacts);

        org.Source.Add("contact", ("fullname", "New Contact"), ("parentcustomerid", new EntityReference("account", org.Fabrikam.Id)));
        source.Version++;
        Assert.Single(engine.RetrieveMultiple(ContactsOf(org.Fabrikam)).Entities);
        Assert.Equal(2, source.ScansOfContacts);
    }
}

public class IndexedInTests
{
    [Fact]
    public void An_aggregate_over_a_page_of_accounts_reads_their_rows_through_the_id_index()
    {
        var org = new QueryFixture();
        var source = new CountingTrackedSource(org.Source);
        var engine = new QueryEngine(source);
        var fetch = $@"
            <fetch aggregate='true'>
              <entity name='contact'>
                <attribute name='parentcustomerid' groupby='true' alias='account' />
                <attribute name='contactid' aggregate='count' alias='contacts' />
                <filter>
                  <condition attribute='parentcustomerid' operator='in'>
                    <value>{org.Contoso.Id}</value><value>{org.Litware.Id}</value><value>{org.Fabrikam.Id}</value>
                  </condition>
                </filter>
              </entity>
            </fetch>";

        var first = engine.RetrieveMultiple(new FetchExpression(fetch));
        var second = engine.RetrieveMultiple(new FetchExpression(fetch));

        Assert.Equal(2, first.Entities.Count);
        Assert.Equal(3, first.Entities.Sum(e => (int)((AliasedValue)e["contacts"]).Value));
        Assert.Equal(2, second.Entities.Count);
        Assert.Equal(1, source.ContactScans); // the index was built once and then reused
    }

    sealed class CountingTrackedSource(InMemoryQuerySource inner) : IQuerySource, IQueryChangeTracking, IQueryMetadata
    {
        public int ContactScans;
        public bool TableExists(string table) => inner.TableExists(table);
        public bool ColumnExists(string table, string column) => inner.ColumnExists(table, column);
        public string PrimaryIdColumn(string table) => inner.PrimaryIdColumn(table);
        public IEnumerable<Entity> Rows(string table) { if (table == "contact") ContactScans++; return inner.Rows(table); }
        public long TableVersion(string table) => 1;
        public QueryColumnType ColumnType(string table, string column) => (table, column) switch
        {
            ("contact", "parentcustomerid") => QueryColumnType.Customer,
            ("contact", "contactid") => QueryColumnType.UniqueIdentifier,
            _ => QueryColumnType.Unknown,
        };
        public string? OptionLabel(string table, string column, int value) => null;
    }
}
