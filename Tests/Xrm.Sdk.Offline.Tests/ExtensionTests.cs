using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Extensions;
using Microsoft.Xrm.Sdk.Query;

namespace Xrm.Sdk.Offline.Tests;

public class ExtensionTests
{
    [Fact]
    public void A_service_provider_hands_out_typed_services_and_organization_services_per_user()
    {
        var user = Guid.NewGuid();
        var factory = new RecordingFactory();
        var provider = new Provider(factory);

        Assert.Same(factory, provider.Get<IOrganizationServiceFactory>());
        Assert.Null(provider.Get<ITracingService>());
        Assert.NotNull(provider.GetOrganizationService(user));
        Assert.Equal(user, factory.LastUser);
    }

    [Fact]
    public void An_input_parameter_is_read_as_its_type_or_the_default()
    {
        var context = new FakePluginContext();
        context.InputParameters["Target"] = new Entity("account");
        context.InputParameters["Count"] = 3;

        Assert.Equal("account", context.InputParameterOrDefault<Entity>("Target").LogicalName);
        Assert.Null(context.InputParameterOrDefault<EntityReference>("Target"));
        Assert.Equal(3, context.InputParameterOrDefault<int>("Count"));
        Assert.Equal(0, context.InputParameterOrDefault<int>("Missing"));
    }

    private sealed class Provider(IOrganizationServiceFactory factory) : IServiceProvider
    {
        public object GetService(Type serviceType) => serviceType == typeof(IOrganizationServiceFactory) ? factory : null;
    }

    private sealed class RecordingFactory : IOrganizationServiceFactory
    {
        public Guid? LastUser { get; private set; }

        public IOrganizationService CreateOrganizationService(Guid? userId)
        {
            LastUser = userId;
            return new NoService();
        }
    }

    private sealed class NoService : IOrganizationService
    {
        public Guid Create(Entity entity) => throw new NotSupportedException();

        public Entity Retrieve(string entityName, Guid id, ColumnSet columnSet) => throw new NotSupportedException();

        public void Update(Entity entity) => throw new NotSupportedException();

        public void Delete(string entityName, Guid id) => throw new NotSupportedException();

        public OrganizationResponse Execute(OrganizationRequest request) => throw new NotSupportedException();

        public void Associate(string entityName, Guid entityId, Relationship relationship, EntityReferenceCollection relatedEntities) => throw new NotSupportedException();

        public void Disassociate(string entityName, Guid entityId, Relationship relationship, EntityReferenceCollection relatedEntities) => throw new NotSupportedException();

        public EntityCollection RetrieveMultiple(QueryBase query) => throw new NotSupportedException();
    }
}
