using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace Dataverse.Local.Query;

/// <summary>Turns a condition into a predicate over a column's stored value, once per query.</summary>
internal static class ConditionCompiler
{
    public static Func<object?, bool> Compile(PlanCondition c, ValueKind kind, string table, QueryCaller caller, DateTime now)
    {
        var op = c.Operator;
        var raw = c.Values;
        string column = c.Attribute;
        object? One()
        {
            if (raw.Count != 1) throw ValueCount(op, 1, raw.Count);
            return QueryValues.ConvertConditionValue(raw[0], kind, table, column);
        }
        List<object?> All(int min)
        {
            if (raw.Count < min) throw ValueCount(op, min, raw.Count);
            return raw.Select(v => QueryValues.ConvertConditionValue(v, kind, table, column)).ToList();
        }
        void None()
        {
            if (raw.Count != 0) throw QueryFaults.Argument($"The condition operator '{op}' takes no values, but {raw.Count} were given for attribute '{table}.{column}'.");
        }
        int X()
        {
            if (raw.Count != 1) throw ValueCount(op, 1, raw.Count);
            var v = QueryValues.ConvertConditionValue(raw[0], ValueKind.Integer, table, column);
            return v is decimal d ? (int)d : throw QueryFaults.Argument($"The condition operator '{op}' needs a whole number.");
        }
        void RequireString()
        {
            if (kind is not (ValueKind.String or ValueKind.Unknown)) throw InvalidForType(op, table, column, kind);
        }
        void RequireDate()
        {
            if (kind is not (ValueKind.DateTime or ValueKind.Unknown)) throw InvalidForType(op, table, column, kind);
        }
        Func<object?, bool> Range(DateTime from, DateTime to, bool toInclusive = false)
        {
            RequireDate();
            return v => QueryValues.Normalize(v) is DateTime d && d >= from && (toInclusive ? d <= to : d < to);
        }
        Func<object?, bool> Before(DateTime limit)
        {
            RequireDate();
            return v => QueryValues.Normalize(v) is DateTime d && d < limit;
        }
        DateTime today = now.Date;
        DateTime weekStart = today.AddDays(-(int)today.DayOfWeek);
        DateTime monthStart = new(today.Year, today.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        DateTime yearStart = new(today.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        switch (op)
        {
            case ConditionOperator.Equal: { var x = One(); return v => Eq(v, x); }
            case ConditionOperator.NotEqual: { var x = One(); return v => v is not null && x is not null && !Eq(v, x); }
            case ConditionOperator.GreaterThan: { var x = One(); return v => Cmp(v, x) is > 0; }
            case ConditionOperator.GreaterEqual: { var x = One(); return v => Cmp(v, x) is >= 0; }
            case ConditionOperator.LessThan: { var x = One(); return v => Cmp(v, x) is < 0; }
            case ConditionOperator.LessEqual: { var x = One(); return v => Cmp(v, x) is <= 0; }
            case ConditionOperator.Like:
            case ConditionOperator.NotLike:
            {
                RequireString();
                var regex = Like(One() as string ?? "");
                bool negate = op == ConditionOperator.NotLike;
                return v => v is string s && regex.IsMatch(s) != negate;
            }
            case ConditionOperator.BeginsWith:
            case ConditionOperator.DoesNotBeginWith:
            case ConditionOperator.EndsWith:
            case ConditionOperator.DoesNotEndWith:
            case ConditionOperator.Contains:
            case ConditionOperator.DoesNotContain:
            {
                RequireString();
                var text = One() as string ?? "";
                bool negate = op is ConditionOperator.DoesNotBeginWith or ConditionOperator.DoesNotEndWith or ConditionOperator.DoesNotContain;
                Func<string, bool> test = op switch
                {
                    ConditionOperator.BeginsWith or ConditionOperator.DoesNotBeginWith => s => s.StartsWith(text, StringComparison.OrdinalIgnoreCase),
                    ConditionOperator.EndsWith or ConditionOperator.DoesNotEndWith => s => s.EndsWith(text, StringComparison.OrdinalIgnoreCase),
                    _ => s => s.Contains(text, StringComparison.OrdinalIgnoreCase),
                };
                return v => v is string s && test(s) != negate;
            }
            case ConditionOperator.In:
            case ConditionOperator.NotIn:
            {
                var set = new HashSet<object>(All(1).Where(x => x is not null)!, QueryValues.KeyComparer);
                bool negate = op == ConditionOperator.NotIn;
                return v => QueryValues.Normalize(v) is { } n && set.Contains(n) != negate;
            }
            case ConditionOperator.Between:
            case ConditionOperator.NotBetween:
            {
                var values = All(2);
                if (values.Count != 2) throw ValueCount(op, 2, values.Count);
                var (low, high) = (values[0], values[1]);
                bool negate = op == ConditionOperator.NotBetween;
                return v =>
                {
                    if (v is null) return false;
                    bool inside = Cmp(v, low) is >= 0 && Cmp(v, high) is <= 0;
                    return inside != negate;
                };
            }
            case ConditionOperator.Null: None(); return v => v is null;
            case ConditionOperator.NotNull: None(); return v => v is not null;

            case ConditionOperator.On:
            case ConditionOperator.NotOn:
            case ConditionOperator.OnOrAfter:
            case ConditionOperator.OnOrBefore:
            {
                RequireDate();
                if (One() is not DateTime day) throw QueryFaults.Argument($"The condition operator '{op}' needs a date.");
                var start = day.Date;
                var end = start.AddDays(1);
                return op switch
                {
                    ConditionOperator.On => v => QueryValues.Normalize(v) is DateTime d && d >= start && d < end,
                    ConditionOperator.NotOn => v => QueryValues.Normalize(v) is DateTime d && (d < start || d >= end),
                    ConditionOperator.OnOrAfter => v => QueryValues.Normalize(v) is DateTime d && d >= start,
                    _ => v => QueryValues.Normalize(v) is DateTime d && d < end,
                };
            }
            case ConditionOperator.Yesterday: None(); return Range(today.AddDays(-1), today);
            case ConditionOperator.Today: None(); return Range(today, today.AddDays(1));
            case ConditionOperator.Tomorrow: None(); return Range(today.AddDays(1), today.AddDays(2));
            case ConditionOperator.Last7Days: None(); return Range(today.AddDays(-7), now, toInclusive: true);
            case ConditionOperator.Next7Days: None(); return Range(now, today.AddDays(8));
            case ConditionOperator.LastWeek: None(); return Range(weekStart.AddDays(-7), weekStart);
            case ConditionOperator.ThisWeek: None(); return Range(weekStart, weekStart.AddDays(7));
            case ConditionOperator.NextWeek: None(); return Range(weekStart.AddDays(7), weekStart.AddDays(14));
            case ConditionOperator.LastMonth: None(); return Range(monthStart.AddMonths(-1), monthStart);
            case ConditionOperator.ThisMonth: None(); return Range(monthStart, monthStart.AddMonths(1));
            case ConditionOperator.NextMonth: None(); return Range(monthStart.AddMonths(1), monthStart.AddMonths(2));
            case ConditionOperator.LastYear: None(); return Range(yearStart.AddYears(-1), yearStart);
            case ConditionOperator.ThisYear: None(); return Range(yearStart, yearStart.AddYears(1));
            case ConditionOperator.NextYear: None(); return Range(yearStart.AddYears(1), yearStart.AddYears(2));
            case ConditionOperator.LastXHours: { var x = X(); return Range(now.AddHours(-x), now, toInclusive: true); }
            case ConditionOperator.NextXHours: { var x = X(); return Range(now, now.AddHours(x), toInclusive: true); }
            case ConditionOperator.LastXDays: { var x = X(); return Range(today.AddDays(-x), now, toInclusive: true); }
            case ConditionOperator.NextXDays: { var x = X(); return Range(now, today.AddDays(x + 1)); }
            case ConditionOperator.LastXWeeks: { var x = X(); return Range(today.AddDays(-7 * x), now, toInclusive: true); }
            case ConditionOperator.NextXWeeks: { var x = X(); return Range(now, today.AddDays(7 * x + 1)); }
            case ConditionOperator.LastXMonths: { var x = X(); return Range(today.AddMonths(-x), now, toInclusive: true); }
            case ConditionOperator.NextXMonths: { var x = X(); return Range(now, today.AddMonths(x).AddDays(1)); }
            case ConditionOperator.LastXYears: { var x = X(); return Range(today.AddYears(-x), now, toInclusive: true); }
            case ConditionOperator.NextXYears: { var x = X(); return Range(now, today.AddYears(x).AddDays(1)); }
            case ConditionOperator.OlderThanXMinutes: { var x = X(); return Before(now.AddMinutes(-x)); }
            case ConditionOperator.OlderThanXHours: { var x = X(); return Before(now.AddHours(-x)); }
            case ConditionOperator.OlderThanXDays: { var x = X(); return Before(today.AddDays(-x)); }
            case ConditionOperator.OlderThanXWeeks: { var x = X(); return Before(today.AddDays(-7 * x)); }
            case ConditionOperator.OlderThanXMonths: { var x = X(); return Before(today.AddMonths(-x)); }
            case ConditionOperator.OlderThanXYears: { var x = X(); return Before(today.AddYears(-x)); }

            case ConditionOperator.EqualUserId: { None(); var id = caller.UserId; return v => QueryValues.Normalize(v) is Guid g && g == id; }
            case ConditionOperator.NotEqualUserId: { None(); var id = caller.UserId; return v => QueryValues.Normalize(v) is Guid g && g != id; }
            case ConditionOperator.EqualBusinessId: { None(); var id = caller.BusinessUnitId; return v => QueryValues.Normalize(v) is Guid g && g == id; }
            case ConditionOperator.NotEqualBusinessId: { None(); var id = caller.BusinessUnitId; return v => QueryValues.Normalize(v) is Guid g && g != id; }
            case ConditionOperator.EqualUserTeams: { None(); var teams = caller.TeamIds.ToHashSet(); return v => QueryValues.Normalize(v) is Guid g && teams.Contains(g); }
            case ConditionOperator.EqualUserOrUserTeams:
            case ConditionOperator.EqualUserOrUserHierarchy:
            case ConditionOperator.EqualUserOrUserHierarchyAndTeams:
            {
                None();
                var ids = caller.TeamIds.Append(caller.UserId).ToHashSet();
                return v => QueryValues.Normalize(v) is Guid g && ids.Contains(g);
            }
            case ConditionOperator.ContainValues:
            case ConditionOperator.DoesNotContainValues:
            {
                if (kind is not (ValueKind.Choices or ValueKind.Unknown)) throw InvalidForType(op, table, column, kind);
                if (raw.Count < 1) throw ValueCount(op, 1, raw.Count);
                var wanted = raw.Select(v => QueryValues.ConvertConditionValue(v, ValueKind.Choices, table, column))
                    .OfType<decimal>().Select(d => (int)d).ToHashSet();
                bool negate = op == ConditionOperator.DoesNotContainValues;
                return v =>
                {
                    bool any = v is OptionSetValueCollection values && values.Any(o => wanted.Contains(o.Value));
                    return any != negate;
                };
            }
            default:
                throw QueryFaults.Create(QueryFaults.QueryBuilderInvalidConditionOperator,
                    $"Unsupported condition operator. The operator '{op}' is not supported by the local Dataverse.");
        }
    }

    /// <summary>Compares a column with another column of the same row (valueof / CompareColumns).</summary>
    public static Func<object?, object?, bool> CompileColumnComparison(ConditionOperator op)
    {
        return op switch
        {
            ConditionOperator.Equal => (a, b) => a is not null && b is not null && Eq(a, QueryValues.Normalize(b)),
            ConditionOperator.NotEqual => (a, b) => a is not null && b is not null && !Eq(a, QueryValues.Normalize(b)),
            ConditionOperator.GreaterThan => (a, b) => Cmp(a, QueryValues.Normalize(b)) is > 0,
            ConditionOperator.GreaterEqual => (a, b) => Cmp(a, QueryValues.Normalize(b)) is >= 0,
            ConditionOperator.LessThan => (a, b) => Cmp(a, QueryValues.Normalize(b)) is < 0,
            ConditionOperator.LessEqual => (a, b) => Cmp(a, QueryValues.Normalize(b)) is <= 0,
            _ => throw QueryFaults.Create(QueryFaults.QueryBuilderInvalidConditionOperator,
                $"Unsupported condition operator. Column comparison supports eq, ne, gt, ge, lt and le, not '{op}'."),
        };
    }

    // Hot path: a stored value against a normalised constant, without boxing the common cases.
    static bool Eq(object? stored, object? constant)
    {
        if (stored is null || constant is null) return false;
        switch (constant)
        {
            case decimal c:
                switch (stored)
                {
                    case int i: return i == c;
                    case OptionSetValue o: return o.Value == c;
                    case decimal d: return d == c;
                    case Money m: return m.Value == c;
                }
                break;
            case Guid c:
                switch (stored)
                {
                    case EntityReference r: return r.Id == c;
                    case Guid g: return g == c;
                }
                break;
            case string c:
                if (stored is string s) return string.Equals(s, c, StringComparison.OrdinalIgnoreCase);
                break;
            case bool c:
                if (stored is bool b) return b == c;
                break;
        }
        var n = QueryValues.Normalize(stored);
        return n is not null && QueryValues.AreEqual(n, constant);
    }

    static int? Cmp(object? stored, object? constant)
    {
        if (stored is null || constant is null) return null;
        switch (constant)
        {
            case decimal c:
                switch (stored)
                {
                    case int i: return ((decimal)i).CompareTo(c);
                    case decimal d: return d.CompareTo(c);
                    case Money m: return m.Value.CompareTo(c);
                    case OptionSetValue o: return ((decimal)o.Value).CompareTo(c);
                    case long l: return ((decimal)l).CompareTo(c);
                }
                break;
            case DateTime c:
                if (stored is DateTime dt) return QueryValues.ToUtc(dt).CompareTo(c);
                break;
            case string c:
                if (stored is string s) return string.Compare(s, c, StringComparison.OrdinalIgnoreCase);
                break;
        }
        var n = QueryValues.Normalize(stored);
        return n is null ? null : QueryValues.Compare(n, constant);
    }

    /// <summary>SQL LIKE as a regular expression: % any run, _ one character, [..] a set; case-insensitive.</summary>
    public static Regex Like(string pattern)
    {
        var sb = new StringBuilder("^");
        for (int i = 0; i < pattern.Length; i++)
        {
            char ch = pattern[i];
            switch (ch)
            {
                case '%': sb.Append(".*"); break;
                case '_': sb.Append('.'); break;
                case '[':
                    int close = pattern.IndexOf(']', i + 1);
                    if (close > i + 1)
                    {
                        var set = pattern.Substring(i + 1, close - i - 1);
                        sb.Append('[');
                        if (set.StartsWith('^')) { sb.Append('^'); set = set[1..]; }
                        sb.Append(set.Replace("\\", "\\\\").Replace("[", "\\["));
                        sb.Append(']');
                        i = close;
                    }
                    else sb.Append(Regex.Escape(ch.ToString()));
                    break;
                default: sb.Append(Regex.Escape(ch.ToString())); break;
            }
        }
        sb.Append('$');
        return new Regex(sb.ToString(), RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant);
    }

    static Exception ValueCount(ConditionOperator op, int expected, int actual) =>
        QueryFaults.Argument($"The condition operator '{op}' needs " +
            (op is ConditionOperator.In or ConditionOperator.NotIn or ConditionOperator.ContainValues or ConditionOperator.DoesNotContainValues
                ? $"at least {expected} value" : expected == 1 ? "exactly 1 value" : $"exactly {expected} values") +
            $", but {actual} were given.");

    static Exception InvalidForType(ConditionOperator op, string table, string column, ValueKind kind) =>
        QueryFaults.Create(QueryFaults.QueryBuilderInvalidConditionOperator,
            $"Unsupported condition operator. The operator '{op}' is not valid for attribute '{table}.{column}' of type {QueryValues.ClrName(kind)}.");
}
