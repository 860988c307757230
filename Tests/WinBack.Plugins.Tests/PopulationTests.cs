using System.ServiceModel;
using Microsoft.Xrm.Sdk;

namespace WinBack.Plugins.Tests;

/// <summary>
/// The organisation's distribution in Dataverse: wb_RefreshPopulation stores it once per daily refresh, and every
/// recalculation (a page or one account) reads the same cut points for signals stated as shares.
/// </summary>
public sealed class PopulationTests
{
    /// <summary>Thirty accounts with steady usage at different levels, and one whose usage is the organisation's lowest.</summary>
    private static Guid Organisation(TestOrganization org)
    {
        for (var i = 0; i < 30; i++)
        {
            org.SteadyUsage(org.Account($"Account {i:000}"), logins: 100 + (10 * i), periods: 3);
        }

        var quiet = org.Account("Quiet Ltd");
        org.SteadyUsage(quiet, logins: 5, periods: 3);
        return quiet;
    }

    private static int RefreshPopulation(TestOrganization org, int pageSize)
    {
        string? cookie = null;
        var processed = 0;
        do
        {
            var request = new OrganizationRequest("wb_RefreshPopulation") { ["PageSize"] = pageSize };
            if (cookie != null) request["PagingCookie"] = cookie;
            var response = org.Service.Execute(request);
            processed += (int)response["Processed"];
            cookie = (bool)response["MoreRecords"] ? (string)response["PagingCookie"] : null;
        }
        while (cookie != null);

        return processed;
    }

    private static void RecalculateAll(TestOrganization org, int pageSize)
    {
        string? cookie = null;
        do
        {
            var response = org.RecalculatePage(pageSize, cookie);
            cookie = (bool)response["MoreRecords"] ? (string)response["PagingCookie"] : null;
        }
        while (cookie != null);
    }

    private static Entity? StoredPopulation(TestOrganization org) =>
        org.Service.RetrieveMultiple(new Microsoft.Xrm.Sdk.Query.QueryExpression("wb_population")
        {
            ColumnSet = new Microsoft.Xrm.Sdk.Query.ColumnSet("wb_distribution", "wb_accounts", "wb_sample", "wb_refreshedon"),
        }).Entities.SingleOrDefault();

    [Fact]
    public void After_a_refresh_an_account_with_the_lowest_usage_is_told_where_it_stands_in_the_organisation()
    {
        using var org = new TestOrganization();
        var quiet = Organisation(org);

        Assert.Equal(31, RefreshPopulation(org, pageSize: 7));
        RecalculateAll(org, pageSize: 10);

        var reasons = org.Reasons(quiet);
        Assert.Contains("Logins: 5 in the last 30 days", reasons, StringComparison.Ordinal);
        Assert.Matches(@"lower than 9\d% of accounts", reasons);
        var stored = StoredPopulation(org)!;
        Assert.Equal(31, stored.GetAttributeValue<int>("wb_accounts"));
        Assert.Null(stored.GetAttributeValue<string>("wb_sample"));   // the sample in progress is emptied at the end
        Assert.Equal(TestOrganization.Today, stored.GetAttributeValue<DateTime>("wb_refreshedon"));
    }

    [Fact]
    public void Between_refreshes_one_account_ends_its_usage_windows_where_the_refresh_found_the_telemetry_ending_or_at_its_own_newer_snapshot()
    {
        using var org = new TestOrganization();
        // Every account's latest snapshot ended 31 days ago when the daily refresh ran.
        var falling = org.Account("Falling Ltd");
        var silent = org.Account("Silent Ltd");
        var other = org.Account("Other Ltd");
        foreach (var account in new[] { falling, silent, other }) org.SteadyUsage(account, logins: 100, fromDaysAgo: 31, periods: 3);
        RefreshPopulation(org, pageSize: 10);
        RecalculateAll(org, pageSize: 10);
        Assert.DoesNotContain("No activity", org.Reasons(silent), StringComparison.Ordinal);

        // This month's snapshots arrive for two of them.
        org.Usage(falling, endedDaysAgo: 1, logins: 20);
        org.Usage(other, endedDaysAgo: 1, logins: 100);

        // One account with a newer snapshot of its own is judged up to it: its fall shows at once.
        org.Recalculate(falling);
        Assert.Contains("Logins fell", org.Reasons(falling), StringComparison.Ordinal);

        // One without one is judged where the refresh found the telemetry ending (no scan of every snapshot): its
        // silence shows at the next daily refresh, which finds the new end.
        org.Recalculate(silent);
        Assert.DoesNotContain("No activity", org.Reasons(silent), StringComparison.Ordinal);
        RefreshPopulation(org, pageSize: 10);
        RecalculateAll(org, pageSize: 10);
        Assert.Contains("No activity for 31 days", org.Reasons(silent), StringComparison.Ordinal);
    }

    [Fact]
    public void One_accounts_recalculation_after_a_refresh_gives_the_same_result_as_the_refresh()
    {
        using var org = new TestOrganization();
        var quiet = Organisation(org);
        RefreshPopulation(org, pageSize: 500);
        RecalculateAll(org, pageSize: 200);
        var refreshed = org.Read(quiet);

        var response = org.Recalculate(quiet);

        Assert.False((bool)response["Changed"]);
        Assert.Equal(refreshed.GetAttributeValue<int>("wb_disengagementscore"), (int)response["Score"]);
        Assert.Equal(refreshed.GetAttributeValue<string>("wb_disengagementreasons"), (string)response["Reasons"]);
        Assert.Matches(@"lower than 9\d% of accounts", (string)response["Reasons"]);
    }

    [Fact]
    public void Between_two_refreshes_one_account_keeps_its_standing_when_other_accounts_change()
    {
        using var org = new TestOrganization();
        var quiet = Organisation(org);
        RefreshPopulation(org, pageSize: 500);
        var before = (string)org.Recalculate(quiet)["Reasons"];

        // Ten more accounts even quieter than it: the stored cut points stay until the next refresh.
        for (var i = 0; i < 10; i++)
        {
            org.SteadyUsage(org.Account($"Quieter {i}"), logins: 1, periods: 3);
        }

        Assert.Equal(before, (string)org.Recalculate(quiet)["Reasons"]);
        RefreshPopulation(org, pageSize: 500);
        Assert.NotEqual(before, (string)org.Recalculate(quiet)["Reasons"]);
    }

    [Fact]
    public void An_organisation_with_no_stored_distribution_still_scores_without_the_relative_signals()
    {
        using var org = new TestOrganization();
        var quiet = Organisation(org);

        RecalculateAll(org, pageSize: 200);

        var stored = org.Read(quiet);
        Assert.NotNull(stored.GetAttributeValue<OptionSetValue>("wb_riskband"));
        var reasons = org.Reasons(quiet);
        Assert.DoesNotContain("of accounts", reasons, StringComparison.Ordinal);
        Assert.DoesNotContain("Logins not available", reasons, StringComparison.Ordinal);
        Assert.DoesNotContain("Usage not available", reasons, StringComparison.Ordinal);
        Assert.Null(StoredPopulation(org));
    }

    [Fact]
    public void A_paging_cookie_with_no_refresh_of_the_distribution_in_progress_is_refused_and_writes_nothing()
    {
        using var org = new TestOrganization();
        Organisation(org);

        var fault = Assert.Throws<FaultException<OrganizationServiceFault>>(() => org.Service.Execute(
            new OrganizationRequest("wb_RefreshPopulation") { ["PagingCookie"] = "2|" }));

        Assert.Contains("empty PagingCookie", fault.Detail.Message, StringComparison.Ordinal);
        Assert.Null(StoredPopulation(org));
    }

    [Fact]
    public void A_page_size_outside_one_to_five_hundred_is_refused()
    {
        using var org = new TestOrganization();

        var fault = Assert.Throws<FaultException<OrganizationServiceFault>>(() => org.Service.Execute(
            new OrganizationRequest("wb_RefreshPopulation") { ["PageSize"] = 501 }));

        Assert.Contains("PageSize must be between 1 and 500", fault.Detail.Message, StringComparison.Ordinal);
    }
}
