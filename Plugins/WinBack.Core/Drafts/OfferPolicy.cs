using System;
using System.Collections.Generic;
using System.Linq;
using WinBack.Core.Disengagement;

namespace WinBack.Core.Drafts
{
    /// <summary>What a draft offers. Never a discount as the lead of a service failure; never two offers at once.</summary>
    public enum OfferKind
    {
        /// <summary>No clear reason: no offer, just the conversation.</summary>
        None,
        /// <summary>Priority attention: a named person and faster handling for a period.</summary>
        PriorityAttention,
        /// <summary>Redo the failed work or service.</summary>
        Redo,
        /// <summary>One price or plan offer tied to a milestone.</summary>
        PlanAtMilestone,
        /// <summary>A roadmap or upgrade conversation.</summary>
        RoadmapConversation,
        /// <summary>Compensation in kind with the loss (extra service for a service failure).</summary>
        CompensationInKind,
    }

    /// <summary>One rule of the offer policy: for a gap (null: no clear reason), the offer and where the rule comes from.</summary>
    public sealed class OfferRule
    {
        public OfferRule(Gap? gap, OfferKind offer, bool leadWithApologyAndFix, string source)
        {
            Gap = gap;
            Offer = offer;
            LeadWithApologyAndFix = leadWithApologyAndFix;
            Source = source;
        }

        public Gap? Gap { get; }
        public OfferKind Offer { get; }
        public bool LeadWithApologyAndFix { get; }
        public string Source { get; }
    }

    /// <summary>Offers matched to the reason for leaving, as data; the sources are in POLICY.md.</summary>
    public sealed class OfferPolicy
    {
        public const string Kumar2015 = "Kumar, Bhagwat & Zhang 2015";
        public const string Grewal2008 = "Grewal, Roggeveen & Tsiros 2008";
        public const string Roschk2014 = "Roschk & Gelbrich 2014";

        public OfferPolicy(IReadOnlyList<OfferRule> rules, bool allowBundles, int recurrenceCases)
        {
            Rules = rules;
            AllowBundles = allowBundles;
            RecurrenceCases = recurrenceCases;
        }

        public IReadOnlyList<OfferRule> Rules { get; }
        /// <summary>Discount-plus-upgrade bundles: off by default (most reacquired, least profitable).</summary>
        public bool AllowBundles { get; }
        /// <summary>How many cases behind one remediation make the failure a recurrence.</summary>
        public int RecurrenceCases { get; }

        public static OfferPolicy Default { get; } = new OfferPolicy(new[]
        {
            new OfferRule(Disengagement.Gap.Trust, OfferKind.PriorityAttention, true, Kumar2015),
            new OfferRule(Disengagement.Gap.Experience, OfferKind.Redo, true, Kumar2015),
            new OfferRule(Disengagement.Gap.Value, OfferKind.PlanAtMilestone, false, Kumar2015),
            new OfferRule(Disengagement.Gap.Growth, OfferKind.RoadmapConversation, false, Kumar2015),
            new OfferRule(null, OfferKind.None, false, Kumar2015),
        }, allowBundles: false, recurrenceCases: 2);

        /// <summary>
        /// The one offer for this remediation. Compensation replaces the gap's offer only for a service failure
        /// (trust or experience) when the company was at fault and the failure recurred (Grewal et al. 2008), and it is
        /// in kind with the loss (Roschk &amp; Gelbrich 2014).
        /// </summary>
        public OfferRule Choose(Gap? gap, bool? causeControllable, int caseCount)
        {
            var rule = Rules.FirstOrDefault(r => r.Gap == gap) ?? new OfferRule(gap, OfferKind.None, false, Kumar2015);
            var service = gap == Disengagement.Gap.Trust || gap == Disengagement.Gap.Experience;
            if (service && causeControllable == true && caseCount >= RecurrenceCases)
                return new OfferRule(gap, OfferKind.CompensationInKind, true, Grewal2008 + "; " + Roschk2014);
            return rule;
        }
    }
}
