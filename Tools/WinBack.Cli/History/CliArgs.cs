using System.Globalization;

namespace WinBack.Cli.History;

/// <summary>Options of the form --name value and --flag, parsed against a fixed list; anything else is a usage error.</summary>
public sealed class CliArgs
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    public CliArgs(IReadOnlyList<string> args, IEnumerable<string> valueOptions, IEnumerable<string> flagOptions)
    {
        var valued = new HashSet<string>(valueOptions, StringComparer.Ordinal);
        var flags = new HashSet<string>(flagOptions, StringComparer.Ordinal);
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            string? inline = null;
            int eq = a.IndexOf('=');
            if (a.StartsWith("--", StringComparison.Ordinal) && eq > 0) { inline = a[(eq + 1)..]; a = a[..eq]; }
            if (valued.Contains(a))
            {
                string? v = inline ?? (i + 1 < args.Count ? args[++i] : null);
                if (v == null) throw new UsageException($"{a} needs a value");
                if (v.Trim().Length == 0) throw new UsageException($"{a} needs a value; it was given an empty one");
                if (inline == null && (valued.Contains(v) || flags.Contains(v)))
                    throw new UsageException($"{a} needs a value, but is followed by the option {v}");
                if (!_values.TryGetValue(a, out var list)) _values[a] = list = new List<string>();
                list.Add(v);
            }
            else if (flags.Contains(a) && inline == null) _flags.Add(a);
            else if (a.StartsWith('-')) throw new UsageException($"unknown option '{args[i]}'");
            else throw new UsageException($"unexpected argument '{a}'");
        }
    }

    public string? Value(string name)
    {
        if (!_values.TryGetValue(name, out var list)) return null;
        if (list.Count > 1) throw new UsageException($"{name} is given more than once");
        return list[0];
    }

    public IReadOnlyList<string> Values(string name) => _values.TryGetValue(name, out var list) ? list : [];

    public string Required(string name) => Value(name) ?? throw new UsageException($"{name} is required");

    public bool Flag(string name) => _flags.Contains(name);

    public int Int(string name, int fallback, int min, int max)
    {
        var v = Value(name);
        if (v == null) return fallback;
        if (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) || n < min || n > max)
            throw new UsageException($"{name} must be a whole number from {min} to {max} (got '{v}')");
        return n;
    }

    public double Double(string name, double fallback, double min, double max)
    {
        var v = Value(name);
        if (v == null) return fallback;
        if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double n) || !(n >= min && n <= max))
            throw new UsageException($"{name} must be a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)} (got '{v}')");
        return n;
    }
}
