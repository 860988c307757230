using WinBack.Core.Disengagement;

namespace WinBack.Core.Tests;

/// <summary>Signals judged against the organisation: levels as shares of accounts, change-only metrics, fitted shapes.</summary>
public class RelativeSignalTests
{
    /// <summary>100 accounts with usage 1..100 and a logins change of -1..-100 (account i fell by i).</summary>
    private static PopulationDistribution Organisation()
    {
        var accounts = new List<AccountSignals>();
        for (int i = 1; i <= 100; i++)
            accounts.Add(new AccountSignals().Set(Metric.Usage, current: i).Set(Metric.Logins, change: -i));
        return PopulationDistribution.FromAccounts(accounts);
    }

    [Fact]
    public void A_usage_level_in_the_lowest_tenth_of_the_organisation_is_a_reason_that_says_where_it_stands()
    {
        var scorer = new DisengagementScorer(Policy.Default, Organisation());
        var why = scorer.Explain(new AccountSignals().Set(Metric.Usage, current: 5));

        var reason = Assert.Single(why.Reasons, r => r.Signal == Signal.LowUsage);
        Assert.Equal(ReasonKind.Concern, reason.Kind);
        Assert.InRange(reason.Standing, 94, 97);
        Assert.Equal("Usage: 5 in the last 30 days, lower than 96% of accounts (threshold: the lowest 20%)", reason.Text);
        // A level is a standing fact: it adds points and a reason, but flags no gap without evidence of a change.
        Assert.False(why.Result.IsFlagged(Gap.Value));
    }

    [Fact]
    public void A_usage_level_in_the_middle_of_the_organisation_adds_nothing()
    {
        var scorer = new DisengagementScorer(Policy.Default, Organisation());
        var result = scorer.Score(new AccountSignals().Set(Metric.Usage, current: 60));
        Assert.Equal(0, result.Score);
        Assert.Equal(1, result.SignalsAvailable);
    }

    [Fact]
    public void Without_an_organisation_a_relative_level_is_left_out_and_not_called_missing()
    {
        var why = new DisengagementScorer(Policy.Default).Explain(new AccountSignals().Set(Metric.Usage, current: 5).Set(Metric.SlaBreaches, current: 0));
        Assert.DoesNotContain(why.Reasons, r => r.Signal == Signal.LowUsage);
        Assert.Equal(1, why.Result.SignalsAvailable);
    }

    [Fact]
    public void A_metric_given_only_as_a_change_is_judged_against_how_the_other_accounts_changed()
    {
        var scorer = new DisengagementScorer(Policy.Default, Organisation());
        var steep = scorer.Explain(new AccountSignals().Set(Metric.Logins, change: -95));
        var reason = Assert.Single(steep.Reasons, r => r.Signal == Signal.LoginsDecline);
        Assert.Equal("Logins fell by 95 in the last 30 days, more than 95% of accounts (threshold: the steepest 20%)", reason.Text);
        Assert.Equal(-95, reason.Value);
        Assert.True(steep.Result.IsFlagged(Gap.Value));

        // A fall smaller than most of the organisation's, and a rise, add nothing but still count as known.
        Assert.Equal(0, scorer.Score(new AccountSignals().Set(Metric.Logins, change: -20)).Score);
        Assert.Equal(0, scorer.Score(new AccountSignals().Set(Metric.Logins, change: 30)).Score);
        Assert.Equal(1, scorer.Score(new AccountSignals().Set(Metric.Logins, change: 30)).SignalsAvailable);

        // Without the organisation there is nothing to judge the change against.
        Assert.Equal(0, new DisengagementScorer(Policy.Default).Score(new AccountSignals().Set(Metric.Logins, change: -95)).SignalsAvailable);
    }

    [Fact]
    public void The_population_survives_its_json_and_gives_the_same_standings()
    {
        var population = Organisation();
        var back = PopulationDistribution.Parse(population.ToJson());
        Assert.Equal(population.Accounts, back.Accounts);
        foreach (var usage in new[] { 0.5, 5, 37.2, 100, 250 })
            Assert.Equal(population.Standing(Signal.LowUsage, usage), back.Standing(Signal.LowUsage, usage), 6);
        Assert.Equal(population.ChangeStanding(Metric.Logins, -16), back.ChangeStanding(Metric.Logins, -16), 6);
        Assert.Throws<FormatException>(() => PopulationDistribution.Parse("{\"version\": 1, \"accounts\": 3, \"signals\": {\"lowUsage\": [3, 1]}}"));
    }

    [Fact]
    public void Ties_in_the_organisation_count_half()
    {
        var accounts = Enumerable.Range(0, 100).Select(i => new AccountSignals().Set(Metric.Complaints, current: i < 60 ? 0 : 1)).ToList();
        var population = PopulationDistribution.FromAccounts(accounts);
        Assert.InRange(population.Standing(Signal.Complaints, 0), 29, 31);
        Assert.InRange(population.Standing(Signal.Complaints, 1), 79, 81);
    }

    private static Policy WithShape(string signal, string shape) =>
        Policy.Parse("{\"signals\": {\"" + signal + "\": {\"weight\": 10, \"shape\": " + shape + "}}}");

    [Fact]
    public void A_shape_replaces_the_ramp_step_by_step()
    {
        var policy = WithShape("slaBreaches", "{\"cuts\": [0.5, 2.5], \"severities\": [0, 0.4, 1]}");
        var scorer = new DisengagementScorer(policy);
        double Severity(double breaches)
        {
            var severities = new double[Signals.Count];
            scorer.Severities(new AccountSignals().Set(Metric.SlaBreaches, breaches), severities);
            return severities[(int)Signal.SlaBreaches];
        }
        Assert.Equal(0, Severity(0));
        Assert.Equal(0.4, Severity(1));
        Assert.Equal(0.4, Severity(2.5));
        Assert.Equal(1, Severity(3));
        // The fast path and the severities agree: one signal at full severity scores 100.
        Assert.Equal(100, scorer.Score(new AccountSignals().Set(Metric.SlaBreaches, 3)).Score, 9);
        Assert.Equal(40, scorer.Score(new AccountSignals().Set(Metric.SlaBreaches, 1)).Score, 9);
        // And it survives the JSON.
        Assert.Equal(policy.ToJson(), Policy.Parse(policy.ToJson()).ToJson());
    }

    [Fact]
    public void A_shape_reason_names_where_the_shape_reaches_its_threshold()
    {
        var policy = WithShape("slaBreaches", "{\"cuts\": [0.5, 2.5], \"severities\": [0, 0.4, 1]}");
        var why = new DisengagementScorer(policy).Explain(new AccountSignals().Set(Metric.SlaBreaches, 3));
        var reason = Assert.Single(why.Reasons, r => r.Kind == ReasonKind.Concern);
        Assert.Equal("SLA breaches: 3 in the last 90 days (threshold 2.5)", reason.Text);
        Assert.Equal(100, reason.Points, 9);
    }

    [Theory]
    [InlineData("slaBreaches", "{\"cuts\": [1, 2], \"severities\": [0, 0.6, 0.3]}", "policy.signals.slaBreaches.shape.severities[2] must be at or above policy.signals.slaBreaches.shape.severities[1] (0.6): a higher value of this signal is worse, so its shape cannot fall (got 0.3)")]
    [InlineData("lowSatisfaction", "{\"cuts\": [50, 70], \"severities\": [1, 0.2, 0.5]}", "policy.signals.lowSatisfaction.shape.severities[2] must be at or below policy.signals.lowSatisfaction.shape.severities[1] (0.2): a lower value of this signal is worse, so its shape cannot rise (got 0.5)")]
    [InlineData("slaBreaches", "{\"cuts\": [2, 1], \"severities\": [0, 0.5, 1]}", "policy.signals.slaBreaches.shape.cuts[1] must be above policy.signals.slaBreaches.shape.cuts[0] (2): cut points are sorted and distinct (got 1)")]
    [InlineData("slaBreaches", "{\"cuts\": [1, 1], \"severities\": [0, 0.5, 1]}", "policy.signals.slaBreaches.shape.cuts[1] must be above policy.signals.slaBreaches.shape.cuts[0] (1): cut points are sorted and distinct (got 1)")]
    [InlineData("slaBreaches", "{\"cuts\": [1, 2], \"severities\": [0, 1]}", "policy.signals.slaBreaches.shape.severities must have one value more than cuts (3), got 2")]
    [InlineData("slaBreaches", "{\"cuts\": [1, null], \"severities\": [0, 0.5, 1]}", "policy.signals.slaBreaches.shape.cuts[1] must be a finite number (got null)")]
    [InlineData("slaBreaches", "{\"cuts\": [1, 2], \"severities\": [0, 0.5, 1.5]}", "policy.signals.slaBreaches.shape.severities[2] must be a finite number between 0 and 1 (got 1.5)")]
    [InlineData("slaBreaches", "{\"cuts\": [1, 2]}", "policy.signals.slaBreaches.shape.severities is missing; a shape lists its cuts and severities")]
    [InlineData("slaBreaches", "{\"cuts\": [1], \"severities\": [0, 1], \"smooth\": true}", "policy.signals.slaBreaches.shape.smooth is not a known field (allowed: cuts, severities)")]
    public void An_invalid_shape_is_refused_with_the_field_named(string signal, string shape, string message)
    {
        var e = Assert.Throws<PolicyException>(() => WithShape(signal, shape));
        Assert.Equal(message, e.Message);
        Assert.StartsWith("policy.signals." + signal + ".shape", e.Field);
    }

    [Fact]
    public void Non_finite_shape_values_are_refused_with_the_field_named()
    {
        var settings = Policy.Default.SignalSettings.ToArray();
        var s = settings[(int)Signal.SlaBreaches];
        settings[(int)Signal.SlaBreaches] = new SignalSettings(s.Weight, s.Start, s.Threshold, s.Full, SignalScale.Value,
            new ShapeFunction(new[] { 1.0, double.PositiveInfinity }, new[] { 0, 0.5, 1 }));
        var e = Assert.Throws<PolicyException>(() => new Policy("x", Policy.Default.Windows, Policy.Default.Bands, settings));
        Assert.Equal("policy.signals.slaBreaches.shape.cuts[1]", e.Field);
        Assert.Contains("must be a finite number (got Infinity)", e.Message);

        settings[(int)Signal.SlaBreaches] = new SignalSettings(s.Weight, s.Start, s.Threshold, s.Full, SignalScale.Value,
            new ShapeFunction(new[] { 1.0, 2 }, new[] { 0, double.NaN, 1 }));
        e = Assert.Throws<PolicyException>(() => new Policy("x", Policy.Default.Windows, Policy.Default.Bands, settings));
        Assert.Equal("policy.signals.slaBreaches.shape.severities[1]", e.Field);
    }

    [Fact]
    public void Share_thresholds_are_shares_of_accounts_and_always_rise()
    {
        var e = Assert.Throws<PolicyException>(() => Policy.Parse("{\"signals\": {\"lowUsage\": {\"scale\": \"share\", \"start\": 50, \"threshold\": 120, \"full\": 130}}}"));
        Assert.Equal("policy.signals.lowUsage.threshold must be a share of accounts between 0 and 100 because the signal's scale is share (got 120)", e.Message);
        e = Assert.Throws<PolicyException>(() => Policy.Parse("{\"signals\": {\"lowUsage\": {\"scale\": \"percent\"}}}"));
        Assert.StartsWith("policy.signals.lowUsage.scale must be \"value\"", e.Message);
        // A policy written before scales existed states its level thresholds in its own units.
        var old = Policy.Parse("{\"signals\": {\"lowUsage\": {\"weight\": 3, \"start\": 500, \"threshold\": 200, \"full\": 50}}}");
        Assert.Equal(SignalScale.Value, old[Signal.LowUsage].Scale);
        Assert.Equal(SignalScale.Share, Policy.Default[Signal.LowUsage].Scale);
    }
}
