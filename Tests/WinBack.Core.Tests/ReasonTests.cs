using WinBack.Core.Disengagement;

namespace WinBack.Core.Tests;

public class ReasonTests
{
    private static readonly DisengagementScorer Scorer = TestAccounts.Scorer();

    [Fact]
    public void A_usage_fall_names_the_signal_the_values_the_threshold_and_the_window()
    {
        var why = Scorer.Explain(new AccountSignals().Set(Metric.Logins, current: 64, previous: 118));
        Assert.Contains("Logins fell 46% (118 to 64) in the last 30 days against the 30 before (threshold 25%)", why.Lines(ReasonKind.Concern));
    }

    [Fact]
    public void A_count_names_its_value_window_and_threshold()
    {
        var why = Scorer.Explain(new AccountSignals().Set(Metric.SlaBreaches, 3));
        Assert.Equal("SLA breaches: 3 in the last 90 days (threshold 2)", why.Lines(ReasonKind.Concern).Single());
    }

    [Fact]
    public void Missing_signals_are_named_as_not_available()
    {
        var why = Scorer.Explain(new AccountSignals().Set(Metric.SlaBreaches, 3));
        var missing = why.Lines(ReasonKind.NotAvailable);
        Assert.Contains("Satisfaction not available", missing);
        Assert.Contains("Logins change not available", missing);
        Assert.DoesNotContain("SLA breaches not available", missing);
        // Signals the policy switches off (weight 0) are not mentioned at all.
        Assert.DoesNotContain("Logins not available", missing);
    }

    [Fact]
    public void Concerns_come_first_with_the_most_points_first_then_what_is_missing()
    {
        var s = new AccountSignals().Set(Metric.SlaBreaches, 2).Set(Metric.ChampionLeft, 1).Set(Metric.Complaints, 0);
        var why = Scorer.Explain(s);
        Assert.Equal("Champion left: the primary contact is no longer active", why.Reasons[0].Text);
        Assert.Equal("SLA breaches: 2 in the last 90 days (threshold 2)", why.Reasons[1].Text);
        Assert.All(why.Reasons.Skip(2), r => Assert.Equal(ReasonKind.NotAvailable, r.Kind));
        Assert.Equal(why.Result.Score, Scorer.Score(s).Score);
        Assert.Equal(string.Join("\n", why.Reasons.Select(r => r.Text)), why.Text);
    }

    [Fact]
    public void Below_threshold_signals_add_points_but_are_not_reasons()
    {
        var why = Scorer.Explain(new AccountSignals().Set(Metric.SlaBreaches, 1));
        Assert.True(why.Result.Score > 0);
        Assert.Empty(why.Lines(ReasonKind.Concern));
    }

    [Fact]
    public void Reasons_follow_the_policy_windows_and_thresholds()
    {
        var policy = Policy.Parse("{\"windows\": {\"supportDays\": 30}, \"signals\": {\"slaBreaches\": {\"threshold\": 1}}}");
        var why = new DisengagementScorer(policy).Explain(new AccountSignals().Set(Metric.SlaBreaches, 1));
        Assert.Equal("SLA breaches: 1 in the last 30 days (threshold 1)", why.Lines(ReasonKind.Concern).Single());
    }

    [Theory]
    [InlineData(Metric.Satisfaction, 55, "Satisfaction 55 of 100 in the last 90 days (threshold 70 or below)")]
    [InlineData(Metric.DaysSinceLastActivity, 21, "No activity for 21 days (threshold 14 days)")]
    [InlineData(Metric.TenureMonths, 1, "Customer for 1 month (threshold 12 months or less)")]
    [InlineData(Metric.MonthsToRenewal, 2, "Renewal in 2 months (threshold 3 months)")]
    [InlineData(Metric.Severity, 3.5, "Mean case priority 3.5 of 4 in the last 90 days (threshold 3)")]
    [InlineData(Metric.OpenOpportunities, 0, "Open opportunities: 0 (threshold 0)")]
    public void Level_reasons_read_well(Metric metric, double value, string expected)
    {
        var why = Scorer.Explain(new AccountSignals().Set(metric, value));
        Assert.Contains(expected, why.Lines(ReasonKind.Concern));
    }

    [Fact]
    public void Going_quiet_and_email_and_satisfaction_drop_reasons_read_well()
    {
        var s = new AccountSignals()
            .Set(Metric.Usage, 40, 100).Set(Metric.Cases, current: 1, previous: 5)
            .Set(Metric.EmailsSent, 20).Set(Metric.EmailsOpened, 2)
            .Set(Metric.Satisfaction, current: 72, previous: 88);
        var lines = Scorer.Explain(s).Lines(ReasonKind.Concern);
        Assert.Contains("Went quiet: cases fell from 5 to 1 while usage fell 60% (100 to 40) in the last 30 days against the 30 before (threshold 25%)", lines);
        Assert.Contains("Emails opened: 2 of 20 (10%) in the last 90 days (threshold 20% or below)", lines);
        Assert.Contains("Satisfaction fell 16 points (88 to 72) in the last 90 days against the 90 before (threshold 10 points)", lines);
    }

    [Fact]
    public void No_signals_at_all_lists_only_what_is_missing()
    {
        var why = Scorer.Explain(new AccountSignals());
        Assert.False(why.Result.HasEvidence);
        Assert.All(why.Reasons, r => Assert.Equal(ReasonKind.NotAvailable, r.Kind));
    }
}

public class ReasonTextLimitTests
{
    [Fact]
    public void Text_within_a_limit_keeps_whole_lines_and_says_how_many_were_left_out()
    {
        var scorer = new DisengagementScorer(Policy.Default);
        var why = scorer.Explain(new AccountSignals().Set(Metric.SlaBreaches, 3));
        Assert.Equal(why.Text, why.TextWithin(100_000));
        var cut = why.TextWithin(120);
        Assert.True(cut.Length <= 120);
        var lines = cut.Split('\n');
        Assert.Equal("SLA breaches: 3 in the last 90 days (threshold 2)", lines[0]);
        Assert.Matches(@"^\.\.\. and \d+ more$", lines[^1]);
        int shown = lines.Length - 1;
        Assert.Equal($"... and {why.Reasons.Count - shown} more", lines[^1]);
        Assert.All(lines[..^1], l => Assert.Contains(l, why.Reasons.Select(r => r.Text)));
        Assert.True(why.TextWithin(5).Length <= 5);
    }
}

public class FlaggingTests
{
    private static readonly DateTime Monday = new(2026, 11, 16, 6, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Tuesday = Monday.AddDays(1);

    [Fact]
    public void An_account_is_flagged_from_at_risk_up()
    {
        Assert.False(Flagging.IsFlagged(RiskBand.Healthy));
        Assert.False(Flagging.IsFlagged(RiskBand.Watch));
        Assert.True(Flagging.IsFlagged(RiskBand.AtRisk));
        Assert.True(Flagging.IsFlagged(RiskBand.Disengaged));
    }

    [Fact]
    public void Flagged_on_is_set_when_drifting_starts_kept_while_it_lasts_and_cleared_after()
    {
        Assert.Equal(Monday, Flagging.FlaggedOn(null, RiskBand.AtRisk, Monday));
        Assert.Equal(Monday, Flagging.FlaggedOn(Monday, RiskBand.Disengaged, Tuesday));
        Assert.Null(Flagging.FlaggedOn(Monday, RiskBand.Watch, Tuesday));
        Assert.Null(Flagging.FlaggedOn(null, RiskBand.Healthy, Tuesday));
    }

    [Fact]
    public void Changed_compares_what_the_account_stores()
    {
        var scorer = new DisengagementScorer(Policy.Default);
        var s = new AccountSignals().Set(Metric.SlaBreaches, 3);
        var why = scorer.Explain(s);
        var r = why.Result;
        Assert.False(Flagging.Changed(r.RoundedScore, r.Band, r.Gaps, why.Text, r, why.Text));
        Assert.True(Flagging.Changed(r.RoundedScore - 1, r.Band, r.Gaps, why.Text, r, why.Text));
        Assert.True(Flagging.Changed(r.RoundedScore, r.Band, GapFlags.None, why.Text, r, why.Text));
        Assert.True(Flagging.Changed(null, null, GapFlags.None, null, r, why.Text));
        Assert.False(Flagging.Changed(r.RoundedScore, r.Band, r.Gaps, why.Text.Replace("\n", "\r\n"), r, why.Text));
    }
}
