using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using WinBack.Core.Disengagement;
using WinBack.Core.Text;

namespace WinBack.Core.Gate
{
    /// <summary>The one place a refusal becomes words: what is wrong and what to do, in plain text without markup.</summary>
    public static class GateWords
    {
        public static string Describe(Refusal r)
        {
            string Name(int i) => i < r.RecordNames.Count ? "'" + PlainText.Of(r.RecordNames[i], 200) + "'" : "";
            switch (r.Rule)
            {
                case GateRule.RemediationRequired:
                    return "A win-back outreach needs a remediation: choose, in wb_remediationid, the verified fix of this account that the outreach tells the customer about.";
                case GateRule.RemediationNotFound:
                    return "The remediation " + r.RecordIds[0].ToString("D") + " does not exist (it may have been deleted): choose an existing, verified remediation of this account in wb_remediationid.";
                case GateRule.AccountRequired:
                    return "A win-back outreach regards an account: set regardingobjectid to the account of its remediation.";
                case GateRule.RemediationOfAnotherAccount:
                    return "The remediation " + Name(0) + " belongs to another account (" + Name(1) + "): choose a verified remediation of the account this outreach regards.";
                case GateRule.RemediationNotVerified:
                    return "Verify the remediation " + Name(0) + " first: " + StatusWords(r.Status);
                case GateRule.GapNotCovered:
                    return "The remediation " + Name(0) + (r.Gap == null ? " does not say which gap it fixes" : " fixes the " + GateValues.Label(r.Gap.Value) + " gap")
                        + ", but " + Name(1) + " is flagged for " + GapList(r.FlaggedGaps)
                        + ": record and verify a remediation of one of those gaps, or set wb_gap on this one if it closes one of them.";
                case GateRule.ContactRequired:
                    return "Choose the person to reach in wb_contactid: a win-back outreach goes to one contact of the account.";
                case GateRule.ChannelRequired:
                    return "Choose how to reach the person in wb_channel: Email, Phone call or Meeting.";
                case GateRule.ContactNotOfAccount:
                    return "The contact " + r.RecordIds[0].ToString("D") + " in wb_contactid is not a contact of " + Name(1) + ": choose one of the account's own contacts.";
                case GateRule.ContactInactive:
                    return "The contact " + Name(0) + " is inactive (statecode): choose an active contact of " + Name(1) + ".";
                case GateRule.ContactRefusesChannel:
                    return r.Fields[0] == "donotemail"
                        ? "The contact " + Name(0) + " does not allow email (donotemail is set): choose another channel or another contact."
                        : "The contact " + Name(0) + " does not allow phone calls (donotphone is set): choose another channel or another contact.";
                case GateRule.ControlGroup:
                    return "The account " + Name(0) + " is in the control group (wb_holdout): it gets no win-back outreach, so that comparing it with the other flagged accounts shows whether outreach works. The assignment is permanent; choose another account.";
                case GateRule.TooManyOpenOutreaches:
                    return "The account " + Name(0) + " already has " + Count(r.Count ?? 0, "open win-back outreach", "open win-back outreaches")
                        + " and the gate policy allows " + (r.Limit ?? 0).ToString(CultureInfo.InvariantCulture) + ": send or cancel "
                        + string.Join(", ", Enumerable.Range(1, r.RecordNames.Count - 1).Select(Name)) + " first.";
                case GateRule.TooSoonAfterLastSent:
                    return "The account " + Name(0) + " was sent a win-back outreach (" + Name(1) + ") on " + Day(r.Date) + " and the gate policy allows one every "
                        + Count(r.Limit ?? 0, "day", "days") + ": wait until " + Day(r.Date?.AddDays(r.Limit ?? 0)) + ".";
                case GateRule.ServerColumn:
                    return string.Join(", ", r.Fields) + (r.Fields.Count == 1 ? " is" : " are") + " written by the server only: leave "
                        + (r.Fields.Count == 1 ? "it" : "them") + " out of the request.";
                case GateRule.VerifyNeedsEvidence:
                    return "The remediation " + Name(0) + " cannot be Verified yet: fill in " + string.Join(", ", r.Fields) + " first, so a second person can check what broke, what changed and what proves it.";
                case GateRule.FixedOnInFuture:
                    return "The remediation " + Name(0) + " has a fixed-on date in the future (" + Day(r.Date) + "): a fix can be verified once it has taken effect; correct wb_fixedon or wait.";
                case GateRule.FourEyes:
                    return "You marked the remediation " + Name(0) + " as Fixed, so someone else must verify it: ask a colleague in Customer Success to check the evidence.";
                case GateRule.VerifyNeedsFixedFirst:
                    return "The remediation " + Name(0) + " must be marked Fixed before it is Verified, so that a second person checks the evidence: set it to Fixed first.";
                case GateRule.RemediationLocked:
                    return "The remediation " + Name(0) + " cannot be " + ChangeWords(r.Change) + ": win-back outreaches in Ready for review, Approved or Sent rely on it ("
                        + string.Join(", ", Enumerable.Range(1, r.RecordNames.Count - 1).Select(Name)) + "). Cancel those outreaches first.";
                case GateRule.StatusNeedsUpdate:
                    return "The remediation " + Name(0) + " is marked Fixed or Verified by saving it with the new status reason (statuscode), so the server can record who did it: update the record instead of changing its state.";
                default:
                    return "The win-back gate refused the change (" + r.Rule + ").";
            }
        }

        /// <summary>An outreach's status reason as the form shows it.</summary>
        public static string StatusName(OutreachStatus status)
        {
            switch (status)
            {
                case OutreachStatus.Draft: return "Draft";
                case OutreachStatus.ReadyForReview: return "Ready for review";
                case OutreachStatus.Approved: return "Approved";
                case OutreachStatus.Sent: return "Sent";
                default: return "Canceled";
            }
        }

        private static string StatusWords(RemediationStatus? status)
        {
            switch (status)
            {
                case RemediationStatus.Diagnosing: return "it is Diagnosing, so the root cause is still being found.";
                case RemediationStatus.Fixing: return "it is Fixing, so the fix is still under way.";
                case RemediationStatus.Fixed: return "it is Fixed and waits for a second person to check the evidence.";
                case RemediationStatus.Closed: return "it is Closed; reopen and verify it, or choose another remediation.";
                default: return "it is not Verified.";
            }
        }

        private static string ChangeWords(LockedChange? change)
        {
            switch (change)
            {
                case LockedChange.Reopen: return "reopened";
                case LockedChange.Deactivate: return "deactivated";
                case LockedChange.Delete: return "deleted";
                case LockedChange.MoveAccount: return "moved to another account";
                default: return "changed in its root cause, fix or evidence";
            }
        }

        private static string GapList(IReadOnlyList<Gap> gaps)
        {
            var words = gaps.Select(GateValues.Label).ToList();
            var list = words.Count <= 1 ? string.Join("", words) : string.Join(", ", words.Take(words.Count - 1)) + " and " + words[words.Count - 1];
            return "the " + list + (words.Count == 1 ? " gap" : " gaps");
        }

        private static string Count(int n, string one, string many) => n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? one : many);

        private static string Day(DateTime? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "an unknown day";
    }
}
