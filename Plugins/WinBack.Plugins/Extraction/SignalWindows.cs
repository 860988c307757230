using System;

namespace WinBack.Plugins.Extraction
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
        public SignalWindows(DateTime scoringDate, int usageDays, int supportDays, int emailDays, int commercialDays, int pipelineDays)
        {
            ScoringDate = DateTime.SpecifyKind(scoringDate, DateTimeKind.Utc);
            UsageDays = Positive(usageDays, nameof(usageDays));
            SupportDays = Positive(supportDays, nameof(supportDays));
            EmailDays = Positive(emailDays, nameof(emailDays));
            CommercialDays = Positive(commercialDays, nameof(commercialDays));
            PipelineDays = Positive(pipelineDays, nameof(pipelineDays));
        }

        public DateTime ScoringDate { get; }
        public int UsageDays { get; }
        public int SupportDays { get; }
        public int EmailDays { get; }
        public int CommercialDays { get; }
        public int PipelineDays { get; }

        public Interval UsageCurrent => Current(UsageDays);
        public Interval UsagePrevious => Previous(UsageDays);
        public Interval SupportCurrent => Current(SupportDays);
        public Interval SupportPrevious => Previous(SupportDays);
        public Interval EmailCurrent => Current(EmailDays);
        public Interval CommercialCurrent => Current(CommercialDays);
        public Interval CommercialPrevious => Previous(CommercialDays);
        public Interval Pipeline => Current(PipelineDays);

        /// <summary>The earliest moment any usage snapshot window reaches back to.</summary>
        public DateTime SnapshotHorizon => ScoringDate.AddDays(-2 * Math.Max(UsageDays, CommercialDays));

        /// <summary>The earliest moment any case window reaches back to.</summary>
        public DateTime CaseHorizon => ScoringDate.AddDays(-2 * SupportDays);

        // A current window includes the scoring moment itself (to the second, FetchXML's precision): what happened
        // "now" counts now, not tomorrow.
        private Interval Current(int days) => new Interval(ScoringDate.AddDays(-days), ScoringDate.AddSeconds(1));
        private Interval Previous(int days) => new Interval(ScoringDate.AddDays(-2 * days), ScoringDate.AddDays(-days));

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
