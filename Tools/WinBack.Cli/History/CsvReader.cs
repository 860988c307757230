using CsvHelper;

namespace WinBack.Cli.History;

/// <summary>One CSV record and the 1-based line on which it starts.</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);

/// <summary>A record that breaks RFC 4180 (e.g. a stray or unclosed quote). The reader resumes at the next record.</summary>
public sealed class CsvSyntaxError
{
    public CsvSyntaxError(int line, string message) { Line = line; Message = message; }
    public int Line { get; }
    public string Message { get; }
}

/// <summary>
/// RFC 4180 reading on CsvHelper: comma separated, fields optionally in double quotes, "" for a quote inside quotes,
/// line breaks (CRLF, LF or CR) allowed inside quoted fields, completely empty lines skipped. A record with malformed
/// quoting is reported with the line it starts on and skipped; the records around it are still read.
/// </summary>
public static class CsvReader
{
    /// <summary>Reads every record; syntax errors go to <paramref name="errors"/>.</summary>
    public static List<CsvRecord> Read(TextReader reader, List<CsvSyntaxError> errors)
    {
        var options = new CsvReaderOptions
        {
            // The history format is comma separated: never guessed from the data, which could pick ';' or '|'.
            Separator = ',',
            HasHeader = false,
            Mode = CsvMode.Rfc4180,
            AllowLineBreaksInQuotes = true,
            SkipEmptyLines = true,
            TrimWhitespace = false,
            TrackLineNumbers = true,
            // The header is a record like any other here; the history reader reports field counts in its own words.
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MalformedData = CsvMalformedDataHandling.Skip,
            OnMalformedRecord = bad => errors.Add(new CsvSyntaxError(checked((int)bad.LineNumber), Describe(bad.Reason))),
        };
        var records = new List<CsvRecord>();
        using var csv = CsvHelper.CsvReader.Create(reader, options, leaveOpen: true);
        while (csv.Read())
        {
            var fields = new string[csv.FieldCount];
            for (int i = 0; i < fields.Length; i++) fields[i] = csv.GetString(i) ?? "";
            records.Add(new CsvRecord(checked((int)csv.LineNumber), fields));
        }
        errors.Sort((a, b) => a.Line.CompareTo(b.Line));
        return records;
    }

    private static string Describe(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.StrayQuote => "a double quote inside an unquoted field; quote the whole field and double the quote (\"\")",
        CsvMalformedReason.TextAfterClosingQuote => "text after a closing quote; a quoted field must end at a comma or the end of the line",
        CsvMalformedReason.UnterminatedQuote => "a quoted field is not closed before the end of the file",
        _ => "the record is not valid CSV (" + reason + ")",
    };
}
