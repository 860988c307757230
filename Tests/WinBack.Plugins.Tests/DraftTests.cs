using System.ServiceModel;
using System.Text.Json;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using static WinBack.Plugins.Tests.GateWorld;

namespace WinBack.Plugins.Tests;

/// <summary>
/// Outreach drafts on the local Dataverse running the packed solution: composed on the server in the same save as the
/// gate, checked by the quality gate on every save and move to review or approval, previewed and regenerated through the
/// Custom APIs, and turned into an email in Draft when approved on the email channel.
/// </summary>
public sealed class DraftTests
{
    internal static readonly string[] DraftColumns =
        { "subject", "description", "wb_htmlbody", "wb_offer", "wb_nextstep", "wb_language", "wb_citations", "wb_draftnotes", "statuscode" };

    internal static Entity Stored(GateWorld world, Guid outreach) => world.Read("wb_outreach", outreach, DraftColumns);

    internal static List<JsonElement> Citations(string? json) =>
        JsonDocument.Parse(json ?? "[]").RootElement.EnumerateArray().ToList();

    private static string CaseNumber(GateWorld world, Guid remediation)
    {
        var query = new QueryExpression("incident") { ColumnSet = new ColumnSet("ticketnumber") };
        query.AddLink("wb_remediation_incident", "incidentid", "incidentid").LinkCriteria.AddCondition("wb_remediationid", ConditionOperator.Equal, remediation);
        return world.Admin.RetrieveMultiple(query).Entities.Single().GetAttributeValue<string>("ticketnumber");
    }

    [Fact]
    public void An_outreach_created_with_an_empty_body_gets_its_draft_composed_from_the_records_in_the_same_save()
    {
        using var world = new GateWorld();
        var remediation = world.VerifiedRemediation();
        var outreach = world.Outreach(remediation);
        outreach.Attributes.Remove("subject");

        var id = world.As(world.Rep).Create(outreach);

        var draft = Stored(world, id);
        var text = draft.GetAttributeValue<string>("description");
        Assert.Equal("Contoso Support: what went wrong and what we changed", draft.GetAttributeValue<string>("subject"));
        Assert.StartsWith("Dear Sam,\n\nWe broke commitments we made to Contoso Support, and I am sorry.", text);
        Assert.Contains("Case " + CaseNumber(world, remediation) + ",", text);
        Assert.Contains("What we changed: A second support shift and a 24-hour reply target.", text);
        Assert.EndsWith("Kind regards,\nRiley Rep\nAccount manager", text);
        Assert.Equal(WinBack.Core.Drafts.DraftComposer.ToHtml(text), draft.GetAttributeValue<string>("wb_htmlbody"));
        Assert.Equal(682400001, draft.GetAttributeValue<OptionSetValue>("wb_offer").Value); // priority attention for a trust gap
        Assert.Equal("Reply to this email with a time that suits you and I will walk you through the change in 20 minutes.", draft.GetAttributeValue<string>("wb_nextstep"));
        Assert.Equal("en", draft.GetAttributeValue<string>("wb_language"));
        var cited = Citations(draft.GetAttributeValue<string>("wb_citations"));
        Assert.Contains(cited, c => c.GetProperty("table").GetString() == "wb_remediation" && c.GetProperty("column").GetString() == "wb_fix"
                                    && c.GetProperty("id").GetString() == remediation.ToString("D"));
        Assert.Contains(cited, c => c.GetProperty("table").GetString() == "incident" && c.GetProperty("column").GetString() == "ticketnumber");
        Assert.Contains(cited, c => c.GetProperty("table").GetString() == "account" && c.GetProperty("column").GetString() == "createdon");
    }

    [Fact]
    public void A_subject_the_writer_gave_is_kept_and_only_the_body_is_composed()
    {
        using var world = new GateWorld();
        var id = world.As(world.Rep).Create(world.Outreach(world.VerifiedRemediation(), subject: "Your support replies, fixed"));

        var draft = Stored(world, id);
        Assert.Equal("Your support replies, fixed", draft.GetAttributeValue<string>("subject"));
        Assert.StartsWith("Dear Sam,", draft.GetAttributeValue<string>("description"));
    }

    [Fact]
    public void Composing_one_draft_costs_two_reads_of_the_records_and_one_of_the_sender_with_the_wording()
    {
        using var world = new GateWorld();
        var outreach = world.Outreach(world.VerifiedRemediation());
        world.Org.Org.ResetCost();

        world.As(world.Rep).Create(outreach);

        Assert.Equal(3, world.Org.Org.Cost.Plugin("DraftOutreach")!.Requests);
    }

    [Fact]
    public void A_body_edited_by_hand_into_a_generic_one_is_refused_by_name_and_nothing_is_written()
    {
        using var world = new GateWorld();
        var id = world.As(world.Rep).Create(world.Outreach(world.VerifiedRemediation()));
        var before = Stored(world, id).GetAttributeValue<string>("description");

        var message = world.Refused(() => world.As(world.Rep).Update(new Entity("wb_outreach", id)
        {
            ["description"] = "Dear Sam,\n\nWe miss you! As a valued customer you matter to us. Reply to this email.\n\nRiley",
        }));

        Assert.Equal("The draft cannot be saved: The draft uses the generic phrase \"we miss you\". Replace it with something specific from the account's own history."
                     + " The draft uses the generic phrase \"valued customer\". Replace it with something specific from the account's own history."
                     + " The draft cites 0 specific facts from the account's records; it needs at least 2. Name the cases, their dates or the fix.", message);
        Assert.Equal(before, Stored(world, id).GetAttributeValue<string>("description"));
    }

    [Fact]
    public void A_person_may_rewrite_the_draft_freely_within_the_rules_and_the_html_follows_the_text()
    {
        using var world = new GateWorld();
        var remediation = world.VerifiedRemediation();
        var id = world.As(world.Rep).Create(world.Outreach(remediation));
        var number = CaseNumber(world, remediation);
        var rewritten = "Dear Sam,\n\nCase " + number + " waited far too long, and that was on us. We added a second support shift and a 24-hour reply target."
                        + "\n\nReply to this email and I will call you <this week>.\n\nRiley";

        world.As(world.Rep).Update(new Entity("wb_outreach", id) { ["description"] = rewritten });

        var draft = Stored(world, id);
        Assert.Equal(rewritten, draft.GetAttributeValue<string>("description"));
        Assert.Contains("I will call you &lt;this week&gt;.", draft.GetAttributeValue<string>("wb_htmlbody"));
    }

    [Fact]
    public void An_outreach_created_with_a_body_written_by_hand_keeps_it_and_is_judged_by_the_facts_it_states()
    {
        using var world = new GateWorld();
        var remediation = world.VerifiedRemediation();
        var number = CaseNumber(world, remediation);
        var specific = world.Outreach(remediation);
        specific["description"] = "Dear Sam,\n\nCase " + number + " waited too long. We added a second support shift and a 24-hour reply target."
                                  + "\n\nReply to this email and I will call you.\n\nRiley";
        var generic = world.Outreach(world.VerifiedRemediation("Second fix"));
        generic["description"] = "Dear Sam,\n\nThings went wrong and we fixed them. Reply to this email to hear more.\n\nRiley";

        var message = world.Refused(() => world.As(world.Rep).Create(generic));
        var id = world.As(world.Rep).Create(specific);

        var stored = Stored(world, id);
        Assert.Equal(specific.GetAttributeValue<string>("description"), stored.GetAttributeValue<string>("description"));
        Assert.Equal(WinBack.Core.Drafts.DraftComposer.ToHtml(stored.GetAttributeValue<string>("description")), stored.GetAttributeValue<string>("wb_htmlbody"));
        Assert.Equal("The draft cannot be saved: The draft cites 0 specific facts from the account's records; it needs at least 2. Name the cases, their dates or the fix.", message);
    }

    [Fact]
    public void The_server_alone_writes_the_citations_and_the_html_body()
    {
        using var world = new GateWorld();
        var id = world.As(world.Rep).Create(world.Outreach(world.VerifiedRemediation()));

        Assert.Equal("The server writes wb_citations from the draft: leave it out and save the subject and the description (the text); the HTML body and the citations follow.",
            world.Refused(() => world.As(world.Rep).Update(new Entity("wb_outreach", id) { ["wb_citations"] = "[]" })));
        Assert.Equal("The server writes wb_htmlbody from the draft: leave it out and save the subject and the description (the text); the HTML body and the citations follow.",
            world.Refused(() => world.As(world.Rep).Update(new Entity("wb_outreach", id) { ["wb_htmlbody"] = "<script>x</script>" })));
    }

    [Fact]
    public void An_unfilled_placeholder_refuses_approval_until_it_is_filled()
    {
        using var world = new GateWorld();
        world.Org.Org.SystemService.Update(new Entity("systemuser", world.Rep) { ["title"] = null });
        var id = world.As(world.Rep).Create(world.Outreach(world.VerifiedRemediation()));
        var text = Stored(world, id).GetAttributeValue<string>("description");
        Assert.Contains("[add: the sender's title]", text);
        world.As(world.Rep).Update(new Entity("wb_outreach", id) { ["statuscode"] = new OptionSetValue(ReadyForReview) });

        var message = world.Refused(() => world.As(world.Rep).Update(new Entity("wb_outreach", id) { ["statuscode"] = new OptionSetValue(Approved) }));
        world.As(world.Rep).Update(new Entity("wb_outreach", id) { ["description"] = text.Replace("[add: the sender's title]", "Account manager") });
        world.As(world.Rep).Update(new Entity("wb_outreach", id) { ["statuscode"] = new OptionSetValue(Approved) });

        Assert.Equal("The draft cannot be saved: The draft still has the placeholder \"[add: the sender's title]\". Fill it in from the records or remove the sentence, then approve it.", message);
        Assert.Equal(Approved, Stored(world, id).GetAttributeValue<OptionSetValue>("statuscode").Value);
    }

    [Theory]
    [InlineData("SetState")]
    [InlineData("SetStateDynamicEntity")]
    public void The_quality_gate_holds_on_a_move_to_approved_through_set_state(string message)
    {
        using var world = new GateWorld();
        world.Org.Org.SystemService.Update(new Entity("systemuser", world.Rep) { ["title"] = null });
        var id = world.As(world.Rep).Create(world.Outreach(world.VerifiedRemediation()));

        var refused = world.Refused(() => world.As(world.Rep).Execute(new OrganizationRequest(message)
        {
            ["EntityMoniker"] = new EntityReference("wb_outreach", id), ["State"] = new OptionSetValue(0), ["Status"] = new OptionSetValue(Approved),
        }));

        Assert.Contains("[add: the sender's title]", refused);
        Assert.Equal(Draft, Stored(world, id).GetAttributeValue<OptionSetValue>("statuscode").Value);
    }

    // ------------------------------------------------------------------ the email on approval

    [Fact]
    public void Approving_an_email_outreach_writes_an_email_in_draft_for_a_person_to_send()
    {
        using var world = new GateWorld();
        var id = world.As(world.Rep).Create(world.Outreach(world.VerifiedRemediation()));

        world.As(world.Rep).Update(new Entity("wb_outreach", id) { ["statuscode"] = new OptionSetValue(Approved) });

        var query = new QueryExpression("email") { ColumnSet = new ColumnSet("subject", "description", "regardingobjectid", "statecode", "statuscode", "ownerid", "wb_outreachid") };
        query.Criteria.AddCondition("wb_outreachid", ConditionOperator.Equal, id);
        var email = Assert.Single(world.Admin.RetrieveMultiple(query).Entities);
        var draft = Stored(world, id);
        Assert.Equal((0, 1), (email.GetAttributeValue<OptionSetValue>("statecode").Value, email.GetAttributeValue<OptionSetValue>("statuscode").Value));
        Assert.Equal(draft.GetAttributeValue<string>("subject"), email.GetAttributeValue<string>("subject"));
        Assert.Equal(draft.GetAttributeValue<string>("wb_htmlbody"), email.GetAttributeValue<string>("description"));
        Assert.Equal(("account", world.Account), (email.GetAttributeValue<EntityReference>("regardingobjectid").LogicalName, email.GetAttributeValue<EntityReference>("regardingobjectid").Id));
        Assert.Equal(world.Rep, email.GetAttributeValue<EntityReference>("ownerid").Id);
        var parties = world.Admin.RetrieveMultiple(new QueryExpression("activityparty")
        {
            ColumnSet = new ColumnSet("partyid", "participationtypemask"),
            Criteria = { Conditions = { new ConditionExpression("activityid", ConditionOperator.Equal, email.Id) } },
        }).Entities.Select(p => (p.GetAttributeValue<OptionSetValue>("participationtypemask").Value, p.GetAttributeValue<EntityReference>("partyid").Id)).OrderBy(p => p.Item1).ToList();
        Assert.Equal(new[] { (1, world.Rep), (2, world.Contact) }, parties);
    }

    [Fact]
    public void Approving_a_phone_outreach_writes_no_email_and_approving_again_rewrites_the_same_draft_email()
    {
        using var world = new GateWorld(policy: """{ "controlShare": 0, "openOutreachesPerAccount": 9 }""");
        var phone = world.As(world.Rep).Create(world.Outreach(world.VerifiedRemediation(), channel: PhoneCall, subject: "Call"));
        world.As(world.Rep).Update(new Entity("wb_outreach", phone) { ["statuscode"] = new OptionSetValue(Approved) });
        Assert.Equal(0, world.Org.Org.Count("email"));

        var email = world.As(world.Rep).Create(world.Outreach(world.VerifiedRemediation("Second fix"), subject: "Email"));
        world.As(world.Rep).Update(new Entity("wb_outreach", email) { ["statuscode"] = new OptionSetValue(Approved) });
        world.As(world.Rep).Update(new Entity("wb_outreach", email) { ["statuscode"] = new OptionSetValue(Draft) });
        world.As(world.Rep).Update(new Entity("wb_outreach", email) { ["subject"] = "Email, reworded" });
        world.As(world.Rep).Update(new Entity("wb_outreach", email) { ["statuscode"] = new OptionSetValue(Approved) });

        var stored = Assert.Single(world.Admin.RetrieveMultiple(new QueryExpression("email") { ColumnSet = new ColumnSet("subject") }).Entities);
        Assert.Equal("Email, reworded", stored.GetAttributeValue<string>("subject"));
    }

    [Fact]
    public void Marking_the_draft_email_sent_by_hand_checks_the_gate_and_consent_again()
    {
        using var world = new GateWorld();
        var id = world.As(world.Rep).Create(world.Outreach(world.VerifiedRemediation()));
        world.As(world.Rep).Update(new Entity("wb_outreach", id) { ["statuscode"] = new OptionSetValue(Approved) });
        var email = world.Admin.RetrieveMultiple(new QueryExpression("email") { ColumnSet = new ColumnSet(false) }).Entities.Single().Id;
        world.Admin.Update(new Entity("contact", world.Contact) { ["donotemail"] = true });
        const string NoEmail = "The contact 'Sam Reyes' does not allow email (donotemail is set): choose another channel or another contact.";

        Assert.Equal(NoEmail, world.Refused(() => world.Admin.Update(new Entity("email", email) { ["statecode"] = new OptionSetValue(1), ["statuscode"] = new OptionSetValue(3) })));
        Assert.Equal(NoEmail, world.Refused(() => world.Admin.Execute(new OrganizationRequest("SetStateDynamicEntity")
        {
            ["EntityMoniker"] = new EntityReference("email", email), ["State"] = new OptionSetValue(1), ["Status"] = new OptionSetValue(3),
        })));
        Assert.Equal(NoEmail, world.Refused(() => world.Admin.Execute(new OrganizationRequest("SendEmail") { ["EmailId"] = email, ["IssueSend"] = false, ["TrackingToken"] = "" })));
        Assert.Equal(0, world.Read("email", email, "statecode").GetAttributeValue<OptionSetValue>("statecode").Value);
    }

    [Fact]
    public void Nothing_in_the_suite_sends_email()
    {
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
        var senders = Directory.EnumerateFiles(Path.Combine(root, "Plugins"), "*.cs", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "Tools", "WinBack.Cli"), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains("/obj/") && !f.Contains("/bin/") && !f.Contains("Xrm.Sdk.Offline"))
            .Where(f => File.ReadAllText(f).Contains("new SendEmailRequest") || File.ReadAllText(f).Contains("OrganizationRequest(\"SendEmail\")"))
            .ToList();
        Assert.Empty(senders);
    }
}
