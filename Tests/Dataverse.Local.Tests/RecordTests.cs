using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace Dataverse.Local.Tests;

public sealed class RecordTests : IDisposable
{
    private static readonly DateTime Noon = new(2026, 11, 22, 12, 0, 0, DateTimeKind.Utc);
    private readonly LocalOrganization _org = new(new LocalOrganizationOptions { Clock = () => Noon });

    public void Dispose() => _org.Dispose();

    [Fact]
    public void A_created_account_gets_the_platform_columns_Dataverse_fills()
    {
        var id = _org.Service.Create(new Entity("account") { ["name"] = "Contoso" });

        var account = _org.Service.Retrieve("account", id, new ColumnSet(true));

        Assert.Equal(Noon, account.GetAttributeValue<DateTime>("createdon"));
        Assert.Equal(Noon, account.GetAttributeValue<DateTime>("modifiedon"));
        Assert.Equal(_org.AdministratorId, account.GetAttributeValue<EntityReference>("createdby").Id);
        Assert.Equal(_org.AdministratorId, account.GetAttributeValue<EntityReference>("ownerid").Id);
        Assert.Equal(_org.RootBusinessUnitId, account.GetAttributeValue<EntityReference>("owningbusinessunit").Id);
        Assert.Equal(0, account.GetAttributeValue<OptionSetValue>("statecode").Value);
        Assert.Equal(1, account.GetAttributeValue<OptionSetValue>("statuscode").Value);
        Assert.Equal("Active", account.FormattedValues["statuscode"]);
        Assert.Equal(id, account.GetAttributeValue<Guid>("accountid"));
    }

    [Fact]
    public void Retrieve_returns_a_copy_with_only_the_requested_columns()
    {
        var id = _org.Service.Create(new Entity("account") { ["name"] = "Contoso", ["revenue"] = new Money(5000m), ["numberofemployees"] = 40 });

        var account = _org.Service.Retrieve("account", id, new ColumnSet("name"));
        account["name"] = "changed by the caller";

        Assert.Equal(new[] { "accountid", "name" }, account.Attributes.Keys.OrderBy(k => k));
        Assert.Equal("Contoso", _org.Service.Retrieve("account", id, new ColumnSet("name")).GetAttributeValue<string>("name"));
    }

    [Fact]
    public void A_lookup_comes_back_with_the_name_of_the_row_it_points_to()
    {
        var account = _org.Service.Create(new Entity("account") { ["name"] = "Contoso" });
        var contact = _org.Service.Create(new Entity("contact") { ["firstname"] = "Yvonne", ["lastname"] = "McKay", ["parentcustomerid"] = new EntityReference("account", account) });

        var parent = _org.Service.Retrieve("contact", contact, new ColumnSet("parentcustomerid", "fullname"));

        Assert.Equal("Contoso", parent.GetAttributeValue<EntityReference>("parentcustomerid").Name);
        Assert.Equal("Yvonne McKay", parent.GetAttributeValue<string>("fullname"));
    }

    [Fact]
    public void Resolving_a_case_with_close_incident_and_status_minus_one_sets_the_resolved_state_and_its_default_status()
    {
        var account = _org.Service.Create(new Entity("account") { ["name"] = "Contoso" });
        var incident = _org.Service.Create(new Entity("incident") { ["title"] = "Login fails", ["customerid"] = new EntityReference("account", account) });

        _org.Service.Execute(StateChangeTests.CloseIncident(incident, status: -1));

        var resolved = _org.Service.Retrieve("incident", incident, new ColumnSet("statecode", "statuscode", "ticketnumber"));
        Assert.Equal(1, resolved.GetAttributeValue<OptionSetValue>("statecode").Value);
        Assert.Equal(5, resolved.GetAttributeValue<OptionSetValue>("statuscode").Value);
        Assert.Equal("Problem Solved", resolved.FormattedValues["statuscode"]);
        Assert.StartsWith("CAS-", resolved.GetAttributeValue<string>("ticketnumber"));
    }

    [Fact]
    public void A_status_reason_of_another_state_is_refused()
    {
        var opportunity = _org.Service.Create(new Entity("opportunity") { ["name"] = "Renewal" });

        var fault = Expect.Fault(() => _org.Service.Update(new Entity("opportunity", opportunity)
        {
            ["statecode"] = new OptionSetValue(0), // Open
            ["statuscode"] = new OptionSetValue(4), // Canceled belongs to Lost
        }));

        Assert.Equal(ErrorCodes.InvalidStateCodeStatusCode, fault.ErrorCode);
        Assert.Equal(0, _org.Peek("opportunity", opportunity)!.GetAttributeValue<OptionSetValue>("statecode").Value);
    }

    [Fact]
    public void An_email_is_also_an_activity_with_its_recipients_as_parties()
    {
        var contact = _org.Service.Create(new Entity("contact") { ["lastname"] = "McKay" });
        var email = _org.Service.Create(new Entity("email")
        {
            ["subject"] = "Your renewal",
            ["to"] = new EntityCollection(new List<Entity> { new("activityparty") { ["partyid"] = new EntityReference("contact", contact) } }),
            ["opencount"] = 3,
        });

        var activity = _org.Service.Retrieve("activitypointer", email, new ColumnSet("subject", "activitytypecode"));
        var party = Assert.Single(_org.Rows("activityparty"));

        Assert.Equal("Your renewal", activity.GetAttributeValue<string>("subject"));
        Assert.Equal("email", activity.GetAttributeValue<string>("activitytypecode"));
        Assert.Equal(contact, party.GetAttributeValue<EntityReference>("partyid").Id);
        Assert.Equal(2, party.GetAttributeValue<OptionSetValue>("participationtypemask").Value);
    }

    [Fact]
    public void An_unknown_table_faults_as_Dataverse_does()
    {
        var fault = Expect.Fault(() => _org.Service.Create(new Entity("wb_nosuchtable") { ["name"] = "x" }));

        Assert.Equal(ErrorCodes.QueryBuilderNoEntity, fault.ErrorCode);
        Assert.Equal(-2147217150, fault.ErrorCode);
        Assert.Contains("'wb_nosuchtable'", fault.Message);
    }

    [Fact]
    public void An_unknown_column_faults_as_Dataverse_does()
    {
        var fault = Expect.Fault(() => _org.Service.Create(new Entity("account") { ["name"] = "Contoso", ["wb_score"] = 3 }));

        Assert.Equal(-2147217149, fault.ErrorCode);
        Assert.Equal("'account' entity doesn't contain attribute with Name = 'wb_score' and NameMapping = 'Logical'.", fault.Message);
        Assert.Equal(0, _org.Count("account"));
    }

    [Fact]
    public void A_value_of_the_wrong_type_faults_with_invalid_argument()
    {
        var fault = Expect.Fault(() => _org.Service.Create(new Entity("account") { ["name"] = "Contoso", ["numberofemployees"] = "forty" }));

        Assert.Equal(ErrorCodes.InvalidArgument, fault.ErrorCode);
        Assert.Equal("Incorrect attribute value type System.String", fault.Message);
    }

    [Fact]
    public void A_missing_system_required_column_faults_with_required_field_missing()
    {
        var fault = Expect.Fault(() => _org.Service.Create(new Entity("incident") { ["title"] = "No customer" }));

        Assert.Equal(ErrorCodes.RequiredFieldMissing, fault.ErrorCode);
        Assert.Contains("customerid", fault.Message);
    }

    [Fact]
    public void A_record_that_does_not_exist_faults_with_object_does_not_exist()
    {
        var id = Guid.NewGuid();

        var fault = Expect.Fault(() => _org.Service.Retrieve("account", id, new ColumnSet("name")));

        Assert.Equal(-2147220969, fault.ErrorCode);
        Assert.Equal($"Entity 'account' With Id = {id:D} Does Not Exist", fault.Message);
    }

    [Fact]
    public void A_lookup_to_a_missing_record_faults_with_object_does_not_exist()
    {
        var fault = Expect.Fault(() => _org.Service.Create(new Entity("contact") { ["lastname"] = "x", ["parentcustomerid"] = new EntityReference("account", Guid.NewGuid()) }));

        Assert.Equal(ErrorCodes.ObjectDoesNotExist, fault.ErrorCode);
    }

    [Fact]
    public void A_text_longer_than_its_column_and_a_number_out_of_range_fail_validation()
    {
        var tooLong = Expect.Fault(() => _org.Service.Create(new Entity("account") { ["name"] = new string('x', 161) }));
        var outOfRange = Expect.Fault(() => _org.Service.Create(new Entity("opportunity") { ["name"] = "x", ["closeprobability"] = 150 }));
        var noSuchChoice = Expect.Fault(() => _org.Service.Create(new Entity("incident") { ["title"] = "x", ["prioritycode"] = new OptionSetValue(9) }));

        Assert.Equal(ErrorCodes.ValidationError, tooLong.ErrorCode);
        Assert.Contains("maximum allowed length of '160'", tooLong.Message);
        Assert.Contains("Accepted range: 0 to 100", outOfRange.Message);
        Assert.Contains("Accepted Values: 1,2,3", noSuchChoice.Message);
    }

    [Fact]
    public void Associate_links_a_contact_as_the_primary_contact_and_disassociate_removes_the_link()
    {
        var account = _org.Service.Create(new Entity("account") { ["name"] = "Contoso" });
        var contact = _org.Service.Create(new Entity("contact") { ["lastname"] = "McKay" });
        var related = new EntityReferenceCollection { new EntityReference("account", account) };

        _org.Service.Associate("contact", contact, new Relationship("account_primary_contact"), related);
        var linked = _org.Peek("account", account)!.GetAttributeValue<EntityReference>("primarycontactid");
        _org.Service.Disassociate("contact", contact, new Relationship("account_primary_contact"), related);

        Assert.Equal(contact, linked.Id);
        Assert.False(_org.Peek("account", account)!.Contains("primarycontactid"));
    }

    [Fact]
    public void RetrieveMultiple_goes_through_the_query_engine()
    {
        _org.Service.Create(new Entity("account") { ["name"] = "Contoso", ["numberofemployees"] = 10 });
        _org.Service.Create(new Entity("account") { ["name"] = "Fabrikam", ["numberofemployees"] = 500 });

        var query = new QueryExpression("account") { ColumnSet = new ColumnSet("name") };
        query.Criteria.AddCondition("numberofemployees", ConditionOperator.GreaterThan, 100);
        var result = _org.Service.RetrieveMultiple(query);

        Assert.Equal("Fabrikam", Assert.Single(result.Entities).GetAttributeValue<string>("name"));
    }
}
