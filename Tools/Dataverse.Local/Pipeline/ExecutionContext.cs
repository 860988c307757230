using System.Globalization;
using System.Text;
using Microsoft.Xrm.Sdk;

namespace Dataverse.Local.Pipeline;

/// <summary>The execution context one plug-in execution receives (IPluginExecutionContext up to version 4).</summary>
public sealed class LocalPluginExecutionContext : IPluginExecutionContext4
{
    public int Mode { get; internal set; }
    public int IsolationMode { get; internal set; } = 2; // Sandbox
    public int Depth { get; internal set; } = 1;
    public string MessageName { get; internal set; } = "";
    public string PrimaryEntityName { get; internal set; } = "none";
    public Guid? RequestId { get; internal set; }
    public string SecondaryEntityName { get; internal set; } = "none";
    public ParameterCollection InputParameters { get; internal set; } = new();
    public ParameterCollection OutputParameters { get; internal set; } = new();
    public ParameterCollection SharedVariables { get; internal set; } = new();
    public Guid UserId { get; internal set; }
    public Guid InitiatingUserId { get; internal set; }
    public Guid BusinessUnitId { get; internal set; }
    public Guid OrganizationId { get; internal set; }
    public string OrganizationName { get; internal set; } = "";
    public Guid PrimaryEntityId { get; internal set; }
    public EntityImageCollection PreEntityImages { get; internal set; } = new();
    public EntityImageCollection PostEntityImages { get; internal set; } = new();
    public EntityReference OwningExtension { get; internal set; } = null!;
    public Guid CorrelationId { get; internal set; }
    public bool IsExecutingOffline => false;
    public bool IsOfflinePlayback => false;
    public bool IsInTransaction { get; internal set; }
    public Guid OperationId { get; internal set; }
    public DateTime OperationCreatedOn { get; internal set; }
    public int Stage { get; internal set; }
    public IPluginExecutionContext ParentContext { get; internal set; } = null!;
    public Guid UserAzureActiveDirectoryObjectId { get; internal set; }
    public Guid InitiatingUserAzureActiveDirectoryObjectId { get; internal set; }
    public Guid InitiatingUserApplicationId { get; internal set; }
    public Guid PortalsContactId { get; internal set; }
    public bool IsPortalsClientCall => false;
    public Guid AuthenticatedUserId { get; internal set; }
    public EntityImageCollection[] PreEntityImagesCollection { get; internal set; } = Array.Empty<EntityImageCollection>();
    public EntityImageCollection[] PostEntityImagesCollection { get; internal set; } = Array.Empty<EntityImageCollection>();

    /// <summary>The step this execution belongs to (not part of the SDK's interface).</summary>
    public StepRegistration? Step { get; internal set; }
}

/// <summary>What one plug-in execution wrote to its tracing service, and how it ended.</summary>
public sealed class PluginTrace
{
    public string PluginType { get; init; } = "";
    public string MessageName { get; init; } = "";
    public string PrimaryEntityName { get; init; } = "";
    public Guid PrimaryEntityId { get; init; }
    public int Stage { get; init; }
    public int Mode { get; init; }
    public int Depth { get; init; }
    public Guid CorrelationId { get; init; }
    public DateTime StartedOn { get; init; }
    public TimeSpan Duration { get; internal set; }
    public string Text { get; internal set; } = "";
    /// <summary>The exception the plug-in ended with, or null when it succeeded.</summary>
    public string? Exception { get; internal set; }

    public override string ToString() =>
        $"{PluginType} ({MessageName} {PrimaryEntityName}, stage {Stage}, depth {Depth}){(Exception is null ? "" : " FAILED: " + Exception)}\n{Text}";
}

internal sealed class LocalTracingService : ITracingService
{
    private readonly StringBuilder _text = new();

    public void Trace(string format, params object[] args)
    {
        if (format is null) return;
        var line = args is null || args.Length == 0 ? format : string.Format(CultureInfo.InvariantCulture, format, args);
        _text.AppendLine(line);
    }

    public override string ToString() => _text.ToString();
}

/// <summary>The IServiceProvider Execute(IServiceProvider) receives: context, tracing and service factory.</summary>
internal sealed class PluginServiceProvider : IServiceProvider
{
    private readonly LocalPluginExecutionContext _context;
    private readonly ITracingService _tracing;
    private readonly IOrganizationServiceFactory _factory;
    private TelemetryLogger? _logger;

    public PluginServiceProvider(LocalPluginExecutionContext context, ITracingService tracing, IOrganizationServiceFactory factory)
    {
        _context = context;
        _tracing = tracing;
        _factory = factory;
    }

    /// <summary>What the plug-in wrote to its ILogger, if it asked for one.</summary>
    public string LoggedText => _logger?.Text ?? "";

    public object? GetService(Type serviceType)
    {
        if (serviceType.IsInstanceOfType(_context)) return _context;
        if (serviceType == typeof(ITracingService)) return _tracing;
        if (serviceType == typeof(IOrganizationServiceFactory)) return _factory;
        if (serviceType == typeof(Microsoft.Xrm.Sdk.PluginTelemetry.ILogger)) return _logger ??= new TelemetryLogger();
        return null;
    }
}
