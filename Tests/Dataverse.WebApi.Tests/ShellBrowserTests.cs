using Microsoft.Playwright;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using static Microsoft.Playwright.Assertions;

namespace Dataverse.WebApi.Tests;

/// <summary>
/// The system Chromium (/usr/bin/chromium, installed by Tools/prerequisites.sh) driven by Playwright for .NET,
/// whose driver ships in its package; no browser is ever downloaded.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public static string Results
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "WinBack.Crm.sln"))) dir = dir.Parent;
            var results = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "Tests", ".results");
            Directory.CreateDirectory(results);
            return results;
        }
    }

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(WebApiBench.ChromiumOptions());
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
    }
}

[CollectionDefinition("browser")]
public sealed class BrowserCollection : ICollectionFixture<ServerFixture>, ICollectionFixture<ChromiumFixture>
{
}

[Collection("browser")]
public sealed class ShellBrowserTests
{
    private const string Panel = "#WebResource_wb_disengagement";
    private readonly ServerFixture _s;
    private readonly ChromiumFixture _chromium;

    public ShellBrowserTests(ServerFixture server, ChromiumFixture chromium)
    {
        _s = server;
        _chromium = chromium;
    }

    private async Task<IPage> OpenAsync(string address)
    {
        var context = await _chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1300, Height = 1700 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(_s.Host.Address + address);
        return page;
    }

    private static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ChromiumFixture.Results, name + ".png"), FullPage = true });

    [Fact]
    public async Task The_account_form_shows_the_panel_as_the_plug_ins_computed_it()
    {
        // An account the plug-ins scored: it has a history row written by them.
        var scored = _s.Org.Rows("wb_disengagementhistory").Select(h => h.GetAttributeValue<EntityReference>("wb_accountid")?.Id).ToHashSet();
        var account = _s.Org.Rows("account").Where(a => a.GetAttributeValue<int?>("wb_disengagementscore") > 0 && scored.Contains(a.Id))
            .OrderByDescending(a => a.GetAttributeValue<int?>("wb_disengagementscore")).ThenBy(a => a.Id).First();
        var score = account.GetAttributeValue<int>("wb_disengagementscore");
        var band = account.FormattedValues.ContainsKey("wb_riskband") ? account.FormattedValues["wb_riskband"] :
            _s.Org.Metadata.Table("account")!.Column("wb_riskband")!.Option(account.GetAttributeValue<OptionSetValue>("wb_riskband").Value)!.Label;
        var reasons = account.GetAttributeValue<string>("wb_disengagementreasons").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        var page = await OpenAsync($"/main.aspx?pagetype=entityrecord&etn=account&id={account.Id}");
        var panel = page.FrameLocator(Panel);
        await Expect(panel.Locator("#wb-verdict")).ToContainTextAsync(score.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(panel.Locator("#wb-verdict")).ToContainTextAsync(band);
        foreach (var reason in reasons) await Expect(panel.Locator("#wb-panel")).ToContainTextAsync(reason);
        await Expect(panel.Locator("#wb-content")).ToContainTextAsync("Trend");
        await Expect(page.Locator("#wb-record-title")).ToHaveTextAsync(account.GetAttributeValue<string>("name"));
        await ScreenshotAsync(page, "shell-account-form");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_sales_rep_sees_only_what_the_role_may_see()
    {
        var repOwned = _s.Org.Rows("account").Where(a => a.GetAttributeValue<EntityReference>("ownerid")?.Id == _s.Rep.Id)
            .Select(a => a.GetAttributeValue<string>("name")).ToHashSet();
        var admin = await OpenAsync("/main.aspx?pagetype=entitylist&etn=account");
        await Expect(admin.Locator(".wb-count")).ToContainTextAsync("rows");
        var adminRows = await admin.Locator("#wb-grid tbody tr").CountAsync();
        await ScreenshotAsync(admin, "shell-accounts-admin");
        await admin.Context.CloseAsync();

        var rep = await OpenAsync("/main.aspx?pagetype=entitylist&etn=account&user=rep@winback.local");
        await Expect(rep.Locator(".wb-count")).ToContainTextAsync("rows");
        var names = await rep.Locator("#wb-grid tbody tr td:first-child").AllTextContentsAsync();
        Assert.NotEmpty(names);
        Assert.True(names.Count < adminRows);
        Assert.All(names, n => Assert.Contains(n, repOwned));
        await Expect(rep.Locator("#wb-user")).ToHaveValueAsync("rep@winback.local");
        await ScreenshotAsync(rep, "shell-accounts-rep");

        // An account of another business unit: the form says which privilege is missing and shows no data.
        var other = _s.Org.Rows("account").First(a => a.GetAttributeValue<EntityReference>("ownerid")?.Id != _s.Rep.Id);
        await rep.GotoAsync($"{_s.Host.Address}/main.aspx?pagetype=entityrecord&etn=account&id={other.Id}&user=rep@winback.local");
        await Expect(rep.Locator(".wb-error")).ToContainTextAsync("AccessCheck");
        await Expect(rep.Locator("#wb-field-name")).ToHaveTextAsync("");
        await ScreenshotAsync(rep, "shell-account-denied-rep");
        await rep.Context.CloseAsync();
    }

    [Fact]
    public async Task Markup_in_names_and_reasons_is_shown_as_text_and_never_runs()
    {
        const string name = "<img src=x onerror=\"window.__wbPwned='name'\"></script><script>window.__wbPwned='script'</script> \u202Eevil";
        var reasons = string.Join("\n",
            "Logins fell 50% <img src=x onerror=\"window.__wbPwned='reason'\">",
            "Value: <a href=\"javascript:window.__wbPwned='link'\">javascript:window.__wbPwned='link'</a>",
            "</script><script>window.__wbPwned='reason-script'</script>",
            "\u202Etxt.exe");
        var id = _s.Org.Service.Create(new Entity("account") { ["name"] = name });
        var write = new UpdateRequest
        {
            Target = new Entity("account", id)
            {
                ["wb_disengagementscore"] = 99, ["wb_riskband"] = new OptionSetValue(682400003), ["wb_valuegap"] = true,
                ["wb_disengagementreasons"] = reasons, ["wb_lastscoredon"] = ServerFixture.Today, ["wb_flaggedon"] = ServerFixture.Today,
            },
        };
        write["BypassCustomPluginExecution"] = true;
        _s.Org.Service.Execute(write);

        var dialogs = new List<string>();
        var page = await OpenAsync($"/main.aspx?pagetype=entityrecord&etn=account&id={id}");
        page.Dialog += (_, d) => dialogs.Add(d.Message);
        var panel = page.FrameLocator(Panel);
        await Expect(panel.Locator("#wb-content")).ToContainTextAsync("window.__wbPwned='reason'");
        // The shell names the right-to-left override instead of letting it reverse what follows.
        await Expect(page.Locator("#wb-record-title")).ToHaveTextAsync(name.Replace("\u202E", "[U+202E]"));
        await ScreenshotAsync(page, "shell-markup-form");

        var list = await OpenAsync("/main.aspx?pagetype=entitylist&etn=account");
        list.Dialog += (_, d) => dialogs.Add(d.Message);
        await Expect(list.Locator("#wb-grid tbody")).ToContainTextAsync("window.__wbPwned='name'");
        await ScreenshotAsync(list, "shell-markup-list");

        foreach (var p in new[] { page, list })
        {
            foreach (var frame in p.Frames)
            {
                Assert.Null(await frame.EvaluateAsync<string?>("() => window.__wbPwned ?? null"));
                Assert.Equal(0, await frame.Locator("img[src='x']").CountAsync());
                Assert.Equal(0, await frame.Locator("a[href^='javascript:' i]").CountAsync());
                Assert.Equal(0, await frame.EvaluateAsync<int>("() => [...document.scripts].filter(s => s.textContent.includes('__wbPwned')).length"));
            }
        }
        Assert.Empty(dialogs);
        await page.Context.CloseAsync();
        await list.Context.CloseAsync();
    }

    [Fact]
    public async Task A_web_resource_opens_at_its_dynamics_address()
    {
        var page = await OpenAsync("/main.aspx?pagetype=webresource&webresourceName=wb_/account/disengagement.html");
        await Expect(page.FrameLocator("iframe.wb-webresource").Locator("#wb-title")).ToHaveTextAsync("Disengagement");
        await Expect(page.Locator(".wb-memory")).ToContainTextAsync("State lives in memory");
        await ScreenshotAsync(page, "shell-webresource");
        await page.Context.CloseAsync();
    }
}
