using Dataverse.Local.Pipeline;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Query;

namespace Dataverse.Local;

/// <summary>
/// IOrganizationService of a <see cref="LocalOrganization"/>, acting as one user. Every method is a message
/// through the event pipeline, exactly as <see cref="Execute"/> with the matching request.
/// </summary>
internal sealed class LocalOrganizationService : IOrganizationService
{
    private readonly LocalOrganization _org;
    private readonly CallScope _scope;

    public LocalOrganizationService(LocalOrganization org, CallScope scope)
    {
        _org = org;
        _scope = scope;
    }

    public Guid UserId => _scope.UserId;

    public Guid Create(Entity entity) => ((CreateResponse)Execute(new CreateRequest { Target = entity })).id;

    public Entity Retrieve(string entityName, Guid id, ColumnSet columnSet) =>
        ((RetrieveResponse)Execute(new RetrieveRequest { Target = new EntityReference(entityName, id), ColumnSet = columnSet })).Entity;

    public void Update(Entity entity) => Execute(new UpdateRequest { Target = entity });

    public void Delete(string entityName, Guid id) => Execute(new DeleteRequest { Target = new EntityReference(entityName, id) });

    public void Associate(string entityName, Guid entityId, Relationship relationship, EntityReferenceCollection relatedEntities) =>
        Execute(new AssociateRequest { Target = new EntityReference(entityName, entityId), Relationship = relationship, RelatedEntities = relatedEntities });

    public void Disassociate(string entityName, Guid entityId, Relationship relationship, EntityReferenceCollection relatedEntities) =>
        Execute(new DisassociateRequest { Target = new EntityReference(entityName, entityId), Relationship = relationship, RelatedEntities = relatedEntities });

    public EntityCollection RetrieveMultiple(QueryBase query) =>
        ((RetrieveMultipleResponse)Execute(new RetrieveMultipleRequest { Query = query })).EntityCollection;

    public OrganizationResponse Execute(OrganizationRequest request) => _org.Execute(request, _scope);
}

/// <summary>The IOrganizationServiceFactory a plug-in gets: its services re-enter the pipeline one level deeper.</summary>
internal sealed class LocalServiceFactory : IOrganizationServiceFactory
{
    private readonly LocalOrganization _org;
    private readonly LocalPluginExecutionContext _context;
    private readonly Storage.Transaction? _transaction;
    private readonly string _caller;
    private readonly Cost.OperationCost? _operation;
    private readonly Budget? _budget;

    public LocalServiceFactory(LocalOrganization org, LocalPluginExecutionContext context, Storage.Transaction? transaction, string caller,
        Cost.OperationCost? operation, Budget? budget)
    {
        _budget = budget;
        _org = org;
        _context = context;
        _transaction = transaction;
        _caller = caller;
        _operation = operation;
    }

    /// <summary>null (or Guid.Empty) runs as SYSTEM; a user id runs as that user, with that user's privileges.</summary>
    public IOrganizationService CreateOrganizationService(Guid? userId)
    {
        var user = userId is null || userId == Guid.Empty ? LocalOrganization.SystemUserId : userId.Value;
        _org.EnsureUser(user);
        return new LocalOrganizationService(_org, new CallScope(user, _context.InitiatingUserId, _context.Depth, _context,
            _context.CorrelationId, _transaction, _caller, true, _operation) { Budget = _budget });
    }
}
