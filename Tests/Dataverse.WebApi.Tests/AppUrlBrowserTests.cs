using System.Text.RegularExpressions;
using Dataverse.Local;
using WinBack.Cli.Demo;
using Microsoft.Playwright;
using Microsoft.Xrm.Sdk;
using static Microsoft.Playwright.Assertions;

namespace Dataverse.WebApi.Tests;

/// <summary>
/// A page opens a record in the app it runs in: the shell answers getCurrentAppUrl() with main.aspx?appid=[the app's id]
/// in both its Xrm and ClientGlobalContext.js.aspx (Learn, "getCurrentAppUrl (Client API reference)"), main.aspx takes
/// appid (Learn, "Open forms, views, dialogs, and reports with a URL"), and the review page, a site-map page without Xrm,
/// opens an account's form at the app's address. The app's id is the appmodule row the import gave it, found by the
/// unique name the solution carries (the solution carries no id).
/// </summary>
[Collection("browser")]
public sealed class AppUrlBrowserTests
{
    private static readonly PageAssertionsToHaveURLOptions UrlWait = new() { Timeout = 30_000 };
    private const string Review = "/main.aspx?pagetype=webresource&webresourceName=wb_/review/review.html";

    private readonly ServerFixture _s;
    private readonly ChromiumFixture _chromium;

    public AppUrlBrowserTests(ServerFixture server, ChromiumFixture chromium)
    {
        _s = server;
        _chromium = chromium;
    }

    /// <summary>The WinBack app's id as a client finds it: the Web API's appmodules by unique name.</summary>
    private async Task<Guid> AppIdAsync()
    {
        var result = await _s.GetAsync("appmodules?$select=appmoduleid,name&$filter=uniquename eq 'wb_WinBack'");
        Assert.Equal(200, result.Status);
        var app = Assert.Single(result.Body.GetProperty("value").EnumerateArray());
        Assert.Equal("Win-back", app.GetProperty("name").GetString());
        return app.GetProperty("appmoduleid").GetGuid();
    }

    private async Task<IPage> OpenAsync(string address)
    {
        var context = await _chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(_s.Host.Address + address);
        return page;
    }

    [Fact]
    public async Task The_app_is_a_row_of_appmodule_with_an_id_of_the_environment_named_by_the_solution_s_unique_name()
    {
        var id = await AppIdAsync();
        Assert.NotEqual(Guid.Empty, id);
        var row = _s.Org.SystemService.Retrieve("appmodule", id, new Microsoft.Xrm.Sdk.Query.ColumnSet("uniquename"));
        Assert.Equal("wb_WinBack", row.GetAttributeValue<string>("uniquename"));
    }

    [Fact]
    public async Task Opening_an_account_from_the_review_page_lands_in_the_app_on_the_account_form()
    {
        var app = await AppIdAsync();
        var page = await OpenAsync(Review + "&user=cs@winback.local");
        var frame = page.FrameLocator("#wb-page");
        await Expect(frame.Locator("#wb-review")).ToHaveAttributeAsync("data-loaded", "true");

        // The page's ClientGlobalContext and the shell's Xrm name the same app.
        var appUrl = $"{_s.Host.Address}/main.aspx?appid={app:D}";
        Assert.Equal(appUrl, await frame.Locator("#wb-review").EvaluateAsync<string?>("() => GetGlobalContext().getCurrentAppUrl()"));
        Assert.Equal(appUrl, await page.EvaluateAsync<string?>("() => Xrm.Utility.getGlobalContext().getCurrentAppUrl()"));

        // An account whose name reads as it is (other tests add one with markup in its name).
        var ids = await frame.Locator("#wb-rows tr[data-id]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.id)");
        var (account, name) = ids.Select(id => (Id: id, Name: _s.Org.Peek("account", Guid.Parse(id))?.GetAttributeValue<string>("name") ?? ""))
            .First(a => Regex.IsMatch(a.Name, "^[A-Za-z0-9 ]+$"));
        await frame.Locator($"#wb-rows tr[data-id='{account}'] .wb-open").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/main\\.aspx\\?appid={app:D}&pagetype=entityrecord&etn=account&id={account}$"), UrlWait);
        await Expect(page.Locator("#wb-record-title")).ToHaveTextAsync(name);

        // The shell's own links keep the app.
        await Expect(page.Locator($"nav a[href^='/main.aspx?appid={app:D}&pagetype=webresource']").First).ToBeAttachedAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Main_aspx_opens_with_the_app_s_id_and_without_one_and_refuses_an_id_of_no_app()
    {
        var app = await AppIdAsync();
        using var with = await _s.Http.GetAsync($"{_s.Host.Address}/main.aspx?appid={app:D}&pagetype=entitylist&etn=account");
        Assert.Equal(200, (int)with.StatusCode);
        using var braced = await _s.Http.GetAsync($"{_s.Host.Address}/main.aspx?appid={{{app.ToString("D").ToUpperInvariant()}}}&pagetype=entitylist&etn=account");
        Assert.Equal(200, (int)braced.StatusCode);
        using var without = await _s.Http.GetAsync($"{_s.Host.Address}/main.aspx?pagetype=entitylist&etn=account");
        Assert.Equal(200, (int)without.StatusCode);

        foreach (var other in new[] { Guid.NewGuid().ToString("D"), "not-a-guid" })
        {
            using var refused = await _s.Http.GetAsync($"{_s.Host.Address}/main.aspx?appid={other}&pagetype=entitylist&etn=account");
            Assert.Equal(404, (int)refused.StatusCode);
            var text = await refused.Content.ReadAsStringAsync();
            Assert.Contains($"No app with id '{other}'", text, StringComparison.Ordinal);
            Assert.Contains($"main.aspx?appid={app:D}", text, StringComparison.Ordinal);
        }
    }
}

/// <summary>An organization whose base language is German (organization.languagecode 1031), with the shell over it.</summary>
public sealed class GermanOrganizationFixture : IAsyncLifetime
{
    public LocalOrganization Org { get; private set; } = null!;
    public WebApiHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var zip = SolutionLocator.Find(AppContext.BaseDirectory);
        Org = LocalOrganization.FromSolution(zip, new LocalOrganizationOptions { Clock = () => ServerFixture.Today, BaseLanguageCode = 1031 });
        var users = LocalServer.SeedUsers(Org, repShare: 0);
        Host = await WebApiHost.StartAsync(new WebApiHostOptions { Organization = Org, SolutionZip = zip, Users = users, Port = 0 });
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        Org.Dispose();
    }
}

/// <summary>
/// organizationSettings.languageId is the organization's base language (Learn, "organizationSettings (Client API
/// reference)"), read from the organization row in both the shell's Xrm and ClientGlobalContext.js.aspx.
/// </summary>
[Collection("browser")]
public sealed class OrganizationLanguageBrowserTests : IClassFixture<GermanOrganizationFixture>
{
    private readonly GermanOrganizationFixture _german;
    private readonly ChromiumFixture _chromium;

    public OrganizationLanguageBrowserTests(GermanOrganizationFixture german, ChromiumFixture chromium)
    {
        _german = german;
        _chromium = chromium;
    }

    private async Task<(int Shell, int Page)> LanguageIdsAsync()
    {
        var context = await _chromium.Browser.NewContextAsync();
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(_german.Host.Address + "/main.aspx?pagetype=webresource&webresourceName=wb_/review/review.html");
            var frame = page.FrameLocator("#wb-page");
            await Expect(frame.Locator("#wb-review")).ToHaveAttributeAsync("data-loaded", "true");
            var shell = await page.EvaluateAsync<int>("() => Xrm.Utility.getGlobalContext().organizationSettings.languageId");
            var inPage = await frame.Locator("#wb-review").EvaluateAsync<int>("() => GetGlobalContext().organizationSettings.languageId");
            return (shell, inPage);
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task The_organization_s_base_language_is_organizationSettings_languageId_and_follows_its_row()
    {
        Assert.Equal((1031, 1031), await LanguageIdsAsync());

        // Read from the row on every page, not from the option the organization started with.
        _german.Org.SystemService.Update(new Entity("organization", _german.Org.OrganizationId) { ["languagecode"] = 1036 });
        try
        {
            Assert.Equal((1036, 1036), await LanguageIdsAsync());
        }
        finally
        {
            _german.Org.SystemService.Update(new Entity("organization", _german.Org.OrganizationId) { ["languagecode"] = 1031 });
        }
    }
}
