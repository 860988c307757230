using WinBack.Core.Disengagement;
using WinBack.Core.Drafts;

namespace WinBack.Core.Tests;

/// <summary>Offers matched to the reason for leaving (POLICY.md names the source of each rule).</summary>
public sealed class DraftsOfferTests
{
    private static OfferRule Offer(Gap? gap, bool? atFault = false, int cases = 1) => OfferPolicy.Default.Choose(gap, atFault, cases);

    [Fact]
    public void A_trust_failure_leads_with_apology_and_fix_and_offers_priority_attention_never_a_discount()
    {
        var o = Offer(Gap.Trust);
        Assert.Equal(OfferKind.PriorityAttention, o.Offer);
        Assert.True(o.LeadWithApologyAndFix);
        Assert.Equal(OfferPolicy.Kumar2015, o.Source);
    }

    [Fact]
    public void An_experience_failure_leads_with_apology_and_fix_and_offers_a_redo()
    {
        var o = Offer(Gap.Experience);
        Assert.Equal(OfferKind.Redo, o.Offer);
        Assert.True(o.LeadWithApologyAndFix);
    }

    [Fact]
    public void A_value_gap_gets_one_plan_offer_tied_to_a_milestone() =>
        Assert.Equal(OfferKind.PlanAtMilestone, Offer(Gap.Value).Offer);

    [Fact]
    public void A_growth_gap_gets_a_roadmap_or_upgrade_conversation() =>
        Assert.Equal(OfferKind.RoadmapConversation, Offer(Gap.Growth).Offer);

    [Fact]
    public void No_clear_reason_gets_no_offer_just_the_conversation()
    {
        Assert.Equal(OfferKind.None, Offer(null).Offer);
        var input = DraftsComposerTests.Input(gap: null);
        var d = DraftsComposerTests.Compose(input);
        Assert.Equal(OfferKind.None, d.Offer.Offer);
        Assert.Contains("I am writing about the problems Contoso had with us.", d.Text);
        foreach (var section in DraftTemplates.English.Sections.Where(s => s.Key.StartsWith("offer.")))
            Assert.DoesNotContain(section.Value, d.Text);
    }

    [Fact]
    public void Compensation_only_when_the_company_was_at_fault_and_the_failure_recurred_in_kind_with_the_loss()
    {
        var o = Offer(Gap.Trust, atFault: true, cases: 2);
        Assert.Equal(OfferKind.CompensationInKind, o.Offer);
        Assert.Contains(OfferPolicy.Grewal2008, o.Source);
        Assert.Contains(OfferPolicy.Roschk2014, o.Source);
        Assert.Equal(OfferKind.PriorityAttention, Offer(Gap.Trust, atFault: true, cases: 1).Offer);
        Assert.Equal(OfferKind.PriorityAttention, Offer(Gap.Trust, atFault: false, cases: 5).Offer);
        Assert.Equal(OfferKind.PriorityAttention, Offer(Gap.Trust, atFault: null, cases: 5).Offer);
        Assert.Equal(OfferKind.PlanAtMilestone, Offer(Gap.Value, atFault: true, cases: 5).Offer);
    }

    [Fact]
    public void No_discount_plus_upgrade_bundle_by_default_and_the_draft_carries_one_offer()
    {
        Assert.False(OfferPolicy.Default.AllowBundles);
        var d = DraftsComposerTests.Compose(DraftsComposerTests.Input(Gap.Value));
        var offers = DraftTemplates.English.Sections.Where(s => s.Key.StartsWith("offer.")).Count(s => d.Text.Contains(s.Value));
        Assert.Equal(1, offers);
    }

    [Fact]
    public void A_service_failure_draft_apologises_and_states_the_fix_before_the_offer()
    {
        var d = DraftsComposerTests.Compose(DraftsComposerTests.Input(Gap.Trust));
        var offer = d.Text.IndexOf(DraftTemplates.English.Sections["offer.priorityAttention"], StringComparison.Ordinal);
        Assert.True(d.Text.IndexOf("I am sorry", StringComparison.Ordinal) < offer);
        Assert.True(d.Text.IndexOf("What we changed:", StringComparison.Ordinal) < offer);
    }
}
