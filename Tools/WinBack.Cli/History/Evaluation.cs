using WinBack.Core.Disengagement;

namespace WinBack.Cli.History;

/// <summary>Ranking measures for scores against known outcomes.</summary>
public static class Evaluation
{
    /// <summary>
    /// Area under the ROC curve (Mann-Whitney U; ties count half): the chance that a random churned account scores
    /// above a random retained one. NaN when either class is empty.
    /// </summary>
    public static double Auc(IReadOnlyList<double> scores, IReadOnlyList<bool> churned)
    {
        int n = scores.Count;
        var order = Enumerable.Range(0, n).OrderBy(i => scores[i]).ToArray();
        double rankSumPositive = 0;
        long positives = 0;
        int k = 0;
        while (k < n)
        {
            int j = k;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[k]]) j++;
            double averageRank = (k + j) / 2.0 + 1; // 1-based ranks, ties averaged
            for (int m = k; m <= j; m++)
            {
                if (churned[order[m]]) { rankSumPositive += averageRank; positives++; }
            }
            k = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) return double.NaN;
        return (rankSumPositive - positives * (positives + 1) / 2.0) / (positives * (double)negatives);
    }

    /// <summary>
    /// Precision and recall among the top <paramref name="share"/> of accounts by score (at least one account).
    /// Accounts tied at the cut-off are taken in proportion, so the figures do not depend on row order.
    /// </summary>
    public static (double Precision, double Recall, int Count) Top(IReadOnlyList<double> scores, IReadOnlyList<bool> churned, double share)
    {
        int n = scores.Count;
        if (n == 0) return (double.NaN, double.NaN, 0);
        int k = Math.Max(1, (int)Math.Ceiling(n * share - 1e-9));
        var sorted = scores.OrderByDescending(s => s).ToArray();
        double cutoff = sorted[k - 1];
        int above = 0, tied = 0, positivesAbove = 0, positivesTied = 0, positives = 0;
        for (int i = 0; i < n; i++)
        {
            if (churned[i]) positives++;
            if (scores[i] > cutoff) { above++; if (churned[i]) positivesAbove++; }
            else if (scores[i] == cutoff) { tied++; if (churned[i]) positivesTied++; }
        }
        double expected = positivesAbove + (k - above) * (double)positivesTied / tied;
        return (expected / k, positives == 0 ? double.NaN : expected / positives, k);
    }
}

public sealed record GapLift(Gap Gap, int Flagged, int ChurnedFlagged, double ChurnRate, double Lift);

public sealed record SignalStat(Signal Signal, double Weight, int Available, int AtThreshold, int ChurnedAtThreshold,
    double ChurnRateAtThreshold, double Lift, double Auc);

public sealed record MetricStat(Metric Metric, int Available, double Auc);

/// <summary>The outcome of a backtest.</summary>
public sealed class BacktestReport
{
    public int Accounts { get; init; }
    public int Churned { get; init; }
    public double ChurnRate => Accounts == 0 ? double.NaN : Churned / (double)Accounts;
    public double Auc { get; init; }
    public double PrecisionTop5 { get; init; }
    public double RecallTop5 { get; init; }
    public double PrecisionTop10 { get; init; }
    public double RecallTop10 { get; init; }
    public int CountTop5 { get; init; }
    public int CountTop10 { get; init; }
    public double LiftTop5 => PrecisionTop5 / ChurnRate;
    public double LiftTop10 => PrecisionTop10 / ChurnRate;
    public double MeanCoverage { get; init; }
    public IReadOnlyList<(RiskBand Band, int Accounts, int Churned)> Bands { get; init; } = [];
    public IReadOnlyList<GapLift> Gaps { get; init; } = [];
    public IReadOnlyList<SignalStat> Signals { get; init; } = [];
    public IReadOnlyList<MetricStat> Metrics { get; init; } = [];

    /// <summary>Signals measured on enough accounts of both outcomes, best AUC first.</summary>
    public IEnumerable<SignalStat> BestSignals(int minimum = 20) =>
        Signals.Where(s => s.Available >= minimum && !double.IsNaN(s.Auc)).OrderByDescending(s => s.Auc);
}

/// <summary>Scores a history with a policy and measures how well the score ranks the accounts that later churned.</summary>
public static class Backtest
{
    /// <summary>Backtests <paramref name="rows"/>; the population is the rows themselves unless given.</summary>
    public static BacktestReport Run(IReadOnlyList<HistoryRow> rows, Policy policy, PopulationDistribution? population = null)
    {
        population ??= PopulationDistribution.FromAccounts(rows.Select(r => r.Signals));
        var scorer = new DisengagementScorer(policy, population);
        int n = rows.Count;
        var labels = rows.Select(r => r.Churned == true).ToArray();
        var scores = new double[n];
        var results = new ScoreResult[n];
        var severities = new double[n][];
        for (int i = 0; i < n; i++)
        {
            results[i] = scorer.Score(rows[i].Signals);
            scores[i] = results[i].Score;
            severities[i] = new double[Signals.Count];
            scorer.Severities(rows[i].Signals, severities[i]);
        }
        int churned = labels.Count(l => l);
        double baseRate = n == 0 ? double.NaN : churned / (double)n;
        var top5 = Evaluation.Top(scores, labels, 0.05);
        var top10 = Evaluation.Top(scores, labels, 0.10);

        var gaps = new List<GapLift>();
        foreach (Gap gap in Enum.GetValues<Gap>())
        {
            int flagged = 0, flaggedChurned = 0;
            for (int i = 0; i < n; i++)
            {
                if (!results[i].IsFlagged(gap)) continue;
                flagged++;
                if (labels[i]) flaggedChurned++;
            }
            double rate = flagged == 0 ? double.NaN : flaggedChurned / (double)flagged;
            gaps.Add(new GapLift(gap, flagged, flaggedChurned, rate, rate / baseRate));
        }

        var signals = new List<SignalStat>();
        foreach (var signal in WinBack.Core.Disengagement.Signals.All())
        {
            int j = (int)signal;
            var s = new List<double>();
            var l = new List<bool>();
            int hit = 0, hitChurned = 0;
            for (int i = 0; i < n; i++)
            {
                double v = severities[i][j];
                if (double.IsNaN(v)) continue;
                s.Add(v);
                l.Add(labels[i]);
                if (v >= 0.5) { hit++; if (labels[i]) hitChurned++; }
            }
            double rate = hit == 0 ? double.NaN : hitChurned / (double)hit;
            signals.Add(new SignalStat(signal, policy[signal].Weight, s.Count, hit, hitChurned, rate, rate / baseRate, s.Count == 0 ? double.NaN : Evaluation.Auc(s, l)));
        }

        var metrics = new List<MetricStat>();
        foreach (var metric in MetricNames.All())
        {
            var s = new List<double>();
            var l = new List<bool>();
            for (int i = 0; i < n; i++)
            {
                double v = rows[i].Signals.Current(metric);
                if (double.IsNaN(v)) continue;
                s.Add(v);
                l.Add(labels[i]);
            }
            if (s.Count > 0) metrics.Add(new MetricStat(metric, s.Count, Evaluation.Auc(s, l)));
        }

        var bands = new List<(RiskBand, int, int)>();
        foreach (var band in new[] { RiskBand.Healthy, RiskBand.Watch, RiskBand.AtRisk, RiskBand.Disengaged })
        {
            int count = 0, c = 0;
            for (int i = 0; i < n; i++) if (results[i].Band == band) { count++; if (labels[i]) c++; }
            bands.Add((band, count, c));
        }

        return new BacktestReport
        {
            Accounts = n,
            Churned = churned,
            Auc = Evaluation.Auc(scores, labels),
            PrecisionTop5 = top5.Precision,
            RecallTop5 = top5.Recall,
            CountTop5 = top5.Count,
            PrecisionTop10 = top10.Precision,
            RecallTop10 = top10.Recall,
            CountTop10 = top10.Count,
            MeanCoverage = n == 0 ? double.NaN : results.Average(r => r.Coverage),
            Bands = bands,
            Gaps = gaps,
            Signals = signals,
            Metrics = metrics,
        };
    }
}
