using System.Net;
using System.Text;
using System.Text.Json;
using Dataverse.Local;
using Dataverse.WebApi;
using Microsoft.Xrm.Sdk;
using WinBack.Cli.Demo;
using WinBack.Core.Disengagement;

namespace Dataverse.WebApi.Tests;

/// <summary>
/// The documented way to load a calibrated policy from a script: POST the body `winback calibrate --store-request`
/// writes to the entity set wb_scoringpolicies. Its own organisation, so no other test scores with the policy.
/// </summary>
public sealed class PolicyStoreWebApiTests : IAsyncLifetime
{
    private LocalOrganization _org = null!;
    private WebApiHost _host = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        var zip = SolutionLocator.Find(AppContext.BaseDirectory);
        _org = LocalOrganization.FromSolution(zip, new LocalOrganizationOptions { Clock = () => ServerFixture.Today });
        var users = LocalServer.SeedUsers(_org);
        // A body limit that holds a policy near the column's 1,048,576 characters, escaped as JSON.
        _host = await WebApiHost.StartAsync(new WebApiHostOptions { Organization = _org, SolutionZip = zip, Users = users, Port = 0, MaxRequestBodyBytes = 2 * 1024 * 1024 });
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
        _org.Dispose();
    }

    private async Task<(HttpStatusCode Status, string Body)> Post(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await _http.PostAsync(_host.Address + "/api/data/v9.2/" + PolicyStore.EntitySet, content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A policy with a fitted shape on every signal that can take one: the size calibrate writes and more.</summary>
    private static string LongPolicy()
    {
        var shapes = string.Join(", ", Signals.All().Where(s => !Signals.Info(s).LowerIsWorse).Select(s =>
            "\"" + Signals.Name(s) + "\": { \"weight\": 5, \"shape\": { \"cuts\": [" + string.Join(", ", Enumerable.Range(1, 40)) + "], \"severities\": ["
            + string.Join(", ", Enumerable.Range(0, 41).Select(i => (i / 40.0).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture))) + "] } }"));
        return Policy.Parse("{ \"name\": \"Calibrated\", \"signals\": { " + shapes + " } }").ToJson();
    }

    [Fact]
    public async Task The_body_calibrate_writes_creates_the_policy_in_use()
    {
        var policy = LongPolicy();
        Assert.True(policy.Length > 5000, policy.Length + " characters");

        var (status, body) = await Post(PolicyStore.RequestBody("Calibrated on renewals", "From the test.", policy));

        Assert.True(status == HttpStatusCode.NoContent, status + " " + body);
        var row = Assert.Single(_org.Rows("wb_scoringpolicy"));
        Assert.Equal(policy, row.GetAttributeValue<string>("wb_policy"));
        Assert.Equal(0, row.GetAttributeValue<OptionSetValue>("statecode").Value);
        Assert.NotNull(row.GetAttributeValue<DateTime?>("wb_activatedon"));
    }

    [Fact]
    public async Task An_invalid_policy_is_400_with_the_field_named_and_nothing_is_written()
    {
        var (status, body) = await Post(PolicyStore.RequestBody("Broken", "From the test.",
            """{ "signals": { "slaBreaches": { "weight": 3, "shape": { "cuts": [2, 1], "severities": [0, 0.5, 1] } } } }"""));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var message = JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("message").GetString();
        Assert.Contains("policy.signals.slaBreaches.shape.cuts[1] must be above", message);
        Assert.Empty(_org.Rows("wb_scoringpolicy"));
    }
}
