using System.Reflection;

namespace WinBack.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        var context = new CommandContext(Console.Out, Console.Error, Environment.CurrentDirectory)
        {
            Interactive = !Console.IsOutputRedirected,
        };
        return Run(args, context);
    }

    /// <summary>Entry point shared by Main and the tests.</summary>
    public static int Run(IReadOnlyList<string> args, CommandContext context)
    {
        var commands = Commands();
        if (args.Count == 0 || args[0] is "help" or "--help" or "-h")
        {
            if (args.Count > 1 && commands.TryGetValue(args[1], out var described))
            {
                context.Output.WriteLine(described.Usage);
                return 0;
            }
            if (args.Count > 1)
            {
                context.Error.WriteLine($"winback: no command '{History.HistoryInput.Printable(args[1])}'.{Suggestion(commands, args[1])} Run 'winback help' to see the commands.");
                return 2;
            }
            PrintHelp(commands.Values, context.Output);
            return args.Count == 0 ? 2 : 0;
        }

        if (!commands.TryGetValue(args[0], out var command))
        {
            context.Error.WriteLine($"winback: unknown command '{History.HistoryInput.Printable(args[0])}'.{Suggestion(commands, args[0])} Run 'winback help' to see the commands.");
            return 2;
        }

        var rest = args.Skip(1).ToArray();
        if (rest.Any(a => a is "--help" or "-h"))
        {
            context.Output.WriteLine(command.Usage);
            return 0;
        }

        try
        {
            return command.Run(rest, context);
        }
        catch (UsageException e)
        {
            context.Error.WriteLine($"winback {command.Name}: {History.HistoryInput.Printable(e.Message)}{OtherCommands(commands, command, e.Message)}");
            context.Error.WriteLine();
            context.Error.WriteLine(command.Usage);
            return 2;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A safety net: a failure no command foresaw is reported in one line, never as a stack trace.
            context.Error.WriteLine($"winback {command.Name}: failed: {History.HistoryInput.Printable(e.Message)} ({e.GetType().Name})");
            context.Error.WriteLine($"winback {command.Name}: if the input looks right, report this message with the command line.");
            return 1;
        }
    }

    public static IReadOnlyDictionary<string, ICommand> Commands() =>
        typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(ICommand).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
            .Select(t => (ICommand)Activator.CreateInstance(t)!)
            .ToDictionary(c => c.Name, StringComparer.Ordinal);

    /// <summary>For an unknown option that another command takes: " (--folds is an option of: calibrate)".</summary>
    private static string OtherCommands(IReadOnlyDictionary<string, ICommand> commands, ICommand current, string message)
    {
        var match = System.Text.RegularExpressions.Regex.Match(message, "^unknown option '(--[A-Za-z0-9-]+)");
        if (!match.Success) return "";
        var option = match.Groups[1].Value;
        var owners = commands.Values
            .Where(c => c != current && System.Text.RegularExpressions.Regex.IsMatch(c.Usage, "(^|[\\s\\[])" + System.Text.RegularExpressions.Regex.Escape(option) + "([\\s=\\]]|$)"))
            .Select(c => c.Name).OrderBy(n => n, StringComparer.Ordinal).ToList();
        return owners.Count == 0 ? "" : $" ({option} is an option of: {string.Join(", ", owners)})";
    }

    /// <summary>" Did you mean 'score'?" when the word is a command in other letter case, else "".</summary>
    private static string Suggestion(IReadOnlyDictionary<string, ICommand> commands, string word)
    {
        var match = commands.Keys.FirstOrDefault(k => string.Equals(k, word.Trim(), StringComparison.OrdinalIgnoreCase));
        return match == null ? "" : $" Did you mean '{match}'?";
    }

    private static void PrintHelp(IEnumerable<ICommand> commands, TextWriter output)
    {
        output.WriteLine("winback: win-back tooling for Dataverse, run against a local in-memory Dataverse.");
        output.WriteLine();
        output.WriteLine("Commands:");
        foreach (var c in commands.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            output.WriteLine($"  {c.Name,-10} {c.Summary}");
        }
        output.WriteLine();
        output.WriteLine("Run 'winback help COMMAND' for a command's options.");
    }
}
