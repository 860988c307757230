using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace WinBack.Cli;

/// <summary>
/// The kinds of option the commands take, declared once so that every command words a bad value the same way:
/// the option's name, what it must be, and what was given.
/// </summary>
public static class CliOptions
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>An option with one value, such as a file: --input FILE.</summary>
    public static Option<string> Value(string name, string description, string helpName = "FILE", bool required = false) =>
        new(name) { Description = description, HelpName = helpName, Required = required };

    /// <summary>An option that may be given several times, each with one value: --map A=b --map C=d.</summary>
    public static Option<string[]> Repeatable(string name, string description, string helpName) =>
        new(name) { Description = description, HelpName = helpName, Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false };

    /// <summary>An option without a value: --json.</summary>
    public static Option<bool> Flag(string name, string description) =>
        new(name) { Description = description, Arity = ArgumentArity.Zero };

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>, <paramref name="fallback"/> when not given.</summary>
    public static Option<int> WholeNumber(string name, string description, int min, int max, int fallback)
    {
        var option = new Option<int>(name) { Description = description, HelpName = "N", DefaultValueFactory = _ => fallback };
        option.CustomParser = result => ParseWhole(result, name, min, max) ?? fallback;
        return option;
    }

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>, or null when not given.</summary>
    public static Option<int?> OptionalWholeNumber(string name, string description, int min, int max)
    {
        var option = new Option<int?>(name) { Description = description, HelpName = "N" };
        option.CustomParser = result => ParseWhole(result, name, min, max);
        return option;
    }

    /// <summary>A number from <paramref name="min"/> to <paramref name="max"/> (not NaN, not infinite).</summary>
    public static Option<double> Number(string name, string description, double min, double max, double fallback)
    {
        var option = new Option<double>(name) { Description = description, HelpName = "X", DefaultValueFactory = _ => fallback };
        option.CustomParser = result =>
        {
            var text = Text(result);
            if (double.TryParse(text, NumberStyles.Float, Inv, out var value) && value >= min && value <= max) return value;
            result.AddError($"{name} must be a number from {min.ToString(Inv)} to {max.ToString(Inv)} (got '{text}')");
            return fallback;
        };
        return option;
    }

    private static int? ParseWhole(ArgumentResult result, string name, int min, int max)
    {
        var text = Text(result);
        if (int.TryParse(text, NumberStyles.Integer, Inv, out var value) && value >= min && value <= max) return value;
        result.AddError($"{name} must be a whole number between {min.ToString(Inv)} and {max.ToString(Inv)}; '{text}' was given.");
        return null;
    }

    private static string Text(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
}
