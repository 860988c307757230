using System.Globalization;
using System.Text;
using WinBack.Core.Disengagement;

namespace WinBack.Cli.History;

/// <summary>One account at one past date: its signals and, in a history file, whether it later churned.</summary>
public sealed class HistoryRow
{
    public HistoryRow(int line, string accountId, bool? churned, AccountSignals signals)
    {
        Line = line;
        AccountId = accountId;
        Churned = churned;
        Signals = signals;
    }

    public int Line { get; }
    public string AccountId { get; }
    public bool? Churned { get; }
    public AccountSignals Signals { get; }
}

/// <summary>How to read a history or accounts file.</summary>
public sealed class HistoryReadOptions
{
    /// <summary>Header mapping from --columns / --map.</summary>
    public ColumnMap Map { get; init; } = new();
    /// <summary>True for backtest and calibrate: the churned column must exist and every row needs 0 or 1.</summary>
    public bool RequireOutcome { get; init; }
    /// <summary>Use the line number as account_id when the file has no account_id column.</summary>
    public bool LineNumbersAsIds { get; init; }
    /// <summary>Drop rows whose every field equals an earlier row's (published datasets often repeat rows).</summary>
    public bool DropDuplicates { get; init; }
}

/// <summary>What was read: the good rows, and everything a user should hear about the rest.</summary>
public sealed class HistoryData
{
    public List<HistoryRow> Rows { get; } = new();
    /// <summary>"line 7: ..." messages of rows that were skipped.</summary>
    public List<string> Errors { get; } = new();
    /// <summary>Headers that are neither history columns nor mapped; their values are ignored.</summary>
    public List<string> UnknownColumns { get; } = new();
    /// <summary>Mapped source headers that are not in the file.</summary>
    public List<string> UnusedMappings { get; } = new();
    /// <summary>Recognised columns, as "Header -> target".</summary>
    public List<string> RecognisedColumns { get; } = new();
    /// <summary>Data records in the file (after the header), good or bad, duplicates included.</summary>
    public int RecordsRead { get; set; }
    public int DuplicatesDropped { get; set; }
    public int RowsRejected => Errors.Count;
    /// <summary>Recognised columns whose every value is the same: they carry no signal.</summary>
    public List<string> ConstantColumns { get; } = new();

    private PopulationDistribution? _population;

    /// <summary>The file as the population: signals stated as shares, and change-only metrics, are judged against it.</summary>
    public PopulationDistribution Population => _population ??= PopulationDistribution.FromAccounts(Rows.Select(r => r.Signals));
}

/// <summary>
/// Reads the history CSV (the README, "History in, evidence out"): account_id, churned (0/1), and for each metric any of
/// &lt;metric&gt;, &lt;metric&gt;_previous, &lt;metric&gt;_change. Every signal column is optional; an empty cell is missing.
/// Whole-file problems throw <see cref="HistoryFileException"/>; a bad row is reported with its line and skipped.
/// </summary>
public static class HistoryReader
{
    private static readonly string[] MissingWords = { "", "na", "n/a", "nan", "null", "none", "-" };

    public static HistoryData Read(string path, HistoryReadOptions options)
    {
        if (Directory.Exists(path)) throw new HistoryFileException($"{path} is a folder; give a CSV file");
        if (!File.Exists(path)) throw new HistoryFileException($"file not found: {path}");
        CheckIsText(path);
        // Strict UTF-8: a file in another encoding is refused rather than read with its letters replaced by '\uFFFD'.
        using var reader = new StreamReader(path, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        try
        {
            return Read(reader, Path.GetFileName(path), options);
        }
        catch (DecoderFallbackException)
        {
            throw new HistoryFileException($"{Path.GetFileName(path)} is not UTF-8 text (Excel's \"CSV (Comma delimited)\" saves in the Windows code page); save it as \"CSV UTF-8 (Comma delimited)\" and run again, so that names such as Zürich are read as written");
        }
    }

    /// <summary>A binary file or a JSON document is refused with what it is, before it is parsed as CSV.</summary>
    private static void CheckIsText(string path)
    {
        var head = new byte[8192];
        int n;
        using (var stream = File.OpenRead(path)) n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var name = Path.GetFileName(path);
        // UTF-16 with a byte order mark (Excel's "Unicode text") is text; the reader detects it.
        if (n >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF))) return;
        if (Array.IndexOf(head, (byte)0, 0, n) >= 0)
            throw new HistoryFileException($"{name} is a binary file, not CSV text; export the data as CSV (comma separated, UTF-8) with a header line such as account_id,churned,logins");
        int i = n >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF ? 3 : 0;
        while (i < n && head[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') i++;
        if (i < n && head[i] is (byte)'{' or (byte)'[')
            throw new HistoryFileException($"{name} looks like JSON, not CSV; give a CSV file with a header line such as account_id,churned,logins");
    }

    public static HistoryData Read(TextReader reader, string name, HistoryReadOptions options)
    {
        var syntax = new List<CsvSyntaxError>();
        var records = CsvReader.Read(reader, syntax);
        var data = new HistoryData();
        if (records.Count == 0 && syntax.Count == 0) throw new HistoryFileException($"{name} is empty; expected a header line such as account_id,churned,logins,logins_previous");
        if (records.Count == 0 || (syntax.Count > 0 && syntax[0].Line < records[0].Line))
            throw new HistoryFileException($"{name}: the header line is not valid CSV: {syntax[0].Message}");

        var header = records[0];
        int width = header.Fields.Count;
        var targets = new ColumnTarget?[width];
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        int idColumn = -1, churnColumn = -1;
        for (int i = 0; i < width; i++)
        {
            string h = header.Fields[i].Trim().Trim('\uFEFF');
            if (!options.Map.TryGet(h, out var target) && !ColumnMap.TryParseTarget(h, out target))
            {
                data.UnknownColumns.Add(h.Length == 0 ? $"(column {i + 1}, no header)" : h);
                continue;
            }
            if (target.Role == ColumnRole.Ignore) continue;
            string key = target.ToString();
            if (seen.TryGetValue(key, out var other) && string.Equals(other, h, StringComparison.Ordinal))
                throw new HistoryFileException($"{name}: the header has the column '{h}' twice (columns {header.Fields.Select(f => f.Trim().Trim('\uFEFF')).ToList().IndexOf(h) + 1} and {i + 1}); rename or remove one of them");
            if (other != null)
                throw new HistoryFileException($"{name}: the columns '{other}' and '{h}' both mean {key}; map one of them to ignore");
            seen[key] = h;
            targets[i] = target;
            data.RecognisedColumns.Add(string.Equals(h, key, StringComparison.Ordinal) ? key : $"{h} -> {key}");
            if (target.Role == ColumnRole.AccountId) idColumn = i;
            if (target.Role == ColumnRole.Churned) churnColumn = i;
        }
        foreach (var source in options.Map.Sources)
        {
            if (!header.Fields.Any(h => ColumnMap.NormalizeHeader(h) == ColumnMap.NormalizeHeader(source))) data.UnusedMappings.Add(source);
        }
        if (idColumn < 0 && !options.LineNumbersAsIds)
            throw new HistoryFileException($"{name} has no account_id column (headers: {string.Join(", ", header.Fields)}); add one, map one with --map \"Your Header=account_id\", or use --line-ids");
        if (churnColumn < 0 && options.RequireOutcome)
            throw new HistoryFileException($"{name} has no churned column (0/1); map yours with --map \"Your Header=churned\"");

        // Syntax errors and data rows together, in line order.
        var lineErrors = syntax.Select(e => (e.Line, $"line {e.Line}: {e.Message}")).ToList();
        var seenRows = options.DropDuplicates ? new HashSet<string>(StringComparer.Ordinal) : null;
        data.RecordsRead = records.Count - 1 + syntax.Count(e => e.Line > header.Line);
        for (int r = 1; r < records.Count; r++)
        {
            var rec = records[r];
            if (seenRows != null && !seenRows.Add(string.Join("\u001f", rec.Fields)))
            {
                data.DuplicatesDropped++;
                continue;
            }
            var error = ReadRow(rec, targets, width, idColumn, churnColumn, options, out var row);
            if (error != null) lineErrors.Add((rec.Line, $"line {rec.Line}: {error}"));
            else data.Rows.Add(row!);
        }
        foreach (var e in lineErrors.OrderBy(e => e.Line)) data.Errors.Add(e.Item2);
        FindConstantColumns(data, targets, header.Fields);
        return data;
    }

    private static string? ReadRow(CsvRecord rec, ColumnTarget?[] targets, int width, int idColumn, int churnColumn,
        HistoryReadOptions options, out HistoryRow? row)
    {
        row = null;
        if (rec.Fields.Count != width)
            return $"expected {width} fields as in the header, found {rec.Fields.Count}";
        string id = idColumn >= 0 ? rec.Fields[idColumn].Trim() : rec.Line.ToString(CultureInfo.InvariantCulture);
        if (id.Length == 0) return "account_id is empty";
        bool? churned = null;
        if (churnColumn >= 0)
        {
            string v = rec.Fields[churnColumn].Trim().ToLowerInvariant();
            switch (v)
            {
                case "1" or "true" or "yes": churned = true; break;
                case "0" or "false" or "no": churned = false; break;
                case "": break;
                default: return $"churned is '{rec.Fields[churnColumn].Trim()}'; it must be 0 or 1";
            }
        }
        if (churned == null && options.RequireOutcome) return "churned is empty; it must be 0 or 1";

        var signals = new AccountSignals { AccountId = id };
        for (int i = 0; i < width; i++)
        {
            if (targets[i] is not { } t || t.Role is ColumnRole.AccountId or ColumnRole.Churned) continue;
            string text = rec.Fields[i].Trim();
            if (Array.IndexOf(MissingWords, text.ToLowerInvariant()) >= 0) continue;
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || double.IsNaN(value) || double.IsInfinity(value))
                return $"{t} is '{text}', not a number (use . for decimals; leave the cell empty when unknown)";
            string? problem = CheckValue(t, value);
            if (problem != null) return problem;
            switch (t.Role)
            {
                case ColumnRole.Current: signals.SetCurrent(t.Metric, value); break;
                case ColumnRole.Previous: signals.SetPrevious(t.Metric, value); break;
                default: signals.SetChange(t.Metric, value); break;
            }
        }
        foreach (var metric in MetricNames.All())
        {
            string? disagreement = Disagreement(signals, metric);
            if (disagreement != null) return disagreement;
        }
        row = new HistoryRow(rec.Line, id, churned, signals);
        return null;
    }

    /// <summary>A row that gives a metric's level, previous level and change must have change = level - previous.</summary>
    private static string? Disagreement(AccountSignals s, Metric metric)
    {
        double current = s.Current(metric), previous = s.Previous(metric), change = s.Change(metric);
        // Current() derives from the other two when it is not stored; only three stored values can disagree.
        if (!s.HasAny(metric) || double.IsNaN(current) || double.IsNaN(previous) || double.IsNaN(change)) return null;
        double derived = current - previous;
        if (Math.Abs(derived - change) <= 1e-6 * Math.Max(1, Math.Max(Math.Abs(current), Math.Abs(previous)))) return null;
        string name = MetricNames.Name(metric);
        return $"{name}_change is {Fmt(change)} but {name} - {name}_previous is {Fmt(derived)} ({Fmt(current)} - {Fmt(previous)}); the three disagree, so the row is skipped: fix the export or drop one of the columns";
    }

    /// <summary>Recognised signal columns whose every known value is the same, as "Header (every value is V)".</summary>
    private static void FindConstantColumns(HistoryData data, ColumnTarget?[] targets, IReadOnlyList<string> headers)
    {
        if (data.Rows.Count < 2) return;
        for (int i = 0; i < targets.Length; i++)
        {
            if (targets[i] is not { } t || t.Role is ColumnRole.AccountId or ColumnRole.Churned or ColumnRole.Ignore) continue;
            double first = double.NaN;
            bool constant = true;
            int known = 0;
            foreach (var row in data.Rows)
            {
                double v = t.Role switch
                {
                    ColumnRole.Current => row.Signals.Current(t.Metric),
                    ColumnRole.Previous => row.Signals.Previous(t.Metric),
                    _ => row.Signals.Change(t.Metric),
                };
                if (double.IsNaN(v)) continue;
                known++;
                if (double.IsNaN(first)) first = v;
                else if (v != first) { constant = false; break; }
            }
            if (constant && known > 0) data.ConstantColumns.Add($"{headers[i].Trim().Trim('\uFEFF')} (every value is {Fmt(first)})");
        }
    }

    private static string? CheckValue(ColumnTarget t, double value)
    {
        if (t.Role == ColumnRole.Change) return null;
        if (value < 0) return $"{t} is {Fmt(value)}; a level cannot be negative";
        if (t.Metric == Metric.Satisfaction && value > 100) return $"{t} is {Fmt(value)}; satisfaction runs from 0 to 100";
        if (t.Metric == Metric.Severity && value > 4) return $"{t} is {Fmt(value)}; severity is the mean priority from 1 (low) to 4 (critical), 0 with no cases";
        if (t.Metric == Metric.ChampionLeft && value != 0 && value != 1) return $"{t} is {Fmt(value)}; it must be 0 or 1";
        return null;
    }

    private static string Fmt(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
