using System;
using System.Collections.Generic;

namespace WinBack.Core.Disengagement
{
    /// <summary>
    /// A signal's shape: a step function from the signal's input to a severity 0-1, monotone in the direction the
    /// signal declares (rising when a higher input is worse, falling when a lower one is). With k cut points there are
    /// k + 1 severities: an input at or below <c>Cuts[0]</c> reads <c>Severities[0]</c>, one above <c>Cuts[i-1]</c>
    /// and at or below <c>Cuts[i]</c> reads <c>Severities[i]</c>, one above the last cut reads the last severity.
    /// <para>
    /// <c>winback calibrate</c> fits shapes (an additive model, one shape per signal); the policy JSON carries them as
    /// <c>"shape": {"cuts": [...], "severities": [...]}</c> and Core evaluates them with a binary search, no dependency.
    /// The constructor takes the numbers as given; <see cref="Policy"/> validates them (sorted, finite, monotone).
    /// </para>
    /// </summary>
    public sealed class ShapeFunction
    {
        private readonly double[] _cuts;
        private readonly double[] _severities;

        public ShapeFunction(IReadOnlyList<double> cuts, IReadOnlyList<double> severities)
        {
            if (cuts == null) throw new ArgumentNullException(nameof(cuts));
            if (severities == null) throw new ArgumentNullException(nameof(severities));
            _cuts = new double[cuts.Count];
            for (int i = 0; i < _cuts.Length; i++) _cuts[i] = cuts[i];
            _severities = new double[severities.Count];
            for (int i = 0; i < _severities.Length; i++) _severities[i] = severities[i];
        }

        /// <summary>The cut points, ascending.</summary>
        public IReadOnlyList<double> Cuts => _cuts;

        /// <summary>One severity per step: <see cref="Cuts"/>.Count + 1 values between 0 and 1.</summary>
        public IReadOnlyList<double> Severities => _severities;

        /// <summary>The severity of an input (the input is never NaN here).</summary>
        public double Evaluate(double x)
        {
            var c = _cuts;
            int lo = 0, hi = c.Length;
            // The number of cuts strictly below x is the step's index.
            while (lo < hi)
            {
                int mid = (lo + hi) >> 1;
                if (c[mid] < x) lo = mid + 1;
                else hi = mid;
            }
            return _severities[lo];
        }

        /// <summary>
        /// The input at which the severity first reaches <paramref name="severity"/> going the worse way: the cut where
        /// the step starts (rising: the first input above it reaches; falling: the last input at or below it reaches).
        /// NaN when no step reaches it.
        /// </summary>
        public double Crossing(double severity, bool lowerIsWorse)
        {
            if (!lowerIsWorse)
            {
                for (int i = 0; i < _severities.Length; i++)
                    if (_severities[i] >= severity) return i == 0 ? double.NegativeInfinity : _cuts[i - 1];
            }
            else
            {
                for (int i = _severities.Length - 1; i >= 0; i--)
                    if (_severities[i] >= severity) return i == _severities.Length - 1 ? double.PositiveInfinity : _cuts[i];
            }
            return double.NaN;
        }

        /// <summary>
        /// Null when the shape is valid for a signal whose worse direction is <paramref name="lowerIsWorse"/>; otherwise
        /// the problem, naming the field under <paramref name="field"/> (e.g. "policy.signals.lowUsage.shape").
        /// </summary>
        internal PolicyException? Problem(string field, bool lowerIsWorse)
        {
            if (_cuts.Length == 0)
                return new PolicyException(field + ".cuts", field + ".cuts must list at least one cut point");
            if (_severities.Length != _cuts.Length + 1)
                return new PolicyException(field + ".severities", field + ".severities must have one value more than cuts (" + (_cuts.Length + 1) + "), got " + _severities.Length);
            for (int i = 0; i < _cuts.Length; i++)
            {
                string f = field + ".cuts[" + i + "]";
                if (double.IsNaN(_cuts[i]) || double.IsInfinity(_cuts[i]))
                    return new PolicyException(f, f + " must be a finite number (got " + Policy.Num(_cuts[i]) + ")");
                if (i > 0 && !(_cuts[i] > _cuts[i - 1]))
                    return new PolicyException(f, f + " must be above " + field + ".cuts[" + (i - 1) + "] (" + Policy.Num(_cuts[i - 1]) + "): cut points are sorted and distinct (got " + Policy.Num(_cuts[i]) + ")");
            }
            for (int i = 0; i < _severities.Length; i++)
            {
                string f = field + ".severities[" + i + "]";
                double v = _severities[i];
                if (!(v >= 0 && v <= 1))
                    return new PolicyException(f, f + " must be a finite number between 0 and 1 (got " + Policy.Num(v) + ")");
                if (i == 0) continue;
                double before = _severities[i - 1];
                if (!lowerIsWorse && v < before)
                    return new PolicyException(f, f + " must be at or above " + field + ".severities[" + (i - 1) + "] (" + Policy.Num(before) + "): a higher value of this signal is worse, so its shape cannot fall (got " + Policy.Num(v) + ")");
                if (lowerIsWorse && v > before)
                    return new PolicyException(f, f + " must be at or below " + field + ".severities[" + (i - 1) + "] (" + Policy.Num(before) + "): a lower value of this signal is worse, so its shape cannot rise (got " + Policy.Num(v) + ")");
            }
            return null;
        }
    }
}
