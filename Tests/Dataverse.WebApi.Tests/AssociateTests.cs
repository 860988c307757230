using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;

namespace Dataverse.WebApi.Tests;

/// <summary>
/// POST {set}({id})/{N:N relationship}/$ref (Learn, "Associate and disassociate table rows using the Web API"): links a
/// remediation to the cases behind it, as the account command bar's Start remediation does through Xrm.WebApi.
/// </summary>
[Collection("server")]
public sealed class AssociateTests
{
    private readonly ServerFixture _s;

    public AssociateTests(ServerFixture server) => _s = server;

    private (Guid Remediation, Guid Case) Rows()
    {
        var account = _s.Org.Service.Create(new Entity("account") { ["name"] = "Associate Test " + Guid.NewGuid().ToString("N")[..6] });
        var create = new CreateRequest { Target = new Entity("incident") { ["title"] = "Portal down", ["customerid"] = new EntityReference("account", account) } };
        create["BypassCustomPluginExecution"] = true;
        var incident = ((CreateResponse)_s.Org.Service.Execute(create)).id;
        var remediation = _s.Org.Service.Create(new Entity("wb_remediation")
        {
            ["wb_name"] = "Portal outages", ["wb_accountid"] = new EntityReference("account", account), ["wb_rootcause"] = "Capacity",
        });
        return (remediation, incident);
    }

    private HashSet<Guid> Linked(Guid remediation)
    {
        var relationship = _s.Org.Metadata.Relationship("wb_remediation_incident")!;
        return _s.Org.Rows(relationship.IntersectTable!).Where(p => p.GetAttributeValue<Guid>(relationship.IntersectColumn1!) == remediation)
            .Select(p => p.GetAttributeValue<Guid>(relationship.IntersectColumn2!)).ToHashSet();
    }

    [Fact]
    public async Task A_ref_POST_links_a_remediation_to_a_case_and_answers_204()
    {
        var (remediation, incident) = Rows();

        var (status, _, _) = await _s.SendAsync(HttpMethod.Post, $"wb_remediations({remediation})/wb_remediation_incident/$ref",
            $"{{\"@odata.id\":\"{_s.Api}incidents({incident})\"}}", ("MSCRMCallerID", _s.CustomerSuccess.Id.ToString()));

        Assert.Equal(204, status);
        Assert.Equal(new HashSet<Guid> { incident }, Linked(remediation));
    }

    [Fact]
    public async Task A_user_without_append_rights_on_cases_is_refused_and_nothing_is_linked()
    {
        var (remediation, incident) = Rows();
        // The sales rep reaches neither the remediation of another business unit nor cases: the record access check refuses.

        ServerFixture.AssertError(await _s.SendAsync(HttpMethod.Post, $"wb_remediations({remediation})/wb_remediation_incident/$ref",
            $"{{\"@odata.id\":\"/api/data/v9.2/incidents({incident})\"}}", ("MSCRMCallerID", _s.Rep.Id.ToString())), 403, "0x80048306");
        Assert.Empty(Linked(remediation));
    }

    [Theory]
    [InlineData("wb_remediations({0})/wb_nosuchrelationship/$ref", "{{\"@odata.id\":\"/api/data/v9.2/incidents({1})\"}}", 404, "0x8006088a")]
    [InlineData("wb_remediations({0})/wb_remediation_incident/$ref", "{{\"@odata.id\":\"/api/data/v9.2/accounts({1})\"}}", 400, "0x80048d19")]
    [InlineData("wb_remediations({0})/wb_remediation_incident/$ref", "{{\"id\":\"{1}\"}}", 400, "0x80048d19")]
    public async Task A_ref_to_an_unknown_relationship_or_a_row_of_another_table_is_refused(string path, string body, int status, string code)
    {
        var (remediation, incident) = Rows();
        ServerFixture.AssertError(await _s.SendAsync(HttpMethod.Post, string.Format(path, remediation), string.Format(body, remediation, incident),
            ("MSCRMCallerID", _s.Admin.Id.ToString())), status, code);
        Assert.Empty(Linked(remediation));
    }
}
