using WinBack.Core.Disengagement;

namespace WinBack.Core.Tests;

public class AccountSignalsTests
{
    [Fact]
    public void Missing_is_not_zero()
    {
        var s = new AccountSignals().Set(Metric.Logins, current: 0);
        Assert.True(s.HasCurrent(Metric.Logins));
        Assert.Equal(0, s.Current(Metric.Logins));
        Assert.False(s.HasCurrent(Metric.Satisfaction));
        Assert.True(double.IsNaN(s.Current(Metric.Satisfaction)));
    }

    [Fact]
    public void The_third_value_is_derived_from_the_other_two()
    {
        var s = new AccountSignals()
            .Set(Metric.Logins, current: 64, previous: 118)
            .Set(Metric.Spend, previous: 1000, change: -250)
            .Set(Metric.Cases, current: 3, change: 2);
        Assert.Equal(-54, s.Change(Metric.Logins));
        Assert.Equal(750, s.Current(Metric.Spend));
        Assert.Equal(1, s.Previous(Metric.Cases));
        Assert.True(double.IsNaN(new AccountSignals().Set(Metric.Usage, change: 5).Current(Metric.Usage)));
    }

    [Fact]
    public void Stored_values_win_over_derived_ones_and_clear_forgets_everything()
    {
        var s = new AccountSignals { AccountId = "A-1" }.Set(Metric.Logins, current: 10, previous: 5, change: 7);
        Assert.Equal(7, s.Change(Metric.Logins));
        s.Clear();
        Assert.False(s.HasAny(Metric.Logins));
        Assert.Null(s.AccountId);
    }

    [Fact]
    public void Infinite_values_are_refused_with_the_metric_named()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new AccountSignals().SetCurrent(Metric.Spend, double.PositiveInfinity));
        Assert.Contains("spend", e.Message);
    }

    [Fact]
    public void Metric_names_match_the_csv_names()
    {
        Assert.Equal(21, MetricNames.All().Length);
        Assert.Equal("days_since_last_activity", MetricNames.Name(Metric.DaysSinceLastActivity));
        Assert.True(MetricNames.TryParse("SLA_BREACHES", out var m));
        Assert.Equal(Metric.SlaBreaches, m);
        Assert.False(MetricNames.TryParse("status", out _));
    }
}
