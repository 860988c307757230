using System;
using System.Collections.Generic;
using System.Globalization;
using WinBack.Core.Json;

namespace WinBack.Core.Disengagement
{
    /// <summary>
    /// Where accounts stand in their organisation: for every signal, the quantiles of the value it reads across the
    /// organisation's accounts, and for every metric, the quantiles of its change. Signals whose policy scale is
    /// <see cref="SignalScale.Share"/> read their value's standing here ("usage lower than 90% of accounts"), and a
    /// decline signal whose metric comes only as a change judges the fall against the organisation's changes.
    /// <para>
    /// Computed once per population: in the CSV commands from the file; in Dataverse by the daily refresh, which stores
    /// <see cref="ToJson"/> so that one account's recalculation uses the same cut points (<see cref="Parse"/>).
    /// Immutable; <see cref="Standing"/> is a binary search and allocates nothing.
    /// </para>
    /// </summary>
    public sealed class PopulationDistribution
    {
        /// <summary>The JSON format version.</summary>
        public const int FormatVersion = 1;

        /// <summary>Quantiles kept per series by default: every percentile, 0 to 100.</summary>
        public const int DefaultPoints = 101;

        private readonly double[]?[] _signals = new double[]?[Signals.Count];
        private readonly double[]?[] _changes = new double[]?[MetricNames.Count];

        private PopulationDistribution(int accounts, string? asOf)
        {
            Accounts = accounts;
            AsOf = asOf;
        }

        /// <summary>How many accounts the distribution was computed from.</summary>
        public int Accounts { get; }

        /// <summary>Free text saying when or from what it was computed (e.g. the refresh date); not used in scoring.</summary>
        public string? AsOf { get; }

        /// <summary>The quantiles of a signal's value (ascending, evenly spaced shares 0 to 1), null when no account had it.</summary>
        public IReadOnlyList<double>? SignalQuantiles(Signal signal) => _signals[(int)signal];

        /// <summary>The quantiles of a metric's change (current minus previous), null when no account had it.</summary>
        public IReadOnlyList<double>? ChangeQuantiles(Metric metric) => _changes[(int)metric];

        /// <summary>
        /// Computes the distribution of a population of accounts. A series with fewer than
        /// <paramref name="minimumAccounts"/> known values is left out (no standing is better than a noisy one).
        /// </summary>
        public static PopulationDistribution FromAccounts(IEnumerable<AccountSignals> accounts, int points = DefaultPoints,
            int minimumAccounts = 10, string? asOf = null)
        {
            if (accounts == null) throw new ArgumentNullException(nameof(accounts));
            if (points < 2) throw new ArgumentOutOfRangeException(nameof(points), "At least two quantiles are needed.");
            int count = 0;
            var rows = new List<double[]>();
            foreach (var a in accounts)
            {
                count++;
                rows.Add(Row(a));
            }
            return FromRows(rows, count, points, minimumAccounts, asOf);
        }

        /// <summary>Values a row holds: every signal's value, then every metric's change (NaN when unknown).</summary>
        public const int RowLength = Signals.Count + MetricNames.Count;

        /// <summary>
        /// One account's row: every signal's value (in <see cref="Signal"/> order), then every metric's change (in
        /// <see cref="Metric"/> order), NaN when unknown. What <see cref="PopulationSample"/> keeps per account.
        /// </summary>
        public static double[] Row(AccountSignals account)
        {
            if (account == null) throw new ArgumentNullException(nameof(account));
            var row = new double[RowLength];
            for (int i = 0; i < Signals.Count; i++) row[i] = DisengagementScorer.SignalValue((Signal)i, account);
            for (int m = 0; m < MetricNames.Count; m++) row[Signals.Count + m] = account.Change((Metric)m);
            return row;
        }

        /// <summary>
        /// The distribution of rows made by <see cref="Row"/> (all of a population, or a sample of it);
        /// <paramref name="accounts"/> is how many accounts the population had.
        /// </summary>
        public static PopulationDistribution FromRows(IReadOnlyList<double[]> rows, int accounts, int points = DefaultPoints,
            int minimumAccounts = 10, string? asOf = null)
        {
            if (rows == null) throw new ArgumentNullException(nameof(rows));
            if (points < 2) throw new ArgumentOutOfRangeException(nameof(points), "At least two quantiles are needed.");
            var signalValues = new List<double>[Signals.Count];
            var changeValues = new List<double>[MetricNames.Count];
            for (int i = 0; i < signalValues.Length; i++) signalValues[i] = new List<double>();
            for (int i = 0; i < changeValues.Length; i++) changeValues[i] = new List<double>();
            foreach (var row in rows)
            {
                if (row == null || row.Length != RowLength) throw new ArgumentException("Every row must hold " + RowLength + " values.", nameof(rows));
                for (int i = 0; i < Signals.Count; i++)
                {
                    if (!double.IsNaN(row[i])) signalValues[i].Add(row[i]);
                }
                for (int m = 0; m < MetricNames.Count; m++)
                {
                    double d = row[Signals.Count + m];
                    if (!double.IsNaN(d)) changeValues[m].Add(d);
                }
            }
            var p = new PopulationDistribution(accounts, asOf);
            for (int i = 0; i < Signals.Count; i++) p._signals[i] = Quantiles(signalValues[i], points, minimumAccounts);
            for (int m = 0; m < MetricNames.Count; m++) p._changes[m] = Quantiles(changeValues[m], points, minimumAccounts);
            return p;
        }

        private static double[]? Quantiles(List<double> values, int points, int minimum)
        {
            if (values.Count < minimum || values.Count == 0) return null;
            values.Sort();
            var q = new double[points];
            for (int k = 0; k < points; k++)
            {
                double pos = (double)k / (points - 1) * (values.Count - 1);
                int lo = (int)Math.Floor(pos), hi = (int)Math.Ceiling(pos);
                q[k] = values[lo] + (values[hi] - values[lo]) * (pos - lo);
            }
            return q;
        }

        /// <summary>
        /// The share (0-100) of the population an account's signal value is worse than: for a signal where lower is
        /// worse, the share with a higher value; otherwise the share with a lower one (ties count half).
        /// NaN when the value is NaN or the population has no such series.
        /// </summary>
        public double Standing(Signal signal, double value)
        {
            var q = _signals[(int)signal];
            if (q == null || double.IsNaN(value)) return double.NaN;
            double below = ShareBelow(q, value);
            return Signals.Info(signal).LowerIsWorse ? 100 - below : below;
        }

        /// <summary>
        /// The share (0-100) of the population whose change of <paramref name="metric"/> was higher than
        /// <paramref name="change"/> (fell less, or rose): "fell more than 90% of accounts". NaN when unknown.
        /// </summary>
        public double ChangeStanding(Metric metric, double change)
        {
            var q = _changes[(int)metric];
            if (q == null || double.IsNaN(change)) return double.NaN;
            return 100 - ShareBelow(q, change);
        }

        internal double StandingFast(int signal, double value, bool lowerIsWorse)
        {
            var q = _signals[signal];
            if (q == null) return double.NaN;
            double below = ShareBelow(q, value);
            return lowerIsWorse ? 100 - below : below;
        }

        internal double ChangeStandingFast(int metric, double change)
        {
            var q = _changes[metric];
            return q == null ? double.NaN : 100 - ShareBelow(q, change);
        }

        /// <summary>The population's share (0-100) below the value, from the quantiles: ties count half, linear between quantiles.</summary>
        private static double ShareBelow(double[] q, double v)
        {
            int m = q.Length - 1;
            if (v < q[0]) return 0;
            if (v > q[m]) return 100;
            // first index with q >= v, and first index with q > v
            int lo = 0, hi = q.Length;
            while (lo < hi) { int mid = (lo + hi) >> 1; if (q[mid] < v) lo = mid + 1; else hi = mid; }
            int first = lo;
            lo = first; hi = q.Length;
            while (lo < hi) { int mid = (lo + hi) >> 1; if (q[mid] <= v) lo = mid + 1; else hi = mid; }
            int after = lo;
            double position;
            if (after > first) position = (first + after - 1) / 2.0;  // v equals quantiles first..after-1
            else position = first - 1 + (v - q[first - 1]) / (q[first] - q[first - 1]);
            return 100.0 * position / m;
        }

        // ---------------------------------------------------------------- JSON

        /// <summary>
        /// The distribution as compact JSON: {"version":1,"accounts":N,"asOf":"...","signals":{"lowUsage":[q0..q100]},
        /// "changes":{"logins":[...]}}. About 1 KB per series at 101 points.
        /// </summary>
        public string ToJson()
        {
            var w = new JsonWriter();
            w.StartObject();
            w.Property("version", FormatVersion);
            w.Property("accounts", Accounts);
            if (AsOf != null) w.Property("asOf", AsOf);
            w.Name("signals").StartObject();
            for (int i = 0; i < Signals.Count; i++) WriteSeries(w, Signals.Name((Signal)i), _signals[i]);
            w.EndObject();
            w.Name("changes").StartObject();
            for (int m = 0; m < MetricNames.Count; m++) WriteSeries(w, MetricNames.Name((Metric)m), _changes[m]);
            w.EndObject();
            w.EndObject();
            return w.ToString();
        }

        private static void WriteSeries(JsonWriter w, string name, double[]? q)
        {
            if (q == null) return;
            w.Name(name).StartArray();
            foreach (var v in q) w.Value(Math.Round(v, 6));
            w.EndArray();
        }

        /// <summary>Reads <see cref="ToJson"/>'s output; a problem throws a <see cref="FormatException"/> naming the field.</summary>
        public static PopulationDistribution Parse(string json)
        {
            JsonValue root;
            try { root = JsonValue.Parse(json ?? ""); }
            catch (JsonException e) { throw new FormatException("population distribution is not valid JSON: " + e.Message); }
            if (root.Kind != JsonKind.Object) throw new FormatException("population distribution must be a JSON object");
            var version = root["version"];
            if (version == null || version.Kind != JsonKind.Number || version.Number != FormatVersion)
                throw new FormatException("population.version must be " + FormatVersion);
            var accounts = root["accounts"];
            if (accounts == null || accounts.Kind != JsonKind.Number || accounts.Number < 0 || accounts.Number != Math.Floor(accounts.Number))
                throw new FormatException("population.accounts must be a whole number");
            var asOf = root["asOf"];
            var p = new PopulationDistribution((int)accounts.Number, asOf?.Kind == JsonKind.String ? asOf.Text : null);
            var s = root["signals"];
            if (s != null)
            {
                if (s.Kind != JsonKind.Object) throw new FormatException("population.signals must be a JSON object");
                foreach (var member in s.Members)
                {
                    if (!Signals.TryParse(member.Key, out var signal)) throw new FormatException("population.signals." + member.Key + " is not a known signal");
                    p._signals[(int)signal] = Series(member.Value, "population.signals." + member.Key);
                }
            }
            var c = root["changes"];
            if (c != null)
            {
                if (c.Kind != JsonKind.Object) throw new FormatException("population.changes must be a JSON object");
                foreach (var member in c.Members)
                {
                    if (!MetricNames.TryParse(member.Key, out var metric)) throw new FormatException("population.changes." + member.Key + " is not a known metric");
                    p._changes[(int)metric] = Series(member.Value, "population.changes." + member.Key);
                }
            }
            return p;
        }

        private static double[] Series(JsonValue v, string field)
        {
            if (v.Kind != JsonKind.Array || v.Items.Count < 2) throw new FormatException(field + " must be an array of at least two numbers");
            var q = new double[v.Items.Count];
            for (int i = 0; i < q.Length; i++)
            {
                var item = v.Items[i];
                if (item.Kind != JsonKind.Number) throw new FormatException(field + "[" + i.ToString(CultureInfo.InvariantCulture) + "] must be a number");
                q[i] = item.Number;
                if (i > 0 && q[i] < q[i - 1]) throw new FormatException(field + "[" + i.ToString(CultureInfo.InvariantCulture) + "] is below the quantile before it; quantiles are ascending");
            }
            return q;
        }
    }
}
