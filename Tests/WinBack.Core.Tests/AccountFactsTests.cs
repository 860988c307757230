using WinBack.Core.Disengagement;
using WinBack.Core.Extraction;

namespace WinBack.Core.Tests;

/// <summary>How totals read from Dataverse become signals: exact means, unknown never zero, windows that meet.</summary>
public sealed class AccountFactsTests
{
    private static readonly DateTime Today = new(2026, 6, 15, 0, 0, 0, DateTimeKind.Utc);

    private static SignalWindows Windows(DateTime? usageAsOf = null) => new(Today, 30, 90, 90, 90, 365, usageAsOf);

    private static ColumnTotal T(double sum, int count) => new(sum, count);

    [Fact]
    public void The_mean_of_whole_numbers_is_exact_whether_read_in_one_group_or_several()
    {
        var one = new UsageTotals();
        one.Add(2, T(3, 2), T(0, 0), T(0, 0), T(0, 0), null, null);
        var two = new UsageTotals();
        two.Add(1, T(1, 1), T(0, 0), T(0, 0), T(0, 0), null, null);
        two.Add(1, T(2, 1), T(0, 0), T(0, 0), T(0, 0), null, null);

        Assert.Equal(1.5, one.Logins);
        Assert.Equal(one.Logins, two.Logins);
        Assert.True(double.IsNaN(one.ActiveUsers));
    }

    [Fact]
    public void An_empty_current_usage_window_is_unknown_not_zero_usage()
    {
        var facts = new AccountFacts(Guid.NewGuid());
        facts.UsagePrevious.Add(1, T(100, 1), T(10, 1), T(1000, 1), T(500, 1), 0, Today.AddDays(-35));
        var signals = new AccountSignals();

        facts.ToSignals(Windows(), signals);

        Assert.False(signals.HasCurrent(Metric.Logins));
        Assert.Equal(100, signals.Previous(Metric.Logins));
        Assert.Equal(35, signals.Current(Metric.DaysSinceLastActivity));
    }

    [Fact]
    public void Usage_windows_end_where_the_telemetry_ends_and_hold_the_periods_that_end_inside_them()
    {
        var windows = Windows(usageAsOf: Today.AddDays(-14));

        Assert.True(windows.UsageCurrent.Contains(Today.AddDays(-14)));
        Assert.False(windows.UsageCurrent.Contains(Today.AddDays(-44)));
        Assert.True(windows.UsagePrevious.Contains(Today.AddDays(-44)));
        Assert.False(windows.UsagePrevious.Contains(Today.AddDays(-74)));
        Assert.Equal(Today.AddDays(-90), windows.SupportCurrent.Start);   // cases and emails still end today
    }

    [Fact]
    public void Days_since_the_last_activity_count_to_where_the_telemetry_ends()
    {
        var facts = new AccountFacts(Guid.NewGuid());
        facts.UsageCurrent.Add(1, T(100, 1), T(10, 1), T(1000, 1), T(500, 1), 0, Today.AddDays(-16));
        var signals = new AccountSignals();

        facts.ToSignals(Windows(usageAsOf: Today.AddDays(-14)), signals);

        Assert.Equal(2, signals.Current(Metric.DaysSinceLastActivity));
    }
}
