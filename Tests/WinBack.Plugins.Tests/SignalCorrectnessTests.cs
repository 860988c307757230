using Microsoft.Xrm.Sdk;

namespace WinBack.Plugins.Tests;

/// <summary>What one account's recalculation reads and concludes, in the cases that once went wrong.</summary>
public sealed class SignalCorrectnessTests
{
    [Fact]
    public void A_refresh_before_this_months_usage_snapshot_arrives_does_not_report_that_usage_fell()
    {
        using var org = new TestOrganization();
        var account = org.Account("Northwind");
        // Monthly snapshots, the latest ended 31 days ago: this month's has not arrived yet.
        org.SteadyUsage(account, logins: 100, fromDaysAgo: 31, periods: 6);

        org.Recalculate(account);

        var reasons = org.Reasons(account);
        Assert.DoesNotContain("fell", reasons);
        Assert.False(org.Read(account).GetAttributeValue<bool>("wb_valuegap"));
    }

    [Fact]
    public void One_account_with_more_opportunity_and_snapshot_pairs_than_a_page_counts_every_opportunity()
    {
        using var org = new TestOrganization();
        var account = org.Account("Northwind");
        for (var k = 0; k < 72; k++) org.Usage(account, endedDaysAgo: 1 + 2 * k, logins: 100);
        for (var k = 0; k < 80; k++) org.Opportunity(account, state: 2, closedDaysAgo: 10 + k);

        org.Recalculate(account);

        Assert.Contains("Lost opportunities: 80 in the last 365 days", org.Reasons(account));
    }

    [Fact]
    public void Having_no_open_opportunity_alone_does_not_flag_the_growth_gap()
    {
        using var org = new TestOrganization();
        var account = org.Account("Northwind");
        org.SteadyUsage(account);

        org.Recalculate(account);

        Assert.False(org.Read(account).GetAttributeValue<bool>("wb_growthgap"));
    }

    [Fact]
    public void One_high_priority_case_alone_does_not_flag_the_experience_gap()
    {
        using var org = new TestOrganization();
        var account = org.Account("Northwind");
        org.SteadyUsage(account);
        org.Case(account, openedDaysAgo: 5, priority: 1, slaDays: 10, resolvedAfterDays: 1);

        org.Recalculate(account);

        Assert.False(org.Read(account).GetAttributeValue<bool>("wb_experiencegap"));
    }

    [Fact]
    public void Checking_an_unchanged_account_on_a_later_day_records_the_check_but_not_a_change()
    {
        using var org = new TestOrganization();
        var account = org.Account("Northwind");
        org.SteadyUsage(account);
        org.Recalculate(account);
        var history = org.Org.Count("wb_disengagementhistory");

        org.Now = TestOrganization.Today.AddDays(1);
        var again = org.Recalculate(account);

        Assert.False((bool)again["Changed"]);
        Assert.Equal(TestOrganization.Today.AddDays(1), org.Read(account).GetAttributeValue<DateTime?>("wb_lastscoredon"));
        Assert.Equal(history, org.Org.Count("wb_disengagementhistory"));
    }

    [Fact]
    public void A_healthy_account_with_every_signal_known_and_no_reason_at_all_is_not_rewritten_every_day()
    {
        using var org = new TestOrganization();
        var account = org.Account("Steady Co", renewalOn: TestOrganization.Today.AddYears(2));
        var champion = org.Contact(account, "Okafor", primary: true);
        org.SteadyUsage(account);
        org.Case(account, openedDaysAgo: 10, priority: 3, resolvedAfterDays: 1, satisfaction: 5);
        org.Case(account, openedDaysAgo: 100, priority: 3, resolvedAfterDays: 1, satisfaction: 5);
        org.Email(new EntityReference("contact", champion), sentDaysAgo: 5, opened: true);
        org.Opportunity(account);
        org.Opportunity(account, state: 1, closedDaysAgo: 40);
        org.Recalculate(account);
        Assert.Equal("", org.Reasons(account));
        var history = org.Org.Count("wb_disengagementhistory");

        org.Now = TestOrganization.Today.AddDays(1);
        var again = org.Recalculate(account);

        Assert.False((bool)again["Changed"]);
        Assert.Equal(history, org.Org.Count("wb_disengagementhistory"));
    }
}
