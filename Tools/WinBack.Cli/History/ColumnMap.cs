using System.Text;
using WinBack.Core.Disengagement;

namespace WinBack.Cli.History;

/// <summary>What a CSV column means to the history reader.</summary>
public enum ColumnRole { AccountId, Churned, Current, Previous, Change, Ignore }

/// <summary>A recognised column: its role and, for signal columns, the metric.</summary>
public readonly record struct ColumnTarget(ColumnRole Role, Metric Metric)
{
    public override string ToString() => Role switch
    {
        ColumnRole.AccountId => "account_id",
        ColumnRole.Churned => "churned",
        ColumnRole.Ignore => "ignore",
        ColumnRole.Current => MetricNames.Name(Metric),
        ColumnRole.Previous => MetricNames.Name(Metric) + "_previous",
        _ => MetricNames.Name(Metric) + "_change",
    };
}

/// <summary>
/// Maps an organisation's own export headers to the history columns without editing the file.
/// Entries are "Source Header=target" where target is account_id, churned, a metric (logins), a metric with
/// _previous or _change, or ignore. Headers match after trimming, collapsing runs of spaces and ignoring case,
/// so "Call  Failure" and "call failure" are the same header.
/// </summary>
public sealed class ColumnMap
{
    private readonly Dictionary<string, (ColumnTarget Target, string Source)> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    /// <summary>The source headers of the map (as written), for "matches no column" warnings.</summary>
    public IEnumerable<string> Sources => _entries.Values.Select(e => e.Source);

    /// <summary>Adds entries from a --map value: "A=logins,B=churned".</summary>
    public void AddList(string list, string origin = "--map")
    {
        foreach (var part in list.Split(','))
        {
            if (part.Trim().Length == 0) continue;
            Add(part, origin);
        }
    }

    /// <summary>Adds entries from a --columns file: one "Source Header=target" per line; # starts a comment.</summary>
    public void AddFile(string path)
    {
        if (Directory.Exists(path)) throw new HistoryFileException($"--columns {path} is a folder; give the column map file (one \"Your Header=column\" per line)");
        if (!File.Exists(path)) throw new HistoryFileException($"column map file not found: {path}");
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HistoryFileException($"cannot read column map file {path}: {e.Message}");
        }
        if (lines.Any(l => l.Contains('\0')))
            throw new HistoryFileException($"{Path.GetFileName(path)} is a binary file, not a column map; give a text file with one \"Your Header=column\" per line");
        int n = 0;
        foreach (var raw in lines)
        {
            n++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            Add(line, $"{Path.GetFileName(path)} line {n}");
        }
    }

    /// <summary>The target of a header, if the map names it.</summary>
    public bool TryGet(string header, out ColumnTarget target)
    {
        if (_entries.TryGetValue(NormalizeHeader(header), out var e)) { target = e.Target; return true; }
        target = default;
        return false;
    }

    /// <summary>True when the map has an entry for this header.</summary>
    public bool Covers(string header) => _entries.ContainsKey(NormalizeHeader(header));

    private void Add(string entry, string origin)
    {
        int eq = entry.LastIndexOf('=');
        if (eq <= 0 || eq == entry.Length - 1)
            throw new HistoryFileException($"{origin}: '{entry.Trim()}' is not of the form Source Header=target");
        string source = entry[..eq].Trim();
        string targetName = entry[(eq + 1)..].Trim();
        if (!TryParseTarget(targetName, out var target))
            throw new HistoryFileException($"{origin}: '{targetName}' is not a history column; use account_id, churned, ignore, a metric ({string.Join(", ", MetricNames.All().Select(MetricNames.Name))}) or a metric with _previous or _change");
        string key = NormalizeHeader(source);
        if (_entries.ContainsKey(key))
            throw new HistoryFileException($"{origin}: the header '{source}' is mapped twice");
        _entries[key] = (target, source);
    }

    /// <summary>Trim, collapse runs of whitespace to one space, lower case.</summary>
    public static string NormalizeHeader(string header)
    {
        var sb = new StringBuilder(header.Length);
        bool space = false;
        foreach (char c in header.Trim().Trim('\uFEFF').Trim())
        {
            if (char.IsWhiteSpace(c)) { space = true; continue; }
            if (space && sb.Length > 0) sb.Append(' ');
            space = false;
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }

    /// <summary>Reads a history column name: account_id, churned, ignore, logins, logins_previous, logins_change...
    /// Spaces and hyphens count as underscores and case is ignored ("Active Users" = active_users).</summary>
    public static bool TryParseTarget(string name, out ColumnTarget target)
    {
        string n = NormalizeHeader(name).Replace(' ', '_').Replace('-', '_');
        target = default;
        switch (n)
        {
            case "account_id": target = new ColumnTarget(ColumnRole.AccountId, default); return true;
            case "churned": target = new ColumnTarget(ColumnRole.Churned, default); return true;
            case "ignore": target = new ColumnTarget(ColumnRole.Ignore, default); return true;
        }
        var role = ColumnRole.Current;
        if (n.EndsWith("_previous", StringComparison.Ordinal)) { role = ColumnRole.Previous; n = n[..^"_previous".Length]; }
        else if (n.EndsWith("_change", StringComparison.Ordinal)) { role = ColumnRole.Change; n = n[..^"_change".Length]; }
        if (!MetricNames.TryParse(n, out var metric)) return false;
        target = new ColumnTarget(role, metric);
        return true;
    }
}

/// <summary>A problem with a whole file (missing, empty, no account_id column, a bad map): nothing can be read.</summary>
public sealed class HistoryFileException : Exception
{
    public HistoryFileException(string message) : base(message) { }
}
