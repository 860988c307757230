using System.Net;
using System.Net.Sockets;
using WinBack.Cli;

namespace Dataverse.WebApi.Tests;

public sealed class ServeCommandTests
{
    [Fact]
    public void A_port_in_use_is_reported_naming_it_with_exit_code_1()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;
        var output = new StringWriter();
        var error = new StringWriter();
        var code = Program.Run(new[] { "serve", "--accounts", "1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--no-browser" },
            new CommandContext(output, error, Environment.CurrentDirectory));
        Assert.Equal(1, code);
        Assert.Contains($"winback serve: Port {port} on 127.0.0.1 is already in use", error.ToString());
        Assert.DoesNotContain("Listening on", output.ToString());
    }

    [Fact]
    public void A_bad_port_is_a_usage_error()
    {
        var error = new StringWriter();
        Assert.Equal(2, Program.Run(new[] { "serve", "--port", "70000" }, new CommandContext(new StringWriter(), error, Environment.CurrentDirectory)));
        Assert.Contains("--port must be a whole number between 1 and 65535", error.ToString());
    }
}
