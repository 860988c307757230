using Microsoft.Xrm.Sdk;
using static WinBack.Plugins.Tests.GateWorld;

namespace WinBack.Plugins.Tests;

/// <summary>
/// The gate through Dataverse's state paths on the local Dataverse running the packed solution: SetState and
/// SetStateDynamicEntity (their own steps, then an Update carrying only the state), and an Update that carries the status
/// with other columns, which Dataverse splits into two executions of the Update steps, the other columns first (Learn,
/// "Behavior of specialized update operations").
/// </summary>
public sealed class GateStateDoorTests
{
    private const string NotVerified = "Verify the remediation 'Slow support replies' first: it is Fixed and waits for a second person to check the evidence.";

    /// <summary>A SetStateRequest as a client sends it (its typed class lives in Microsoft.Crm.Sdk.Proxy).</summary>
    private static OrganizationRequest SetState(string message, string table, Guid id, int state, int status) => new(message)
    {
        ["EntityMoniker"] = new EntityReference(table, id),
        ["State"] = new OptionSetValue(state),
        ["Status"] = new OptionSetValue(status),
    };

    private static int StatusOf(GateWorld world, string table, Guid id) =>
        world.Read(table, id, "statuscode").GetAttributeValue<OptionSetValue>("statuscode").Value;

    /// <summary>The gate's refusal was made by the step on this message itself, not only by the Update it raises.</summary>
    private static void RefusedBy(GateWorld world, string plugin, string message, string table) =>
        Assert.Contains(world.Org.Org.Traces, t => t.PluginType.EndsWith(plugin, StringComparison.Ordinal) && t.MessageName == message
            && t.Text.Contains("WinBack gate refused " + message + " of " + table, StringComparison.Ordinal));

    [Theory]
    [InlineData("SetState")]
    [InlineData("SetStateDynamicEntity")]
    public void A_state_change_to_ready_for_review_on_an_unverified_remediation_is_refused(string message)
    {
        using var world = new GateWorld();
        var remediation = world.VerifiedRemediation();
        var id = world.As(world.Rep).Create(world.Outreach(remediation));
        world.Move(remediation, Fixed, world.Checker);   // reopened while the outreach is a draft
        world.Org.Org.ClearTraces();

        Assert.Equal(NotVerified, world.Refused(() => world.As(world.Rep).Execute(SetState(message, "wb_outreach", id, 0, ReadyForReview))));
        Assert.Equal(Draft, StatusOf(world, "wb_outreach", id));
        RefusedBy(world, "GateOutreach", message, "wb_outreach");
    }

    [Theory]
    [InlineData("SetState")]
    [InlineData("SetStateDynamicEntity")]
    public void A_state_change_to_ready_for_review_on_a_verified_remediation_passes_and_is_stamped(string message)
    {
        using var world = new GateWorld();
        var id = world.As(world.Rep).Create(world.Outreach(world.VerifiedRemediation()));
        world.Org.Now = TestOrganization.Today.AddHours(3);

        world.As(world.Rep).Execute(SetState(message, "wb_outreach", id, 0, ReadyForReview));

        var stored = world.Read("wb_outreach", id, "statuscode", "wb_gatecheckedon");
        Assert.Equal((ReadyForReview, TestOrganization.Today.AddHours(3)),
            (stored.GetAttributeValue<OptionSetValue>("statuscode").Value, stored.GetAttributeValue<DateTime>("wb_gatecheckedon")));
    }

    [Theory]
    [InlineData("SetState", Fixed)]
    [InlineData("SetState", Verified)]
    [InlineData("SetStateDynamicEntity", Fixed)]
    [InlineData("SetStateDynamicEntity", Verified)]
    public void Fixed_and_verified_are_reached_by_update_not_by_set_state(string message, int status)
    {
        using var world = new GateWorld();
        var remediation = world.Remediation();
        if (status == Verified) world.Move(remediation, Fixed, world.Success);
        var before = StatusOf(world, "wb_remediation", remediation);

        Assert.Equal("The remediation 'Slow support replies' is marked Fixed or Verified by saving it with the new status reason (statuscode), so the server can record who did it: update the record instead of changing its state.",
            world.Refused(() => world.As(world.Checker).Execute(SetState(message, "wb_remediation", remediation, 0, status))));
        var stored = world.Read("wb_remediation", remediation, "statuscode", "wb_verifiedby", "wb_verifiedon");
        Assert.Equal(before, stored.GetAttributeValue<OptionSetValue>("statuscode").Value);
        Assert.Null(stored.GetAttributeValue<EntityReference>("wb_verifiedby"));
        Assert.Null(stored.GetAttributeValue<DateTime?>("wb_verifiedon"));
    }

    [Theory]
    [InlineData("SetState")]
    [InlineData("SetStateDynamicEntity")]
    public void A_remediation_that_outreach_relies_on_cannot_be_closed_by_set_state(string message)
    {
        using var world = new GateWorld(policy: """{ "controlShare": 0, "openOutreachesPerAccount": 5 }""");
        var remediation = world.VerifiedRemediation();
        foreach (var (subject, status) in new[] { ("Ready one", ReadyForReview), ("Approved one", Approved) })
        {
            var id = world.As(world.Rep).Create(world.Outreach(remediation, subject: subject));
            world.As(world.Rep).Update(new Entity("wb_outreach", id) { ["statuscode"] = new OptionSetValue(status) });
        }

        world.As(world.Rep).Create(world.Outreach(remediation, subject: "Still a draft"));
        world.Org.Org.ClearTraces();

        Assert.Equal("The remediation 'Slow support replies' cannot be deactivated: win-back outreaches in Ready for review, Approved or Sent rely on it ('Approved one', 'Ready one'). Cancel those outreaches first.",
            world.Refused(() => world.As(world.Success).Execute(SetState(message, "wb_remediation", remediation, 1, Closed))));
        Assert.Equal(Verified, StatusOf(world, "wb_remediation", remediation));
        RefusedBy(world, "GateRemediation", message, "wb_remediation");
    }

    [Fact]
    public void A_mixed_update_to_sent_with_a_new_contact_passes_the_gate_and_both_halves_are_kept()
    {
        using var world = new GateWorld();
        var id = world.As(world.Rep).Create(world.Outreach(world.VerifiedRemediation()));
        world.As(world.Rep).Update(new Entity("wb_outreach", id) { ["statuscode"] = new OptionSetValue(Approved) });
        var other = world.Org.Contact(world.Account, "Okafor");
        world.Org.Now = TestOrganization.Today.AddHours(4);

        world.As(world.Rep).Update(new Entity("wb_outreach", id)
        {
            ["statecode"] = new OptionSetValue(1), ["statuscode"] = new OptionSetValue(Sent), ["wb_contactid"] = new EntityReference("contact", other),
        });

        var stored = world.Read("wb_outreach", id, "statuscode", "wb_contactid", "wb_gatecheckedon", "wb_gatestamp");
        Assert.Equal(Sent, stored.GetAttributeValue<OptionSetValue>("statuscode").Value);
        Assert.Equal(other, stored.GetAttributeValue<EntityReference>("wb_contactid").Id);
        Assert.Equal(TestOrganization.Today.AddHours(4), stored.GetAttributeValue<DateTime>("wb_gatecheckedon"));
        Assert.EndsWith(";on:2026-06-15T04:00:00Z", stored.GetAttributeValue<string>("wb_gatestamp"));
    }

    [Fact]
    public void A_mixed_update_to_sent_with_a_contact_who_refused_email_is_refused_and_nothing_is_written()
    {
        using var world = new GateWorld();
        var id = world.As(world.Rep).Create(world.Outreach(world.VerifiedRemediation()));
        world.As(world.Rep).Update(new Entity("wb_outreach", id) { ["statuscode"] = new OptionSetValue(Approved) });
        var noEmail = world.Org.Contact(world.Account, "Okafor");
        world.Admin.Update(new Entity("contact", noEmail) { ["donotemail"] = true });

        Assert.Equal("The contact 'Sam Okafor' does not allow email (donotemail is set): choose another channel or another contact.",
            world.Refused(() => world.As(world.Rep).Update(new Entity("wb_outreach", id)
            {
                ["statecode"] = new OptionSetValue(1), ["statuscode"] = new OptionSetValue(Sent), ["wb_contactid"] = new EntityReference("contact", noEmail),
            })));
        var stored = world.Read("wb_outreach", id, "statuscode", "wb_contactid");
        Assert.Equal((Approved, world.Contact), (stored.GetAttributeValue<OptionSetValue>("statuscode").Value, stored.GetAttributeValue<EntityReference>("wb_contactid").Id));
    }

    [Fact]
    public void A_mixed_update_that_verifies_with_new_evidence_is_stamped_by_the_server()
    {
        using var world = new GateWorld();
        var remediation = world.Remediation();
        world.Move(remediation, Fixed, world.Success);
        world.Org.Now = TestOrganization.Today.AddHours(2);

        world.As(world.Checker).Update(new Entity("wb_remediation", remediation)
        {
            ["statecode"] = new OptionSetValue(0), ["statuscode"] = new OptionSetValue(Verified), ["wb_evidence"] = "Median first reply 6 hours in June.",
        });

        var stored = world.Read("wb_remediation", remediation, "statuscode", "wb_evidence", "wb_verifiedby", "wb_verifiedon");
        Assert.Equal(Verified, stored.GetAttributeValue<OptionSetValue>("statuscode").Value);
        Assert.Equal("Median first reply 6 hours in June.", stored.GetAttributeValue<string>("wb_evidence"));
        Assert.Equal(world.Checker, stored.GetAttributeValue<EntityReference>("wb_verifiedby").Id);
        Assert.Equal(TestOrganization.Today.AddHours(2), stored.GetAttributeValue<DateTime>("wb_verifiedon"));
    }

    [Fact]
    public void A_mixed_update_that_verifies_ones_own_fix_is_refused_and_keeps_the_old_evidence()
    {
        using var world = new GateWorld();
        var remediation = world.Remediation();
        world.Move(remediation, Fixed, world.Success);

        Assert.Equal("You marked the remediation 'Slow support replies' as Fixed, so someone else must verify it: ask a colleague in Customer Success to check the evidence.",
            world.Refused(() => world.As(world.Success).Update(new Entity("wb_remediation", remediation)
            {
                ["statecode"] = new OptionSetValue(0), ["statuscode"] = new OptionSetValue(Verified), ["wb_evidence"] = "Trust me.",
            })));
        var stored = world.Read("wb_remediation", remediation, "statuscode", "wb_evidence", "wb_verifiedby");
        Assert.Equal(Fixed, stored.GetAttributeValue<OptionSetValue>("statuscode").Value);
        Assert.Equal("Median first reply fell from 5 days to 7 hours in May.", stored.GetAttributeValue<string>("wb_evidence"));
        Assert.Null(stored.GetAttributeValue<EntityReference>("wb_verifiedby"));
    }

    private const string OverOpenLimit = "The account 'Contoso Support' already has 1 open win-back outreach and the gate policy allows 1: send or cancel 'First' first.";

    private static (Guid Old, Guid First) CanceledThenAnotherOpen(GateWorld world)
    {
        var remediation = world.VerifiedRemediation();
        var old = world.As(world.Rep).Create(world.Outreach(remediation, subject: "Old"));
        world.As(world.Rep).Update(new Entity("wb_outreach", old) { ["statecode"] = new OptionSetValue(2), ["statuscode"] = new OptionSetValue(Canceled) });
        var first = world.As(world.Rep).Create(world.Outreach(remediation, subject: "First"));
        return (old, first);
    }

    [Theory]
    [InlineData("SetState")]
    [InlineData("SetStateDynamicEntity")]
    public void Reopening_a_canceled_outreach_by_set_state_counts_toward_the_open_limit(string message)
    {
        using var world = new GateWorld();
        var (old, _) = CanceledThenAnotherOpen(world);

        Assert.Equal(OverOpenLimit, world.Refused(() => world.As(world.Rep).Execute(SetState(message, "wb_outreach", old, 0, Draft))));
        Assert.Equal(Canceled, StatusOf(world, "wb_outreach", old));
    }

    [Fact]
    public void Reopening_a_canceled_outreach_by_update_counts_toward_the_open_limit()
    {
        using var world = new GateWorld();
        var (old, _) = CanceledThenAnotherOpen(world);

        Assert.Equal(OverOpenLimit, world.Refused(() => world.As(world.Rep).Update(new Entity("wb_outreach", old)
        {
            ["statecode"] = new OptionSetValue(0), ["statuscode"] = new OptionSetValue(Draft),
        })));
        Assert.Equal(Canceled, StatusOf(world, "wb_outreach", old));
    }

    [Fact]
    public void Reopening_a_canceled_outreach_within_the_open_limit_passes_and_is_stamped_again()
    {
        using var world = new GateWorld(policy: """{ "controlShare": 0, "openOutreachesPerAccount": 2 }""");
        var (old, _) = CanceledThenAnotherOpen(world);
        world.Org.Now = TestOrganization.Today.AddHours(6);

        world.As(world.Rep).Execute(SetState("SetState", "wb_outreach", old, 0, Draft));

        var stored = world.Read("wb_outreach", old, "statuscode", "wb_gatecheckedon");
        Assert.Equal((Draft, TestOrganization.Today.AddHours(6)), (stored.GetAttributeValue<OptionSetValue>("statuscode").Value, stored.GetAttributeValue<DateTime>("wb_gatecheckedon")));
    }
}
