using System.Net;
using System.Xml.Linq;
using Microsoft.Xrm.Sdk;
using static Dataverse.WebApi.Tests.ServerFixture;

namespace Dataverse.WebApi.Tests;

/// <summary>
/// Messages the local Dataverse implements, through the actions the Web API exposes for them (Learn, "Web API
/// Action reference": CloseIncident, WinOpportunity, LoseOpportunity), with Dataverse's parameter shapes.
/// </summary>
[Collection("server")]
public sealed class ActionTests
{
    private readonly ServerFixture _s;

    public ActionTests(ServerFixture server) => _s = server;

    private Guid AnAccount() => _s.Org.Rows("account").OrderBy(a => a.Id).First().Id;

    private static Guid IdOf(HttpResponseMessage response)
    {
        var location = response.Headers.GetValues("OData-EntityId").Single();
        return Guid.Parse(location[(location.LastIndexOf('(') + 1)..^1]);
    }

    private async Task<Guid> NewCaseAsync(string title)
    {
        var (status, _, response) = await _s.SendAsync(HttpMethod.Post, "incidents",
            $$"""{"title":"{{title}}","customerid_account@odata.bind":"/accounts({{AnAccount()}})"}""");
        Assert.Equal(204, status);
        return IdOf(response);
    }

    private int Resolutions(Guid caseId) =>
        _s.Org.Rows("incidentresolution").Count(r => r.GetAttributeValue<EntityReference>("incidentid")?.Id == caseId);

    [Fact]
    public async Task CloseIncident_resolves_the_case_creates_its_resolution_and_the_plug_ins_stamp_it()
    {
        var id = await NewCaseAsync("Closed through the Web API");
        var (status, body, _) = await _s.SendAsync(HttpMethod.Post, "CloseIncident",
            $$"""{"IncidentResolution":{"subject":"Fixed the export","incidentid@odata.bind":"/incidents({{id}})"},"Status":5}""");
        Assert.True(status == 204, body.ToString());
        var row = _s.Org.Peek("incident", id)!;
        Assert.Equal(1, row.GetAttributeValue<OptionSetValue>("statecode").Value);
        Assert.Equal(5, row.GetAttributeValue<OptionSetValue>("statuscode").Value);
        Assert.NotNull(row.GetAttributeValue<DateTime?>("wb_resolvedon"));
        var resolution = _s.Org.Rows("incidentresolution").Single(r => r.GetAttributeValue<EntityReference>("incidentid")?.Id == id);
        Assert.Equal("Fixed the export", resolution.GetAttributeValue<string>("subject"));
    }

    [Fact]
    public async Task An_update_of_a_case_to_resolved_is_refused_as_Dataverse_refuses_it()
    {
        var id = await NewCaseAsync("Not to be resolved by an update");
        var message = AssertError(await _s.SendAsync(HttpMethod.Patch, $"incidents({id})", """{"statecode":1,"statuscode":5}"""), 400, "0x80040203");
        Assert.Equal("This message can not be used to set the state of incident to Resolved. In order to set state of incident to Resolved, use the CloseIncidentRequest message instead.", message);
        Assert.Equal(0, _s.Org.Peek("incident", id)!.GetAttributeValue<OptionSetValue>("statecode").Value);
    }

    [Fact]
    public async Task Closing_a_resolved_case_again_is_the_engine_error()
    {
        var id = await NewCaseAsync("Closed twice");
        var body = $$"""{"IncidentResolution":{"subject":"Done","incidentid@odata.bind":"/incidents({{id}})"},"Status":5}""";
        Assert.Equal(204, (await _s.SendAsync(HttpMethod.Post, "CloseIncident", body)).Status);
        var message = AssertError(await _s.SendAsync(HttpMethod.Post, "CloseIncident", body), 400, "0x80040203");
        Assert.StartsWith($"The incident {id:D} is already resolved", message);
        Assert.Equal(1, Resolutions(id));
    }

    [Theory]
    [InlineData("""{"IncidentResolution":{"subject":"x","incidentid@odata.bind":"/incidents(ID)"},"Status":"5"}""",
        "Cannot convert the literal '\"5\"' to the expected type 'Edm.Int32'.")]
    [InlineData("""{"IncidentResolution":{"subject":"x","incidentid@odata.bind":"/incidents(ID)"}}""",
        "One or more parameters of the operation 'CloseIncident' are missing from the request payload. The missing parameters are: Status.")]
    [InlineData("""{"IncidentResolution":{"subject":"x","incidentId@odata.bind":"/incidents(ID)"},"Status":5}""",
        "An undeclared property 'incidentId' which only has property annotations in the payload but no property value was found in the payload.")]
    [InlineData("""{"IncidentResolution":{"subject":"x","incidentid@odata.bind":"/incidents(ID)"},"Status":5,"State":1}""",
        "The parameter 'State' in the request payload is not a valid parameter for the operation 'CloseIncident'.")]
    [InlineData("""{"IncidentResolution":"ID","Status":5}""",
        "Cannot convert the literal '\"ID\"' to the expected type 'Microsoft.Dynamics.CRM.incidentresolution'.")]
    [InlineData("""{"IncidentResolution":{"@odata.type":"Microsoft.Dynamics.CRM.opportunityclose","subject":"x"},"Status":5}""",
        "A resource of type 'Microsoft.Dynamics.CRM.opportunityclose' was found, but a resource of type 'Microsoft.Dynamics.CRM.incidentresolution' was expected for the parameter 'IncidentResolution'.")]
    public async Task CloseIncident_with_a_bad_parameter_is_the_payload_error_and_writes_nothing(string json, string wording)
    {
        var id = await NewCaseAsync("Bad close");
        var message = AssertError(await _s.SendAsync(HttpMethod.Post, "CloseIncident", json.Replace("ID", id.ToString())), 400, "0x80048d19");
        Assert.StartsWith("Error identified in Payload provided by the user for Entity :'CloseIncident'", message);
        Assert.Contains(wording.Replace("ID", id.ToString()), message);
        Assert.Equal(0, _s.Org.Peek("incident", id)!.GetAttributeValue<OptionSetValue>("statecode").Value);
        Assert.Equal(0, Resolutions(id));
    }

    [Fact]
    public async Task WinOpportunity_closes_the_opportunity_as_won()
    {
        var (status, _, response) = await _s.SendAsync(HttpMethod.Post, "opportunities",
            $$"""{"name":"Renewal","customerid_account@odata.bind":"/accounts({{AnAccount()}})"}""");
        Assert.Equal(204, status);
        var id = IdOf(response);
        var (won, _, _) = await _s.SendAsync(HttpMethod.Post, "WinOpportunity",
            $$"""{"OpportunityClose":{"subject":"Signed","opportunityid@odata.bind":"/opportunities({{id}})"},"Status":3}""");
        Assert.Equal(204, won);
        var row = _s.Org.Peek("opportunity", id)!;
        Assert.Equal((1, 3), (row.GetAttributeValue<OptionSetValue>("statecode").Value, row.GetAttributeValue<OptionSetValue>("statuscode").Value));
    }

    [Theory]
    [InlineData("SetState")]
    [InlineData("Upsert")]
    [InlineData("ExecuteMultiple")]
    [InlineData("closeincident")]
    public async Task A_message_the_Web_API_exposes_no_action_for_is_not_a_resource(string name)
    {
        Assert.Equal($"Resource not found for the segment '{name}'.", AssertError(await _s.SendAsync(HttpMethod.Post, name, "{}"), 404, "0x8006088a"));
    }

    [Fact]
    public async Task Metadata_declares_the_actions_with_their_parameters()
    {
        var xml = XDocument.Parse(await (await _s.Http.GetAsync(_s.Api + "$metadata")).Content.ReadAsStringAsync());
        XNamespace edm = "http://docs.oasis-open.org/odata/ns/edm";
        var close = xml.Descendants(edm + "Action").Single(a => (string?)a.Attribute("Name") == "CloseIncident");
        Assert.Equal(new[] { "IncidentResolution:mscrm.incidentresolution", "Status:Edm.Int32" },
            close.Elements(edm + "Parameter").Select(p => $"{(string?)p.Attribute("Name")}:{(string?)p.Attribute("Type")}"));
        Assert.Contains(xml.Descendants(edm + "ActionImport"), a => (string?)a.Attribute("Name") == "CloseIncident");
    }
}
