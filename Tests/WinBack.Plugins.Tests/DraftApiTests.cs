using System.Diagnostics;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Query;
using static WinBack.Plugins.Tests.GateWorld;

namespace WinBack.Plugins.Tests;

/// <summary>
/// wb_ComposeOutreachDraft (a preview that saves nothing) and wb_RegenerateOutreachDraft (only while a Draft), and the
/// bad input the issue lists, each with a clear message and nothing half-written.
/// </summary>
public sealed class DraftApiTests
{
    private static OrganizationResponse Compose(IOrganizationService service, Guid remediation, Guid? contact, int channel = Email)
    {
        var request = new OrganizationRequest("wb_ComposeOutreachDraft")
        {
            ["Target"] = new EntityReference("wb_remediation", remediation),
            ["Channel"] = new OptionSetValue(channel),
        };
        if (contact != null) request["Contact"] = new EntityReference("contact", contact.Value);
        return service.Execute(request);
    }

    private static string Out(OrganizationResponse response, string name) => (string)response.Results[name];

    [Fact]
    public void Compose_previews_the_draft_with_its_offer_next_step_and_citations_and_saves_nothing()
    {
        using var world = new GateWorld();
        var remediation = world.VerifiedRemediation();
        var before = (world.Outreaches, world.Org.Org.Count("email"));

        var response = Compose(world.As(world.Rep), remediation, world.Contact);

        Assert.Equal("Contoso Support: what went wrong and what we changed", Out(response, "Subject"));
        Assert.StartsWith("Dear Sam,\n\nWe broke commitments we made to Contoso Support", Out(response, "Text"));
        Assert.Equal(WinBack.Core.Drafts.DraftComposer.ToHtml(Out(response, "Text")), Out(response, "Html"));
        Assert.Equal("PriorityAttention", Out(response, "Offer"));
        Assert.StartsWith("Reply to this email", Out(response, "NextStep"));
        Assert.Equal("en", Out(response, "Language"));
        Assert.Contains(DraftTests.Citations(Out(response, "Citations")), c => c.GetProperty("column").GetString() == "wb_evidence");
        Assert.Equal(before, (world.Outreaches, world.Org.Org.Count("email")));
    }

    [Fact]
    public void A_remediation_with_an_empty_fix_is_refused_by_the_gate_before_any_draft()
    {
        using var world = new GateWorld();
        var remediation = world.As(world.Success).Create(new Entity("wb_remediation")
        {
            ["wb_name"] = "Slow support replies", ["wb_accountid"] = new EntityReference("account", world.Account), ["wb_gap"] = new OptionSetValue(Trust),
            ["wb_rootcause"] = "Replies took 5 days.",
        });
        world.Move(remediation, Fixed);

        Assert.Equal("Verify the remediation 'Slow support replies' first: it is Fixed and waits for a second person to check the evidence.",
            world.Refused(() => Compose(world.As(world.Rep), remediation, world.Contact)));
        Assert.Contains("fix", world.Refused(() => world.Move(remediation, Verified, world.Checker)));
    }

    [Fact]
    public void No_contact_at_all_is_refused_by_the_gate_with_what_to_choose()
    {
        using var world = new GateWorld();
        var remediation = world.VerifiedRemediation();

        var message = world.Refused(() => Compose(world.As(world.Rep), remediation, contact: null));

        Assert.Contains("contact", message);
        Assert.Equal(0, world.Outreaches);
    }

    [Fact]
    public void A_contact_without_a_first_name_is_greeted_without_one()
    {
        using var world = new GateWorld();
        var nameless = world.Admin.Create(new Entity("contact") { ["lastname"] = "Okafor", ["parentcustomerid"] = new EntityReference("account", world.Account) });

        var text = Out(Compose(world.As(world.Rep), world.VerifiedRemediation(), nameless), "Text");

        Assert.StartsWith("Hello,\n\n", text);
        Assert.DoesNotContain("[add:", text);
    }

    [Theory]
    [InlineData("tlh", "en")]
    [InlineData("de-AT", "de")]
    [InlineData("", "en")]
    public void The_draft_is_in_the_contacts_language_or_the_base_language_and_says_so(string language, string expected)
    {
        using var world = new GateWorld();
        world.Admin.Update(new Entity("contact", world.Contact) { ["wb_preferredlanguage"] = language });

        var response = Compose(world.As(world.Rep), world.VerifiedRemediation(), world.Contact);

        Assert.Equal(expected, Out(response, "Language"));
        if (language == "tlh")
            Assert.Equal("This draft is in English because no template ships in the contact's language.", Out(response, "Notes"));
        else
            Assert.DoesNotContain("no template ships", Out(response, "Notes"));
    }

    [Fact]
    public void Markup_scripts_links_and_bidi_controls_in_names_and_case_titles_are_escaped_in_html_plain_in_text_and_never_markup_in_a_citation()
    {
        using var world = new GateWorld();
        const string name = "<script>alert(1)</script>Contoso\u202Etxt.exe";
        const string title = "<img src=x onerror=alert(1)><a href=\"javascript:alert(2)\">click</a>";
        var account = world.Org.Account(name);
        world.Flag(account, trust: true);
        var contact = world.Org.Contact(account, "Reyes");
        var remediation = world.VerifiedRemediation(account: account);
        var incident = world.Admin.Create(new Entity("incident") { ["title"] = title, ["customerid"] = new EntityReference("account", account) });
        world.Admin.Associate("wb_remediation", remediation, new Relationship("wb_remediation_incident"),
            new EntityReferenceCollection { new EntityReference("incident", incident) });

        var response = Compose(world.As(world.Rep), remediation, contact);

        var html = Out(response, "Html");
        var text = Out(response, "Text");
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("<a ", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;Contosotxt.exe", html);
        Assert.Contains("&lt;a href=&quot;javascript:alert(2)&quot;&gt;", html);
        Assert.Contains("<script>alert(1)</script>Contosotxt.exe", text);
        Assert.Contains(title, text);
        Assert.DoesNotContain('\u202E', text + html + Out(response, "Subject") + Out(response, "Citations"));
        Assert.All(DraftTests.Citations(Out(response, "Citations")), c =>
        {
            Assert.DoesNotContain("<", c.GetProperty("quote").GetString());
            Assert.DoesNotContain("<", c.GetProperty("value").GetString());
        });
    }

    [Fact]
    public void A_fix_of_100000_characters_is_summarised_at_a_sentence_boundary_and_cited_in_full()
    {
        using var world = new GateWorld();
        var sentence = "Every escalation now has a named owner within one hour. ";
        var fix = string.Concat(Enumerable.Repeat(sentence, 100_000 / sentence.Length + 1))[..100_000];
        var remediation = world.Remediation();
        world.As(world.Success).Update(new Entity("wb_remediation", remediation) { ["wb_fix"] = fix });
        world.Move(remediation, Fixed, world.Success);
        world.Move(remediation, Verified, world.Checker);

        var id = world.As(world.Rep).Create(world.Outreach(remediation));

        var stored = DraftTests.Stored(world, id);
        var text = stored.GetAttributeValue<string>("description");
        Assert.Contains("What we changed: Every escalation now has a named owner within one hour. Every escalation", text);
        Assert.True(WinBack.Core.Drafts.DraftQuality.Words(text) <= 220, "the body stays within 220 words");
        var cited = DraftTests.Citations(stored.GetAttributeValue<string>("wb_citations")).Single(c => c.GetProperty("column").GetString() == "wb_fix");
        Assert.True(cited.GetProperty("summarised").GetBoolean());
        Assert.EndsWith("hour.", cited.GetProperty("value").GetString());
        Assert.Equal(100_000, world.Read("wb_remediation", remediation, "wb_fix").GetAttributeValue<string>("wb_fix").Length);
    }

    [Fact]
    public void Ten_thousand_cases_on_one_account_cite_the_three_that_matter_sla_breached_first_at_the_same_cost()
    {
        using var world = new GateWorld();
        var remediation = world.VerifiedRemediation();
        var cases = new EntityCollection { EntityName = "incident" };
        for (var i = 0; i < 10_000; i++)
        {
            cases.Entities.Add(new Entity("incident", Guid.NewGuid())
            {
                ["title"] = "Case " + i,
                ["ticketnumber"] = "BULK-" + i.ToString("00000"),
                ["customerid"] = new EntityReference("account", world.Account),
                ["overriddencreatedon"] = TestOrganization.Today.AddDays(-400).AddMinutes(i),
                // Two old cases broke their SLA: they come first, then the most recently opened.
                ["wb_slabreached"] = i is 10 or 20,
            });
        }
        var create = new CreateMultipleRequest { Targets = cases };
        create.Parameters["BypassCustomPluginExecution"] = true;
        world.Admin.Execute(create);
        world.Admin.Associate("wb_remediation", remediation, new Relationship("wb_remediation_incident"),
            new EntityReferenceCollection(cases.Entities.Select(e => e.ToEntityReference()).ToList()));
        world.Org.Org.ResetCost();

        var id = world.As(world.Rep).Create(world.Outreach(remediation));

        var numbers = DraftTests.Citations(DraftTests.Stored(world, id).GetAttributeValue<string>("wb_citations"))
            .Where(c => c.GetProperty("column").GetString() == "ticketnumber").Select(c => c.GetProperty("value").GetString()).Distinct().ToList();
        // The remediation's own case (resolved late, 40 days ago) broke its SLA too and is the most recent of the three.
        var own = world.Admin.RetrieveMultiple(new QueryExpression("incident")
        {
            ColumnSet = new ColumnSet("ticketnumber"),
            Criteria = { Conditions = { new ConditionExpression("ticketnumber", ConditionOperator.BeginsWith, "CAS-") } },
        }).Entities.Single().GetAttributeValue<string>("ticketnumber");
        Assert.Equal(new[] { own, "BULK-00020", "BULK-00010" }, numbers);
        Assert.Equal(3, world.Org.Org.Cost.Plugin("DraftOutreach")!.Requests);
    }

    // ------------------------------------------------------------------ regenerate

    [Fact]
    public void Regenerate_rewrites_a_draft_from_the_records_and_returns_it()
    {
        using var world = new GateWorld();
        var id = world.As(world.Rep).Create(world.Outreach(world.VerifiedRemediation(), subject: "Hand-written subject"));
        var composed = DraftTests.Stored(world, id).GetAttributeValue<string>("description");
        world.As(world.Rep).Update(new Entity("wb_outreach", id) { ["description"] = composed.Replace("Dear Sam,", "Hi Sam,") });

        var response = world.As(world.Rep).Execute(new OrganizationRequest("wb_RegenerateOutreachDraft") { ["Target"] = new EntityReference("wb_outreach", id) });

        var stored = DraftTests.Stored(world, id);
        Assert.Equal(composed, stored.GetAttributeValue<string>("description"));
        Assert.Equal("Contoso Support: what went wrong and what we changed", stored.GetAttributeValue<string>("subject"));
        Assert.Equal((stored.GetAttributeValue<string>("subject"), composed, "PriorityAttention"), (Out(response, "Subject"), Out(response, "Text"), Out(response, "Offer")));
    }

    [Fact]
    public void Regenerate_is_refused_once_the_outreach_left_draft()
    {
        using var world = new GateWorld();
        var id = world.As(world.Rep).Create(world.Outreach(world.VerifiedRemediation()));
        world.As(world.Rep).Update(new Entity("wb_outreach", id) { ["statuscode"] = new OptionSetValue(ReadyForReview) });
        var before = DraftTests.Stored(world, id).GetAttributeValue<string>("description");

        Assert.Equal("Only a Draft can be regenerated, and this outreach is Ready for review: regenerating would replace what was reviewed. Move it back to Draft first, or edit the text by hand.",
            world.Refused(() => world.As(world.Rep).Execute(new OrganizationRequest("wb_RegenerateOutreachDraft") { ["Target"] = new EntityReference("wb_outreach", id) })));
        Assert.Equal(before, DraftTests.Stored(world, id).GetAttributeValue<string>("description"));
    }
}
