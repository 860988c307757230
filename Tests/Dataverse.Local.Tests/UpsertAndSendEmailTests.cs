using System.ServiceModel;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace Dataverse.Local.Tests;

/// <summary>Upsert and SendEmail as Dataverse answers them.</summary>
public sealed class UpsertAndSendEmailTests : IDisposable
{
    private static readonly DateTime Noon = new(2026, 11, 22, 12, 0, 0, DateTimeKind.Utc);
    private readonly LocalOrganization _org = new(new LocalOrganizationOptions { Clock = () => Noon });

    public void Dispose() => _org.Dispose();

    [Fact]
    public void Upsert_creates_a_row_that_does_not_exist_and_updates_one_that_does()
    {
        var id = Guid.NewGuid();
        var created = _org.Service.Execute(new OrganizationRequest("Upsert") { ["Target"] = new Entity("account", id) { ["name"] = "Contoso" } });
        var updated = _org.Service.Execute(new OrganizationRequest("Upsert") { ["Target"] = new Entity("account", id) { ["name"] = "Contoso Ltd" } });

        Assert.True((bool)created.Results["RecordCreated"]);
        Assert.False((bool)updated.Results["RecordCreated"]);
        Assert.Equal(id, ((EntityReference)updated.Results["Target"]).Id);
        Assert.Equal("Contoso Ltd", _org.Service.Retrieve("account", id, new ColumnSet("name")).GetAttributeValue<string>("name"));
        Assert.Equal(1, _org.Count("account"));
    }

    [Fact]
    public void Upsert_by_alternate_key_is_refused_as_not_modelled()
    {
        var target = new Entity("account") { ["name"] = "Contoso" };
        target.KeyAttributes["accountnumber"] = "A-1";
        var fault = Assert.Throws<FaultException<OrganizationServiceFault>>(() => _org.Service.Execute(new OrganizationRequest("Upsert") { ["Target"] = target }));
        Assert.Equal("Upsert by alternate key is not supported by this organization: give the row's id.", fault.Detail.Message);
    }

    [Fact]
    public void SendEmail_marks_a_draft_with_a_recipient_sent_and_refuses_one_without()
    {
        var account = _org.Service.Create(new Entity("account") { ["name"] = "Contoso" });
        var contact = _org.Service.Create(new Entity("contact") { ["lastname"] = "Reyes", ["parentcustomerid"] = new EntityReference("account", account) });
        var lonely = _org.Service.Create(new Entity("email") { ["subject"] = "Nobody" });
        var email = _org.Service.Create(new Entity("email")
        {
            ["subject"] = "Hello",
            ["to"] = new EntityCollection(new List<Entity> { new("activityparty") { ["partyid"] = new EntityReference("contact", contact) } }),
        });

        var fault = Assert.Throws<FaultException<OrganizationServiceFault>>(() =>
            _org.Service.Execute(new OrganizationRequest("SendEmail") { ["EmailId"] = lonely, ["IssueSend"] = false, ["TrackingToken"] = "" }));
        var response = _org.Service.Execute(new OrganizationRequest("SendEmail") { ["EmailId"] = email, ["IssueSend"] = true, ["TrackingToken"] = "" });

        Assert.Equal("The e-mail must have at least one recipient before it can be sent", fault.Detail.Message);
        Assert.Equal("Hello", response.Results["Subject"]);
        var sent = _org.Service.Retrieve("email", email, new ColumnSet("statecode", "statuscode", "senton"));
        Assert.Equal((1, 6, Noon), (sent.GetAttributeValue<OptionSetValue>("statecode").Value, sent.GetAttributeValue<OptionSetValue>("statuscode").Value, sent.GetAttributeValue<DateTime>("senton")));
        Assert.Throws<FaultException<OrganizationServiceFault>>(() =>
            _org.Service.Execute(new OrganizationRequest("SendEmail") { ["EmailId"] = email, ["IssueSend"] = true, ["TrackingToken"] = "" }));
    }
}
