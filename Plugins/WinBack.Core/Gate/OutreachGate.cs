using System;
using System.Collections.Generic;
using System.Linq;
using WinBack.Core.Disengagement;

namespace WinBack.Core.Gate
{
    /// <summary>
    /// The gate on win-back outreach: no outreach until a verified fix of the same account exists, the person allows the
    /// channel, the account is not held out as control, and it is not being written to too often. One rule, one function;
    /// <see cref="Check"/> runs them in the order a user fixes them and returns the first refusal (null: it passes).
    /// </summary>
    public static class OutreachGate
    {
        public const string RemediationColumn = "wb_remediationid";
        public const string RegardingColumn = "regardingobjectid";
        public const string ContactColumn = "wb_contactid";
        public const string ChannelColumn = "wb_channel";

        public static Refusal? Check(OutreachCase outreach, GatePolicy policy, DateTime now) =>
            NeedsRemediation(outreach)
            ?? RemediationExists(outreach)
            ?? SameAccount(outreach)
            ?? RemediationVerified(outreach)
            ?? CoversFlaggedGap(outreach)
            ?? NeedsContactAndChannel(outreach)
            ?? ContactOfAccount(outreach)
            ?? ContactActive(outreach)
            ?? ContactAllowsChannel(outreach)
            ?? NotControlGroup(outreach, policy)
            ?? WithinOpenLimit(outreach, policy)
            ?? NotTooSoon(outreach, policy, now);

        /// <summary>
        /// An outreach moved from Sent or Canceled back to Draft, Ready for review or Approved is open again: like a new one it
        /// passes the whole gate and counts toward the account's open outreaches.
        /// </summary>
        public static bool Reopens(OutreachStatus? before, OutreachStatus after) =>
            before != null && !GateValues.IsOpen(before.Value) && GateValues.IsOpen(after);

        /// <summary>The columns only the gate writes: its stamp and when it last passed the outreach.</summary>
        public static readonly string[] ServerColumns = { "wb_gatestamp", "wb_gatecheckedon" };

        /// <summary>A client never sends the gate's own columns.</summary>
        public static Refusal? NoServerColumns(IEnumerable<string> sentColumns)
        {
            var sent = ServerColumns.Where(c => sentColumns.Contains(c)).ToArray();
            return sent.Length > 0 ? Refusal.Of(GateRule.ServerColumn, sent) : null;
        }

        /// <summary>An outreach names the remediation it tells the customer about.</summary>
        public static Refusal? NeedsRemediation(OutreachCase o) =>
            o.RemediationId == null || o.RemediationId == Guid.Empty ? Refusal.Of(GateRule.RemediationRequired, new[] { RemediationColumn }) : null;

        /// <summary>The remediation exists (it may have been deleted since the id was copied).</summary>
        public static Refusal? RemediationExists(OutreachCase o) =>
            o.Remediation == null ? Refusal.Of(GateRule.RemediationNotFound, new[] { RemediationColumn }, o.RemediationId!.Value, "") : null;

        /// <summary>The remediation belongs to the account the outreach regards.</summary>
        public static Refusal? SameAccount(OutreachCase o)
        {
            var r = o.Remediation!;
            if (o.AccountId == null) return Refusal.Of(GateRule.AccountRequired, new[] { RegardingColumn });
            return r.AccountId != o.AccountId
                ? Refusal.Of(GateRule.RemediationOfAnotherAccount, new[] { RemediationColumn, RegardingColumn }, r.Id, r.Name, r.AccountId, o.Account?.Name ?? "")
                : null;
        }

        /// <summary>The remediation is Verified: a second person checked the evidence.</summary>
        public static Refusal? RemediationVerified(OutreachCase o)
        {
            var r = o.Remediation!;
            if (r.Status == RemediationStatus.Verified) return null;
            var refusal = Refusal.Of(GateRule.RemediationNotVerified, new[] { RemediationColumn }, r.Id, r.Name);
            refusal.Status = r.Status;
            return refusal;
        }

        /// <summary>When the account is flagged, the remediation closes one of its flagged gaps.</summary>
        public static Refusal? CoversFlaggedGap(OutreachCase o)
        {
            var a = o.Account;
            if (a == null || a.FlaggedOn == null || a.FlaggedGaps == GapFlags.None) return null;
            var flagged = Flagged(a.FlaggedGaps);
            var r = o.Remediation!;
            if (r.Gap != null && flagged.Contains(r.Gap.Value)) return null;
            var refusal = Refusal.Of(GateRule.GapNotCovered, new[] { RemediationColumn, "wb_gap" }, r.Id, r.Name, a.Id, a.Name);
            refusal.Gap = r.Gap;
            refusal.FlaggedGaps = flagged;
            return refusal;
        }

        /// <summary>An outreach is to one person, by one channel.</summary>
        public static Refusal? NeedsContactAndChannel(OutreachCase o)
        {
            if (o.ContactId == null) return Refusal.Of(GateRule.ContactRequired, new[] { ContactColumn });
            return o.Channel == null ? Refusal.Of(GateRule.ChannelRequired, new[] { ChannelColumn }) : null;
        }

        /// <summary>The person is one of the account's contacts.</summary>
        public static Refusal? ContactOfAccount(OutreachCase o) =>
            o.Contact == null
                ? Refusal.Of(GateRule.ContactNotOfAccount, new[] { ContactColumn }, o.ContactId!.Value, "", o.Account!.Id, o.Account.Name)
                : null;

        /// <summary>The person is active.</summary>
        public static Refusal? ContactActive(OutreachCase o) =>
            o.Contact!.Active ? null : Refusal.Of(GateRule.ContactInactive, new[] { ContactColumn, "statecode" }, o.Contact.Id, o.Contact.Name, o.Account!.Id, o.Account.Name);

        /// <summary>The person allows the channel: donotemail for email, donotphone for a phone call.</summary>
        public static Refusal? ContactAllowsChannel(OutreachCase o)
        {
            var c = o.Contact!;
            var column = ConsentColumn(o.Channel!.Value);
            var refuses = column == "donotemail" ? c.DoNotEmail : column == "donotphone" && c.DoNotPhone;
            return refuses ? Refusal.Of(GateRule.ContactRefusesChannel, new[] { column!, ChannelColumn }, c.Id, c.Name) : null;
        }

        /// <summary>The contact column that says whether a channel is allowed (null: no such column for meetings).</summary>
        public static string? ConsentColumn(Channel channel) =>
            channel == Channel.Email ? "donotemail" : channel == Channel.PhoneCall ? "donotphone" : null;

        /// <summary>An account in the control group gets no outreach (the stored assignment, else the hash once flagged).</summary>
        public static Refusal? NotControlGroup(OutreachCase o, GatePolicy policy)
        {
            var a = o.Account!;
            var inControl = a.Holdout ?? (a.FlaggedOn != null && ControlGroup.IsInControlGroup(a.Id, policy));
            return inControl ? Refusal.Of(GateRule.ControlGroup, new[] { RegardingColumn, "wb_holdout" }, a.Id, a.Name) : null;
        }

        /// <summary>At most the policy's number of open outreaches per account.</summary>
        public static Refusal? WithinOpenLimit(OutreachCase o, GatePolicy policy)
        {
            if (!o.CheckOpenLimit || !GateValues.IsOpen(o.Status)) return null;
            var open = o.Others.Where(x => x.Id != o.OutreachId && GateValues.IsOpen(x.Status)).OrderBy(x => x.Subject, StringComparer.Ordinal).ToList();
            if (open.Count < policy.OpenOutreachesPerAccount) return null;
            var refusal = new Refusal(GateRule.TooManyOpenOutreaches, new[] { RegardingColumn },
                new[] { o.Account!.Id }.Concat(open.Select(x => x.Id)).ToArray(), new[] { o.Account.Name }.Concat(open.Select(x => x.Subject)).ToArray());
            refusal.Count = open.Count;
            refusal.Limit = policy.OpenOutreachesPerAccount;
            return refusal;
        }

        /// <summary>None within the policy's days of the last Sent outreach to the account.</summary>
        public static Refusal? NotTooSoon(OutreachCase o, GatePolicy policy, DateTime now)
        {
            if (!o.CheckFatigue || policy.DaysBetweenOutreaches == 0) return null;
            var last = o.Others.Where(x => x.Id != o.OutreachId && x.Status == OutreachStatus.Sent && x.SentOn != null)
                .OrderByDescending(x => x.SentOn).FirstOrDefault();
            if (last == null || (now - last.SentOn!.Value).TotalDays >= policy.DaysBetweenOutreaches) return null;
            var refusal = Refusal.Of(GateRule.TooSoonAfterLastSent, new[] { RegardingColumn }, o.Account!.Id, o.Account.Name, last.Id, last.Subject);
            refusal.Date = last.SentOn;
            refusal.Limit = policy.DaysBetweenOutreaches;
            return refusal;
        }

        private static IReadOnlyList<Gap> Flagged(GapFlags flags)
        {
            var gaps = new List<Gap>();
            foreach (Gap gap in Enum.GetValues(typeof(Gap)))
                if ((flags & (GapFlags)(1 << (int)gap)) != 0) gaps.Add(gap);
            return gaps;
        }
    }
}
