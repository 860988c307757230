using WinBack.Core.Disengagement;

namespace WinBack.Core.Tests;

public class ScorerPropertyTests
{
    private static readonly DisengagementScorer Scorer = TestAccounts.Scorer();

    [Fact]
    public void Score_is_always_between_0_and_100_and_gap_points_add_up_to_it()
    {
        var rng = new Random(TestAccounts.Seed);
        for (int i = 0; i < 20_000; i++)
        {
            var s = TestAccounts.Random(rng, missingShare: rng.NextDouble());
            var r = Scorer.Score(s);
            Assert.InRange(r.Score, 0, 100);
            Assert.InRange(r.RoundedScore, 0, 100);
            Assert.InRange(r.Coverage, 0, 1.0000001);
            double sum = 0;
            foreach (Gap g in Enum.GetValues<Gap>())
            {
                Assert.True(r.Points(g) >= 0);
                sum += r.Points(g);
            }
            Assert.Equal(r.Score, sum, 9);
            Assert.Equal(Policy.Default.BandOf(r.RoundedScore), r.Band);
        }
    }

    [Fact]
    public void Missing_signals_never_throw_even_with_odd_values()
    {
        var rng = new Random(TestAccounts.Seed + 1);
        double[] odd = { double.NaN, 0, -0.0, -5, 1e300, -1e300, double.Epsilon, 1e-300 };
        for (int i = 0; i < 5_000; i++)
        {
            var s = new AccountSignals();
            foreach (var m in MetricNames.All())
            {
                if (rng.Next(3) == 0) continue;
                s.Set(m, odd[rng.Next(odd.Length)], odd[rng.Next(odd.Length)], odd[rng.Next(odd.Length)]);
            }
            var r = Scorer.Score(s);
            Assert.InRange(r.Score, 0, 100);
            var why = Scorer.Explain(s);
            Assert.NotNull(why.Text);
        }
        var empty = Scorer.Score(new AccountSignals());
        Assert.Equal(0, empty.Score);
        Assert.False(empty.HasEvidence);
        Assert.Equal(RiskBand.Healthy, empty.Band);
    }

    [Fact]
    public void More_SLA_breaches_never_lower_the_trust_contribution_or_the_score()
    {
        var rng = new Random(TestAccounts.Seed + 2);
        for (int i = 0; i < 5_000; i++)
        {
            var s = TestAccounts.Random(rng);
            double breaches = rng.Next(0, 10);
            s.Remove(Metric.SlaBreaches);
            s.Set(Metric.SlaBreaches, current: breaches);
            var before = Scorer.Score(s);
            s.SetCurrent(Metric.SlaBreaches, breaches + 1 + rng.Next(5));
            var after = Scorer.Score(s);
            Assert.True(after.TrustPoints >= before.TrustPoints - 1e-9, $"trust fell from {before.TrustPoints} to {after.TrustPoints}");
            Assert.True(after.Score >= before.Score - 1e-9);
            Assert.True(!before.IsFlagged(Gap.Trust) || after.IsFlagged(Gap.Trust));
        }
    }

    // The direction in which each metric's current level gets worse (+1 higher is worse, -1 lower is worse,
    // 0 not monotone on its own, e.g. cases, whose rise can only make an account look LESS quiet).
    public static TheoryData<Metric, int> Directions() => new()
    {
        { Metric.Logins, -1 }, { Metric.ActiveUsers, -1 }, { Metric.Usage, -1 }, { Metric.DaysSinceLastActivity, +1 },
        { Metric.Severity, +1 }, { Metric.SlaBreaches, +1 }, { Metric.ReopenedCases, +1 }, { Metric.Complaints, +1 },
        { Metric.ServiceFailures, +1 }, { Metric.Satisfaction, -1 }, { Metric.EmailsSent, +1 }, { Metric.EmailsOpened, -1 },
        { Metric.Spend, -1 }, { Metric.MonthsToRenewal, -1 }, { Metric.Downgrades, +1 }, { Metric.LostOpportunities, +1 },
        { Metric.OpenOpportunities, -1 }, { Metric.ChampionLeft, +1 }, { Metric.TenureMonths, -1 },
    };

    [Theory]
    [MemberData(nameof(Directions))]
    public void Moving_a_metric_the_worse_way_never_lowers_the_score(Metric metric, int worse)
    {
        var rng = new Random(TestAccounts.Seed + 3 + (int)metric);
        for (int i = 0; i < 2_000; i++)
        {
            var s = TestAccounts.Random(rng);
            // Keep previous and change apart from current: set current and previous, no stored change.
            double previous = Math.Round(rng.NextDouble() * 60);
            double current = Math.Round(rng.NextDouble() * 60);
            if (metric == Metric.ChampionLeft) { previous = rng.Next(2); current = 0; }
            if (metric == Metric.Severity) { previous = rng.Next(5); current = rng.Next(4); }
            // With no email sent the open rate is not available; monotonicity is about a signal that is measured.
            if (metric == Metric.EmailsSent) current = Math.Max(1, current);
            s.Remove(metric);
            s.Set(metric, current: current, previous: previous);
            var before = Scorer.Score(s);
            double step = metric is Metric.ChampionLeft or Metric.Severity ? 1 : 1 + rng.Next(20);
            double moved = current + worse * step;
            if (moved < 0) continue;
            s.SetCurrent(metric, moved);
            var after = Scorer.Score(s);
            Assert.True(after.Score >= before.Score - 1e-9,
                $"{metric} {current} -> {moved}: score fell from {before.Score} to {after.Score}");
        }
    }

    [Fact]
    public void A_case_count_alone_never_raises_the_trust_gap()
    {
        var onlyCases = new AccountSignals().Set(Metric.Cases, current: 40, previous: 2);
        var r = Scorer.Score(onlyCases);
        Assert.Equal(0, r.TrustPoints);
        Assert.False(r.IsFlagged(Gap.Trust));

        var rng = new Random(TestAccounts.Seed + 4);
        for (int i = 0; i < 5_000; i++)
        {
            var s = TestAccounts.Random(rng);
            double previous = rng.Next(0, 30);
            double cases = rng.Next(0, 30);
            s.Remove(Metric.Cases);
            s.Set(Metric.Cases, current: cases, previous: previous);
            var fewer = Scorer.Score(s);
            s.SetCurrent(Metric.Cases, cases + 1 + rng.Next(30));
            var more = Scorer.Score(s);
            Assert.True(more.TrustPoints <= fewer.TrustPoints + 1e-9, $"more cases raised trust from {fewer.TrustPoints} to {more.TrustPoints}");
            Assert.True(!more.IsFlagged(Gap.Trust) || fewer.IsFlagged(Gap.Trust));
        }
    }

    [Fact]
    public void Silence_with_falling_usage_raises_trust_but_falling_usage_with_rising_cases_does_not()
    {
        var quiet = new AccountSignals().Set(Metric.Logins, 60, 120).Set(Metric.Cases, current: 0, previous: 4);
        var busy = new AccountSignals().Set(Metric.Logins, 60, 120).Set(Metric.Cases, current: 9, previous: 4);
        Assert.True(Scorer.Score(quiet).IsFlagged(Gap.Trust));
        Assert.False(Scorer.Score(busy).IsFlagged(Gap.Trust));
        Assert.True(Scorer.Score(quiet).TrustPoints > Scorer.Score(busy).TrustPoints);
    }

    [Fact]
    public void Missing_signals_are_not_held_against_an_account_weights_renormalise()
    {
        var healthy = new AccountSignals()
            .Set(Metric.Logins, 120, 118).Set(Metric.SlaBreaches, 0).Set(Metric.Satisfaction, 95, 94).Set(Metric.TenureMonths, 40);
        Assert.Equal(0, Scorer.Score(healthy).Score);

        // Only SLA breaches known, at full severity: the score is 100, not 100 x 8 / (sum of all weights).
        var onlySla = new AccountSignals().Set(Metric.SlaBreaches, 4);
        Assert.Equal(100, Scorer.Score(onlySla).Score, 9);

        // Adding a good signal dilutes by exactly the weights.
        var slaAndSatisfaction = new AccountSignals().Set(Metric.SlaBreaches, 4).Set(Metric.Satisfaction, 95);
        double sla = Policy.Default[Signal.SlaBreaches].Weight, sat = Policy.Default[Signal.LowSatisfaction].Weight;
        Assert.Equal(100 * sla / (sla + sat), Scorer.Score(slaAndSatisfaction).Score, 9);
        Assert.Equal((sla + sat) / 100.0, Scorer.Score(slaAndSatisfaction).Coverage, 9);
    }

    [Fact]
    public void Each_gap_is_flagged_by_its_own_signals_only()
    {
        Assert.Equal(GapFlags.Trust, Scorer.Score(new AccountSignals().Set(Metric.SlaBreaches, 2)).Gaps);
        Assert.Equal(GapFlags.Value, Scorer.Score(new AccountSignals().Set(Metric.DaysSinceLastActivity, 20)).Gaps);
        Assert.Equal(GapFlags.Experience, Scorer.Score(new AccountSignals().Set(Metric.Satisfaction, 60)).Gaps);
        Assert.Equal(GapFlags.Growth, Scorer.Score(new AccountSignals().Set(Metric.ChampionLeft, 1)).Gaps);
        Assert.Equal(GapFlags.None, Scorer.Score(new AccountSignals().Set(Metric.SlaBreaches, 1)).Gaps);
    }

    [Fact]
    public void Bands_follow_the_policy_cut_offs_on_the_rounded_score()
    {
        var p = Policy.Default;
        Assert.Equal(RiskBand.Healthy, p.BandOf(p.Bands.Watch - 1));
        Assert.Equal(RiskBand.Watch, p.BandOf(p.Bands.Watch));
        Assert.Equal(RiskBand.AtRisk, p.BandOf(p.Bands.AtRisk));
        Assert.Equal(RiskBand.Disengaged, p.BandOf(p.Bands.Disengaged));
        Assert.Equal(RiskBand.Disengaged, Scorer.Score(new AccountSignals().Set(Metric.SlaBreaches, 9)).Band);
    }

    [Fact]
    public void A_zero_weight_signal_does_not_count_and_is_not_reported()
    {
        var policy = Policy.Default.WithSignal(Signal.SlaBreaches, Policy.Default[Signal.SlaBreaches].WithWeight(0));
        var scorer = new DisengagementScorer(policy);
        var s = new AccountSignals().Set(Metric.SlaBreaches, 9).Set(Metric.Complaints, 0);
        Assert.Equal(0, scorer.Score(s).Score);
        Assert.DoesNotContain(scorer.Explain(s).Reasons, r => r.Signal == Signal.SlaBreaches);
    }

    [Fact]
    public void ScoreBatch_gives_the_same_results_as_Score()
    {
        var rng = new Random(TestAccounts.Seed + 5);
        var accounts = Enumerable.Range(0, 500).Select(_ => TestAccounts.Random(rng)).ToArray();
        var results = new ScoreResult[accounts.Length];
        Scorer.ScoreBatch(accounts, results);
        for (int i = 0; i < accounts.Length; i++) Assert.Equal(Scorer.Score(accounts[i]), results[i]);
        var list = new ScoreResult[accounts.Length];
        Scorer.ScoreBatch((IReadOnlyList<AccountSignals>)accounts.ToList(), list);
        Assert.Equal(results, list);
    }

    [Fact]
    public void The_fast_score_path_agrees_with_the_per_signal_severities()
    {
        var policy = Policy.Default.WithWeights(Signals.All().Select(s => 1.0 + (int)s % 5).ToArray());
        var scorer = new DisengagementScorer(policy);
        var rng = new Random(TestAccounts.Seed + 6);
        var sev = new double[Signals.Count];
        for (int i = 0; i < 5_000; i++)
        {
            var s = TestAccounts.Random(rng, missingShare: rng.NextDouble());
            scorer.Severities(s, sev);
            double sum = 0, available = 0;
            var flags = GapFlags.None;
            for (int j = 0; j < Signals.Count; j++)
            {
                if (double.IsNaN(sev[j])) continue;
                double w = policy[(Signal)j].Weight;
                sum += w * sev[j];
                available += w;
                if (sev[j] >= 0.5 && !GapEvidence.IsStandingFact((Signal)j)) flags |= GapNames.Flag(Signals.Info((Signal)j).Gap);
            }
            var r = scorer.Score(s);
            Assert.Equal(available == 0 ? 0 : 100 * sum / available, r.Score, 9);
            Assert.Equal(flags, r.Gaps);
        }
    }

    [Fact]
    public void Severities_report_every_signal_and_NaN_where_not_available()
    {
        var s = new AccountSignals().Set(Metric.SlaBreaches, 3).Set(Metric.Logins, 10, 20);
        var sev = new double[Signals.Count];
        Scorer.Severities(s, sev);
        Assert.Equal(0.75, sev[(int)Signal.SlaBreaches], 9);
        Assert.Equal(1, sev[(int)Signal.LoginsDecline], 9);
        Assert.True(double.IsNaN(sev[(int)Signal.LowSatisfaction]));
        Assert.True(double.IsNaN(sev[(int)Signal.SilentDecline]));
    }
}

public class ScorerAllocationTests
{
    [Fact]
    public void Score_and_ScoreBatch_allocate_nothing()
    {
        var scorer = new DisengagementScorer(Policy.Default);
        var rng = new Random(TestAccounts.Seed + 9);
        var accounts = Enumerable.Range(0, 1_000).Select(_ => TestAccounts.Random(rng)).ToArray();
        var results = new ScoreResult[accounts.Length];
        scorer.ScoreBatch(accounts, results); // warm up (JIT)
        long before = GC.GetAllocatedBytesForCurrentThread();
        scorer.ScoreBatch(accounts, results);
        for (int i = 0; i < accounts.Length; i++) results[i] = scorer.Score(accounts[i]);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
