using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Dataverse.Local;
using Microsoft.Playwright;

namespace Dataverse.WebApi;

/// <summary>What the Web API and the shell cost, measured (never asserted) for `winback bench`.</summary>
public sealed record WebApiFigures(double RetrievePerSecond, double PagesPerSecond, int PageRows, double FormWithPanelMs, string? FormNote)
{
    /// <summary>The account panel's verdict shown, in ms after the form loaded (its fields read and OnLoad run); median of 3 warm loads.</summary>
    public double PanelAfterFormMs { get; init; } = double.NaN;

    /// <summary>The goal for <see cref="PanelAfterFormMs"/>.</summary>
    public const double PanelAfterFormGoalMs = 500;
}

public static class WebApiBench
{
    public const string Chromium = "/usr/bin/chromium";

    /// <summary>Debian's Chromium, headless, with nothing that reaches the network on its own (the bench and the browser tests use these).</summary>
    public static BrowserTypeLaunchOptions ChromiumOptions() => new()
    {
        ExecutablePath = Chromium,
        Headless = true,
        Args = new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync",
        },
    };

    /// <summary>
    /// Serves the organization on a free loopback port and measures: Web API requests per second for a $select
    /// retrieve of one account, and for a page of up to 5,000 usage snapshots; and the time Chromium takes to show
    /// the account form with the disengagement panel drawn (median of three loads after a first, cold one), and how long
    /// after the form loaded the panel showed its verdict.
    /// </summary>
    public static async Task<WebApiFigures> MeasureAsync(LocalOrganization org, string solutionZip, IReadOnlyList<ShellUser> users, TextWriter log)
    {
        await using var host = await WebApiHost.StartAsync(new WebApiHostOptions { Organization = org, SolutionZip = solutionZip, Users = users, Port = 0 });
        using var http = new HttpClient { BaseAddress = new Uri(host.Address + "/api/data/v9.2/") };
        var account = org.Rows("account").OrderByDescending(a => a.GetAttributeValue<int?>("wb_disengagementscore") ?? -1).ThenBy(a => a.Id).First().Id;

        var retrieve = $"accounts({account})?$select=name,wb_disengagementscore,wb_riskband";
        await http.GetStringAsync(retrieve);
        var retrieves = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(3) || retrieves < 50)
        {
            (await http.GetAsync(retrieve)).EnsureSuccessStatusCode();
            retrieves++;
        }
        var retrievePerSecond = retrieves / clock.Elapsed.TotalSeconds;
        log.WriteLine($"Web API: {retrievePerSecond:N0} $select retrieves a second ({retrieves} in {clock.Elapsed.TotalSeconds:0.0} s)");

        var rows = 0;
        var pages = 0;
        clock.Restart();
        while (clock.Elapsed < TimeSpan.FromSeconds(3) || pages < 3)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "wb_usagesnapshots?$select=wb_name,wb_logins,_wb_accountid_value");
            request.Headers.Add("Prefer", "odata.maxpagesize=5000");
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            using var body = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
            rows = body.RootElement.GetProperty("value").GetArrayLength();
            pages++;
        }
        var pagesPerSecond = pages / clock.Elapsed.TotalSeconds;
        log.WriteLine($"Web API: {pagesPerSecond:0.0} pages of {rows:N0} rows a second");

        if (!File.Exists(Chromium)) return new WebApiFigures(retrievePerSecond, pagesPerSecond, rows, double.NaN, "no " + Chromium);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(ChromiumOptions());
        var score = org.Peek("account", account)!.GetAttributeValue<int?>("wb_disengagementscore")?.ToString(CultureInfo.InvariantCulture) ?? "";
        var times = new List<double>();
        var panelTimes = new List<double>();
        for (var i = 0; i < 4; i++)
        {
            var page = await browser.NewPageAsync();
            var load = Stopwatch.StartNew();
            await page.GotoAsync($"{host.Address}/main.aspx?pagetype=entityrecord&etn=account&id={account}");
            await Assertions.Expect(page.FrameLocator("#WebResource_wb_disengagement").Locator("#wb-verdict")).ToContainTextAsync(score);
            if (i > 0) times.Add(load.Elapsed.TotalMilliseconds);
            // Both marks on one clock: the shell marks "wb-form-loaded" when the form's fields are read (before OnLoad
            // runs), the panel marks "wb-panel-shown" when it first draws its verdict.
            var formLoaded = await page.EvaluateAsync<double>("() => performance.timeOrigin + performance.getEntriesByName('wb-form-loaded')[0].startTime");
            var frame = await (await page.QuerySelectorAsync("#WebResource_wb_disengagement"))!.ContentFrameAsync();
            var panelShown = await frame!.EvaluateAsync<double>("() => performance.timeOrigin + performance.getEntriesByName('wb-panel-shown')[0].startTime");
            if (i > 0) panelTimes.Add(panelShown - formLoaded);
            await page.CloseAsync();
        }
        times.Sort();
        panelTimes.Sort();
        log.WriteLine($"Shell: the account form with the panel drawn in {times[1]:0} ms (median of 3 warm loads in Chromium)");
        log.WriteLine($"Shell: the account panel's verdict shown {panelTimes[1]:0} ms after the form loaded (median of 3 warm loads, goal < {WebApiFigures.PanelAfterFormGoalMs:0} ms)");
        return new WebApiFigures(retrievePerSecond, pagesPerSecond, rows, times[1], null) { PanelAfterFormMs = panelTimes[1] };
    }
}
