using System;
using WinBack.Core.Disengagement;

namespace WinBack.Core.Extraction
{
    /// <summary>A half-open time interval [Start, End), in UTC.</summary>
    public readonly struct Interval : IEquatable<Interval>
    {
        public Interval(DateTime start, DateTime end)
        {
            Start = start;
            End = end;
        }

        public DateTime Start { get; }
        public DateTime End { get; }

        public bool Contains(DateTime moment) => moment >= Start && moment < End;

        public bool Equals(Interval other) => Start == other.Start && End == other.End;
        public override bool Equals(object? obj) => obj is Interval other && Equals(other);
        public override int GetHashCode() => Start.GetHashCode() * 397 ^ End.GetHashCode();
    }

    /// <summary>
    /// The time windows that signals are measured over for one scoring date: each window ends at the scoring date,
    /// and its "previous" window is the same length just before it (so "logins fell 46% in the last 30 days against
    /// the 30 before" compares <see cref="UsageCurrent"/> with <see cref="UsagePrevious"/>).
    /// </summary>
    public sealed class SignalWindows
    {
        /// <param name="usageAsOf">
        /// The end of the latest usage snapshot the organisation has received, when known. Telemetry arrives after the
        /// period it measures: until this period's snapshots arrive, the usage and commercial windows end where the
        /// telemetry ends, so a refresh that runs before they arrive compares whole periods and does not read the
        /// missing period as "usage fell 100%" or as days of inactivity.
        /// </param>
        public SignalWindows(DateTime scoringDate, int usageDays, int supportDays, int emailDays, int commercialDays, int pipelineDays, DateTime? usageAsOf = null)
        {
            ScoringDate = DateTime.SpecifyKind(scoringDate, DateTimeKind.Utc);
            UsageEnd = usageAsOf != null && usageAsOf.Value < ScoringDate ? DateTime.SpecifyKind(usageAsOf.Value, DateTimeKind.Utc) : ScoringDate;
            UsageDays = Positive(usageDays, nameof(usageDays));
            SupportDays = Positive(supportDays, nameof(supportDays));
            EmailDays = Positive(emailDays, nameof(emailDays));
            CommercialDays = Positive(commercialDays, nameof(commercialDays));
            PipelineDays = Positive(pipelineDays, nameof(pipelineDays));
        }

        /// <summary>The windows of a policy for a scoring date.</summary>
        public static SignalWindows For(Policy policy, DateTime scoringDate, DateTime? usageAsOf = null)
        {
            if (policy == null) throw new ArgumentNullException(nameof(policy));
            var w = policy.Windows;
            return new SignalWindows(scoringDate, w.UsageDays, w.SupportDays, w.EmailDays, w.CommercialDays, w.PipelineDays, usageAsOf);
        }

        public DateTime ScoringDate { get; }

        /// <summary>Where the usage and commercial windows end: the scoring date, or the end of the latest telemetry when that is earlier.</summary>
        public DateTime UsageEnd { get; }
        public int UsageDays { get; }
        public int SupportDays { get; }
        public int EmailDays { get; }
        public int CommercialDays { get; }
        public int PipelineDays { get; }

        public Interval UsageCurrent => PeriodsEnding(UsageEnd, 0, UsageDays);
        public Interval UsagePrevious => PeriodsEnding(UsageEnd, 1, UsageDays);
        public Interval SupportCurrent => Current(ScoringDate, SupportDays);
        public Interval SupportPrevious => Previous(ScoringDate, SupportDays);
        public Interval EmailCurrent => Current(ScoringDate, EmailDays);
        public Interval CommercialCurrent => PeriodsEnding(UsageEnd, 0, CommercialDays);
        public Interval CommercialPrevious => PeriodsEnding(UsageEnd, 1, CommercialDays);
        public Interval Pipeline => Current(ScoringDate, PipelineDays);

        /// <summary>The earliest moment any usage snapshot window reaches back to.</summary>
        public DateTime SnapshotHorizon => UsageEnd.AddDays(-2 * Math.Max(UsageDays, CommercialDays));

        /// <summary>The earliest moment any case window reaches back to.</summary>
        public DateTime CaseHorizon => ScoringDate.AddDays(-2 * SupportDays);

        // A current window includes the scoring moment itself (to the second, FetchXML's precision): what happened
        // "now" counts now, not tomorrow.
        // Usage windows hold the snapshots whose period ENDS in (end - days, end]: a window of 30 days ending where the
        // telemetry ends holds that period and not the one that ended exactly 30 days before, which is the previous window's.
        // A period's end is a date-only column, and Dataverse compares such a column with a date, not a moment (a time in
        // the condition's value is dropped), so the bounds are whole days: (end - days, end] is [end - days + 1, end + 1).
        private static Interval PeriodsEnding(DateTime end, int windowsBack, int days) =>
            new Interval(end.Date.AddDays(-(windowsBack + 1) * days + 1), end.Date.AddDays(-windowsBack * days + 1));

        private static Interval Current(DateTime end, int days) => new Interval(end.AddDays(-days), end.AddSeconds(1));
        private static Interval Previous(DateTime end, int days) => new Interval(end.AddDays(-2 * days), end.AddDays(-days));

        private static int Positive(int days, string name)
        {
            if (days < 1)
            {
                throw new ArgumentOutOfRangeException(name, days, "A signal window must be at least one day.");
            }

            return days;
        }
    }
}
