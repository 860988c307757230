using System;
using System.Globalization;

namespace WinBack.Core.Gate
{
    /// <summary>
    /// The gate's stamp on every outreach it passes (wb_gatestamp): which remediation, which rule version, when. A write
    /// that skipped the gate (a bypass of custom plug-ins) leaves the stamp missing or stale, and wb_AuditGate finds it.
    /// </summary>
    public static class GateStamp
    {
        /// <summary>Raised whenever a gate rule changes meaning, so that audits can tell which rules an outreach passed.</summary>
        public const int RuleVersion = 1;

        /// <summary>"gate:v1;remediation:{id};on:{UTC ISO 8601}".</summary>
        public static string For(Guid remediationId, DateTime passedOn) =>
            "gate:v" + RuleVersion.ToString(CultureInfo.InvariantCulture) + ";remediation:" + remediationId.ToString("D")
            + ";on:" + passedOn.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        /// <summary>The remediation a stamp names, or null when the text is not a stamp the gate wrote.</summary>
        public static Guid? RemediationOf(string? stamp)
        {
            if (stamp == null) return null;
            var parts = stamp.Split(';');
            if (parts.Length != 3 || !parts[0].StartsWith("gate:v", StringComparison.Ordinal) || !parts[1].StartsWith("remediation:", StringComparison.Ordinal))
                return null;
            return Guid.TryParse(parts[1].Substring("remediation:".Length), out var id) ? id : (Guid?)null;
        }

        /// <summary>
        /// Whether an outreach's stamp still holds: it names the remediation the outreach relies on, and that remediation is
        /// Verified now. A missing, foreign or stale stamp means the outreach did not pass the gate as it stands.
        /// </summary>
        public static bool Holds(string? stamp, Guid? remediationId, RemediationStatus? remediationStatus) =>
            remediationId != null && RemediationOf(stamp) == remediationId && remediationStatus == RemediationStatus.Verified;
    }
}
