using System.CommandLine;
using Dataverse.Local;
using Dataverse.WebApi;
using WinBack.Cli.Demo;

namespace WinBack.Cli.Commands;

/// <summary>
/// `winback serve`: the demo organization behind the Dataverse Web API and a model-driven app shell in the
/// browser. The seeding is the demo's; the users, hosting and shutdown live in Tools/Dataverse.WebApi.
/// </summary>
public sealed class ServeCommand : ICommand
{
    private readonly SeedOptions _organisation = new(accounts: 200, seed: 42);
    private readonly Option<int> _port = CliOptions.WholeNumber("--port", "port on 127.0.0.1", 1, 65535, 5080);
    private readonly Option<bool> _noBrowser = CliOptions.Flag("--no-browser", "do not open a browser");

    public Command Declare()
    {
        var command = new Command("serve",
            "Serve the demo organization over the Dataverse Web API with the app in a browser.\n" +
            "Imports the packed WinBack solution into a local in-memory Dataverse, seeds the demo organisation (the same seed\n" +
            "as `winback demo`), runs the daily recalculation, then serves the Dataverse Web API at\n" +
            "http://127.0.0.1:P/api/data/v9.2/ and the app at http://127.0.0.1:P/main.aspx until Ctrl+C.\n" +
            "Users: admin@winback.local, cs@winback.local, rep@winback.local (add &user=<domain name> to an address).\n" +
            "State lives in memory only.");
        command.Add(_organisation.Accounts);
        command.Add(_organisation.Seed);
        command.Add(_organisation.Policy);
        command.Add(_port);
        command.Add(_noBrowser);
        return command;
    }

    public int Run(ParseResult parsed, CommandContext context)
    {
        var accounts = parsed.GetValue(_organisation.Accounts);
        var seed = parsed.GetValue(_organisation.Seed);
        var port = parsed.GetValue(_port);
        var zip = SolutionLocator.FindFor("serve", context);
        if (zip == null) return 1;

        var today = DateTime.UtcNow.Date;
        using var org = LocalOrganization.FromSolution(zip, new LocalOrganizationOptions { Clock = () => today });
        if (parsed.GetValue(_organisation.Policy) is { } policyFile && PolicyStore.LoadFile(org.Service, policyFile, "serve", context.Error) == null) return 1;
        context.Output.WriteLine($"Seeding {accounts} accounts (seed {seed}) from {Path.GetFileName(zip)} ...");
        new DemoOrganization(org.Service, seed, today).Seed(accounts);
        Recalculation.All(org.Service, pageSize: null);
        var users = LocalServer.SeedUsers(org);
        return LocalServer.RunAsync(org, zip, users, port, !parsed.GetValue(_noBrowser), context.Output, context.Error).GetAwaiter().GetResult();
    }
}
