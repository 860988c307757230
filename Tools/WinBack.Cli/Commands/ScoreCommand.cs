using System.CommandLine;
using System.Globalization;
using System.Text;
using WinBack.Cli.History;
using WinBack.Core.Disengagement;

namespace WinBack.Cli.Commands;

/// <summary>`winback score`: scores, bands, gaps and reasons for accounts in a CSV, without outcomes.</summary>
public sealed class ScoreCommand : ICommand
{
    private const string Name = "score";

    private readonly HistoryOptions _history = new("accounts CSV (account_id and any signal columns)");
    private readonly Option<string> _output = CliOptions.Value("--output", "where to write the scored CSV (- for standard output)", required: true);

    public Command Declare()
    {
        var command = new Command(Name,
            "Score accounts from a CSV: score, band, gap flags and reasons.\n" +
            "Scores every account of the CSV with the disengagement policy and writes account_id, score, band, the four gap flags\n" +
            "and points, coverage and the reasons (separated by \" | \"). " + HistoryInput.FormatHelp)
        {
            _history.Input,
            _output,
        };
        _history.AddTo(command);
        return command;
    }

    public int Run(ParseResult parsed, CommandContext context)
    {
        var a = _history.Read(parsed);
        var output = OutputFile.Check(parsed.GetValue(_output)!, context, Name, HistoryInput.InputFiles(a));
        if (output == null) return 1;
        var policy = HistoryInput.ReadPolicy(a, context, Name);
        if (policy == null) return 1;
        var data = HistoryInput.Load(a, context, Name, requireOutcome: false);
        if (data == null) return 1;

        var scorer = new DisengagementScorer(policy, data.Population);
        var sb = new StringBuilder();
        sb.Append("account_id,score,band,value_gap,trust_gap,experience_gap,growth_gap,value_points,trust_points,experience_points,growth_points,coverage,reasons\n");
        var counts = new Dictionary<RiskBand, int>();
        foreach (var row in data.Rows)
        {
            var why = scorer.Explain(row.Signals);
            var r = why.Result;
            counts[r.Band] = counts.GetValueOrDefault(r.Band) + 1;
            sb.Append(Csv(row.AccountId)).Append(',')
              .Append(r.RoundedScore.ToString(CultureInfo.InvariantCulture)).Append(',')
              .Append(Csv(GapNames.Label(r.Band))).Append(',');
            foreach (Gap g in Enum.GetValues<Gap>()) sb.Append(r.IsFlagged(g) ? '1' : '0').Append(',');
            foreach (Gap g in Enum.GetValues<Gap>()) sb.Append(r.Points(g).ToString("0.##", CultureInfo.InvariantCulture)).Append(',');
            sb.Append(r.Coverage.ToString("0.##", CultureInfo.InvariantCulture)).Append(',');
            sb.Append(Csv(string.Join(" | ", why.Reasons.Select(x => x.Text)))).Append('\n');
        }
        if (!OutputFile.Write(output, sb.ToString(), context, Name)) return 1;
        var report = OutputFile.ReportWriter(output, context);
        report.WriteLine($"Scored {data.Rows.Count} account(s) into {(output == OutputFile.StandardOutput ? "standard output" : output)}");
        report.WriteLine("  " + string.Join(", ", new[] { RiskBand.Healthy, RiskBand.Watch, RiskBand.AtRisk, RiskBand.Disengaged }
            .Select(b => $"{GapNames.Label(b)} {counts.GetValueOrDefault(b)}")));
        return 0;
    }

    /// <summary>
    /// Quotes a field when RFC 4180 requires it (comma, double quote, CR, LF), and also when it holds any other
    /// control character or starts or ends with a space, so that every reader keeps the value exactly as it was.
    /// </summary>
    internal static string Csv(string s) =>
        s.Any(c => c is ',' or '"' || char.IsControl(c)) || (s.Length > 0 && (char.IsWhiteSpace(s[0]) || char.IsWhiteSpace(s[^1])))
            ? "\"" + s.Replace("\"", "\"\"") + "\""
            : s;
}
