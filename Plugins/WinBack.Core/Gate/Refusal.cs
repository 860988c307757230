using System;
using System.Collections.Generic;
using WinBack.Core.Disengagement;

namespace WinBack.Core.Gate
{
    /// <summary>Which rule refused. The names are stable: they go to the telemetry log and may be counted.</summary>
    public enum GateRule
    {
        RemediationRequired,
        RemediationNotFound,
        RemediationOfAnotherAccount,
        RemediationNotVerified,
        GapNotCovered,
        AccountRequired,
        ContactRequired,
        ContactNotOfAccount,
        ContactInactive,
        ChannelRequired,
        ContactRefusesChannel,
        ControlGroup,
        TooManyOpenOutreaches,
        TooSoonAfterLastSent,
        ServerColumn,
        VerifyNeedsEvidence,
        FixedOnInFuture,
        FourEyes,
        VerifyNeedsFixedFirst,
        RemediationLocked,
        StatusNeedsUpdate,
    }

    /// <summary>What a locked remediation was asked to do.</summary>
    public enum LockedChange { Reopen, Deactivate, Delete, MoveAccount, EditEvidence }

    /// <summary>
    /// A refusal as data: the rule, the columns involved, the records involved (ids and names in the same order) and the
    /// facts the words need. Only <see cref="GateWords"/> turns it into a sentence.
    /// </summary>
    public sealed class Refusal
    {
        public Refusal(GateRule rule, IReadOnlyList<string> fields, IReadOnlyList<Guid> recordIds, IReadOnlyList<string> recordNames)
        {
            Rule = rule;
            Fields = fields;
            RecordIds = recordIds;
            RecordNames = recordNames;
        }

        public GateRule Rule { get; }
        public IReadOnlyList<string> Fields { get; }
        public IReadOnlyList<Guid> RecordIds { get; }
        public IReadOnlyList<string> RecordNames { get; }

        public RemediationStatus? Status { get; set; }
        public Gap? Gap { get; set; }
        public IReadOnlyList<Gap> FlaggedGaps { get; set; } = Array.Empty<Gap>();
        public int? Count { get; set; }
        public int? Limit { get; set; }
        public DateTime? Date { get; set; }
        public LockedChange? Change { get; set; }

        internal static Refusal Of(GateRule rule, string[] fields) => new Refusal(rule, fields, Array.Empty<Guid>(), Array.Empty<string>());

        internal static Refusal Of(GateRule rule, string[] fields, Guid id, string name) =>
            new Refusal(rule, fields, new[] { id }, new[] { name });

        internal static Refusal Of(GateRule rule, string[] fields, Guid id, string name, Guid otherId, string otherName) =>
            new Refusal(rule, fields, new[] { id, otherId }, new[] { name, otherName });
    }
}
