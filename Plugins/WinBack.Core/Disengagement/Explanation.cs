using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace WinBack.Core.Disengagement
{
    /// <summary>Whether a reason is a concern (a signal at or past its threshold) or a signal that was not available.</summary>
    public enum ReasonKind
    {
        /// <summary>The signal reached its threshold; it adds points and flags its gap.</summary>
        Concern,
        /// <summary>The signal had no data; it was left out of the score (weights renormalised).</summary>
        NotAvailable,
    }

    /// <summary>One readable reason, e.g. "SLA breaches: 3 in the last 90 days (threshold 2)".</summary>
    public sealed class Reason
    {
        internal Reason(Signal signal, ReasonKind kind, double value, double severity, double points, string text)
            : this(signal, kind, value, severity, points, text, double.NaN)
        {
        }

        internal Reason(Signal signal, ReasonKind kind, double value, double severity, double points, string text, double standing)
        {
            Standing = standing;
            Signal = signal;
            Kind = kind;
            Value = value;
            Severity = severity;
            Points = points;
            Text = text;
        }

        public Signal Signal { get; }
        public Gap Gap => Signals.Info(Signal).Gap;
        public ReasonKind Kind { get; }
        /// <summary>The value the signal read (NaN when not available).</summary>
        public double Value { get; }
        /// <summary>Severity 0-1 (NaN when not available).</summary>
        public double Severity { get; }
        /// <summary>Points this signal adds to the score (0 when not available).</summary>
        public double Points { get; }
        /// <summary>The sentence shown to people.</summary>
        public string Text { get; }
        /// <summary>
        /// Where the value stands in the organisation: the share (0-100) of accounts it is worse than; NaN when the signal
        /// is not judged by standing. For a change-only metric <see cref="Value"/> is the change.
        /// </summary>
        public double Standing { get; }

        public override string ToString() => Text;
    }

    /// <summary>An account's score with the reasons behind it: concerns first (most points first), then what was not available.</summary>
    public sealed class Explanation
    {
        internal Explanation(ScoreResult result, IReadOnlyList<Reason> reasons)
        {
            Result = result;
            Reasons = reasons;
        }

        public ScoreResult Result { get; }
        public IReadOnlyList<Reason> Reasons { get; }

        /// <summary>The reasons, one per line ("\n"), as stored in wb_disengagementreasons.</summary>
        public string Text
        {
            get
            {
                var sb = new StringBuilder();
                for (int i = 0; i < Reasons.Count; i++)
                {
                    if (i > 0) sb.Append('\n');
                    sb.Append(Reasons[i].Text);
                }
                return sb.ToString();
            }
        }

        /// <summary>
        /// The reasons as <see cref="Text"/>, cut at whole lines to fit <paramref name="maxLength"/> characters (a
        /// Dataverse multiple-lines column has a maximum length), ending with "... and N more" when lines were left out.
        /// </summary>
        public string TextWithin(int maxLength)
        {
            if (maxLength < 0) throw new ArgumentOutOfRangeException(nameof(maxLength));
            string full = Text;
            if (full.Length <= maxLength) return full;
            var sb = new StringBuilder();
            for (int i = 0; i < Reasons.Count; i++)
            {
                string more = "... and " + (Reasons.Count - i).ToString(CultureInfo.InvariantCulture) + " more";
                string line = Reasons[i].Text;
                int needed = (sb.Length > 0 ? 1 : 0) + line.Length;
                int tail = 1 + ("... and " + (Reasons.Count - i - 1).ToString(CultureInfo.InvariantCulture) + " more").Length;
                bool last = i == Reasons.Count - 1;
                if (sb.Length + needed + (last ? 0 : tail) > maxLength)
                {
                    string end = (sb.Length > 0 ? "\n" : "") + more;
                    if (sb.Length + end.Length <= maxLength) sb.Append(end);
                    return sb.ToString();
                }
                if (sb.Length > 0) sb.Append('\n');
                sb.Append(line);
            }
            return sb.ToString();
        }

        /// <summary>The texts of the reasons of one kind.</summary>
        public IReadOnlyList<string> Lines(ReasonKind kind)
        {
            var list = new List<string>();
            foreach (var r in Reasons) if (r.Kind == kind) list.Add(r.Text);
            return list;
        }

        public override string ToString() => Text;
    }

    /// <summary>Builds the reason sentences. Only the explain path formats text.</summary>
    internal static class Reasons
    {
        private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

        public static Explanation Build(DisengagementScorer scorer, AccountSignals s, ScoreResult result)
        {
            var policy = scorer.Policy;
            var concerns = new List<Reason>();
            var missing = new List<Reason>();
            double available = 0;
            var values = new double[Signals.Count];
            var standings = new double[Signals.Count];
            var severities = new double[Signals.Count];
            for (int i = 0; i < Signals.Count; i++)
            {
                severities[i] = scorer.Evaluate(i, s, out values[i], out standings[i]);
                if (scorer.Weight(i) > 0 && !double.IsNaN(severities[i])) available += scorer.Weight(i);
            }
            for (int i = 0; i < Signals.Count; i++)
            {
                var signal = (Signal)i;
                double w = scorer.Weight(i);
                if (w <= 0) continue;
                double value = values[i];
                var info = Signals.Info(signal);
                double severity = severities[i];
                if (double.IsNaN(severity))
                {
                    // A signal judged against the organisation cannot be judged without one: that is not missing data.
                    if (scorer.Population == null && scorer.IsShare(i)) continue;
                    missing.Add(new Reason(signal, ReasonKind.NotAvailable, double.NaN, double.NaN, 0, info.Label + " not available"));
                    continue;
                }
                if (severity < 0.5) continue;
                double points = available > 0 ? 100.0 * w * severity / available : 0;
                string text = scorer.IsChangeOnly(i, s)
                    ? ChangeOnlySentence(signal, value, standings[i], policy, scorer.IsShare(i))
                    : Sentence(signal, value, s, policy, standings[i]);
                concerns.Add(new Reason(signal, ReasonKind.Concern, value, severity, points, text, standings[i]));
            }
            // Most points first; the sort is stable on signal order for equal points.
            var ordered = new List<KeyValuePair<int, Reason>>();
            for (int i = 0; i < concerns.Count; i++) ordered.Add(new KeyValuePair<int, Reason>(i, concerns[i]));
            ordered.Sort((a, b) =>
            {
                int c = b.Value.Points.CompareTo(a.Value.Points);
                return c != 0 ? c : a.Key.CompareTo(b.Key);
            });
            var all = new List<Reason>(concerns.Count + missing.Count);
            foreach (var pair in ordered) all.Add(pair.Value);
            all.AddRange(missing);
            return new Explanation(result, all);
        }

        /// <summary>"Logins fell by 16 in the last 30 days, more than 90% of accounts (threshold: the steepest 20%)".</summary>
        private static string ChangeOnlySentence(Signal signal, double change, double standing, Policy policy, bool share)
        {
            var info = Signals.Info(signal);
            int days = policy.Windows.Days(info.Window);
            double threshold = share ? ThresholdOf(policy[signal], info, true) : policy.ChangeOnly.Threshold;
            return MetricNames.Label(info.Metric) + " fell by " + N(-change) + (days > 0 ? " in the last " + days.ToString(Inv) + " days" : "")
                + ", more than " + Pct(Math.Min(standing, 99)) + " of accounts (threshold: the steepest " + Pct(100 - threshold) + ")";
        }

        /// <summary>Where a shape first reaches severity 0.5, else the ramp's threshold.</summary>
        private static double ThresholdOf(SignalSettings settings, SignalInfo info, bool share)
        {
            if (settings.Shape == null) return settings.Threshold;
            double x = settings.Shape.Crossing(0.5, info.LowerIsWorse && !share);
            return double.IsNaN(x) || double.IsInfinity(x) ? settings.Threshold : x;
        }

        /// <summary>", lower than 92% of accounts (threshold: the lowest 20%)" for a signal judged by standing.</summary>
        private static string StandingText(SignalInfo info, SignalSettings settings, double standing)
        {
            string worse = info.LowerIsWorse ? "lower than " : info.Kind == SignalKind.PercentDecline ? "steeper than " : "higher than ";
            string end = info.LowerIsWorse ? "lowest " : info.Kind == SignalKind.PercentDecline ? "steepest " : "highest ";
            return ", " + worse + Pct(Math.Min(standing, 99)) + " of accounts (threshold: the " + end + Pct(100 - ThresholdOf(settings, info, true)) + ")";
        }

        private static string Sentence(Signal signal, double value, AccountSignals s, Policy policy, double standing)
        {
            var info = Signals.Info(signal);
            var settings = policy[signal];
            if (settings.Scale == SignalScale.Share && !double.IsNaN(standing))
            {
                // Value first, then where it stands: the organisation's units are the organisation's own.
                string basis = Sentence(signal, value, s, policy, double.NaN);
                int cut = basis.LastIndexOf(" (threshold", StringComparison.Ordinal);
                if (cut > 0) basis = basis.Substring(0, cut);
                return basis + StandingText(info, settings, standing);
            }
            int days = policy.Windows.Days(info.Window);
            string t = N(ThresholdOf(settings, info, false));
            string window = days > 0 ? " in the last " + days.ToString(Inv) + " days" : "";
            string against = days > 0 ? " in the last " + days.ToString(Inv) + " days against the " + days.ToString(Inv) + " before" : "";
            switch (signal)
            {
                case Signal.LoginsDecline:
                case Signal.ActiveUsersDecline:
                case Signal.UsageDecline:
                case Signal.SpendDecline:
                    return MetricNames.Label(info.Metric) + " fell " + Pct(value) + " (" + N(s.Previous(info.Metric)) + " to " + N(s.Current(info.Metric)) + ")"
                        + against + " (threshold " + t + "%)";
                case Signal.Inactivity:
                    return "No activity for " + N(value) + " days (threshold " + t + " days)";
                case Signal.ShortTenure:
                    return "Customer for " + Months(value) + " (threshold " + t + " months or less)";
                case Signal.LowLogins:
                case Signal.LowActiveUsers:
                case Signal.LowUsage:
                case Signal.LowSpend:
                    return MetricNames.Label(info.Metric) + ": " + N(value) + window + " (threshold " + t + " or less)";
                case Signal.HighSpend:
                    return MetricNames.Label(info.Metric) + ": " + N(value) + window + " (threshold " + t + " or more)";
                case Signal.SilentDecline:
                {
                    double fall = DisengagementScorer.SteepestUsageFall(s, out var which);
                    double cases = s.Current(Metric.Cases), previousCases = s.Previous(Metric.Cases);
                    string quiet = !double.IsNaN(cases) && cases <= 0 ? "no cases opened"
                        : !double.IsNaN(previousCases) && !double.IsNaN(cases) && cases < previousCases ? "cases fell from " + N(previousCases) + " to " + N(cases)
                        : !double.IsNaN(cases) ? "cases did not rise (" + N(cases) + ")"
                        : "cases did not rise";
                    return "Went quiet: " + quiet + " while " + MetricNames.Label(which).ToLowerInvariant() + " fell " + Pct(fall)
                        + " (" + N(s.Previous(which)) + " to " + N(s.Current(which)) + ")" + against + " (threshold " + t + "%)";
                }
                case Signal.LowSatisfaction:
                    return "Satisfaction " + N(value) + " of 100" + window + " (threshold " + t + " or below)";
                case Signal.SatisfactionDrop:
                {
                    double before = s.Previous(Metric.Satisfaction), now = s.Current(Metric.Satisfaction);
                    string detail = !double.IsNaN(before) && !double.IsNaN(now) ? " (" + N(before) + " to " + N(now) + ")" : "";
                    return "Satisfaction fell " + N(value) + " points" + detail + against + " (threshold " + t + " points)";
                }
                case Signal.CaseSeverity:
                    return "Mean case priority " + N(value) + " of 4" + window + " (threshold " + t + ")";
                case Signal.ChampionLeft:
                    return "Champion left: the primary contact is no longer active";
                case Signal.LowEmailOpenRate:
                    return "Emails opened: " + N(s.Current(Metric.EmailsOpened)) + " of " + N(s.Current(Metric.EmailsSent)) + " (" + Pct(value) + ")"
                        + window + " (threshold " + t + "% or below)";
                case Signal.NoOpenPipeline:
                    return "Open opportunities: " + N(value) + " (threshold " + t + ")";
                case Signal.RenewalSoon:
                    return "Renewal in " + Months(value) + " (threshold " + t + " months)";
                case Signal.LostOpportunities:
                {
                    double won = s.Current(Metric.WonOpportunities);
                    return "Lost opportunities: " + N(value) + window + (double.IsNaN(won) ? "" : ", won " + N(won)) + " (threshold " + t + ")";
                }
                default:
                    // Counts: SLA breaches, reopened cases, complaints, service failures, downgrades.
                    return MetricNames.Label(info.Metric) + ": " + N(value) + window + " (threshold " + t + ")";
            }
        }

        /// <summary>Whole numbers as such, others with one decimal.</summary>
        internal static string N(double v)
        {
            if (double.IsNaN(v)) return "?";
            double r = Math.Round(v, 1, MidpointRounding.AwayFromZero);
            return r.ToString("0.#", Inv);
        }

        private static string Months(double v) => N(v) + (N(v) == "1" ? " month" : " months");

        private static string Pct(double v) => Math.Round(v, 0, MidpointRounding.AwayFromZero).ToString("0", Inv) + "%";
    }
}
