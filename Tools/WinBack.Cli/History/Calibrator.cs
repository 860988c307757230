using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using WinBack.Core.Disengagement;

namespace WinBack.Cli.History;

public sealed class CalibrationOptions
{
    public int Folds { get; init; } = 5;
    public int Seed { get; init; } = 20261122;
    /// <summary>L2 penalty of the logistic regression reported beside the calibrated policy.</summary>
    public double L2 { get; init; } = 0.01;
    /// <summary>A signal needs at least this many accounts with data to be fitted.</summary>
    public int MinimumAvailable { get; init; } = 20;
    /// <summary>Boosting rounds of the additive model.</summary>
    public int Iterations { get; init; } = 500;
    /// <summary>
    /// The shapes and weights, and the logistic regression they are compared with, are fitted on at most this many
    /// accounts (one fixed-seed sample of each fold's training accounts; every held-out account is scored): shapes of
    /// at most 32 steps are settled long before that, and calibrate stays fast on large histories.
    /// </summary>
    public int MaximumShapeAccounts { get; init; } = 10000;
    /// <summary>At most this many steps per signal's shape (before monotone steps merge).</summary>
    public int MaximumBins { get; init; } = 32;
    /// <summary>
    /// When set: the share (0-1) of the history's accounts that should be at or above Watch, At risk and
    /// Disengaged; the band cut-offs are placed at those score quantiles. Null keeps the base policy's bands.
    /// </summary>
    public (double Watch, double AtRisk, double Disengaged)? BandShares { get; init; }

    /// <summary>Fewest accounts calibrate fits on.</summary>
    public const int MinimumAccounts = 50;
    /// <summary>Fewest churned accounts calibrate fits on.</summary>
    public const int MinimumChurned = 10;
}

public sealed class CalibrationResult
{
    public required Policy Policy { get; init; }
    public required Policy BasePolicy { get; init; }
    public int Accounts { get; init; }
    public int Churned { get; init; }
    /// <summary>Mean AUC over the held-out folds, each scored by the real scorer with the policy fitted on the other folds.</summary>
    public double CvAuc { get; init; }
    /// <summary>AUC of all out-of-fold scores pooled.</summary>
    public double CvAucPooled { get; init; }
    public IReadOnlyList<double> FoldAucs { get; init; } = [];
    /// <summary>Mean held-out AUC of a logistic regression on the history's own columns, on the same folds.</summary>
    public double LrCvAuc { get; init; }
    public IReadOnlyList<double> LrFoldAucs { get; init; } = [];
    /// <summary>The columns the logistic regression used, e.g. "logins_change".</summary>
    public IReadOnlyList<string> LrColumns { get; init; } = [];
    /// <summary>AUC of the base policy on the whole history (no fitting).</summary>
    public double BaseAuc { get; init; }
    /// <summary>AUC of the calibrated policy on the history it was fitted on (optimistic).</summary>
    public double TrainAuc { get; init; }
    /// <summary>Signals fitted on this history (a shape each; weight 0 when the shape came out flat).</summary>
    public IReadOnlyList<Signal> Fitted { get; init; } = [];
    /// <summary>Signals without enough data here: they keep the base policy's settings.</summary>
    public IReadOnlyList<Signal> Unseen { get; init; } = [];
    /// <summary>Signals with data whose every value is the same here: no signal, left as they were.</summary>
    public IReadOnlyList<Signal> Constant { get; init; } = [];
    /// <summary>Signals now stated as a share of accounts because their metric came only as a change.</summary>
    public IReadOnlyList<Signal> MadeRelative { get; init; } = [];
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>
/// Fits the policy to an organisation's history as a generalised additive model: one shape per signal (ML.NET's GAM
/// trainer, boosted one-feature trees on binned inputs), each projected onto the direction the policy declares with
/// the pool-adjacent-violators algorithm, so every signal still only pushes the score the way the policy says, and
/// written into the policy as a step function (cut points and severities) with a weight: the shape's range in log-odds.
/// Core evaluates the shapes with no dependency. The inputs are what the scorer reads: a signal's value, or its
/// standing in the file's population when it is stated as a share or its metric came only as a change.
/// <para>
/// Cross-validation is stratified k-fold; each fold is scored by the real scorer with the policy fitted on the other
/// folds, so cv_auc measures the policy exactly as it will run. On the same folds a logistic regression on the
/// history's own columns (lr_cv_auc) shows what the explainable model gives up, if anything.
/// </para>
/// </summary>
public static class Calibrator
{
    public static CalibrationResult Calibrate(IReadOnlyList<HistoryRow> rows, Policy basePolicy, CalibrationOptions options)
    {
        var labels = rows.Select(r => r.Churned == true).ToArray();
        int churned = labels.Count(l => l);
        if (churned == 0 || churned == rows.Count)
            throw new HistoryFileException($"calibration needs churned and retained accounts; this history has {churned} churned of {rows.Count}");
        if (rows.Count < CalibrationOptions.MinimumAccounts || churned < CalibrationOptions.MinimumChurned || rows.Count - churned < CalibrationOptions.MinimumChurned)
        {
            var needs = new List<string>();
            if (rows.Count < CalibrationOptions.MinimumAccounts) needs.Add($"{CalibrationOptions.MinimumAccounts - rows.Count} more account(s)");
            if (churned < CalibrationOptions.MinimumChurned) needs.Add($"{CalibrationOptions.MinimumChurned - churned} more churned account(s)");
            if (rows.Count - churned < CalibrationOptions.MinimumChurned) needs.Add($"{CalibrationOptions.MinimumChurned - (rows.Count - churned)} more retained account(s)");
            throw new HistoryFileException(
                $"calibrate needs at least {CalibrationOptions.MinimumAccounts} accounts, {CalibrationOptions.MinimumChurned} of them churned and {CalibrationOptions.MinimumChurned} retained, to fit a shape per signal and cross-validate it; " +
                $"this history has {rows.Count} account(s), {churned} churned: add {string.Join(" and ", needs)} (a longer history, or more accounts), or keep the default policy");
        }
        int folds = Math.Min(options.Folds, Math.Min(churned, rows.Count - churned));

        var population = PopulationDistribution.FromAccounts(rows.Select(r => r.Signals));
        // A decline signal whose metric came only as a change is judged by standing: its shape is fitted on that.
        var madeRelative = new List<Signal>();
        var policy = basePolicy;
        foreach (var signal in Signals.All())
        {
            var info = Signals.Info(signal);
            if (info.Kind != SignalKind.PercentDecline || policy[signal].Scale == SignalScale.Share) continue;
            int changeOnly = 0, withLevels = 0;
            foreach (var r in rows)
            {
                if (!double.IsNaN(DisengagementScorer.SignalValue(signal, r.Signals))) withLevels++;
                else if (!double.IsNaN(r.Signals.Change(info.Metric))) changeOnly++;
            }
            if (changeOnly >= options.MinimumAvailable && changeOnly > withLevels)
            {
                var c = policy.ChangeOnly;
                policy = policy.WithSignal(signal, new SignalSettings(policy[signal].Weight, c.Start, c.Threshold, c.Full, SignalScale.Share, null));
                madeRelative.Add(signal);
            }
        }

        var inputs = Inputs(rows, policy, population);

        // Stratified folds with a fixed seed: same input, same folds, same figures.
        var rng = new Random(options.Seed);
        var fold = new int[rows.Count];
        foreach (bool outcome in new[] { true, false })
        {
            var idx = Enumerable.Range(0, rows.Count).Where(i => labels[i] == outcome).ToArray();
            rng.Shuffle(idx);
            for (int k = 0; k < idx.Length; k++) fold[idx[k]] = k % folds;
        }

        var ml = new MLContext(options.Seed);
        var lr = new LogisticBaseline(rows, options);
        var oof = new double[rows.Count];
        var foldAucs = new List<double>();
        var lrAucs = new List<double>();
        for (int f = 0; f < folds; f++)
        {
            var train = Enumerable.Range(0, rows.Count).Where(i => fold[i] != f).ToArray();
            var test = Enumerable.Range(0, rows.Count).Where(i => fold[i] == f).ToArray();
            var fitted = Fit(ml, train, inputs, labels, policy, options).Policy;
            var scorer = new DisengagementScorer(fitted, population);
            var scores = new double[test.Length];
            for (int k = 0; k < test.Length; k++) oof[test[k]] = scores[k] = scorer.Score(rows[test[k]].Signals).Score;
            var testLabels = test.Select(i => labels[i]).ToArray();
            foldAucs.Add(Evaluation.Auc(scores, testLabels));
            lrAucs.Add(Evaluation.Auc(lr.FitAndScore(ml, Sample(train, options), test, labels), testLabels));
        }

        var full = Fit(ml, Enumerable.Range(0, rows.Count).ToArray(), inputs, labels, policy, options);
        double cvAuc = foldAucs.Where(a => !double.IsNaN(a)).DefaultIfEmpty(double.NaN).Average();
        var name = string.Format(CultureInfo.InvariantCulture, "Calibrated on {0} accounts ({1} churned), cv_auc {2:0.000}", rows.Count, churned, cvAuc);
        var calibrated = full.Policy.WithName(name);
        var notes = new List<string>(full.Notes);
        foreach (var s in madeRelative)
            notes.Add($"{Signals.Name(s)}: {MetricNames.Name(Signals.Info(s).Metric)} comes only as a change here, so the signal is judged by where the fall stands among the accounts' changes (scale share).");
        if (options.BandShares is { } shares) calibrated = calibrated.WithBands(BandsFromShares(rows, calibrated, population, shares, notes));
        return new CalibrationResult
        {
            Policy = calibrated,
            BasePolicy = basePolicy,
            Accounts = rows.Count,
            Churned = churned,
            CvAuc = cvAuc,
            CvAucPooled = Evaluation.Auc(oof, labels),
            FoldAucs = foldAucs,
            LrCvAuc = lrAucs.Where(a => !double.IsNaN(a)).DefaultIfEmpty(double.NaN).Average(),
            LrFoldAucs = lrAucs,
            LrColumns = lr.Columns,
            BaseAuc = Auc(rows, labels, basePolicy, population),
            TrainAuc = Auc(rows, labels, calibrated, population),
            Fitted = full.Fitted,
            Unseen = full.Unseen,
            Constant = full.Constant,
            MadeRelative = madeRelative,
            Notes = notes,
        };
    }

    private static double Auc(IReadOnlyList<HistoryRow> rows, bool[] labels, Policy policy, PopulationDistribution population)
    {
        var scorer = new DisengagementScorer(policy, population);
        return Evaluation.Auc(rows.Select(r => scorer.Score(r.Signals).Score).ToArray(), labels);
    }

    /// <summary>The training accounts the models are fitted on: all of them, or a fixed-seed sample of the largest histories.</summary>
    private static int[] Sample(int[] train, CalibrationOptions options)
    {
        if (train.Length <= options.MaximumShapeAccounts) return train;
        var sample = (int[])train.Clone();
        new Random(options.Seed).Shuffle(sample);
        return sample.Take(options.MaximumShapeAccounts).ToArray();
    }

    /// <summary>Every row's per-signal inputs as the scorer reads them (NaN where not available), signal-major.</summary>
    private static double[][] Inputs(IReadOnlyList<HistoryRow> rows, Policy policy, PopulationDistribution population)
    {
        var scorer = new DisengagementScorer(policy, population);
        var x = new double[Signals.Count][];
        for (int j = 0; j < x.Length; j++) x[j] = new double[rows.Count];
        var buffer = new double[Signals.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            scorer.Inputs(rows[i].Signals, buffer);
            for (int j = 0; j < buffer.Length; j++) x[j][i] = buffer[j];
        }
        return x;
    }

    /// <summary>
    /// Band cut-offs at the score quantiles that put the requested shares of accounts at or above each band,
    /// as whole scores, kept strictly increasing inside 1-100 (ties in the scores can make a share unreachable).
    /// </summary>
    internal static PolicyBands BandsFromShares(IReadOnlyList<HistoryRow> rows, Policy policy, PopulationDistribution population,
        (double Watch, double AtRisk, double Disengaged) shares, List<string> notes)
    {
        var scorer = new DisengagementScorer(policy, population);
        var scores = rows.Select(r => (double)scorer.Score(r.Signals).RoundedScore).OrderByDescending(v => v).ToArray();
        double CutFor(double share)
        {
            int k = Math.Clamp((int)Math.Ceiling(share * scores.Length), 1, scores.Length);
            return Math.Max(1, scores[k - 1]);
        }
        double watch = Math.Min(CutFor(shares.Watch), 98);
        double atRisk = Math.Min(Math.Max(CutFor(shares.AtRisk), watch + 1), 99);
        double disengaged = Math.Min(Math.Max(CutFor(shares.Disengaged), atRisk + 1), 100);
        var bands = new PolicyBands(watch, atRisk, disengaged);
        int Share(double cut) => scores.Count(v => v >= cut);
        notes.Add(string.Format(CultureInfo.InvariantCulture,
            "Bands set from the history: Watch {0} ({1} accounts at or above), At risk {2} ({3}), Disengaged {4} ({5}).",
            watch, Share(watch), atRisk, Share(atRisk), disengaged, Share(disengaged)));
        return bands;
    }

    private sealed record FitResult(Policy Policy, List<Signal> Fitted, List<Signal> Unseen, List<Signal> Constant, List<string> Notes);

    private sealed class GamRow
    {
        public bool Label { get; set; }
        public float[] Features { get; set; } = [];
    }

    private static FitResult Fit(MLContext ml, int[] train, double[][] inputs, bool[] labels, Policy policy, CalibrationOptions options)
    {
        var notes = new List<string>();
        var fitted = new List<Signal>();
        var unseen = new List<Signal>();
        var constant = new List<Signal>();
        var medians = new Dictionary<Signal, double>();
        foreach (var signal in Signals.All())
        {
            var col = inputs[(int)signal];
            var known = train.Select(i => col[i]).Where(v => !double.IsNaN(v)).ToArray();
            if (known.Length < options.MinimumAvailable) { unseen.Add(signal); continue; }
            if (known.All(v => v == known[0])) { constant.Add(signal); continue; }
            Array.Sort(known);
            medians[signal] = known[known.Length / 2];
            fitted.Add(signal);
        }
        if (fitted.Count == 0)
        {
            notes.Add("No signal in this history varies between accounts; the policy was left as it was.");
            return new FitResult(policy, fitted, unseen, constant, notes);
        }

        // A missing input is imputed with the median for fitting; the scorer leaves it out and renormalises.
        int k = fitted.Count;
        var sample = Sample(train, options);
        var data = new GamRow[sample.Length];
        for (int r = 0; r < sample.Length; r++)
        {
            var features = new float[k];
            for (int j = 0; j < k; j++)
            {
                double v = inputs[(int)fitted[j]][sample[r]];
                features[j] = (float)(double.IsNaN(v) ? medians[fitted[j]] : v);
            }
            data[r] = new GamRow { Label = labels[sample[r]], Features = features };
        }
        var schema = SchemaDefinition.Create(typeof(GamRow));
        schema[nameof(GamRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, k);
        var view = ml.Data.LoadFromEnumerable(data, schema);
        var trainer = ml.BinaryClassification.Trainers.Gam(new GamBinaryTrainer.Options
        {
            LabelColumnName = nameof(GamRow.Label),
            FeatureColumnName = nameof(GamRow.Features),
            NumberOfIterations = options.Iterations,
            MaximumBinCountPerFeature = options.MaximumBins,
            LearningRate = 0.1,
            NumberOfThreads = 1,
        });
        var gam = trainer.Fit(view).Model.SubModel;

        var shapes = new Dictionary<Signal, (double[] Cuts, double[] Effects)>();
        foreach (var (signal, j) in fitted.Select((s, j) => (s, j)))
        {
            var bounds = gam.GetBinUpperBounds(j).ToArray();
            var effects = gam.GetBinEffects(j).ToArray();
            if (effects.Length < 2) continue;
            var info = Signals.Info(signal);
            bool falling = info.LowerIsWorse && policy[signal].Scale == SignalScale.Value;
            // Weights of the bins: how many training accounts fell into each.
            var counts = new double[effects.Length];
            for (int r = 0; r < data.Length; r++)
            {
                double v = data[r].Features[j];
                int b = 0;
                while (b < bounds.Length - 1 && v > bounds[b]) b++;
                counts[b]++;
            }
            var projected = Isotonic(effects, counts, falling);
            shapes[signal] = (bounds.Take(bounds.Length - 1).ToArray(), projected);
        }

        // Each shape becomes severities 0-1; the weights are then fitted on those severities (logistic regression on the same sample,
        // weights at or above 0), which also undoes the boosting's uneven shrinkage between signals. They share what
        // the fitted signals weighed before, so signals this history lacks keep their balance against them.
        var settings = policy.SignalSettings.ToArray();
        var functions = new Dictionary<Signal, ShapeFunction>();
        foreach (var signal in fitted)
        {
            if (!shapes.TryGetValue(signal, out var shape) || shape.Effects.Max() - shape.Effects.Min() <= 1e-9) continue;
            double min = shape.Effects.Min(), range = shape.Effects.Max() - min;
            var (cuts, severities) = Merge(shape.Cuts, shape.Effects.Select(e => Math.Round((e - min) / range, 4)).ToArray());
            functions[signal] = new ShapeFunction(cuts, severities);
        }
        var used = functions.Keys.ToList();
        var columns = new double[used.Count][];
        for (int j = 0; j < used.Count; j++)
        {
            var fn = functions[used[j]];
            var col = inputs[(int)used[j]];
            var x = new double[sample.Length];
            double sum = 0;
            int known = 0;
            for (int r = 0; r < sample.Length; r++)
            {
                double v = col[sample[r]];
                x[r] = double.IsNaN(v) ? double.NaN : fn.Evaluate(v);
                if (!double.IsNaN(x[r])) { sum += x[r]; known++; }
            }
            // A missing severity is imputed with the mean: neutral, as renormalisation is in the scorer.
            double mean = known > 0 ? sum / known : 0;
            for (int r = 0; r < x.Length; r++) if (double.IsNaN(x[r])) x[r] = mean;
            columns[j] = x;
        }
        var y = sample.Select(i => labels[i] ? 1.0 : 0.0).ToArray();
        var beta = used.Count > 0 ? FitNonNegativeLogistic(columns, y, 1e-4, 200) : [];
        double betaSum = beta.Sum();
        double before = fitted.Sum(s => policy[s].Weight);
        double target = before > 0 ? before : 50;
        double scale = betaSum > 0 ? target / betaSum : 0;
        if (beta.Length > 0 && beta.Max() * scale > 100) scale = 100 / beta.Max();
        foreach (var signal in fitted)
        {
            var info = Signals.Info(signal);
            var old = policy[signal];
            int j = used.IndexOf(signal);
            if (j < 0)
            {
                settings[(int)signal] = new SignalSettings(0, old.Start, old.Threshold, old.Full, old.Scale, null);
                continue;
            }
            var fn = functions[signal];
            bool share = old.Scale == SignalScale.Share;
            bool falling = info.LowerIsWorse && !share;
            double lo = share ? 0 : info.Min, hi = share ? 100 : info.Max;
            // Start, threshold and full describe the shape for people: where it leaves 0, reaches 0.5 and reaches 1.
            double start = Clamp(fn.Crossing(1e-9, falling), lo, hi), threshold = Clamp(fn.Crossing(0.5, falling), lo, hi), full = Clamp(fn.Crossing(1, falling), lo, hi);
            if (falling) { threshold = Math.Min(threshold, start); full = Math.Min(full, threshold); }
            else { threshold = Math.Max(threshold, start); full = Math.Max(full, threshold); }
            double weight = Math.Round(beta[j] * scale, 2, MidpointRounding.AwayFromZero);
            settings[(int)signal] = new SignalSettings(weight, Round(start), Round(threshold), Round(full), old.Scale, weight > 0 ? fn : null);
        }
        if (settings.Sum(s => s.Weight) <= 0)
        {
            notes.Add("No signal in this history separates churned from retained accounts in the direction the policy declares; the weights were left as they were.");
            return new FitResult(policy, fitted, unseen, constant, notes);
        }
        return new FitResult(new Policy(policy.Name, policy.Windows, policy.Bands, settings, policy.ChangeOnly), fitted, unseen, constant, notes);
    }

    /// <summary>
    /// Logistic regression with a free intercept and coefficients held at or above zero, by cyclic coordinate
    /// descent with the 1/4 curvature bound (each step lowers the penalised loss).
    /// </summary>
    internal static double[] FitNonNegativeLogistic(double[][] columns, double[] y, double l2, int maxSweeps)
    {
        int d = columns.Length, n = y.Length;
        var beta = new double[d];
        double mean = y.Average();
        double intercept = Math.Log(mean / (1 - mean));
        var eta = Enumerable.Repeat(intercept, n).ToArray();
        var curvature = new double[d];
        for (int j = 0; j < d; j++) curvature[j] = 0.25 * columns[j].Sum(v => v * v) / n + l2;
        var residual = new double[n];
        for (int sweep = 0; sweep < maxSweeps; sweep++)
        {
            double biggest = 0;
            for (int i = 0; i < n; i++) residual[i] = Sigmoid(eta[i]) - y[i];
            double step0 = residual.Average() / 0.25;
            intercept -= step0;
            for (int i = 0; i < n; i++) eta[i] -= step0;
            biggest = Math.Max(biggest, Math.Abs(step0));
            for (int j = 0; j < d; j++)
            {
                var col = columns[j];
                double g = 0;
                for (int i = 0; i < n; i++) g += (Sigmoid(eta[i]) - y[i]) * col[i];
                g = g / n + l2 * beta[j];
                double updated = Math.Max(0, beta[j] - g / curvature[j]);
                double delta = updated - beta[j];
                if (delta == 0) continue;
                beta[j] = updated;
                for (int i = 0; i < n; i++) eta[i] += delta * col[i];
                biggest = Math.Max(biggest, Math.Abs(delta));
            }
            if (biggest < 1e-7) break;
        }
        return beta;
    }

    private static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));


    /// <summary>Pool adjacent violators: the weighted least-squares monotone fit (rising, or falling).</summary>
    internal static double[] Isotonic(double[] values, double[] weights, bool falling)
    {
        int n = values.Length;
        var v = new double[n];
        var w = new double[n];
        var size = new int[n];
        int blocks = 0;
        for (int i = 0; i < n; i++)
        {
            double value = falling ? -values[i] : values[i];
            double weight = Math.Max(weights[i], 1e-9);
            v[blocks] = value; w[blocks] = weight; size[blocks] = 1; blocks++;
            while (blocks > 1 && v[blocks - 2] > v[blocks - 1])
            {
                double total = w[blocks - 2] + w[blocks - 1];
                v[blocks - 2] = (v[blocks - 2] * w[blocks - 2] + v[blocks - 1] * w[blocks - 1]) / total;
                w[blocks - 2] = total;
                size[blocks - 2] += size[blocks - 1];
                blocks--;
            }
        }
        var result = new double[n];
        int at = 0;
        for (int b = 0; b < blocks; b++)
            for (int s = 0; s < size[b]; s++) result[at++] = falling ? -v[b] : v[b];
        return result;
    }

    /// <summary>Drops cut points between equal steps, so a projected shape keeps only the steps where it changes.</summary>
    private static (double[] Cuts, double[] Severities) Merge(double[] cuts, double[] severities)
    {
        var c = new List<double>();
        var s = new List<double> { severities[0] };
        for (int i = 1; i < severities.Length; i++)
        {
            if (severities[i] == s[^1]) continue;
            c.Add(Math.Round(cuts[i - 1], 6));
            s.Add(severities[i]);
        }
        if (c.Count == 0) { c.Add(Math.Round(cuts[0], 6)); s.Add(s[0]); }
        return (c.ToArray(), s.ToArray());
    }

    private static double Clamp(double v, double lo, double hi) => double.IsNaN(v) ? hi : Math.Min(hi, Math.Max(lo, v));

    private static double Round(double v) => Math.Round(v, 2, MidpointRounding.AwayFromZero);

    /// <summary>
    /// The comparison: an L2-regularised logistic regression (ML.NET's L-BFGS trainer) on the history's own columns
    /// (every level, previous level and change the file gives, missing values as the fold's mean, standardised).
    /// </summary>
    private sealed class LogisticBaseline
    {
        private readonly List<double[]> _columns = new();
        private readonly CalibrationOptions _options;

        public LogisticBaseline(IReadOnlyList<HistoryRow> rows, CalibrationOptions options)
        {
            _options = options;
            var names = new List<string>();
            foreach (var metric in MetricNames.All())
            {
                foreach (var (suffix, read) in new (string, Func<AccountSignals, double>)[]
                {
                    ("", s => s.Current(metric)), ("_previous", s => s.Previous(metric)), ("_change", s => s.Change(metric)),
                })
                {
                    var col = rows.Select(r => read(r.Signals)).ToArray();
                    var known = col.Where(v => !double.IsNaN(v)).ToArray();
                    if (known.Length < options.MinimumAvailable || known.All(v => v == known[0])) continue;
                    _columns.Add(col);
                    names.Add(MetricNames.Name(metric) + suffix);
                }
            }
            Columns = names;
        }

        public IReadOnlyList<string> Columns { get; }

        public double[] FitAndScore(MLContext ml, int[] train, int[] test, bool[] labels)
        {
            if (_columns.Count == 0) return new double[test.Length];
            int k = _columns.Count;
            var mean = new double[k];
            var sd = new double[k];
            for (int j = 0; j < k; j++)
            {
                var known = train.Select(i => _columns[j][i]).Where(v => !double.IsNaN(v)).ToArray();
                mean[j] = known.Length == 0 ? 0 : known.Average();
                double variance = known.Length == 0 ? 0 : known.Sum(v => (v - mean[j]) * (v - mean[j])) / known.Length;
                sd[j] = variance > 0 ? Math.Sqrt(variance) : 1;
            }
            GamRow Row(int i) => new()
            {
                Label = labels[i],
                Features = Enumerable.Range(0, k).Select(j => (float)((double.IsNaN(_columns[j][i]) ? 0 : (_columns[j][i] - mean[j]) / sd[j]))).ToArray(),
            };
            var schema = SchemaDefinition.Create(typeof(GamRow));
            schema[nameof(GamRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, k);
            var trainView = ml.Data.LoadFromEnumerable(train.Select(Row).ToArray(), schema);
            var model = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
            {
                LabelColumnName = nameof(GamRow.Label),
                FeatureColumnName = nameof(GamRow.Features),
                L2Regularization = (float)_options.L2,
                L1Regularization = 0,
                NumberOfThreads = 1,
            }).Fit(trainView);
            var testView = model.Transform(ml.Data.LoadFromEnumerable(test.Select(Row).ToArray(), schema));
            return testView.GetColumn<float>("Score").Select(v => (double)v).ToArray();
        }
    }
}
