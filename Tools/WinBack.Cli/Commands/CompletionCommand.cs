using System.CommandLine;

namespace WinBack.Cli.Commands;

/// <summary>
/// `winback completion bash|zsh`: a script that completes winback's commands, options and values in the shell.
/// The completions are System.CommandLine's own (its [suggest] directive), so they follow every command's declaration.
/// </summary>
public sealed class CompletionCommand : ICommand
{
    private readonly Argument<string> _shell = new Argument<string>("SHELL") { Description = "bash or zsh" }.AcceptOnlyFromAmong("bash", "zsh");

    public Command Declare() => new("completion",
        "Print a script that completes winback's commands and options in bash or zsh.\n" +
        "Load it in the current shell with: source <(Tools/winback completion bash)\n" +
        "or add that line to ~/.bashrc (~/.zshrc with zsh). File names are completed where no option value is known.")
    {
        _shell,
    };

    public int Run(ParseResult parsed, CommandContext context)
    {
        var shell = parsed.GetValue(_shell)!;
        // The built winback itself, not Tools/winback: that script builds first, far too slow for every Tab.
        var dll = typeof(Program).Assembly.Location;
        var host = Environment.ProcessPath ?? "dotnet";
        var invoke = Path.GetFileNameWithoutExtension(host) == "dotnet" ? $"{Quote(host)} {Quote(dll)}" : Quote(host);
        if (shell == "zsh") context.Output.WriteLine("autoload -U +X bashcompinit && bashcompinit");
        context.Output.WriteLine($$"""
            # winback completion for {{shell}}: completes commands, options and option values; file names otherwise.
            _winback_complete() {
              local line="${COMP_LINE:0:COMP_POINT}"
              line="${line#*[[:space:]]}"
              local IFS=$'\n'
              COMPREPLY=($({{invoke}} "[suggest:${#line}]" "$line" 2>/dev/null))
            }
            complete -o default -F _winback_complete winback
            """);
        return 0;
    }

    /// <summary>A path in single quotes for the shell.</summary>
    private static string Quote(string path) => "'" + path.Replace("'", "'\\''") + "'";
}
