using System.ServiceModel;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Query;
using static WinBack.Plugins.Tests.GateWorld;

namespace WinBack.Plugins.Tests;

/// <summary>
/// Every door a client can write a win-back outreach through, on the local Dataverse running the packed solution: the
/// gate holds at each, and what it passes carries its stamp.
/// </summary>
public sealed class GateDoorTests
{
    private const string NotVerified = "Verify the remediation 'Slow support replies' first: it is Fixed and waits for a second person to check the evidence.";

    private static Guid FixedOnly(GateWorld world)
    {
        var id = world.Remediation();
        world.Move(id, Fixed);
        return id;
    }

    [Fact]
    public void Create_passes_an_outreach_on_a_verified_remediation_and_stamps_it()
    {
        using var world = new GateWorld();
        var remediation = world.VerifiedRemediation();

        var id = world.As(world.Rep).Create(world.Outreach(remediation));

        var stored = world.Read("wb_outreach", id, "wb_gatestamp", "wb_gatecheckedon", "statuscode");
        Assert.Equal("gate:v1;remediation:" + remediation.ToString("D") + ";on:2026-06-15T00:00:00Z", stored.GetAttributeValue<string>("wb_gatestamp"));
        Assert.Equal(TestOrganization.Today, stored.GetAttributeValue<DateTime>("wb_gatecheckedon"));
        Assert.Equal(Draft, stored.GetAttributeValue<OptionSetValue>("statuscode").Value);
    }

    [Fact]
    public void Create_refuses_an_outreach_before_the_remediation_is_verified()
    {
        using var world = new GateWorld();
        var remediation = FixedOnly(world);

        Assert.Equal(NotVerified, world.Refused(() => world.As(world.Rep).Create(world.Outreach(remediation))));
    }

    [Fact]
    public void Create_fills_in_the_account_of_the_remediation_when_the_outreach_regards_none()
    {
        using var world = new GateWorld();
        var outreach = world.Outreach(world.VerifiedRemediation());
        outreach.Attributes.Remove("regardingobjectid");

        var id = world.As(world.Rep).Create(outreach);

        Assert.Equal(world.Account, world.Read("wb_outreach", id, "regardingobjectid").GetAttributeValue<EntityReference>("regardingobjectid").Id);
    }

    [Fact]
    public void Update_runs_the_gate_again_when_the_remediation_changes()
    {
        using var world = new GateWorld();
        var id = world.As(world.Rep).Create(world.Outreach(world.VerifiedRemediation()));
        var unverified = FixedOnly(world);

        Assert.Equal(NotVerified, world.Refused(() => world.As(world.Rep).Update(new Entity("wb_outreach", id) { ["wb_remediationid"] = new EntityReference("wb_remediation", unverified) })));
    }

    [Fact]
    public void Update_runs_the_gate_again_when_the_contact_or_the_channel_changes()
    {
        using var world = new GateWorld();
        var id = world.As(world.Rep).Create(world.Outreach(world.VerifiedRemediation()));
        var noEmail = world.Org.Contact(world.Account, "Okafor");
        world.Admin.Update(new Entity("contact", noEmail) { ["donotemail"] = true });
        world.Admin.Update(new Entity("contact", world.Contact) { ["donotphone"] = true });

        Assert.Equal("The contact 'Sam Okafor' does not allow email (donotemail is set): choose another channel or another contact.",
            world.Refused(() => world.As(world.Rep).Update(new Entity("wb_outreach", id) { ["wb_contactid"] = new EntityReference("contact", noEmail) })));
        Assert.Equal("The contact 'Sam Reyes' does not allow phone calls (donotphone is set): choose another channel or another contact.",
            world.Refused(() => world.As(world.Rep).Update(new Entity("wb_outreach", id) { ["wb_channel"] = new OptionSetValue(PhoneCall) })));
    }

    [Fact]
    public void Update_runs_the_gate_again_when_the_account_changes()
    {
        using var world = new GateWorld();
        var id = world.As(world.Rep).Create(world.Outreach(world.VerifiedRemediation()));
        var other = world.Org.Account("Fabrikam");

        Assert.Equal("The remediation 'Slow support replies' belongs to another account ('Contoso Support'): choose a verified remediation of the account this outreach regards.",
            world.Refused(() => world.As(world.Success).Update(new Entity("wb_outreach", id) { ["regardingobjectid"] = new EntityReference("account", other) })));
    }

    [Fact]
    public void Every_move_to_ready_for_review_runs_the_gate_again()
    {
        using var world = new GateWorld();
        var remediation = world.VerifiedRemediation();
        var id = world.As(world.Rep).Create(world.Outreach(remediation));
        world.Move(remediation, Fixed, world.Checker);   // reopened while the outreach is still a draft: allowed

        Assert.Equal("Verify the remediation 'Slow support replies' first: it is Fixed and waits for a second person to check the evidence.",
            world.Refused(() => world.As(world.Rep).Update(new Entity("wb_outreach", id) { ["statuscode"] = new OptionSetValue(ReadyForReview) })));
        Assert.Equal(Draft, world.Read("wb_outreach", id, "statuscode").GetAttributeValue<OptionSetValue>("statuscode").Value);
    }

    [Fact]
    public void A_verified_outreach_moves_through_review_and_approval_to_sent_and_is_stamped_at_each_move()
    {
        using var world = new GateWorld();
        var id = world.As(world.Rep).Create(world.Outreach(world.VerifiedRemediation()));
        foreach (var status in new[] { ReadyForReview, Approved })
        {
            world.As(world.Rep).Update(new Entity("wb_outreach", id) { ["statuscode"] = new OptionSetValue(status) });
        }

        world.Org.Now = TestOrganization.Today.AddHours(5);
        world.As(world.Rep).Update(new Entity("wb_outreach", id) { ["statecode"] = new OptionSetValue(1), ["statuscode"] = new OptionSetValue(Sent) });

        var stored = world.Read("wb_outreach", id, "statuscode", "wb_gatecheckedon");
        Assert.Equal((Sent, TestOrganization.Today.AddHours(5)), (stored.GetAttributeValue<OptionSetValue>("statuscode").Value, stored.GetAttributeValue<DateTime>("wb_gatecheckedon")));
    }

    [Fact]
    public void Canceling_an_outreach_never_needs_the_gate()
    {
        using var world = new GateWorld();
        var remediation = world.VerifiedRemediation();
        var id = world.As(world.Rep).Create(world.Outreach(remediation));
        world.Move(remediation, Fixed, world.Checker);

        world.As(world.Rep).Update(new Entity("wb_outreach", id) { ["statecode"] = new OptionSetValue(2), ["statuscode"] = new OptionSetValue(Canceled) });

        Assert.Equal(Canceled, world.Read("wb_outreach", id, "statuscode").GetAttributeValue<OptionSetValue>("statuscode").Value);
    }

    [Fact]
    public void CreateMultiple_with_one_bad_row_writes_nothing()
    {
        using var world = new GateWorld(policy: """{ "controlShare": 0, "openOutreachesPerAccount": 5 }""");
        var good = world.Outreach(world.VerifiedRemediation());
        var bad = world.Outreach(FixedOnly(world), subject: "Too early");
        var request = new CreateMultipleRequest { Targets = new EntityCollection(new List<Entity> { good, bad }) { EntityName = "wb_outreach" } };

        Assert.Equal(NotVerified, world.Refused(() => world.As(world.Success).Execute(request)));
        Assert.Equal(0, world.Outreaches);
    }

    [Fact]
    public void CreateMultiple_of_good_rows_stamps_each()
    {
        using var world = new GateWorld(policy: """{ "controlShare": 0, "openOutreachesPerAccount": 5 }""");
        var remediation = world.VerifiedRemediation();
        var request = new CreateMultipleRequest
        {
            Targets = new EntityCollection(new List<Entity> { world.Outreach(remediation, subject: "One"), world.Outreach(remediation, subject: "Two") }) { EntityName = "wb_outreach" },
        };

        var ids = (Guid[])world.As(world.Success).Execute(request).Results["Ids"];

        Assert.All(ids, id => Assert.NotNull(world.Read("wb_outreach", id, "wb_gatestamp").GetAttributeValue<string>("wb_gatestamp")));
    }

    [Fact]
    public void CreateMultiple_counts_the_rows_of_the_same_call_toward_the_open_outreach_limit()
    {
        using var world = new GateWorld();
        var remediation = world.VerifiedRemediation();
        world.As(world.Rep).Create(world.Outreach(remediation, subject: "First"));
        var request = new CreateMultipleRequest { Targets = new EntityCollection(new List<Entity> { world.Outreach(remediation, subject: "Second") }) { EntityName = "wb_outreach" } };

        Assert.Equal("The account 'Contoso Support' already has 1 open win-back outreach and the gate policy allows 1: send or cancel 'First' first.",
            world.Refused(() => world.As(world.Success).Execute(request)));
    }

    [Fact]
    public void UpdateMultiple_with_one_bad_row_rolls_the_whole_call_back()
    {
        using var world = new GateWorld(policy: """{ "controlShare": 0, "openOutreachesPerAccount": 5 }""");
        var remediation = world.VerifiedRemediation();
        var first = world.As(world.Rep).Create(world.Outreach(remediation, subject: "One"));
        var second = world.As(world.Rep).Create(world.Outreach(remediation, subject: "Two"));
        var unverified = FixedOnly(world);
        var request = new UpdateMultipleRequest
        {
            Targets = new EntityCollection(new List<Entity>
            {
                new("wb_outreach", first) { ["statuscode"] = new OptionSetValue(ReadyForReview) },
                new("wb_outreach", second) { ["wb_remediationid"] = new EntityReference("wb_remediation", unverified) },
            }) { EntityName = "wb_outreach" },
        };

        Assert.Equal(NotVerified, world.Refused(() => world.As(world.Success).Execute(request)));
        Assert.Equal(Draft, world.Read("wb_outreach", first, "statuscode").GetAttributeValue<OptionSetValue>("statuscode").Value);
        Assert.Equal(remediation, world.Read("wb_outreach", second, "wb_remediationid").GetAttributeValue<EntityReference>("wb_remediationid").Id);
    }

    [Fact]
    public void ExecuteMultiple_refuses_the_bad_request_and_keeps_the_good_one_each_in_its_own_transaction()
    {
        using var world = new GateWorld(policy: """{ "controlShare": 0, "openOutreachesPerAccount": 5 }""");
        var request = new ExecuteMultipleRequest
        {
            Settings = new ExecuteMultipleSettings { ContinueOnError = true, ReturnResponses = true },
            Requests = new OrganizationRequestCollection
            {
                new CreateRequest { Target = world.Outreach(world.VerifiedRemediation(), subject: "Good") },
                new CreateRequest { Target = world.Outreach(FixedOnly(world), subject: "Too early") },
            },
        };

        var responses = ((ExecuteMultipleResponse)world.As(world.Success).Execute(request)).Responses;

        Assert.Equal(NotVerified, responses.Single(r => r.Fault != null).Fault.Message);
        Assert.Equal(1, world.Outreaches);
    }

    [Fact]
    public void Upsert_that_creates_runs_the_gate()
    {
        using var world = new GateWorld();
        var upsert = new OrganizationRequest("Upsert") { ["Target"] = world.Outreach(FixedOnly(world)) };

        Assert.Equal(NotVerified, world.Refused(() => world.As(world.Rep).Execute(upsert)));
    }

    [Fact]
    public void Upsert_that_updates_runs_the_gate_and_a_good_one_is_stamped()
    {
        using var world = new GateWorld();
        var id = world.As(world.Rep).Create(world.Outreach(world.VerifiedRemediation()));
        var unverified = FixedOnly(world);
        var bad = new OrganizationRequest("Upsert") { ["Target"] = new Entity("wb_outreach", id) { ["wb_remediationid"] = new EntityReference("wb_remediation", unverified) } };
        Assert.Equal(NotVerified, world.Refused(() => world.As(world.Rep).Execute(bad)));

        var good = new OrganizationRequest("Upsert") { ["Target"] = new Entity("wb_outreach", id) { ["statuscode"] = new OptionSetValue(ReadyForReview) } };
        var response = world.As(world.Rep).Execute(good);

        Assert.False((bool)response.Results["RecordCreated"]);
        Assert.Equal(ReadyForReview, world.Read("wb_outreach", id, "statuscode").GetAttributeValue<OptionSetValue>("statuscode").Value);
    }

    [Fact]
    public void An_email_created_for_an_outreach_checks_consent_again()
    {
        using var world = new GateWorld();
        var outreach = world.As(world.Rep).Create(world.Outreach(world.VerifiedRemediation()));
        world.Admin.Update(new Entity("contact", world.Contact) { ["donotemail"] = true });

        Assert.Equal("The contact 'Sam Reyes' does not allow email (donotemail is set): choose another channel or another contact.",
            world.Refused(() => world.As(world.Rep).Create(Email(world, outreach))));
    }

    [Fact]
    public void An_email_for_an_outreach_whose_remediation_was_reopened_cannot_be_created()
    {
        using var world = new GateWorld();
        var remediation = world.VerifiedRemediation();
        var outreach = world.As(world.Rep).Create(world.Outreach(remediation));
        world.Move(remediation, Fixed, world.Checker);

        Assert.Equal(NotVerified, world.Refused(() => world.As(world.Rep).Create(Email(world, outreach))));
    }

    [Fact]
    public void Sending_an_email_for_an_outreach_checks_the_gate_and_consent_again()
    {
        using var world = new GateWorld();
        var outreach = world.As(world.Rep).Create(world.Outreach(world.VerifiedRemediation()));
        var email = world.As(world.Rep).Create(Email(world, outreach));
        world.Admin.Update(new Entity("contact", world.Contact) { ["donotemail"] = true });
        var send = new OrganizationRequest("SendEmail") { ["EmailId"] = email, ["IssueSend"] = false, ["TrackingToken"] = "" };

        Assert.Equal("The contact 'Sam Reyes' does not allow email (donotemail is set): choose another channel or another contact.",
            world.Refused(() => world.As(world.Rep).Execute(send)));
        Assert.Equal(1, world.Read("email", email, "statuscode").GetAttributeValue<OptionSetValue>("statuscode").Value);

        world.Admin.Update(new Entity("contact", world.Contact) { ["donotemail"] = false });
        world.As(world.Rep).Execute(send);
        Assert.Equal(3, world.Read("email", email, "statuscode").GetAttributeValue<OptionSetValue>("statuscode").Value);
    }

    [Fact]
    public void Linking_an_existing_email_to_an_outreach_checks_consent_again()
    {
        using var world = new GateWorld();
        var outreach = world.As(world.Rep).Create(world.Outreach(world.VerifiedRemediation()));
        var unlinked = Email(world, outreach);
        unlinked.Attributes.Remove("wb_outreachid");
        var email = world.As(world.Rep).Create(unlinked);
        world.Admin.Update(new Entity("contact", world.Contact) { ["donotemail"] = true });

        Assert.Equal("The contact 'Sam Reyes' does not allow email (donotemail is set): choose another channel or another contact.",
            world.Refused(() => world.As(world.Rep).Update(new Entity("email", email) { ["wb_outreachid"] = new EntityReference("wb_outreach", outreach) })));
        Assert.Null(world.Read("email", email, "wb_outreachid").GetAttributeValue<EntityReference>("wb_outreachid"));
    }

    private static Entity Email(GateWorld world, Guid outreach) => new("email")
    {
        ["subject"] = "We fixed our support replies",
        ["regardingobjectid"] = new EntityReference("account", world.Account),
        ["wb_outreachid"] = new EntityReference("wb_outreach", outreach),
        ["to"] = new EntityCollection(new List<Entity> { new("activityparty") { ["partyid"] = new EntityReference("contact", world.Contact) } }),
    };

    [Fact]
    public void A_write_that_bypasses_custom_plugins_is_caught_by_the_audit()
    {
        using var world = new GateWorld();
        var stamped = world.As(world.Rep).Create(world.Outreach(world.VerifiedRemediation()));
        var bypassing = new CreateRequest { Target = world.Outreach(FixedOnly(world), subject: "Skipped the gate") };
        bypassing.Parameters["BypassCustomPluginExecution"] = true;

        var skipped = (Guid)world.Admin.Execute(bypassing).Results["id"];
        var audit = world.Admin.Execute(new OrganizationRequest("wb_AuditGate"));

        Assert.Equal(1, (int)audit.Results["Count"]);
        Assert.Equal(new[] { skipped.ToString("D") }, (string[])audit.Results["OutreachIds"]);
        Assert.DoesNotContain(stamped.ToString("D"), (string[])audit.Results["OutreachIds"]);
    }

    [Fact]
    public void The_audit_catches_a_draft_whose_remediation_was_reopened_after_it_passed()
    {
        using var world = new GateWorld();
        var remediation = world.VerifiedRemediation();
        var draft = world.As(world.Rep).Create(world.Outreach(remediation));
        Assert.Equal(0, (int)world.Admin.Execute(new OrganizationRequest("wb_AuditGate")).Results["Count"]);

        world.Move(remediation, Fixed, world.Checker);

        Assert.Equal(new[] { draft.ToString("D") }, (string[])world.Admin.Execute(new OrganizationRequest("wb_AuditGate")).Results["OutreachIds"]);
    }

    [Fact]
    public void A_sales_rep_cannot_bypass_the_gate()
    {
        using var world = new GateWorld();
        var bypassing = new CreateRequest { Target = world.Outreach(FixedOnly(world)) };
        bypassing.Parameters["BypassCustomPluginExecution"] = true;

        var message = world.Refused(() => world.As(world.Rep).Execute(bypassing));

        Assert.Equal($"Principal user (Id={world.Rep:D}, type=8) is missing prvBypassCustomPlugins privilege: only users with it (System Administrators) may set BypassCustomPluginExecution.", message);
    }

    [Fact]
    public void A_refusal_is_traced_with_the_correlation_id_and_logged_with_its_rule()
    {
        using var world = new GateWorld();
        var remediation = FixedOnly(world);
        world.Org.Org.ClearTraces();

        world.Refused(() => world.As(world.Rep).Create(world.Outreach(remediation)));

        var trace = world.Org.Org.Traces.Single(t => t.PluginType.EndsWith("GateOutreach", StringComparison.Ordinal));
        Assert.Contains("rule RemediationNotVerified, fields wb_remediationid, records " + remediation.ToString("D"), trace.Text);
        Assert.Contains("correlation id " + trace.CorrelationId, trace.Text);
        Assert.Contains("[Warning] WinBack gate refused Create of wb_outreach: rule RemediationNotVerified", trace.Text);
    }
}
