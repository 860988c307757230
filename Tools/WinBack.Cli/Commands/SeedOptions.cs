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

    /// <summary>A policy file (winback calibrate --output) loaded into the local Dataverse's policy store before scoring.</summary>
    public Option<string> Policy { get; } = CliOptions.Value("--policy",
        "load this policy JSON (e.g. from winback calibrate) into the local Dataverse's policy store, as an administrator would, before scoring", "FILE");

    public void AddTo(Command command)
    {
        command.Add(Accounts);
        command.Add(Seed);
        command.Add(PageSize);
    }
}
