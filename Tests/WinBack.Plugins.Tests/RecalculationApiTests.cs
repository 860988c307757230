using System.ServiceModel;
using Microsoft.Xrm.Sdk;

namespace WinBack.Plugins.Tests;

/// <summary>The two recalculation Custom APIs: one account on demand, all active accounts page by page.</summary>
public sealed class RecalculationApiTests
{
    private static List<Guid> Accounts(TestOrganization org, int count, bool withData = true)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var id = org.Account($"Account {i:000}");
            ids.Add(id);
            if (!withData) continue;
            org.Usage(id, endedDaysAgo: 31, logins: 100 + i);
            org.Usage(id, endedDaysAgo: 1, logins: i % 3 == 0 ? 40 : 100 + i);
            org.Case(id, openedDaysAgo: 10 + i % 20, resolvedAfterDays: i % 4 == 0 ? 6 : 1, satisfaction: 1 + i % 5);
            org.Email(new EntityReference("account", id), sentDaysAgo: 5 + i % 30, opened: i % 2 == 0);
        }

        return ids;
    }

    [Fact]
    public void Recalculating_one_account_returns_its_score_band_and_reasons_and_stores_them()
    {
        using var org = new TestOrganization();
        var account = org.Account("Northwind");
        org.Usage(account, endedDaysAgo: 31, logins: 118);
        org.Usage(account, endedDaysAgo: 1, logins: 64);

        var response = org.Recalculate(account);

        var stored = org.Read(account);
        Assert.Equal(stored.GetAttributeValue<int>("wb_disengagementscore"), (int)response["Score"]);
        Assert.Equal(stored.GetAttributeValue<OptionSetValue>("wb_riskband").Value, (int)response["RiskBand"]);
        Assert.Equal(stored.GetAttributeValue<string>("wb_disengagementreasons"), (string)response["Reasons"]);
        Assert.True((bool)response["Changed"]);
        Assert.Equal(TestOrganization.Today, stored.GetAttributeValue<DateTime>("wb_lastscoredon"));
    }

    [Fact]
    public void Recalculating_one_account_costs_sixteen_reads_and_two_writes_through_the_same_aggregate_reader_as_a_page()
    {
        using var org = new TestOrganization();
        var account = org.Account("Northwind");
        var contact = org.Contact(account, "Costa", primary: true);
        org.SteadyUsage(account);
        org.Case(account, openedDaysAgo: 12, resolvedAfterDays: 5, satisfaction: 2);
        org.Case(account, openedDaysAgo: 30, resolvedAfterDays: 1, satisfaction: 1, contact: contact);
        org.Email(new EntityReference("contact", contact), sentDaysAgo: 3, opened: true);
        org.Opportunity(account, state: 2, closedDaysAgo: 20);
        org.Org.ResetCost();

        var response = org.Recalculate(account);

        Assert.True((bool)response["Changed"]);
        // The caller's access (1), the policy (2: no stored policy is in use, so the policy store, then the environment
        // variable), the organisation's distribution (1), where telemetry ends (1), the account (1), ten aggregates, the
        // account's update and one history row.
        Assert.Equal(18, org.Org.Cost.NestedRequests);
        var plugin = org.Org.Cost.ByCaller.Where(c => c.IsPlugin).SelectMany(c => c.RequestsByMessage).ToList();
        Assert.Equal(16, plugin.Where(m => m.Key is "RetrieveMultiple" or "Retrieve").Sum(m => m.Value));
    }

    [Fact]
    public void Recalculating_an_unchanged_account_again_records_the_check_and_nothing_else()
    {
        using var org = new TestOrganization();
        var account = org.Account("Northwind");
        org.SteadyUsage(account);
        org.Recalculate(account);
        org.Org.ResetCost();

        var again = org.Recalculate(account);

        Assert.False((bool)again["Changed"]);
        var writes = org.Org.Cost.ByCaller.SelectMany(c => c.RequestsByMessage).Where(m => m.Key is "Update" or "UpdateMultiple" or "Create" or "CreateMultiple").ToList();
        Assert.Equal(1, writes.Where(m => m.Key == "Update").Sum(m => m.Value));
        Assert.Equal(1, writes.Sum(m => m.Value));
    }

    [Fact]
    public void An_account_keeps_the_date_it_was_first_flagged_while_it_stays_flagged_and_loses_it_when_it_recovers()
    {
        using var org = new TestOrganization();
        var account = org.Account("Northwind");
        org.Usage(account, endedDaysAgo: 31, logins: 118);
        org.Usage(account, endedDaysAgo: 1, logins: 64);
        var policy = org.Service.RetrieveMultiple(new Microsoft.Xrm.Sdk.Query.QueryByAttribute("environmentvariabledefinition")
        {
            ColumnSet = new Microsoft.Xrm.Sdk.Query.ColumnSet("schemaname"), Attributes = { "schemaname" }, Values = { "wb_DisengagementPolicy" },
        }).Entities.Single().ToEntityReference();
        var value = org.Service.Create(new Entity("environmentvariablevalue")
        {
            ["schemaname"] = "wb_DisengagementPolicy_value", ["environmentvariabledefinitionid"] = policy,
            ["value"] = """{ "bands": { "watch": 1, "atRisk": 2, "disengaged": 3 } }""",
        });

        org.Recalculate(account);
        org.Now = TestOrganization.Today.AddDays(2);
        org.Usage(account, endedDaysAgo: 0, logins: 30);   // logins fell further: a new result is written
        org.Recalculate(account);
        var stillFlagged = org.Read(account);

        org.Service.Update(new Entity("environmentvariablevalue", value) { ["value"] = """{ "bands": { "watch": 97, "atRisk": 98, "disengaged": 99 } }""" });
        org.Recalculate(account);
        var recovered = org.Read(account);

        Assert.Equal(TestOrganization.Today.AddDays(2), stillFlagged.GetAttributeValue<DateTime?>("wb_lastscoredon"));
        Assert.Equal(TestOrganization.Today, stillFlagged.GetAttributeValue<DateTime?>("wb_flaggedon"));
        Assert.Null(recovered.GetAttributeValue<DateTime?>("wb_flaggedon"));
    }

    [Fact]
    public void The_daily_refresh_pages_through_every_active_account_with_the_paging_cookie()
    {
        using var org = new TestOrganization();
        var ids = Accounts(org, 25, withData: false);
        org.Service.Update(new Entity("account", ids[0]) { ["statecode"] = new OptionSetValue(1), ["statuscode"] = new OptionSetValue(2) });

        var processed = 0;
        var calls = 0;
        string? cookie = null;
        bool more;
        do
        {
            var page = org.RecalculatePage(pageSize: 10, cookie: cookie);
            calls++;
            processed += (int)page["Processed"];
            more = (bool)page["MoreRecords"];
            cookie = (string)page["PagingCookie"];
            Assert.Equal(more, cookie.Length > 0);
        }
        while (more);

        Assert.Equal(3, calls);
        Assert.Equal(24, processed);
        Assert.All(ids.Skip(1), id => Assert.NotNull(org.Read(id).GetAttributeValue<DateTime?>("wb_lastscoredon")));
        Assert.Null(org.Read(ids[0]).GetAttributeValue<DateTime?>("wb_lastscoredon"));
    }

    [Fact]
    public void The_daily_refresh_dates_every_check_but_rewrites_results_and_history_only_for_accounts_that_changed_without_bulk_messages()
    {
        using var org = new TestOrganization();
        var ids = Accounts(org, 30);

        var first = org.RecalculatePage(pageSize: 100);
        Assert.Equal(30, (int)first["Changed"]);
        Assert.Equal(30, org.Org.Count("wb_disengagementhistory"));

        // Nothing new: the next refresh writes nothing.
        org.Org.ResetCost();
        var unchanged = org.RecalculatePage(pageSize: 100);
        Assert.Equal(0, (int)unchanged["Changed"]);
        Assert.Equal(30, org.Org.Count("wb_disengagementhistory"));
        Assert.DoesNotContain(org.Org.Cost.ByCaller.SelectMany(c => c.RequestsByMessage.Keys), m => m is "UpdateMultiple" or "CreateMultiple" or "ExecuteMultiple");

        // Two stored results no longer match their signals (edited by hand): only those two are rewritten.
        org.Service.Update(new Entity("account", ids[1]) { ["wb_disengagementscore"] = 99 });
        org.Service.Update(new Entity("account", ids[2]) { ["wb_disengagementreasons"] = "edited by hand" });
        org.Org.ResetCost();

        var second = org.RecalculatePage(pageSize: 100);

        Assert.Equal(2, (int)second["Changed"]);
        Assert.Equal(32, org.Org.Count("wb_disengagementhistory"));
        var messages = org.Org.Cost.ByCaller.Where(c => c.IsPlugin).SelectMany(c => c.RequestsByMessage).ToList();
        Assert.Equal(30, messages.Where(m => m.Key == "Update").Sum(m => m.Value));   // each account's check date; two with results
        Assert.Equal(2, messages.Where(m => m.Key == "Create").Sum(m => m.Value));
        Assert.DoesNotContain(messages, m => m.Key is "UpdateMultiple" or "CreateMultiple" or "ExecuteMultiple" or "Retrieve");
        Assert.NotEqual(99, org.Read(ids[1]).GetAttributeValue<int>("wb_disengagementscore"));
    }

    [Fact]
    public void A_page_reads_with_the_same_number_of_requests_whether_it_holds_ten_accounts_or_a_hundred()
    {
        using var small = new TestOrganization();
        Accounts(small, 10);
        small.Org.ResetCost();
        small.RecalculatePage(pageSize: 500);
        var smallRequests = Reads(small);

        using var large = new TestOrganization();
        Accounts(large, 100);
        large.Org.ResetCost();
        large.RecalculatePage(pageSize: 500);
        var largeRequests = Reads(large);

        Assert.Equal(smallRequests, largeRequests);
        Assert.Equal(15, largeRequests);   // policy (store, then environment variable: none stored), the organisation's distribution, telemetry's end, the page, ten aggregates

        // The control-group assignment reads the gate policy for each account flagged for the first time: counted apart.
        static int Reads(TestOrganization org) =>
            org.Org.Cost.ByCaller.Where(c => c.IsPlugin && !c.Caller.Contains("AssignControlGroup", StringComparison.Ordinal))
                .SelectMany(c => c.RequestsByMessage).Where(m => m.Key == "RetrieveMultiple").Sum(m => m.Value);
    }

    [Fact]
    public void Customer_success_may_ask_for_a_recalculation_and_a_sales_rep_who_only_reads_scores_may_not()
    {
        using var org = new TestOrganization();
        var account = org.Account("Northwind");
        var rep = org.Org.AddUser("Riley Rep", "Win-back Sales Rep");
        var success = org.Org.AddUser("Casey Success", "Win-back Customer Success");
        var request = new OrganizationRequest("wb_RecalculateDisengagement") { ["Target"] = new EntityReference("account", account) };

        var refused = Assert.Throws<FaultException<OrganizationServiceFault>>(() => org.Org.GetService(rep).Execute(request));
        var response = org.Org.GetService(success).Execute(request);

        Assert.Contains("prvCreatewb_DisengagementHistory", refused.Detail.Message);
        Assert.True((bool)response["Changed"]);
    }

    [Fact]
    public void A_page_size_out_of_range_is_refused_with_the_allowed_range()
    {
        using var org = new TestOrganization();

        var fault = Assert.Throws<FaultException<OrganizationServiceFault>>(() => org.RecalculatePage(pageSize: 20000));

        Assert.Contains("PageSize must be between 1 and 500 accounts", fault.Detail.Message);
    }

    [Fact]
    public void A_paging_cookie_the_api_did_not_hand_out_is_refused_with_what_to_do()
    {
        using var org = new TestOrganization();

        var fault = Assert.Throws<FaultException<OrganizationServiceFault>>(() => org.RecalculatePage(cookie: "<cookie page=\"2\" />"));

        Assert.Contains("Pass the PagingCookie returned by the previous call unchanged", fault.Detail.Message);
    }

    [Fact]
    public void A_paging_cookie_whose_Dataverse_part_was_altered_is_refused_with_what_to_do_not_with_a_query_error()
    {
        using var org = new TestOrganization();
        org.Account("Northwind");

        var fault = Assert.Throws<FaultException<OrganizationServiceFault>>(() => org.RecalculatePage(cookie: "2|garbage"));

        Assert.Contains("Pass the PagingCookie returned by the previous call unchanged", fault.Detail.Message);
        Assert.DoesNotContain("Dataverse refused", fault.Detail.Message);
    }
}

/// <summary>Dataverse refuses aggregates over more than 50,000 rows; the daily refresh says so and smaller pages get through.</summary>
public sealed class AggregateLimitTests
{
    [Fact]
    public void A_page_too_busy_for_the_aggregate_limit_asks_for_smaller_pages_and_writes_nothing_and_smaller_pages_count_every_email()
    {
        using var org = new TestOrganization();
        var busy = org.Account("Busy Mailer");
        var quiet = org.Account("Quiet Mailer");
        Seed(org, busy, sent: 30_000, opened: 3_000);
        Seed(org, quiet, sent: 21_000, opened: 21_000);

        var fault = Assert.Throws<FaultException<OrganizationServiceFault>>(() => org.RecalculatePage(pageSize: 100));
        Assert.Contains("more than 50,000 emails in the email window", fault.Detail.Message);
        Assert.Contains("Call again with the same PagingCookie and a smaller PageSize", fault.Detail.Message);
        Assert.Equal(0, org.Org.Count("wb_disengagementhistory"));

        var first = org.RecalculatePage(pageSize: 1);
        var second = org.RecalculatePage(pageSize: 1, cookie: (string)first["PagingCookie"]);

        Assert.False((bool)second["MoreRecords"]);
        Assert.Contains("Emails opened: 3000 of 30000 (10%)", org.Reasons(busy));
        Assert.DoesNotContain("Emails opened", org.Reasons(quiet));
    }

    [Fact]
    public void A_page_whose_cases_fall_into_more_than_five_thousand_groups_counts_every_case()
    {
        using var org = new TestOrganization();
        var account = org.Account("Many reopens");
        // 5,002 cases that differ in reopen count, priority or complaint: 5,002 groups in the page's case aggregate,
        // more than Dataverse returns in one page of results.
        var cases = new List<Entity>();
        for (var i = 0; i < 5_002; i++)
        {
            cases.Add(new Entity("incident")
            {
                ["title"] = "Case " + (i + 1),
                ["customerid"] = new EntityReference("account", account),
                ["overriddencreatedon"] = TestOrganization.Today.AddDays(-1 - i % 80),
                ["wb_reopencount"] = i % 1001,
                ["prioritycode"] = new OptionSetValue(1 + i / 1001 % 3),
                ["wb_iscomplaint"] = i / 3003 % 2 == 1,
            });
        }

        var reopened = Enumerable.Range(0, 5_002).Count(i => i % 1001 != 0);
        for (var offset = 0; offset < cases.Count; offset += 1000)
        {
            var request = new Microsoft.Xrm.Sdk.Messages.CreateMultipleRequest
            {
                Targets = new EntityCollection(cases.GetRange(offset, Math.Min(1000, cases.Count - offset))) { EntityName = "incident" },
            };
            request.Parameters["BypassCustomPluginExecution"] = true;
            org.Service.Execute(request);
        }

        org.RecalculatePage(pageSize: 100);

        Assert.Contains($"Reopened cases: {reopened} in the last 90 days", org.Reasons(account));
        Assert.Contains("Complaints: 1999 in the last 90 days", org.Reasons(account));
        Assert.False((bool)org.Recalculate(account)["Changed"]);   // the form button reads through the same aggregates
    }

    private static void Seed(TestOrganization org, Guid account, int sent, int opened)
    {
        var emails = new List<Entity>(sent);
        for (var i = 0; i < sent; i++)
        {
            emails.Add(new Entity("email")
            {
                ["subject"] = "Newsletter",
                ["regardingobjectid"] = new EntityReference("account", account),
                ["directioncode"] = true,
                ["senton"] = TestOrganization.Today.AddDays(-1 - i % 80),
                ["opencount"] = i < opened ? 1 : 0,
            });
        }

        for (var offset = 0; offset < emails.Count; offset += 1000)
        {
            var request = new Microsoft.Xrm.Sdk.Messages.CreateMultipleRequest
            {
                Targets = new EntityCollection(emails.GetRange(offset, Math.Min(1000, emails.Count - offset))) { EntityName = "email" },
            };
            request.Parameters["BypassCustomPluginExecution"] = true;
            org.Service.Execute(request);
        }
    }
}
