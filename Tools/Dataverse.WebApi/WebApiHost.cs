using System.Net;
using Dataverse.Local;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dataverse.WebApi;

public sealed class WebApiHostOptions
{
    public required LocalOrganization Organization { get; init; }
    /// <summary>The packed solution the organization imported: the shell reads its site map, views, forms and web resources.</summary>
    public required string SolutionZip { get; init; }
    /// <summary>The users the shell offers; the first is the default caller of every request.</summary>
    public required IReadOnlyList<ShellUser> Users { get; init; }
    /// <summary>0 picks a free port.</summary>
    public int Port { get; init; }
    /// <summary>Larger request bodies are refused with 413.</summary>
    public long MaxRequestBodyBytes { get; init; } = 16 * 1024 * 1024;
}

/// <summary>
/// Kestrel on 127.0.0.1 only, serving the Web API at /api/data/v9.2/ and the app shell at /main.aspx. A request
/// whose Host header is not this loopback address is refused (DNS rebinding), and so is a request a browser page
/// of another origin sends (no CORS: no Access-Control-Allow-Origin is ever written).
/// </summary>
public sealed class WebApiHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebApiHost(WebApplication app, int port, ODataService service)
    {
        _app = app;
        Port = port;
        Service = service;
    }

    public int Port { get; }
    public string Address => $"http://127.0.0.1:{Port}";
    public ODataService Service { get; }

    /// <summary>Starts serving. A port in use fails with an <see cref="IOException"/> naming the port.</summary>
    public static async Task<WebApiHost> StartAsync(WebApiHostOptions options, CancellationToken cancellation = default)
    {
        if (options.Users.Count == 0) throw new ArgumentException("The host needs at least one user to act as.", nameof(options));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port);
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            kestrel.AddServerHeader = false;
        });
        var app = builder.Build();
        var service = new ODataService(options.Organization, options.Users[0].Id);
        var shell = new ShellSite(options.Organization, service.Sets, options.SolutionZip, options.Users);
        service.SessionUser = shell.SessionUser;

        app.Use(async (http, next) =>
        {
            var port = http.Connection.LocalPort;
            var host = http.Request.Host;
            if (host.Port != port || host.Host is not ("127.0.0.1" or "localhost"))
            {
                await ODataService.WriteErrorAsync(http, new WebApiError(400, "0x0",
                    $"The Host header '{host}' is not this server's loopback address 127.0.0.1:{port}: the local Dataverse answers only requests addressed to it."));
                return;
            }
            var origin = http.Request.Headers.Origin.ToString();
            var site = http.Request.Headers["Sec-Fetch-Site"].ToString();
            var sameOrigin = origin.Length == 0 || origin == $"http://127.0.0.1:{port}" || origin == $"http://localhost:{port}";
            if (!sameOrigin || site is "cross-site" or "same-site" || HttpMethods.IsOptions(http.Request.Method))
            {
                await ODataService.WriteErrorAsync(http, new WebApiError(403, "0x0",
                    $"Requests from pages of another origin ({(origin.Length > 0 ? origin : site)}) are refused: the local Dataverse allows no cross-origin access."));
                return;
            }
            await next(http);
        });
        app.Map("/api/data/v9.2/{**path}", (HttpContext http) => service.HandleAsync(http, http.Request.Path.Value!["/api/data/v9.2".Length..].TrimStart('/')));
        app.Map("/api/data/v9.2", (HttpContext http) => service.HandleAsync(http, ""));
        app.MapGet("/main.aspx", shell.MainAsync);
        app.MapGet("/", (HttpContext http) => { http.Response.Redirect("/main.aspx"); return Task.CompletedTask; });
        app.MapGet("/WebResources/{**name}", (HttpContext http, string name) => shell.WebResourceAsync(http, name));
        app.MapGet("/shell/{name}", (HttpContext http, string name) => ShellSite.AssetAsync(http, name));

        try
        {
            await app.StartAsync(cancellation);
        }
        catch (IOException e)
        {
            await app.DisposeAsync();
            throw new IOException($"Port {options.Port} on 127.0.0.1 is already in use: stop the program that holds it, or choose another port with --port.", e);
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new WebApiHost(app, new Uri(address).Port, service);
    }

    public Task WaitForShutdownAsync(CancellationToken cancellation) => Microsoft.Extensions.Hosting.HostingAbstractionsHostExtensions.WaitForShutdownAsync(_app, cancellation);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
