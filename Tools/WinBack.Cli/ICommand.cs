namespace WinBack.Cli;

/// <summary>
/// One `winback` sub-command. Commands are found by reflection, so adding one is adding a class:
/// no central switch to edit.
/// </summary>
public interface ICommand
{
    /// <summary>The word typed after `winback`, e.g. "inspect".</summary>
    string Name { get; }

    /// <summary>One line for `winback help`.</summary>
    string Summary { get; }

    /// <summary>Full usage text for `winback help NAME` and for usage errors.</summary>
    string Usage { get; }

    /// <summary>Runs the command. Returns the process exit code (0 ok, 1 failure, 2 usage error).</summary>
    int Run(IReadOnlyList<string> args, CommandContext context);
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

    /// <summary>True when output goes to a terminal, so progress bars may redraw in place.</summary>
    public bool Interactive { get; init; }

    public string ResolvePath(string path) => Path.GetFullPath(path, WorkingDirectory);
}

/// <summary>A usage mistake: the message says what is wrong; the caller prints the usage after it.</summary>
public sealed class UsageException : Exception
{
    public UsageException(string message) : base(message) { }
}
