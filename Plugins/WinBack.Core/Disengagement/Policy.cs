using System;
using System.Collections.Generic;
using System.Globalization;
using WinBack.Core.Json;

namespace WinBack.Core.Disengagement
{
    /// <summary>What a signal's start, threshold, full and shape are stated in.</summary>
    public enum SignalScale
    {
        /// <summary>The signal's own units (a count, a percentage fall, days...).</summary>
        Value = 0,
        /// <summary>
        /// Its standing in the organisation: the share (0-100) of the organisation's accounts it is worse than, from
        /// the <see cref="PopulationDistribution"/>. Higher is always worse; threshold 80 means "the worst 20%".
        /// </summary>
        Share = 1,
    }

    /// <summary>
    /// One signal's settings. Severity is piecewise linear in the signal's value: 0 up to <see cref="Start"/>,
    /// 0.5 at <see cref="Threshold"/> (where the signal becomes a reason and can flag its gap), 1 at
    /// <see cref="Full"/> and beyond. For a signal where lower is worse the three run downwards (in
    /// <see cref="SignalScale.Share"/> they always run upwards). When a <see cref="Shape"/> is given it replaces
    /// the ramp: severity is the shape's step, and start, threshold and full describe it for people.
    /// A signal contributes <see cref="Weight"/> x severity points before renormalisation.
    /// </summary>
    public sealed class SignalSettings
    {
        public SignalSettings(double weight, double start, double threshold, double full)
            : this(weight, start, threshold, full, SignalScale.Value, null)
        {
        }

        public SignalSettings(double weight, double start, double threshold, double full, SignalScale scale, ShapeFunction? shape)
        {
            Weight = weight;
            Start = start;
            Threshold = threshold;
            Full = full;
            Scale = scale;
            Shape = shape;
        }

        /// <summary>Relative importance, 0 (off) to 100.</summary>
        public double Weight { get; }
        /// <summary>Value at which severity starts to rise above 0.</summary>
        public double Start { get; }
        /// <summary>Value at which severity is 0.5: the signal is named as a reason and flags its gap.</summary>
        public double Threshold { get; }
        /// <summary>Value at which severity reaches 1.</summary>
        public double Full { get; }
        /// <summary>Whether start, threshold, full and the shape are in the signal's units or its standing in the organisation.</summary>
        public SignalScale Scale { get; }
        /// <summary>A fitted shape that replaces the ramp; null for the ramp.</summary>
        public ShapeFunction? Shape { get; }

        /// <summary>A copy with another weight.</summary>
        public SignalSettings WithWeight(double weight) => new SignalSettings(weight, Start, Threshold, Full, Scale, Shape);
    }

    /// <summary>
    /// How a decline signal judges a metric the history gives only as a change (no level to take a percentage of):
    /// by the fall's standing among the organisation's changes, severity 0 up to <see cref="Start"/> (a share 0-100 of
    /// accounts that fell less), 0.5 at <see cref="Threshold"/>, 1 at <see cref="Full"/>. A rise never counts.
    /// </summary>
    public sealed class ChangeOnlySettings
    {
        public ChangeOnlySettings(double start, double threshold, double full)
        {
            Start = start;
            Threshold = threshold;
            Full = full;
        }

        public double Start { get; }
        public double Threshold { get; }
        public double Full { get; }
    }

    /// <summary>Score cut-offs of the bands: a score at or above a cut-off is in that band.</summary>
    public sealed class PolicyBands
    {
        public PolicyBands(double watch, double atRisk, double disengaged)
        {
            Watch = watch;
            AtRisk = atRisk;
            Disengaged = disengaged;
        }

        public double Watch { get; }
        public double AtRisk { get; }
        public double Disengaged { get; }
    }

    /// <summary>Measurement windows in days. The plug-ins build signals over these; reasons name them.</summary>
    public sealed class PolicyWindows
    {
        public PolicyWindows(int usageDays, int supportDays, int emailDays, int commercialDays, int pipelineDays)
        {
            UsageDays = usageDays;
            SupportDays = supportDays;
            EmailDays = emailDays;
            CommercialDays = commercialDays;
            PipelineDays = pipelineDays;
        }

        /// <summary>Logins, active users, usage: this window against the one before.</summary>
        public int UsageDays { get; }
        /// <summary>Cases, SLA breaches, reopened cases, complaints, service failures, satisfaction.</summary>
        public int SupportDays { get; }
        /// <summary>Emails sent and opened.</summary>
        public int EmailDays { get; }
        /// <summary>Spend and downgrades.</summary>
        public int CommercialDays { get; }
        /// <summary>Won and lost opportunities.</summary>
        public int PipelineDays { get; }

        /// <summary>The days of a window kind; 0 for <see cref="SignalWindow.None"/>.</summary>
        public int Days(SignalWindow window) => window switch
        {
            SignalWindow.Usage => UsageDays,
            SignalWindow.Support => SupportDays,
            SignalWindow.Email => EmailDays,
            SignalWindow.Commercial => CommercialDays,
            SignalWindow.Pipeline => PipelineDays,
            _ => 0,
        };
    }

    /// <summary>A policy value that is not allowed. <see cref="Field"/> is the JSON path, e.g. "policy.bands.atRisk".</summary>
    public sealed class PolicyException : Exception
    {
        public PolicyException(string field, string message) : base(message) { Field = field; }
        public string Field { get; }
    }

    /// <summary>
    /// The disengagement policy: weights and thresholds of every <see cref="Signal"/>, measurement windows and band
    /// cut-offs. Immutable and always valid: the constructor and <see cref="Parse"/> reject invalid values with a
    /// <see cref="PolicyException"/> naming the field and what is allowed. Stored as JSON in the Dataverse
    /// environment variable wb_DisengagementPolicy; see POLICY.md for the defaults and their sources.
    /// </summary>
    public sealed class Policy
    {
        /// <summary>The JSON format version this code reads and writes.</summary>
        public const int FormatVersion = 1;

        /// <summary>Longest window allowed, in days.</summary>
        public const int MaxWindowDays = 730;

        private readonly SignalSettings[] _signals;

        /// <summary>The default change-only settings: a fall steeper than 80% of the organisation's is a reason.</summary>
        public static ChangeOnlySettings DefaultChangeOnly { get; } = new ChangeOnlySettings(50, 80, 95);

        /// <summary>The built-in policy (POLICY.md explains each number).</summary>
        public static Policy Default { get; } = CreateDefault();

        /// <summary>Creates a policy; <paramref name="signals"/> has one entry per <see cref="Signal"/>, in enum order.</summary>
        /// <exception cref="PolicyException">A value is out of range.</exception>
        public Policy(string name, PolicyWindows windows, PolicyBands bands, IReadOnlyList<SignalSettings> signals)
            : this(name, windows, bands, signals, DefaultChangeOnly)
        {
        }

        /// <summary>Creates a policy with its change-only settings.</summary>
        /// <exception cref="PolicyException">A value is out of range.</exception>
        public Policy(string name, PolicyWindows windows, PolicyBands bands, IReadOnlyList<SignalSettings> signals, ChangeOnlySettings changeOnly)
        {
            if (windows == null) throw new ArgumentNullException(nameof(windows));
            if (bands == null) throw new ArgumentNullException(nameof(bands));
            if (signals == null) throw new ArgumentNullException(nameof(signals));
            if (signals.Count != Signals.Count) throw new ArgumentException("One SignalSettings per signal (" + Signals.Count + ") is required.", nameof(signals));
            Name = name ?? "";
            ChangeOnly = changeOnly ?? throw new ArgumentNullException(nameof(changeOnly));
            Windows = windows;
            Bands = bands;
            _signals = new SignalSettings[Signals.Count];
            for (int i = 0; i < _signals.Length; i++) _signals[i] = signals[i] ?? throw new ArgumentNullException(nameof(signals));
            Validate();
        }

        /// <summary>A free-text name, e.g. "Calibrated 2026-11-22 on 2,850 accounts".</summary>
        public string Name { get; }
        public PolicyWindows Windows { get; }
        public PolicyBands Bands { get; }
        /// <summary>How a metric given only as a change is judged (its fall's standing among the organisation's changes).</summary>
        public ChangeOnlySettings ChangeOnly { get; }


        /// <summary>The settings of one signal.</summary>
        public SignalSettings this[Signal signal] => _signals[(int)signal];

        /// <summary>The settings of all signals in enum order.</summary>
        public IReadOnlyList<SignalSettings> SignalSettings => _signals;

        /// <summary>The band of a score (compare the rounded score shown to users).</summary>
        public RiskBand BandOf(double score) =>
            score >= Bands.Disengaged ? RiskBand.Disengaged :
            score >= Bands.AtRisk ? RiskBand.AtRisk :
            score >= Bands.Watch ? RiskBand.Watch : RiskBand.Healthy;

        /// <summary>A copy with one signal's settings replaced.</summary>
        public Policy WithSignal(Signal signal, SignalSettings settings)
        {
            var copy = (SignalSettings[])_signals.Clone();
            copy[(int)signal] = settings;
            return new Policy(Name, Windows, Bands, copy, ChangeOnly);
        }

        /// <summary>A copy with every weight replaced (one per signal, enum order).</summary>
        public Policy WithWeights(IReadOnlyList<double> weights)
        {
            if (weights.Count != Signals.Count) throw new ArgumentException("One weight per signal is required.", nameof(weights));
            var copy = new SignalSettings[Signals.Count];
            for (int i = 0; i < copy.Length; i++) copy[i] = _signals[i].WithWeight(weights[i]);
            return new Policy(Name, Windows, Bands, copy, ChangeOnly);
        }

        /// <summary>A copy with other band cut-offs.</summary>
        public Policy WithBands(PolicyBands bands) => new Policy(Name, Windows, bands, _signals, ChangeOnly);

        /// <summary>A copy with another name.</summary>
        public Policy WithName(string name) => new Policy(name, Windows, Bands, _signals, ChangeOnly);

        private static Policy CreateDefault()
        {
            var signals = new SignalSettings[Signals.Count];
            for (int i = 0; i < signals.Length; i++) signals[i] = Signals.Info((Signal)i).Defaults;
            return new Policy("WinBack default",
                new PolicyWindows(usageDays: 30, supportDays: 90, emailDays: 90, commercialDays: 90, pipelineDays: 365),
                new PolicyBands(watch: 15, atRisk: 30, disengaged: 50),
                signals);
        }

        private void Validate()
        {
            CheckWindow("usageDays", Windows.UsageDays);
            CheckWindow("supportDays", Windows.SupportDays);
            CheckWindow("emailDays", Windows.EmailDays);
            CheckWindow("commercialDays", Windows.CommercialDays);
            CheckWindow("pipelineDays", Windows.PipelineDays);

            if (!(Bands.Watch > 0 && Bands.Watch < 100))
                throw new PolicyException("policy.bands.watch", "policy.bands.watch must be between 0 and 100 (got " + Num(Bands.Watch) + ")");
            if (!(Bands.AtRisk > Bands.Watch && Bands.AtRisk <= 100))
                throw new PolicyException("policy.bands.atRisk", "policy.bands.atRisk must be between 0 and 100 and above bands.watch (" + Num(Bands.Watch) + ") (got " + Num(Bands.AtRisk) + ")");
            if (!(Bands.Disengaged > Bands.AtRisk && Bands.Disengaged <= 100))
                throw new PolicyException("policy.bands.disengaged", "policy.bands.disengaged must be between 0 and 100 and above bands.atRisk (" + Num(Bands.AtRisk) + ") (got " + Num(Bands.Disengaged) + ")");

            double total = 0;
            for (int i = 0; i < _signals.Length; i++)
            {
                var info = Signals.Info((Signal)i);
                var s = _signals[i];
                string field = "policy.signals." + info.Name;
                if (!(s.Weight >= 0 && s.Weight <= 100))
                    throw new PolicyException(field + ".weight", field + ".weight must be between 0 and 100 (got " + Num(s.Weight) + ")");
                bool share = s.Scale == SignalScale.Share;
                if (s.Scale != SignalScale.Value && !share)
                    throw new PolicyException(field + ".scale", field + ".scale must be \"value\" or \"share\"");
                CheckRange(field + ".start", s.Start, info, share);
                CheckRange(field + ".threshold", s.Threshold, info, share);
                CheckRange(field + ".full", s.Full, info, share);
                if (info.LowerIsWorse && !share)
                {
                    if (!(s.Threshold <= s.Start))
                        throw new PolicyException(field + ".threshold", field + ".threshold must be at or below start (" + Num(s.Start) + ") because a lower " + info.Label.ToLowerInvariant() + " is worse (got " + Num(s.Threshold) + ")");
                    if (!(s.Full <= s.Threshold))
                        throw new PolicyException(field + ".full", field + ".full must be at or below threshold (" + Num(s.Threshold) + ") because a lower " + info.Label.ToLowerInvariant() + " is worse (got " + Num(s.Full) + ")");
                }
                else
                {
                    if (!(s.Threshold >= s.Start))
                        throw new PolicyException(field + ".threshold", field + ".threshold must be at or above start (" + Num(s.Start) + ") (got " + Num(s.Threshold) + ")");
                    if (!(s.Full >= s.Threshold))
                        throw new PolicyException(field + ".full", field + ".full must be at or above threshold (" + Num(s.Threshold) + ") (got " + Num(s.Full) + ")");
                }
                if (s.Shape != null)
                {
                    var problem = s.Shape.Problem(field + ".shape", info.LowerIsWorse && !share);
                    if (problem != null) throw problem;
                }
                total += s.Weight;
            }
            if (!(total > 0))
                throw new PolicyException("policy.signals", "policy.signals must give at least one signal a weight above 0");

            var c = ChangeOnly;
            if (!(c.Start >= 0 && c.Start <= 100))
                throw new PolicyException("policy.changeOnly.start", "policy.changeOnly.start must be a share between 0 and 100 (got " + Num(c.Start) + ")");
            if (!(c.Threshold >= c.Start && c.Threshold <= 100))
                throw new PolicyException("policy.changeOnly.threshold", "policy.changeOnly.threshold must be between start (" + Num(c.Start) + ") and 100 (got " + Num(c.Threshold) + ")");
            if (!(c.Full >= c.Threshold && c.Full <= 100))
                throw new PolicyException("policy.changeOnly.full", "policy.changeOnly.full must be between threshold (" + Num(c.Threshold) + ") and 100 (got " + Num(c.Full) + ")");
        }

        private static void CheckWindow(string name, int days)
        {
            if (days < 1 || days > MaxWindowDays)
                throw new PolicyException("policy.windows." + name, "policy.windows." + name + " must be a whole number of days between 1 and " + MaxWindowDays + " (got " + days.ToString(CultureInfo.InvariantCulture) + ")");
        }

        private static void CheckRange(string field, double value, SignalInfo info, bool share)
        {
            if (share)
            {
                if (!(value >= 0 && value <= 100))
                    throw new PolicyException(field, field + " must be a share of accounts between 0 and 100 because the signal's scale is share (got " + Num(value) + ")");
                return;
            }
            if (!(value >= info.Min && value <= info.Max))
                throw new PolicyException(field, field + " must be between " + Num(info.Min) + " and " + Num(info.Max) + " (got " + Num(value) + ")");
        }

        internal static string Num(double v) => double.IsNaN(v) ? "NaN" : JsonWriter.FormatNumber(v);

        // ---------------------------------------------------------------- JSON

        /// <summary>
        /// Reads a policy from JSON. Every section and field is optional and takes the default when omitted;
        /// unknown fields, wrong types and out-of-range values are errors.
        /// </summary>
        /// <exception cref="PolicyException">The JSON is malformed or a value is not allowed; the message names the field.</exception>
        public static Policy Parse(string json) => PolicyJson.Parse(json, Default);

        /// <summary>Like <see cref="Parse"/>, without exceptions: returns false and the error message.</summary>
        public static bool TryParse(string? json, out Policy policy, out string? error)
        {
            try
            {
                policy = Parse(json ?? "");
                error = null;
                return true;
            }
            catch (PolicyException e)
            {
                policy = Default;
                error = e.Message;
                return false;
            }
        }

        /// <summary>The policy as indented JSON that <see cref="Parse"/> reads back to an equal policy.</summary>
        public string ToJson() => PolicyJson.Write(this);
    }
}
