using System.Globalization;
using System.Text;
using Microsoft.Xrm.Sdk.PluginTelemetry;

namespace Dataverse.Local.Pipeline;

/// <summary>
/// The ILogger a plug-in resolves from its service provider. Dataverse sends these entries to Application
/// Insights; here they are kept with the execution's trace (prefixed with their level) so tests and the demo see them.
/// </summary>
internal sealed class TelemetryLogger : ILogger
{
    private readonly StringBuilder _lines = new();

    public string Text => _lines.ToString();

    private void Write(LogLevel level, string? message, object[]? args, Exception? exception = null)
    {
        var text = message is null ? "" : args is null || args.Length == 0 ? message : string.Format(CultureInfo.InvariantCulture, message, args);
        _lines.Append('[').Append(level).Append("] ").Append(text);
        if (exception is not null) _lines.Append(" (").Append(exception.GetType().Name).Append(": ").Append(exception.Message).Append(')');
        _lines.AppendLine();
    }

    private sealed class Scope : IDisposable
    {
        public void Dispose() { }
    }

    public IDisposable BeginScope<TState>(TState state) => new Scope();
    public IDisposable BeginScope(string messageFormat, params object[] args) => new Scope();
    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception exception, Func<TState, Exception, string> formatter) =>
        Write(logLevel, formatter is null ? state?.ToString() : formatter(state, exception), null, exception);

    public void Log(LogLevel logLevel, EventId eventId, Exception exception, string message, params object[] args) => Write(logLevel, message, args, exception);
    public void Log(LogLevel logLevel, EventId eventId, string message, params object[] args) => Write(logLevel, message, args);
    public void Log(LogLevel logLevel, Exception exception, string message, params object[] args) => Write(logLevel, message, args, exception);
    public void Log(LogLevel logLevel, string message, params object[] args) => Write(logLevel, message, args);
    public void LogCritical(EventId eventId, Exception exception, string message, params object[] args) => Write(LogLevel.Critical, message, args, exception);
    public void LogCritical(EventId eventId, string message, params object[] args) => Write(LogLevel.Critical, message, args);
    public void LogCritical(Exception exception, string message, params object[] args) => Write(LogLevel.Critical, message, args, exception);
    public void LogCritical(string message, params object[] args) => Write(LogLevel.Critical, message, args);
    public void LogDebug(EventId eventId, Exception exception, string message, params object[] args) => Write(LogLevel.Debug, message, args, exception);
    public void LogDebug(EventId eventId, string message, params object[] args) => Write(LogLevel.Debug, message, args);
    public void LogDebug(Exception exception, string message, params object[] args) => Write(LogLevel.Debug, message, args, exception);
    public void LogDebug(string message, params object[] args) => Write(LogLevel.Debug, message, args);
    public void LogError(EventId eventId, Exception exception, string message, params object[] args) => Write(LogLevel.Error, message, args, exception);
    public void LogError(EventId eventId, string message, params object[] args) => Write(LogLevel.Error, message, args);
    public void LogError(Exception exception, string message, params object[] args) => Write(LogLevel.Error, message, args, exception);
    public void LogError(string message, params object[] args) => Write(LogLevel.Error, message, args);
    public void LogInformation(EventId eventId, Exception exception, string message, params object[] args) => Write(LogLevel.Information, message, args, exception);
    public void LogInformation(EventId eventId, string message, params object[] args) => Write(LogLevel.Information, message, args);
    public void LogInformation(Exception exception, string message, params object[] args) => Write(LogLevel.Information, message, args, exception);
    public void LogInformation(string message, params object[] args) => Write(LogLevel.Information, message, args);
    public void LogTrace(EventId eventId, Exception exception, string message, params object[] args) => Write(LogLevel.Trace, message, args, exception);
    public void LogTrace(EventId eventId, string message, params object[] args) => Write(LogLevel.Trace, message, args);
    public void LogTrace(Exception exception, string message, params object[] args) => Write(LogLevel.Trace, message, args, exception);
    public void LogTrace(string message, params object[] args) => Write(LogLevel.Trace, message, args);
    public void LogWarning(EventId eventId, Exception exception, string message, params object[] args) => Write(LogLevel.Warning, message, args, exception);
    public void LogWarning(EventId eventId, string message, params object[] args) => Write(LogLevel.Warning, message, args);
    public void LogWarning(Exception exception, string message, params object[] args) => Write(LogLevel.Warning, message, args, exception);
    public void LogWarning(string message, params object[] args) => Write(LogLevel.Warning, message, args);

    public void LogMetric(string metricName, long value) => Write(LogLevel.Information, $"metric {metricName} = {value}", null);

    public void LogMetric(string metricName, IDictionary<string, string> metricDimensions, long value) =>
        Write(LogLevel.Information, $"metric {metricName} = {value} ({string.Join(", ", metricDimensions?.Select(d => d.Key + "=" + d.Value) ?? Array.Empty<string>())})", null);

    public void AddCustomProperty(string propertyName, string propertyValue) { }

    public void Execute(string activityName, Action action, IEnumerable<KeyValuePair<string, string>> additionalCustomProperties = null!) => action();

    public Task ExecuteAsync(string activityName, Func<Task> action, IEnumerable<KeyValuePair<string, string>> additionalCustomProperties = null!) => action();
}
