using WinBack.Core.Disengagement;

namespace WinBack.Core.Tests;

/// <summary>Random accounts for property tests: a fixed seed, some metrics missing, some values extreme.</summary>
internal static class TestAccounts
{
    public const int Seed = 4242;

    public static AccountSignals Random(Random rng, double missingShare = 0.3)
    {
        var s = new AccountSignals();
        foreach (var m in MetricNames.All())
        {
            if (rng.NextDouble() < missingShare) continue;
            double max = m switch
            {
                Metric.Satisfaction => 100,
                Metric.Severity => 4,
                Metric.ChampionLeft => 1,
                Metric.DaysSinceLastActivity => 120,
                Metric.TenureMonths => 60,
                Metric.MonthsToRenewal => 24,
                _ => rng.NextDouble() < 0.1 ? 1e6 : 50,
            };
            double Draw() => m == Metric.ChampionLeft ? rng.Next(2) : Math.Round(rng.NextDouble() * max, rng.Next(2));
            switch (rng.Next(5))
            {
                case 0: s.Set(m, current: Draw()); break;
                case 1: s.Set(m, current: Draw(), previous: Draw()); break;
                case 2: s.Set(m, previous: Draw(), change: Math.Round((rng.NextDouble() - 0.5) * max)); break;
                case 3: s.Set(m, change: Math.Round((rng.NextDouble() - 0.5) * max)); break;
                default: s.Set(m, current: Draw(), previous: Draw(), change: Math.Round((rng.NextDouble() - 0.5) * max)); break;
            }
        }
        return s;
    }

    public static DisengagementScorer Scorer(Policy? policy = null) => new(policy ?? Policy.Default);
}
