using Microsoft.Playwright;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using static Microsoft.Playwright.Assertions;

namespace Dataverse.WebApi.Tests;

/// <summary>
/// The account form's command bar in Chromium, drawn by the shell from the packed RibbonDiffXml, its enable rules run
/// by wb_/account/commands.js against the local Web API as each user: Start remediation on a flagged account for those
/// who may create remediations, Draft outreach only where a Verified remediation exists.
/// </summary>
[Collection("browser")]
public sealed class CommandBarBrowserTests
{
    // A navigation is awaited by polling the address: waiting for the navigation event can miss one that an earlier
    // step already started (seen on a loaded machine), and polling still fails when none happens.
    private static readonly PageAssertionsToHaveURLOptions UrlWait = new() { Timeout = 30_000 };

    private const int AtRisk = 682400002, Healthy = 682400000, Fixed = 682400002, Verified = 682400003, Trust = 682400001;
    private readonly ServerFixture _s;
    private readonly ChromiumFixture _chromium;

    public CommandBarBrowserTests(ServerFixture server, ChromiumFixture chromium)
    {
        _s = server;
        _chromium = chromium;
    }

    private static string Domain(ShellUser user) => Uri.EscapeDataString(user.DomainName);

    /// <summary>An account owned by the sales rep (so both the rep and customer success see it), scored as given, plug-ins bypassed.</summary>
    private Guid Account(string name, int band, bool trustGap = false, bool valueGap = false, bool holdout = false)
    {
        var id = _s.Org.Service.Create(new Entity("account") { ["name"] = name });
        var reasons = string.Join("\n",
            "{\"gap\":\"trust\",\"signal\":\"slaBreaches\",\"kind\":\"concern\",\"points\":14,\"text\":\"SLA breaches: 4 in the last 90 days (threshold 2)\"}",
            "{\"gap\":\"value\",\"signal\":\"usage\",\"kind\":\"concern\",\"points\":6,\"text\":\"Logins fell by 30% in the last 30 days\"}",
            "{\"gap\":\"experience\",\"signal\":\"satisfaction\",\"kind\":\"notAvailable\",\"points\":0,\"text\":\"Satisfaction: not available\"}");
        Write(new Entity("account", id)
        {
            ["ownerid"] = new EntityReference("systemuser", _s.Rep.Id),
            ["wb_disengagementscore"] = band == Healthy ? 12 : 63, ["wb_riskband"] = new OptionSetValue(band),
            ["wb_trustgap"] = trustGap, ["wb_valuegap"] = valueGap,
            ["wb_disengagementreasondata"] = band == Healthy ? null : reasons,
            ["wb_disengagementreasons"] = band == Healthy ? null : "SLA breaches: 4 in the last 90 days (threshold 2)\nLogins fell by 30% in the last 30 days",
            ["wb_lastscoredon"] = ServerFixture.Today, ["wb_holdout"] = holdout,
        });
        return id;
    }

    private void Write(Entity entity, bool create = false)
    {
        var request = create ? (OrganizationRequest)new CreateRequest { Target = entity } : new UpdateRequest { Target = entity };
        request["BypassCustomPluginExecution"] = true;
        _s.Org.Service.Execute(request);
    }

    private Guid Case(Guid account, string title, bool breached)
    {
        var id = Guid.NewGuid();
        Write(new Entity("incident", id) { ["title"] = title, ["customerid"] = new EntityReference("account", account), ["wb_slabreached"] = breached }, create: true);
        return id;
    }

    private Guid VerifiedRemediation(Guid account, ShellUser? owner = null) => Remediation(account, Verified, owner);

    private Guid Remediation(Guid account, int status, ShellUser? owner = null)
    {
        var id = Guid.NewGuid();
        Write(new Entity("wb_remediation", id)
        {
            ["ownerid"] = new EntityReference("systemuser", (owner ?? _s.CustomerSuccess).Id),
            ["wb_name"] = "Support replies too slow", ["wb_accountid"] = new EntityReference("account", account), ["wb_gap"] = new OptionSetValue(Trust),
            ["wb_rootcause"] = "Queue understaffed", ["wb_fix"] = "Two more agents", ["wb_evidence"] = "Median reply 4 h, was 30 h",
            ["wb_fixedon"] = ServerFixture.Today.AddDays(-7),
        }, create: true);
        Write(new Entity("wb_remediation", id) { ["statuscode"] = new OptionSetValue(status) });
        return id;
    }

    private async Task<IPage> FormAsync(Guid account, ShellUser user, string extra = "")
    {
        var context = await _chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{_s.Host.Address}/main.aspx?pagetype=entityrecord&etn=account&id={account}&user={Domain(user)}{extra}");
        await Expect(page.Locator("#wb-main")).ToHaveAttributeAsync("data-loaded", "true");
        await Expect(page.Locator("#wb-commandbar")).ToHaveAttributeAsync("data-ready", "true");
        return page;
    }

    private static ILocator Command(IPage page, string name) => page.GetByRole(AriaRole.Toolbar).GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    private static async Task<string[]> ShownAsync(IPage page) =>
        (await page.Locator("#wb-commandbar button:not([hidden])").AllTextContentsAsync()).ToArray();

    [Fact]
    public async Task Customer_success_gets_Start_remediation_on_a_flagged_account_and_no_Draft_outreach_before_a_fix_is_verified()
    {
        var flagged = Account("Command Bar Flagged", AtRisk, trustGap: true);
        var page = await FormAsync(flagged, _s.CustomerSuccess);

        Assert.Equal(new[] { "Start remediation" }, await ShownAsync(page));
        await Expect(Command(page, "Start remediation")).ToHaveAttributeAsync("title", "Record what broke for this flagged account: a remediation prefilled from its reasons, with its breached cases linked.");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_healthy_account_shows_no_command_to_anyone()
    {
        var healthy = Account("Command Bar Healthy", Healthy);
        foreach (var user in new[] { _s.CustomerSuccess, _s.Rep })
        {
            var page = await FormAsync(healthy, user);
            Assert.Empty(await ShownAsync(page));
            await Expect(page.Locator("#wb-commandbar")).ToBeHiddenAsync();
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Draft_outreach_appears_with_a_Verified_remediation_and_the_sales_rep_never_gets_Start_remediation()
    {
        var account = Account("Command Bar Verified", AtRisk, trustGap: true);
        // Fixed, not yet verified by a second person: no outreach yet.
        Remediation(account, Fixed, owner: _s.Rep);
        var fixedOnly = await FormAsync(account, _s.CustomerSuccess);
        Assert.Equal(new[] { "Start remediation" }, await ShownAsync(fixedOnly));
        await fixedOnly.Context.CloseAsync();

        // Owned by the rep, as the rep's role reads remediations in its own business unit only (Local).
        VerifiedRemediation(account, owner: _s.Rep);

        var cs = await FormAsync(account, _s.CustomerSuccess);
        Assert.Equal(new[] { "Start remediation", "Draft outreach" }, await ShownAsync(cs));
        await cs.Context.CloseAsync();

        // Sales reps read remediations but may not create them: the display rule (EntityPrivilegeRule) hides the button.
        var rep = await FormAsync(account, _s.Rep);
        Assert.Equal(new[] { "Draft outreach" }, await ShownAsync(rep));
        await rep.Context.CloseAsync();

        // An account in the control group gets no outreach (the gate refuses it), so no Draft outreach either.
        var holdout = Account("Command Bar Control Group", AtRisk, trustGap: true, holdout: true);
        VerifiedRemediation(holdout);
        var control = await FormAsync(holdout, _s.CustomerSuccess);
        Assert.Equal(new[] { "Start remediation" }, await ShownAsync(control));
        await control.Context.CloseAsync();

        var repOnFlagged = await FormAsync(Account("Command Bar Rep Flagged", AtRisk, trustGap: true), _s.Rep);
        Assert.Empty(await ShownAsync(repOnFlagged));
        await repOnFlagged.Context.CloseAsync();
    }

    [Fact]
    public async Task Start_remediation_creates_a_remediation_prefilled_from_the_reasons_with_the_breached_cases_linked_and_opens_it()
    {
        var account = Account("Command Bar Start", AtRisk, trustGap: true, valueGap: true);
        var breached1 = Case(account, "Invoice portal down", breached: true);
        var breached2 = Case(account, "Export never arrived", breached: true);
        Case(account, "Question about seats", breached: false);
        var page = await FormAsync(account, _s.CustomerSuccess);

        await Command(page, "Start remediation").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("pagetype=entityrecord&etn=wb_remediation"), UrlWait);

        var remediation = Assert.Single(_s.Org.Rows("wb_remediation"), r => r.GetAttributeValue<EntityReference>("wb_accountid")?.Id == account);
        Assert.Contains(remediation.Id.ToString("D"), page.Url, StringComparison.OrdinalIgnoreCase);
        // The flagged gap adding the most points (trust 14 against value 6), its reasons, and the breached cases by title.
        Assert.Equal(Trust, remediation.GetAttributeValue<OptionSetValue>("wb_gap").Value);
        Assert.Equal("Trust gap: Command Bar Start", remediation.GetAttributeValue<string>("wb_name"));
        var rootCause = remediation.GetAttributeValue<string>("wb_rootcause");
        Assert.Contains("- SLA breaches: 4 in the last 90 days (threshold 2)", rootCause);
        Assert.DoesNotContain("Logins fell", rootCause);
        Assert.DoesNotContain("not available", rootCause);
        Assert.Contains("Invoice portal down", rootCause);
        Assert.DoesNotContain("Question about seats", rootCause);
        Assert.Equal(1, remediation.GetAttributeValue<OptionSetValue>("statuscode").Value);
        Assert.Equal(_s.CustomerSuccess.Id, remediation.GetAttributeValue<EntityReference>("ownerid").Id);

        var relationship = _s.Org.Metadata.Relationship("wb_remediation_incident")!;
        var linked = _s.Org.Rows(relationship.IntersectTable!).Where(p => p.GetAttributeValue<Guid>(relationship.IntersectColumn1!) == remediation.Id)
            .Select(p => p.GetAttributeValue<Guid>(relationship.IntersectColumn2!)).ToHashSet();
        Assert.Equal(new HashSet<Guid> { breached1, breached2 }, linked);

        // Again on the same account: the open remediation of the gap is opened, not a second one made.
        await page.GotoAsync($"{_s.Host.Address}/main.aspx?pagetype=entityrecord&etn=account&id={account}&user={Domain(_s.CustomerSuccess)}");
        await Expect(page.Locator("#wb-commandbar")).ToHaveAttributeAsync("data-ready", "true");
        await Command(page, "Start remediation").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"id={remediation.Id:D}"), UrlWait);
        Assert.Single(_s.Org.Rows("wb_remediation"), r => r.GetAttributeValue<EntityReference>("wb_accountid")?.Id == account);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_bar_is_a_keyboard_toolbar_and_Draft_outreach_opens_a_new_outreach_regarding_the_account_with_the_remediation_set()
    {
        var account = Account("Command Bar Keyboard", AtRisk, trustGap: true);
        var remediation = VerifiedRemediation(account);
        var page = await FormAsync(account, _s.CustomerSuccess);

        await Expect(page.GetByRole(AriaRole.Toolbar, new() { Name = "account commands" })).ToBeVisibleAsync();
        // Tab reaches the first button (one tab stop for the bar), arrow keys move within it.
        await page.Locator("#wb-user").FocusAsync();
        for (var i = 0; i < 40 && await page.EvaluateAsync<string>("() => document.activeElement.textContent") != "Start remediation"; i++)
            await page.Keyboard.PressAsync("Tab");
        await Expect(Command(page, "Start remediation")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(Command(page, "Draft outreach")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(Command(page, "Start remediation")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("End");
        await Expect(Command(page, "Draft outreach")).ToBeFocusedAsync();
        await ScreenshotAsync(page, "commandbar-1366");
        // AA contrast of every button's text against its effective background, measured on the rendered page (one focused, one hovered).
        await Command(page, "Start remediation").HoverAsync();
        var ratios = await page.EvaluateAsync<double[]>(ContrastScript);
        Assert.Equal(2, ratios.Length);
        Assert.All(ratios, r => Assert.True(r >= 4.5, $"contrast {r:0.00} is below 4.5:1"));

        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("etn=wb_outreach"), UrlWait);
        var extraqs = System.Web.HttpUtility.ParseQueryString(System.Web.HttpUtility.ParseQueryString(new Uri(page.Url).Query)["extraqs"] ?? "");
        Assert.Equal(account.ToString("D"), extraqs["regardingobjectid"]);
        Assert.Equal("account", extraqs["regardingobjectidtype"]);
        Assert.Equal("Command Bar Keyboard", extraqs["regardingobjectidname"]);
        Assert.Equal(remediation.ToString("D"), extraqs["wb_remediationid"]);
        Assert.Equal("wb_remediation", extraqs["wb_remediationidtype"]);
        // Nothing is written until the user saves the outreach (the server composes the draft on create).
        Assert.DoesNotContain(_s.Org.Rows("wb_outreach"), o => o.GetAttributeValue<EntityReference>("regardingobjectid")?.Id == account);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Draft_outreach_opens_a_prefilled_new_outreach_whose_first_save_has_the_server_compose_the_draft()
    {
        var account = Account("Command Bar Compose", AtRisk, trustGap: true);
        Case(account, "Replies took five days", breached: true);
        var contact = _s.Org.Service.Create(new Entity("contact") { ["firstname"] = "Robin", ["lastname"] = "Ames", ["parentcustomerid"] = new EntityReference("account", account) });
        var remediation = VerifiedRemediation(account);
        var page = await FormAsync(account, _s.CustomerSuccess);

        await Command(page, "Draft outreach").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("etn=wb_outreach"), UrlWait);
        await Expect(page.Locator("#wb-main")).ToHaveAttributeAsync("data-loaded", "true");
        // The form parameters prefill the new row (Learn, "Set field values using parameters passed to a form").
        await Expect(page.Locator("#wb-field-regardingobjectid")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(account.ToString("D"), System.Text.RegularExpressions.RegexOptions.IgnoreCase));
        await Expect(page.Locator("#wb-field-wb_remediationid")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(remediation.ToString("D"), System.Text.RegularExpressions.RegexOptions.IgnoreCase));
        Assert.Equal("", await page.Locator("#wb-field-description").InputValueAsync());

        // The user picks who and how; the body stays empty, so the server composes it in the same save.
        await page.Locator("#wb-field-wb_contactid").FillAsync(contact.ToString());
        await page.Locator("#wb-field-wb_channel").SelectOptionAsync("682400000");
        await page.Locator("#wb-save").ClickAsync();
        try { await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("&id=[0-9a-f-]{36}")); }
        catch (PlaywrightException) { Assert.Fail("Not saved: " + await page.Locator("#wb-notifications").InnerTextAsync()); }

        var outreach = Assert.Single(_s.Org.Rows("wb_outreach"), o => o.GetAttributeValue<EntityReference>("regardingobjectid")?.Id == account);
        Assert.Equal(remediation, outreach.GetAttributeValue<EntityReference>("wb_remediationid")?.Id);
        Assert.False(string.IsNullOrWhiteSpace(outreach.GetAttributeValue<string>("description")), "the server composed the body");
        Assert.Contains("Robin", outreach.GetAttributeValue<string>("description"));
        Assert.Contains("\"table\"", outreach.GetAttributeValue<string>("wb_citations") ?? "");
        await Expect(page.Locator("#wb-field-description")).Not.ToHaveValueAsync("");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_whole_story_from_the_command_bar_start_remediation_fix_verify_as_a_second_user_draft_outreach_approve_email_draft()
    {
        var account = Account("Command Bar Story", AtRisk, trustGap: true);
        var breached = Case(account, "Replies took five days", breached: true);
        var contact = _s.Org.Service.Create(new Entity("contact") { ["firstname"] = "Noor", ["lastname"] = "Haddad", ["parentcustomerid"] = new EntityReference("account", account) });

        // Customer success starts the remediation from the flagged account: prefilled from its reasons, its breached case linked.
        var page = await FormAsync(account, _s.CustomerSuccess);
        await Command(page, "Start remediation").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("etn=wb_remediation.*id="), UrlWait);
        var remediation = Assert.Single(_s.Org.Rows("wb_remediation"), r => r.GetAttributeValue<EntityReference>("wb_accountid")?.Id == account);
        Assert.Contains("SLA breaches", remediation.GetAttributeValue<string>("wb_rootcause"));
        await Expect(page.Locator("#wb-main")).ToHaveAttributeAsync("data-loaded", "true");

        // The fix and its evidence, marked Fixed on the form.
        await page.Locator("#wb-field-wb_fix").FillAsync("A second support shift and a 24-hour reply target.");
        await page.Locator("#wb-field-wb_evidence").FillAsync("Median first reply fell from 5 days to 7 hours in May.");
        await page.Locator("#wb-field-wb_fixedon").FillAsync(ServerFixture.Today.AddDays(-10).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("#wb-field-statuscode").SelectOptionAsync(Fixed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("#wb-save").ClickAsync();
        var readiness = page.FrameLocator("#WebResource_wb_remediation");
        await Expect(readiness.Locator("#wb-checklist")).ToContainTextAsync("someone else must verify it");

        // A second person verifies it.
        await page.Locator("#wb-user").SelectOptionAsync(_s.Admin.DomainName);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("user=admin"));
        readiness = page.FrameLocator("#WebResource_wb_remediation");
        await readiness.Locator("#wb-verify").ClickAsync();
        await Expect(readiness.Locator(".wb-banner.wb-success").First).ToContainTextAsync("Verified");
        Assert.Equal(Verified, _s.Org.Peek("wb_remediation", remediation.Id)!.GetAttributeValue<OptionSetValue>("statuscode").Value);

        // Back on the account, Draft outreach: the user picks the contact and channel; the server composes the draft.
        page = await FormAsync(account, _s.CustomerSuccess);
        await Command(page, "Draft outreach").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("etn=wb_outreach"), UrlWait);
        await Expect(page.Locator("#wb-main")).ToHaveAttributeAsync("data-loaded", "true");
        await page.Locator("#wb-field-wb_contactid").FillAsync(contact.ToString());
        await page.Locator("#wb-field-wb_channel").SelectOptionAsync("682400000");
        await page.Locator("#wb-save").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("&id=[0-9a-f-]{36}"));
        var outreach = Assert.Single(_s.Org.Rows("wb_outreach"), o => o.GetAttributeValue<EntityReference>("regardingobjectid")?.Id == account);
        var composed = outreach.GetAttributeValue<string>("description");
        Assert.Contains("Noor", composed);
        Assert.Contains(breached.ToString("D"), outreach.GetAttributeValue<string>("wb_citations"));

        // A person fills what the records could not say, then moves it to review and approves it.
        var review = page.FrameLocator("#WebResource_wb_outreach");
        if (System.Text.RegularExpressions.Regex.IsMatch(composed, @"\[add:[^\]]*\]"))
        {
            await Expect(review.Locator("#wb-draft mark.wb-placeholder").First).ToBeVisibleAsync();
            await page.Locator("#wb-field-description").FillAsync(System.Text.RegularExpressions.Regex.Replace(composed, @"\[add:[^\]]*\]", "Head of Customer Success"));
            await page.Locator("#wb-save").ClickAsync();
            await Expect(review.Locator("#wb-draft mark.wb-placeholder")).ToHaveCountAsync(0);
        }
        await review.Locator("#wb-ready").ClickAsync();
        await review.Locator("#wb-approve").ClickAsync();
        await Expect(review.Locator("#wb-gate")).ToContainTextAsync("Approved.");

        // The email waits in Draft for a person to send it.
        var email = Assert.Single(_s.Org.Rows("email"), e => e.GetAttributeValue<EntityReference>("wb_outreachid")?.Id == outreach.Id);
        Assert.Equal(0, email.GetAttributeValue<OptionSetValue>("statecode").Value);
        Assert.Equal(1, email.GetAttributeValue<OptionSetValue>("statuscode").Value);
        Assert.Equal(account, email.GetAttributeValue<EntityReference>("regardingobjectid").Id);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Markup_in_the_account_name_and_case_titles_is_written_as_text_and_never_runs()
    {
        const string name = "<img src=x onerror=\"window.__wbPwned='name'\">Command Bar \u202EMarkup";
        var account = Account(name, AtRisk, trustGap: true);
        Case(account, "<script>window.__wbPwned='case'</script>", breached: true);
        var page = await FormAsync(account, _s.CustomerSuccess);
        var dialogs = new List<string>();
        page.Dialog += (_, d) => dialogs.Add(d.Message);

        await Command(page, "Start remediation").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("etn=wb_remediation"), UrlWait);
        var remediation = Assert.Single(_s.Org.Rows("wb_remediation"), r => r.GetAttributeValue<EntityReference>("wb_accountid")?.Id == account);
        Assert.Equal("Trust gap: " + name, remediation.GetAttributeValue<string>("wb_name"));
        Assert.Contains("<script>window.__wbPwned='case'</script>", remediation.GetAttributeValue<string>("wb_rootcause"));
        await Expect(page.Locator("#wb-main")).ToHaveAttributeAsync("data-loaded", "true");
        Assert.Null(await page.EvaluateAsync<string?>("() => window.__wbPwned ?? null"));
        Assert.Equal(0, await page.Locator("img[src='x']").CountAsync());
        Assert.Empty(dialogs);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Labels_follow_the_user_language()
    {
        var account = Account("Command Bar Deutsch", AtRisk, trustGap: true);
        VerifiedRemediation(account);
        var page = await FormAsync(account, _s.CustomerSuccess, "&lcid=1031");
        Assert.Equal(new[] { "Behebung starten", "Kontaktaufnahme entwerfen" }, await ShownAsync(page));
        await page.Context.CloseAsync();
    }

    /// <summary>WCAG 2 contrast ratio of each shown command's text colour against the first opaque background behind it.</summary>
    private const string ContrastScript = """
        () => {
            const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
            const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
                .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
            const background = (node) => {
                for (let n = node; n; n = n.parentElement) {
                    const c = rgb(getComputedStyle(n).backgroundColor);
                    if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
                }
                return [255, 255, 255];
            };
            return [...document.querySelectorAll('#wb-commandbar button:not([hidden])')].map((b) => {
                const [a, c] = [lum(rgb(getComputedStyle(b).color)), lum(background(b))];
                return (Math.max(a, c) + 0.05) / (Math.min(a, c) + 0.05);
            });
        }
        """;

    private static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ChromiumFixture.Results, name + ".png") });
}

/// <summary>What the shell reads out of a RibbonDiffXml: labels per LCID, the privilege rule decided for the user, and rule kinds it does not model named rather than taken as true.</summary>
[Collection("browser")]
public sealed class ShellCommandBarTests
{
    private readonly ServerFixture _s;

    public ShellCommandBarTests(ServerFixture server) => _s = server;

    private static System.Xml.Linq.XElement Customizations(string rules) => System.Xml.Linq.XElement.Parse($"""
        <ImportExportXml><Entities><Entity><Name>account</Name><RibbonDiffXml>
          <CustomActions>
            <CustomAction Id="x.CustomAction" Location="Mscrm.Form.account.MainTab.Save.Controls._children" Sequence="5">
              <CommandUIDefinition><Button Id="x.Button" Command="x.Command" LabelText="$LocLabels:x.Label" /></CommandUIDefinition>
            </CustomAction>
            <CustomAction Id="grid.CustomAction" Location="Mscrm.HomepageGrid.account.MainTab.Actions.Controls._children" Sequence="1">
              <CommandUIDefinition><Button Id="grid.Button" Command="x.Command" LabelText="Grid" /></CommandUIDefinition>
            </CustomAction>
          </CustomActions>
          <CommandDefinitions>
            <CommandDefinition Id="x.Command">
              <EnableRules><EnableRule Id="x.Enable" /></EnableRules>
              <DisplayRules><DisplayRule Id="x.Display" /></DisplayRules>
              <Actions><JavaScriptFunction Library="$webresource:wb_/x.js" FunctionName="X.run"><CrmParameter Value="PrimaryControl" /></JavaScriptFunction></Actions>
            </CommandDefinition>
          </CommandDefinitions>
          <RuleDefinitions><TabDisplayRules /><DisplayRules><DisplayRule Id="x.Display">{rules}</DisplayRule></DisplayRules>
            <EnableRules><EnableRule Id="x.Enable"><CustomRule FunctionName="X.can" Library="$webresource:wb_/x.js" Default="false" InvertResult="true"><CrmParameter Value="PrimaryControl" /></CustomRule></EnableRule></EnableRules>
          </RuleDefinitions>
          <LocLabels><LocLabel Id="x.Label"><Titles><Title description="Run" languagecode="1033" /><Title description="Ausführen" languagecode="1031" /></Titles></LocLabel></LocLabels>
        </RibbonDiffXml></Entity></Entities></ImportExportXml>
        """);

    [Fact]
    public void Only_the_form_s_buttons_are_read_with_labels_per_language_and_the_privilege_rule_decided_for_the_user()
    {
        var rules = """<EntityPrivilegeRule EntityName="wb_remediation" PrivilegeType="Create" PrivilegeDepth="Basic" />""";
        var forCs = ShellCommandBar.For(Customizations(rules), "account", _s.CustomerSuccess.Id, _s.Org);
        var button = Assert.Single(forCs["buttons"]!.AsArray())!;
        Assert.Equal("x.Button", (string)button["id"]!);
        Assert.Equal("Ausführen", (string)button["label"]!["1031"]!);
        Assert.Equal("wb_/x.js", (string)button["action"]!["library"]!);
        Assert.Equal("PrimaryControl", (string)button["action"]!["parameters"]![0]!["value"]!);
        var enable = button["enable"]![0]!;
        Assert.Equal(("custom", "X.can", true), ((string)enable["kind"]!, (string)enable["function"]!, (bool)enable["invert"]!));
        Assert.True((bool)button["display"]![0]!["value"]!);
        Assert.Empty(button["unsupported"]!.AsArray());

        var forRep = ShellCommandBar.For(Customizations(rules), "account", _s.Rep.Id, _s.Org);
        Assert.False((bool)forRep["buttons"]![0]!["display"]![0]!["value"]!);
    }

    [Fact]
    public void A_rule_kind_the_shell_does_not_model_is_named_and_hides_the_button()
    {
        var bar = ShellCommandBar.For(Customizations("""<ValueRule Field="name" Value="x" />"""), "account", _s.CustomerSuccess.Id, _s.Org);
        var button = Assert.Single(bar["buttons"]!.AsArray())!;
        Assert.Equal("ValueRule is not modelled by the local shell", (string)button["unsupported"]![0]!);
        Assert.False((bool)button["display"]![0]!["value"]!);
    }
}
