using System.Globalization;
using WinBack.Core.Disengagement;

namespace WinBack.Cli.History;

public sealed class CalibrationOptions
{
    public int Folds { get; init; } = 5;
    public int Seed { get; init; } = 20261122;
    /// <summary>L2 penalty on the mean log-loss scale.</summary>
    public double L2 { get; init; } = 0.01;
    public int MaxSweeps { get; init; } = 500;
    /// <summary>A signal needs at least this many accounts with data to be fitted.</summary>
    public int MinimumAvailable { get; init; } = 20;
    /// <summary>
    /// When set: the share (0-1) of the history's accounts that should be at or above Watch, At risk and
    /// Disengaged; the band cut-offs are placed at those score quantiles. Null keeps the base policy's bands.
    /// </summary>
    public (double Watch, double AtRisk, double Disengaged)? BandShares { get; init; }
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
    /// <summary>AUC of the base policy on the whole history (no fitting).</summary>
    public double BaseAuc { get; init; }
    /// <summary>AUC of the calibrated policy on the history it was fitted on (optimistic).</summary>
    public double TrainAuc { get; init; }
    /// <summary>Signals fitted on this history.</summary>
    public IReadOnlyList<Signal> Fitted { get; init; } = [];
    /// <summary>Signals without enough data here: they keep the base policy's weight.</summary>
    public IReadOnlyList<Signal> Unseen { get; init; } = [];
    /// <summary>Level signals whose thresholds were set from this history's quantiles.</summary>
    public IReadOnlyList<Signal> ThresholdsFromData { get; init; } = [];
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>
/// Fits the policy's weights to an organisation's history with an interpretable additive model: L2-regularised
/// logistic regression on the policy's own per-signal severities, with weights held at or above zero so every
/// signal can only push the score the way the policy says (monotonicity survives calibration). Thresholds come
/// from the base policy (published practice), except the four level signals (lowLogins, lowActiveUsers,
/// lowUsage, lowSpend) whose absolute scale only an organisation's own data can give: when the base policy
/// leaves them unset (0/0/0) they get start, threshold and full at the 50th, 25th and 10th percentile.
/// Cross-validation is stratified k-fold; each fold is scored by the real scorer with the policy fitted on the
/// other folds, so cv_auc measures the policy exactly as it will run.
/// </summary>
public static class Calibrator
{
    private static readonly Signal[] LevelSignals = { Signal.LowLogins, Signal.LowActiveUsers, Signal.LowUsage, Signal.LowSpend };

    public static CalibrationResult Calibrate(IReadOnlyList<HistoryRow> rows, Policy basePolicy, CalibrationOptions options)
    {
        if (rows.Count == 0) throw new HistoryFileException("no usable rows to calibrate on");
        var labels = rows.Select(r => r.Churned == true).ToArray();
        int churned = labels.Count(l => l);
        if (churned == 0 || churned == rows.Count)
            throw new HistoryFileException($"calibration needs churned and retained accounts; this history has {churned} churned of {rows.Count}");
        int folds = Math.Min(options.Folds, Math.Min(churned, rows.Count - churned));
        if (folds < 2) throw new HistoryFileException("too few churned or retained accounts for cross-validation (need at least 2 of each)");

        // Stratified folds with a fixed seed: same input, same folds, same figures.
        var rng = new Random(options.Seed);
        var fold = new int[rows.Count];
        foreach (bool outcome in new[] { true, false })
        {
            var idx = Enumerable.Range(0, rows.Count).Where(i => labels[i] == outcome).ToArray();
            rng.Shuffle(idx);
            for (int k = 0; k < idx.Length; k++) fold[idx[k]] = k % folds;
        }

        var oof = new double[rows.Count];
        var foldAucs = new List<double>();
        for (int f = 0; f < folds; f++)
        {
            var train = Enumerable.Range(0, rows.Count).Where(i => fold[i] != f).Select(i => rows[i]).ToList();
            var testIdx = Enumerable.Range(0, rows.Count).Where(i => fold[i] == f).ToArray();
            var fitted = Fit(train, basePolicy, options).Policy;
            var scorer = new DisengagementScorer(fitted);
            var scores = new double[testIdx.Length];
            for (int k = 0; k < testIdx.Length; k++) oof[testIdx[k]] = scores[k] = scorer.Score(rows[testIdx[k]].Signals).Score;
            foldAucs.Add(Evaluation.Auc(scores, testIdx.Select(i => labels[i]).ToArray()));
        }

        var full = Fit(rows, basePolicy, options);
        var name = string.Format(CultureInfo.InvariantCulture, "Calibrated on {0} accounts ({1} churned), cv_auc {2:0.000}",
            rows.Count, churned, foldAucs.Average());
        var policy = full.Policy.WithName(name);
        var notes = new List<string>(full.Notes);
        if (options.BandShares is { } shares)
        {
            var bands = BandsFromShares(rows, policy, shares, notes);
            policy = policy.WithBands(bands);
        }
        return new CalibrationResult
        {
            Policy = policy,
            BasePolicy = basePolicy,
            Accounts = rows.Count,
            Churned = churned,
            CvAuc = foldAucs.Where(a => !double.IsNaN(a)).DefaultIfEmpty(double.NaN).Average(),
            CvAucPooled = Evaluation.Auc(oof, labels),
            FoldAucs = foldAucs,
            BaseAuc = Backtest.Run(rows, basePolicy).Auc,
            TrainAuc = Backtest.Run(rows, policy).Auc,
            Fitted = full.Fitted,
            Unseen = full.Unseen,
            ThresholdsFromData = full.ThresholdsFromData,
            Notes = notes,
        };
    }

    /// <summary>
    /// Band cut-offs at the score quantiles that put the requested shares of accounts at or above each band,
    /// as whole scores, kept strictly increasing inside 1-100 (ties in the scores can make a share unreachable).
    /// </summary>
    internal static PolicyBands BandsFromShares(IReadOnlyList<HistoryRow> rows, Policy policy,
        (double Watch, double AtRisk, double Disengaged) shares, List<string> notes)
    {
        var scorer = new DisengagementScorer(policy);
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

    private sealed record FitResult(Policy Policy, List<Signal> Fitted, List<Signal> Unseen, List<Signal> ThresholdsFromData, List<string> Notes);

    private static FitResult Fit(IReadOnlyList<HistoryRow> rows, Policy basePolicy, CalibrationOptions options)
    {
        var notes = new List<string>();
        var policy = basePolicy;
        var fromData = new List<Signal>();
        foreach (var signal in LevelSignals)
        {
            var s = policy[signal];
            if (s.Start != 0 || s.Threshold != 0 || s.Full != 0) continue; // set by the organisation: keep
            var metric = Signals.Info(signal).Metric;
            var values = rows.Select(r => r.Signals.Current(metric)).Where(v => !double.IsNaN(v)).OrderBy(v => v).ToArray();
            if (values.Length < options.MinimumAvailable) continue;
            double q50 = Quantile(values, 0.50), q25 = Quantile(values, 0.25), q10 = Quantile(values, 0.10);
            policy = policy.WithSignal(signal, new SignalSettings(s.Weight, Round(q50), Round(q25), Round(q10)));
            fromData.Add(signal);
        }

        var scorer = new DisengagementScorer(policy);
        int n = rows.Count, d = Signals.Count;
        var x = new double[d][];
        for (int j = 0; j < d; j++) x[j] = new double[n];
        var buffer = new double[d];
        for (int i = 0; i < n; i++)
        {
            scorer.Severities(rows[i].Signals, buffer);
            for (int j = 0; j < d; j++) x[j][i] = buffer[j];
        }
        var y = rows.Select(r => r.Churned == true ? 1.0 : 0.0).ToArray();

        var fitted = new List<Signal>();
        var unseen = new List<Signal>();
        for (int j = 0; j < d; j++)
        {
            var col = x[j];
            int available = 0;
            double sum = 0, min = double.MaxValue, max = double.MinValue;
            foreach (var v in col)
            {
                if (double.IsNaN(v)) continue;
                available++;
                sum += v;
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
            if (available < options.MinimumAvailable || max <= min)
            {
                unseen.Add((Signal)j);
                continue;
            }
            // A missing severity is imputed with the mean: neutral, as renormalisation is in the scorer.
            double mean = sum / available;
            for (int i = 0; i < n; i++) if (double.IsNaN(col[i])) col[i] = mean;
            fitted.Add((Signal)j);
        }

        var beta = FitNonNegativeLogistic(fitted.Select(s => x[(int)s]).ToArray(), y, options.L2, options.MaxSweeps);
        var weights = new double[d];
        for (int j = 0; j < d; j++) weights[j] = policy[(Signal)j].Weight;
        double betaSum = beta.Sum();
        if (fitted.Count == 0 || betaSum <= 0)
        {
            notes.Add("No signal in this history separates churned from retained accounts; the weights were left as they were.");
            return new FitResult(policy, fitted, unseen, fromData, notes);
        }
        // Keep the balance between fitted and unseen signals: fitted weights share what they had before.
        double seenBefore = fitted.Sum(s => policy[s].Weight);
        double target = seenBefore > 0 ? seenBefore : 50;
        double scale = target / betaSum;
        if (beta.Max() * scale > 100) scale = 100 / beta.Max();
        for (int k = 0; k < fitted.Count; k++) weights[(int)fitted[k]] = Round(beta[k] * scale);
        if (weights.Sum() <= 0) weights[(int)fitted[Array.IndexOf(beta, beta.Max())]] = 1;
        return new FitResult(policy.WithWeights(weights), fitted, unseen, fromData, notes);
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

    private static double Quantile(double[] sorted, double q)
    {
        double pos = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(pos), hi = (int)Math.Ceiling(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    private static double Round(double v) => Math.Round(v, 2, MidpointRounding.AwayFromZero);
}
