using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Dataverse.Local;
using Microsoft.Playwright;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;

namespace Dataverse.WebApi;

/// <summary>What the review page costs with many flagged accounts, measured in Chromium (never asserted).</summary>
public sealed record ReviewFigures(int Accounts, double FirstRowsMs, double LoadedMs, int Requests, double FilterMs, double SortMs, double SearchMs, string? Note);

public static class ReviewBench
{
    public const double GoalFirstRowsMs = 1000;
    public const double GoalApplyMs = 100;
    private const string Page = "/main.aspx?pagetype=webresource&webresourceName=wb_/review/review.html&user=" + LocalServer.CustomerSuccessDomain;

    /// <summary>
    /// A new organization from the solution with <paramref name="flagged"/> flagged accounts (written as the plug-ins
    /// leave them: score, band, gaps, reasons as data, two history rows each; a remediation on two in five, an outreach
    /// on one in five), served on a free loopback port and opened by customer success in Chromium. Measures, median of
    /// three warm loads after a cold one: the time from navigation to the first rows drawn and to everything loaded,
    /// the Web API requests a load makes, and a filter, a sort and a search applied (the page's own work and the
    /// layout it causes, timed in the page).
    /// </summary>
    public static async Task<ReviewFigures> MeasureAsync(string solutionZip, int flagged, TextWriter log)
    {
        var today = DateTime.UtcNow.Date;
        using var org = LocalOrganization.FromSolution(solutionZip, new LocalOrganizationOptions { Clock = () => today });
        var clock = Stopwatch.StartNew();
        Seed(org, flagged, today);
        var users = LocalServer.SeedUsers(org);
        log.WriteLine($"Review page: {flagged:N0} flagged accounts seeded in {clock.Elapsed.TotalSeconds:0.0} s (load average now {LoadAverage()} on {Environment.ProcessorCount} cores: times grow with it)");
        if (!File.Exists(WebApiBench.Chromium)) return new ReviewFigures(flagged, double.NaN, double.NaN, 0, double.NaN, double.NaN, double.NaN, "no " + WebApiBench.Chromium);

        await using var host = await WebApiHost.StartAsync(new WebApiHostOptions { Organization = org, SolutionZip = solutionZip, Users = users, Port = 0 });
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(WebApiBench.ChromiumOptions());
        var first = new List<double>();
        var loaded = new List<double>();
        var requests = 0;
        for (var i = 0; i < 4; i++)
        {
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 } });
            var page = await context.NewPageAsync();
            var api = 0;
            page.Request += (_, r) => { if (r.Url.Contains("/api/data/", StringComparison.Ordinal)) Interlocked.Increment(ref api); };
            var frame = page.FrameLocator("#wb-page");
            var load = Stopwatch.StartNew();
            await page.GotoAsync(host.Address + Page, new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
            await frame.Locator("#wb-rows tr[data-id]").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
            var firstMs = load.Elapsed.TotalMilliseconds;
            await Assertions.Expect(frame.Locator("#wb-review")).ToHaveAttributeAsync("data-loaded", "true", new LocatorAssertionsToHaveAttributeOptions { Timeout = 120_000 });
            var loadedMs = load.Elapsed.TotalMilliseconds;
            if (i > 0)
            {
                first.Add(firstMs);
                loaded.Add(loadedMs);
            }
            requests = api;
            if (i == 3)
            {
                // The app's Xrm makes the requests, so they are the app window's resources.
                var entries = await page.MainFrame.EvaluateAsync<JsonElement>("() => performance.getEntriesByType('resource').filter(e => e.name.includes('/api/data/')).map(e => ({ name: e.name.replace(/^.*\\/api\\/data\\/v9\\.2\\//, '').replace(/\\?.*$/, ''), start: Math.round(e.startTime), wait: Math.round(e.responseStart - e.requestStart), end: Math.round(e.responseEnd), kb: Math.round(e.encodedBodySize / 1024) }))");
                foreach (var e in entries.EnumerateArray())
                    log.WriteLine($"  {e.GetProperty("name").GetString(),-28} from {e.GetProperty("start").GetInt32(),5} ms in the page: server {e.GetProperty("wait").GetInt32(),5} ms, done at {e.GetProperty("end").GetInt32(),5} ms, {e.GetProperty("kb").GetInt32():N0} KB");
            }
            await context.CloseAsync();
        }
        first.Sort();
        loaded.Sort();
        log.WriteLine($"Review page: first rows shown {first[1]:0} ms after navigation (goal < {GoalFirstRowsMs:0}), all loaded in {loaded[1]:0} ms, {requests} Web API requests (median of 3 warm loads)");

        // Filter, sort and search, each applied three times on the loaded page; the median of the page's own timing.
        var measure = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 } });
        var loadedPage = await measure.NewPageAsync();
        await loadedPage.GotoAsync(host.Address + Page);
        await Assertions.Expect(loadedPage.FrameLocator("#wb-page").Locator("#wb-review")).ToHaveAttributeAsync("data-loaded", "true", new LocatorAssertionsToHaveAttributeOptions { Timeout = 120_000 });
        var review = loadedPage.Frames.Single(f => f.Url.Contains("/WebResources/wb_/review/", StringComparison.Ordinal));
        var times = await review.EvaluateAsync<JsonElement>(ApplyScript);
        double Median(string name)
        {
            var values = times.GetProperty(name).EnumerateArray().Select(v => v.GetDouble()).OrderBy(v => v).ToList();
            return values[values.Count / 2];
        }
        var filter = Median("filter");
        var sort = Median("sort");
        var search = Median("search");
        await measure.CloseAsync();
        log.WriteLine($"Review page: a filter applied in {filter:0.0} ms, a sort in {sort:0.0} ms, a search in {search:0.0} ms over {flagged:N0} accounts (goal < {GoalApplyMs:0} ms; filter, sort, 50 rows drawn and laid out)");
        return new ReviewFigures(flagged, first[1], loaded[1], requests, filter, sort, search, null);
    }

    // In the page: change a control the way a user does (the change, click or input event), then force layout; the
    // handlers draw synchronously, so the time covers filtering, sorting, building the rows and laying them out.
    private const string ApplyScript = """
        () => {
            const d = document;
            const time = (act) => { const t0 = performance.now(); act(); void d.body.offsetHeight; return performance.now() - t0; };
            const result = { filter: [], sort: [], search: [] };
            const gap = d.getElementById("wb-filter-gap");
            const head = () => d.querySelector("thead th[data-col='0']");
            const search = d.getElementById("wb-search");
            for (let i = 0; i < 3; i++) {
                result.filter.push(time(() => { gap.value = "trust"; gap.dispatchEvent(new Event("change")); }));
                time(() => { gap.value = ""; gap.dispatchEvent(new Event("change")); });
                result.sort.push(time(() => head().click()));
                result.search.push(time(() => { search.value = "slow"; search.dispatchEvent(new Event("input")); }));
                time(() => { search.value = ""; search.dispatchEvent(new Event("input")); });
            }
            return result;
        }
        """;

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    private static readonly string[] Names = { "Cascade", "Northwind", "Contoso", "Fabrikam", "Tailspin", "Litware", "Adatum", "Proseware", "Wingtip", "Woodgrove" };
    private static readonly string[] Kinds = { "Motors", "Systems", "Foods", "Airlines", "Health", "Energy", "Logistics", "Media" };
    private static readonly (string Gap, string Signal, string Text)[] Reasons =
    {
        ("value", "logins", "Logins fell 41% (120 to 71) in the last 30 days against the 30 before (threshold 25%)"),
        ("trust", "slaBreaches", "SLA breaches: 6 in the last 90 days (threshold 2)"),
        ("experience", "satisfaction", "Satisfaction 52 of 100 in the last 90 days (threshold 70 or below)"),
        ("growth", "lostOpportunities", "Opportunities lost: 3 in the last 180 days (threshold 2)"),
        ("trust", "silence", "Went quiet: no cases opened while logins fell (slow replies before)"),
    };

    private static void Execute(LocalOrganization org, Entity row)
    {
        var create = new CreateRequest { Target = row };
        create["BypassCustomPluginExecution"] = true;
        org.Service.Execute(create);
    }

    /// <summary>Rows as the plug-ins write them, created with custom plug-ins bypassed so seeding does not score.</summary>
    private static void Seed(LocalOrganization org, int flagged, DateTime today)
    {
        var random = new Random(11);
        for (var i = 0; i < flagged; i++)
        {
            var id = Guid.NewGuid();
            var gaps = Enumerable.Range(0, 4).Where(g => random.Next(3) == 0).ToList();
            if (gaps.Count == 0) gaps.Add(random.Next(4));
            var score = 30 + random.Next(70);
            var reasons = Reasons.Where((r, k) => gaps.Contains(k % 4)).Select(r => JsonSerializer.Serialize(new { gap = r.Gap, signal = r.Signal, kind = "concern", points = Math.Round(2 + random.NextDouble() * 15, 1), text = r.Text }));
            var flaggedOn = today.AddDays(-random.Next(120));
            var account = new Entity("account", id)
            {
                ["name"] = $"{Names[i % Names.Length]} {Kinds[(i / Names.Length) % Kinds.Length]} {i.ToString("D4", CultureInfo.InvariantCulture)}",
                ["wb_disengagementscore"] = score,
                ["wb_riskband"] = new OptionSetValue(score >= 60 ? 682400003 : 682400002),
                ["wb_valuegap"] = gaps.Contains(0), ["wb_trustgap"] = gaps.Contains(1), ["wb_experiencegap"] = gaps.Contains(2), ["wb_growthgap"] = gaps.Contains(3),
                ["wb_disengagementreasondata"] = string.Join("\n", reasons),
                ["wb_flaggedon"] = flaggedOn, ["wb_lastscoredon"] = today, ["wb_lastchangedon"] = today.AddDays(-random.Next(30)),
                ["wb_holdout"] = random.Next(10) == 0,
            };
            Execute(org, account);
            var before = Math.Clamp(score - 20 + random.Next(30), 0, 100);
            Execute(org, new Entity("wb_disengagementhistory") { ["wb_accountid"] = new EntityReference("account", id), ["wb_scoredon"] = flaggedOn, ["wb_score"] = before });
            Execute(org, new Entity("wb_disengagementhistory") { ["wb_accountid"] = new EntityReference("account", id), ["wb_scoredon"] = today.AddDays(-1), ["wb_score"] = score });
            if (i % 5 < 2)
            {
                var remediation = Guid.NewGuid();
                Execute(org, new Entity("wb_remediation", remediation)
                {
                    ["wb_name"] = "Slow support replies", ["wb_accountid"] = new EntityReference("account", id),
                    ["wb_gap"] = new OptionSetValue(682400000 + gaps[0]), ["wb_rootcause"] = "Replies took five days.",
                    ["statuscode"] = new OptionSetValue(i % 5 == 0 ? 682400003 : 682400001),
                });
                if (i % 5 == 0)
                {
                    Execute(org, new Entity("wb_outreach")
                    {
                        ["subject"] = "What we changed", ["regardingobjectid"] = new EntityReference("account", id),
                        ["wb_remediationid"] = new EntityReference("wb_remediation", remediation), ["wb_channel"] = new OptionSetValue(682400000),
                    });
                }
            }
        }
    }
}
