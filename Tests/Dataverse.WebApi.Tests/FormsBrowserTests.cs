using Microsoft.Playwright;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using static Microsoft.Playwright.Assertions;

namespace Dataverse.WebApi.Tests;

/// <summary>
/// The remediation and outreach forms in Chromium against the local shell: the Readiness and Review pages the forms
/// carry, as customer success and as a sales rep, the editable form body, refusals, markup, keyboard and contrast.
/// Each test makes its own rows (on an account of the rep's, outside the control group), so the tests share nothing.
/// </summary>
[Collection("browser")]
public sealed class FormsBrowserTests
{
    private const int Fixed = 682400002, Verified = 682400003, Email = 682400000, ReadyForReview = 682400001;
    private const string Remediation = "#WebResource_wb_remediation", Outreach = "#WebResource_wb_outreach";
    private const string Cs = "cs@winback.local", Rep = "rep@winback.local";
    private readonly ServerFixture _s;
    private readonly ChromiumFixture _chromium;

    public FormsBrowserTests(ServerFixture server, ChromiumFixture chromium)
    {
        _s = server;
        _chromium = chromium;
    }

    private async Task<IPage> OpenAsync(string address, string? user = null)
    {
        var context = await _chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(_s.Host.Address + address + (user is null ? "" : "&user=" + user));
        return page;
    }

    private static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ChromiumFixture.Results, name + ".png"), FullPage = true });

    private static string Form(string table, Guid id) => $"/main.aspx?pagetype=entityrecord&etn={table}&id={id}";

    /// <summary>A flagged account of the rep's outside the control group, with an active contact that allows email.</summary>
    private (Guid Account, Guid Contact, Guid Case) AccountOfRep(int skip)
    {
        var rows = _s.Org.Rows("account")
            .Where(a => a.GetAttributeValue<EntityReference>("ownerid")?.Id == _s.Rep.Id && a.GetAttributeValue<bool?>("wb_holdout") != true
                        && a.GetAttributeValue<int?>("wb_disengagementscore") > 0)
            .OrderBy(a => a.Id).ToList();
        var contacts = _s.Org.Rows("contact").Where(c => c.GetAttributeValue<OptionSetValue>("statecode")?.Value == 0 && c.GetAttributeValue<bool?>("donotemail") != true).ToList();
        var cases = _s.Org.Rows("incident");
        var found = rows.Select(a => (a.Id,
                Contact: contacts.FirstOrDefault(c => c.GetAttributeValue<EntityReference>("parentcustomerid")?.Id == a.Id),
                Case: cases.FirstOrDefault(c => c.GetAttributeValue<EntityReference>("customerid")?.Id == a.Id)))
            .Where(x => x.Contact is not null && x.Case is not null).Skip(skip).First();
        return (found.Id, found.Contact!.Id, found.Case!.Id);
    }

    /// <summary>A remediation of the rep's account, owned by the rep, with a case linked; Fixed by the administrator when asked.</summary>
    private Guid NewRemediation((Guid Account, Guid Contact, Guid Case) a, string name, bool complete, bool markFixed, string fix = "A second support shift and a 24-hour reply target.")
    {
        var admin = _s.Org.Service;
        // The gap the fix closes must be one the account is flagged for, or the gate refuses the outreach.
        var account = _s.Org.Peek("account", a.Account)!;
        var gap = new[] { ("wb_valuegap", 682400000), ("wb_trustgap", 682400001), ("wb_experiencegap", 682400002), ("wb_growthgap", 682400003) }
            .Where(g => account.GetAttributeValue<bool?>(g.Item1) == true).Select(g => g.Item2).DefaultIfEmpty(682400001).First();
        var row = new Entity("wb_remediation")
        {
            ["wb_gap"] = new OptionSetValue(gap),
            ["wb_name"] = name,
            ["wb_accountid"] = new EntityReference("account", a.Account),
            ["wb_rootcause"] = "Support replies took five days after the March re-organisation.",
            ["ownerid"] = new EntityReference("systemuser", _s.Rep.Id),
        };
        if (complete)
        {
            row["wb_fix"] = fix;
            row["wb_evidence"] = "Median first reply fell from 5 days to 7 hours in May.";
            row["wb_fixedon"] = ServerFixture.Today.AddDays(-7);
        }
        var id = admin.Create(row);
        admin.Associate("wb_remediation", id, new Relationship("wb_remediation_incident"), new EntityReferenceCollection { new EntityReference("incident", a.Case) });
        if (markFixed) admin.Update(new Entity("wb_remediation", id) { ["statuscode"] = new OptionSetValue(Fixed) });
        return id;
    }

    /// <summary>An outreach on the email channel with an empty body, so the server composes its draft from the records.</summary>
    private Guid NewOutreach((Guid Account, Guid Contact, Guid Case) a, Guid remediation)
    {
        var admin = _s.Org.Service;
        if (admin.Retrieve("wb_remediation", remediation, new ColumnSet("statuscode")).GetAttributeValue<OptionSetValue>("statuscode").Value != Verified)
        {
            _s.Org.GetService(_s.CustomerSuccess.Id).Update(new Entity("wb_remediation", remediation) { ["statuscode"] = new OptionSetValue(Verified) });
        }
        var id = admin.Create(new Entity("wb_outreach")
        {
            ["regardingobjectid"] = new EntityReference("account", a.Account),
            ["wb_contactid"] = new EntityReference("contact", a.Contact),
            ["wb_channel"] = new OptionSetValue(Email),
            ["wb_remediationid"] = new EntityReference("wb_remediation", remediation),
            ["ownerid"] = new EntityReference("systemuser", _s.Rep.Id),
        });
        var composed = _s.Org.Peek("wb_outreach", id)!;
        Assert.False(string.IsNullOrWhiteSpace(composed.GetAttributeValue<string>("description")), "the server composed the body");
        Assert.StartsWith("[", composed.GetAttributeValue<string>("wb_citations"), StringComparison.Ordinal);
        return id;
    }

    private string Body(Guid outreach) => _s.Org.Peek("wb_outreach", outreach)!.GetAttributeValue<string>("description");

    /// <summary>Each "[add: …]" the composer left, filled with words a writer would type.</summary>
    private static string FillPlaceholders(string body)
    {
        var words = new Queue<string>(new[] { "CAS-0042", "slow replies to your tickets", "3 March", "Head of Customer Success" });
        return System.Text.RegularExpressions.Regex.Replace(body, @"\[add:[^\]]*\]", _ => words.Count > 0 ? words.Dequeue() : "us");
    }

    /// <summary>The composed draft's citations as the server wrote them.</summary>
    private List<(string Table, Guid Id, string Value)> Citations(Guid outreach) =>
        System.Text.Json.JsonDocument.Parse(_s.Org.Peek("wb_outreach", outreach)!.GetAttributeValue<string>("wb_citations")).RootElement.EnumerateArray()
            .Select(c => (c.GetProperty("table").GetString()!, Guid.Parse(c.GetProperty("id").GetString()!), c.GetProperty("value").GetString()!)).ToList();

    // Every text node's colour against the background it is drawn on (the first opaque background up its ancestors,
    // white at the top), WCAG 2 contrast; returns the texts below 4.5:1 (3:1 for large text).
    private const string ContrastScript = """
        () => {
          const parse = (c) => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null; const p = m[1].split(',').map(Number); return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; };
          const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
          const background = (el) => { for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor); if (c && c.a > 0.5) return c; } return { r: 255, g: 255, b: 255, a: 1 }; };
          const bad = []; let checked = 0;
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const el = n.parentElement; if (!el || !n.textContent.trim()) continue;
            const s = getComputedStyle(el); if (s.visibility === 'hidden' || s.display === 'none' || el.closest('.wb-visually-hidden,[hidden],script,style,option')) continue;
            const rect = el.getBoundingClientRect(); if (rect.width === 0 || rect.height === 0) continue;
            const fg = parse(s.color), bg = background(el); const L1 = lum(fg), L2 = lum(bg);
            const ratio = (Math.max(L1, L2) + 0.05) / (Math.min(L1, L2) + 0.05);
            const size = parseFloat(s.fontSize), bold = parseInt(s.fontWeight, 10) >= 700;
            const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5; checked++;
            if (ratio < need) bad.push(n.textContent.trim().slice(0, 40) + ' ' + ratio.toFixed(2));
          }
          return { checked, bad };
        }
        """;

    private static async Task AssertContrastAsync(IFrame frame)
    {
        var result = await frame.EvaluateAsync<System.Text.Json.JsonElement>(ContrastScript);
        Assert.True(result.GetProperty("checked").GetInt32() > 5, "text was measured");
        Assert.Equal(Array.Empty<string>(), result.GetProperty("bad").EnumerateArray().Select(e => e.GetString()!).ToArray());
    }

    private static IFrame FrameOf(IPage page, string control) => page.Frames.First(f => f.Url.Contains(control.TrimStart('#').Replace("WebResource_wb_", "/") + "/", StringComparison.Ordinal));

    [Fact]
    public async Task Customer_success_sees_what_verified_needs_and_verifies_a_fix_someone_else_marked_fixed()
    {
        var a = AccountOfRep(0);
        var id = NewRemediation(a, "Slow support replies", complete: true, markFixed: true);
        var caseTitle = _s.Org.Peek("incident", a.Case)!.GetAttributeValue<string>("title");

        var page = await OpenAsync(Form("wb_remediation", id), Cs);
        var frame = page.FrameLocator(Remediation);
        var fixer = _s.Org.Peek("systemuser", _s.Org.Peek("wb_remediation", id)!.GetAttributeValue<EntityReference>("wb_fixedby").Id)!.GetAttributeValue<string>("fullname");
        await Expect(frame.Locator("#wb-checklist")).ToContainTextAsync("Marked Fixed by " + fixer + ".");
        await Expect(frame.Locator("#wb-checklist .wb-todo")).ToHaveCountAsync(0);
        await Expect(frame.Locator("#wb-cases")).ToContainTextAsync(caseTitle);
        await Expect(frame.Locator("#wb-verify")).ToBeVisibleAsync();
        await Expect(page.Locator("#wb-save")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "remediation-1366");
        await AssertContrastAsync(FrameOf(page, Remediation));
        await AssertContrastAsync(page.MainFrame);

        // Keyboard only: Tab reaches Verify inside the page, Enter verifies.
        var reached = false;
        for (var i = 0; i < 80 && !reached; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            reached = await FrameOf(page, Remediation).EvaluateAsync<bool>("() => document.activeElement && document.activeElement.id === 'wb-verify'");
        }
        Assert.True(reached, "Verify is reached with Tab");
        await page.Keyboard.PressAsync("Enter");
        await Expect(frame.Locator(".wb-banner.wb-success").First).ToContainTextAsync("Verified");
        Assert.Equal(Verified, _s.Org.Peek("wb_remediation", id)!.GetAttributeValue<OptionSetValue>("statuscode").Value);
        Assert.Equal(_s.CustomerSuccess.Id, _s.Org.Peek("wb_remediation", id)!.GetAttributeValue<EntityReference>("wb_verifiedby").Id);

        // The linked case is a click away.
        await frame.Locator("#wb-cases button").First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("etn=incident&id=" + a.Case.ToString("D")));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_sales_rep_sees_the_remediation_read_only_and_no_verify()
    {
        var a = AccountOfRep(1);
        var id = NewRemediation(a, "Usage fell after the plan change", complete: false, markFixed: false);
        var page = await OpenAsync(Form("wb_remediation", id), Rep);
        var frame = page.FrameLocator(Remediation);
        await Expect(frame.Locator("#wb-checklist")).ToContainTextAsync("Fix: say what changed.");
        await Expect(frame.Locator("#wb-checklist")).ToContainTextAsync("Evidence:");
        await Expect(frame.Locator("#wb-checklist")).ToContainTextAsync("Set the status to Fixed");
        await Expect(frame.Locator("#wb-verify")).ToHaveCountAsync(0);
        await Expect(page.Locator("#wb-readonly")).ToBeVisibleAsync();
        await Expect(page.Locator("#wb-save")).ToHaveCountAsync(0);
        Assert.Equal(0, await page.Locator("textarea, select.wb-edit, input.wb-edit").CountAsync());
        await ScreenshotAsync(page, "remediation-rep-1366");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_form_body_saves_through_the_web_api_and_shows_the_servers_refusal()
    {
        var a = AccountOfRep(2);
        var id = NewRemediation(a, "No plan for next year", complete: false, markFixed: false);
        var page = await OpenAsync(Form("wb_remediation", id), Cs);
        var frame = page.FrameLocator(Remediation);
        await Expect(frame.Locator("#wb-checklist")).ToContainTextAsync("Fix: say what changed.");
        await page.Locator("#wb-field-wb_fix").FillAsync("A new sponsor met our product lead.");
        await page.Locator("#wb-field-wb_evidence").FillAsync("Roadmap review held on the 3rd.");
        await page.Locator("#wb-field-wb_fixedon").FillAsync("2026-06-10");
        await page.Locator("#wb-field-wb_causecontrollable").CheckAsync();
        await page.Locator("#wb-save").ClickAsync();
        await Expect(frame.Locator("#wb-checklist")).ToContainTextAsync("Fixed on 2026-06-10.");
        var saved = _s.Org.Peek("wb_remediation", id)!;
        Assert.Equal("A new sponsor met our product lead.", saved.GetAttributeValue<string>("wb_fix"));
        Assert.True(saved.GetAttributeValue<bool>("wb_causecontrollable"));

        // Verified straight from Diagnosing: the server refuses (four eyes needs Fixed first) and the form says why.
        await page.Locator("#wb-field-statuscode").SelectOptionAsync(Verified.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("#wb-save").ClickAsync();
        await Expect(page.Locator(".wb-note-error")).ToContainTextAsync("must be marked Fixed before it is Verified");
        Assert.NotEqual(Verified, _s.Org.Peek("wb_remediation", id)!.GetAttributeValue<OptionSetValue>("statuscode").Value);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_outreach_form_shows_the_draft_with_its_citations_and_placeholders_and_the_gates_refusal()
    {
        var a = AccountOfRep(3);
        var remediation = NewRemediation(a, "Slow support replies", complete: true, markFixed: true);
        var id = NewOutreach(a, remediation);
        var composed = Body(id);
        var citations = Citations(id);
        Assert.True(citations.Count >= 2, "the composer cites the records");
        // The sender has no job title on their user record, so the composer leaves a placeholder for it; a Draft may keep
        // it, Approved may not.
        const string title = "[add: the sender's title]";
        Assert.Contains(title, composed, StringComparison.Ordinal);
        // The contact withdraws consent to email after the outreach was drafted: the gate refuses Ready for review.
        _s.Org.Service.Update(new Entity("contact", a.Contact) { ["donotemail"] = true });

        var page = await OpenAsync(Form("wb_outreach", id), Cs);
        var frame = page.FrameLocator(Outreach);
        await Expect(frame.Locator("#wb-gate")).ToContainTextAsync("does not allow email");
        await Expect(frame.Locator("#wb-draft mark.wb-placeholder")).ToHaveTextAsync(title);
        // Every cited fact the body states is marked at its value, as a link to the record it came from.
        var caseTitle = _s.Org.Peek("incident", a.Case)!.GetAttributeValue<string>("title");
        var accountName = _s.Org.Peek("account", a.Account)!.GetAttributeValue<string>("name");
        await Expect(frame.Locator("#wb-draft .wb-cite", new() { HasText = caseTitle })).ToHaveCountAsync(1);
        await Expect(frame.Locator("#wb-draft .wb-cite", new() { HasText = accountName }).First).ToBeVisibleAsync();
        var marked = await frame.Locator("#wb-draft .wb-cite").AllInnerTextsAsync();
        Assert.True(marked.Count >= 2, "citations are marked: " + marked.Count);
        Assert.All(marked, m => Assert.Contains(citations, c => c.Value == m));
        await Expect(frame.Locator("#wb-consent")).ToContainTextAsync("does not allow");
        // By keyboard: Enter on Ready for review; after the redraw the focus is still on it.
        await frame.Locator("#wb-ready").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(frame.Locator("#wb-gate")).ToContainTextAsync("The server refused:");
        Assert.Equal("wb-ready", await FrameOf(page, Outreach).EvaluateAsync<string>("() => document.activeElement.id"));
        await Expect(frame.Locator("#wb-gate")).ToContainTextAsync("does not allow email (donotemail is set)");
        await Expect(frame.Locator("#wb-gate.wb-danger")).ToBeVisibleAsync();
        Assert.Equal(1, _s.Org.Peek("wb_outreach", id)!.GetAttributeValue<OptionSetValue>("statuscode").Value);
        await frame.Locator("#wb-gate").ScrollIntoViewIfNeededAsync();
        await ScreenshotAsync(page, "outreach-1366");
        await AssertContrastAsync(FrameOf(page, Outreach));

        // Consent back; Approve is refused while the placeholder is there, and the banner says why.
        _s.Org.Service.Update(new Entity("contact", a.Contact) { ["donotemail"] = false });
        await frame.Locator("#wb-ready").ClickAsync();
        await frame.Locator("#wb-approve").ClickAsync();
        await Expect(frame.Locator("#wb-gate.wb-danger")).ToContainTextAsync("The server refused:");
        await Expect(frame.Locator("#wb-gate.wb-danger")).ToContainTextAsync(title);
        Assert.Equal(ReadyForReview, _s.Org.Peek("wb_outreach", id)!.GetAttributeValue<OptionSetValue>("statuscode").Value);

        // The placeholder filled on the form: Approve.
        var body = page.Locator("#wb-field-description");
        await body.FillAsync((await body.InputValueAsync()).Replace(title, "Account manager", StringComparison.Ordinal));
        await page.Keyboard.PressAsync("Control+s");
        await Expect(frame.Locator("#wb-draft")).ToContainTextAsync("Account manager");
        await Expect(frame.Locator("#wb-draft mark.wb-placeholder")).ToHaveCountAsync(0);
        await frame.Locator("#wb-approve").ClickAsync();
        await Expect(frame.Locator("#wb-gate")).ToContainTextAsync("Approved.");
        Assert.Equal(682400002, _s.Org.Peek("wb_outreach", id)!.GetAttributeValue<OptionSetValue>("statuscode").Value);

        // A cited fact's record is a click away.
        await frame.Locator("#wb-draft .wb-cite", new() { HasText = caseTitle }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("etn=incident&id=" + a.Case.ToString("D")));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_sales_rep_works_the_outreach_they_own_and_regenerate_rewrites_the_draft_and_is_refused_once_it_is_reviewed()
    {
        var a = AccountOfRep(4);
        var remediation = NewRemediation(a, "Unhappy with case handling", complete: true, markFixed: true);
        var id = NewOutreach(a, remediation);
        var composed = Body(id);
        // The contact of another business unit's owner: the rep may not read it, and the page says so in words.
        var page = await OpenAsync(Form("wb_outreach", id), Rep);
        var frame = page.FrameLocator(Outreach);
        await Expect(frame.Locator("#wb-consent")).ToContainTextAsync("You do not have permission to read the contact's consent");
        await page.Context.CloseAsync();

        // Once the rep owns the contact, the consent shows. A line typed by hand is in the draft.
        _s.Org.Service.Update(new Entity("contact", a.Contact) { ["ownerid"] = new EntityReference("systemuser", _s.Rep.Id) });
        _s.Org.Service.Update(new Entity("wb_outreach", id) { ["description"] = composed + "\n\nOur support team now works two shifts." });
        page = await OpenAsync(Form("wb_outreach", id), Rep);
        frame = page.FrameLocator(Outreach);
        await Expect(frame.Locator("#wb-gate")).ToContainTextAsync("Fill the highlighted placeholders (1)");
        await Expect(frame.Locator("#wb-consent")).ToContainTextAsync("allowed");
        await Expect(frame.Locator("#wb-draft")).ToContainTextAsync("Our support team now works two shifts.");
        // The form library makes the columns only the server writes read-only on the form.
        await Expect(page.Locator("#wb-field-wb_gatestamp")).ToBeDisabledAsync();
        await Expect(page.Locator("#wb-field-subject")).ToBeEnabledAsync();

        // Regenerate rewrites the draft from the records: the typed line is gone, the composed body is back.
        await frame.Locator("#wb-regenerate").ClickAsync();
        await Expect(frame.Locator("#wb-gate")).ToContainTextAsync("Done: Regenerate");
        await Expect(frame.Locator("#wb-draft")).Not.ToContainTextAsync("Our support team now works two shifts.");
        await Expect(frame.Locator("#wb-draft .wb-cite").First).ToBeVisibleAsync();
        Assert.Equal(composed, Body(id));
        await Expect(page.Locator("#wb-field-description")).ToHaveValueAsync(composed);
        await ScreenshotAsync(page, "outreach-rep-1366");

        // Moved to Ready for review behind the page's back: Regenerate on the stale page is refused, in words.
        _s.Org.GetService(_s.Rep.Id).Update(new Entity("wb_outreach", id) { ["statuscode"] = new OptionSetValue(ReadyForReview) });
        await frame.Locator("#wb-regenerate").ClickAsync();
        await Expect(frame.Locator("#wb-gate.wb-danger")).ToContainTextAsync("The server refused: Only a Draft can be regenerated, and this outreach is Ready for review");
        await Expect(frame.Locator("#wb-regenerate")).ToHaveCountAsync(0);
        Assert.Equal(composed, Body(id));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Markup_in_every_displayed_field_is_shown_as_text_and_never_runs()
    {
        const string evil = "<img src=x onerror=\"window.__wbPwned='img'\"><script>window.__wbPwned='script'</script> \u202Eevil";
        const string link = "<a href=\"javascript:window.__wbPwned='link'\">javascript:window.__wbPwned='link'</a>";
        var a = AccountOfRep(5);
        // Markup in the account's name, the case title and the fix flows into the draft the server composes.
        _s.Org.Service.Update(new Entity("account", a.Account) { ["name"] = "Acme <b>bold</b>" });
        a.Case = _s.Org.Service.Create(new Entity("incident") { ["title"] = "Case " + evil, ["customerid"] = new EntityReference("account", a.Account) });
        _s.Org.Service.Update(new Entity("contact", a.Contact) { ["lastname"] = "<img src=x onerror=alert(1)>\u202E" });
        var remediation = NewRemediation(a, "Fix " + evil, complete: true, markFixed: true, fix: "A second shift " + link + ".");
        _s.Org.Service.Update(new Entity("wb_remediation", remediation) { ["wb_evidence"] = "Evidence " + evil + link });
        var id = NewOutreach(a, remediation);
        var composed = Body(id);
        Assert.Contains("Case <img src=x", composed, StringComparison.Ordinal);
        Assert.Contains("javascript:window.__wbPwned='link'", composed, StringComparison.Ordinal);
        var html = _s.Org.Peek("wb_outreach", id)!.GetAttributeValue<string>("wb_htmlbody");
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x", html, StringComparison.Ordinal);
        _s.Org.Service.Update(new Entity("wb_outreach", id) { ["description"] = composed + " [add: <b>bold</b>]" });

        var dialogs = new List<string>();
        foreach (var (address, control, user) in new[] { (Form("wb_remediation", remediation), Remediation, Cs), (Form("wb_outreach", id), Outreach, Rep) })
        {
            var page = await OpenAsync(address, user);
            page.Dialog += (_, d) => dialogs.Add(d.Message);
            var frame = page.FrameLocator(control);
            await Expect(frame.Locator("#wb-content")).ToContainTextAsync("[U+202E]evil");
            if (control == Outreach)
            {
                await Expect(frame.Locator("#wb-draft")).ToContainTextAsync("javascript:window.__wbPwned='link'");
                await Expect(frame.Locator("#wb-draft .wb-cite", new() { HasText = "Case <img src=x" })).ToHaveCountAsync(1);
                await Expect(frame.Locator("#wb-draft .wb-cite", new() { HasText = "Acme <b>bold</b>" }).First).ToBeVisibleAsync();
                await Expect(frame.Locator("#wb-draft mark.wb-placeholder")).ToHaveTextAsync(new[] { "[add: the sender's title]", "[add: <b>bold</b>]" });
            }
            else
            {
                await Expect(frame.Locator("#wb-cases")).ToContainTextAsync("<img src=x");
            }
            // The remediation's title is its name; the outreach's is the subject the server composed from the account's name.
            await Expect(page.Locator("#wb-record-title")).ToContainTextAsync(control == Outreach ? "Acme <b>bold</b>" : "[U+202E]evil");
            foreach (var f in page.Frames)
            {
                Assert.Null(await f.EvaluateAsync<string?>("() => window.__wbPwned ?? null"));
                Assert.Equal(0, await f.Locator("img[src='x']").CountAsync());
                Assert.Equal(0, await f.Locator("a[href^='javascript:' i]").CountAsync());
                Assert.Equal(0, await f.Locator("b").CountAsync());
            }
            await page.Context.CloseAsync();
        }
        Assert.Empty(dialogs);
    }
    /// <summary>Saves the create form and waits for it to open the new row (the address polled: a navigation the
    /// save starts may commit before a wait for it begins), or fails with the form's notifications.</summary>
    private static async Task SaveNewAsync(IPage page)
    {
        await page.Locator("#wb-save").ClickAsync();
        try { await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("&id=[0-9a-f-]{36}")); }
        catch (PlaywrightException)
        {
            Assert.Fail("Not saved: " + page.Url + " | " + await page.Locator("#wb-notifications").InnerTextAsync());
        }
    }

    [Fact]
    public async Task The_whole_story_through_the_forms_fix_first_verify_as_a_second_user_then_outreach_approved()
    {
        var a = AccountOfRep(2); // the form-body test makes no outreach on this account
        var account = _s.Org.Peek("account", a.Account)!;
        var gap = new[] { ("wb_valuegap", "682400000"), ("wb_trustgap", "682400001"), ("wb_experiencegap", "682400002"), ("wb_growthgap", "682400003") }
            .Where(g => account.GetAttributeValue<bool?>(g.Item1) == true).Select(g => g.Item2).DefaultIfEmpty("682400001").First();

        // The flagged account, as customer success sees it.
        var page = await OpenAsync(Form("account", a.Account), Cs);
        await Expect(page.Locator("#wb-record-title")).ToHaveTextAsync(account.GetAttributeValue<string>("name"));

        // A new remediation on the create form: what broke.
        await page.GotoAsync(_s.Host.Address + "/main.aspx?pagetype=entityrecord&etn=wb_remediation&user=" + Cs);
        await Expect(page.Locator("#wb-record-title")).ToHaveTextAsync("New Remediation");
        await Expect(page.FrameLocator(Remediation).Locator("#wb-status")).ToHaveTextAsync("Save the row first.");
        await page.Locator("#wb-field-wb_name").FillAsync("Slow support replies (story)");
        await page.Locator("#wb-field-wb_accountid").FillAsync(a.Account.ToString());
        await page.Locator("#wb-field-wb_gap").SelectOptionAsync(gap);
        await page.Locator("#wb-field-wb_rootcause").FillAsync("Support replies took five days after the March re-organisation.");
        await SaveNewAsync(page);
        var id = Guid.Parse(System.Web.HttpUtility.ParseQueryString(new Uri(page.Url).Query)["id"]!);
        var frame = page.FrameLocator(Remediation);
        await Expect(frame.Locator("#wb-checklist")).ToContainTextAsync("Fix: say what changed.");

        // The fix and its evidence, marked Fixed.
        await page.Locator("#wb-field-wb_fix").FillAsync("A second support shift and a 24-hour reply target.");
        await page.Locator("#wb-field-wb_evidence").FillAsync("Median first reply fell from 5 days to 7 hours in May.");
        await page.Locator("#wb-field-wb_fixedon").FillAsync("2026-06-01");
        await page.Locator("#wb-field-statuscode").SelectOptionAsync(Fixed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("#wb-save").ClickAsync();
        await Expect(frame.Locator("#wb-checklist")).ToContainTextAsync("You marked it Fixed, so someone else must verify it.");
        Assert.Equal(_s.CustomerSuccess.Id, _s.Org.Peek("wb_remediation", id)!.GetAttributeValue<EntityReference>("wb_fixedby").Id);

        // Verify as a second user, switched in the header.
        await page.Locator("#wb-user").SelectOptionAsync("admin@winback.local");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("user=admin"));
        frame = page.FrameLocator(Remediation);
        await Expect(frame.Locator("#wb-checklist .wb-todo")).ToHaveCountAsync(0);
        await frame.Locator("#wb-verify").ClickAsync();
        await Expect(frame.Locator(".wb-banner.wb-success").First).ToContainTextAsync("Verified");

        // The outreach with an empty body: the server composes the draft. The remediation has no case linked, so the
        // draft says where a case belongs with placeholders, and the banner asks for them.
        await page.GotoAsync(_s.Host.Address + "/main.aspx?pagetype=entityrecord&etn=wb_outreach&user=" + Cs);
        await page.Locator("#wb-field-wb_contactid").FillAsync(a.Contact.ToString());
        await page.Locator("#wb-field-wb_channel").SelectOptionAsync(Email.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("#wb-field-wb_remediationid").FillAsync(id.ToString());
        await SaveNewAsync(page);
        var outreach = Guid.Parse(System.Web.HttpUtility.ParseQueryString(new Uri(page.Url).Query)["id"]!);
        var composed = Body(outreach);
        var unfilled = System.Text.RegularExpressions.Regex.Matches(composed, @"\[add:[^\]]*\]").Count;
        Assert.True(unfilled > 0, "a remediation without cases leaves placeholders: " + composed);
        var review = page.FrameLocator(Outreach);
        await Expect(review.Locator("#wb-draft mark.wb-placeholder")).ToHaveCountAsync(unfilled);
        await Expect(review.Locator("#wb-gate")).ToContainTextAsync("Fill the highlighted placeholders (" + unfilled + ") before it is approved.");
        await Expect(review.Locator("#wb-draft .wb-cite", new() { HasText = "A second support shift and a 24-hour reply target." })).ToHaveCountAsync(1);
        await Expect(page.Locator("#wb-field-subject")).Not.ToHaveValueAsync("");
        await page.Locator("#wb-field-description").FillAsync(FillPlaceholders(composed));
        await page.Locator("#wb-save").ClickAsync();
        await Expect(review.Locator("#wb-draft mark.wb-placeholder")).ToHaveCountAsync(0);
        await review.Locator("#wb-ready").ClickAsync();
        await review.Locator("#wb-approve").ClickAsync();
        await Expect(review.Locator("#wb-gate")).ToContainTextAsync("Approved.");
        var row = _s.Org.Peek("wb_outreach", outreach)!;
        Assert.Equal(682400002, row.GetAttributeValue<OptionSetValue>("statuscode").Value);
        Assert.Equal(a.Account, row.GetAttributeValue<EntityReference>("regardingobjectid").Id);
        Assert.StartsWith("gate:", row.GetAttributeValue<string>("wb_gatestamp"), StringComparison.Ordinal);

        // Approving wrote the email for a person to send: one email in Draft, tied to the outreach, never sent.
        var emails = _s.Org.Rows("email").Where(e => e.GetAttributeValue<EntityReference>("wb_outreachid")?.Id == outreach).ToList();
        var email = Assert.Single(emails);
        Assert.Equal(0, email.GetAttributeValue<OptionSetValue>("statecode").Value);
        Assert.Equal(1, email.GetAttributeValue<OptionSetValue>("statuscode").Value);
        Assert.Equal(row.GetAttributeValue<string>("subject"), email.GetAttributeValue<string>("subject"));
        Assert.Equal(row.GetAttributeValue<string>("wb_htmlbody"), email.GetAttributeValue<string>("description"));
        Assert.Contains("CAS-0042", email.GetAttributeValue<string>("description"), StringComparison.Ordinal);
        Assert.Equal(a.Account, email.GetAttributeValue<EntityReference>("regardingobjectid").Id);
        await page.Context.CloseAsync();
    }
}
