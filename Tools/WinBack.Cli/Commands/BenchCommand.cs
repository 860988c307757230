using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dataverse.Local;
using WinBack.Cli.Demo;
using WinBack.Cli.History;
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
        Usage: winback bench [--accounts N] [--seed N] [--page-size N] [--no-dataverse] [--json]

        Seeds a local Dataverse with N accounts (default 10,000) and a year of usage, cases, emails and
        opportunities, then measures:
          requests_per_1000_accounts  org-service requests of the bulk recalculation (every call of
                                      wb_RecalculateAllDisengagement and every request its plug-in makes), per
                                      1,000 accounts (goal: at most 10)
          requests_single_account     requests the plug-in makes to recalculate one account whose result
                                      changed, through wb_RecalculateDisengagement (goal: at most 6)
          scorer_accounts_per_second  Core's scorer alone on one thread, per second of CPU time (goal: at
                                      least 1,000,000); the wall-clock rate is reported next to it
          scorer_shaped_accounts_per_second  the same with a fitted shape (32 steps) on every signal and the
                                      level signals judged against a population (goal: at least 1,000,000)
          calibrate_100k_wall_ms      `winback calibrate`'s fit and 5-fold cross-validation on 100,000
                                      accounts (goal: under 30,000), with its CPU time
        and the wall times. Times depend on the machine and its load; request counts do not.
        --no-dataverse measures the scorer and calibrate only.
        """;

    public int Run(IReadOnlyList<string> args, CommandContext context)
    {
        int accounts = 10_000, seed = 7;
        int? pageSize = null;
        var json = false;
        var noDataverse = false;
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
                case "--no-dataverse": noDataverse = true; break;
                default: throw DemoCommand.Unknown(args[i]);
            }
        }

        if (noDataverse) return RunModelOnly(seed, json, context);

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

        var (perSecond, perWallSecond, scorerTime, scored) = MeasureScorer(seed, shaped: false);
        log.WriteLine($"Scorer: {perSecond:N0} accounts per CPU second on one thread (goal >= {GoalScorerPerSecond:N0}); {perWallSecond:N0} per wall-clock second on this machine now; {scored:N0} scored in {scorerTime.TotalSeconds:0.00} s of CPU");

        var result = new JsonObject
        {
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
        }

        return 0;
    }

    /// <summary>The scorer with shapes and a population, and calibrate on 100,000 accounts: no Dataverse needed.</summary>
    private static int RunModelOnly(int seed, bool json, CommandContext context)
    {
        var log = json ? context.Error : context.Output;
        var plain = MeasureScorer(seed, shaped: false);
        log.WriteLine($"Scorer (default policy): {plain.PerCpuSecond:N0} accounts per CPU second on one thread");
        var shaped = MeasureScorer(seed, shaped: true);
        log.WriteLine($"Scorer (a 32-step shape on every signal, levels against a population): {shaped.PerCpuSecond:N0} accounts per CPU second on one thread (goal >= {GoalScorerPerSecond:N0})");
        var rows = SyntheticHistory(100_000, seed);
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuStart = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        var calibration = Calibrator.Calibrate(rows, Policy.Default, new CalibrationOptions { Seed = seed });
        var calibrateWall = wall.Elapsed;
        process.Refresh();
        var calibrateCpu = process.TotalProcessorTime - cpuStart;
        log.WriteLine($"Calibrate on {rows.Count:N0} accounts: {calibrateWall.TotalSeconds:0.0} s wall, {calibrateCpu.TotalSeconds:0.0} s CPU (goal < 30 s); cv_auc {calibration.CvAuc:0.000}, lr_cv_auc {calibration.LrCvAuc:0.000}");
        var result = new JsonObject
        {
            ["scorer_accounts_per_second"] = Math.Round(plain.PerCpuSecond),
            ["scorer_shaped_accounts_per_second"] = Math.Round(shaped.PerCpuSecond),
            ["scorer_accounts_per_second_goal"] = GoalScorerPerSecond,
            ["calibrate_accounts"] = rows.Count,
            ["calibrate_100k_wall_ms"] = Math.Round(calibrateWall.TotalMilliseconds),
            ["calibrate_100k_cpu_ms"] = Math.Round(calibrateCpu.TotalMilliseconds),
            ["calibrate_100k_goal_ms"] = 30_000,
            ["calibrate_cv_auc"] = Math.Round(calibration.CvAuc, 4),
            ["calibrate_lr_cv_auc"] = Math.Round(calibration.LrCvAuc, 4),
            ["machine_load_average"] = LoadAverage(),
        };
        if (json) context.Output.WriteLine(result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        else
        {
            context.Output.WriteLine();
            context.Output.WriteLine($"scorer_shaped_accounts_per_second  {shaped.PerCpuSecond,12:N0}  goal >= {GoalScorerPerSecond,-10:N0} {Verdict(shaped.PerCpuSecond >= GoalScorerPerSecond)}");
            context.Output.WriteLine($"calibrate_100k_wall_ms             {calibrateWall.TotalMilliseconds,12:N0}  goal < {30_000,-11:N0} {Verdict(calibrateWall.TotalMilliseconds < 30_000)}");
        }
        return 0;
    }

    /// <summary>A history where churn follows login falls, SLA breaches and short tenure, with noise.</summary>
    private static List<HistoryRow> SyntheticHistory(int count, int seed)
    {
        var random = new Random(seed);
        var rows = new List<HistoryRow>(count);
        for (var i = 0; i < count; i++)
        {
            double previous = 50 + random.Next(100), fall = random.NextDouble() * 0.7;
            int breaches = random.Next(5), tenure = 1 + random.Next(80);
            double risk = -3 + 4 * fall + 0.6 * breaches - 0.01 * tenure + random.NextDouble() * 1.5;
            var churned = random.NextDouble() < 1 / (1 + Math.Exp(-risk));
            var s = new AccountSignals()
                .Set(Metric.Logins, current: Math.Round(previous * (1 - fall)), previous: previous)
                .Set(Metric.Cases, current: random.Next(8), change: random.Next(-3, 4))
                .Set(Metric.SlaBreaches, current: breaches)
                .Set(Metric.Satisfaction, current: 60 + random.Next(40))
                .Set(Metric.TenureMonths, current: tenure)
                .Set(Metric.Spend, current: 100 + random.Next(4900));
            rows.Add(new HistoryRow(i + 2, "A" + i, churned, s));
        }
        return rows;
    }

    /// <summary>The default policy with a 32-step shape on every weighted signal, rising the way each signal declares.</summary>
    private static Policy ShapedPolicy()
    {
        var settings = new SignalSettings[Signals.Count];
        foreach (var signal in Signals.All())
        {
            var info = Signals.Info(signal);
            var d = Policy.Default[signal];
            bool share = d.Scale == SignalScale.Share;
            bool falling = info.LowerIsWorse && !share;
            double lo = share ? 0 : info.Min, hi = share ? 100 : Math.Min(info.Max, 120);
            var cuts = Enumerable.Range(1, 32).Select(k => lo + (hi - lo) * k / 33.0).ToArray();
            var steps = Enumerable.Range(0, 33).Select(k => falling ? 1 - k / 32.0 : k / 32.0).ToArray();
            settings[(int)signal] = new SignalSettings(Math.Max(d.Weight, 1), d.Start, d.Threshold, d.Full, d.Scale, new ShapeFunction(cuts, steps));
        }
        return new Policy("bench: shaped", Policy.Default.Windows, Policy.Default.Bands, settings);
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
    private static (double PerCpuSecond, double PerWallSecond, TimeSpan Cpu, long Scored) MeasureScorer(int seed, bool shaped)
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

        var scorer = shaped
            ? new DisengagementScorer(ShapedPolicy(), PopulationDistribution.FromAccounts(accounts))
            : new DisengagementScorer(Policy.Default);
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
