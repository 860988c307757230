using Microsoft.Xrm.Sdk;

namespace WinBack.Plugins.Tests;

/// <summary>The events that change an account's signals recalculate that account, later and only that one; other saves do nothing.</summary>
public sealed class TriggerTests
{
    private static int RecalculationsQueued(TestOrganization org) => org.Org.PendingAsyncJobs;

    private static void RunQueued(TestOrganization org)
    {
        var jobs = org.Org.DrainAsyncQueue();
        Assert.All(jobs, job => Assert.Null(job.Message));
    }

    [Fact]
    public void Opening_a_case_recalculates_its_account_after_the_save_and_no_other_account()
    {
        using var org = new TestOrganization();
        var account = org.Account("Northwind");
        var bystander = org.Account("Bystander");
        RunQueued(org);

        org.Case(account, openedDaysAgo: 0);
        Assert.Null(org.Read(account).GetAttributeValue<DateTime?>("wb_lastscoredon"));   // asynchronous: not inside the save

        RunQueued(org);

        Assert.Equal(TestOrganization.Today, org.Read(account).GetAttributeValue<DateTime?>("wb_lastscoredon"));
        Assert.Null(org.Read(bystander).GetAttributeValue<DateTime?>("wb_lastscoredon"));
    }

    [Fact]
    public void Renaming_a_case_triggers_nothing()
    {
        using var org = new TestOrganization();
        var account = org.Account("Northwind");
        var incident = org.Case(account, openedDaysAgo: 3);
        RunQueued(org);

        org.Service.Update(new Entity("incident", incident) { ["title"] = "Renamed" });

        Assert.Equal(0, RecalculationsQueued(org));
    }

    [Fact]
    public void Resolving_reopening_and_rating_a_case_each_recalculate_its_account()
    {
        using var org = new TestOrganization();
        var account = org.Account("Northwind");
        var incident = org.Case(account, openedDaysAgo: 3);
        RunQueued(org);

        org.Service.Update(new Entity("incident", incident) { ["customersatisfactioncode"] = new OptionSetValue(2) });
        Assert.Equal(1, RecalculationsQueued(org));
        RunQueued(org);

        org.Resolve(incident);
        Assert.Equal(1, RecalculationsQueued(org));
        RunQueued(org);

        org.Reopen(incident);
        Assert.Equal(1, RecalculationsQueued(org));
        RunQueued(org);
    }

    [Fact]
    public void Moving_cases_to_another_customer_recalculates_both_the_account_they_left_and_the_one_they_joined()
    {
        using var org = new TestOrganization();
        var from = org.Account("Northwind");
        var to = org.Account("Contoso");
        var caller = org.Contact(to, "Okafor");
        org.SteadyUsage(from);
        org.SteadyUsage(to);
        var cases = new[] { org.Case(from, openedDaysAgo: 30, slaDays: 3), org.Case(from, openedDaysAgo: 60, slaDays: 3) };   // both open, overdue
        RunQueued(org);
        Assert.Contains("SLA breaches: 2 in the last 90 days", org.Reasons(from));

        foreach (var incident in cases)
        {
            org.Service.Update(new Entity("incident", incident) { ["customerid"] = new EntityReference("contact", caller) });
        }

        Assert.Equal(2, RecalculationsQueued(org));
        RunQueued(org);

        Assert.DoesNotContain("SLA breaches", org.Reasons(from));
        Assert.Contains("SLA breaches: 2 in the last 90 days", org.Reasons(to));
    }

    [Fact]
    public void A_new_usage_snapshot_recalculates_its_account()
    {
        using var org = new TestOrganization();
        var account = org.Account("Contoso");
        RunQueued(org);

        org.Usage(account, endedDaysAgo: 1, logins: 50);
        Assert.Equal(1, RecalculationsQueued(org));
        RunQueued(org);

        Assert.NotNull(org.Read(account).GetAttributeValue<DateTime?>("wb_lastscoredon"));
    }

    [Fact]
    public void Closing_an_opportunity_recalculates_its_account_but_editing_its_name_does_not()
    {
        using var org = new TestOrganization();
        var account = org.Account("Fabrikam");
        var opportunity = org.Opportunity(account);
        RunQueued(org);

        org.Service.Update(new Entity("opportunity", opportunity) { ["name"] = "Bigger expansion" });
        Assert.Equal(0, RecalculationsQueued(org));

        org.Close(opportunity, won: false, closedOn: TestOrganization.Today);
        Assert.Equal(1, RecalculationsQueued(org));
        RunQueued(org);

        Assert.Contains("Lost opportunities: 1", org.Reasons(account));
    }

    [Fact]
    public void An_email_to_a_contact_being_opened_recalculates_the_contacts_account()
    {
        using var org = new TestOrganization();
        var account = org.Account("Litware");
        var contact = org.Contact(account, "Silva");
        var email = org.Email(new EntityReference("contact", contact), sentDaysAgo: 2, opened: false);
        RunQueued(org);

        org.Service.Update(new Entity("email", email) { ["subject"] = "Quarterly review (corrected)" });
        Assert.Equal(0, RecalculationsQueued(org));

        org.Org.ResetCost();
        org.Service.Update(new Entity("email", email) { ["opencount"] = 1 });
        Assert.Equal(1, RecalculationsQueued(org));
        RunQueued(org);

        Assert.NotNull(org.Read(account).GetAttributeValue<DateTime?>("wb_lastscoredon"));
        var run = org.Org.Cost.Plugin("RescoreMarkedAccount")!;
        Assert.Equal(2, run.Executions);   // the job that rescored, and the one its clearing of the mark started, which found nothing to do
        var mark = org.Org.Cost.Plugin("EmailOpened")!;
        Assert.Equal(2, mark.Requests);    // the contact's company found and marked: one query, one update
    }

    [Fact]
    public void Deactivating_the_champion_recalculates_the_account_and_flags_the_growth_gap()
    {
        using var org = new TestOrganization();
        var account = org.Account("Proseware");
        var champion = org.Contact(account, "Novak", primary: true);
        RunQueued(org);

        org.Service.Update(new Entity("contact", champion) { ["jobtitle"] = "Head of operations" });
        Assert.Equal(0, RecalculationsQueued(org));

        org.Service.Update(new Entity("contact", champion) { ["statecode"] = new OptionSetValue(1), ["statuscode"] = new OptionSetValue(2) });
        RunQueued(org);

        Assert.Contains("Champion left", org.Reasons(account));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void A_burst_of_events_on_one_account_leaves_one_correct_result_and_no_duplicate_history(int seed)
    {
        // Asynchronous jobs run several at once in an order drawn from the seed, as Dataverse runs them.
        using var org = new TestOrganization(asyncSeed: seed);
        var account = org.Account("Tailspin");
        var champion = org.Contact(account, "Ito", primary: true);
        org.Opportunity(account);
        RunQueued(org);
        var historyBefore = History(org, account);

        var cases = Enumerable.Range(0, 4).Select(i => org.Case(account, openedDaysAgo: 10 + i, priority: 1, slaDays: 1, complaint: i % 2 == 0)).ToList();
        org.Resolve(cases[0]);
        org.Resolve(cases[1]);
        org.Service.Update(new Entity("incident", cases[2]) { ["customersatisfactioncode"] = new OptionSetValue(1) });
        org.Service.Update(new Entity("contact", champion) { ["statecode"] = new OptionSetValue(1), ["statuscode"] = new OptionSetValue(2) });
        // Triggers coalesce into one rescore job; saves racing each other can still mark the account again before
        // that job clears the mark, so several jobs for the same account run at once.
        for (var k = 0; k < 4; k++) org.Service.Update(new Entity("account", account) { ["wb_needsrescore"] = true });
        Assert.True(RecalculationsQueued(org) >= 4);
        RunQueued(org);

        var stored = org.Read(account);
        var fresh = org.Recalculate(account);
        Assert.False((bool)fresh.Results["Changed"], "the burst left a stale result");
        Assert.Equal(stored.GetAttributeValue<int>("wb_disengagementscore"), (int)fresh.Results["Score"]);
        Assert.Equal(1, History(org, account) - historyBefore);
    }

    private static int History(TestOrganization org, Guid account) =>
        org.Org.Rows("wb_disengagementhistory").Count(h => h.GetAttributeValue<EntityReference>("wb_accountid")?.Id == account);

    [Fact]
    public void Importing_many_cases_for_one_account_queues_one_recalculation_of_it_not_one_per_case()
    {
        using var org = new TestOrganization();
        var account = org.Account("Northwind");
        var other = org.Account("Contoso");
        org.SteadyUsage(account);
        RunQueued(org);

        var history = org.Org.Count("wb_disengagementhistory");

        for (var k = 0; k < 40; k++) org.Case(k % 4 == 0 ? other : account, openedDaysAgo: 1 + k % 20, slaDays: 30);

        Assert.Equal(2, RecalculationsQueued(org));
        RunQueued(org);
        Assert.InRange(org.Org.Count("wb_disengagementhistory") - history, 0, 2);   // at most one new row per account
        Assert.Equal(TestOrganization.Today, org.Read(account).GetAttributeValue<DateTime?>("wb_lastscoredon"));
        Assert.Equal(TestOrganization.Today, org.Read(other).GetAttributeValue<DateTime?>("wb_lastscoredon"));
    }

    [Fact]
    public void Reopening_a_closed_opportunity_recalculates_its_account()
    {
        using var org = new TestOrganization();
        var account = org.Account("Fabrikam");
        var opportunity = org.Opportunity(account, state: 2, closedDaysAgo: 5);
        RunQueued(org);
        Assert.Contains("Lost opportunities: 1", org.Reasons(account));

        org.Service.Update(new Entity("opportunity", opportunity) { ["statecode"] = new OptionSetValue(0), ["statuscode"] = new OptionSetValue(1) });
        Assert.Equal(1, RecalculationsQueued(org));
        RunQueued(org);

        Assert.DoesNotContain("Lost opportunities", org.Reasons(account));
    }

    [Fact]
    public void Reactivating_the_champion_recalculates_the_account_and_the_champion_no_longer_counts_as_gone()
    {
        using var org = new TestOrganization();
        var account = org.Account("Proseware");
        var champion = org.Contact(account, "Novak", primary: true);
        org.Service.Update(new Entity("contact", champion) { ["statecode"] = new OptionSetValue(1), ["statuscode"] = new OptionSetValue(2) });
        RunQueued(org);
        Assert.Contains("Champion left", org.Reasons(account));

        org.Service.Update(new Entity("contact", champion) { ["statecode"] = new OptionSetValue(0), ["statuscode"] = new OptionSetValue(1) });
        Assert.Equal(1, RecalculationsQueued(org));
        RunQueued(org);

        Assert.DoesNotContain("Champion left", org.Reasons(account));
    }

    [Fact]
    public void Deactivating_a_contact_who_is_nobodys_champion_recalculates_nothing_but_a_champion_of_another_account_counts_there()
    {
        using var org = new TestOrganization();
        var account = org.Account("Proseware");
        var partner = org.Account("Partner Ltd");
        var colleague = org.Contact(account, "Ito");
        var championOfPartner = org.Contact(account, "Novak");
        org.Service.Update(new Entity("account", partner) { ["primarycontactid"] = new EntityReference("contact", championOfPartner) });
        RunQueued(org);

        org.Service.Update(new Entity("contact", colleague) { ["statecode"] = new OptionSetValue(1), ["statuscode"] = new OptionSetValue(2) });
        Assert.Equal(0, RecalculationsQueued(org));

        org.Service.Update(new Entity("contact", championOfPartner) { ["statecode"] = new OptionSetValue(1), ["statuscode"] = new OptionSetValue(2) });
        RunQueued(org);

        Assert.Contains("Champion left", org.Reasons(partner));
        Assert.DoesNotContain("Champion left", org.Reasons(account));
    }
}
