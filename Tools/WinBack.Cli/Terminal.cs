using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace WinBack.Cli;

/// <summary>
/// Progress of long steps. On an interactive terminal (see <see cref="CommandContext.Interactive"/>): Spectre.Console's
/// live progress bars, redrawn in place. Otherwise (a file, a pipe, a test, NO_COLOR): one plain line per tenth done,
/// such as "Recalculating: 50/50 (100%) 7 flagged in this page", and no escape sequence or carriage return.
/// </summary>
public sealed class LiveProgress
{
    private readonly ProgressContext? _live;
    private readonly TextWriter _writer;
    private readonly List<string> _summaries = new();

    private LiveProgress(ProgressContext? live, TextWriter writer)
    {
        _live = live;
        _writer = writer;
    }

    /// <summary>Runs <paramref name="work"/>, whose steps report to <paramref name="writer"/> (the command's output or error stream).</summary>
    public static void Run(CommandContext context, TextWriter writer, Action<LiveProgress> work)
    {
        if (!context.IsInteractive(writer))
        {
            work(new LiveProgress(null, writer));
            return;
        }
        List<string> pending = [];
        context.Console(writer).Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .Start(live =>
            {
                var progress = new LiveProgress(live, writer);
                work(progress);
                pending = progress._summaries;
            });
        foreach (var summary in pending) writer.WriteLine(summary);
    }

    /// <summary>A step of <paramref name="total"/> units, e.g. "Recalculating" over the accounts.</summary>
    public Step Add(string label, int total) => new(this, label, Math.Max(1, total));

    public sealed class Step
    {
        private readonly LiveProgress _owner;
        private readonly string _label;
        private readonly int _total;
        private readonly ProgressTask? _task;
        private int _lastPercent = -1;

        internal Step(LiveProgress owner, string label, int total)
        {
            _owner = owner;
            _label = label;
            _total = total;
            _task = owner._live?.AddTask(Markup.Escape(label), maxValue: total);
        }

        /// <summary><paramref name="done"/> of the step's units are done; <paramref name="detail"/> says what was just done.</summary>
        public void Report(int done, string detail = "")
        {
            var percent = (int)(100L * Math.Min(done, _total) / _total);
            if (_task != null)
            {
                _task.Value = Math.Min(done, _total);
                _task.Description = Markup.Escape(detail.Length == 0 ? _label : $"{_label}: {detail}");
            }
            else if (percent != _lastPercent && (percent == 100 || percent / 10 != _lastPercent / 10))
            {
                _owner._writer.WriteLine($"{_label}: {done}/{_total} ({percent}%) {detail}".TrimEnd());
            }
            _lastPercent = percent;
        }

        /// <summary>
        /// The step is done: <paramref name="summary"/> is printed as a line, at once in plain output, and below the
        /// bars once they stop on a terminal (a long line beside a bar would push the bar onto the next line).
        /// </summary>
        public void Finish(string summary)
        {
            if (_task != null)
            {
                _task.Value = _total;
                _task.Description = Markup.Escape(_label);
                _owner._summaries.Add(summary);
            }
            else
            {
                _owner._writer.WriteLine(summary);
            }
        }
    }
}

/// <summary>
/// Tables drawn by Spectre.Console: rounded borders and colours on an interactive terminal, plain ASCII with no escape
/// sequence when the output is a file or a pipe, so the same report reads well in both and greps cleanly.
/// </summary>
public static class Tables
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>A table with these column headers; a header starting with '>' is right-aligned (numbers).</summary>
    public static Table New(CommandContext context, TextWriter writer, params string[] headers)
    {
        var interactive = context.IsInteractive(writer);
        var table = new Table { Border = interactive ? TableBorder.Rounded : TableBorder.Ascii };
        foreach (var header in headers)
        {
            var right = header.StartsWith('>');
            var column = new TableColumn(new Text(right ? header[1..] : header, interactive ? new Style(decoration: Decoration.Bold) : Style.Plain));
            if (right) column.RightAligned();
            table.AddColumn(column);
        }
        return table;
    }

    /// <summary>Writes <paramref name="table"/> to <paramref name="writer"/>.</summary>
    public static void Write(CommandContext context, TextWriter writer, IRenderable table)
    {
        context.Console(writer).Write(table);
        writer.Flush();
    }

    /// <summary>Plain text for a cell: user data is never read as markup.</summary>
    public static Text Cell(string text, Style? style = null) => new(text, style ?? Style.Plain);

    public static Text Cell(int value) => new(value.ToString(Inv));

    /// <summary>A risk band in its colour: Disengaged red, At risk orange, Watch yellow, Healthy green (colours only on a terminal).</summary>
    public static Text Band(string band) => new(band, band switch
    {
        "Disengaged" => new Style(Color.Red, decoration: Decoration.Bold),
        "At risk" => new Style(Color.Orange1),
        "Watch" => new Style(Color.Yellow),
        "Healthy" => new Style(Color.Green),
        _ => Style.Plain,
    });
}
