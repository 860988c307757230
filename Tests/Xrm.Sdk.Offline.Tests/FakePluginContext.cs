using Microsoft.Xrm.Sdk;

namespace Xrm.Sdk.Offline.Tests;

/// <summary>A plug-in execution context with fixed values, for tests that run plug-in code directly.</summary>
internal sealed class FakePluginContext : IPluginExecutionContext
{
    public int Stage => 40;

    public IPluginExecutionContext ParentContext => null;

    public int Mode => 0;

    public int IsolationMode => 2;

    public int Depth => 1;

    public string MessageName => "Create";

    public string PrimaryEntityName => "account";

    public Guid? RequestId => null;

    public string SecondaryEntityName => "none";

    public ParameterCollection InputParameters { get; } = new ParameterCollection();

    public ParameterCollection OutputParameters { get; } = new ParameterCollection();

    public ParameterCollection SharedVariables { get; } = new ParameterCollection();

    public Guid UserId => Guid.Empty;

    public Guid InitiatingUserId => Guid.Empty;

    public Guid BusinessUnitId => Guid.Empty;

    public Guid OrganizationId => Guid.Empty;

    public string OrganizationName => "org";

    public Guid PrimaryEntityId => Guid.Empty;

    public EntityImageCollection PreEntityImages { get; } = new EntityImageCollection();

    public EntityImageCollection PostEntityImages { get; } = new EntityImageCollection();

    public EntityReference OwningExtension => null;

    public Guid CorrelationId => Guid.Empty;

    public bool IsExecutingOffline => false;

    public bool IsOfflinePlayback => false;

    public bool IsInTransaction => true;

    public Guid OperationId => Guid.Empty;

    public DateTime OperationCreatedOn => DateTime.MinValue;
}
