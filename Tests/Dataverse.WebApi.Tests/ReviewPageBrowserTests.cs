using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Query;
using static Microsoft.Playwright.Assertions;

namespace Dataverse.WebApi.Tests;

/// <summary>The review page's own organization and browser, so the rows it adds never meet other tests' counts.</summary>
[CollectionDefinition("review")]
public sealed class ReviewCollection : ICollectionFixture<ServerFixture>, ICollectionFixture<ChromiumFixture>
{
}

/// <summary>
/// The "Win-back review" page (wb_/review/review.html) in Chromium, opened from the app's site map in the shell over
/// the demo organization as the plug-ins scored it, as each role. Remediations and outreaches are added through the
/// gate (a Verified remediation, a stamped outreach) and one around it (no stamp) for the audit.
/// </summary>
[Collection("review")]
public sealed class ReviewPageBrowserTests
{
    // A navigation is awaited by polling the address: waiting for the navigation event can miss one that an earlier
    // step already started (seen on a loaded machine), and polling still fails when none happens.
    private static readonly PageAssertionsToHaveURLOptions UrlWait = new() { Timeout = 30_000 };

    private const string Address = "/main.aspx?pagetype=webresource&webresourceName=wb_/review/review.html";
    private const int AtRisk = 682400002, Disengaged = 682400003;
    private const int Fixing = 682400001, Fixed = 682400002, Verified = 682400003, ReadyForReview = 682400001;
    private static readonly SemaphoreSlim Once = new(1, 1);
    private static Story? _story;

    private readonly ServerFixture _s;
    private readonly ChromiumFixture _chromium;

    public ReviewPageBrowserTests(ServerFixture server, ChromiumFixture chromium)
    {
        _s = server;
        _chromium = chromium;
    }

    private sealed record Story(Guid Waiting, Guid VerifiedOnly, Guid FixingWithUnstamped, string UnstampedSubject, Guid Markup, string MarkupName);

    /// <summary>Once per organization: remediations and outreaches on three flagged accounts, and an account with markup everywhere.</summary>
    private async Task<Story> StoryAsync()
    {
        await Once.WaitAsync();
        try
        {
            if (_story is not null) return _story;
            var reachable = _s.Org.Rows("contact").Where(c => c.GetAttributeValue<bool?>("donotphone") != true && c.GetAttributeValue<OptionSetValue>("statecode")?.Value is null or 0)
                .GroupBy(c => c.GetAttributeValue<EntityReference>("parentcustomerid")?.Id ?? Guid.Empty).ToDictionary(g => g.Key, g => g.First().Id);
            var flagged = Flagged().Where(a => a.GetAttributeValue<bool?>("wb_holdout") != true && Gaps(a).Count > 0 && reachable.ContainsKey(a.Id))
                .OrderBy(a => a.GetAttributeValue<string>("name"), StringComparer.Ordinal).ToList();
            Assert.True(flagged.Count >= 3, "the demo organization has three flagged accounts outside the control group");
            var success = _s.Org.GetService(_s.CustomerSuccess.Id);
            var admin = _s.Org.GetService(_s.Admin.Id);

            Guid Remediation(Entity account, int status)
            {
                var id = success.Create(new Entity("wb_remediation")
                {
                    ["wb_name"] = "Slow support replies", ["wb_accountid"] = account.ToEntityReference(),
                    ["wb_gap"] = new OptionSetValue(GapValue(Gaps(account)[0])), ["wb_rootcause"] = "Replies took five days.",
                    ["wb_fix"] = "A second support shift.", ["wb_evidence"] = "Median first reply fell to 7 hours.",
                    ["wb_fixedon"] = ServerFixture.Today.AddDays(-7), ["wb_causecontrollable"] = true,
                });
                if (status == Fixing) { success.Update(new Entity("wb_remediation", id) { ["statuscode"] = new OptionSetValue(Fixing) }); return id; }
                success.Update(new Entity("wb_remediation", id) { ["statuscode"] = new OptionSetValue(Fixed) });
                admin.Update(new Entity("wb_remediation", id) { ["statuscode"] = new OptionSetValue(Verified) });
                return id;
            }

            Entity Outreach(Entity account, Guid remediation, string subject) => new("wb_outreach")
            {
                ["subject"] = subject, ["regardingobjectid"] = account.ToEntityReference(),
                ["wb_remediationid"] = new EntityReference("wb_remediation", remediation), ["wb_channel"] = new OptionSetValue(682400001),
                ["wb_contactid"] = new EntityReference("contact", reachable[account.Id]),
            };

            // Through the gate: Verified, then an outreach it stamps, moved to Ready for review.
            var waiting = flagged[0];
            var outreach = success.Create(Outreach(waiting, Remediation(waiting, Verified), "What we changed for you"));
            success.Update(new Entity("wb_outreach", outreach) { ["statuscode"] = new OptionSetValue(ReadyForReview) });
            var verifiedOnly = flagged[1];
            Remediation(verifiedOnly, Verified);
            // Around the gate (custom plug-ins bypassed): an outreach on a remediation still being fixed, never stamped.
            var fixing = flagged[2];
            var unstamped = "Written around the gate <b>bold</b>";
            var create = new CreateRequest { Target = Outreach(fixing, Remediation(fixing, Fixing), unstamped) };
            create["BypassCustomPluginExecution"] = true;
            _s.Org.Service.Execute(create);

            const string name = "<img src=x onerror=\"window.__wbPwned='name'\"></script><script>window.__wbPwned='script'</script> \u202Eevil";
            var data = string.Join("\n",
                JsonSerializer.Serialize(new { gap = "trust", signal = "slaBreaches", kind = "concern", points = 30.5, text = "SLA <img src=x onerror=\"window.__wbPwned='reason'\">" }),
                JsonSerializer.Serialize(new { gap = "value", signal = "logins", kind = "concern", points = 12, text = "<a href=\"javascript:window.__wbPwned='link'\">javascript:window.__wbPwned='link'</a>" }),
                "</script><script>window.__wbPwned='line'</script>");
            var markup = _s.Org.Service.Create(new Entity("account") { ["name"] = name });
            var write = new UpdateRequest
            {
                Target = new Entity("account", markup)
                {
                    ["wb_disengagementscore"] = 99, ["wb_riskband"] = new OptionSetValue(Disengaged), ["wb_trustgap"] = true, ["wb_valuegap"] = true,
                    ["wb_disengagementreasondata"] = data, ["wb_disengagementreasons"] = "SLA", ["wb_lastscoredon"] = ServerFixture.Today,
                    ["wb_lastchangedon"] = ServerFixture.Today, ["wb_flaggedon"] = ServerFixture.Today,
                },
            };
            write["BypassCustomPluginExecution"] = true;
            _s.Org.Service.Execute(write);
            _story = new Story(waiting.Id, verifiedOnly.Id, fixing.Id, unstamped, markup, name);
            return _story;
        }
        finally
        {
            Once.Release();
        }
    }

    private List<Entity> Flagged() => _s.Org.Rows("account")
        .Where(a => a.GetAttributeValue<OptionSetValue>("wb_riskband")?.Value is AtRisk or Disengaged).ToList();

    private static List<string> Gaps(Entity a) =>
        new[] { "value", "trust", "experience", "growth" }.Where(g => a.GetAttributeValue<bool?>($"wb_{g}gap") == true).ToList();

    private static int GapValue(string gap) => gap switch { "value" => 682400000, "trust" => 682400001, "experience" => 682400002, _ => 682400003 };

    private async Task<(IPage Page, IFrameLocator Frame)> OpenAsync(ShellUser user, int width = 1366)
    {
        await StoryAsync();
        var context = await _chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{_s.Host.Address}{Address}&user={Uri.EscapeDataString(user.DomainName)}");
        var frame = page.FrameLocator("#wb-page");
        await Expect(frame.Locator("#wb-review")).ToHaveAttributeAsync("data-loaded", "true");
        return (page, frame);
    }

    private static Task<IReadOnlyList<string>> ColumnAsync(IFrameLocator frame, int col) =>
        frame.Locator($"#wb-rows td[data-col='{col}']").AllInnerTextsAsync();

    private static async Task SelectAsync(IFrameLocator frame, string id, string value)
    {
        await frame.Locator("#" + id).SelectOptionAsync(value);
    }

    [Fact]
    public async Task Customer_success_sees_every_flagged_account_with_its_remediation_and_outreach()
    {
        var story = await StoryAsync();
        var flagged = Flagged();
        var (page, frame) = await OpenAsync(_s.CustomerSuccess);

        // The site map leads to the page, and it is the current page.
        await Expect(page.Locator(".wb-nav a[aria-current='page']")).ToHaveTextAsync("Win-back review");
        await Expect(frame.Locator("#wb-status")).ToContainTextAsync($"{flagged.Count} flagged account");
        Assert.Equal(flagged.Count, await frame.Locator("#wb-rows tr").CountAsync());
        Assert.Equal(0, await frame.Locator("#wb-tab-audit").CountAsync());

        // Counts by band on top, the server's own labels.
        foreach (var band in flagged.GroupBy(a => a.GetAttributeValue<OptionSetValue>("wb_riskband").Value))
        {
            var label = _s.Org.Metadata.Table("account")!.Column("wb_riskband")!.Option(band.Key)!.Label;
            await Expect(frame.Locator($"#wb-summary .wb-band-{band.Key}")).ToContainTextAsync(band.Count().ToString(CultureInfo.InvariantCulture));
            await Expect(frame.Locator($"#wb-summary .wb-band-{band.Key}")).ToContainTextAsync(label);
        }

        // Highest score first; each row carries score, band, top reason by points, trend with dates, remediation and outreach.
        var scores = (await ColumnAsync(frame, 1)).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(scores.OrderByDescending(s => s).ToList(), scores);
        var waiting = frame.Locator($"#wb-rows tr[data-id='{story.Waiting}']");
        await Expect(waiting.Locator("td[data-col='8']")).ToContainTextAsync("Verified");
        await Expect(waiting.Locator("td[data-col='9']")).ToContainTextAsync("Ready for review");
        await Expect(frame.Locator($"#wb-rows tr[data-id='{story.VerifiedOnly}'] td[data-col='9']")).ToHaveTextAsync("None");
        await Expect(frame.Locator($"#wb-rows tr[data-id='{story.FixingWithUnstamped}'] td[data-col='8']")).ToContainTextAsync("Fixing");
        var markup = frame.Locator($"#wb-rows tr[data-id='{story.Markup}']");
        await Expect(markup.Locator("td[data-col='6'] li").First).ToContainTextAsync("SLA <img");
        await Expect(markup.Locator("td[data-col='6'] li").First).ToContainTextAsync("+30.5");
        var scored = _s.Org.Rows("wb_disengagementhistory").Select(h => h.GetAttributeValue<EntityReference>("wb_accountid").Id).ToHashSet();
        var withHistory = flagged.First(a => scored.Contains(a.Id));
        var trend = frame.Locator($"#wb-rows tr[data-id='{withHistory.Id}'] svg[role='img']");
        await Expect(trend).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex(@"Score trend: \d+ on \w{3} \d+, \d{4}"));
        // Control-group membership on the account's cell.
        var held = flagged.Where(a => a.GetAttributeValue<bool?>("wb_holdout") == true).Select(a => a.Id.ToString()).OrderBy(i => i, StringComparer.Ordinal).ToArray();
        var chips = await frame.Locator("#wb-rows tr:has(.wb-holdout)").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.id)");
        Assert.Equal(held, chips.OrderBy(i => i, StringComparer.Ordinal).ToArray());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Filters_search_and_sort_apply_in_the_page()
    {
        var story = await StoryAsync();
        var flagged = Flagged();
        var (page, frame) = await OpenAsync(_s.CustomerSuccess);

        await SelectAsync(frame, "wb-filter-stage", "verifiedNoOutreach");
        Assert.Equal(new[] { story.VerifiedOnly.ToString() }, await frame.Locator("#wb-rows tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.id)"));
        await SelectAsync(frame, "wb-filter-stage", "waitingForReview");
        Assert.Equal(new[] { story.Waiting.ToString() }, await frame.Locator("#wb-rows tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.id)"));
        await SelectAsync(frame, "wb-filter-stage", "noRemediation");
        var ids = await frame.Locator("#wb-rows tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.id)");
        Assert.Equal(flagged.Count - 3, ids.Length);
        Assert.DoesNotContain(story.Waiting.ToString(), ids);
        await frame.Locator("#wb-clear").ClickAsync();
        Assert.Equal(flagged.Count, await frame.Locator("#wb-rows tr").CountAsync());

        var disengaged = flagged.Count(a => a.GetAttributeValue<OptionSetValue>("wb_riskband").Value == Disengaged);
        await SelectAsync(frame, "wb-filter-band", Disengaged.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(disengaged, await frame.Locator("#wb-rows tr[data-id]").CountAsync());
        await SelectAsync(frame, "wb-filter-band", "");

        var trust = flagged.Count(a => a.GetAttributeValue<bool?>("wb_trustgap") == true);
        await SelectAsync(frame, "wb-filter-gap", "trust");
        Assert.Equal(trust, await frame.Locator("#wb-rows tr[data-id]").CountAsync());
        await SelectAsync(frame, "wb-filter-gap", "");

        var repAccounts = flagged.Count(a => a.GetAttributeValue<EntityReference>("ownerid").Id == _s.Rep.Id);
        await SelectAsync(frame, "wb-filter-owner", _s.Rep.Id.ToString());
        Assert.Equal(repAccounts, await frame.Locator("#wb-rows tr[data-id]").CountAsync());
        await SelectAsync(frame, "wb-filter-owner", "");
        var fieldSales = flagged.First(a => a.GetAttributeValue<EntityReference>("ownerid").Id == _s.Rep.Id).GetAttributeValue<EntityReference>("owningbusinessunit").Id;
        await SelectAsync(frame, "wb-filter-unit", fieldSales.ToString());
        Assert.Equal(repAccounts, await frame.Locator("#wb-rows tr[data-id]").CountAsync());
        await SelectAsync(frame, "wb-filter-unit", "");

        await frame.Locator("#wb-filter-changed").FillAsync(ServerFixture.Today.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await Expect(frame.Locator("#wb-rows")).ToContainTextAsync("No flagged account matches these filters.");
        await frame.Locator("#wb-filter-changed").FillAsync("");

        var target = flagged.First(a => a.Id == story.VerifiedOnly).GetAttributeValue<string>("name");
        await frame.Locator("#wb-search").FillAsync(target.ToUpperInvariant());
        Assert.Equal(new[] { target }, await ColumnAsync(frame, 0));
        await frame.Locator("#wb-search").FillAsync("");

        // Sort by name (ascending first), then again (descending); the heading says how it is sorted.
        var name = frame.Locator("thead th[data-col='0']");
        await name.ClickAsync();
        await Expect(name).ToHaveAttributeAsync("aria-sort", "ascending");
        var names = await ColumnAsync(frame, 0);
        Assert.Equal(names.OrderBy(n => n, StringComparer.Create(CultureInfo.GetCultureInfo("en-US"), CompareOptions.IgnoreCase)).ToList(), names.ToList());
        await name.ClickAsync();
        await Expect(name).ToHaveAttributeAsync("aria-sort", "descending");
        Assert.Equal(names.Reverse().ToList(), (await ColumnAsync(frame, 0)).ToList());
        await Expect(frame.Locator("thead th[data-col='1']")).ToHaveAttributeAsync("aria-sort", "none");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_grid_is_used_with_the_keyboard_and_keeps_focus_after_redraws_and_enter_opens_the_account()
    {
        var (page, frame) = await OpenAsync(_s.CustomerSuccess);
        var rows = await frame.Locator("#wb-rows tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.id)");

        // One tab stop in the grid: Tab from the last control before it lands on its active cell.
        await frame.Locator("#wb-clear").FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal($"{rows[0]}|0", await FocusKeyAsync(frame));
        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("ArrowRight");
        Assert.Equal($"{rows[1]}|1", await FocusKeyAsync(frame));
        await page.Keyboard.PressAsync("End");
        Assert.Equal($"{rows[1]}|10", await FocusKeyAsync(frame));
        await page.Keyboard.PressAsync("Home");
        await page.Keyboard.PressAsync("ArrowUp");
        Assert.Equal($"{rows[0]}|0", await FocusKeyAsync(frame));

        // A redraw (the data drawn again, as when a page of rows arrives) keeps the focused cell.
        await frame.Locator("#wb-review").EvaluateAsync("() => window.WinBackReview.draw()");
        Assert.Equal($"{rows[0]}|0", await FocusKeyAsync(frame));

        // Enter on a heading sorts and keeps focus on it; Enter on a row opens the account form.
        await page.Keyboard.PressAsync("Control+Home");
        await page.Keyboard.PressAsync("ArrowRight");
        await page.Keyboard.PressAsync("Enter");
        await Expect(frame.Locator("thead th[data-col='1']")).ToHaveAttributeAsync("aria-sort", "ascending");
        Assert.Equal("head|1", await FocusKeyAsync(frame));
        await page.Keyboard.PressAsync("ArrowDown");
        var first = await frame.Locator("#wb-rows tr").First.GetAttributeAsync("data-id");
        Assert.Equal($"{first}|1", await FocusKeyAsync(frame));
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("pagetype=entityrecord"), UrlWait);
        Assert.Contains($"id={first}", page.Url, StringComparison.Ordinal);
        Assert.Contains("etn=account", page.Url, StringComparison.Ordinal);
        await Expect(page.Locator("#wb-record-title")).Not.ToBeEmptyAsync();
        await page.Context.CloseAsync();
    }

    private static Task<string?> FocusKeyAsync(IFrameLocator frame) =>
        frame.Locator("#wb-review").EvaluateAsync<string?>("() => document.activeElement?.dataset?.focusKey ?? null");

    [Fact]
    public async Task A_click_on_an_account_name_opens_its_form()
    {
        var story = await StoryAsync();
        var (page, frame) = await OpenAsync(_s.CustomerSuccess);
        await frame.Locator($"#wb-rows tr[data-id='{story.VerifiedOnly}'] .wb-open").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"id={story.VerifiedOnly}"), UrlWait);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_table_the_role_cannot_read_leaves_its_column_empty_and_says_so_while_the_accounts_stay()
    {
        var story = await StoryAsync();
        var context = await _chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 } });
        var page = await context.NewPageAsync();
        // Dataverse's answer to a read without the privilege (403, its error shape).
        await page.RouteAsync("**/api/data/v9.2/wb_outreaches**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 403, ContentType = "application/json",
            Body = "{\"error\":{\"code\":\"0x80040220\",\"message\":\"Principal user is missing prvReadwb_outreach privilege.\"}}",
        }));
        await page.GotoAsync($"{_s.Host.Address}{Address}&user={Uri.EscapeDataString(_s.CustomerSuccess.DomainName)}");
        var frame = page.FrameLocator("#wb-page");
        await Expect(frame.Locator("#wb-review")).ToHaveAttributeAsync("data-loaded", "true");
        await Expect(frame.Locator("#wb-problems")).ToHaveTextAsync("Outreach could not be read, so that column stays empty: Principal user is missing prvReadwb_outreach privilege.");
        Assert.Equal(Flagged().Count, await frame.Locator("#wb-rows tr[data-id]").CountAsync());
        await Expect(frame.Locator($"#wb-rows tr[data-id='{story.Waiting}'] td[data-col='8']")).ToContainTextAsync("Verified");
        await Expect(frame.Locator($"#wb-rows tr[data-id='{story.Waiting}'] td[data-col='9']")).ToHaveTextAsync("None");
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_sales_rep_sees_only_the_flagged_accounts_of_their_business_unit_and_no_audit()
    {
        var flagged = Flagged();
        var repUnit = _s.Org.Peek("systemuser", _s.Rep.Id)!.GetAttributeValue<EntityReference>("businessunitid").Id;
        var theirs = flagged.Where(a => a.GetAttributeValue<EntityReference>("owningbusinessunit").Id == repUnit)
            .Select(a => a.Id.ToString()).OrderBy(i => i, StringComparer.Ordinal).ToList();
        Assert.NotEmpty(theirs);
        Assert.True(theirs.Count < flagged.Count);

        var (page, frame) = await OpenAsync(_s.Rep);
        var ids = (await frame.Locator("#wb-rows tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.id)")).OrderBy(i => i, StringComparer.Ordinal).ToList();
        Assert.Equal(theirs, ids);
        await Expect(frame.Locator("#wb-status")).ToContainTextAsync($"{theirs.Count} flagged account");
        Assert.Equal(0, await frame.Locator("#wb-tab-audit").CountAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_administrator_has_the_gate_audit_in_its_own_tab()
    {
        var story = await StoryAsync();
        var (page, frame) = await OpenAsync(_s.Admin);
        var expected = (int)_s.Org.GetService(_s.Admin.Id).Execute(new OrganizationRequest("wb_AuditGate")).Results["Count"];
        Assert.True(expected >= 1);
        await Expect(frame.Locator("#wb-audit")).ToBeHiddenAsync();
        await frame.Locator("#wb-tab-audit").ClickAsync();
        await Expect(frame.Locator("#wb-tab-audit")).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(frame.Locator("#wb-accounts")).ToBeHiddenAsync();
        await Expect(frame.Locator("#wb-audit-status")).ToHaveTextAsync(expected == 1 ? "1 outreach fails the audit." : $"{expected} outreaches fail the audit.");
        var row = frame.Locator("#wb-audit-grid tbody tr", new FrameLocatorLocatorOptions { HasText = story.UnstampedSubject });
        await Expect(row).ToContainTextAsync("No gate stamp");
        await Expect(row).ToContainTextAsync("Draft");
        await ScreenshotAsync(page, "review-audit-1366");

        // The arrow keys move between the tabs.
        await frame.Locator("#wb-tab-audit").FocusAsync();
        await page.Keyboard.PressAsync("ArrowLeft");
        await Expect(frame.Locator("#wb-tab-accounts")).ToBeFocusedAsync();
        await Expect(frame.Locator("#wb-accounts")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Markup_in_names_and_reasons_is_shown_as_text_and_never_runs()
    {
        var story = await StoryAsync();
        var dialogs = new List<string>();
        var (page, frame) = await OpenAsync(_s.Admin);
        page.Dialog += (_, d) => dialogs.Add(d.Message);
        var row = frame.Locator($"#wb-rows tr[data-id='{story.Markup}']");
        await Expect(row.Locator("td[data-col='0']")).ToHaveTextAsync(story.MarkupName.Replace("\u202E", "[U+202E]", StringComparison.Ordinal));
        await Expect(row).ToContainTextAsync("javascript:window.__wbPwned='link'");
        await frame.Locator("#wb-tab-audit").ClickAsync();
        await Expect(frame.Locator("#wb-audit-grid")).ToContainTextAsync(story.UnstampedSubject);
        foreach (var f in page.Frames)
        {
            Assert.Null(await f.EvaluateAsync<string?>("() => window.__wbPwned ?? null"));
            Assert.Equal(0, await f.Locator("img[src='x']").CountAsync());
            Assert.Equal(0, await f.Locator("a[href^='javascript:' i]").CountAsync());
            Assert.Equal(0, await f.Locator("b").CountAsync());
        }
        Assert.Empty(dialogs);
        await page.Context.CloseAsync();
    }

    /// <summary>Every text node's colour against its effective background, measured on the rendered page (WCAG 2 AA).</summary>
    internal const string ContrastScript = """
        () => {
            const parse = (c) => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null; const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number); return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; };
            const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
            const over = (top, under) => ({ r: top.r * top.a + under.r * (1 - top.a), g: top.g * top.a + under.g * (1 - top.a), b: top.b * top.a + under.b * (1 - top.a), a: 1 });
            const background = (node) => {
                const layers = [];
                for (let e = node; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor); if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; } }
                let result = { r: 255, g: 255, b: 255, a: 1 };
                for (let i = layers.length - 1; i >= 0; i--) result = over(layers[i], result);
                return result;
            };
            const failures = [];
            let checked = 0;
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            for (let t = walker.nextNode(); t; t = walker.nextNode()) {
                const e = t.parentElement;
                if (!t.textContent.trim() || !e || e.closest("[hidden], script, style, title")) continue;
                const style = getComputedStyle(e);
                if (style.visibility === "hidden" || style.display === "none" || e.getClientRects().length === 0) continue;
                if (e.closest(".wb-visually-hidden")) continue;
                const bg = background(e);
                const fg = over(parse(style.color), bg);
                const l1 = lum(fg), l2 = lum(bg);
                const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
                const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight, 10) >= 700;
                const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
                checked++;
                if (ratio < needed) failures.push(`${t.textContent.trim().slice(0, 40)}: ${ratio.toFixed(2)} < ${needed} (${style.color} on rgb(${Math.round(bg.r)},${Math.round(bg.g)},${Math.round(bg.b)}))`);
            }
            return { checked, failures };
        }
        """;

    [Fact]
    public async Task Every_text_meets_AA_contrast_on_the_rendered_page_and_the_screenshot_is_taken_at_1366()
    {
        var (page, frame) = await OpenAsync(_s.Admin);
        await ScreenshotAsync(page, "review-1366");
        var review = page.Frames.Single(f => f.Url.Contains("/WebResources/wb_/review/", StringComparison.Ordinal));
        // The page as it opens, with a row hovered and a cell focused, and the audit tab.
        var states = new List<JsonElement> { await review.EvaluateAsync<JsonElement>(ContrastScript) };
        await frame.Locator("#wb-rows tr").Nth(1).HoverAsync();
        await frame.Locator("#wb-rows td[data-col='2']").First.FocusAsync();
        states.Add(await review.EvaluateAsync<JsonElement>(ContrastScript));
        await frame.Locator("#wb-tab-audit").ClickAsync();
        await Expect(frame.Locator("#wb-audit-grid")).ToBeVisibleAsync();
        states.Add(await review.EvaluateAsync<JsonElement>(ContrastScript));
        foreach (var state in states)
        {
            Assert.True(state.GetProperty("checked").GetInt32() > 10, state.ToString());
            Assert.Equal(Array.Empty<string>(), state.GetProperty("failures").EnumerateArray().Select(f => f.GetString()!).ToArray());
        }
        await page.Context.CloseAsync();
    }

    private static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ChromiumFixture.Results, name + ".png"), FullPage = true });
}
