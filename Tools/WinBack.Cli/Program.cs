using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using WinBack.Cli.History;

namespace WinBack.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        // NO_COLOR (https://no-color.org): any value turns colours, live progress and other redrawing off.
        var plain = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        var context = new CommandContext(Console.Out, Console.Error, Environment.CurrentDirectory)
        {
            Interactive = !plain && !Console.IsOutputRedirected,
            ErrorInteractive = !plain && !Console.IsErrorRedirected,
        };
        return Run(args, context);
    }

    /// <summary>The parser's settings: no response files, so an argument starting with @ is never read as a file of arguments.</summary>
    private static readonly ParserConfiguration Parsing = new() { ResponseFileTokenReplacer = null };

    /// <summary>Entry point shared by Main and the tests.</summary>
    public static int Run(IReadOnlyList<string> args, CommandContext context)
    {
        var commands = Commands();
        var root = Root(commands);

        if (args.Count == 0)
        {
            Help(root, [], context.Output);
            return 2;
        }
        if (args[0] is "help" or "--help" or "-h" or "-?")
        {
            if (args.Count == 1)
            {
                Help(root, [], context.Output);
                return 0;
            }
            if (commands.ContainsKey(args[1]))
            {
                Help(root, [args[1]], context.Output);
                return 0;
            }
            context.Error.WriteLine($"winback: no command '{HistoryInput.Printable(args[1])}'.{Suggestion(commands, args[1])} Run 'winback help' to see the commands.");
            return 2;
        }
        // "[suggest:N] line": the completions System.CommandLine computes, for the shell scripts of `winback completion`.
        if (args[0].StartsWith("[suggest", StringComparison.Ordinal))
        {
            return root.Parse(args, Parsing).Invoke(new InvocationConfiguration { Output = context.Output, Error = context.Error });
        }
        if (args[0] == "--version")
        {
            context.Output.WriteLine(typeof(Program).Assembly.GetName().Version?.ToString(3));
            return 0;
        }
        if (!commands.TryGetValue(args[0], out var entry))
        {
            var what = args[0].StartsWith('-') ? "option" : "command";
            context.Error.WriteLine($"winback: unknown {what} '{HistoryInput.Printable(args[0])}'.{Suggestion(commands, args[0])} Run 'winback help' to see the commands.");
            return 2;
        }

        var (command, declared) = entry;
        var parsed = root.Parse(args, Parsing);
        if (parsed.Action is HelpAction)
        {
            Help(root, [declared.Name], context.Output);
            return 0;
        }

        var problem = WordProblem(args, declared) ?? ParseProblem(parsed, declared);
        try
        {
            if (problem != null) throw new UsageException(problem);
            return command.Run(parsed, context);
        }
        catch (UsageException e)
        {
            context.Error.WriteLine($"winback {declared.Name}: {HistoryInput.Printable(e.Message)}{OtherCommands(commands, declared, e.Message)}");
            context.Error.WriteLine();
            Help(root, [declared.Name], context.Error);
            return 2;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A safety net: a failure no command foresaw is reported in one line, never as a stack trace.
            context.Error.WriteLine($"winback {declared.Name}: failed: {HistoryInput.Printable(e.Message)} ({e.GetType().Name})");
            context.Error.WriteLine($"winback {declared.Name}: if the input looks right, report this message with the command line.");
            return 1;
        }
    }

    /// <summary>Every command of this assembly, by the name it declares.</summary>
    public static IReadOnlyDictionary<string, (ICommand Command, Command Declared)> Commands() =>
        typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(ICommand).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
            .Select(t => (ICommand)Activator.CreateInstance(t)!)
            .Select(c => (Command: c, Declared: c.Declare()))
            .ToDictionary(c => c.Declared.Name, StringComparer.Ordinal);

    /// <summary>The `winback` command with every sub-command under it, and `help`, for help and completions.</summary>
    private static RootCommand Root(IReadOnlyDictionary<string, (ICommand Command, Command Declared)> commands)
    {
        var root = new RootCommand("winback: win-back tooling for Dataverse, run against a local in-memory Dataverse.");
        var topic = new Argument<string>("COMMAND") { Arity = ArgumentArity.ZeroOrOne, HelpName = "COMMAND", Description = "the command to describe" };
        topic.CompletionSources.Add(commands.Keys.ToArray());
        root.Add(new Command("help", "Show the commands, or one command's options") { topic });
        foreach (var (_, declared) in commands.Values.OrderBy(c => c.Declared.Name, StringComparer.Ordinal)) root.Add(declared);

        // -h and --help only: not /?, /h and -?, which only crowd the completions.
        foreach (var standard in root.Options.OfType<HelpOption>().ToList()) root.Options.Remove(standard);
        root.Options.Add(new HelpOption("--help", "-h"));
        return root;
    }

    /// <summary>
    /// One command's help as System.CommandLine writes it (description, usage, arguments, options with defaults), or
    /// with no command the list of commands, each with the first line of its description.
    /// </summary>
    private static void Help(RootCommand root, string[] path, TextWriter writer)
    {
        if (path.Length > 0)
        {
            root.Parse([.. path, "--help"], Parsing).Invoke(new InvocationConfiguration { Output = writer, Error = writer });
            return;
        }
        writer.WriteLine("winback: win-back tooling for Dataverse, run against a local in-memory Dataverse.");
        writer.WriteLine();
        writer.WriteLine("Usage:");
        writer.WriteLine("  winback COMMAND [options]");
        writer.WriteLine();
        writer.WriteLine("Commands:");
        foreach (var command in root.Subcommands.Where(c => c.Name != "help"))
            writer.WriteLine($"  {command.Name,-10} {(command.Description ?? "").Split('\n')[0]}");
        writer.WriteLine();
        writer.WriteLine("Run 'winback help COMMAND' (or 'winback COMMAND --help') for a command's options.");
    }

    /// <summary>
    /// An unknown option, or a value-taking option whose value is missing, empty, or another option of the command
    /// ("--input --output x"). System.CommandLine would take the unknown option or the next option as a value, or skip
    /// the empty word, so these are checked on the words as typed, left to right, before its own errors.
    /// </summary>
    private static string? WordProblem(IReadOnlyList<string> args, Command command)
    {
        Option? Find(string word) => command.Options.FirstOrDefault(o => o.Name == word || o.Aliases.Contains(word));
        for (var i = 1; i < args.Count; i++)
        {
            var word = args[i];
            string? inline = null;
            var eq = word.IndexOf('=');
            if (word.StartsWith("--", StringComparison.Ordinal) && eq > 2) { inline = word[(eq + 1)..]; word = word[..eq]; }
            var option = Find(word);
            // A word like an option that this command does not take; a parser would hand it to PATH as a value.
            if (option == null && word.StartsWith('-') && word.Length > 1) return $"unknown option '{args[i]}'";
            if (option == null || option.Arity.MaximumNumberOfValues == 0) continue;
            var value = inline ?? (i + 1 < args.Count ? args[i + 1] : null);
            if (value == null) return $"{word} needs a value";
            if (value.Trim().Length == 0) return $"{word} needs a value; it was given an empty one";
            if (inline == null && Find(value) != null) return $"{word} needs a value, but is followed by the option {value}";
            if (inline == null) i++;
        }
        return null;
    }

    /// <summary>The first error System.CommandLine found, in winback's words.</summary>
    private static string? ParseProblem(ParseResult parsed, Command command)
    {
        foreach (var token in parsed.UnmatchedTokens)
        {
            if (token.StartsWith('-') && token.Length > 1) return $"unknown option '{token}'";
            return command.Arguments.Any()
                ? $"unexpected argument '{token}'"
                : $"unexpected argument '{token}'; this command takes options only";
        }
        foreach (var option in command.Options)
        {
            if (parsed.GetResult(option) is OptionResult { IdentifierTokenCount: > 1 } && option.Arity.MaximumNumberOfValues == 1)
                return $"{option.Name} is given more than once";
        }
        foreach (var error in parsed.Errors)
        {
            if (error.SymbolResult is OptionResult { IdentifierTokenCount: 0, Option.Required: true } missing)
                return $"{missing.Option.Name} is required";
            // System.CommandLine's own messages may list choices on several lines: one line here.
            return string.Join(' ', error.Message.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        }
        return null;
    }

    /// <summary>For an unknown option that another command takes: " (--folds is an option of: calibrate)".</summary>
    private static string OtherCommands(IReadOnlyDictionary<string, (ICommand Command, Command Declared)> commands, Command current, string message)
    {
        var match = System.Text.RegularExpressions.Regex.Match(message, "^unknown option '(--[A-Za-z0-9-]+)");
        if (!match.Success) return "";
        var option = match.Groups[1].Value;
        var owners = commands.Values.Select(c => c.Declared)
            .Where(c => c != current && c.Options.Any(o => o.Name == option || o.Aliases.Contains(option)))
            .Select(c => c.Name).OrderBy(n => n, StringComparer.Ordinal).ToList();
        return owners.Count == 0 ? "" : $" ({option} is an option of: {string.Join(", ", owners)})";
    }

    /// <summary>" Did you mean 'score'?" when the word is a command in other letter case, else "".</summary>
    private static string Suggestion(IReadOnlyDictionary<string, (ICommand Command, Command Declared)> commands, string word)
    {
        var match = commands.Keys.FirstOrDefault(k => string.Equals(k, word.Trim(), StringComparison.OrdinalIgnoreCase));
        return match == null ? "" : $" Did you mean '{match}'?";
    }
}
