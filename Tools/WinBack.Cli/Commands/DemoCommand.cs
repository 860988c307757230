using System.CommandLine;
using Spectre.Console;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dataverse.Local;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using WinBack.Cli.Demo;

namespace WinBack.Cli.Commands;

/// <summary>
/// `winback demo`: the main job end to end on a local Dataverse. Loads the packed solution, seeds an organisation
/// in which some accounts drift away through each gap, runs the daily bulk recalculation page by page, and shows
/// the flagged accounts with their reasons and what it cost in org-service requests.
/// </summary>
public sealed class DemoCommand : ICommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private readonly SeedOptions _organisation = new(accounts: 200, seed: 42);
    private readonly Option<bool> _json = CliOptions.Flag("--json", "print one JSON object instead of tables; progress goes to the error stream");

    public Command Declare()
    {
        var command = new Command("demo",
            "Seed a local Dataverse, run the disengagement recalculation, show who is drifting away and why.\n" +
            "Loads the packed WinBack solution into a local in-memory Dataverse, seeds an organisation (accounts with contacts,\n" +
            "a year of usage snapshots, cases, emails and opportunities; some accounts drift away through the value, trust,\n" +
            "experience or growth gap), runs the bulk recalculation (Custom API wb_RecalculateAllDisengagement, page by page)\n" +
            "and prints the flagged accounts with their reasons, how well the flags match the seeded drift, and the\n" +
            "org-service requests it took.");
        _organisation.AddTo(command);
        command.Add(_organisation.Policy);
        command.Add(_json);
        return command;
    }

    public int Run(ParseResult parsed, CommandContext context)
    {
        var options = new DemoOptions(parsed.GetValue(_organisation.Accounts), parsed.GetValue(_organisation.Seed), parsed.GetValue(_organisation.PageSize), parsed.GetValue(_json));
        var output = context.Output;
        var json = options.Json;
        var today = DateTime.UtcNow.Date;

        var zip = SolutionLocator.FindFor("demo", context);
        if (zip == null) return 1;

        if (!json)
        {
            output.WriteLine($"WinBack demo: {options.Accounts} accounts, seed {options.Seed}, scoring date {today:yyyy-MM-dd}");
            output.WriteLine($"Solution: {Path.GetFileName(zip)}");
        }

        // With --json, standard output carries the JSON only: progress goes to the error stream.
        var progress = json ? context.Error : output;
        var total = Stopwatch.StartNew();
        using var org = LocalOrganization.FromSolution(zip, new LocalOrganizationOptions { Clock = () => today });
        var service = org.Service;
        if (parsed.GetValue(_organisation.Policy) is { } policyFile)
        {
            if (PolicyStore.LoadFile(service, policyFile, "demo", context.Error) == null) return 1;
            progress.WriteLine($"Policy: {Path.GetFileName(policyFile)}, loaded into the policy store (wb_scoringpolicy) and in use");
        }

        DemoSeedSummary seeded = null!;
        IReadOnlyList<RecalculationPage> pages = [];
        var processed = 0;
        var recalcElapsed = TimeSpan.Zero;
        LiveProgress.Run(context, progress, live =>
        {
            var seedClock = Stopwatch.StartNew();
            LiveProgress.Step? seedStep = null;
            seeded = new DemoOrganization(service, options.Seed, today, (table, rows, count) =>
                {
                    seedStep ??= live.Add("Seeding", count);
                    seedStep.Report(rows, table);
                })
                .Seed(options.Accounts);
            seedStep?.Finish("Seeded " + string.Join(", ", seeded.Rows.Select(r => $"{r.Value:N0} {r.Key}")) + $" in {seedClock.Elapsed.TotalSeconds:0.0} s");

            org.ResetCost();
            var step = live.Add("Recalculating", options.Accounts);
            var recalcClock = Stopwatch.StartNew();
            pages = Recalculation.All(service, options.PageSize, page =>
            {
                processed += page.Processed;
                step.Report(processed, $"{page.Flagged} flagged in this page");
            });
            recalcElapsed = recalcClock.Elapsed;
        });
        var cost = org.Cost;

        var flagged = FlaggedAccounts(service);
        var drifts = seeded.Accounts.ToDictionary(a => a.Id, a => a.Drift);
        var detection = Detection(seeded.Accounts, flagged);

        if (json)
        {
            WriteJson(output, options, today, seeded, pages, cost, recalcElapsed, total.Elapsed, flagged, drifts, detection);
            return 0;
        }

        output.WriteLine();
        output.WriteLine($"Flagged accounts: {flagged.Count} of {processed} (At risk or Disengaged), highest score first");
        output.WriteLine();
        PrintFlagged(context, output, flagged, drifts);
        output.WriteLine();
        PrintDetection(context, output, detection);
        output.WriteLine();
        PrintCost(output, cost, processed, pages.Count, recalcElapsed);
        output.WriteLine();
        GateStory.Tell(org, flagged.Select(f => (f.Id, f.Name, f.Gaps)), output, context);
        return 0;
    }

    internal sealed record FlaggedAccount(Guid Id, string Name, int Score, string Band, IReadOnlyList<string> Gaps, IReadOnlyList<string> Reasons);

    internal sealed record DetectionRow(Drift Drift, int Accounts, int Flagged, int GapMatched);

    private static List<FlaggedAccount> FlaggedAccounts(IOrganizationService service)
    {
        var query = new QueryExpression("account")
        {
            ColumnSet = new ColumnSet("name", "wb_disengagementscore", "wb_riskband", "wb_valuegap", "wb_trustgap", "wb_experiencegap", "wb_growthgap", "wb_disengagementreasons"),
            PageInfo = new PagingInfo { Count = 5000, PageNumber = 1 },
        };
        query.Criteria.AddCondition("wb_riskband", ConditionOperator.In, 682400002, 682400003);
        query.AddOrder("wb_disengagementscore", OrderType.Descending);
        query.AddOrder("name", OrderType.Ascending);

        var list = new List<FlaggedAccount>();
        while (true)
        {
            var page = service.RetrieveMultiple(query);
            list.AddRange(page.Entities.Select(ToFlagged));
            if (!page.MoreRecords) return list;
            query.PageInfo.PageNumber++;
            query.PageInfo.PagingCookie = page.PagingCookie;
        }
    }

    private static FlaggedAccount ToFlagged(Entity e)
    {
        var gaps = new List<string>();
        if (e.GetAttributeValue<bool>("wb_valuegap")) gaps.Add("value");
        if (e.GetAttributeValue<bool>("wb_trustgap")) gaps.Add("trust");
        if (e.GetAttributeValue<bool>("wb_experiencegap")) gaps.Add("experience");
        if (e.GetAttributeValue<bool>("wb_growthgap")) gaps.Add("growth");
        var band = e.GetAttributeValue<OptionSetValue>("wb_riskband")?.Value switch
        {
            682400000 => "Healthy",
            682400001 => "Watch",
            682400002 => "At risk",
            682400003 => "Disengaged",
            _ => "",
        };
        var reasons = (e.GetAttributeValue<string>("wb_disengagementreasons") ?? "")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new FlaggedAccount(e.Id, e.GetAttributeValue<string>("name") ?? "", e.GetAttributeValue<int?>("wb_disengagementscore") ?? 0, band, gaps, reasons);
    }

    private static List<DetectionRow> Detection(IReadOnlyList<DemoAccount> accounts, IReadOnlyList<FlaggedAccount> flagged)
    {
        var byId = flagged.ToDictionary(f => f.Id);
        return accounts.GroupBy(a => a.Drift).OrderBy(g => g.Key).Select(g =>
        {
            var hits = g.Where(a => byId.ContainsKey(a.Id)).ToList();
            var matched = hits.Count(a => byId[a.Id].Gaps.Contains(ExpectedGap(a.Drift)));
            return new DetectionRow(g.Key, g.Count(), hits.Count, g.Key == Drift.Engaged ? 0 : matched);
        }).ToList();
    }

    /// <summary>The gap a drift should show up in. Going quiet is a broken promise: the trust gap.</summary>
    internal static string ExpectedGap(Drift drift) => drift switch
    {
        Drift.Value => "value",
        Drift.Trust or Drift.Silent => "trust",
        Drift.Experience => "experience",
        Drift.Growth => "growth",
        _ => "",
    };

    private static string Label(Drift drift) => drift switch
    {
        Drift.Engaged => "Engaged",
        Drift.Value => "Drifting: value gap",
        Drift.Trust => "Drifting: trust gap",
        Drift.Experience => "Drifting: experience gap",
        Drift.Growth => "Drifting: growth gap",
        Drift.Silent => "Drifting: went quiet",
        _ => drift.ToString(),
    };

    private static void PrintFlagged(CommandContext context, TextWriter output, IReadOnlyList<FlaggedAccount> flagged, IReadOnlyDictionary<Guid, Drift> drifts)
    {
        var table = Tables.New(context, output, "Account", ">Score", "Band", "Gaps", "Seeded as", "Reasons").ShowRowSeparators();
        foreach (var account in flagged)
        {
            var seeded = drifts.TryGetValue(account.Id, out var drift) ? Label(drift) : "";
            var reasons = account.Reasons.Where(r => !r.EndsWith(" not available", StringComparison.Ordinal)).Take(4);
            table.AddRow(
                Tables.Cell(account.Name), Tables.Cell(account.Score), Tables.Band(account.Band),
                Tables.Cell(string.Join(", ", account.Gaps)), Tables.Cell(seeded), Tables.Cell(string.Join("\n", reasons)));
        }
        Tables.Write(context, output, table);
    }

    private static void PrintDetection(CommandContext context, TextWriter output, IReadOnlyList<DetectionRow> rows)
    {
        output.WriteLine("How the flags match the seeded behaviour");
        var table = Tables.New(context, output, "Seeded as", ">Accounts", ">Flagged", ">Right gap");
        foreach (var row in rows)
        {
            var gap = row.Drift == Drift.Engaged ? "" : row.GapMatched.ToString(Inv);
            table.AddRow(Tables.Cell(Label(row.Drift)), Tables.Cell(row.Accounts), Tables.Cell(row.Flagged), Tables.Cell(gap));
        }
        Tables.Write(context, output, table);
    }

    private static void PrintCost(TextWriter output, Dataverse.Local.Cost.CostSnapshot cost, int accounts, int pages, TimeSpan elapsed)
    {
        var outside = cost.TotalRequests - cost.NestedRequests;
        var per1000 = accounts == 0 ? 0 : outside * 1000.0 / accounts;
        var inside1000 = accounts == 0 ? 0 : cost.NestedRequests * 1000.0 / accounts;
        output.WriteLine($"Cost of the recalculation: {outside} calls by the driver for {accounts} accounts ({outside - pages} for the organisation's distribution, {pages} page(s) of recalculation; {per1000:0.#} per 1,000 accounts), "
            + $"and {cost.NestedRequests} requests by the plug-in inside the sandbox ({inside1000:0} per 1,000: the reads of each page, and one write per account), {elapsed.TotalSeconds:0.00} s");
        foreach (var caller in cost.ByCaller.OrderByDescending(c => c.Requests))
        {
            var who = caller.IsPlugin ? "plug-in " + ShortName(caller.Caller) : "caller " + caller.Caller;
            var messages = string.Join(", ", caller.RequestsByMessage.OrderByDescending(m => m.Value).Select(m => $"{m.Key} {m.Value}"));
            output.WriteLine($"  {who}: {caller.Requests} requests ({messages})");
        }

        foreach (var plugin in cost.ByPlugin.OrderByDescending(p => p.Requests))
        {
            output.WriteLine($"  {ShortName(plugin.PluginType)}: {plugin.Executions} run(s), {plugin.RequestsPerExecution:0.#} requests per run, {plugin.Elapsed.TotalMilliseconds:0} ms");
        }
    }

    internal static string ShortName(string type)
    {
        var dot = type.LastIndexOf('.');
        return dot < 0 ? type : type[(dot + 1)..];
    }

    private static void WriteJson(TextWriter output, DemoOptions options, DateTime today, DemoSeedSummary seeded, IReadOnlyList<RecalculationPage> pages,
        Dataverse.Local.Cost.CostSnapshot cost, TimeSpan recalc, TimeSpan total, IReadOnlyList<FlaggedAccount> flagged,
        IReadOnlyDictionary<Guid, Drift> drifts, IReadOnlyList<DetectionRow> detection)
    {
        var processed = pages.Sum(p => p.Processed);
        var root = new JsonObject
        {
            ["accounts"] = options.Accounts,
            ["seed"] = options.Seed,
            ["scoring_date"] = today.ToString("yyyy-MM-dd", Inv),
            ["seeded_rows"] = new JsonObject(seeded.Rows.Select(r => KeyValuePair.Create(r.Key, (JsonNode?)r.Value))),
            ["pages"] = pages.Count,
            ["processed"] = processed,
            ["changed"] = pages.Sum(p => p.Changed),
            ["flagged"] = flagged.Count,
            ["requests"] = cost.TotalRequests - cost.NestedRequests,
            ["requests_per_1000_accounts"] = processed == 0 ? 0 : Math.Round((cost.TotalRequests - cost.NestedRequests) * 1000.0 / processed, 2),
            ["plugin_requests"] = cost.NestedRequests,
            ["plugin_requests_per_1000_accounts"] = processed == 0 ? 0 : Math.Round(cost.NestedRequests * 1000.0 / processed, 1),
            ["recalculation_ms"] = Math.Round(recalc.TotalMilliseconds),
            ["total_ms"] = Math.Round(total.TotalMilliseconds),
            ["detection"] = new JsonArray(detection.Select(d => (JsonNode)new JsonObject
            {
                ["seeded_as"] = d.Drift.ToString().ToLowerInvariant(),
                ["accounts"] = d.Accounts,
                ["flagged"] = d.Flagged,
                ["right_gap"] = d.GapMatched,
            }).ToArray()),
            ["requests_by_plugin"] = new JsonObject(cost.ByPlugin.Select(p => KeyValuePair.Create(ShortName(p.PluginType), (JsonNode?)new JsonObject
            {
                ["runs"] = p.Executions,
                ["requests"] = p.Requests,
                ["ms"] = Math.Round(p.Elapsed.TotalMilliseconds),
            }))),
            ["requests_by_caller"] = new JsonObject(cost.ByCaller.Select(c => KeyValuePair.Create(c.Caller, (JsonNode?)new JsonObject(
                c.RequestsByMessage.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value)))))),
            ["flagged_accounts"] = new JsonArray(flagged.Select(f => (JsonNode)new JsonObject
            {
                ["id"] = f.Id.ToString("D"),
                ["name"] = f.Name,
                ["score"] = f.Score,
                ["band"] = f.Band,
                ["gaps"] = new JsonArray(f.Gaps.Select(g => (JsonNode)g).ToArray()),
                ["reasons"] = new JsonArray(f.Reasons.Select(r => (JsonNode)r).ToArray()),
                ["seeded_as"] = drifts.TryGetValue(f.Id, out var d) ? d.ToString().ToLowerInvariant() : null,
            }).ToArray()),
        };
        output.WriteLine(root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    private sealed record DemoOptions(int Accounts, int Seed, int? PageSize, bool Json);
}
