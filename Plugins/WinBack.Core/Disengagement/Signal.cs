using System;

namespace WinBack.Core.Disengagement
{
    /// <summary>
    /// A scoring signal: one rule that reads one or more <see cref="Metric"/>s, belongs to one <see cref="Gap"/>,
    /// and turns what it reads into a severity between 0 and 1 using the policy's start, threshold and full.
    /// The JSON names are the camelCase enum names (e.g. "slaBreaches").
    /// </summary>
    public enum Signal
    {
        // value
        LoginsDecline = 0,
        ActiveUsersDecline,
        UsageDecline,
        Inactivity,
        SpendDecline,
        Downgrades,
        ShortTenure,
        LowLogins,
        LowActiveUsers,
        LowUsage,
        LowSpend,
        // trust
        SlaBreaches,
        ReopenedCases,
        Complaints,
        SilentDecline,
        // experience
        ServiceFailures,
        LowSatisfaction,
        SatisfactionDrop,
        CaseSeverity,
        // growth
        ChampionLeft,
        LowEmailOpenRate,
        LostOpportunities,
        NoOpenPipeline,
        RenewalSoon,
        // value (added after the first release; the enum's numbers never change)
        HighSpend,
    }

    /// <summary>How a signal reads its metrics.</summary>
    public enum SignalKind
    {
        /// <summary>The metric's current level.</summary>
        Level,
        /// <summary>The percentage fall of the metric against the previous window: (previous - current) / previous x 100.</summary>
        PercentDecline,
        /// <summary>The fall in points: previous - current (minus the change).</summary>
        PointDrop,
        /// <summary>
        /// Going quiet: the steepest percentage fall of logins, active users or usage, counted only when cases did not
        /// rise (or there were none). Cases never add to it; more cases can only take it away.
        /// </summary>
        SilentDecline,
        /// <summary>Emails opened as a percentage of emails sent (needs at least one sent).</summary>
        OpenRate,
    }

    /// <summary>Which policy window a signal's metrics are measured over.</summary>
    public enum SignalWindow { None, Usage, Support, Email, Commercial, Pipeline }

    /// <summary>The fixed facts about one signal: its gap, what it reads, its direction and its default settings.</summary>
    public sealed class SignalInfo
    {
        internal SignalInfo(Signal signal, string name, string label, Gap gap, SignalKind kind, Metric metric,
            bool lowerIsWorse, SignalWindow window, double min, double max, SignalSettings defaults)
        {
            Signal = signal;
            Name = name;
            Label = label;
            Gap = gap;
            Kind = kind;
            Metric = metric;
            LowerIsWorse = lowerIsWorse;
            Window = window;
            Min = min;
            Max = max;
            Defaults = defaults;
        }

        public Signal Signal { get; }
        /// <summary>The JSON name, e.g. "slaBreaches".</summary>
        public string Name { get; }
        /// <summary>What reasons call it when it is not available, e.g. "Satisfaction".</summary>
        public string Label { get; }
        public Gap Gap { get; }
        public SignalKind Kind { get; }
        /// <summary>The metric it reads (for <see cref="SignalKind.SilentDecline"/>: cases; for <see cref="SignalKind.OpenRate"/>: emails opened).</summary>
        public Metric Metric { get; }
        /// <summary>True when a lower value is worse (satisfaction, open rate, tenure...): then start &gt;= threshold &gt;= full.</summary>
        public bool LowerIsWorse { get; }
        public SignalWindow Window { get; }
        /// <summary>Smallest value allowed for start, threshold and full.</summary>
        public double Min { get; }
        /// <summary>Largest value allowed for start, threshold and full.</summary>
        public double Max { get; }
        /// <summary>The default policy's settings.</summary>
        public SignalSettings Defaults { get; }
    }

    /// <summary>The catalogue of signals.</summary>
    public static class Signals
    {
        /// <summary>Number of signals; arrays indexed by signal have this length.</summary>
        public const int Count = 25;

        private const double Big = 1e9;

        private static readonly SignalInfo[] Infos =
        {
            // Value: what they get no longer matches what they give.
            I(Signal.LoginsDecline, "loginsDecline", "Logins change", Gap.Value, SignalKind.PercentDecline, Metric.Logins, false, SignalWindow.Usage, 0, 100, 6, 10, 25, 50),
            I(Signal.ActiveUsersDecline, "activeUsersDecline", "Active users change", Gap.Value, SignalKind.PercentDecline, Metric.ActiveUsers, false, SignalWindow.Usage, 0, 100, 4, 10, 20, 40),
            I(Signal.UsageDecline, "usageDecline", "Usage change", Gap.Value, SignalKind.PercentDecline, Metric.Usage, false, SignalWindow.Usage, 0, 100, 4, 10, 25, 50),
            I(Signal.Inactivity, "inactivity", "Days since last activity", Gap.Value, SignalKind.Level, Metric.DaysSinceLastActivity, false, SignalWindow.None, 0, 3650, 7, 7, 14, 30),
            I(Signal.SpendDecline, "spendDecline", "Spend change", Gap.Value, SignalKind.PercentDecline, Metric.Spend, false, SignalWindow.Commercial, 0, 100, 3, 5, 10, 30),
            I(Signal.Downgrades, "downgrades", "Downgrades", Gap.Value, SignalKind.Level, Metric.Downgrades, false, SignalWindow.Commercial, 0, Big, 2, 0, 1, 2),
            I(Signal.ShortTenure, "shortTenure", "Tenure", Gap.Value, SignalKind.Level, Metric.TenureMonths, true, SignalWindow.None, 0, 1200, 3, 24, 12, 3),
            S(Signal.LowLogins, "lowLogins", "Logins", Gap.Value, SignalKind.Level, Metric.Logins, true, SignalWindow.Usage, 0, Big, 2, 50, 80, 95),
            S(Signal.LowActiveUsers, "lowActiveUsers", "Active users", Gap.Value, SignalKind.Level, Metric.ActiveUsers, true, SignalWindow.Usage, 0, Big, 2, 50, 80, 95),
            S(Signal.LowUsage, "lowUsage", "Usage", Gap.Value, SignalKind.Level, Metric.Usage, true, SignalWindow.Usage, 0, Big, 2, 50, 80, 95),
            S(Signal.LowSpend, "lowSpend", "Spend", Gap.Value, SignalKind.Level, Metric.Spend, true, SignalWindow.Commercial, 0, Big, 0, 50, 80, 95),
            // Trust: commitments broken.
            I(Signal.SlaBreaches, "slaBreaches", "SLA breaches", Gap.Trust, SignalKind.Level, Metric.SlaBreaches, false, SignalWindow.Support, 0, Big, 8, 0, 2, 4),
            I(Signal.ReopenedCases, "reopenedCases", "Reopened cases", Gap.Trust, SignalKind.Level, Metric.ReopenedCases, false, SignalWindow.Support, 0, Big, 4, 0, 1, 3),
            I(Signal.Complaints, "complaints", "Complaints", Gap.Trust, SignalKind.Level, Metric.Complaints, false, SignalWindow.Support, 0, Big, 6, 0, 1, 2),
            I(Signal.SilentDecline, "silentDecline", "Cases with usage change", Gap.Trust, SignalKind.SilentDecline, Metric.Cases, false, SignalWindow.Usage, 0, 100, 7, 10, 25, 50),
            // Experience: treatment contradicts what was promised.
            I(Signal.ServiceFailures, "serviceFailures", "Service failures", Gap.Experience, SignalKind.Level, Metric.ServiceFailures, false, SignalWindow.Support, 0, Big, 5, 0, 2, 5),
            I(Signal.LowSatisfaction, "lowSatisfaction", "Satisfaction", Gap.Experience, SignalKind.Level, Metric.Satisfaction, true, SignalWindow.Support, 0, 100, 7, 80, 70, 50),
            I(Signal.SatisfactionDrop, "satisfactionDrop", "Satisfaction change", Gap.Experience, SignalKind.PointDrop, Metric.Satisfaction, false, SignalWindow.Support, 0, 100, 4, 0, 10, 20),
            I(Signal.CaseSeverity, "caseSeverity", "Mean case priority", Gap.Experience, SignalKind.Level, Metric.Severity, false, SignalWindow.Support, 0, 4, 4, 2, 3, 4),
            // Growth: no future visible.
            I(Signal.ChampionLeft, "championLeft", "Champion status", Gap.Growth, SignalKind.Level, Metric.ChampionLeft, false, SignalWindow.None, 0, 1, 7, 0, 1, 1),
            I(Signal.LowEmailOpenRate, "lowEmailOpenRate", "Email open rate", Gap.Growth, SignalKind.OpenRate, Metric.EmailsOpened, true, SignalWindow.Email, 0, 100, 4, 30, 20, 5),
            I(Signal.LostOpportunities, "lostOpportunities", "Lost opportunities", Gap.Growth, SignalKind.Level, Metric.LostOpportunities, false, SignalWindow.Pipeline, 0, Big, 4, 0, 1, 3),
            I(Signal.NoOpenPipeline, "noOpenPipeline", "Open opportunities", Gap.Growth, SignalKind.Level, Metric.OpenOpportunities, true, SignalWindow.None, 0, Big, 2, 1, 0, 0),
            I(Signal.RenewalSoon, "renewalSoon", "Months to renewal", Gap.Growth, SignalKind.Level, Metric.MonthsToRenewal, true, SignalWindow.None, 0, 1200, 3, 6, 3, 1),
            // Value again: paying more than most accounts raises what the product must give back. Off by default (no
            // general evidence); `winback calibrate` turns it on where an organisation's history shows it.
            S(Signal.HighSpend, "highSpend", "Spend level", Gap.Value, SignalKind.Level, Metric.Spend, false, SignalWindow.Commercial, 0, Big, 0, 50, 80, 95),
        };

        // A signal whose default thresholds are shares of the organisation's accounts (SignalScale.Share): absolute
        // levels of usage or spend mean something only inside one organisation.
        private static SignalInfo S(Signal s, string name, string label, Gap gap, SignalKind kind, Metric metric, bool lowerIsWorse,
            SignalWindow window, double min, double max, double weight, double start, double threshold, double full)
            => I(s, name, label, gap, kind, metric, lowerIsWorse, window, min, max, weight, start, threshold, full, SignalScale.Share);

        private static SignalInfo I(Signal s, string name, string label, Gap gap, SignalKind kind, Metric metric, bool lowerIsWorse,
            SignalWindow window, double min, double max, double weight, double start, double threshold, double full, SignalScale scale = SignalScale.Value)
            => new SignalInfo(s, name, label, gap, kind, metric, lowerIsWorse, window, min, max, new SignalSettings(weight, start, threshold, full, scale, null));

        /// <summary>The facts about a signal.</summary>
        public static SignalInfo Info(Signal signal)
        {
            int i = (int)signal;
            if ((uint)i >= Count) throw new ArgumentOutOfRangeException(nameof(signal), signal, "Unknown signal.");
            return Infos[i];
        }

        /// <summary>All signals in enum order.</summary>
        public static Signal[] All()
        {
            var all = new Signal[Count];
            for (int i = 0; i < Count; i++) all[i] = (Signal)i;
            return all;
        }

        /// <summary>The JSON name, e.g. "slaBreaches".</summary>
        public static string Name(Signal signal) => Info(signal).Name;

        /// <summary>Finds a signal by its JSON name (ordinal, case-sensitive as JSON is).</summary>
        public static bool TryParse(string name, out Signal signal)
        {
            for (int i = 0; i < Count; i++)
            {
                if (string.Equals(Infos[i].Name, name, StringComparison.Ordinal)) { signal = (Signal)i; return true; }
            }
            signal = default;
            return false;
        }

        /// <summary>All JSON names, comma separated, for error messages.</summary>
        public static string NameList()
        {
            var names = new string[Count];
            for (int i = 0; i < Count; i++) names[i] = Infos[i].Name;
            return string.Join(", ", names);
        }
    }
}
