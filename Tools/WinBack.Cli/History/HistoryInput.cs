using System.Globalization;
using WinBack.Core.Disengagement;

namespace WinBack.Cli.History;

/// <summary>The input options the score, backtest and calibrate commands share, and how they are read and reported.</summary>
public static class HistoryInput
{
    /// <summary>Where the help sends a user for the CSV format.</summary>
    public const string FormatHelp = "The CSV format is described in the README, section \"History in, evidence out\".";

    /// <summary>The files the options name for reading, which --output must not overwrite.</summary>
    public static (string Option, string? Path)[] InputFiles(HistoryArgs args) =>
        [("--input", args.Input), ("--policy", args.Policy), .. args.Columns.Select(c => ("--columns", (string?)c))];

    /// <summary>Reads the map options; a bad map entry is a usage error.</summary>
    public static ColumnMap ReadMap(HistoryArgs args, CommandContext context)
    {
        var map = new ColumnMap();
        try
        {
            foreach (var file in args.Columns) map.AddFile(context.ResolvePath(file));
            foreach (var list in args.Maps) map.AddList(list);
        }
        catch (HistoryFileException e)
        {
            throw new UsageException(Printable(e.Message));
        }
        return map;
    }

    /// <summary>Far above any real policy (a few KB): a bigger file is the wrong file, and is not read into memory.</summary>
    public const long MaxPolicyBytes = 1024 * 1024;

    /// <summary>Reads the policy file, or the built-in policy. Null (after printing the error) when it is invalid.</summary>
    public static Policy? ReadPolicy(HistoryArgs args, CommandContext context, string command)
    {
        var path = args.Policy;
        if (path == null) return Policy.Default;
        var full = context.ResolvePath(path);
        if (Directory.Exists(full))
        {
            context.Error.WriteLine($"winback {command}: --policy {full} is a folder; give the policy JSON file");
            return null;
        }
        if (!File.Exists(full))
        {
            context.Error.WriteLine($"winback {command}: policy file not found: {full}");
            return null;
        }
        try
        {
            var size = new FileInfo(full).Length;
            if (size > MaxPolicyBytes)
            {
                context.Error.WriteLine($"winback {command}: {Path.GetFileName(full)} is {(size / 1024).ToString("N0", CultureInfo.InvariantCulture)} KB; a policy JSON is a few KB, so this is not one. Give the policy file (e.g. one written by winback calibrate)");
                return null;
            }
            var text = File.ReadAllText(full);
            if (text.Contains('\0'))
            {
                context.Error.WriteLine($"winback {command}: {Path.GetFileName(full)} is a binary file, not policy JSON; give a JSON file such as one written by winback calibrate");
                return null;
            }
            return Policy.Parse(text);
        }
        catch (PolicyException e)
        {
            context.Error.WriteLine($"winback {command}: {Path.GetFileName(full)}: {Printable(e.Message)}");
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            context.Error.WriteLine($"winback {command}: cannot read policy file {full}: {e.Message}");
            return null;
        }
    }

    /// <summary>
    /// Reads the input and reports on the error stream what was skipped: unknown columns, unused mappings,
    /// duplicates, and each bad row with its line number (the first 20, then a count).
    /// Returns null (after printing why) when the file cannot be read at all or has no usable row.
    /// </summary>
    public static HistoryData? Load(HistoryArgs args, CommandContext context, string command, bool requireOutcome)
    {
        if (args.Input == "-")
            throw new UsageException("--input - (standard input) is not supported; save the CSV to a file and give its path");
        var input = context.ResolvePath(args.Input);
        var options = new HistoryReadOptions
        {
            Map = ReadMap(args, context),
            RequireOutcome = requireOutcome,
            LineNumbersAsIds = args.LineIds,
            DropDuplicates = args.DropDuplicates,
        };
        HistoryData data;
        try
        {
            data = HistoryReader.Read(input, options);
        }
        catch (HistoryFileException e)
        {
            context.Error.WriteLine($"winback {command}: {Printable(e.Message)}");
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            context.Error.WriteLine($"winback {command}: cannot read {input}: {e.Message}");
            return null;
        }
        var err = context.Error;
        if (data.UnknownColumns.Count > 0)
            err.WriteLine($"winback {command}: ignored {data.UnknownColumns.Count} unknown column(s): {Printable(string.Join(", ", data.UnknownColumns))}");
        if (data.UnusedMappings.Count > 0)
            err.WriteLine($"winback {command}: mapped header(s) not in the file: {Printable(string.Join(", ", data.UnusedMappings))}");
        if (data.DuplicatesDropped > 0)
            err.WriteLine($"winback {command}: dropped {data.DuplicatesDropped} duplicate row(s)");
        foreach (var c in data.ConstantColumns)
            err.WriteLine($"winback {command}: column {Printable(c)}: the same in every row, so it carries no signal here");
        foreach (var e in data.Errors.Take(20)) err.WriteLine($"winback {command}: {Path.GetFileName(input)} {Printable(e)}");
        if (data.Errors.Count > 20) err.WriteLine($"winback {command}: ... and {data.Errors.Count - 20} more bad row(s)");
        if (data.Errors.Count > 0)
            err.WriteLine($"winback {command}: {data.Errors.Count} bad row(s) skipped; {data.Rows.Count} row(s) used of {data.RecordsRead}");
        if (data.RecordsRead == 0)
        {
            err.WriteLine($"winback {command}: no usable rows in {Path.GetFileName(input)}: it has a header line but no account rows; add one row per account below the header");
            return null;
        }
        if (data.Rows.Count == 0)
        {
            err.WriteLine($"winback {command}: no usable rows in {Path.GetFileName(input)}");
            return null;
        }
        return data;
    }

    /// <summary>
    /// Text from a user's file made safe to print on a terminal: control characters (escape sequences, bells,
    /// backspaces, line breaks) are shown as \uXXXX instead of being obeyed.
    /// </summary>
    public static string Printable(string text)
    {
        if (!text.Any(char.IsControl)) return text;
        var sb = new System.Text.StringBuilder(text.Length + 16);
        foreach (var ch in text)
        {
            if (char.IsControl(ch)) sb.Append("\\u").Append(((int)ch).ToString("X4", CultureInfo.InvariantCulture));
            else sb.Append(ch);
        }
        return sb.ToString();
    }

    public static string F(double v, string format = "0.000") =>
        double.IsNaN(v) ? "n/a" : v.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>Common JSON fields about the input.</summary>
    public static void WriteInputJson(WinBack.Core.Json.JsonWriter w, HistoryData data)
    {
        w.Property("rows_read", data.RecordsRead);
        w.Property("rows_rejected", data.RowsRejected);
        w.Property("duplicates_dropped", data.DuplicatesDropped);
        w.Name("unknown_columns").StartArray();
        foreach (var c in data.UnknownColumns) w.Value(c);
        w.EndArray();
        w.Name("constant_columns").StartArray();
        foreach (var c in data.ConstantColumns) w.Value(c);
        w.EndArray();
        w.Name("errors").StartArray();
        foreach (var e in data.Errors.Take(100)) w.Value(e);
        w.EndArray();
    }
}
