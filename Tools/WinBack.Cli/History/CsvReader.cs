using System.Text;

namespace WinBack.Cli.History;

/// <summary>One CSV record and the 1-based line on which it starts.</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);

/// <summary>A record that breaks RFC 4180 (e.g. a stray or unclosed quote). The reader resumes at the next line.</summary>
public sealed class CsvSyntaxError
{
    public CsvSyntaxError(int line, string message) { Line = line; Message = message; }
    public int Line { get; }
    public string Message { get; }
}

/// <summary>
/// An RFC 4180 reader: comma separated, fields optionally in double quotes, "" for a quote inside quotes,
/// line breaks (CRLF or LF) allowed inside quoted fields. Lines that are completely empty are skipped.
/// A malformed record is reported with its line and skipped; the records around it are still read.
/// </summary>
public static class CsvReader
{
    /// <summary>Reads every record; syntax errors go to <paramref name="errors"/>.</summary>
    public static List<CsvRecord> Read(TextReader reader, List<CsvSyntaxError> errors)
    {
        var records = new List<CsvRecord>();
        var fields = new List<string>();
        var field = new StringBuilder();
        int line = 1, recordLine = 1;
        bool inQuotes = false, quoted = false, afterQuote = false, broken = false;
        string? brokenMessage = null;

        void EndField()
        {
            fields.Add(field.ToString());
            field.Clear();
            quoted = false;
            afterQuote = false;
        }

        void EndRecord()
        {
            EndField();
            if (broken) errors.Add(new CsvSyntaxError(recordLine, brokenMessage!));
            else if (!(fields.Count == 1 && fields[0].Length == 0)) records.Add(new CsvRecord(recordLine, fields.ToArray()));
            fields.Clear();
            broken = false;
            brokenMessage = null;
        }

        int c;
        while ((c = reader.Read()) != -1)
        {
            char ch = (char)c;
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"') { reader.Read(); field.Append('"'); }
                    else { inQuotes = false; afterQuote = true; }
                }
                else
                {
                    if (ch == '\n') line++;
                    field.Append(ch);
                }
                continue;
            }
            switch (ch)
            {
                case ',':
                    EndField();
                    break;
                case '\r':
                    if (reader.Peek() == '\n') reader.Read();
                    EndRecord();
                    line++;
                    recordLine = line;
                    break;
                case '\n':
                    EndRecord();
                    line++;
                    recordLine = line;
                    break;
                case '"':
                    if (field.Length == 0 && !quoted) { inQuotes = true; quoted = true; }
                    else if (!broken) { broken = true; brokenMessage = "a double quote inside an unquoted field; quote the whole field and double the quote (\"\")"; }
                    break;
                default:
                    if (afterQuote && !broken) { broken = true; brokenMessage = "text after a closing quote; a quoted field must end at a comma or the end of the line"; }
                    field.Append(ch);
                    break;
            }
        }
        if (inQuotes)
        {
            errors.Add(new CsvSyntaxError(recordLine, "a quoted field is not closed before the end of the file"));
        }
        else if (field.Length > 0 || fields.Count > 0 || quoted)
        {
            EndRecord();
        }
        return records;
    }
}
