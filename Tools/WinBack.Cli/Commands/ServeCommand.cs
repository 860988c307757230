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
    public string Name => "serve";

    public string Summary => "Serve the demo organization over the Dataverse Web API with the app in a browser";

    public string Usage =>
        """
        Usage: winback serve [--accounts N] [--seed N] [--port P] [--no-browser]

        Imports the packed WinBack solution into a local in-memory Dataverse, seeds the demo organisation (the same
        seed as `winback demo`), runs the daily recalculation, then serves the Dataverse Web API at
        http://127.0.0.1:P/api/data/v9.2/ and the app at http://127.0.0.1:P/main.aspx until Ctrl+C.
        Users: admin@winback.local, cs@winback.local, rep@winback.local (add &user=<domain name> to an address).
        State lives in memory only.

        Options:
          --accounts N   accounts to seed (default 200, at least 1)
          --seed N       random seed (default 42)
          --port P       port on 127.0.0.1 (default 5080)
          --no-browser   do not open a browser
        """;

    public int Run(IReadOnlyList<string> args, CommandContext context)
    {
        int accounts = 200, seed = 42, port = 5080;
        var browser = true;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var list = DemoCommand.SplitInline(args);
        for (var i = 0; i < list.Count; i++)
        {
            switch (DemoCommand.Once(list[i], seen))
            {
                case "--accounts": accounts = DemoCommand.Number(list, ref i, 1, 1_000_000); break;
                case "--seed": seed = DemoCommand.Number(list, ref i, int.MinValue, int.MaxValue); break;
                case "--port": port = DemoCommand.Number(list, ref i, 1, 65535); break;
                case "--no-browser": browser = false; break;
                default: throw DemoCommand.Unknown(list[i]);
            }
        }
        var zip = SolutionLocator.Find(context.WorkingDirectory);
        var today = DateTime.UtcNow.Date;
        using var org = LocalOrganization.FromSolution(zip, new LocalOrganizationOptions { Clock = () => today });
        context.Output.WriteLine($"Seeding {accounts} accounts (seed {seed}) from {Path.GetFileName(zip)} ...");
        new DemoOrganization(org.Service, seed, today).Seed(accounts);
        Recalculation.All(org.Service, pageSize: null);
        var users = LocalServer.SeedUsers(org);
        return LocalServer.RunAsync(org, zip, users, port, browser, context.Output, context.Error).GetAwaiter().GetResult();
    }
}
