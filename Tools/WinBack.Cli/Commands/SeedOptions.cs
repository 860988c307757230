using System.CommandLine;

namespace WinBack.Cli.Commands;

/// <summary>The options of the commands that seed a local organisation (demo, bench): how many accounts, the seed, the page size.</summary>
public sealed class SeedOptions
{
    public SeedOptions(int accounts, int seed)
    {
        Accounts = CliOptions.WholeNumber("--accounts", "accounts to seed", 1, 1_000_000, accounts);
        Seed = CliOptions.WholeNumber("--seed", "random seed; the same seed gives the same organisation", int.MinValue, int.MaxValue, seed);
    }

    public Option<int> Accounts { get; }
    public Option<int> Seed { get; }
    public Option<int?> PageSize { get; } = CliOptions.OptionalWholeNumber("--page-size",
        $"accounts per recalculation call (default: the API's, {WinBack.Cli.Demo.Recalculation.DefaultPageSize})", 1, WinBack.Cli.Demo.Recalculation.MaxPageSize);

    public void AddTo(Command command)
    {
        command.Add(Accounts);
        command.Add(Seed);
        command.Add(PageSize);
    }
}
