using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dataverse.Local;
using Dataverse.Local.Pipeline;
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
    public const double GoalScorerPerSecond = 1_000_000;
    public const double GoalBytesPerSeededRow = 1536;
    public const double GoalSingleAccountMs = 20;
    public const double GoalRefreshGrowth = 1.5;
    private const int SingleAccountSamples = 25;

    /// <summary>Dataverse stops a synchronous operation (message plus synchronous plug-ins) at two minutes.</summary>
    public const double SynchronousLimitSeconds = 120;

    private readonly SeedOptions _organisation = new(accounts: 10_000, seed: 7);
    private readonly Option<int> _otherSteps = CliOptions.WholeNumber("--other-steps",
        "synchronous steps on the Update of account that stand for other solutions' plug-ins (each reads the account being saved)", 0, 100, 0);
    private readonly Option<bool> _noDataverse = CliOptions.Flag("--no-dataverse", "measure the scorer (with shapes and a population) and calibrate on 100,000 accounts only");
    private readonly Option<bool> _json = CliOptions.Flag("--json", "print one JSON object instead of the report; the log goes to the error stream");
    private readonly Option<int> _reviewAccounts = CliOptions.WholeNumber("--review-accounts",
        "flagged accounts in the review page's own organization (0 leaves the review page out)", 0, 50_000, 5_000);
    private readonly Option<bool> _reviewOnly = CliOptions.Flag("--review-only", "measure the review page only");

    public Command Declare()
    {
        var command = new Command("bench",
            "Measure the recalculation: requests per 1,000 accounts, one account's requests, scorer speed.\n" +
            "Seeds a local Dataverse with N accounts and a year of usage, cases, emails and opportunities, then measures:\n" +
            "  requests_per_1000_accounts         Web API requests the driver of the daily refresh makes (calls of\n" +
            "                                     wb_RecalculateAllDisengagement), per 1,000 accounts (goal: at most 10)\n" +
            "  plugin_requests_per_1000_accounts  requests the plug-in makes inside the sandbox during those calls, per\n" +
            "                                     1,000 accounts (reported next to it, not counted against the goal)\n" +
            "  requests_single_account            requests to recalculate one account whose result changed through\n" +
            "                                     wb_RecalculateDisengagement (the call and every request of its plug-in)\n" +
            "  longest_call_seconds               the longest single synchronous call of the refresh, against\n" +
            "                                     Dataverse's two-minute limit\n" +
            "  scorer_accounts_per_second         Core's scorer alone on one thread, per second of CPU time (goal: at\n" +
            "                                     least 1,000,000); the wall-clock rate is reported next to it\n" +
            "  bytes_per_seeded_row               managed memory the seeded rows take (after a full collection), per\n" +
            "                                     seeded row (goal: at most 1,536)\n" +
            "  single_account_ms                  one account's recalculation after the refresh (reads, score, writes\n" +
            "                                     if any), median of 25 accounts (goal: under 20 ms)\n" +
            "  refresh_ms_per_account             the refresh's wall time per account (goal: at 40,000 accounts within\n" +
            "                                     1.5 times the figure at 5,000); its CPU time per account next to it\n" +
            "  gate_calls_per_create              org-service calls the remediation gate makes per outreach create (goal:\n" +
            "                                     at most 2), with its in-process time p50 and p95\n" +
            "  webapi_*                           the Web API (winback serve's host) over loopback HTTP: $select retrieves\n" +
            "                                     of one account a second, and pages of up to 5,000 usage snapshots a second\n" +
            "  shell_form_with_panel_ms           Chromium showing the account form with the disengagement panel drawn\n" +
            "  shell_panel_after_form_ms          the account panel's verdict shown after the form loaded, in Chromium\n" +
            "                                     (goal: under 500)\n" +
            "  review_*                           the Win-back review page in Chromium over its own organization of 5,000\n" +
            "                                     flagged accounts (--review-accounts): first rows shown after navigation\n" +
            "                                     (goal: under 1,000 ms), all loaded, Web API requests per load, a filter, a\n" +
            "                                     sort and a search applied (goal: under 100 ms each)\n" +
            "  scorer_shaped_accounts_per_second  with --no-dataverse: the scorer with a fitted shape (32 steps) on every\n" +
            "                                     signal and the levels judged against a population (goal: 1,000,000)\n" +
            "  draft_calls_per_compose            org-service calls the server makes to compose one outreach draft (goal:\n" +
            "                                     at most 3)\n" +
            "  drafts_per_second                  Core's draft composer alone on one thread, per CPU second (goal: at least\n" +
            "                                     10,000), and with the quality gate; also with --no-dataverse\n" +
            "  calibrate_100k_wall_ms             with --no-dataverse: `winback calibrate`'s fit and 5-fold cross-validation\n" +
            "                                     on 100,000 accounts (goal: under 30,000), with its CPU time\n" +
            "and the wall times. Times depend on the machine and its load; request counts and memory do not.\n" +
            "--other-steps N shows what a page costs in an organisation with other solutions installed;\n" +
            "--no-dataverse measures the scorer and calibrate only; --review-only the review page only; --policy FILE measures\n" +
            "with a policy in the policy store (policy_store_reads_per_call: the policy's reads per call, store and environment\n" +
            "variable together).");
        _organisation.AddTo(command);
        command.Add(_organisation.Policy);
        command.Add(_otherSteps);
        command.Add(_noDataverse);
        command.Add(_json);
        command.Add(_reviewAccounts);
        command.Add(_reviewOnly);
        return command;
    }

    public int Run(ParseResult parsed, CommandContext context)
    {
        var accounts = parsed.GetValue(_organisation.Accounts);
        var seed = parsed.GetValue(_organisation.Seed);
        var pageSize = parsed.GetValue(_organisation.PageSize);
        var otherSteps = parsed.GetValue(_otherSteps);
        var json = parsed.GetValue(_json);
        if (parsed.GetValue(_noDataverse)) return RunModelOnly(seed, json, context);


        var zip = SolutionLocator.FindFor("bench", context);
        if (zip == null) return 1;
        var reviewAccounts = parsed.GetValue(_reviewAccounts);
        if (parsed.GetValue(_reviewOnly)) return RunReviewOnly(zip, Math.Max(1, reviewAccounts), json, context);

        // With --json, standard output carries the JSON only: the progress log goes to the error stream.
        var log = json ? context.Error : context.Output;
        var today = DateTime.UtcNow.Date;
        log.WriteLine($"Seeding {accounts:N0} accounts with a year of usage, cases, emails and opportunities (seed {seed})...");
        var seedClock = Stopwatch.StartNew();
        using var org = LocalOrganization.FromSolution(zip, new LocalOrganizationOptions { Clock = () => today });
        var emptyBytes = ManagedBytes();
        var seeded = new DemoOrganization(org.Service, seed, today).Seed(accounts);
        var seedTime = seedClock.Elapsed;
        var policyFile = parsed.GetValue(_organisation.Policy);
        if (policyFile != null)
        {
            if (PolicyStore.LoadFile(org.Service, policyFile, "bench", context.Error) == null) return 1;
            log.WriteLine($"Policy: {Path.GetFileName(policyFile)}, loaded into the policy store (wb_scoringpolicy) and in use");
        }
        for (var k = 0; k < otherSteps; k++)
        {
            org.RegisterPluginType(typeof(OtherSolutionStep));
            org.RegisterStep(new StepRegistration("Update", "account", 40, typeof(OtherSolutionStep).FullName!) { Name = "Other solution's step " + (k + 1), Rank = 10 + k });
        }
        log.WriteLine($"Seeded {seeded.Total:N0} rows in {seedTime.TotalSeconds:0.0} s: " + string.Join(", ", seeded.Rows.Select(r => $"{r.Value:N0} {r.Key}")));
        var seededBytes = ManagedBytes();
        var bytesPerRow = (seededBytes - emptyBytes) / (double)Math.Max(1, seeded.Total);
        log.WriteLine($"Memory: {seededBytes / 1048576.0:N0} MB managed after seeding = {bytesPerRow:N0} bytes a seeded row (goal <= {GoalBytesPerSeededRow:N0}); process working set {Environment.WorkingSet / 1048576.0:N0} MB");

        // One account first, while its result is still unwritten: the worst case (reads and both writes).
        var single = seeded.Accounts.FirstOrDefault(a => a.Drift != Drift.Engaged) ?? seeded.Accounts[0];
        org.ResetCost();
        var singleClock = Stopwatch.StartNew();
        Recalculation.One(org.Service, single.Id);
        var singleTime = singleClock.Elapsed;
        var singleCost = org.Cost;
        var singleRequests = singleCost.TotalRequests;
        log.WriteLine($"One account ({single.Name}): {singleRequests} requests (1 call, {singleCost.NestedRequests} by its plug-in), {singleTime.TotalMilliseconds:0} ms");

        org.ResetCost();
        var bulkProcess = Process.GetCurrentProcess();
        var bulkCpuStart = bulkProcess.TotalProcessorTime;
        var bulkClock = Stopwatch.StartNew();
        var processed = 0;
        var pages = Recalculation.All(org.Service, pageSize, page =>
        {
            processed += page.Processed;
            log.WriteLine($"  page: {page.Processed} accounts, {page.Changed} changed, {page.Flagged} flagged");
        });
        var bulkTime = bulkClock.Elapsed;
        var bulkCost = org.Cost;
        var outside = bulkCost.TotalRequests - bulkCost.NestedRequests;
        // The disengagement policy's reads per call: the store's query, and the environment variable's when no stored
        // policy is in use (the gate's policy, read for accounts flagged for the first time, is the other variable read).
        var storeReads = PluginRequestsOn(bulkCost, PolicyStore.Table);
        var policyReadsPerCall = outside == 0 ? 0 : (storeReads + (policyFile == null ? storeReads : 0)) / (double)outside;
        var per1000 = processed == 0 ? 0 : outside * 1000.0 / processed;
        var inside1000 = processed == 0 ? 0 : bulkCost.NestedRequests * 1000.0 / processed;
        var longest = pages.Count == 0 ? 0 : pages.Max(p => p.Elapsed.TotalSeconds);
        log.WriteLine($"Bulk: {processed:N0} accounts in {outside} calls ({outside - pages.Count} for the organisation's distribution, {pages.Count} pages of recalculation): {outside} requests by the driver = {per1000:0.##} per 1,000 accounts (goal <= {GoalRequestsPer1000}); "
            + $"{bulkCost.NestedRequests} by the plug-in inside the sandbox = {inside1000:0.#} per 1,000; longest call {longest:0.00} s of {SynchronousLimitSeconds:0}; {bulkTime.TotalSeconds:0.0} s in all");
        bulkProcess.Refresh();
        var bulkCpu = bulkProcess.TotalProcessorTime - bulkCpuStart;
        var refreshPerAccount = bulkTime.TotalMilliseconds / Math.Max(1, processed);
        var refreshCpuPerAccount = bulkCpu.TotalMilliseconds / Math.Max(1, processed);
        log.WriteLine($"Refresh: {refreshPerAccount:0.000} ms an account ({refreshCpuPerAccount:0.000} ms of CPU)");

        // One account again, now warm: what a user opening or recalculating an account waits for.
        var samples = new List<double>();
        foreach (var account in seeded.Accounts.Skip(1).Take(SingleAccountSamples))
        {
            var clock = Stopwatch.StartNew();
            Recalculation.One(org.Service, account.Id);
            samples.Add(clock.Elapsed.TotalMilliseconds);
        }
        samples.Sort();
        var singleMs = samples.Count == 0 ? 0 : samples[samples.Count / 2];
        log.WriteLine($"One account, warm: median {singleMs:0.0} ms over {samples.Count} accounts (goal < {GoalSingleAccountMs} ms), slowest {samples.LastOrDefault():0.0} ms");

        var (perSecond, perWallSecond, scorerTime, scored) = MeasureScorer(seed, shaped: false);
        log.WriteLine($"Scorer: {perSecond:N0} accounts per CPU second on one thread (goal >= {GoalScorerPerSecond:N0}); {perWallSecond:N0} per wall-clock second on this machine now; {scored:N0} scored in {scorerTime.TotalSeconds:0.00} s of CPU");

        // The gate: one outreach create on each of up to 200 flagged accounts.
        var gateAccounts = seeded.Accounts.Where(a => a.Drift != Drift.Engaged).Take(200).Select(a => a.Id).ToList();
        var gate = GateBench.Measure(org, gateAccounts);
        log.WriteLine($"Gate: {gate.Creates} outreach creates, {gate.CallsPerCreate:0.##} org-service calls by the gate per create (max {gate.MaxCallsPerCreate}, goal <= {GateBench.GoalCallsPerCreate}), in-process p50 {gate.P50Ms:0.00} ms, p95 {gate.P95Ms:0.00} ms");
        log.WriteLine($"Drafts: at most {gate.MaxDraftCalls} org-service calls to compose one draft on the server (goal <= {DraftBench.GoalCallsPerDraft})");
        var drafts = DraftBench.Measure(seed);
        log.WriteLine($"Draft composer: {drafts.ComposePerCpuSecond:N0} drafts per CPU second on one thread (goal >= {DraftBench.GoalDraftsPerSecond:N0}); {drafts.ComposeAndGatePerCpuSecond:N0} with the quality gate");

        var web = Dataverse.WebApi.WebApiBench.MeasureAsync(org, zip, Dataverse.WebApi.LocalServer.SeedUsers(org), log).GetAwaiter().GetResult();
        var review = reviewAccounts == 0 ? null : Dataverse.WebApi.ReviewBench.MeasureAsync(zip, reviewAccounts, log).GetAwaiter().GetResult();

        var result = new JsonObject
        {
            ["gate_creates"] = gate.Creates,
            ["gate_calls_per_create"] = Math.Round(gate.CallsPerCreate, 2),
            ["gate_calls_per_create_goal"] = GateBench.GoalCallsPerCreate,
            ["gate_p50_ms"] = Math.Round(gate.P50Ms, 2),
            ["gate_p95_ms"] = Math.Round(gate.P95Ms, 2),
            ["draft_calls_per_compose"] = gate.MaxDraftCalls,
            ["draft_calls_per_compose_goal"] = DraftBench.GoalCallsPerDraft,
            ["drafts_per_second"] = Math.Round(drafts.ComposePerCpuSecond),
            ["drafts_with_quality_gate_per_second"] = Math.Round(drafts.ComposeAndGatePerCpuSecond),
            ["drafts_per_second_goal"] = DraftBench.GoalDraftsPerSecond,
            ["webapi_select_retrieves_per_second"] = Math.Round(web.RetrievePerSecond),
            ["webapi_pages_per_second"] = Math.Round(web.PagesPerSecond, 1),
            ["webapi_page_rows"] = web.PageRows,
            ["shell_account_form_with_panel_ms"] = double.IsNaN(web.FormWithPanelMs) ? null : Math.Round(web.FormWithPanelMs),
            ["shell_panel_after_form_ms"] = double.IsNaN(web.PanelAfterFormMs) ? null : Math.Round(web.PanelAfterFormMs),
            ["shell_panel_after_form_ms_goal"] = Dataverse.WebApi.WebApiFigures.PanelAfterFormGoalMs,
            ["review"] = review is null ? null : ReviewJson(review),
            ["accounts"] = accounts,
            ["seed"] = seed,
            ["seeded_rows"] = seeded.Total,
            ["page_size"] = pageSize,
            ["other_steps_on_account"] = otherSteps,
            ["pages"] = pages.Count,
            ["requests_bulk"] = outside,
            ["requests_per_1000_accounts"] = Math.Round(per1000, 2),
            ["requests_per_1000_accounts_goal"] = GoalRequestsPer1000,
            ["plugin_requests_bulk"] = bulkCost.NestedRequests,
            ["plugin_requests_per_1000_accounts"] = Math.Round(inside1000, 1),
            ["longest_call_seconds"] = Math.Round(longest, 3),
            ["longest_call_limit_seconds"] = SynchronousLimitSeconds,
            ["requests_single_account"] = singleRequests,
            ["plugin_requests_single_account"] = singleCost.NestedRequests,
            ["policy_source"] = policyFile == null ? "environment variable" : "policy store",
            ["policy_store_reads_per_call"] = Math.Round(policyReadsPerCall, 2),
            ["scorer_accounts_per_second"] = Math.Round(perSecond),
            ["scorer_accounts_per_second_goal"] = GoalScorerPerSecond,
            ["bulk_wall_ms"] = Math.Round(bulkTime.TotalMilliseconds),
            ["single_account_wall_ms"] = Math.Round(singleTime.TotalMilliseconds, 1),
            ["scorer_accounts_per_wall_second"] = Math.Round(perWallSecond),
            ["scorer_cpu_ms"] = Math.Round(scorerTime.TotalMilliseconds),
            ["machine_load_average"] = LoadAverage(),
            ["seed_wall_ms"] = Math.Round(seedTime.TotalMilliseconds),
            ["managed_bytes_after_seeding"] = seededBytes,
            ["bytes_per_seeded_row"] = Math.Round(bytesPerRow),
            ["bytes_per_seeded_row_goal"] = GoalBytesPerSeededRow,
            ["process_working_set_bytes"] = Environment.WorkingSet,
            ["single_account_ms"] = Math.Round(singleMs, 2),
            ["single_account_ms_goal"] = GoalSingleAccountMs,
            ["refresh_ms_per_account"] = Math.Round(refreshPerAccount, 4),
            ["refresh_cpu_ms_per_account"] = Math.Round(refreshCpuPerAccount, 4),
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
            context.Output.WriteLine($"plugin_requests_per_1000    {inside1000,12:0.#}  inside the sandbox, reported apart");
            context.Output.WriteLine($"requests_single_account     {singleRequests,12}  one call and its plug-in's requests");
            context.Output.WriteLine($"policy_store_reads_per_call {policyReadsPerCall,12:0.##}  the policy's reads per call, from the {(policyFile == null ? "environment variable (the store is empty)" : "policy store")}");
            context.Output.WriteLine($"longest_call_seconds        {longest,12:0.00}  limit {SynchronousLimitSeconds,-10:0} {Verdict(longest < SynchronousLimitSeconds / 10)} (a tenth of the limit)");
            context.Output.WriteLine($"scorer_accounts_per_second  {perSecond,12:N0}  goal >= {GoalScorerPerSecond,-10:N0} {Verdict(perSecond >= GoalScorerPerSecond)}");
            context.Output.WriteLine($"bytes_per_seeded_row        {bytesPerRow,12:N0}  goal <= {GoalBytesPerSeededRow,-10:N0} {Verdict(bytesPerRow <= GoalBytesPerSeededRow)}");
            context.Output.WriteLine($"single_account_ms           {singleMs,12:0.0}  goal < {GoalSingleAccountMs,-11} {Verdict(singleMs < GoalSingleAccountMs)}");
            context.Output.WriteLine($"refresh_ms_per_account      {refreshPerAccount,12:0.000}  compare across --accounts 5000 and 40000 (goal: within {GoalRefreshGrowth}x); CPU {refreshCpuPerAccount:0.000} ms");
            context.Output.WriteLine($"gate_calls_per_create       {gate.CallsPerCreate,12:0.##}  goal <= {GateBench.GoalCallsPerCreate,-10} {Verdict(gate.MaxCallsPerCreate <= GateBench.GoalCallsPerCreate)}");
            context.Output.WriteLine($"draft_calls_per_compose     {gate.MaxDraftCalls,12}  goal <= {DraftBench.GoalCallsPerDraft,-10} {Verdict(gate.MaxDraftCalls <= DraftBench.GoalCallsPerDraft)}");
            context.Output.WriteLine($"drafts_per_second           {drafts.ComposePerCpuSecond,12:N0}  goal >= {DraftBench.GoalDraftsPerSecond,-10:N0} {Verdict(drafts.ComposePerCpuSecond >= DraftBench.GoalDraftsPerSecond)} ({drafts.ComposeAndGatePerCpuSecond:N0} with the quality gate)");
            context.Output.WriteLine($"webapi_select_retrieves/s   {web.RetrievePerSecond,12:N0}");
            context.Output.WriteLine($"webapi_pages_per_second     {web.PagesPerSecond,12:0.0}  ({web.PageRows:N0} rows a page)");
            context.Output.WriteLine($"shell_form_with_panel_ms    {web.FormWithPanelMs,12:0}  {web.FormNote}");
            context.Output.WriteLine($"shell_panel_after_form_ms   {web.PanelAfterFormMs,12:0}  goal < {Dataverse.WebApi.WebApiFigures.PanelAfterFormGoalMs,-11:0} {Verdict(web.PanelAfterFormMs < Dataverse.WebApi.WebApiFigures.PanelAfterFormGoalMs)}");
            if (review is not null) WriteReview(review, context.Output);
        }

        return 0;
    }

    private static int RunReviewOnly(string zip, int accounts, bool json, CommandContext context)
    {
        var review = Dataverse.WebApi.ReviewBench.MeasureAsync(zip, accounts, json ? context.Error : context.Output).GetAwaiter().GetResult();
        if (json) context.Output.WriteLine(new JsonObject { ["review"] = ReviewJson(review) }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        else
        {
            context.Output.WriteLine();
            WriteReview(review, context.Output);
        }
        return 0;
    }

    private static JsonObject ReviewJson(Dataverse.WebApi.ReviewFigures r)
    {
        static JsonNode? Ms(double v) => double.IsNaN(v) ? null : Math.Round(v, 1);
        return new JsonObject
        {
            ["flagged_accounts"] = r.Accounts,
            ["first_rows_ms"] = Ms(r.FirstRowsMs),
            ["first_rows_ms_goal"] = Dataverse.WebApi.ReviewBench.GoalFirstRowsMs,
            ["loaded_ms"] = Ms(r.LoadedMs),
            ["webapi_requests_per_load"] = r.Requests,
            ["filter_ms"] = Ms(r.FilterMs),
            ["sort_ms"] = Ms(r.SortMs),
            ["search_ms"] = Ms(r.SearchMs),
            ["apply_ms_goal"] = Dataverse.WebApi.ReviewBench.GoalApplyMs,
            ["note"] = r.Note,
        };
    }

    private static void WriteReview(Dataverse.WebApi.ReviewFigures r, TextWriter output)
    {
        var apply = Dataverse.WebApi.ReviewBench.GoalApplyMs;
        output.WriteLine($"review_first_rows_ms        {r.FirstRowsMs,12:0}  goal < {Dataverse.WebApi.ReviewBench.GoalFirstRowsMs,-11:0} {Verdict(r.FirstRowsMs < Dataverse.WebApi.ReviewBench.GoalFirstRowsMs)} ({r.Accounts:N0} flagged accounts) {r.Note}");
        output.WriteLine($"review_loaded_ms            {r.LoadedMs,12:0}  history, remediations and outreach read too");
        output.WriteLine($"review_webapi_requests      {r.Requests,12}  one paged query per table, pages of 5,000");
        output.WriteLine($"review_filter_ms            {r.FilterMs,12:0.0}  goal < {apply,-11:0} {Verdict(r.FilterMs < apply)}");
        output.WriteLine($"review_sort_ms              {r.SortMs,12:0.0}  goal < {apply,-11:0} {Verdict(r.SortMs < apply)}");
        output.WriteLine($"review_search_ms            {r.SearchMs,12:0.0}  goal < {apply,-11:0} {Verdict(r.SearchMs < apply)}");
    }

    /// <summary>Managed memory in use after a full, compacting collection.</summary>
    private static long ManagedBytes()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>The scorer with shapes and a population, and calibrate on 100,000 accounts: no Dataverse needed.</summary>
    private static int RunModelOnly(int seed, bool json, CommandContext context)
    {
        var log = json ? context.Error : context.Output;
        var plain = MeasureScorer(seed, shaped: false);
        log.WriteLine($"Scorer (default policy): {plain.PerCpuSecond:N0} accounts per CPU second on one thread");
        var shaped = MeasureScorer(seed, shaped: true);
        log.WriteLine($"Scorer (a 32-step shape on every signal, levels against a population): {shaped.PerCpuSecond:N0} accounts per CPU second on one thread (goal >= {GoalScorerPerSecond:N0})");
        var drafts = DraftBench.Measure(seed);
        log.WriteLine($"Draft composer: {drafts.ComposePerCpuSecond:N0} drafts per CPU second on one thread (goal >= {DraftBench.GoalDraftsPerSecond:N0}); {drafts.ComposeAndGatePerCpuSecond:N0} with the quality gate");
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
            ["drafts_per_second"] = Math.Round(drafts.ComposePerCpuSecond),
            ["drafts_with_quality_gate_per_second"] = Math.Round(drafts.ComposeAndGatePerCpuSecond),
            ["drafts_per_second_goal"] = DraftBench.GoalDraftsPerSecond,
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
            context.Output.WriteLine($"drafts_per_second                  {drafts.ComposePerCpuSecond,12:N0}  goal >= {DraftBench.GoalDraftsPerSecond,-10:N0} {Verdict(drafts.ComposePerCpuSecond >= DraftBench.GoalDraftsPerSecond)} ({drafts.ComposeAndGatePerCpuSecond:N0} with the quality gate)");
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
    /// <summary>Requests the plug-ins made naming one table.</summary>
    private static int PluginRequestsOn(Dataverse.Local.Cost.CostSnapshot cost, string table) =>
        cost.ByCaller.Where(c => c.IsPlugin).Sum(c => c.RequestsByTable.TryGetValue(table, out var n) ? n : 0);

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

    /// <summary>Stands for another solution's synchronous step on account: it reads the account being saved.</summary>
    public sealed class OtherSolutionStep : Microsoft.Xrm.Sdk.IPlugin
    {
        public void Execute(IServiceProvider serviceProvider)
        {
            var context = (Microsoft.Xrm.Sdk.IPluginExecutionContext)serviceProvider.GetService(typeof(Microsoft.Xrm.Sdk.IPluginExecutionContext))!;
            var factory = (Microsoft.Xrm.Sdk.IOrganizationServiceFactory)serviceProvider.GetService(typeof(Microsoft.Xrm.Sdk.IOrganizationServiceFactory))!;
            factory.CreateOrganizationService(context.UserId)
                .Retrieve("account", context.PrimaryEntityId, new Microsoft.Xrm.Sdk.Query.ColumnSet("name", "ownerid", "statecode"));
        }
    }
}
