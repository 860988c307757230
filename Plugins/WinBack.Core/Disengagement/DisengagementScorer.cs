using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace WinBack.Core.Disengagement
{
    /// <summary>
    /// Scores accounts under one <see cref="Policy"/>: signals in, score, band, gap flags and gap points out.
    /// <para>
    /// Each available signal with a weight above 0 adds weight x severity; the score is 100 x that sum divided by
    /// the weights of the AVAILABLE signals, so a missing signal is never held against an account (weights
    /// renormalise). A gap is flagged when one of its own signals reaches its threshold (severity 0.5), unless that signal is
    /// a standing fact (<see cref="GapEvidence"/>).
    /// </para>
    /// <para>
    /// <see cref="Score"/> is pure arithmetic: no allocation, no strings, no LINQ; the instance is immutable and safe to
    /// share across threads. Texts are made only by <see cref="Explain(AccountSignals)"/>.
    /// </para>
    /// </summary>
    /// <example>
    /// <code>
    /// var scorer = new DisengagementScorer(policy);
    /// ScoreResult result = scorer.Score(signals);
    /// Explanation why = scorer.Explain(signals);   // why.Text: one reason per line
    /// </code>
    /// </example>
    public sealed class DisengagementScorer
    {
        private readonly double[] _weight = new double[Signals.Count];
        private readonly double[] _start = new double[Signals.Count];
        private readonly double[] _threshold = new double[Signals.Count];
        private readonly double[] _full = new double[Signals.Count];
        private readonly int[] _gap = new int[Signals.Count];
        private readonly int[] _kind = new int[Signals.Count];
        private readonly int[] _metric = new int[Signals.Count];
        private readonly bool[] _lowerIsWorse = new bool[Signals.Count];
        private readonly bool[] _flagsGap = new bool[Signals.Count];
        private readonly bool[] _share = new bool[Signals.Count];
        private readonly ShapeFunction?[] _shape = new ShapeFunction?[Signals.Count];
        private readonly double _watch, _atRisk, _disengaged, _totalWeight;
        private readonly double _changeStart, _changeThreshold, _changeFull;
        private readonly PopulationDistribution? _population;

        /// <summary>Prepares a scorer for the policy (the policy is always valid).</summary>
        public DisengagementScorer(Policy policy) : this(policy, null)
        {
        }

        /// <summary>
        /// Prepares a scorer for the policy and the organisation's <paramref name="population"/>: signals stated as a
        /// share of accounts read their standing there, and a metric given only as a change is judged against the
        /// population's changes. Without a population those are not available (and not named as missing).
        /// </summary>
        public DisengagementScorer(Policy policy, PopulationDistribution? population)
        {
            Policy = policy ?? throw new ArgumentNullException(nameof(policy));
            _population = population;
            _changeStart = policy.ChangeOnly.Start;
            _changeThreshold = policy.ChangeOnly.Threshold;
            _changeFull = policy.ChangeOnly.Full;
            for (int i = 0; i < Signals.Count; i++)
            {
                var info = Signals.Info((Signal)i);
                var s = policy[(Signal)i];
                _weight[i] = s.Weight;
                _totalWeight += s.Weight;
                // Lower-is-worse signals are negated once here, so one rising ramp serves every signal. A standing
                // (share scale) always rises.
                _share[i] = s.Scale == SignalScale.Share;
                _shape[i] = s.Shape;
                double sign = info.LowerIsWorse && !_share[i] ? -1 : 1;
                _start[i] = sign * s.Start;
                _threshold[i] = sign * s.Threshold;
                _full[i] = sign * s.Full;
                _lowerIsWorse[i] = info.LowerIsWorse;
                _flagsGap[i] = !GapEvidence.IsStandingFact((Signal)i);
                _gap[i] = (int)info.Gap;
                _kind[i] = (int)info.Kind;
                _metric[i] = (int)info.Metric;
            }
            _watch = policy.Bands.Watch;
            _atRisk = policy.Bands.AtRisk;
            _disengaged = policy.Bands.Disengaged;
        }

        /// <summary>The policy this scorer applies.</summary>
        public Policy Policy { get; }

        /// <summary>The organisation's distribution the scorer judges standings against; null when none was given.</summary>
        public PopulationDistribution? Population => _population;

        /// <summary>Scores one account. Never throws for missing values; never allocates.</summary>
        public ScoreResult Score(AccountSignals signals)
        {
            if (signals == null) throw new ArgumentNullException(nameof(signals));
            double[] c = signals.CurrentValues, p = signals.PreviousValues, d = signals.ChangeValues;
            var a = new Accumulator();

            // Straight-line evaluation in catalogue order (the generic RawValue path gives the same values; a test
            // holds them equal). Usage declines are computed once and reused by silentDecline.
            double logins = Decline(c, p, d, (int)Metric.Logins);
            double users = Decline(c, p, d, (int)Metric.ActiveUsers);
            double usage = Decline(c, p, d, (int)Metric.Usage);
            AddDecline(ref a, (int)Signal.LoginsDecline, logins, d, (int)Metric.Logins);
            AddDecline(ref a, (int)Signal.ActiveUsersDecline, users, d, (int)Metric.ActiveUsers);
            AddDecline(ref a, (int)Signal.UsageDecline, usage, d, (int)Metric.Usage);
            Add(ref a, (int)Signal.Inactivity, Cur(c, p, d, (int)Metric.DaysSinceLastActivity));
            AddDecline(ref a, (int)Signal.SpendDecline, Decline(c, p, d, (int)Metric.Spend), d, (int)Metric.Spend);
            Add(ref a, (int)Signal.Downgrades, Cur(c, p, d, (int)Metric.Downgrades));
            Add(ref a, (int)Signal.ShortTenure, Cur(c, p, d, (int)Metric.TenureMonths));
            Add(ref a, (int)Signal.LowLogins, Cur(c, p, d, (int)Metric.Logins));
            Add(ref a, (int)Signal.LowActiveUsers, Cur(c, p, d, (int)Metric.ActiveUsers));
            Add(ref a, (int)Signal.LowUsage, Cur(c, p, d, (int)Metric.Usage));
            Add(ref a, (int)Signal.LowSpend, Cur(c, p, d, (int)Metric.Spend));
            Add(ref a, (int)Signal.SlaBreaches, Cur(c, p, d, (int)Metric.SlaBreaches));
            Add(ref a, (int)Signal.ReopenedCases, Cur(c, p, d, (int)Metric.ReopenedCases));
            Add(ref a, (int)Signal.Complaints, Cur(c, p, d, (int)Metric.Complaints));
            Add(ref a, (int)Signal.SilentDecline, Silent(c, p, d, logins, users, usage));
            Add(ref a, (int)Signal.ServiceFailures, Cur(c, p, d, (int)Metric.ServiceFailures));
            Add(ref a, (int)Signal.LowSatisfaction, Cur(c, p, d, (int)Metric.Satisfaction));
            Add(ref a, (int)Signal.SatisfactionDrop, -Chg(c, p, d, (int)Metric.Satisfaction));
            Add(ref a, (int)Signal.CaseSeverity, Cur(c, p, d, (int)Metric.Severity));
            Add(ref a, (int)Signal.ChampionLeft, Cur(c, p, d, (int)Metric.ChampionLeft));
            Add(ref a, (int)Signal.LowEmailOpenRate, Rate(Cur(c, p, d, (int)Metric.EmailsOpened), Cur(c, p, d, (int)Metric.EmailsSent)));
            Add(ref a, (int)Signal.LostOpportunities, Cur(c, p, d, (int)Metric.LostOpportunities));
            Add(ref a, (int)Signal.NoOpenPipeline, Cur(c, p, d, (int)Metric.OpenOpportunities));
            Add(ref a, (int)Signal.RenewalSoon, Cur(c, p, d, (int)Metric.MonthsToRenewal));
            Add(ref a, (int)Signal.HighSpend, Cur(c, p, d, (int)Metric.Spend));

            if (a.Count == 0) return new ScoreResult(0, RiskBand.Healthy, GapFlags.None, 0, 0, 0, 0, 0, 0);
            double scale = 100.0 / a.Available;
            double v0 = a.V0 * scale, v1 = a.V1 * scale, v2 = a.V2 * scale, v3 = a.V3 * scale;
            double score = v0 + v1 + v2 + v3;
            if (score > 100) score = 100;
            double rounded = Math.Floor(score + 0.5);
            var band = rounded >= _disengaged ? RiskBand.Disengaged
                : rounded >= _atRisk ? RiskBand.AtRisk
                : rounded >= _watch ? RiskBand.Watch
                : RiskBand.Healthy;
            return new ScoreResult(score, band, (GapFlags)a.Flags, v0, v1, v2, v3, a.Available / _totalWeight, a.Count);
        }

        // The gap of each signal, by index (the catalogue is fixed).
        private static readonly int[] GapOf = BuildGaps();

        private static int[] BuildGaps()
        {
            var g = new int[Signals.Count];
            for (int i = 0; i < g.Length; i++) g[i] = (int)Signals.Info((Signal)i).Gap;
            return g;
        }

        private struct Accumulator
        {
            public double Available, V0, V1, V2, V3;
            public int Flags, Count;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Add(ref Accumulator a, int i, double value)
        {
            double w = _weight[i];
            if (!(w > 0) || double.IsNaN(value)) return;
            double severity = SeverityOf(i, value);
            if (double.IsNaN(severity)) return;
            Accumulate(ref a, i, w, severity);
        }

        /// <summary>A decline signal: its percentage fall, or, when the metric came only as a change, the fall's standing.</summary>
        private void AddDecline(ref Accumulator a, int i, double decline, double[] d, int metric)
        {
            double w = _weight[i];
            if (!(w > 0)) return;
            double severity = double.IsNaN(decline) ? ChangeOnlySeverity(i, d[metric], metric) : SeverityOf(i, decline);
            if (double.IsNaN(severity)) return;
            Accumulate(ref a, i, w, severity);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Accumulate(ref Accumulator a, int i, double w, double severity)
        {
            a.Available += w;
            a.Count++;
            double points = w * severity;
            int gap = GapOf[i];
            switch (gap)
            {
                case 0: a.V0 += points; break;
                case 1: a.V1 += points; break;
                case 2: a.V2 += points; break;
                default: a.V3 += points; break;
            }
            if (severity >= 0.5 && _flagsGap[i]) a.Flags |= 1 << gap;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static double Cur(double[] c, double[] p, double[] d, int m)
        {
            double v = c[m];
            return double.IsNaN(v) ? p[m] + d[m] : v;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static double Chg(double[] c, double[] p, double[] d, int m)
        {
            double v = d[m];
            return double.IsNaN(v) ? c[m] - p[m] : v;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static double Decline(double[] c, double[] p, double[] d, int m)
        {
            double current = c[m], previous = p[m];
            if (double.IsNaN(current)) current = previous + d[m];
            if (double.IsNaN(previous)) previous = current - d[m];
            if (double.IsNaN(current) || double.IsNaN(previous)) return double.NaN;
            if (previous <= 0) return 0;
            double decline = (previous - current) / previous * 100.0;
            return decline > 100 ? 100 : decline;
        }

        private static double Silent(double[] c, double[] p, double[] d, double logins, double users, double usage)
        {
            double fall = logins;
            if (!double.IsNaN(users) && !(users <= fall)) fall = users;
            if (!double.IsNaN(usage) && !(usage <= fall)) fall = usage;
            if (double.IsNaN(fall)) return double.NaN;
            double change = Chg(c, p, d, (int)Metric.Cases);
            bool quiet;
            if (!double.IsNaN(change)) quiet = change <= 0;
            else
            {
                double cases = Cur(c, p, d, (int)Metric.Cases);
                if (double.IsNaN(cases)) return double.NaN;
                quiet = cases <= 0;
            }
            return quiet ? fall : 0;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static double Rate(double opened, double sent)
        {
            if (double.IsNaN(sent) || double.IsNaN(opened) || !(sent > 0)) return double.NaN;
            if (opened < 0) opened = 0;
            return opened >= sent ? 100 : opened / sent * 100.0;
        }

        /// <summary>
        /// Scores many accounts into <paramref name="results"/> (same index). The allocation-free path the bulk
        /// recalculation and the benchmark use.
        /// </summary>
        public void ScoreBatch(IReadOnlyList<AccountSignals> accounts, ScoreResult[] results)
        {
            if (accounts == null) throw new ArgumentNullException(nameof(accounts));
            if (results == null) throw new ArgumentNullException(nameof(results));
            if (results.Length < accounts.Count) throw new ArgumentException("results must have room for every account.", nameof(results));
            for (int i = 0; i < accounts.Count; i++) results[i] = Score(accounts[i]);
        }

        /// <summary>Array overload of <see cref="ScoreBatch(IReadOnlyList{AccountSignals}, ScoreResult[])"/> (no interface dispatch).</summary>
        public void ScoreBatch(AccountSignals[] accounts, ScoreResult[] results)
        {
            if (accounts == null) throw new ArgumentNullException(nameof(accounts));
            if (results == null) throw new ArgumentNullException(nameof(results));
            if (results.Length < accounts.Length) throw new ArgumentException("results must have room for every account.", nameof(results));
            for (int i = 0; i < accounts.Length; i++) results[i] = Score(accounts[i]);
        }

        /// <summary>
        /// Fills <paramref name="severities"/> (length <see cref="Signals.Count"/>) with every signal's severity 0-1,
        /// NaN where the signal is not available. Weights are ignored (disabled signals are measured too):
        /// calibration fits weights on these.
        /// </summary>
        public void Severities(AccountSignals signals, double[] severities)
        {
            if (signals == null) throw new ArgumentNullException(nameof(signals));
            if (severities == null || severities.Length < Signals.Count) throw new ArgumentException("severities needs one slot per signal.", nameof(severities));
            for (int i = 0; i < Signals.Count; i++) severities[i] = Evaluate(i, signals, out _, out _);
        }

        /// <summary>
        /// Fills <paramref name="inputs"/> (length <see cref="Signals.Count"/>) with the input each signal's ramp or
        /// shape reads: the signal's value, or its standing (0-100) when it is judged against the population (share
        /// scale, or a change-only metric); NaN where the signal is not available. Calibration fits shapes on these.
        /// </summary>
        public void Inputs(AccountSignals signals, double[] inputs)
        {
            if (signals == null) throw new ArgumentNullException(nameof(signals));
            if (inputs == null || inputs.Length < Signals.Count) throw new ArgumentException("inputs needs one slot per signal.", nameof(inputs));
            for (int i = 0; i < Signals.Count; i++)
            {
                double severity = Evaluate(i, signals, out double value, out double standing);
                if (double.IsNaN(severity)) { inputs[i] = double.NaN; continue; }
                if (!double.IsNaN(standing))
                {
                    // A change-only rise stands nowhere (it is no fall), as the scorer reads it.
                    inputs[i] = IsChangeOnly(i, signals) && !(value < 0) ? 0 : standing;
                }
                else inputs[i] = value;
            }
        }

        /// <summary>The value a signal reads before the ramp (e.g. the percentage fall), NaN when not available.</summary>
        public static double SignalValue(Signal signal, AccountSignals signals)
        {
            var info = Signals.Info(signal);
            return RawValue(signals, (int)info.Kind, (int)info.Metric);
        }

        /// <summary>Explains one account: its score and readable reasons. Allocates; use it for display, not for bulk.</summary>
        public Explanation Explain(AccountSignals signals) => Explain(signals, Score(signals));

        /// <summary>Explains an account already scored by this scorer.</summary>
        public Explanation Explain(AccountSignals signals, ScoreResult result) => Reasons.Build(this, signals, result);

        internal double Weight(int i) => _weight[i];

        internal double TotalWeight => _totalWeight;

        /// <summary>Severity of a signal's value; 0 before start, 0.5 at threshold, 1 from full (rising orientation).</summary>
        internal static double Ramp(double v, double start, double threshold, double full)
        {
            if (v >= full) return 1;
            if (v >= threshold) return 0.5 + 0.5 * (v - threshold) / (full - threshold);
            if (v > start) return 0.5 * (v - start) / (threshold - start);
            return 0;
        }

        /// <summary>
        /// The severity of a signal's value under its scale and shape: a standing when the scale is share (NaN without
        /// a population), the shape's step when there is one, else the ramp.
        /// </summary>
        internal double SeverityOf(int i, double value)
        {
            if (double.IsNaN(value)) return double.NaN;
            double x = value;
            if (_share[i])
            {
                if (_population == null) return double.NaN;
                x = _population.StandingFast(i, value, _lowerIsWorse[i]);
                if (double.IsNaN(x)) return double.NaN;
                var shape = _shape[i];
                return shape != null ? shape.Evaluate(x) : Ramp(x, _start[i], _threshold[i], _full[i]);
            }
            var s = _shape[i];
            if (s != null) return s.Evaluate(x);
            return Ramp(_lowerIsWorse[i] ? -x : x, _start[i], _threshold[i], _full[i]);
        }

        /// <summary>
        /// A decline signal whose metric came only as a change: the fall's standing among the population's changes,
        /// on the signal's own share scale (and shape) when it has one, else on the policy's change-only ramp. A rise
        /// or no change is severity 0; NaN without a change or a population.
        /// </summary>
        internal double ChangeOnlySeverity(int i, double change, int metric)
        {
            if (double.IsNaN(change) || _population == null) return double.NaN;
            double standing = _population.ChangeStandingFast(metric, change);
            if (double.IsNaN(standing)) return double.NaN;
            if (!(change < 0)) standing = 0;
            if (_share[i])
            {
                var shape = _shape[i];
                return shape != null ? shape.Evaluate(standing) : Ramp(standing, _start[i], _threshold[i], _full[i]);
            }
            return Ramp(standing, _changeStart, _changeThreshold, _changeFull);
        }

        /// <summary>
        /// One signal for one account: its severity (NaN when not available), the value it read (the signal's own
        /// value, or for a change-only metric the change), and where that value stands in the population (NaN when
        /// the signal is not judged by standing).
        /// </summary>
        internal double Evaluate(int i, AccountSignals s, out double value, out double standing)
        {
            value = RawValue(s, _kind[i], _metric[i]);
            standing = double.NaN;
            if (!double.IsNaN(value))
            {
                if (_share[i] && _population != null) standing = _population.StandingFast(i, value, _lowerIsWorse[i]);
                return SeverityOf(i, value);
            }
            if (_kind[i] != (int)SignalKind.PercentDecline) return double.NaN;
            // A change-only metric: only the stored change counts (a derived one needs both levels, which give a percentage).
            double change = s.ChangeValues[_metric[i]];
            value = change;
            if (double.IsNaN(change) || _population == null) return double.NaN;
            standing = _population.ChangeStandingFast(_metric[i], change);
            return ChangeOnlySeverity(i, change, _metric[i]);
        }

        /// <summary>True when the signal is stated as a share of the organisation's accounts.</summary>
        internal bool IsShare(int i) => _share[i];

        /// <summary>True when the signal read a change-only metric for this account.</summary>
        internal bool IsChangeOnly(int i, AccountSignals s) =>
            _kind[i] == (int)SignalKind.PercentDecline && double.IsNaN(RawValue(s, _kind[i], _metric[i])) && !double.IsNaN(s.ChangeValues[_metric[i]]);

        private static double RawValue(AccountSignals s, int kind, int metric)
        {
            switch (kind)
            {
                case (int)SignalKind.Level:
                    return s.Current((Metric)metric);
                case (int)SignalKind.PercentDecline:
                    return PercentDecline(s, (Metric)metric);
                case (int)SignalKind.PointDrop:
                    return -s.Change((Metric)metric);
                case (int)SignalKind.SilentDecline:
                    return SilentDecline(s);
                default:
                    return OpenRate(s);
            }
        }

        /// <summary>(previous - current) / previous x 100, at most 100; 0 when there was nothing to fall from.</summary>
        internal static double PercentDecline(AccountSignals s, Metric metric)
        {
            double current = s.Current(metric);
            double previous = s.Previous(metric);
            if (double.IsNaN(current) || double.IsNaN(previous)) return double.NaN;
            if (previous <= 0) return 0;
            double decline = (previous - current) / previous * 100.0;
            return decline > 100 ? 100 : decline;
        }

        /// <summary>
        /// The steepest usage fall, counted only when cases did not rise: a case count alone can never raise it,
        /// and more cases can only lower it.
        /// </summary>
        internal static double SilentDecline(AccountSignals s)
        {
            double fall = SteepestUsageFall(s, out _);
            if (double.IsNaN(fall)) return double.NaN;
            double change = s.Change(Metric.Cases);
            bool quiet;
            if (!double.IsNaN(change)) quiet = change <= 0;
            else
            {
                double cases = s.Current(Metric.Cases);
                if (double.IsNaN(cases)) return double.NaN;
                quiet = cases <= 0;
            }
            return quiet ? fall : 0;
        }

        internal static double SteepestUsageFall(AccountSignals s, out Metric which)
        {
            which = Metric.Logins;
            double best = double.NaN;
            double d = PercentDecline(s, Metric.Logins);
            if (!double.IsNaN(d)) best = d;
            d = PercentDecline(s, Metric.ActiveUsers);
            if (!double.IsNaN(d) && !(d <= best)) { best = d; which = Metric.ActiveUsers; }
            d = PercentDecline(s, Metric.Usage);
            if (!double.IsNaN(d) && !(d <= best)) { best = d; which = Metric.Usage; }
            return best;
        }

        /// <summary>Emails opened as a percentage of emails sent; NaN when none were sent or either is unknown.</summary>
        internal static double OpenRate(AccountSignals s)
        {
            double sent = s.Current(Metric.EmailsSent);
            double opened = s.Current(Metric.EmailsOpened);
            if (double.IsNaN(sent) || double.IsNaN(opened) || !(sent > 0)) return double.NaN;
            if (opened < 0) opened = 0;
            return opened >= sent ? 100 : opened / sent * 100.0;
        }
    }
}
