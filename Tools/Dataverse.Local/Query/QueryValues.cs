using System.Collections;
using System.Globalization;
using Microsoft.Xrm.Sdk;

namespace Dataverse.Local.Query;

/// <summary>The kind of value a column holds, as comparisons see it.</summary>
internal enum ValueKind { Unknown, String, Integer, BigInt, Decimal, Double, Money, Boolean, DateTime, Choice, Choices, Lookup, Guid, Other }

/// <summary>Normalising, comparing, converting and copying SDK values.</summary>
internal static class QueryValues
{
    public static readonly IEqualityComparer<object> KeyComparer = new NormalizedComparer();

    /// <summary>One comparable form per value: lookups by id, choices and numbers as decimal, money by amount, dates in UTC.</summary>
    public static object? Normalize(object? value) => value switch
    {
        null => null,
        string s => s,
        Guid g => g,
        EntityReference r => r.Id,
        OptionSetValue o => (decimal)o.Value,
        Money m => m.Value,
        decimal d => d,
        int i => (decimal)i,
        long l => (decimal)l,
        short s => (decimal)s,
        byte b => (decimal)b,
        double d => ToDecimal(d),
        float f => ToDecimal(f),
        bool b => b,
        DateTime dt => ToUtc(dt),
        Enum e => Convert.ToDecimal(e, CultureInfo.InvariantCulture),
        _ => value,
    };

    static object ToDecimal(double d)
    {
        if (double.IsNaN(d) || double.IsInfinity(d) || Math.Abs(d) > 7.9e27) return d;
        return (decimal)d;
    }

    public static DateTime ToUtc(DateTime dt) => dt.Kind switch
    {
        DateTimeKind.Local => dt.ToUniversalTime(),
        DateTimeKind.Unspecified => DateTime.SpecifyKind(dt, DateTimeKind.Utc),
        _ => dt,
    };

    public static bool AreEqual(object a, object b)
    {
        if (a is string sa && b is string sb) return string.Equals(sa, sb, StringComparison.OrdinalIgnoreCase);
        return a.Equals(b);
    }

    /// <summary>Compares two normalised non-null values; null when they cannot be compared.</summary>
    public static int? Compare(object a, object b)
    {
        // Case-insensitive like Dataverse's default collation; ordinal for speed over large tables.
        if (a is string sa && b is string sb) return string.Compare(sa, sb, StringComparison.OrdinalIgnoreCase);
        if (a is decimal da && b is double db) return ((double)da).CompareTo(db);
        if (a is double xa && b is decimal xb) return xa.CompareTo((double)xb);
        if (a.GetType() == b.GetType() && a is IComparable c) return c.CompareTo(b);
        return null;
    }

    /// <summary>Order-by comparison: nulls first, as SQL Server sorts them ascending.</summary>
    public static int CompareForSort(object? a, object? b)
    {
        if (a is null) return b is null ? 0 : -1;
        if (b is null) return 1;
        return Compare(a, b) ?? string.CompareOrdinal(a.ToString(), b.ToString());
    }

    public static ValueKind KindOf(object value) => value switch
    {
        string => ValueKind.String,
        int => ValueKind.Integer,
        long => ValueKind.BigInt,
        decimal => ValueKind.Decimal,
        double => ValueKind.Double,
        Money => ValueKind.Money,
        bool => ValueKind.Boolean,
        DateTime => ValueKind.DateTime,
        OptionSetValue => ValueKind.Choice,
        OptionSetValueCollection => ValueKind.Choices,
        EntityReference => ValueKind.Lookup,
        Guid => ValueKind.Guid,
        _ => ValueKind.Other,
    };

    public static ValueKind KindOf(QueryColumnType type) => type switch
    {
        QueryColumnType.String or QueryColumnType.Memo => ValueKind.String,
        QueryColumnType.Integer => ValueKind.Integer,
        QueryColumnType.BigInt => ValueKind.BigInt,
        QueryColumnType.Decimal => ValueKind.Decimal,
        QueryColumnType.Double => ValueKind.Double,
        QueryColumnType.Money => ValueKind.Money,
        QueryColumnType.Boolean => ValueKind.Boolean,
        QueryColumnType.DateTime => ValueKind.DateTime,
        QueryColumnType.Picklist or QueryColumnType.State or QueryColumnType.Status => ValueKind.Choice,
        QueryColumnType.MultiSelectPicklist => ValueKind.Choices,
        QueryColumnType.Lookup or QueryColumnType.Customer or QueryColumnType.Owner => ValueKind.Lookup,
        QueryColumnType.UniqueIdentifier => ValueKind.Guid,
        QueryColumnType.Unknown => ValueKind.Unknown,
        _ => ValueKind.Other,
    };

    public static string ClrName(ValueKind kind) => kind switch
    {
        ValueKind.String => "System.String",
        ValueKind.Integer or ValueKind.Choice or ValueKind.Choices => "System.Int32",
        ValueKind.BigInt => "System.Int64",
        ValueKind.Decimal or ValueKind.Money => "System.Decimal",
        ValueKind.Double => "System.Double",
        ValueKind.Boolean => "System.Boolean",
        ValueKind.DateTime => "System.DateTime",
        ValueKind.Lookup or ValueKind.Guid => "System.Guid",
        _ => "System.Object",
    };

    public static bool IsNumeric(ValueKind k) => k is ValueKind.Integer or ValueKind.BigInt or ValueKind.Decimal or ValueKind.Double or ValueKind.Money;

    /// <summary>
    /// Turns a condition value into the normalised form of the column's type. Text is parsed as Dataverse does
    /// (invariant culture); a value of the wrong type fails as Dataverse fails it.
    /// </summary>
    public static object? ConvertConditionValue(object? value, ValueKind kind, string table, string column)
    {
        if (value is null) return null;
        if (value is string text && kind is not (ValueKind.String or ValueKind.Unknown or ValueKind.Other))
            return Normalize(Parse(text, kind, table, column));
        var normalized = Normalize(value);
        if (kind == ValueKind.String && value is not string)
            throw Mismatch(table, column, kind, value);
        if ((IsNumeric(kind) || kind is ValueKind.Choice or ValueKind.Choices) && normalized is not (decimal or double))
            throw Mismatch(table, column, kind, value);
        if (kind is ValueKind.Lookup or ValueKind.Guid && normalized is not Guid)
            throw Mismatch(table, column, kind, value);
        if (kind == ValueKind.DateTime && normalized is not DateTime)
            throw Mismatch(table, column, kind, value);
        if (kind == ValueKind.Boolean)
        {
            if (normalized is decimal d) return d != 0;
            if (normalized is not bool) throw Mismatch(table, column, kind, value);
        }
        return normalized;
    }

    static Exception Mismatch(string table, string column, ValueKind kind, object value) =>
        QueryFaults.Argument($"Condition for attribute '{table}.{column}': expected argument(s) of type '{ClrName(kind)}' but received '{value.GetType().FullName}'.");

    static object Parse(string text, ValueKind kind, string table, string column)
    {
        var inv = CultureInfo.InvariantCulture;
        try
        {
            switch (kind)
            {
                case ValueKind.Integer:
                case ValueKind.Choice:
                case ValueKind.Choices:
                    return int.Parse(text.Trim(), NumberStyles.Integer, inv);
                case ValueKind.BigInt: return long.Parse(text.Trim(), NumberStyles.Integer, inv);
                case ValueKind.Decimal:
                case ValueKind.Money: return decimal.Parse(text.Trim(), NumberStyles.Float, inv);
                case ValueKind.Double: return double.Parse(text.Trim(), NumberStyles.Float, inv);
                case ValueKind.Boolean:
                    return text.Trim().ToLowerInvariant() switch
                    {
                        "1" or "true" => true,
                        "0" or "false" => false,
                        _ => throw new FormatException("String was not recognized as a valid Boolean."),
                    };
                case ValueKind.DateTime:
                    return DateTime.Parse(text.Trim(), inv, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
                case ValueKind.Lookup:
                case ValueKind.Guid: return Guid.Parse(text.Trim());
                default: return text;
            }
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            throw QueryFaults.Argument(
                $"An exception {ex.GetType().FullName} was thrown while trying to convert input value '{text}' to attribute '{table}.{column}'. " +
                $"Expected type of attribute value: {ClrName(kind)}. Exception raised: {ex.Message}");
        }
    }

    /// <summary>Condition values flattened: arrays and lists passed as one value count as their items.</summary>
    public static IEnumerable<object?> Flatten(IEnumerable<object?> values)
    {
        foreach (var v in values)
        {
            if (v is IEnumerable items and not string and not byte[])
                foreach (var item in items) yield return item;
            else
                yield return v;
        }
    }

    /// <summary>A copy of a stored value, so callers can never change the store through a result.</summary>
    public static object? Copy(object? value) => value switch
    {
        null => null,
        EntityReference r => new EntityReference(r.LogicalName, r.Id) { Name = r.Name },
        OptionSetValue o => new OptionSetValue(o.Value),
        Money m => new Money(m.Value),
        OptionSetValueCollection c => new OptionSetValueCollection(c.Select(o => new OptionSetValue(o.Value)).ToList()),
        EntityCollection ec => CopyCollection(ec),
        Entity e => CopyEntity(e),
        AliasedValue a => new AliasedValue(a.EntityLogicalName, a.AttributeLogicalName, Copy(a.Value)),
        byte[] bytes => (byte[])bytes.Clone(),
        _ => value,
    };

    static EntityCollection CopyCollection(EntityCollection source)
    {
        var copy = new EntityCollection { EntityName = source.EntityName };
        foreach (var e in source.Entities) copy.Entities.Add(CopyEntity(e));
        return copy;
    }

    static Entity CopyEntity(Entity source)
    {
        var copy = new Entity(source.LogicalName, source.Id);
        foreach (var kv in source.Attributes) copy.Attributes[kv.Key] = Copy(kv.Value);
        return copy;
    }

    sealed class NormalizedComparer : IEqualityComparer<object>
    {
        public new bool Equals(object? x, object? y) => x is null ? y is null : y is not null && AreEqual(x, y);
        public int GetHashCode(object obj) => obj is string s ? StringComparer.OrdinalIgnoreCase.GetHashCode(s) : obj.GetHashCode();
    }
}
