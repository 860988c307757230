namespace Microsoft.Xrm.Sdk
{
    using System;
    using Microsoft.Xrm.Sdk.Query;

    /// <summary>The context of the operation a plug-in or workflow activity runs in.</summary>
    public interface IExecutionContext
    {
        int Mode { get; }

        int IsolationMode { get; }

        int Depth { get; }

        string MessageName { get; }

        string PrimaryEntityName { get; }

        Guid? RequestId { get; }

        string SecondaryEntityName { get; }

        ParameterCollection InputParameters { get; }

        ParameterCollection OutputParameters { get; }

        ParameterCollection SharedVariables { get; }

        Guid UserId { get; }

        Guid InitiatingUserId { get; }

        Guid BusinessUnitId { get; }

        Guid OrganizationId { get; }

        string OrganizationName { get; }

        Guid PrimaryEntityId { get; }

        EntityImageCollection PreEntityImages { get; }

        EntityImageCollection PostEntityImages { get; }

        EntityReference OwningExtension { get; }

        Guid CorrelationId { get; }

        bool IsExecutingOffline { get; }

        bool IsOfflinePlayback { get; }

        bool IsInTransaction { get; }

        Guid OperationId { get; }

        DateTime OperationCreatedOn { get; }
    }

    /// <summary>The execution context of a plug-in.</summary>
    public interface IPluginExecutionContext : IExecutionContext
    {
        int Stage { get; }

        IPluginExecutionContext ParentContext { get; }
    }

    /// <summary>Adds the Azure AD identities and portal information to the plug-in context.</summary>
    public interface IPluginExecutionContext2 : IPluginExecutionContext
    {
        Guid UserAzureActiveDirectoryObjectId { get; }

        Guid InitiatingUserAzureActiveDirectoryObjectId { get; }

        Guid InitiatingUserApplicationId { get; }

        Guid PortalsContactId { get; }

        bool IsPortalsClientCall { get; }
    }

    /// <summary>Adds the authenticated user to the plug-in context.</summary>
    public interface IPluginExecutionContext3 : IPluginExecutionContext2
    {
        Guid AuthenticatedUserId { get; }
    }

    /// <summary>Adds the per-record images of bulk operations (CreateMultiple, UpdateMultiple) to the plug-in context.</summary>
    public interface IPluginExecutionContext4 : IPluginExecutionContext3
    {
        EntityImageCollection[] PreEntityImagesCollection { get; }

        EntityImageCollection[] PostEntityImagesCollection { get; }
    }

    /// <summary>Writes to the plug-in trace log.</summary>
    public interface ITracingService
    {
        void Trace(string format, params object[] args);
    }

    /// <summary>The organization service: the data and metadata operations of Dataverse.</summary>
    public interface IOrganizationService
    {
        Guid Create(Entity entity);

        Entity Retrieve(string entityName, Guid id, ColumnSet columnSet);

        void Update(Entity entity);

        void Delete(string entityName, Guid id);

        OrganizationResponse Execute(OrganizationRequest request);

        void Associate(string entityName, Guid entityId, Relationship relationship, EntityReferenceCollection relatedEntities);

        void Disassociate(string entityName, Guid entityId, Relationship relationship, EntityReferenceCollection relatedEntities);

        EntityCollection RetrieveMultiple(QueryBase query);
    }

    /// <summary>Creates organization services for a user.</summary>
    public interface IOrganizationServiceFactory
    {
        IOrganizationService CreateOrganizationService(Guid? userId);
    }
}
