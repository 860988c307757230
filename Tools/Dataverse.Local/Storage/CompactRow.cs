using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.Xrm.Sdk;

namespace Dataverse.Local.Storage;

/// <summary>
/// The column names of a row, in the order they were set, shared by every row of a table that has the same columns
/// in the same order (one object for thousands of rows). A row then only holds its values, in a plain array.
/// Layouts form a tree from the table's empty layout, one step per added column, so equal sequences of columns
/// always reach the same layout.
/// </summary>
internal sealed class RowLayout
{
    private const int LinearSearchLimit = 8;

    private readonly Dictionary<string, int>? _positions;
    private readonly Dictionary<string, RowLayout> _next = new(StringComparer.Ordinal);
    private readonly RowLayout? _root;

    public RowLayout() => Keys = Array.Empty<string>();

    private RowLayout(RowLayout root, string[] keys)
    {
        _root = root;
        Keys = keys;
        if (keys.Length > LinearSearchLimit)
        {
            _positions = new Dictionary<string, int>(keys.Length, StringComparer.Ordinal);
            for (var i = 0; i < keys.Length; i++) _positions[keys[i]] = i;
        }
    }

    public string[] Keys { get; }

    private RowLayout Root => _root ?? this;

    /// <summary>The table's layout without columns.</summary>
    public RowLayout Empty => Root;

    public int IndexOf(string key)
    {
        if (_positions is not null) return _positions.TryGetValue(key, out var position) ? position : -1;
        var keys = Keys;
        for (var i = 0; i < keys.Length; i++)
            if (string.Equals(keys[i], key, StringComparison.Ordinal)) return i;
        return -1;
    }

    /// <summary>This layout with one more column at the end.</summary>
    public RowLayout With(string key)
    {
        lock (_next)
        {
            if (_next.TryGetValue(key, out var next)) return next;
            var keys = new string[Keys.Length + 1];
            Keys.CopyTo(keys, 0);
            keys[^1] = string.IsInterned(key) ?? key;
            next = new RowLayout(Root, keys);
            _next[key] = next;
            return next;
        }
    }

    /// <summary>This layout without the column at <paramref name="index"/>, the others keeping their order.</summary>
    public RowLayout Without(int index)
    {
        var layout = Root;
        for (var i = 0; i < Keys.Length; i++)
            if (i != index) layout = layout.With(Keys[i]);
        return layout;
    }
}

/// <summary>
/// A row's attributes as a shared <see cref="RowLayout"/> and an array of values: the dictionary an
/// <see cref="AttributeCollection"/> wraps for a stored row. It behaves as the Dictionary it replaces (ordinal
/// keys, null values kept, enumeration in the order columns were set, a removed column's place closing up).
/// </summary>
internal sealed class CompactAttributes : IDictionary<string, object>
{
    private RowLayout _layout;
    private object?[] _values;

    public CompactAttributes(RowLayout layout, object?[] values)
    {
        _layout = layout;
        _values = values;
    }

    public int Count => _layout.Keys.Length;

    public bool IsReadOnly => false;

    public object this[string key]
    {
        get => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The given key '{key}' was not present in the dictionary.");
        set
        {
            ArgumentNullException.ThrowIfNull(key);
            var index = _layout.IndexOf(key);
            if (index >= 0) _values[index] = value;
            else Append(key, value);
        }
    }

    public ICollection<string> Keys => _layout.Keys.ToList();

    public ICollection<object> Values => _values.Take(Count).ToList()!;

    public void Add(string key, object value)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_layout.IndexOf(key) >= 0) throw new ArgumentException($"An item with the same key has already been added. Key: {key}");
        Append(key, value);
    }

    private void Append(string key, object? value)
    {
        var count = Count;
        _layout = _layout.With(key);
        if (_values.Length <= count) Array.Resize(ref _values, Math.Max(4, count * 2));
        _values[count] = value;
    }

    public void Add(KeyValuePair<string, object> item) => Add(item.Key, item.Value);

    public void Clear()
    {
        _layout = _layout.Empty;
        _values = Array.Empty<object?>();
    }

    public bool Contains(KeyValuePair<string, object> item) =>
        TryGetValue(item.Key, out var value) && EqualityComparer<object>.Default.Equals(value, item.Value);

    public bool ContainsKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _layout.IndexOf(key) >= 0;
    }

    public void CopyTo(KeyValuePair<string, object>[] array, int arrayIndex)
    {
        foreach (var pair in this) array[arrayIndex++] = pair;
    }

    public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
    {
        var keys = _layout.Keys;
        var values = _values;
        for (var i = 0; i < keys.Length; i++) yield return new KeyValuePair<string, object>(keys[i], values[i]!);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Remove(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var index = _layout.IndexOf(key);
        if (index < 0) return false;
        var count = Count;
        var values = new object?[count - 1];
        Array.Copy(_values, 0, values, 0, index);
        Array.Copy(_values, index + 1, values, index, count - index - 1);
        _layout = _layout.Without(index);
        _values = values;
        return true;
    }

    public bool Remove(KeyValuePair<string, object> item) => Contains(item) && Remove(item.Key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object value)
    {
        ArgumentNullException.ThrowIfNull(key);
        var index = _layout.IndexOf(key);
        if (index < 0)
        {
            value = null!;
            return false;
        }
        value = _values[index]!;
        return true;
    }
}

/// <summary>
/// Turns a row as the engine builds it (an Entity over a Dictionary) into its stored form: the table's shared
/// layouts and one array of values, with the values many rows repeat (references to the same user, business unit
/// or account, choice values, flags, dates, short texts) shared instead of copied. Sharing is safe because a stored
/// value is never changed in place: every read hands out copies (<see cref="LocalOrganization.CopyValue"/>,
/// <see cref="Query.QueryValues.Copy"/>), and a write replaces the row.
/// </summary>
internal sealed class RowCompactor
{
    // Each kind of shared value is capped, so columns whose values never repeat cannot grow the tables forever.
    private const int MaxShared = 1 << 16;
    private const int MaxSharedTextLength = 64;

    private static readonly Func<IDictionary<string, object>, AttributeCollection> NewAttributeCollection = BuildFactory();

    private static readonly object True = true, False = false;

    private readonly Dictionary<string, RowLayout> _layouts = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, Guid, string?), EntityReference> _references = new();
    private readonly Dictionary<int, OptionSetValue> _options = new();
    private readonly Dictionary<int, object> _integers = new();
    private readonly Dictionary<(long, DateTimeKind), object> _dates = new();
    private readonly Dictionary<(int, int, int, int), object> _decimals = new();
    private readonly Dictionary<(int, int, int, int), Money> _money = new();
    private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);

    // An AttributeCollection can wrap any dictionary, but the constructor that takes one is not public.
    private static Func<IDictionary<string, object>, AttributeCollection> BuildFactory()
    {
        var constructor = typeof(AttributeCollection).GetConstructor(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public,
            null, new[] { typeof(IDictionary<string, object>) }, null)
            ?? throw new InvalidOperationException("AttributeCollection has no constructor taking a dictionary.");
        var items = Expression.Parameter(typeof(IDictionary<string, object>), "items");
        return Expression.Lambda<Func<IDictionary<string, object>, AttributeCollection>>(Expression.New(constructor, items), items).Compile();
    }

    public Entity Compact(Entity row)
    {
        if (!_layouts.TryGetValue(row.LogicalName, out var layout)) _layouts[row.LogicalName] = layout = new RowLayout();
        var values = new object?[row.Attributes.Count];
        var i = 0;
        foreach (var attribute in row.Attributes)
        {
            layout = layout.With(attribute.Key);
            values[i++] = Share(attribute.Value);
        }
        var stored = new Entity(row.LogicalName, row.Id) { Attributes = NewAttributeCollection(new CompactAttributes(layout, values)) };
        if (row.FormattedValues.Count > 0)
            foreach (var formatted in row.FormattedValues) stored.FormattedValues[formatted.Key] = formatted.Value;
        if (row.RowVersion is not null) stored.RowVersion = row.RowVersion;
        return stored;
    }

    private object? Share(object? value)
    {
        switch (value)
        {
            case EntityReference r when r.KeyAttributes.Count == 0 && r.RowVersion is null:
                var key = (r.LogicalName, r.Id, r.Name);
                if (_references.TryGetValue(key, out var shared)) return shared;
                shared = new EntityReference(r.LogicalName is null ? null : Text(r.LogicalName, always: true), r.Id) { Name = r.Name };
                return Keep(_references, key, shared);
            case OptionSetValue o:
                return _options.TryGetValue(o.Value, out var option) ? option : Keep(_options, o.Value, new OptionSetValue(o.Value));
            case bool b:
                return b ? True : False;
            case int n:
                return _integers.TryGetValue(n, out var integer) ? integer : Keep(_integers, n, value);
            case DateTime d:
                return _dates.TryGetValue((d.Ticks, d.Kind), out var date) ? date : Keep(_dates, (d.Ticks, d.Kind), value);
            case decimal m:
                // By its bits, not by value: 1.0m and 1.00m are equal but print differently.
                var bits = Bits(m);
                return _decimals.TryGetValue(bits, out var number) ? number : Keep(_decimals, bits, value);
            case Money money:
                var moneyBits = Bits(money.Value);
                return _money.TryGetValue(moneyBits, out var sharedMoney) ? sharedMoney : Keep(_money, moneyBits, new Money(money.Value));
            case string s:
                return Text(s, always: false);
            default:
                return value;
        }
    }

    private static (int, int, int, int) Bits(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        return (bits[0], bits[1], bits[2], bits[3]);
    }

    private string Text(string s, bool always)
    {
        if (s.Length > MaxSharedTextLength && !always) return s;
        if (_texts.TryGetValue(s, out var shared)) return shared;
        return Keep(_texts, s, s);
    }

    private static TValue Keep<TKey, TValue>(Dictionary<TKey, TValue> shared, TKey key, TValue value) where TKey : notnull
    {
        if (shared.Count < MaxShared) shared[key] = value;
        return value;
    }
}
