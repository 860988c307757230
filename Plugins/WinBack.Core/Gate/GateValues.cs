using System;
using WinBack.Core.Disengagement;

namespace WinBack.Core.Gate
{
    /// <summary>A remediation's status reason (wb_remediation.statuscode): Diagnosing, Fixing, Fixed, Verified (Active); Closed (Inactive).</summary>
    public enum RemediationStatus
    {
        Diagnosing = 1,
        Fixing = 682400001,
        Fixed = 682400002,
        Verified = 682400003,
        Closed = 2,
    }

    /// <summary>An outreach's status reason (wb_outreach.statuscode): Draft, Ready for review, Approved (Open); Sent (Completed); Canceled.</summary>
    public enum OutreachStatus
    {
        Draft = 1,
        ReadyForReview = 682400001,
        Approved = 682400002,
        Sent = 2,
        Canceled = 3,
    }

    /// <summary>How the person is reached (wb_outreach.wb_channel).</summary>
    public enum Channel
    {
        Email = 682400000,
        PhoneCall = 682400001,
        Meeting = 682400002,
    }

    /// <summary>Dataverse's values of the gate's choices, and what they mean.</summary>
    public static class GateValues
    {
        /// <summary>The wb_gap choice value of a gap (Value 682400000 ... Growth 682400003).</summary>
        public static int ChoiceOf(Gap gap) => 682400000 + (int)gap;

        /// <summary>The gap of a wb_gap choice value, or null for a value that is not one.</summary>
        public static Gap? GapOf(int? choice)
        {
            if (choice == null) return null;
            var index = choice.Value - 682400000;
            return index >= 0 && index <= 3 ? (Gap)index : (Gap?)null;
        }

        /// <summary>Ready for review, Approved and Sent: an outreach that relies on its remediation being true.</summary>
        public static bool ReliesOnRemediation(OutreachStatus status) =>
            status == OutreachStatus.ReadyForReview || status == OutreachStatus.Approved || status == OutreachStatus.Sent;

        /// <summary>Draft, Ready for review and Approved: not yet sent nor canceled.</summary>
        public static bool IsOpen(OutreachStatus status) =>
            status == OutreachStatus.Draft || status == OutreachStatus.ReadyForReview || status == OutreachStatus.Approved;

        public static string Label(RemediationStatus status)
        {
            switch (status)
            {
                case RemediationStatus.Diagnosing: return "Diagnosing";
                case RemediationStatus.Fixing: return "Fixing";
                case RemediationStatus.Fixed: return "Fixed";
                case RemediationStatus.Verified: return "Verified";
                case RemediationStatus.Closed: return "Closed";
                default: return "of an unknown status";
            }
        }

        public static string Label(Gap gap) => gap.ToString().ToLowerInvariant();
    }
}
