using Dataverse.Local.Pipeline;
using Dataverse.Local.Tests.Plugins;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using WinBack.Packaging.Model;

namespace Dataverse.Local.Tests;

/// <summary>The two-minute limit, asynchronous jobs that run several at once in no set order, and DateOnly columns.</summary>
public sealed class TimeAndDateTests
{
    [Fact]
    public void A_synchronous_operation_running_past_its_time_limit_fails_and_rolls_back_everything_it_wrote()
    {
        // A fake clock the time limit reads: each reading is one second later, so the real limit of two minutes is
        // reached after about 120 calls without any real waiting.
        var ticks = new DateTime(2026, 6, 15, 0, 0, 0, DateTimeKind.Utc);
        using var org = new TestSolution().Step<ReadsForever>("Create", "account", stage: 40)
            .Build(new LocalOrganizationOptions { TimeLimitClock = () => ticks = ticks.AddSeconds(1) });

        var fault = Expect.Fault(() => org.Service.Create(new Entity("account") { ["name"] = "Contoso" }));

        Assert.Equal(ErrorCodes.IsvUnExpected, fault.ErrorCode);
        Assert.StartsWith("System.TimeoutException: The operation did not complete within its 2-minute limit", fault.Message);
        Assert.Empty(org.Rows("account"));
        Assert.Empty(org.Rows("annotation"));
    }

    [Fact]
    public void The_time_limit_is_an_option_and_an_operation_within_it_succeeds()
    {
        using var org = new TestSolution().Step<ReadsForever>("Create", "account", stage: 40)
            .Build(new LocalOrganizationOptions { SynchronousTimeLimit = TimeSpan.FromMilliseconds(1) });
        using var quick = new TestSolution().Step<BumpEmployees>("Create", "account", stage: 40)
            .Build(new LocalOrganizationOptions { SynchronousTimeLimit = TimeSpan.FromMinutes(2) });

        // The plug-in reads until the shrunk limit is reached; the organization then stops it.
        var fault = Expect.Fault(() => org.Service.Create(new Entity("account") { ["name"] = "Contoso" }));
        var id = quick.Service.Create(new Entity("account") { ["name"] = "Fabrikam" });

        Assert.Contains("1 ms limit", fault.Message);
        Assert.Empty(org.Rows("account"));
        Assert.Equal(10, quick.Peek("account", id)!.GetAttributeValue<int>("numberofemployees"));
    }

    [Fact]
    public void An_asynchronous_job_past_the_limit_fails_as_a_system_job()
    {
        var ticks = new DateTime(2026, 6, 15, 0, 0, 0, DateTimeKind.Utc);
        using var org = new TestSolution().Step<ReadsForever>("Create", "account", stage: 40, mode: 1)
            .Build(new LocalOrganizationOptions { TimeLimitClock = () => ticks = ticks.AddSeconds(1) });

        org.Service.Create(new Entity("account") { ["name"] = "Contoso" });
        var job = Assert.Single(org.DrainAsyncQueue());

        Assert.Equal(SystemJobStatus.Failed, job.Status);
        Assert.Contains("TimeoutException", job.Message);
    }

    [Fact]
    public void Asynchronous_jobs_interleave_so_a_read_then_write_counter_loses_updates_as_in_production()
    {
        using var org = new TestSolution().Step<CountOnAccount>("Create", "contact", stage: 40, mode: 1)
            .Build(new LocalOrganizationOptions { AsyncConcurrency = 4, AsyncSeed = 7 });
        using var oneAtATime = new TestSolution().Step<CountOnAccount>("Create", "contact", stage: 40, mode: 1)
            .Build(new LocalOrganizationOptions { AsyncConcurrency = 1, AsyncSeed = 7 });
        int Count(LocalOrganization o)
        {
            var account = o.Service.Create(new Entity("account") { ["name"] = "Contoso" });
            for (var i = 0; i < 8; i++) o.Service.Create(new Entity("contact") { ["lastname"] = "C" + i, ["parentcustomerid"] = new EntityReference("account", account) });
            Assert.All(o.DrainAsyncQueue(), j => Assert.Equal(SystemJobStatus.Succeeded, j.Status));
            return o.Peek("account", account)!.GetAttributeValue<int>("numberofemployees");
        }

        Assert.True(Count(org) < 8, "jobs running at once read the same count before either wrote it");
        Assert.Equal(8, Count(oneAtATime));
    }

    [Fact]
    public void The_same_seed_replays_the_same_order_and_the_order_is_not_the_queue_order()
    {
        IReadOnlyList<string> Order(int seed)
        {
            using var org = new TestSolution().Step<NoteWhenRun>("Create", "contact", stage: 40, mode: 1)
                .Build(new LocalOrganizationOptions { AsyncSeed = seed });
            var queued = Enumerable.Range(0, 10).Select(i => org.Service.Create(new Entity("contact") { ["lastname"] = "C" + i })).ToList();
            return org.DrainAsyncQueue().Select(j => queued.IndexOf(j.PrimaryEntityId).ToString()).ToList();
        }

        var first = Order(3);
        Assert.Equal(first, Order(3));
        Assert.False(first.SequenceEqual(Enumerable.Range(0, 10).Select(i => i.ToString())), "jobs ran in queue order");
    }

    [Fact]
    public void An_asynchronous_job_reads_the_clock_when_it_runs_not_when_it_was_queued()
    {
        var now = new DateTime(2026, 6, 15, 9, 0, 0, DateTimeKind.Utc);
        using var org = new TestSolution().Step<NoteWhenRun>("Create", "account", stage: 40, mode: 1)
            .Build(new LocalOrganizationOptions { Clock = () => now });

        org.Service.Create(new Entity("account") { ["name"] = "Contoso" });
        now = now.AddHours(3);
        var job = Assert.Single(org.DrainAsyncQueue());

        Assert.Equal(new DateTime(2026, 6, 15, 9, 0, 0), job.CreatedOn);
        Assert.Equal(new DateTime(2026, 6, 15, 12, 0, 0), Assert.Single(org.Rows("annotation")).GetAttributeValue<DateTime>("createdon"));
    }

    private static TableModel Renewals() => new()
    {
        LogicalName = "wb_renewal",
        SchemaName = "wb_Renewal",
        DisplayName = "Renewal",
        IsCustomTable = true,
        PrimaryIdColumn = "wb_renewalid",
        PrimaryNameColumn = "wb_name",
        Ownership = TableOwnership.User,
        Columns =
        {
            new ColumnModel { LogicalName = "wb_name", Type = ColumnType.String, MaxLength = 100 },
            new ColumnModel { LogicalName = "wb_renewalon", Type = ColumnType.DateTime, Format = "dateonly" },
            new ColumnModel { LogicalName = "wb_signedat", Type = ColumnType.DateTime },
        },
    };

    [Fact]
    public void A_date_only_column_stores_the_date_without_its_time_and_a_date_and_time_column_keeps_the_time()
    {
        using var org = new TestSolution().Table(Renewals()).Build();

        var id = org.Service.Create(new Entity("wb_renewal")
        {
            ["wb_name"] = "Contoso", ["wb_renewalon"] = new DateTime(2026, 9, 30, 17, 45, 0, DateTimeKind.Utc), ["wb_signedat"] = new DateTime(2026, 9, 30, 17, 45, 0, DateTimeKind.Utc),
        });

        var row = org.Service.Retrieve("wb_renewal", id, new ColumnSet("wb_renewalon", "wb_signedat"));
        Assert.Equal(new DateTime(2026, 9, 30), row.GetAttributeValue<DateTime>("wb_renewalon"));
        Assert.Equal(new DateTime(2026, 9, 30, 17, 45, 0), row.GetAttributeValue<DateTime>("wb_signedat"));
        Assert.Equal(ErrorCodes.ValidationError, Expect.Fault(() => org.Service.Update(new Entity("wb_renewal", id) { ["wb_signedat"] = new DateTime(1700, 1, 1) })).ErrorCode);
    }

    [Fact]
    public void Conditions_on_a_date_only_column_compare_dates_in_query_expressions_and_fetch_xml()
    {
        using var org = new TestSolution().Table(Renewals()).Build();
        org.Service.Create(new Entity("wb_renewal") { ["wb_name"] = "On the day", ["wb_renewalon"] = new DateTime(2026, 9, 30) });
        var afternoon = new DateTime(2026, 9, 30, 15, 0, 0, DateTimeKind.Utc);

        var query = new QueryExpression("wb_renewal") { ColumnSet = new ColumnSet("wb_name") };
        query.Criteria.AddCondition("wb_renewalon", ConditionOperator.GreaterEqual, afternoon);
        var byExpression = org.Service.RetrieveMultiple(query);
        var byFetch = org.Service.RetrieveMultiple(new FetchExpression(
            "<fetch><entity name='wb_renewal'><attribute name='wb_name'/><filter><condition attribute='wb_renewalon' operator='eq' value='2026-09-30T15:00:00Z'/></filter></entity></fetch>"));

        Assert.Equal("On the day", Assert.Single(byExpression.Entities).GetAttributeValue<string>("wb_name"));
        Assert.Single(byFetch.Entities);
        Assert.Equal(afternoon, query.Criteria.Conditions[0].Values[0]);   // the caller's query is left as it was
    }

    [Fact]
    public void An_update_that_asks_for_its_row_version_fails_when_the_row_changed_since_it_was_read()
    {
        using var org = new TestSolution().Build();
        var id = org.Service.Create(new Entity("account") { ["name"] = "Contoso" });
        var read = org.Service.Retrieve("account", id, new ColumnSet("name"));
        org.Service.Update(new Entity("account", id) { ["name"] = "Contoso Ltd" });

        var stale = new Entity("account", id) { ["name"] = "Stale", RowVersion = read.RowVersion };
        var fault = Expect.Fault(() => org.Service.Execute(new Microsoft.Xrm.Sdk.Messages.UpdateRequest { Target = stale, ConcurrencyBehavior = ConcurrencyBehavior.IfRowVersionMatches }));
        var fresh = org.Service.Retrieve("account", id, new ColumnSet("name"));
        org.Service.Execute(new Microsoft.Xrm.Sdk.Messages.UpdateRequest
        {
            Target = new Entity("account", id) { ["name"] = "Fresh", RowVersion = fresh.RowVersion }, ConcurrencyBehavior = ConcurrencyBehavior.IfRowVersionMatches,
        });

        Assert.Equal(ErrorCodes.ConcurrencyVersionMismatch, fault.ErrorCode);
        Assert.Equal("Fresh", org.Peek("account", id)!.GetAttributeValue<string>("name"));
    }
}
