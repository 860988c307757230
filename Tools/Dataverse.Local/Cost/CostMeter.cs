using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Dataverse.Local.Cost;

/// <summary>One organization service call: who made it, what it asked, how long it took (nested work included).</summary>
public sealed record ServiceCall(string Caller, bool CallerIsPlugin, string Message, string? Table, int Depth, TimeSpan Elapsed, bool Failed);

/// <summary>A top-level operation (a call from outside any plug-in) and everything it caused.</summary>
public sealed class OperationCost
{
    internal OperationCost(long sequence, string caller, string message, string? table)
    {
        Sequence = sequence;
        Caller = caller;
        Message = message;
        Table = table;
    }

    public long Sequence { get; }
    public string Caller { get; }
    public string Message { get; }
    public string? Table { get; }
    /// <summary>Organization service calls plug-ins made while this operation ran (the operation itself not counted).</summary>
    public int NestedRequests { get; internal set; }
    public int PluginExecutions { get; internal set; }
    public TimeSpan Elapsed { get; internal set; }
    public TimeSpan PluginTime { get; internal set; }
    public bool Failed { get; internal set; }
    /// <summary>Nested calls per plug-in type.</summary>
    public IReadOnlyDictionary<string, int> RequestsByPlugin => _byPlugin;
    internal readonly Dictionary<string, int> _byPlugin = new(StringComparer.Ordinal);
}

/// <summary>Totals for one caller: a user (by name) or a plug-in type.</summary>
public sealed class CallerCost
{
    public string Caller { get; init; } = "";
    public bool IsPlugin { get; init; }
    public int Requests { get; init; }
    public TimeSpan Elapsed { get; init; }
    public IReadOnlyDictionary<string, int> RequestsByMessage { get; init; } = new Dictionary<string, int>();
    /// <summary>Requests per table they name (a Target's, a query's, a FetchXML's first entity); requests naming none are left out.</summary>
    public IReadOnlyDictionary<string, int> RequestsByTable { get; init; } = new Dictionary<string, int>();
}

/// <summary>Totals for one plug-in type: how often it ran, how long, and how many requests it made.</summary>
public sealed class PluginCost
{
    public string PluginType { get; init; } = "";
    public int Executions { get; init; }
    public int Failures { get; init; }
    public TimeSpan Elapsed { get; init; }
    public int Requests { get; init; }
    public double RequestsPerExecution => Executions == 0 ? 0 : (double)Requests / Executions;
}

/// <summary>A copy of the cost counters at one moment, for benchmarks and the demo to report.</summary>
public sealed class CostSnapshot
{
    public int TopLevelOperations { get; init; }
    public int TotalRequests { get; init; }
    public int NestedRequests { get; init; }
    public int PluginExecutions { get; init; }
    public TimeSpan Elapsed { get; init; }
    public IReadOnlyList<CallerCost> ByCaller { get; init; } = Array.Empty<CallerCost>();
    public IReadOnlyList<PluginCost> ByPlugin { get; init; } = Array.Empty<PluginCost>();
    /// <summary>The most recent top-level operations (at most <see cref="CostMeter.OperationHistory"/>).</summary>
    public IReadOnlyList<OperationCost> Operations { get; init; } = Array.Empty<OperationCost>();
    public double NestedRequestsPerOperation => TopLevelOperations == 0 ? 0 : (double)NestedRequests / TopLevelOperations;

    public PluginCost? Plugin(string pluginType) => ByPlugin.FirstOrDefault(p => p.PluginType == pluginType || p.PluginType.EndsWith("." + pluginType, StringComparison.Ordinal));
    public CallerCost? Caller(string caller) => ByCaller.FirstOrDefault(c => c.Caller == caller);

    public string ToText()
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"{TopLevelOperations} operations, {TotalRequests} requests ({NestedRequests} from plug-ins, {NestedRequestsPerOperation:0.##} per operation), {PluginExecutions} plug-in executions, {Elapsed.TotalMilliseconds:0} ms");
        foreach (var p in ByPlugin.OrderByDescending(p => p.Elapsed))
            text.AppendLine(c, $"  plug-in {p.PluginType}: {p.Executions} runs, {p.Requests} requests ({p.RequestsPerExecution:0.##} per run), {p.Elapsed.TotalMilliseconds:0} ms{(p.Failures > 0 ? $", {p.Failures} failed" : "")}");
        foreach (var caller in ByCaller.Where(x => !x.IsPlugin).OrderByDescending(x => x.Requests))
            text.AppendLine(c, $"  caller {caller.Caller}: {caller.Requests} requests, {caller.Elapsed.TotalMilliseconds:0} ms");
        return text.ToString();
    }
}

/// <summary>Counts organization service calls per caller and per top-level operation, with Stopwatch timings.</summary>
public sealed class CostMeter
{
    /// <summary>How many top-level operations the meter keeps individually (totals are always kept).</summary>
    public const int OperationHistory = 10000;

    private sealed class Totals
    {
        public int Requests;
        public long Ticks;
        public bool IsPlugin;
        public readonly Dictionary<string, int> ByMessage = new(StringComparer.Ordinal);
        public readonly Dictionary<string, int> ByTable = new(StringComparer.Ordinal);
    }

    private sealed class PluginTotals
    {
        public int Executions, Failures, Requests;
        public long Ticks;
    }

    private readonly Dictionary<string, Totals> _callers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PluginTotals> _plugins = new(StringComparer.Ordinal);
    private readonly Queue<OperationCost> _operations = new();
    private long _sequence;
    private int _topLevel, _requests, _nested, _pluginExecutions;
    private long _ticks;

    internal OperationCost BeginOperation(string caller, string message, string? table) =>
        new(Interlocked.Increment(ref _sequence), caller, message, table);

    internal void RecordCall(OperationCost operation, ServiceCall call)
    {
        _requests++;
        if (!_callers.TryGetValue(call.Caller, out var totals)) _callers[call.Caller] = totals = new Totals { IsPlugin = call.CallerIsPlugin };
        totals.Requests++;
        totals.Ticks += call.Elapsed.Ticks;
        totals.ByMessage[call.Message] = totals.ByMessage.GetValueOrDefault(call.Message) + 1;
        if (call.Table is { } table) totals.ByTable[table] = totals.ByTable.GetValueOrDefault(table) + 1;
        if (!call.CallerIsPlugin) return;
        _nested++;
        operation.NestedRequests++;
        operation._byPlugin[call.Caller] = operation._byPlugin.GetValueOrDefault(call.Caller) + 1;
        Plugin(call.Caller).Requests++;
    }

    internal void EndOperation(OperationCost operation, TimeSpan elapsed, bool failed)
    {
        operation.Elapsed = elapsed;
        operation.Failed = failed;
        _topLevel++;
        _ticks += elapsed.Ticks;
        _operations.Enqueue(operation);
        while (_operations.Count > OperationHistory) _operations.Dequeue();
    }

    internal void RecordPluginExecution(OperationCost? operation, string pluginType, TimeSpan elapsed, bool failed)
    {
        _pluginExecutions++;
        var totals = Plugin(pluginType);
        totals.Executions++;
        totals.Ticks += elapsed.Ticks;
        if (failed) totals.Failures++;
        if (operation is null) return;
        operation.PluginExecutions++;
        operation.PluginTime += elapsed;
    }

    private PluginTotals Plugin(string type)
    {
        if (!_plugins.TryGetValue(type, out var totals)) _plugins[type] = totals = new PluginTotals();
        return totals;
    }

    public CostSnapshot Snapshot() => new()
    {
        TopLevelOperations = _topLevel,
        TotalRequests = _requests,
        NestedRequests = _nested,
        PluginExecutions = _pluginExecutions,
        Elapsed = TimeSpan.FromTicks(_ticks),
        ByCaller = _callers.Select(p => new CallerCost
        {
            Caller = p.Key,
            IsPlugin = p.Value.IsPlugin,
            Requests = p.Value.Requests,
            Elapsed = TimeSpan.FromTicks(p.Value.Ticks),
            RequestsByMessage = new Dictionary<string, int>(p.Value.ByMessage),
            RequestsByTable = new Dictionary<string, int>(p.Value.ByTable),
        }).ToList(),
        ByPlugin = _plugins.Select(p => new PluginCost
        {
            PluginType = p.Key,
            Executions = p.Value.Executions,
            Failures = p.Value.Failures,
            Elapsed = TimeSpan.FromTicks(p.Value.Ticks),
            Requests = p.Value.Requests,
        }).ToList(),
        Operations = _operations.ToList(),
    };

    public void Reset()
    {
        _callers.Clear();
        _plugins.Clear();
        _operations.Clear();
        _topLevel = _requests = _nested = _pluginExecutions = 0;
        _ticks = 0;
    }

    internal static TimeSpan Since(long startTimestamp) => Stopwatch.GetElapsedTime(startTimestamp);
}
