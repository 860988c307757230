using System.CommandLine;
using Spectre.Console;

namespace WinBack.Cli;

/// <summary>
/// One `winback` sub-command. Commands are found by reflection, so adding one is adding a class: it declares its
/// System.CommandLine <see cref="Command"/> (name, description, options) and runs on the parsed command line.
/// No central switch to edit; help, completions and the usage errors come from the declaration.
/// </summary>
public interface ICommand
{
    /// <summary>
    /// The command as System.CommandLine sees it: the word typed after `winback`, its description for help, and its
    /// options and arguments (built with <see cref="CliOptions"/> so bad values are worded as everywhere else).
    /// Called once per run; keep the options in fields so <see cref="Run"/> reads them back.
    /// </summary>
    Command Declare();

    /// <summary>
    /// Runs the command on a command line that parsed without errors. Returns the process exit code (0 ok, 1 failure,
    /// 2 usage error); a <see cref="UsageException"/> is a usage error too.
    /// </summary>
    int Run(ParseResult parsed, CommandContext context);
}

/// <summary>Where a command writes, and the folder it resolves relative paths against.</summary>
public sealed class CommandContext
{
    public CommandContext(TextWriter output, TextWriter error, string workingDirectory)
    {
        Output = output;
        Error = error;
        WorkingDirectory = workingDirectory;
    }

    public TextWriter Output { get; }
    public TextWriter Error { get; }
    public string WorkingDirectory { get; }

    /// <summary>
    /// True when standard output is a terminal that may be drawn on: progress redraws in place, tables and colours
    /// use ANSI. False when it is redirected or NO_COLOR is set: plain lines only.
    /// </summary>
    public bool Interactive { get; init; }

    /// <summary>The same for the error stream, where progress goes when standard output carries a result (--json).</summary>
    public bool ErrorInteractive { get; init; }

    /// <summary>Whether <paramref name="writer"/> (<see cref="Output"/> or <see cref="Error"/>) is an interactive terminal.</summary>
    public bool IsInteractive(TextWriter writer) => ReferenceEquals(writer, Output) ? Interactive : ReferenceEquals(writer, Error) && ErrorInteractive;

    /// <summary>
    /// A Spectre.Console console that writes to <paramref name="writer"/>: with ANSI and colours on an interactive
    /// terminal, and without any escape sequence otherwise (a file, a pipe, a test, NO_COLOR).
    /// </summary>
    public IAnsiConsole Console(TextWriter writer)
    {
        var interactive = IsInteractive(writer);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        // Redirected output has no width: wide enough that tables keep one line per row in a file or a pipe.
        if (!interactive) console.Profile.Width = PlainWidth;
        return console;
    }

    /// <summary>The width tables are laid out in when the output is not a terminal.</summary>
    public const int PlainWidth = 200;

    public string ResolvePath(string path) => Path.GetFullPath(path, WorkingDirectory);
}

/// <summary>A usage mistake: the message says what is wrong; the caller prints the usage after it.</summary>
public sealed class UsageException : Exception
{
    public UsageException(string message) : base(message) { }
}
