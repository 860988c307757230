using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dataverse.Local;
using WinBack.Cli.Demo;
using WinBack.Core.Disengagement;

namespace WinBack.Cli.Commands;

/// <summary>
/// `winback bench`: what the disengagement recalculation costs. A benchmark, not a test: it measures and reports,
/// and says how each figure compares with its goal.
/// </summary>
public sealed class BenchCommand : ICommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public const int GoalRequestsPer1000 = 10;
    public const int GoalRequestsSingleAccount = 6;
    public const double GoalScorerPerSecond = 1_000_000;

    public string Name => "bench";

    public string Summary => "Measure the recalculation: requests per 1,000 accounts, one account's requests, scorer speed";

    public string Usage =>
        """
        Usage: winback bench [--accounts N] [--seed N] [--page-size N] [--json]

        Seeds a local Dataverse with N accounts (default 10,000) and a year of usage, cases, emails and
        opportunities, then measures:
          requests_per_1000_accounts  org-service requests of the bulk recalculation (every call of
                                      wb_RecalculateAllDisengagement and every request its plug-in makes), per
                                      1,000 accounts (goal: at most 10)
          requests_single_account     requests the plug-in makes to recalculate one account whose result
                                      changed, through wb_RecalculateDisengagement (goal: at most 6)
          scorer_accounts_per_second  Core's scorer alone on one thread, per second of CPU time (goal: at
                                      least 1,000,000); the wall-clock rate is reported next to it
          webapi_*                    the Web API (winback serve's host) over loopback HTTP: $select retrieves
                                      of one account a second, and pages of up to 5,000 usage snapshots a second
          shell_form_with_panel_ms    Chromium showing the account form with the disengagement panel drawn
        and the wall times. Times depend on the machine and its load; request counts do not.
        """;

    public int Run(IReadOnlyList<string> args, CommandContext context)
    {
        int accounts = 10_000, seed = 7;
        int? pageSize = null;
        var json = false;
        args = DemoCommand.SplitInline(args);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            switch (DemoCommand.Once(args[i], seen))
            {
                case "--accounts": accounts = DemoCommand.Number(args, ref i, 1, 1_000_000); break;
                case "--seed": seed = DemoCommand.Number(args, ref i, int.MinValue, int.MaxValue); break;
                case "--page-size": pageSize = DemoCommand.Number(args, ref i, 1, 5000); break;
                case "--json": json = true; break;
                default: throw DemoCommand.Unknown(args[i]);
            }
        }

        string zip;
        try
        {
            zip = SolutionLocator.Find(context.WorkingDirectory);
        }
        catch (FileNotFoundException e)
        {
            context.Error.WriteLine("winback bench: " + e.Message);
            return 1;
        }

        // With --json, standard output carries the JSON only: the progress log goes to the error stream.
        var log = json ? context.Error : context.Output;
        var today = DateTime.UtcNow.Date;
        log.WriteLine($"Seeding {accounts:N0} accounts with a year of usage, cases, emails and opportunities (seed {seed})...");
        var seedClock = Stopwatch.StartNew();
        using var org = LocalOrganization.FromSolution(zip, new LocalOrganizationOptions { Clock = () => today });
        var seeded = new DemoOrganization(org.Service, seed, today).Seed(accounts);
        var seedTime = seedClock.Elapsed;
        log.WriteLine($"Seeded {seeded.Total:N0} rows in {seedTime.TotalSeconds:0.0} s: " + string.Join(", ", seeded.Rows.Select(r => $"{r.Value:N0} {r.Key}")));

        // One account first, while its result is still unwritten: the worst case (reads and both writes).
        var single = seeded.Accounts.FirstOrDefault(a => a.Drift != Drift.Engaged) ?? seeded.Accounts[0];
        org.ResetCost();
        var singleClock = Stopwatch.StartNew();
        Recalculation.One(org.Service, single.Id);
        var singleTime = singleClock.Elapsed;
        var singleCost = org.Cost;
        var singleRequests = singleCost.NestedRequests;
        log.WriteLine($"One account ({single.Name}): {singleRequests} requests by the plug-in (goal <= {GoalRequestsSingleAccount}), {singleTime.TotalMilliseconds:0} ms");

        org.ResetCost();
        var bulkClock = Stopwatch.StartNew();
        var processed = 0;
        var pages = Recalculation.All(org.Service, pageSize, page =>
        {
            processed += page.Processed;
            log.WriteLine($"  page: {page.Processed} accounts, {page.Changed} changed, {page.Flagged} flagged");
        });
        var bulkTime = bulkClock.Elapsed;
        var bulkCost = org.Cost;
        var per1000 = processed == 0 ? 0 : bulkCost.TotalRequests * 1000.0 / processed;
        log.WriteLine($"Bulk: {processed:N0} accounts in {pages.Count} pages, {bulkCost.TotalRequests} requests = {per1000:0.##} per 1,000 accounts (goal <= {GoalRequestsPer1000}), {bulkTime.TotalSeconds:0.0} s");

        var (perSecond, perWallSecond, scorerTime, scored) = MeasureScorer(seed);
        log.WriteLine($"Scorer: {perSecond:N0} accounts per CPU second on one thread (goal >= {GoalScorerPerSecond:N0}); {perWallSecond:N0} per wall-clock second on this machine now; {scored:N0} scored in {scorerTime.TotalSeconds:0.00} s of CPU");

        var web = Dataverse.WebApi.WebApiBench.MeasureAsync(org, zip, Dataverse.WebApi.LocalServer.SeedUsers(org), log).GetAwaiter().GetResult();

        var result = new JsonObject
        {
            ["webapi_select_retrieves_per_second"] = Math.Round(web.RetrievePerSecond),
            ["webapi_pages_per_second"] = Math.Round(web.PagesPerSecond, 1),
            ["webapi_page_rows"] = web.PageRows,
            ["shell_account_form_with_panel_ms"] = double.IsNaN(web.FormWithPanelMs) ? null : Math.Round(web.FormWithPanelMs),
            ["accounts"] = accounts,
            ["seed"] = seed,
            ["seeded_rows"] = seeded.Total,
            ["page_size"] = pageSize,
            ["pages"] = pages.Count,
            ["requests_bulk"] = bulkCost.TotalRequests,
            ["requests_per_1000_accounts"] = Math.Round(per1000, 2),
            ["requests_per_1000_accounts_goal"] = GoalRequestsPer1000,
            ["requests_single_account"] = singleRequests,
            ["requests_single_account_goal"] = GoalRequestsSingleAccount,
            ["scorer_accounts_per_second"] = Math.Round(perSecond),
            ["scorer_accounts_per_second_goal"] = GoalScorerPerSecond,
            ["bulk_wall_ms"] = Math.Round(bulkTime.TotalMilliseconds),
            ["single_account_wall_ms"] = Math.Round(singleTime.TotalMilliseconds, 1),
            ["scorer_accounts_per_wall_second"] = Math.Round(perWallSecond),
            ["scorer_cpu_ms"] = Math.Round(scorerTime.TotalMilliseconds),
            ["machine_load_average"] = LoadAverage(),
            ["seed_wall_ms"] = Math.Round(seedTime.TotalMilliseconds),
            ["bulk_requests_by_message"] = new JsonObject(bulkCost.ByCaller
                .SelectMany(c => c.RequestsByMessage)
                .GroupBy(m => m.Key)
                .Select(g => KeyValuePair.Create(g.Key, (JsonNode?)g.Sum(m => m.Value)))),
        };

        if (json)
        {
            context.Output.WriteLine(result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }
        else
        {
            context.Output.WriteLine();
            context.Output.WriteLine($"requests_per_1000_accounts  {per1000,12:0.##}  goal <= {GoalRequestsPer1000,-10} {Verdict(per1000 <= GoalRequestsPer1000)}");
            context.Output.WriteLine($"requests_single_account     {singleRequests,12}  goal <= {GoalRequestsSingleAccount,-10} {Verdict(singleRequests <= GoalRequestsSingleAccount)}");
            context.Output.WriteLine($"scorer_accounts_per_second  {perSecond,12:N0}  goal >= {GoalScorerPerSecond,-10:N0} {Verdict(perSecond >= GoalScorerPerSecond)}");
            context.Output.WriteLine($"webapi_select_retrieves/s   {web.RetrievePerSecond,12:N0}");
            context.Output.WriteLine($"webapi_pages_per_second     {web.PagesPerSecond,12:0.0}  ({web.PageRows:N0} rows a page)");
            context.Output.WriteLine($"shell_form_with_panel_ms    {web.FormWithPanelMs,12:0}  {web.FormNote}");
        }

        return 0;
    }

    /// <summary>The one-minute load average where the system tells it (Linux), so wall times can be read in context.</summary>
    private static double? LoadAverage()
    {
        try
        {
            var text = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg") : null;
            return text == null ? null : double.Parse(text.Split(' ')[0], Inv);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string Verdict(bool met) => met ? "met" : "NOT met";

    /// <summary>
    /// Scores a fixed set of varied accounts over and over on this thread. The rate is per second of CPU time the
    /// process used, so it measures one core's work even when other programs share the machine; the wall-clock
    /// rate is reported next to it.
    /// </summary>
    private static (double PerCpuSecond, double PerWallSecond, TimeSpan Cpu, long Scored) MeasureScorer(int seed)
    {
        var random = new Random(seed);
        var accounts = new AccountSignals[4096];
        for (var i = 0; i < accounts.Length; i++)
        {
            var s = new AccountSignals();
            foreach (var metric in MetricNames.All())
            {
                if (random.NextDouble() < 0.1) continue;
                var previous = Math.Round(random.NextDouble() * 120);
                var current = Math.Round(previous * (0.3 + random.NextDouble() * 0.9));
                s.Set(metric, current: current, previous: previous);
            }

            s.Set(Metric.ChampionLeft, current: random.NextDouble() < 0.1 ? 1 : 0);
            s.Set(Metric.Satisfaction, current: random.Next(0, 101), previous: random.Next(0, 101));
            accounts[i] = s;
        }

        var scorer = new DisengagementScorer(Policy.Default);
        var results = new ScoreResult[accounts.Length];
        for (var warm = 0; warm < 20; warm++) scorer.ScoreBatch(accounts, results);

        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuStart = process.TotalProcessorTime;
        long scored = 0;
        var wall = Stopwatch.StartNew();
        TimeSpan cpu;
        do
        {
            for (var round = 0; round < 16; round++)
            {
                scorer.ScoreBatch(accounts, results);
            }

            scored += 16L * accounts.Length;
            process.Refresh();
            cpu = process.TotalProcessorTime - cpuStart;
        }
        while (cpu.TotalMilliseconds < 1500 && wall.ElapsedMilliseconds < 20000);

        return (scored / Math.Max(cpu.TotalSeconds, 1e-6), scored / wall.Elapsed.TotalSeconds, cpu, scored);
    }
}
