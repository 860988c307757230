using System;

namespace WinBack.Core.Disengagement
{
    /// <summary>
    /// The signals of one account for one scoring date: for every <see cref="Metric"/> an optional current level,
    /// previous level and change. Missing is NaN, never zero: zero logins is a fact, an unknown login count is not.
    /// <para>
    /// Three fixed arrays, no dictionary: the scorer reads it at more than a million accounts a second, and a
    /// batch can reuse one instance per account with <see cref="Clear"/>.
    /// </para>
    /// <para>
    /// Derivation happens on read: <see cref="Current"/>, <see cref="Previous"/> and <see cref="Change"/> return the
    /// stored value, or compute it from the two others when those are known (change = current - previous).
    /// Stored values are never overwritten by derived ones.
    /// </para>
    /// </summary>
    /// <example>
    /// <code>
    /// var signals = new AccountSignals();
    /// signals.Set(Metric.Logins, current: 64, previous: 118);
    /// signals.Set(Metric.SlaBreaches, current: 3);
    /// signals.Set(Metric.Cases, change: -4);
    /// </code>
    /// </example>
    public sealed class AccountSignals
    {
        private readonly double[] _current = NewMissing();
        private readonly double[] _previous = NewMissing();
        private readonly double[] _change = NewMissing();

        // The scorer's hot path reads the arrays directly.
        internal double[] CurrentValues => _current;
        internal double[] PreviousValues => _previous;
        internal double[] ChangeValues => _change;

        /// <summary>An optional identifier carried through scoring (e.g. the account id); not used by the scorer.</summary>
        public string? AccountId { get; set; }

        private static double[] NewMissing()
        {
            var a = new double[MetricNames.Count];
            for (int i = 0; i < a.Length; i++) a[i] = double.NaN;
            return a;
        }

        /// <summary>Marks every value missing so the instance can be reused.</summary>
        public void Clear()
        {
            for (int i = 0; i < MetricNames.Count; i++)
            {
                _current[i] = double.NaN;
                _previous[i] = double.NaN;
                _change[i] = double.NaN;
            }
            AccountId = null;
        }

        /// <summary>
        /// Sets whichever of the three values are given; null (or NaN) leaves that value as it is.
        /// Infinite values are rejected.
        /// </summary>
        public AccountSignals Set(Metric metric, double? current = null, double? previous = null, double? change = null)
        {
            int i = Index(metric);
            if (current.HasValue) _current[i] = Check(current.Value, metric, "current");
            if (previous.HasValue) _previous[i] = Check(previous.Value, metric, "previous");
            if (change.HasValue) _change[i] = Check(change.Value, metric, "change");
            return this;
        }

        /// <summary>Sets the current level (NaN = missing).</summary>
        public void SetCurrent(Metric metric, double value) => _current[Index(metric)] = Check(value, metric, "current");

        /// <summary>Sets the previous level (NaN = missing).</summary>
        public void SetPrevious(Metric metric, double value) => _previous[Index(metric)] = Check(value, metric, "previous");

        /// <summary>Sets the change, current minus previous (NaN = missing).</summary>
        public void SetChange(Metric metric, double value) => _change[Index(metric)] = Check(value, metric, "change");

        /// <summary>Forgets all three values of one metric.</summary>
        public void Remove(Metric metric)
        {
            int i = Index(metric);
            _current[i] = double.NaN;
            _previous[i] = double.NaN;
            _change[i] = double.NaN;
        }

        /// <summary>The current level, derived as previous + change if not stored; NaN when unknown.</summary>
        public double Current(Metric metric)
        {
            int i = (int)metric;
            double c = _current[i];
            return double.IsNaN(c) ? _previous[i] + _change[i] : c;
        }

        /// <summary>The previous level, derived as current - change if not stored; NaN when unknown.</summary>
        public double Previous(Metric metric)
        {
            int i = (int)metric;
            double p = _previous[i];
            return double.IsNaN(p) ? _current[i] - _change[i] : p;
        }

        /// <summary>The change (current - previous), derived if not stored; NaN when unknown.</summary>
        public double Change(Metric metric)
        {
            int i = (int)metric;
            double d = _change[i];
            return double.IsNaN(d) ? _current[i] - _previous[i] : d;
        }

        /// <summary>True when the current level is known (stored or derived).</summary>
        public bool HasCurrent(Metric metric) => !double.IsNaN(Current(metric));

        /// <summary>True when any of the three values of the metric is stored.</summary>
        public bool HasAny(Metric metric)
        {
            int i = Index(metric);
            return !double.IsNaN(_current[i]) || !double.IsNaN(_previous[i]) || !double.IsNaN(_change[i]);
        }

        /// <summary>Copies every value into <paramref name="target"/>.</summary>
        public void CopyTo(AccountSignals target)
        {
            Array.Copy(_current, target._current, MetricNames.Count);
            Array.Copy(_previous, target._previous, MetricNames.Count);
            Array.Copy(_change, target._change, MetricNames.Count);
            target.AccountId = AccountId;
        }

        private static int Index(Metric metric)
        {
            int i = (int)metric;
            if ((uint)i >= MetricNames.Count) throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown metric.");
            return i;
        }

        private static double Check(double value, Metric metric, string part)
        {
            if (double.IsInfinity(value))
                throw new ArgumentOutOfRangeException(nameof(value), value, "The " + part + " value of " + MetricNames.Name(metric) + " must be a finite number or NaN (missing).");
            return value;
        }
    }
}
