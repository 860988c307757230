using System;
using System.Collections.Generic;
using System.Linq;

namespace WinBack.Core.Gate
{
    /// <summary>
    /// The rules on a remediation itself: columns only the server writes, what Verified needs, four eyes, and what may
    /// not change while an outreach relies on it.
    /// </summary>
    public static class RemediationRules
    {
        public static readonly string[] ServerColumns = { "wb_verifiedby", "wb_verifiedon", "wb_fixedby" };
        public static readonly string[] EvidenceColumns = { "wb_rootcause", "wb_fix", "wb_evidence" };

        /// <summary>A client never sends the columns the server stamps (who verified, when, who marked it fixed).</summary>
        public static Refusal? NoServerColumns(IEnumerable<string> sentColumns)
        {
            var sent = ServerColumns.Where(c => sentColumns.Contains(c)).ToArray();
            return sent.Length > 0 ? Refusal.Of(GateRule.ServerColumn, sent) : null;
        }

        /// <summary>
        /// Fixed and Verified are reached by saving the remediation (Update), never by the deprecated SetState: the server
        /// records who marked it fixed and who verified it, which a SetState cannot carry.
        /// </summary>
        public static Refusal? StatusThroughUpdate(RemediationFacts r, RemediationStatus? newStatus) =>
            newStatus == RemediationStatus.Fixed || newStatus == RemediationStatus.Verified
                ? Refusal.Of(GateRule.StatusNeedsUpdate, new[] { "statuscode" }, r.Id, r.Name)
                : null;

        /// <summary>
        /// Verified needs a root cause, a fix, evidence and a fixed-on date not in the future; with four eyes on, the verifier
        /// is not the person who marked it Fixed (and it must have been marked Fixed by someone).
        /// </summary>
        public static Refusal? CanVerify(RemediationFacts r, Guid verifier, DateTime today, GatePolicy policy) =>
            HasEvidence(r) ?? FixedOnNotInFuture(r, today) ?? FourEyes(r, verifier, policy);

        public static Refusal? HasEvidence(RemediationFacts r)
        {
            var missing = new List<string>();
            if (IsBlank(r.RootCause)) missing.Add("wb_rootcause");
            if (IsBlank(r.Fix)) missing.Add("wb_fix");
            if (IsBlank(r.Evidence)) missing.Add("wb_evidence");
            if (r.FixedOn == null) missing.Add("wb_fixedon");
            return missing.Count > 0 ? Refusal.Of(GateRule.VerifyNeedsEvidence, missing.ToArray(), r.Id, r.Name) : null;
        }

        public static Refusal? FixedOnNotInFuture(RemediationFacts r, DateTime today)
        {
            if (r.FixedOn == null || r.FixedOn.Value.Date <= today.Date) return null;
            var refusal = Refusal.Of(GateRule.FixedOnInFuture, new[] { "wb_fixedon" }, r.Id, r.Name);
            refusal.Date = r.FixedOn.Value.Date;
            return refusal;
        }

        public static Refusal? FourEyes(RemediationFacts r, Guid verifier, GatePolicy policy)
        {
            if (!policy.FourEyes) return null;
            if (r.FixedBy == null) return Refusal.Of(GateRule.VerifyNeedsFixedFirst, new[] { "statuscode" }, r.Id, r.Name);
            return r.FixedBy == verifier ? Refusal.Of(GateRule.FourEyes, new[] { "statuscode", "wb_fixedby" }, r.Id, r.Name) : null;
        }

        /// <summary>
        /// While an outreach in Ready for review, Approved or Sent relies on the remediation, it cannot be reopened (moved off
        /// Verified), deactivated, deleted, moved to another account, or have its root cause, fix or evidence changed.
        /// </summary>
        public static Refusal? NotLocked(RemediationFacts r, LockedChange? change, IEnumerable<OtherOutreach> relying)
        {
            if (change == null) return null;
            var list = relying.Where(o => GateValues.ReliesOnRemediation(o.Status)).OrderBy(o => o.Subject, StringComparer.Ordinal).ToList();
            if (list.Count == 0) return null;
            var refusal = new Refusal(GateRule.RemediationLocked, FieldsOf(change.Value),
                new[] { r.Id }.Concat(list.Select(o => o.Id)).ToArray(), new[] { r.Name }.Concat(list.Select(o => o.Subject)).ToArray());
            refusal.Change = change;
            return refusal;
        }

        /// <summary>What a change to a remediation does, from its status before and after and the columns sent.</summary>
        public static LockedChange? ChangeOf(RemediationStatus before, RemediationStatus? after, bool deleting, bool accountChanged, IEnumerable<string> changedEvidence)
        {
            if (deleting) return LockedChange.Delete;
            if (after == RemediationStatus.Closed && before != RemediationStatus.Closed) return LockedChange.Deactivate;
            if (after != null && after != before && before == RemediationStatus.Verified) return LockedChange.Reopen;
            if (accountChanged) return LockedChange.MoveAccount;
            return changedEvidence.Any() ? LockedChange.EditEvidence : (LockedChange?)null;
        }

        private static string[] FieldsOf(LockedChange change)
        {
            switch (change)
            {
                case LockedChange.MoveAccount: return new[] { "wb_accountid" };
                case LockedChange.EditEvidence: return EvidenceColumns;
                case LockedChange.Delete: return new string[0];
                default: return new[] { "statecode", "statuscode" };
            }
        }

        private static bool IsBlank(string? text) => text == null || text.Trim().Length == 0;
    }
}
