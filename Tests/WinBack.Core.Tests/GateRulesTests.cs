using WinBack.Core.Disengagement;
using WinBack.Core.Gate;

namespace WinBack.Core.Tests;

/// <summary>The gate's rules, one at a time, as a customer success lead would state them.</summary>
public sealed class GateRulesTests
{
    private static readonly DateTime Now = new(2026, 6, 15, 9, 0, 0, DateTimeKind.Utc);
    private static readonly Guid AccountId = Guid.Parse("11111111-1111-4111-8111-111111111111");
    private static readonly Guid OtherAccountId = Guid.Parse("22222222-2222-4222-8222-222222222222");
    private static readonly Guid RemediationId = Guid.Parse("33333333-3333-4333-8333-333333333333");
    private static readonly Guid ContactId = Guid.Parse("44444444-4444-4444-8444-444444444444");
    private static readonly GatePolicy NoControlGroup = new(0, "salt", 14, 1, true);

    private static OutreachCase Passing() => new()
    {
        OutreachId = Guid.NewGuid(),
        RemediationId = RemediationId,
        Remediation = new RemediationFacts { Id = RemediationId, Name = "Slow support replies", AccountId = AccountId, Status = RemediationStatus.Verified, Gap = Gap.Trust },
        AccountId = AccountId,
        Account = new AccountFacts { Id = AccountId, Name = "Contoso", FlaggedOn = Now.AddDays(-3), FlaggedGaps = GapFlags.Trust },
        ContactId = ContactId,
        Contact = new ContactFacts { Id = ContactId, Name = "Sam Reyes" },
        Channel = Channel.Email,
    };

    private static string? Words(OutreachCase o, GatePolicy? policy = null) =>
        OutreachGate.Check(o, policy ?? NoControlGroup, Now) is { } refusal ? GateWords.Describe(refusal) : null;

    [Fact]
    public void An_outreach_on_a_verified_fix_of_the_same_account_to_a_consenting_contact_passes() =>
        Assert.Null(OutreachGate.Check(Passing(), NoControlGroup, Now));

    [Fact]
    public void An_outreach_needs_a_remediation()
    {
        var o = Passing();
        o.RemediationId = null;
        Assert.Equal(GateRule.RemediationRequired, OutreachGate.Check(o, NoControlGroup, Now)!.Rule);
    }

    [Fact]
    public void The_remediation_must_be_of_the_same_account()
    {
        var o = Passing();
        o.Remediation!.AccountId = OtherAccountId;
        var refusal = OutreachGate.SameAccount(o)!;
        Assert.Equal(GateRule.RemediationOfAnotherAccount, refusal.Rule);
        Assert.Equal(new[] { RemediationId, OtherAccountId }, refusal.RecordIds);
    }

    [Theory]
    [InlineData(RemediationStatus.Diagnosing, "it is Diagnosing, so the root cause is still being found.")]
    [InlineData(RemediationStatus.Fixing, "it is Fixing, so the fix is still under way.")]
    [InlineData(RemediationStatus.Fixed, "it is Fixed and waits for a second person to check the evidence.")]
    [InlineData(RemediationStatus.Closed, "it is Closed; reopen and verify it, or choose another remediation.")]
    public void Only_a_verified_remediation_opens_the_gate(RemediationStatus status, string why)
    {
        var o = Passing();
        o.Remediation!.Status = status;
        Assert.Equal("Verify the remediation 'Slow support replies' first: " + why, Words(o));
    }

    [Fact]
    public void A_flagged_account_needs_a_fix_of_one_of_its_flagged_gaps_and_the_message_names_them()
    {
        var o = Passing();
        o.Account!.FlaggedGaps = GapFlags.Value | GapFlags.Experience;
        Assert.Equal("The remediation 'Slow support replies' fixes the trust gap, but 'Contoso' is flagged for the value and experience gaps: record and verify a remediation of one of those gaps, or set wb_gap on this one if it closes one of them.", Words(o));
    }

    [Fact]
    public void An_account_that_is_not_flagged_takes_a_fix_of_any_gap()
    {
        var o = Passing();
        o.Account!.FlaggedOn = null;
        o.Remediation!.Gap = Gap.Growth;
        Assert.Null(Words(o));
    }

    [Theory]
    [InlineData(Channel.Email, true, false, "donotemail")]
    [InlineData(Channel.PhoneCall, false, true, "donotphone")]
    public void The_contact_must_allow_the_channel_and_the_refusal_names_the_column(Channel channel, bool noEmail, bool noPhone, string column)
    {
        var o = Passing();
        o.Channel = channel;
        o.Contact!.DoNotEmail = noEmail;
        o.Contact.DoNotPhone = noPhone;
        var refusal = OutreachGate.Check(o, NoControlGroup, Now)!;
        Assert.Equal(GateRule.ContactRefusesChannel, refusal.Rule);
        Assert.Equal(column, refusal.Fields[0]);
    }

    [Fact]
    public void A_contact_who_refuses_email_can_still_be_met()
    {
        var o = Passing();
        o.Channel = Channel.Meeting;
        o.Contact!.DoNotEmail = true;
        Assert.Null(Words(o));
    }

    [Fact]
    public void The_contact_must_be_active_and_of_the_account()
    {
        var inactive = Passing();
        inactive.Contact!.Active = false;
        Assert.Equal(GateRule.ContactInactive, OutreachGate.Check(inactive, NoControlGroup, Now)!.Rule);
        var stranger = Passing();
        stranger.Contact = null;
        Assert.Equal(GateRule.ContactNotOfAccount, OutreachGate.Check(stranger, NoControlGroup, Now)!.Rule);
    }

    [Fact]
    public void An_account_in_the_control_group_gets_no_outreach_and_the_message_says_why()
    {
        var o = Passing();
        o.Account!.Holdout = true;
        Assert.Equal("The account 'Contoso' is in the control group (wb_holdout): it gets no win-back outreach, so that comparing it with the other flagged accounts shows whether outreach works. The assignment is permanent; choose another account.", Words(o));
    }

    [Fact]
    public void The_stored_assignment_wins_over_the_hash()
    {
        var o = Passing();
        o.Account!.Holdout = false;
        Assert.Null(Words(o, new GatePolicy(1.0, "salt", 14, 1, true)));
    }

    [Fact]
    public void Control_group_membership_is_a_stable_hash_of_the_account_and_the_salt_with_the_policy_share()
    {
        var ids = Enumerable.Range(0, 20_000).Select(i => new Guid(i, 7, 7, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 })).ToList();
        var policy = new GatePolicy(0.1, "winback-control-v1", 14, 1, true);
        var share = ids.Count(id => ControlGroup.IsInControlGroup(id, policy)) / (double)ids.Count;
        Assert.InRange(share, 0.09, 0.11);
        Assert.All(ids.Take(100), id => Assert.Equal(ControlGroup.IsInControlGroup(id, policy), ControlGroup.IsInControlGroup(id, policy)));
        var resalted = new GatePolicy(0.1, "another salt", 14, 1, true);
        Assert.NotEqual(ids.Where(id => ControlGroup.IsInControlGroup(id, policy)), ids.Where(id => ControlGroup.IsInControlGroup(id, resalted)));
    }

    [Fact]
    public void An_account_is_assigned_once_when_first_flagged()
    {
        Assert.Null(ControlGroup.AssignOnFlag(AccountId, alreadyAssigned: true, flaggedNow: true, NoControlGroup));
        Assert.Null(ControlGroup.AssignOnFlag(AccountId, alreadyAssigned: false, flaggedNow: false, NoControlGroup));
        Assert.False(ControlGroup.AssignOnFlag(AccountId, alreadyAssigned: false, flaggedNow: true, NoControlGroup));
    }

    [Fact]
    public void At_most_the_policy_number_of_open_outreaches_per_account()
    {
        var o = Passing();
        o.Others.Add(new OtherOutreach { Id = Guid.NewGuid(), Subject = "Earlier draft", Status = OutreachStatus.Approved });
        Assert.Equal("The account 'Contoso' already has 1 open win-back outreach and the gate policy allows 1: send or cancel 'Earlier draft' first.", Words(o));
        Assert.Null(Words(o, new GatePolicy(0, "salt", 14, 2, true)));
    }

    [Fact]
    public void None_within_the_policy_days_of_the_last_sent_outreach()
    {
        var o = Passing();
        o.Others.Add(new OtherOutreach { Id = Guid.NewGuid(), Subject = "Spring note", Status = OutreachStatus.Sent, SentOn = Now.AddDays(-5) });
        Assert.Equal("The account 'Contoso' was sent a win-back outreach ('Spring note') on 2026-06-10 and the gate policy allows one every 14 days: wait until 2026-06-24.", Words(o));
        o.Others[0].SentOn = Now.AddDays(-14);
        Assert.Null(Words(o));
    }

    [Fact]
    public void Verified_needs_root_cause_fix_evidence_and_a_fixed_on_date_naming_what_is_missing()
    {
        var r = new RemediationFacts { Id = RemediationId, Name = "Slow support replies", RootCause = "Late replies", FixedBy = Guid.NewGuid() };
        var refusal = RemediationRules.CanVerify(r, Guid.NewGuid(), Now, NoControlGroup)!;
        Assert.Equal(new[] { "wb_fix", "wb_evidence", "wb_fixedon" }, refusal.Fields);
    }

    [Fact]
    public void A_fix_dated_in_the_future_cannot_be_verified()
    {
        var r = new RemediationFacts { Name = "Slow support replies", RootCause = "a", Fix = "b", Evidence = "c", FixedOn = Now.AddDays(1), FixedBy = Guid.NewGuid() };
        Assert.Equal(GateRule.FixedOnInFuture, RemediationRules.CanVerify(r, Guid.NewGuid(), Now, NoControlGroup)!.Rule);
        r.FixedOn = Now.Date;
        Assert.Null(RemediationRules.CanVerify(r, Guid.NewGuid(), Now, NoControlGroup));
    }

    [Fact]
    public void With_four_eyes_the_person_who_marked_the_fix_done_cannot_verify_it()
    {
        var me = Guid.NewGuid();
        var r = new RemediationFacts { Name = "Slow support replies", RootCause = "a", Fix = "b", Evidence = "c", FixedOn = Now.Date, FixedBy = me };
        Assert.Equal(GateRule.FourEyes, RemediationRules.CanVerify(r, me, Now, NoControlGroup)!.Rule);
        Assert.Null(RemediationRules.CanVerify(r, me, Now, new GatePolicy(0, "salt", 14, 1, fourEyes: false)));
    }

    [Theory]
    [InlineData(RemediationStatus.Verified, RemediationStatus.Fixed, false, false, LockedChange.Reopen)]
    [InlineData(RemediationStatus.Verified, RemediationStatus.Closed, false, false, LockedChange.Deactivate)]
    [InlineData(RemediationStatus.Verified, null, true, false, LockedChange.Delete)]
    [InlineData(RemediationStatus.Verified, null, false, true, LockedChange.MoveAccount)]
    public void What_a_change_to_a_remediation_does(RemediationStatus before, RemediationStatus? after, bool deleting, bool moving, LockedChange expected) =>
        Assert.Equal(expected, RemediationRules.ChangeOf(before, after, deleting, moving, Array.Empty<string>()));

    [Fact]
    public void A_remediation_that_outreach_relies_on_stays_as_it_was_and_the_refusal_lists_the_outreaches()
    {
        var r = new RemediationFacts { Id = RemediationId, Name = "Slow support replies" };
        var relying = new[]
        {
            new OtherOutreach { Id = Guid.NewGuid(), Subject = "We fixed it", Status = OutreachStatus.Approved },
            new OtherOutreach { Id = Guid.NewGuid(), Subject = "A draft", Status = OutreachStatus.Draft },
        };
        var refusal = RemediationRules.NotLocked(r, LockedChange.EditEvidence, relying)!;
        Assert.Equal("The remediation 'Slow support replies' cannot be changed in its root cause, fix or evidence: win-back outreaches in Ready for review, Approved or Sent rely on it ('We fixed it'). Cancel those outreaches first.", GateWords.Describe(refusal));
        Assert.Null(RemediationRules.NotLocked(r, LockedChange.EditEvidence, relying.Skip(1)));
    }

    [Fact]
    public void A_stamp_holds_only_for_the_remediation_it_names_while_that_is_verified()
    {
        var stamp = GateStamp.For(RemediationId, Now);
        Assert.Equal("gate:v1;remediation:33333333-3333-4333-8333-333333333333;on:2026-06-15T09:00:00Z", stamp);
        Assert.True(GateStamp.Holds(stamp, RemediationId, RemediationStatus.Verified));
        Assert.False(GateStamp.Holds(stamp, RemediationId, RemediationStatus.Fixed));
        Assert.False(GateStamp.Holds(stamp, Guid.NewGuid(), RemediationStatus.Verified));
        Assert.False(GateStamp.Holds(null, RemediationId, RemediationStatus.Verified));
        Assert.False(GateStamp.Holds("typed by hand", RemediationId, RemediationStatus.Verified));
    }

    [Fact]
    public void Names_are_quoted_as_plain_text_never_as_markup()
    {
        var o = Passing();
        o.Remediation!.Status = RemediationStatus.Fixed;
        o.Remediation.Name = "<script>alert(1)</script>";
        Assert.Equal("Verify the remediation '‹script›alert(1)‹/script›' first: it is Fixed and waits for a second person to check the evidence.", Words(o));
    }

    [Theory]
    [InlineData(OutreachStatus.Canceled, OutreachStatus.Draft, true)]
    [InlineData(OutreachStatus.Sent, OutreachStatus.Approved, true)]
    [InlineData(OutreachStatus.Draft, OutreachStatus.ReadyForReview, false)]
    [InlineData(OutreachStatus.Approved, OutreachStatus.Sent, false)]
    [InlineData(OutreachStatus.Sent, OutreachStatus.Canceled, false)]
    public void A_sent_or_canceled_outreach_moved_back_to_an_open_status_is_reopened(OutreachStatus before, OutreachStatus after, bool reopens) =>
        Assert.Equal(reopens, OutreachGate.Reopens(before, after));

    [Fact]
    public void A_new_outreach_is_not_reopened() => Assert.False(OutreachGate.Reopens(null, OutreachStatus.Draft));
}
