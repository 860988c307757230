using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dataverse.Local;
using Dataverse.WebApi;
using WinBack.Cli.Demo;

namespace Dataverse.WebApi.Tests;

/// <summary>
/// The real host in process on a free loopback port, over the demo organization as `winback serve` seeds it
/// (a small one): the packed solution's plug-ins computed every score the tests read.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public static readonly DateTime Today = new(2026, 6, 15, 0, 0, 0, DateTimeKind.Utc);

    public LocalOrganization Org { get; private set; } = null!;
    public WebApiHost Host { get; private set; } = null!;
    public IReadOnlyList<ShellUser> Users { get; private set; } = null!;
    public string Zip { get; private set; } = null!;
    public HttpClient Http { get; } = new();

    public ShellUser Admin => Users[0];
    public ShellUser CustomerSuccess => Users[1];
    public ShellUser Rep => Users[2];
    public string Api => Host.Address + "/api/data/v9.2/";

    public async Task InitializeAsync()
    {
        Zip = SolutionLocator.Find(AppContext.BaseDirectory);
        Org = LocalOrganization.FromSolution(Zip, new LocalOrganizationOptions { Clock = () => Today });
        new DemoOrganization(Org.Service, 42, Today).Seed(24);
        Recalculation.All(Org.Service, pageSize: null);
        Users = LocalServer.SeedUsers(Org);
        Host = await WebApiHost.StartAsync(new WebApiHostOptions
        {
            Organization = Org, SolutionZip = Zip, Users = Users, Port = 0, MaxRequestBodyBytes = 64 * 1024,
        });
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        Org.Dispose();
    }

    public async Task<(int Status, JsonElement Body, HttpResponseMessage Response)> SendAsync(
        HttpMethod method, string path, string? json = null, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path.StartsWith("http", StringComparison.Ordinal) ? path : Api + path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        foreach (var (name, value) in headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value)) request.Content!.Headers.TryAddWithoutValidation(name, value);
        }
        var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length > 0 && response.Content.Headers.ContentType?.MediaType == "application/json"
            ? JsonDocument.Parse(text).RootElement.Clone()
            : default;
        return ((int)response.StatusCode, body, response);
    }

    public Task<(int Status, JsonElement Body, HttpResponseMessage Response)> GetAsync(string path, params (string Name, string Value)[] headers) =>
        SendAsync(HttpMethod.Get, path, null, headers);

    /// <summary>Asserts Dataverse's error shape: exactly {"error":{"code","message"}} with this status and code.</summary>
    public static string AssertError((int Status, JsonElement Body, HttpResponseMessage Response) result, int status, string code)
    {
        Assert.Equal(status, result.Status);
        var error = result.Body.GetProperty("error");
        Assert.Single(result.Body.EnumerateObject());
        Assert.Equal(new[] { "code", "message" }, error.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(code, error.GetProperty("code").GetString());
        return error.GetProperty("message").GetString()!;
    }
}

[CollectionDefinition("server")]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
}
