using Microsoft.Xrm.Sdk;
using static Dataverse.WebApi.Tests.ServerFixture;

namespace Dataverse.WebApi.Tests;

/// <summary>
/// The draft Custom APIs through the local Web API, as a form or a script calls them: bound actions with an
/// entity-reference parameter (Learn, "Use Web API actions": a parameter of an entity type is sent as an object with its
/// @odata.type and key), answered with their response properties.
/// </summary>
[Collection("server")]
public sealed class DraftActionTests
{
    private const int Fixed = 682400002, Verified = 682400003, Approved = 682400002, ReadyForReview = 682400001, Email = 682400000;

    private readonly ServerFixture _s;

    public DraftActionTests(ServerFixture server) => _s = server;

    /// <summary>A new account with a contact and a remediation marked Fixed by customer success and verified by the administrator.</summary>
    private (Guid Account, Guid Contact, Guid Remediation) Verified_remediation(string name)
    {
        var admin = _s.Org.Service;
        var account = admin.Create(new Entity("account") { ["name"] = name });
        var contact = admin.Create(new Entity("contact") { ["firstname"] = "Ines", ["lastname"] = "Duarte", ["parentcustomerid"] = new EntityReference("account", account) });
        var success = _s.Org.GetService(_s.CustomerSuccess.Id);
        var remediation = success.Create(new Entity("wb_remediation")
        {
            ["wb_name"] = "Slow replies",
            ["wb_accountid"] = new EntityReference("account", account),
            ["wb_gap"] = new OptionSetValue(682400001),
            ["wb_rootcause"] = "Replies waited in a shared queue.",
            ["wb_fix"] = "Every escalation has a named owner within one hour.",
            ["wb_evidence"] = "Median first reply fell from 19 hours to 48 minutes.",
            ["wb_fixedon"] = Today.AddDays(-10),
        });
        success.Update(new Entity("wb_remediation", remediation) { ["statuscode"] = new OptionSetValue(Fixed) });
        _s.Org.GetService(_s.Admin.Id).Update(new Entity("wb_remediation", remediation) { ["statuscode"] = new OptionSetValue(Verified) });
        return (account, contact, remediation);
    }

    [Fact]
    public async Task ComposeOutreachDraft_previews_a_draft_through_the_web_api_and_saves_nothing()
    {
        var (_, contact, remediation) = Verified_remediation("Web API draft preview");
        var outreaches = _s.Org.Count("wb_outreach");

        var (status, body, _) = await _s.SendAsync(HttpMethod.Post, $"wb_remediations({remediation})/Microsoft.Dynamics.CRM.wb_ComposeOutreachDraft",
            $$"""{"Contact":{"@odata.type":"Microsoft.Dynamics.CRM.contact","contactid":"{{contact}}"},"Channel":{{Email}}}""");

        Assert.True(status == 200, body.ToString());
        Assert.Equal("Web API draft preview: what went wrong and what we changed", body.GetProperty("Subject").GetString());
        Assert.StartsWith("Dear Ines,", body.GetProperty("Text").GetString());
        Assert.StartsWith("<p>Dear Ines,</p>", body.GetProperty("Html").GetString());
        Assert.Equal("PriorityAttention", body.GetProperty("Offer").GetString());
        Assert.StartsWith("Reply to this email", body.GetProperty("NextStep").GetString());
        Assert.Contains("\"column\":\"wb_fix\"", body.GetProperty("Citations").GetString());
        Assert.Equal(outreaches, _s.Org.Count("wb_outreach"));
    }

    [Fact]
    public async Task RegenerateOutreachDraft_rewrites_a_draft_and_is_refused_with_the_reason_once_it_is_in_review()
    {
        var (_, contact, remediation) = Verified_remediation("Web API draft regenerate");
        var (created, _, response) = await _s.SendAsync(HttpMethod.Post, "wb_outreaches",
            $$"""{"wb_RemediationId@odata.bind":"/wb_remediations({{remediation}})","wb_ContactId@odata.bind":"/contacts({{contact}})","wb_channel":{{Email}}}""");
        Assert.Equal(204, created);
        var location = response.Headers.GetValues("OData-EntityId").Single();
        var id = Guid.Parse(location[(location.LastIndexOf('(') + 1)..^1]);
        var composed = _s.Org.Peek("wb_outreach", id)!.GetAttributeValue<string>("description");
        var edited = System.Text.Json.JsonSerializer.Serialize(new { description = composed.Replace("Dear Ines,", "Hi Ines,") });
        Assert.Equal(204, (await _s.SendAsync(HttpMethod.Patch, $"wb_outreaches({id})", edited)).Status);
        Assert.StartsWith("Hi Ines,", _s.Org.Peek("wb_outreach", id)!.GetAttributeValue<string>("description"));

        var (status, body, _) = await _s.SendAsync(HttpMethod.Post, $"wb_outreaches({id})/Microsoft.Dynamics.CRM.wb_RegenerateOutreachDraft", "{}");

        Assert.True(status == 200, body.ToString());
        Assert.Equal(composed, body.GetProperty("Text").GetString());
        Assert.Equal(composed, _s.Org.Peek("wb_outreach", id)!.GetAttributeValue<string>("description"));

        Assert.Equal(204, (await _s.SendAsync(HttpMethod.Patch, $"wb_outreaches({id})", $$"""{"statuscode":{{ReadyForReview}}}""")).Status);
        var message = AssertError(await _s.SendAsync(HttpMethod.Post, $"wb_outreaches({id})/Microsoft.Dynamics.CRM.wb_RegenerateOutreachDraft", "{}"), 400, "0x80040265");
        Assert.StartsWith("Only a Draft can be regenerated, and this outreach is Ready for review", message);
    }
}
