using System.Globalization;
using System.Text;
using Dataverse.Local.Metadata;
using Dataverse.Local.Query;
using Dataverse.Local.Tests.Plugins;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace Dataverse.Local.Tests.Query;

/// <summary>
/// The organization's lookup and owner indexes: kept in step with every write, undone with a rolled-back transaction,
/// and never changing what a query returns (an indexed query answers exactly as a scan of the same rows does).
/// </summary>
public sealed class StoreIndexTests
{
    private static readonly DateTime Noon = new(2026, 11, 22, 12, 0, 0, DateTimeKind.Utc);

    private static LocalOrganization NewOrganization() =>
        new TestSolution()
            // An update that touches a case's title, or deletes a contact, fails after the write: the transaction rolls back.
            .Step<Refuse>("Update", "incident", stage: 40, filtering: "title", config: "Titles are frozen.")
            .Step<Refuse>("Delete", "contact", stage: 40, config: "Contacts stay.")
            .Build(new LocalOrganizationOptions { Clock = () => Noon });

    /// <summary>The ids of the rows whose lookup points to the id, through the organization's own query path.</summary>
    private static List<Guid> Referencing(IOrganizationService service, string table, string column, Guid id)
    {
        var query = new QueryExpression(table) { ColumnSet = new ColumnSet(column) };
        query.Criteria.AddCondition(column, ConditionOperator.In, id);
        return service.RetrieveMultiple(query).Entities.Select(e => e.Id).ToList();
    }

    private static List<Guid> ContactsOf(IOrganizationService service, Guid account) => Referencing(service, "contact", "parentcustomerid", account);

    private static List<Guid> CasesOf(IOrganizationService service, Guid customer) => Referencing(service, "incident", "customerid", customer);

    [Fact]
    public void Changing_a_lookup_moves_the_row_to_its_new_parent_in_queries()
    {
        using var org = NewOrganization();
        var contoso = org.Service.Create(new Entity("account") { ["name"] = "Contoso" });
        var fabrikam = org.Service.Create(new Entity("account") { ["name"] = "Fabrikam" });
        var yvonne = org.Service.Create(new Entity("contact") { ["lastname"] = "McKay", ["parentcustomerid"] = new EntityReference("account", contoso) });

        org.Service.Update(new Entity("contact", yvonne) { ["parentcustomerid"] = new EntityReference("account", fabrikam) });

        Assert.Empty(ContactsOf(org.Service, contoso));
        Assert.Equal(new[] { yvonne }, ContactsOf(org.Service, fabrikam));

        org.Service.Update(new Entity("contact", yvonne) { ["parentcustomerid"] = null });
        Assert.Empty(ContactsOf(org.Service, fabrikam));
    }

    [Fact]
    public void A_deleted_row_leaves_its_parent_and_a_row_created_in_its_place_is_found()
    {
        using var org = NewOrganization();
        var contoso = org.Service.Create(new Entity("account") { ["name"] = "Contoso" });
        var fabrikam = org.Service.Create(new Entity("account") { ["name"] = "Fabrikam" });
        var first = org.Service.Create(new Entity("incident") { ["title"] = "Login fails", ["customerid"] = new EntityReference("account", contoso) });

        org.Service.Delete("incident", first);
        var second = org.Service.Create(new Entity("incident") { ["title"] = "Export slow", ["customerid"] = new EntityReference("account", fabrikam) });

        Assert.Empty(CasesOf(org.Service, contoso));
        Assert.Equal(new[] { second }, CasesOf(org.Service, fabrikam));
    }

    [Fact]
    public void A_failed_update_puts_the_row_back_under_its_old_parent()
    {
        using var org = NewOrganization();
        var contoso = org.Service.Create(new Entity("account") { ["name"] = "Contoso" });
        var fabrikam = org.Service.Create(new Entity("account") { ["name"] = "Fabrikam" });
        var login = org.Service.Create(new Entity("incident") { ["title"] = "Login fails", ["customerid"] = new EntityReference("account", contoso) });

        var fault = Expect.Fault(() => org.Service.Update(new Entity("incident", login)
        {
            ["title"] = "Login fails again",
            ["customerid"] = new EntityReference("account", fabrikam),
        }));

        Assert.Equal("Titles are frozen.", fault.Message);
        Assert.Equal(new[] { login }, CasesOf(org.Service, contoso));
        Assert.Empty(CasesOf(org.Service, fabrikam));
    }

    [Fact]
    public void A_failed_delete_puts_the_row_and_its_cascade_back_where_queries_find_them()
    {
        using var org = NewOrganization();
        var contoso = org.Service.Create(new Entity("account") { ["name"] = "Contoso" });
        var yvonne = org.Service.Create(new Entity("contact") { ["lastname"] = "McKay", ["parentcustomerid"] = new EntityReference("account", contoso) });
        var login = org.Service.Create(new Entity("incident") { ["title"] = "Login fails", ["customerid"] = new EntityReference("contact", yvonne) });

        Expect.Fault(() => org.Service.Delete("contact", yvonne));

        Assert.Equal(new[] { yvonne }, ContactsOf(org.Service, contoso));
        Assert.Equal(new[] { login }, CasesOf(org.Service, yvonne));
        // A row created after the rollback neither hides nor duplicates the restored one.
        var export = org.Service.Create(new Entity("incident") { ["title"] = "Export slow", ["customerid"] = new EntityReference("contact", yvonne) });
        Assert.Equal(new[] { login, export }.OrderBy(g => g), CasesOf(org.Service, yvonne).OrderBy(g => g));
    }

    [Fact]
    public void Owner_columns_are_indexed_and_follow_an_assignment()
    {
        using var org = NewOrganization();
        var riley = org.AddUser("Riley Rep", "System Administrator");
        var contoso = org.Service.Create(new Entity("account") { ["name"] = "Contoso" });
        org.Service.Create(new Entity("account") { ["name"] = "Fabrikam" });

        org.Service.Update(new Entity("account", contoso) { ["ownerid"] = new EntityReference("systemuser", riley) });

        var query = new QueryExpression("account") { ColumnSet = new ColumnSet("name") };
        query.Criteria.AddCondition("owninguser", ConditionOperator.Equal, riley);
        Assert.Equal(new[] { contoso }, org.Service.RetrieveMultiple(query).Entities.Select(e => e.Id));
        query.Criteria.Conditions[0].AttributeName = "ownerid";
        Assert.Equal(new[] { contoso }, org.Service.RetrieveMultiple(query).Entities.Select(e => e.Id));
        query.Criteria.Conditions[0].Values[0] = org.AdministratorId;
        Assert.Equal(new[] { "Fabrikam" }, org.Service.RetrieveMultiple(query).Entities.Select(e => e.GetAttributeValue<string>("name")));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Indexed_queries_return_what_a_scan_of_the_same_rows_returns(int seed)
    {
        using var org = NewOrganization();
        var random = new Random(seed);
        var users = new List<Guid> { org.AdministratorId, org.AddUser("Riley Rep", "System Administrator"), org.AddUser("Casey Success", "System Administrator") };
        EntityReference User() => new("systemuser", users[random.Next(users.Count)]);
        var accounts = Enumerable.Range(0, 30).Select(i => org.Service.Create(new Entity("account")
        {
            ["name"] = "Account " + (char)('A' + random.Next(26)) + i.ToString("00", CultureInfo.InvariantCulture),
            ["ownerid"] = User(),
        })).ToList();
        EntityReference Account() => new("account", accounts[random.Next(accounts.Count)]);
        var contacts = Enumerable.Range(0, 80).Select(i => org.Service.Create(new Entity("contact")
        {
            ["lastname"] = "Contact " + random.Next(40).ToString("00", CultureInfo.InvariantCulture),
            ["parentcustomerid"] = random.Next(5) == 0 ? null : Account(),
            ["ownerid"] = User(),
        })).ToList();
        EntityReference Customer() => random.Next(3) == 0 ? new("contact", contacts[random.Next(contacts.Count)]) : Account();
        var cases = Enumerable.Range(0, 200).Select(i => org.Service.Create(new Entity("incident")
        {
            ["title"] = "Case " + random.Next(20).ToString("00", CultureInfo.InvariantCulture),
            ["customerid"] = Customer(),
            ["prioritycode"] = new OptionSetValue(1 + random.Next(3)),
        })).ToList();

        // Moves, deletes (cascading from accounts), refused updates and deletes (rolled back), creates into freed places.
        for (var i = 0; i < 150; i++)
        {
            try
            {
                switch (random.Next(7))
                {
                    case 0: org.Service.Update(new Entity("contact", contacts[random.Next(contacts.Count)]) { ["parentcustomerid"] = Account() }); break;
                    case 1: org.Service.Update(new Entity("incident", cases[random.Next(cases.Count)]) { ["customerid"] = Customer() }); break;
                    case 2: org.Service.Update(new Entity("incident", cases[random.Next(cases.Count)]) { ["customerid"] = Customer(), ["title"] = "Renamed" }); break;
                    case 3: org.Service.Delete("incident", cases[random.Next(cases.Count)]); break;
                    case 4: org.Service.Delete("contact", contacts[random.Next(contacts.Count)]); break;
                    case 5: org.Service.Update(new Entity("account", accounts[random.Next(accounts.Count)]) { ["ownerid"] = User() }); break;
                    default:
                        cases.Add(org.Service.Create(new Entity("incident") { ["title"] = "Late case", ["customerid"] = Customer() }));
                        break;
                }
            }
            catch (System.ServiceModel.FaultException<OrganizationServiceFault>)
            {
                // Refused (rolled back) or already deleted: either way the store must stay consistent.
            }
        }
        // Deleting an account with cases but no contact cascades; with a contact it is refused and rolls back whole.
        foreach (var account in accounts.Take(4))
        {
            try
            {
                org.Service.Delete("account", account);
            }
            catch (System.ServiceModel.FaultException<OrganizationServiceFault>)
            {
            }
        }
        org.Service.Create(new Entity("contact") { ["lastname"] = "Newcomer", ["parentcustomerid"] = new EntityReference("account", accounts[^1]) });

        var scan = new QueryEngine(new ScanSource(org), () => Noon);
        string Ids(IEnumerable<Guid> ids) => string.Join("", ids.Select(id => $"<value>{id}</value>"));
        for (var round = 0; round < 12; round++)
        {
            var a = accounts[random.Next(accounts.Count)];
            var b = accounts[random.Next(accounts.Count)];
            var c = contacts[random.Next(contacts.Count)];
            var u = users[random.Next(users.Count)];
            var queries = new[]
            {
                $"<fetch><entity name='contact'><attribute name='lastname' /><attribute name='parentcustomerid' /><filter><condition attribute='parentcustomerid' operator='eq' value='{a}' /></filter></entity></fetch>",
                $"<fetch><entity name='incident'><attribute name='title' /><attribute name='customerid' /><filter><condition attribute='customerid' operator='in'>{Ids(new[] { a, b, c })}</condition></filter></entity></fetch>",
                $"<fetch><entity name='incident'><attribute name='title' /><filter type='or'><condition attribute='customerid' operator='eq' value='{a}' /><condition entityname='cc' attribute='parentcustomerid' operator='eq' value='{a}' /></filter><link-entity name='contact' from='contactid' to='customerid' link-type='outer' alias='cc'><attribute name='lastname' /></link-entity></entity></fetch>",
                $"<fetch><entity name='incident'><attribute name='title' /><order attribute='title' /><link-entity name='contact' from='contactid' to='customerid' link-type='inner' alias='cc'><attribute name='parentcustomerid' /><filter><condition attribute='parentcustomerid' operator='in'>{Ids(new[] { a, b })}</condition></filter></link-entity></entity></fetch>",
                $"<fetch aggregate='true'><entity name='incident'><attribute name='customerid' groupby='true' alias='customer' /><attribute name='prioritycode' groupby='true' alias='priority' /><attribute name='incidentid' aggregate='count' alias='cases' /><filter><condition attribute='customerid' operator='in'>{Ids(accounts.Take(10))}</condition></filter><order alias='customer' /><order alias='priority' /></entity></fetch>",
                $"<fetch aggregate='true'><entity name='incident'><attribute name='incidentid' aggregate='count' alias='cases' /><filter type='or'><condition attribute='customerid' operator='eq' value='{a}' /><condition attribute='title' operator='eq' value='Case 07' /></filter></entity></fetch>",
                $"<fetch><entity name='account'><attribute name='name' /><attribute name='ownerid' /><filter><condition attribute='ownerid' operator='eq' value='{u}' /></filter></entity></fetch>",
                $"<fetch><entity name='contact'><attribute name='lastname' /><filter type='and'><condition attribute='owninguser' operator='eq' value='{u}' /><filter type='or'><condition attribute='parentcustomerid' operator='eq' value='{a}' /><condition attribute='parentcustomerid' operator='eq' value='{b}' /></filter></filter></entity></fetch>",
                $"<fetch count='3' page='2'><entity name='contact'><attribute name='lastname' /><order attribute='lastname' /><filter><condition attribute='parentcustomerid' operator='in'>{Ids(accounts.Take(15))}</condition></filter></entity></fetch>",
                $"<fetch count='4'><entity name='incident'><attribute name='title' /><filter><condition attribute='customerid' operator='in'>{Ids(accounts.Take(20))}</condition></filter></entity></fetch>",
                $"<fetch><entity name='account'><attribute name='name' /><link-entity name='contact' from='parentcustomerid' to='accountid' link-type='inner' alias='k'><attribute name='lastname' /><link-entity name='incident' from='customerid' to='contactid' link-type='outer' alias='i'><attribute name='title' /></link-entity></link-entity><filter><condition attribute='accountid' operator='in'>{Ids(new[] { a, b })}</condition></filter></entity></fetch>",
            };
            foreach (var fetch in queries)
            {
                var indexed = org.Service.RetrieveMultiple(new FetchExpression(fetch));
                var scanned = scan.RetrieveMultiple(new FetchExpression(fetch));
                Assert.True(Canonical(scanned) == Canonical(indexed), $"The indexed answer differs from the scan for {fetch}");
            }
        }
    }

    [Fact]
    public void Paging_by_cookie_in_primary_key_order_gives_the_pages_a_scan_gives()
    {
        using var org = new LocalOrganization(new LocalOrganizationOptions { Clock = () => Noon });
        var accounts = Enumerable.Range(0, 5).Select(i => org.Service.Create(new Entity("account") { ["name"] = "Account " + i })).ToList();
        var contacts = Enumerable.Range(0, 40).Select(i => org.Service.Create(new Entity("contact")
        {
            ["lastname"] = "Contact " + i,
            ["parentcustomerid"] = i % 6 == 0 ? null : new EntityReference("account", accounts[i % accounts.Count]),
        })).ToList();
        org.Service.Delete("contact", contacts[9]);
        var scan = new QueryEngine(new ScanSource(org), () => Noon);

        string? indexedCookie = null, scannedCookie = null;
        var pages = 0;
        for (var page = 1; ; page++)
        {
            string Fetch(string? cookie) => $@"<fetch count='7' page='{page}'{(cookie is null ? "" : $" paging-cookie='{System.Security.SecurityElement.Escape(cookie)}'")}>
                <entity name='contact'><attribute name='lastname' /><order attribute='contactid' />
                  <link-entity name='account' from='accountid' to='parentcustomerid' link-type='outer' alias='a'><attribute name='name' /></link-entity>
                </entity></fetch>";
            var indexed = org.Service.RetrieveMultiple(new FetchExpression(Fetch(indexedCookie)));
            var scanned = scan.RetrieveMultiple(new FetchExpression(Fetch(scannedCookie)));
            Assert.Equal(Canonical(scanned), Canonical(indexed));
            Assert.Equal(scanned.PagingCookie, indexed.PagingCookie);
            (indexedCookie, scannedCookie) = (indexed.PagingCookie, scanned.PagingCookie);
            pages++;
            if (!indexed.MoreRecords) break;
        }
        Assert.Equal(6, pages);
    }

    [Fact]
    public void The_planner_reads_indexes_for_an_or_across_a_link_and_for_a_grouped_aggregate_behind_an_inner_link()
    {
        using var org = NewOrganization();
        var contoso = org.Service.Create(new Entity("account") { ["name"] = "Contoso" });
        var fabrikam = org.Service.Create(new Entity("account") { ["name"] = "Fabrikam" });
        var yvonne = org.Service.Create(new Entity("contact") { ["lastname"] = "McKay", ["parentcustomerid"] = new EntityReference("account", contoso) });
        var direct = org.Service.Create(new Entity("incident") { ["title"] = "Filed by the account", ["customerid"] = new EntityReference("account", contoso) });
        var viaContact = org.Service.Create(new Entity("incident") { ["title"] = "Filed by its contact", ["customerid"] = new EntityReference("contact", yvonne) });
        org.Service.Create(new Entity("incident") { ["title"] = "Someone else's", ["customerid"] = new EntityReference("account", fabrikam) });
        var source = new PositionedSource(org);
        var engine = new QueryEngine(source, () => Noon);

        // The plug-in's read of an account's cases: filed under the account, or under one of its contacts.
        var query = new QueryExpression("incident") { ColumnSet = new ColumnSet("title") };
        query.LinkEntities.Add(new LinkEntity("incident", "contact", "customerid", "contactid", JoinOperator.LeftOuter) { EntityAlias = "cc" });
        var customer = new FilterExpression(LogicalOperator.Or);
        customer.AddCondition("customerid", ConditionOperator.Equal, contoso);
        customer.AddCondition("cc", "parentcustomerid", ConditionOperator.Equal, contoso);
        query.Criteria.AddFilter(customer);
        var cases = engine.RetrieveMultiple(query);
        // The same as FetchXML, whose "or" is the top filter: it still tests the linked row after the join.
        var fetched = org.Service.RetrieveMultiple(new FetchExpression($@"
            <fetch><entity name='incident'><attribute name='title' />
              <filter type='or'>
                <condition attribute='customerid' operator='eq' value='{contoso}' />
                <condition entityname='cc' attribute='parentcustomerid' operator='eq' value='{contoso}' />
              </filter>
              <link-entity name='contact' from='contactid' to='customerid' link-type='outer' alias='cc' />
            </entity></fetch>"));
        var byAccount = engine.RetrieveMultiple(new FetchExpression($@"
            <fetch aggregate='true'><entity name='incident'>
              <attribute name='incidentid' aggregate='count' alias='cases' />
              <link-entity name='contact' from='contactid' to='customerid' link-type='inner' alias='cc'>
                <attribute name='parentcustomerid' groupby='true' alias='account' />
                <filter><condition attribute='parentcustomerid' operator='in'><value>{contoso}</value><value>{fabrikam}</value></condition></filter>
              </link-entity>
            </entity></fetch>"));

        Assert.Equal(new[] { direct, viaContact }, cases.Entities.Select(e => e.Id));
        Assert.Equal(new[] { direct, viaContact }, fetched.Entities.Select(e => e.Id));
        var group = Assert.Single(byAccount.Entities);
        Assert.Equal(contoso, ((EntityReference)((AliasedValue)group["account"]).Value).Id);
        Assert.Equal(1, ((AliasedValue)group["cases"]).Value);
        Assert.Equal(0, source.Scans("incident"));
        Assert.Equal(0, source.Scans("contact"));
    }

    private static string Canonical(EntityCollection result)
    {
        var text = new StringBuilder($"more={result.MoreRecords}\n");
        foreach (var row in result.Entities)
        {
            text.Append(row.LogicalName).Append(' ').Append(row.Id);
            foreach (var pair in row.Attributes.OrderBy(p => p.Key, StringComparer.Ordinal)) text.Append(' ').Append(pair.Key).Append('=').Append(Value(pair.Value));
            foreach (var pair in row.FormattedValues.OrderBy(p => p.Key, StringComparer.Ordinal)) text.Append(" f:").Append(pair.Key).Append('=').Append(pair.Value);
            text.Append('\n');
        }
        return text.ToString();
    }

    private static string Value(object? value) => value switch
    {
        null => "null",
        EntityReference r => $"{r.LogicalName}:{r.Id}:{r.Name}",
        OptionSetValue o => "o" + o.Value,
        Money m => "m" + m.Value.ToString(CultureInfo.InvariantCulture),
        AliasedValue a => $"{a.EntityLogicalName}.{a.AttributeLogicalName}:{Value(a.Value)}",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>A copy of the organization's rows with positions and lookup indexes, counting every scan.</summary>
    private sealed class PositionedSource(LocalOrganization org) : IQuerySource, IQueryMetadata, IQueryIndexedSource, IQueryRowPositions
    {
        private readonly ScanSource _described = new(org);
        private readonly Dictionary<string, IReadOnlyList<Entity>> _rows = new();
        private readonly Dictionary<string, int> _scans = new();

        public int Scans(string table) => _scans.GetValueOrDefault(table);
        private IReadOnlyList<Entity> Stored(string table) => _rows.TryGetValue(table, out var rows) ? rows : _rows[table] = org.Rows(table);
        private static Guid? IdIn(Entity row, string column) =>
            row.Attributes.TryGetValue(column, out var v) ? v is Guid g ? g : v is EntityReference r ? r.Id : null : null;

        public bool TableExists(string table) => _described.TableExists(table);
        public bool ColumnExists(string table, string column) => _described.ColumnExists(table, column);
        public string PrimaryIdColumn(string table) => _described.PrimaryIdColumn(table);
        public IEnumerable<Entity> Rows(string table)
        {
            _scans[table] = Scans(table) + 1;
            return Stored(table);
        }
        public QueryColumnType ColumnType(string table, string column) => _described.ColumnType(table, column);
        public string? OptionLabel(string table, string column, int value) => _described.OptionLabel(table, column, value);
        public IEnumerable<Entity>? RowsWithId(string table, string column, Guid id) => Stored(table).Where(e => IdIn(e, column) == id).ToList();
        public int Extent(string table) => Stored(table).Count;
        public int RowCount(string table) => Stored(table).Count;
        public Entity? RowAt(string table, int position) => Stored(table)[position];
        public bool AddPositions(string table, string column, Guid id, List<int> positions)
        {
            var rows = Stored(table);
            for (var i = 0; i < rows.Count; i++)
                if (IdIn(rows[i], column) == id) positions.Add(i);
            return true;
        }
    }

    /// <summary>The organization's rows read by scanning only: no index, no positions.</summary>
    private sealed class ScanSource(LocalOrganization org) : IQuerySource, IQueryMetadata, IQueryRecordNames
    {
        public bool TableExists(string table) => org.Metadata.Table(table) is not null;
        public bool ColumnExists(string table, string column) => org.Metadata.Table(table)?.HasColumn(column) ?? false;
        public string PrimaryIdColumn(string table) => org.Metadata.Table(table)!.PrimaryIdColumn;
        public IEnumerable<Entity> Rows(string table) => org.Rows(table);

        public QueryColumnType ColumnType(string table, string column) => org.Metadata.Table(table)?.Column(column)?.Kind switch
        {
            null => QueryColumnType.Unknown,
            ColumnKind.EntityName => QueryColumnType.String,
            { } kind => Enum.TryParse<QueryColumnType>(kind.ToString(), out var type) ? type : QueryColumnType.Other,
        };

        public string? OptionLabel(string table, string column, int value) => org.Metadata.Table(table)?.Column(column)?.Option(value)?.Label;
        public string? PrimaryNameColumn(string table) => org.Metadata.Table(table)?.PrimaryNameColumn is { Length: > 0 } name ? name : null;
        public Entity? Find(string table, Guid id) => org.Peek(table, id);
    }
}
