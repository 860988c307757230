using Dataverse.Local.Tests.Plugins;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Query;
using WinBack.Packaging.Model;

namespace Dataverse.Local.Tests;

public sealed class CascadeTests
{
    [Fact]
    public void An_account_with_usage_snapshots_cannot_be_deleted_when_the_relationship_restricts_it()
    {
        using var org = new TestSolution()
            .Table(TestSolution.UsageSnapshotTable())
            .Relationship("wb_account_usagesnapshot", "account", "wb_usagesnapshot", "wb_accountid", CascadeType.Restrict)
            .Build();
        var account = org.Service.Create(new Entity("account") { ["name"] = "Contoso" });
        org.Service.Create(new Entity("wb_usagesnapshot") { ["wb_name"] = "October", ["wb_accountid"] = new EntityReference("account", account), ["wb_logins"] = 14 });

        var fault = Expect.Fault(() => org.Service.Delete("account", account));

        Assert.Equal(ErrorCodes.CannotDeleteDueToAssociation, fault.ErrorCode);
        Assert.Equal(-2147220953, fault.ErrorCode);
        Assert.Equal("The object you tried to delete is associated with another object and cannot be deleted.", fault.Message);
        Assert.NotNull(org.Peek("account", account));
    }

    [Fact]
    public void Deleting_an_account_deletes_its_contacts_and_cases_and_unlinks_what_only_refers_to_it()
    {
        using var org = new LocalOrganization();
        var account = org.Service.Create(new Entity("account") { ["name"] = "Contoso" });
        var contact = org.Service.Create(new Entity("contact") { ["lastname"] = "McKay", ["parentcustomerid"] = new EntityReference("account", account) });
        var other = org.Service.Create(new Entity("account") { ["name"] = "Fabrikam", ["parentaccountid"] = new EntityReference("account", account) });
        org.Service.Create(new Entity("incident") { ["title"] = "Broken", ["customerid"] = new EntityReference("account", account) });

        org.Service.Delete("account", account);

        Assert.Null(org.Peek("contact", contact));
        Assert.Equal(0, org.Count("incident"));
        Assert.False(org.Peek("account", other)!.Contains("parentaccountid"));
    }

    /// <summary>An organization with an N:N between account and contact (intersect table wb_account_contact_stakeholders).</summary>
    private static LocalOrganization Stakeholders()
    {
        var solution = new TestSolution();
        solution.Model.Relationships.Add(new RelationshipModel
        {
            SchemaName = "wb_account_contact_stakeholders",
            ReferencedTable = "account",
            ReferencingTable = "contact",
            IsManyToMany = true,
            IntersectTable = "wb_account_contact_stakeholders",
        });
        return solution.Build();
    }

    [Fact]
    public void A_many_to_many_relationship_keeps_one_intersect_row_per_pair_and_deleting_a_side_removes_it()
    {
        using var org = Stakeholders();
        var account = org.Service.Create(new Entity("account") { ["name"] = "Contoso" });
        var contact = org.Service.Create(new Entity("contact") { ["lastname"] = "McKay" });
        var related = new EntityReferenceCollection { new EntityReference("contact", contact) };

        org.Service.Associate("account", account, new Relationship("wb_account_contact_stakeholders"), related);
        var duplicate = Expect.Fault(() => org.Service.Associate("account", account, new Relationship("wb_account_contact_stakeholders"), related));
        var pair = Assert.Single(org.Rows("wb_account_contact_stakeholders"));
        org.Service.Delete("contact", contact);

        Assert.Equal(ErrorCodes.DuplicateRecord, duplicate.ErrorCode);
        Assert.Equal(account, pair.GetAttributeValue<Guid>("accountid"));
        Assert.Equal(contact, pair.GetAttributeValue<Guid>("contactid"));
        Assert.Equal(0, org.Count("wb_account_contact_stakeholders"));
    }

    [Fact]
    public void The_rows_of_a_many_to_many_are_found_through_their_intersect_table_as_fetchxml_links_it()
    {
        // Learn, "Join tables using FetchXml": a many-to-many is queried through its intersect table (intersect="true"),
        // with the condition on the intersect table's id column, which holds a plain id, not a lookup.
        var solution = new TestSolution();
        solution.Model.Relationships.Add(new RelationshipModel
        {
            SchemaName = "wb_account_contact_stakeholders", ReferencedTable = "account", ReferencingTable = "contact",
            IsManyToMany = true, IntersectTable = "wb_account_contact_stakeholders",
        });
        using var org = solution.Build();
        var account = org.Service.Create(new Entity("account") { ["name"] = "Contoso" });
        var other = org.Service.Create(new Entity("account") { ["name"] = "Fabrikam" });
        var linked = org.Service.Create(new Entity("contact") { ["lastname"] = "McKay" });
        var notLinked = org.Service.Create(new Entity("contact") { ["lastname"] = "Reyes" });
        org.Service.Associate("account", account, new Relationship("wb_account_contact_stakeholders"), new EntityReferenceCollection { new EntityReference("contact", linked) });
        org.Service.Associate("account", other, new Relationship("wb_account_contact_stakeholders"), new EntityReferenceCollection { new EntityReference("contact", notLinked) });

        var fetch = $"<fetch><entity name=\"contact\"><attribute name=\"lastname\"/><link-entity name=\"wb_account_contact_stakeholders\" from=\"contactid\" to=\"contactid\" intersect=\"true\">" +
                    $"<filter><condition attribute=\"accountid\" operator=\"eq\" value=\"{account}\"/></filter></link-entity></entity></fetch>";
        var found = org.Service.RetrieveMultiple(new FetchExpression(fetch)).Entities;
        var pairs = org.Service.RetrieveMultiple(new FetchExpression(
            $"<fetch><entity name=\"wb_account_contact_stakeholders\"><attribute name=\"contactid\"/><filter><condition attribute=\"accountid\" operator=\"eq\" value=\"{account}\"/></filter></entity></fetch>")).Entities;

        Assert.Equal(linked, Assert.Single(found).Id);
        Assert.Equal(linked, Assert.Single(pairs).GetAttributeValue<Guid>("contactid"));
    }

    [Fact]
    public void A_query_joins_through_an_intersect_table_as_dataverse_does()
    {
        // The intersect row's two columns hold bare Guids, not lookups: a link-entity through them must still join
        // (Learn, "Join tables using FetchXml": many-to-many relationships are queried through the intersect entity).
        using var org = Stakeholders();
        var account = org.Service.Create(new Entity("account") { ["name"] = "Contoso" });
        var other = org.Service.Create(new Entity("account") { ["name"] = "Fabrikam" });
        var linked = org.Service.Create(new Entity("contact") { ["lastname"] = "McKay" });
        var elsewhere = org.Service.Create(new Entity("contact") { ["lastname"] = "Reyes" });
        org.Service.Associate("account", account, new Relationship("wb_account_contact_stakeholders"), new EntityReferenceCollection { new EntityReference("contact", linked) });
        org.Service.Associate("account", other, new Relationship("wb_account_contact_stakeholders"), new EntityReferenceCollection { new EntityReference("contact", elsewhere) });

        var query = new QueryExpression("contact") { ColumnSet = new ColumnSet("lastname") };
        var link = query.AddLink("wb_account_contact_stakeholders", "contactid", "contactid", JoinOperator.Inner);
        link.LinkCriteria.AddCondition("accountid", ConditionOperator.Equal, account);

        Assert.Equal(new[] { "McKay" }, org.Service.RetrieveMultiple(query).Entities.Select(e => e.GetAttributeValue<string>("lastname")));
    }

    [Fact]
    public void A_contact_deleted_by_its_accounts_cascade_runs_the_contact_delete_steps_one_level_deeper()
    {
        using var org = new TestSolution().Step<ContextTracer>("Delete", "contact", stage: 20, images: TestSolution.PreImage("lastname")).Build();
        var account = org.Service.Create(new Entity("account") { ["name"] = "Contoso" });
        org.Service.Create(new Entity("contact") { ["lastname"] = "McKay", ["parentcustomerid"] = new EntityReference("account", account) });

        org.Service.Delete("account", account);

        var trace = Assert.Single(org.Traces).Text;
        Assert.Contains("message=Delete table=contact stage=20 mode=0 depth=2 transaction=True", trace);
        Assert.Contains("pre PreImage: lastname=McKay", trace);
        Assert.Equal(0, org.Count("contact"));
    }

    [Fact]
    public void A_refusal_on_a_cascaded_delete_keeps_the_parent_too()
    {
        using var org = new TestSolution().Step<Refuse>("Delete", "contact", stage: 20, config: "Contacts are kept for audit.").Build();
        var account = org.Service.Create(new Entity("account") { ["name"] = "Contoso" });
        org.Service.Create(new Entity("contact") { ["lastname"] = "McKay", ["parentcustomerid"] = new EntityReference("account", account) });

        var fault = Expect.Fault(() => org.Service.Delete("account", account));

        Assert.Equal("Contacts are kept for audit.", fault.Message);
        Assert.NotNull(org.Peek("account", account));
        Assert.Equal(1, org.Count("contact"));
    }

    [Fact]
    public void A_system_required_column_of_a_solution_table_is_enforced()
    {
        using var org = new TestSolution().Table(TestSolution.UsageSnapshotTable()).Build();

        var fault = Expect.Fault(() => org.Service.Create(new Entity("wb_usagesnapshot") { ["wb_logins"] = 3 }));

        Assert.Equal(ErrorCodes.RequiredFieldMissing, fault.ErrorCode);
        Assert.Contains("wb_name", fault.Message);
    }
}

public sealed class CostTests
{
    [Fact]
    public void Cost_counts_requests_per_operation_and_per_plug_in()
    {
        using var org = new TestSolution().Step<CreateFirstContact>("Create", "account", stage: 40).Build();

        org.Service.Create(new Entity("account") { ["name"] = "Contoso" });
        org.Service.Create(new Entity("account") { ["name"] = "Fabrikam" });
        var cost = org.Cost;

        var plugin = cost.Plugin(nameof(CreateFirstContact))!;
        Assert.Equal(2, plugin.Executions);
        Assert.Equal(4, plugin.Requests); // one Create and one Retrieve per run
        Assert.Equal(2.0, plugin.RequestsPerExecution);
        Assert.Equal(2, cost.TopLevelOperations);
        Assert.Equal(6, cost.TotalRequests);
        Assert.Equal(2.0, cost.NestedRequestsPerOperation);
        var operation = cost.Operations[^1];
        Assert.Equal("Create", operation.Message);
        Assert.Equal("account", operation.Table);
        Assert.Equal(2, operation.NestedRequests);
        Assert.Equal(2, operation.RequestsByPlugin.Values.Single());
        Assert.Equal(2, cost.Caller("Local Administrator")!.Requests);
        Assert.Contains("CreateFirstContact", cost.ToText());
    }

    [Fact]
    public void Reset_starts_counting_again()
    {
        using var org = new LocalOrganization();
        org.Service.Create(new Entity("account") { ["name"] = "Contoso" });

        org.ResetCost();
        org.Service.RetrieveMultiple(new QueryExpression("account") { ColumnSet = new ColumnSet("name") });

        Assert.Equal(1, org.Cost.TotalRequests);
        Assert.Equal("RetrieveMultiple", org.Cost.Operations.Single().Message);
    }
}

public sealed class ExecuteMultipleTests
{
    private static ExecuteMultipleRequest Batch(bool continueOnError, bool returnResponses, params OrganizationRequest[] requests)
    {
        var batch = new ExecuteMultipleRequest
        {
            Settings = new ExecuteMultipleSettings { ContinueOnError = continueOnError, ReturnResponses = returnResponses },
            Requests = new OrganizationRequestCollection(),
        };
        foreach (var request in requests) batch.Requests.Add(request);
        return batch;
    }

    private static CreateRequest CreateAccount(string name) => new() { Target = new Entity("account") { ["name"] = name } };
    private static CreateRequest Broken() => new() { Target = new Entity("account") { ["nosuchcolumn"] = 1 } };

    [Fact]
    public void More_than_1000_requests_fault_before_any_runs_and_the_fault_names_the_limit()
    {
        using var org = new LocalOrganization();
        var requests = Enumerable.Range(0, 1001).Select(i => (OrganizationRequest)CreateAccount("A" + i)).ToArray();

        var fault = Expect.Fault(() => org.Service.Execute(Batch(true, false, requests)));

        Assert.Equal(ErrorCodes.NotSupported, fault.ErrorCode);
        Assert.Equal("ExecuteMultiple Request batch size exceeds the maximum batch size allowed!", fault.Message);
        Assert.Equal(1000, Convert.ToInt32(fault.ErrorDetails["MaxBatchSize"]));
        Assert.Equal(0, org.Count("account"));
    }

    [Fact]
    public void Continue_on_error_runs_every_request_and_returns_the_faults()
    {
        using var org = new LocalOrganization();

        var response = (ExecuteMultipleResponse)org.Service.Execute(Batch(true, true, CreateAccount("One"), Broken(), CreateAccount("Three")));

        Assert.True(response.IsFaulted);
        Assert.Equal(3, response.Responses.Count);
        Assert.Equal(1, response.Responses.Single(r => r.Fault is not null).RequestIndex);
        Assert.Equal(2, org.Count("account"));
    }

    [Fact]
    public void Without_continue_on_error_the_batch_stops_at_the_first_fault_and_keeps_what_ran()
    {
        using var org = new LocalOrganization();

        var response = (ExecuteMultipleResponse)org.Service.Execute(Batch(false, false, CreateAccount("One"), Broken(), CreateAccount("Three")));

        var item = Assert.Single(response.Responses);
        Assert.Equal(1, item.RequestIndex);
        Assert.Equal(ErrorCodes.QueryBuilderNoAttribute, item.Fault.ErrorCode);
        Assert.Equal(1, org.Count("account"));
    }
}
