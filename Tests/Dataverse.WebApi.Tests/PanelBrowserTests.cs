using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using static Microsoft.Playwright.Assertions;

namespace Dataverse.WebApi.Tests;

/// <summary>
/// The account panel (wb_/account/disengagement.html) on the account form of the shell, in Chromium, over accounts the
/// packed solution's plug-ins scored: at a form section's widths, by keyboard alone, with markup in the data, as a
/// sales rep and as customer success, and its contrast measured on the rendered page.
/// </summary>
[Collection("browser")]
public sealed class PanelBrowserTests
{
    private const string Panel = "#WebResource_wb_disengagement";
    private const int SectionRows = 14;
    private const int RowPx = 20; // the shell's row height (Tools/Dataverse.WebApi/Shell/shell.js, ROW_PX)
    private readonly ServerFixture _s;
    private readonly ChromiumFixture _chromium;

    public PanelBrowserTests(ServerFixture server, ChromiumFixture chromium)
    {
        _s = server;
        _chromium = chromium;
    }

    private async Task<(IPage Page, IFrame Frame)> OpenFormAsync(Guid account, string? user = null, int width = 1366, int height = 900)
    {
        var context = await _chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{_s.Host.Address}/main.aspx?pagetype=entityrecord&etn=account&id={account}" + (user is null ? "" : "&user=" + user));
        var frame = await (await page.WaitForSelectorAsync(Panel))!.ContentFrameAsync();
        await Expect(frame!.Locator("#wb-verdict")).ToBeVisibleAsync();
        return (page, frame!);
    }

    private static string Shot(string name) => Path.Combine(ChromiumFixture.Results, name + ".png");

    /// <summary>A flagged account whose drivers include SLA breaches, with breached cases on record.</summary>
    private Entity FlaggedWithBreaches(Guid? owner = null) =>
        _s.Org.Rows("account")
            .Where(a => (a.GetAttributeValue<string>("wb_disengagementreasondata") ?? "").Contains("\"signal\":\"slaBreaches\",\"kind\":\"concern\"", StringComparison.Ordinal))
            .Where(a => owner is null || a.GetAttributeValue<EntityReference>("ownerid")?.Id == owner)
            .Where(a => _s.Org.Rows("incident").Any(c => c.GetAttributeValue<EntityReference>("customerid")?.Id == a.Id && c.GetAttributeValue<bool>("wb_slabreached")))
            .OrderByDescending(a => a.GetAttributeValue<int?>("wb_disengagementscore")).ThenBy(a => a.Id).First();

    /// <summary>
    /// Earlier scorings for the account, as the plug-ins write history rows (one per change), so the trend has dates to
    /// draw: 40, 25 and 10 days before the fixture's today, rising to the account's score.
    /// </summary>
    private void WithHistory(Entity account)
    {
        if (_s.Org.Rows("wb_disengagementhistory").Count(h => h.GetAttributeValue<EntityReference>("wb_accountid")?.Id == account.Id) > 1) return;
        var score = account.GetAttributeValue<int>("wb_disengagementscore");
        foreach (var (days, less) in new[] { (40, 24), (25, 14), (10, 6) })
        {
            var earlier = Math.Max(0, score - less);
            var band = earlier >= 50 ? 682400003 : earlier >= 30 ? 682400002 : earlier >= 15 ? 682400001 : 682400000;
            var create = new CreateRequest
            {
                Target = new Entity("wb_disengagementhistory")
                {
                    ["wb_name"] = "Scoring", ["wb_accountid"] = account.ToEntityReference(), ["wb_scoredon"] = ServerFixture.Today.AddDays(-days),
                    ["wb_score"] = earlier, ["wb_riskband"] = new OptionSetValue(band),
                },
            };
            create["BypassCustomPluginExecution"] = true;
            _s.Org.Service.Execute(create);
        }
    }

    private static Task ResizeAsync(IPage page, IFrame frame, int width) =>
        page.EvalOnSelectorAsync(Panel, "(f, w) => { f.style.width = w + 'px'; }", width)
            .ContinueWith(_ => frame.EvaluateAsync("() => window.WinBack.Panel.refresh()")).Unwrap();

    private sealed class Layout
    {
        public double VerdictBottom { get; set; }
        public double VerdictHeight { get; set; }
        public double LineHeight { get; set; }
        public double FrameHeight { get; set; }
        public double ContentHeight { get; set; }
        public double ScrollWidth { get; set; }
        public double ClientWidth { get; set; }
        public double ScrollTop { get; set; }
    }

    private static async Task<Layout> LayoutAsync(IFrame frame) =>
        await frame.EvaluateAsync<Layout>(@"() => {
            const v = document.getElementById('wb-verdict').getBoundingClientRect();
            const d = document.documentElement;
            return { verdictBottom: v.bottom, verdictHeight: v.height, lineHeight: parseFloat(getComputedStyle(document.getElementById('wb-verdict')).lineHeight),
                     frameHeight: window.innerHeight, contentHeight: d.scrollHeight, scrollWidth: d.scrollWidth, clientWidth: d.clientWidth, scrollTop: d.scrollTop };
        }");

    [Fact]
    public async Task At_600_and_350_px_the_verdict_shows_in_a_14_row_section_without_scrolling()
    {
        var account = FlaggedWithBreaches();
        WithHistory(account);
        var (page, frame) = await OpenFormAsync(account.Id);
        Assert.Equal(SectionRows * RowPx, await page.EvalOnSelectorAsync<double>(Panel, "f => f.getBoundingClientRect().height"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("panel-form-1366"), FullPage = true });

        foreach (var width in new[] { 600, 350 })
        {
            await ResizeAsync(page, frame, width);
            await Expect(frame.Locator("#wb-verdict")).ToBeVisibleAsync();
            var layout = await LayoutAsync(frame);
            Assert.True(layout.VerdictBottom <= layout.FrameHeight, $"at {width} px the verdict ends at {layout.VerdictBottom} px, below the {layout.FrameHeight} px frame");
            Assert.Equal(0, layout.ScrollTop);
            Assert.True(layout.ScrollWidth <= layout.ClientWidth, $"at {width} px the panel scrolls sideways ({layout.ScrollWidth} > {layout.ClientWidth})");
            if (width == 600) Assert.True(layout.VerdictHeight < 2 * layout.LineHeight, $"at 600 px the verdict takes {layout.VerdictHeight} px, more than one line of {layout.LineHeight}");
            Console.WriteLine($"panel at {width} px: verdict {layout.VerdictHeight:0} px high, ends at {layout.VerdictBottom:0} of {layout.FrameHeight:0} px; whole panel {layout.ContentHeight:0} px");
            await page.Locator(Panel).ScreenshotAsync(new LocatorScreenshotOptions { Path = Shot($"panel-{width}") });

            // The whole panel, for people to look at: the frame stretched to its content.
            await page.EvalOnSelectorAsync(Panel, "(f, h) => { f.style.height = h + 'px'; }", layout.ContentHeight);
            await page.Locator(Panel).ScreenshotAsync(new LocatorScreenshotOptions { Path = Shot($"panel-{width}-whole") });
            await page.EvalOnSelectorAsync(Panel, "(f, h) => { f.style.height = h + 'px'; }", SectionRows * RowPx);
        }
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_verdict_drivers_coverage_and_trend_are_what_the_plug_ins_stored()
    {
        var account = FlaggedWithBreaches();
        WithHistory(account);
        var (page, frame) = await OpenFormAsync(account.Id);
        var band = account.FormattedValues.TryGetValue("wb_riskband", out var label) ? label :
            _s.Org.Metadata.Table("account")!.Column("wb_riskband")!.Option(account.GetAttributeValue<OptionSetValue>("wb_riskband").Value)!.Label;
        var score = account.GetAttributeValue<int>("wb_disengagementscore").ToString(CultureInfo.InvariantCulture);

        var reasons = account.GetAttributeValue<string>("wb_disengagementreasondata").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var concerns = reasons.Where(r => r.GetProperty("kind").GetString() == "concern")
            .OrderByDescending(r => r.GetProperty("points").GetDouble()).Select(r => r.GetProperty("text").GetString()!).ToList();
        var shown = await frame.Locator(".wb-driver-text").AllTextContentsAsync();
        Assert.Equal(concerns.Count, shown.Count);
        var points = (await frame.Locator(".wb-driver .wb-points").AllTextContentsAsync()).Select(p => int.Parse(p.Trim('+', ' ', 'p', 't', 's'), CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(points.OrderByDescending(p => p), points);
        foreach (var missing in reasons.Where(r => r.GetProperty("kind").GetString() == "notAvailable").Select(r => r.GetProperty("text").GetString()!))
        {
            Assert.DoesNotContain(missing, shown);
            await Expect(frame.Locator("#wb-coverage")).ToContainTextAsync(missing);
        }

        // Checked and changed apart; the trend dated on its axis and in its text alternative.
        await Expect(frame.Locator("#wb-checked")).ToContainTextAsync("Checked ");
        var chart = frame.Locator(".wb-trend-chart");
        Assert.StartsWith("Disengagement score by date: May 6, 2026 ", await chart.GetAttributeAsync("aria-label"));
        Assert.Equal("May 6", await frame.Locator(".wb-trend-chart text.wb-tick").First.TextContentAsync());
        Assert.Equal("Jun 15", await frame.Locator(".wb-trend-chart text.wb-tick").Last.TextContentAsync());
        // Zones shade the band the server gave each scoring until the next one.
        var zones = await frame.Locator(".wb-trend-chart rect.wb-zone").EvaluateAllAsync<string[]>("rs => rs.map(r => r.getAttribute('class'))");
        Assert.NotEmpty(zones);
        Assert.All(zones, z => Assert.Matches("^wb-zone wb-zone-(healthy|watch|atrisk|disengaged)$", z));
        // The move since the scoring before, dated by it.
        await Expect(frame.Locator("#wb-verdict")).ToContainTextAsync($"{band} · {score}, up 6 since Jun 5 · top driver: ");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task By_keyboard_alone_a_user_recalculates_and_opens_a_breached_case()
    {
        var account = FlaggedWithBreaches();
        var (page, frame) = await OpenFormAsync(account.Id, LocalServer.CustomerSuccessDomain);
        await Expect(frame.Locator("ul[data-evidence='slaBreaches'] button").First).ToBeVisibleAsync();

        async Task<string> FocusedAsync() => await frame.EvaluateAsync<string>("() => document.hasFocus() ? (document.activeElement.id || document.activeElement.getAttribute('data-focus-key') || document.activeElement.tagName) : ''");
        var reached = false;
        for (var i = 0; i < 80 && !reached; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            reached = await FocusedAsync() == "wb-recalculate";
        }
        Assert.True(reached, "Tab reaches Recalculate now");
        Assert.NotEqual("none", await frame.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle"));

        await page.Keyboard.PressAsync("Enter");
        await Expect(frame.Locator("#wb-status")).ToContainTextAsync("Checked just now");
        Assert.Equal("wb-recalculate", await FocusedAsync());

        var onCase = false;
        for (var i = 0; i < 10 && !onCase; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            onCase = (await FocusedAsync()).StartsWith("evidence-", StringComparison.Ordinal);
        }
        Assert.True(onCase, "Tab reaches the first breached case");
        var caseId = (await frame.EvaluateAsync<string>("() => document.activeElement.getAttribute('data-focus-key')"))["evidence-".Length..];
        // A breach as the plug-in counts it: resolved late, or still open past its resolve-by date at the scoring.
        var linked = _s.Org.Rows("incident").Single(c => c.Id == Guid.Parse(caseId));
        Assert.Equal(account.Id, linked.GetAttributeValue<EntityReference>("customerid")?.Id);
        Assert.True(linked.GetAttributeValue<bool>("wb_slabreached") ||
            (linked.GetAttributeValue<OptionSetValue>("statecode")?.Value == 0 && linked.GetAttributeValue<DateTime?>("resolveby") < ServerFixture.Today));
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"etn=incident&id={caseId}"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Markup_in_reasons_and_names_never_runs()
    {
        const string name = "<img src=x onerror=\"window.__wbPwned='name'\"> \u202Eevil";
        string Line(string signal, string kind, double points, string text) =>
            JsonSerializer.Serialize(new { gap = "trust", signal, kind, points, text });
        var id = _s.Org.Service.Create(new Entity("account") { ["name"] = name });
        var write = new UpdateRequest
        {
            Target = new Entity("account", id)
            {
                ["wb_disengagementscore"] = 77, ["wb_riskband"] = new OptionSetValue(682400003), ["wb_trustgap"] = true,
                ["wb_disengagementreasondata"] = string.Join("\n",
                    Line("slaBreaches", "concern", 12, "<img src=x onerror=\"window.__wbPwned='reason'\">"),
                    Line("complaints", "concern", 6, "<a href=\"javascript:window.__wbPwned='link'\">javascript:window.__wbPwned='link'</a>"),
                    Line("lowSatisfaction", "notAvailable", 0, "</script><script>window.__wbPwned='script'</script>\u202Etxt.exe")),
                ["wb_disengagementreasons"] = "see data",
                ["wb_lastscoredon"] = ServerFixture.Today, ["wb_lastchangedon"] = ServerFixture.Today, ["wb_flaggedon"] = ServerFixture.Today,
            },
        };
        write["BypassCustomPluginExecution"] = true;
        _s.Org.Service.Execute(write);

        var dialogs = new List<string>();
        var (page, frame) = await OpenFormAsync(id);
        page.Dialog += (_, d) => dialogs.Add(d.Message);
        await Expect(frame.Locator(".wb-drivers")).ToContainTextAsync("window.__wbPwned='reason'");
        await Expect(frame.Locator("#wb-coverage")).ToContainTextAsync("<script>window.__wbPwned='script'</script>");
        // The right-to-left override is named instead of turning "txt.exe" round.
        await Expect(frame.Locator("#wb-coverage")).ToContainTextAsync("[U+202E]txt.exe");
        await page.Locator(Panel).ScreenshotAsync(new LocatorScreenshotOptions { Path = Shot("panel-markup") });
        foreach (var f in page.Frames)
        {
            Assert.Null(await f.EvaluateAsync<string?>("() => window.__wbPwned ?? null"));
            Assert.Equal(0, await f.Locator("img[src='x']").CountAsync());
            Assert.Equal(0, await f.Locator("a[href^='javascript:' i]").CountAsync());
        }
        Assert.Empty(dialogs);
        await page.Context.CloseAsync();
    }

    private const string ContrastScript = @"() => {
        const parse = (c) => { const m = /rgba?\(([^)]+)\)/.exec(c || ''); if (!m) return null; const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number); return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; };
        const blend = (f, b) => ({ r: f.r * f.a + b.r * (1 - f.a), g: f.g * f.a + b.g * (1 - f.a), b: f.b * f.a + b.b * (1 - f.a), a: 1 });
        const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
        const background = (el) => {
            const layers = [];
            for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
                const c = parse(getComputedStyle(n).backgroundColor);
                if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
            }
            let bg = { r: 255, g: 255, b: 255, a: 1 };
            for (const layer of layers.reverse()) bg = blend(layer, bg);
            return bg;
        };
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        const failures = []; let checked = 0;
        while (walker.nextNode()) {
            const node = walker.currentNode; const el = node.parentElement;
            if (!node.textContent.trim() || !el || el.closest('[hidden], .wb-visually-hidden, title') || el.getClientRects().length === 0) continue;
            const style = getComputedStyle(el);
            const svg = el instanceof SVGElement;
            const bg = background(svg ? el.ownerSVGElement.parentElement : el);
            const fg = blend(parse(svg ? style.fill : style.color), bg);
            const [hi, lo] = [lum(fg), lum(bg)].sort((x, y) => y - x);
            const ratio = (hi + 0.05) / (lo + 0.05);
            const size = parseFloat(style.fontSize); const large = size >= 24 || (parseInt(style.fontWeight, 10) >= 700 && size >= 18.66);
            checked++;
            if (ratio < (large ? 3 : 4.5)) failures.push(node.textContent.trim().slice(0, 50) + ' = ' + ratio.toFixed(2));
        }
        return { checked, failures };
    }";

    private sealed class Contrast
    {
        public int Checked { get; set; }
        public string[] Failures { get; set; } = [];
    }

    [Fact]
    public async Task Every_text_meets_AA_contrast_on_the_rendered_panel_as_a_sales_rep_and_as_customer_success()
    {
        // The sales rep: an account of the rep's own business unit.
        var repAccount = _s.Org.Rows("account").Where(a => a.GetAttributeValue<EntityReference>("ownerid")?.Id == _s.Rep.Id && a.GetAttributeValue<int?>("wb_disengagementscore") is not null)
            .OrderByDescending(a => a.GetAttributeValue<int?>("wb_disengagementscore")).ThenBy(a => a.Id).First();
        var (rep, repFrame) = await OpenFormAsync(repAccount.Id, LocalServer.SalesRepDomain);
        await Expect(repFrame.Locator("#wb-verdict")).ToContainTextAsync(repAccount.GetAttributeValue<int>("wb_disengagementscore").ToString(CultureInfo.InvariantCulture));
        var seen = await repFrame.EvaluateAsync<Contrast>(ContrastScript);
        Assert.True(seen.Checked > 10, $"{seen.Checked} texts measured");
        Assert.Empty(seen.Failures);
        await rep.Locator(Panel).ScreenshotAsync(new LocatorScreenshotOptions { Path = Shot("panel-rep") });
        await rep.Context.CloseAsync();

        // Customer success, on a flagged account, before and after Recalculate now.
        var (cs, csFrame) = await OpenFormAsync(FlaggedWithBreaches().Id, LocalServer.CustomerSuccessDomain);
        Assert.Empty((await csFrame.EvaluateAsync<Contrast>(ContrastScript)).Failures);
        await csFrame.Locator("#wb-recalculate").ClickAsync();
        await Expect(csFrame.Locator("#wb-status")).ToContainTextAsync("Checked just now");
        await csFrame.Locator("details.wb-details summary").First.ClickAsync();
        var after = await csFrame.EvaluateAsync<Contrast>(ContrastScript);
        Assert.True(after.Checked > seen.Checked / 2);
        Assert.Empty(after.Failures);
        await cs.Locator(Panel).ScreenshotAsync(new LocatorScreenshotOptions { Path = Shot("panel-customer-success") });
        await cs.Context.CloseAsync();
    }
}
