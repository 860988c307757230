using Microsoft.Xrm.Sdk;

namespace WinBack.Plugins.Tests;

/// <summary>Signals read from records in Dataverse show up in the account's score, gaps and reasons.</summary>
public sealed class SignalExtractionTests
{
    [Fact]
    public void Logins_that_fell_by_almost_half_flag_the_value_gap_with_a_reason_that_names_the_fall()
    {
        using var org = new TestOrganization();
        var account = org.Account("Northwind Traders");
        org.Usage(account, endedDaysAgo: 31, logins: 118);
        org.Usage(account, endedDaysAgo: 1, logins: 64);

        org.Recalculate(account);

        var row = org.Read(account);
        Assert.True(row.GetAttributeValue<bool>("wb_valuegap"));
        Assert.Contains("Logins fell 46% (118 to 64) in the last 30 days against the 30 before", org.Reasons(account));
    }

    [Fact]
    public void Steady_usage_raises_no_value_concern()
    {
        using var org = new TestOrganization();
        var account = org.Account("Contoso");
        org.SteadyUsage(account);

        org.Recalculate(account);

        Assert.False(org.Read(account).GetAttributeValue<bool>("wb_valuegap"));
        Assert.DoesNotContain("Logins fell", org.Reasons(account));
    }

    [Fact]
    public void A_case_resolved_after_its_resolve_by_date_and_a_case_open_past_it_are_two_SLA_breaches()
    {
        using var org = new TestOrganization();
        var account = org.Account("Fabrikam");
        org.SteadyUsage(account);
        org.Case(account, openedDaysAgo: 40, slaDays: 2, resolvedAfterDays: 5);   // late
        org.Case(account, openedDaysAgo: 20, slaDays: 3);                          // still open, overdue
        org.Case(account, openedDaysAgo: 30, slaDays: 3, resolvedAfterDays: 1);   // on time
        org.Case(account, openedDaysAgo: 1, slaDays: 5);                           // open, not yet due

        org.Recalculate(account);

        Assert.Contains("SLA breaches: 2 in the last 90 days", org.Reasons(account));
        Assert.True(org.Read(account).GetAttributeValue<bool>("wb_trustgap"));
    }

    [Fact]
    public void Unhappy_ratings_of_resolved_cases_flag_the_experience_gap()
    {
        using var org = new TestOrganization();
        var account = org.Account("Adatum");
        org.SteadyUsage(account);
        org.Case(account, openedDaysAgo: 50, resolvedAfterDays: 1, satisfaction: 1);
        org.Case(account, openedDaysAgo: 20, resolvedAfterDays: 1, satisfaction: 2);

        org.Recalculate(account);

        Assert.Contains("Satisfaction 12.5 of 100 in the last 90 days", org.Reasons(account));
        Assert.True(org.Read(account).GetAttributeValue<bool>("wb_experiencegap"));
    }

    [Fact]
    public void Emails_regarding_the_account_and_its_contacts_count_and_only_opened_ones_count_as_opened()
    {
        using var org = new TestOrganization();
        var account = org.Account("Litware");
        var contact = org.Contact(account, "Berg");
        var other = org.Account("Someone else");
        org.SteadyUsage(account);
        org.Email(new EntityReference("account", account), sentDaysAgo: 10, opened: false);
        org.Email(new EntityReference("contact", contact), sentDaysAgo: 20, opened: false);
        org.Email(new EntityReference("contact", contact), sentDaysAgo: 30, opened: false);
        org.Email(new EntityReference("account", account), sentDaysAgo: 40, opened: false);
        org.Email(new EntityReference("contact", contact), sentDaysAgo: 50, opened: true);
        org.Email(new EntityReference("account", other), sentDaysAgo: 5, opened: true);       // another account's
        org.Email(new EntityReference("account", account), sentDaysAgo: 200, opened: true);   // outside the window

        org.Recalculate(account);

        Assert.Contains("Emails opened: 1 of 5 (20%) in the last 90 days", org.Reasons(account));
    }

    [Fact]
    public void A_deactivated_primary_contact_means_the_champion_left()
    {
        using var org = new TestOrganization();
        var account = org.Account("Proseware");
        var champion = org.Contact(account, "Okafor", primary: true);
        org.SteadyUsage(account);
        org.Service.Update(new Entity("contact", champion) { ["statecode"] = new OptionSetValue(1), ["statuscode"] = new OptionSetValue(2) });

        org.Recalculate(account);

        Assert.Contains("Champion left: the primary contact is no longer active", org.Reasons(account));
        Assert.True(org.Read(account).GetAttributeValue<bool>("wb_growthgap"));
    }

    [Fact]
    public void Lost_deals_and_an_empty_pipeline_show_in_the_growth_reasons()
    {
        using var org = new TestOrganization();
        var account = org.Account("Tailspin");
        org.SteadyUsage(account);
        org.Opportunity(account, state: 2, closedDaysAgo: 40);
        org.Opportunity(account, state: 2, closedDaysAgo: 100);
        org.Opportunity(account, state: 2, closedDaysAgo: 200);
        org.Opportunity(account, state: 1, closedDaysAgo: 500);   // won too long ago to count

        org.Recalculate(account);

        var reasons = org.Reasons(account);
        Assert.Contains("Lost opportunities: 3 in the last 365 days, won 0", reasons);
        Assert.Contains("Open opportunities: 0", reasons);
    }

    [Fact]
    public void An_account_without_usage_telemetry_is_not_held_to_it_and_the_reasons_say_so()
    {
        using var org = new TestOrganization();
        var account = org.Account("Wingtip");

        org.Recalculate(account);

        Assert.Contains("Logins change not available", org.Reasons(account));
        Assert.False(org.Read(account).GetAttributeValue<bool>("wb_valuegap"));
    }

    [Fact]
    public void Resolving_a_case_late_stamps_the_breach_and_reopening_it_counts_the_reopen()
    {
        using var org = new TestOrganization();
        var account = org.Account("Coho Winery");
        var incident = org.Case(account, openedDaysAgo: 10, slaDays: 2);

        org.Resolve(incident);
        var resolved = org.Service.Retrieve("incident", incident, new Microsoft.Xrm.Sdk.Query.ColumnSet("wb_resolvedon", "wb_slabreached"));
        Assert.Equal(TestOrganization.Today, resolved.GetAttributeValue<DateTime>("wb_resolvedon"));
        Assert.True(resolved.GetAttributeValue<bool>("wb_slabreached"));

        org.Reopen(incident);
        var reopened = org.Service.Retrieve("incident", incident, new Microsoft.Xrm.Sdk.Query.ColumnSet("wb_reopencount", "wb_resolvedon"));
        Assert.Equal(1, reopened.GetAttributeValue<int>("wb_reopencount"));
        Assert.Null(reopened.GetAttributeValue<DateTime?>("wb_resolvedon"));
    }

    [Fact]
    public void A_case_closed_with_a_past_resolution_time_is_stamped_with_that_time_not_the_time_of_the_import()
    {
        using var org = new TestOrganization();
        var account = org.Account("Coho Winery");
        var incident = org.Case(account, openedDaysAgo: 30, slaDays: 3);

        org.Service.Execute(new OrganizationRequest("CloseIncident")
        {
            ["IncidentResolution"] = new Entity("incidentresolution")
            {
                ["subject"] = "Imported", ["incidentid"] = new EntityReference("incident", incident), ["actualend"] = TestOrganization.Today.AddDays(-28),
            },
            ["Status"] = new OptionSetValue(5),
        });

        var resolved = org.Service.Retrieve("incident", incident, new Microsoft.Xrm.Sdk.Query.ColumnSet("wb_resolvedon", "wb_slabreached"));
        Assert.Equal(TestOrganization.Today.AddDays(-28), resolved.GetAttributeValue<DateTime>("wb_resolvedon"));
        Assert.False(resolved.GetAttributeValue<bool>("wb_slabreached"));   // resolved two days after opening, within three
    }
}
