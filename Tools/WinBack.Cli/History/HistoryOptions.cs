using System.CommandLine;

namespace WinBack.Cli.History;

/// <summary>What the input options of score, backtest and calibrate say, once parsed.</summary>
public sealed record HistoryArgs(string Input, string? Policy, IReadOnlyList<string> Columns, IReadOnlyList<string> Maps, bool LineIds, bool DropDuplicates);

/// <summary>The input options score, backtest and calibrate share, declared once.</summary>
public sealed class HistoryOptions
{
    public Option<string> Input { get; }
    public Option<string> Policy { get; } = CliOptions.Value("--policy", "policy JSON (default: the built-in policy)");
    public Option<string[]> Columns { get; } = CliOptions.Repeatable("--columns", "header map, one \"Your Header=column\" per line (# comments)", "FILE");
    public Option<string[]> Map { get; } = CliOptions.Repeatable("--map",
        "header map on the command line (repeatable): \"A=col,B=col\" where col is account_id, churned, ignore, a metric, or a metric with _previous or _change", "A=col,...");
    public Option<bool> LineIds { get; } = CliOptions.Flag("--line-ids", "use line numbers as account_id when the file has none");
    public Option<bool> DropDuplicates { get; } = CliOptions.Flag("--drop-duplicates", "drop rows identical to an earlier row");

    /// <param name="input">What --input holds, for the help: "accounts CSV (...)" or "history CSV (...)".</param>
    public HistoryOptions(string input) => Input = CliOptions.Value("--input", input, required: true);

    /// <summary>Adds the options after --input and the command's own: the policy and how the CSV's headers are read.</summary>
    public void AddTo(Command command)
    {
        command.Add(Policy);
        command.Add(Columns);
        command.Add(Map);
        command.Add(LineIds);
        command.Add(DropDuplicates);
    }

    public HistoryArgs Read(ParseResult parsed) => new(
        parsed.GetValue(Input)!,
        parsed.GetValue(Policy),
        parsed.GetValue(Columns) ?? [],
        parsed.GetValue(Map) ?? [],
        parsed.GetValue(LineIds),
        parsed.GetValue(DropDuplicates));
}
