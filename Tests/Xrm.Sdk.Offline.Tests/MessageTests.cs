using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Query;

namespace Xrm.Sdk.Offline.Tests;

public class MessageTests
{
    [Fact]
    public void Typed_requests_name_their_message_and_keep_their_properties_in_the_parameters()
    {
        var target = new EntityReference("account", Guid.NewGuid());
        var columns = new ColumnSet("name");
        var retrieve = new RetrieveRequest { Target = target, ColumnSet = columns };

        Assert.Equal("Retrieve", retrieve.RequestName);
        Assert.Same(target, retrieve.Parameters["Target"]);
        Assert.Same(columns, retrieve["ColumnSet"]);
        Assert.Null(retrieve.RelatedEntitiesQuery);
    }

    [Fact]
    public void A_new_typed_request_already_holds_its_parameters_as_nulls()
    {
        Assert.True(new CreateRequest().Parameters.Contains("Target"));
        Assert.Null(new CreateRequest().Target);
        Assert.Equal(2, new ExecuteMultipleRequest().Parameters.Count);
        Assert.Equal(3, new AssociateRequest().Parameters.Count);
    }

    [Theory]
    [InlineData(typeof(CreateRequest), "Create")]
    [InlineData(typeof(RetrieveRequest), "Retrieve")]
    [InlineData(typeof(RetrieveMultipleRequest), "RetrieveMultiple")]
    [InlineData(typeof(UpdateRequest), "Update")]
    [InlineData(typeof(DeleteRequest), "Delete")]
    [InlineData(typeof(AssociateRequest), "Associate")]
    [InlineData(typeof(DisassociateRequest), "Disassociate")]
    [InlineData(typeof(CreateMultipleRequest), "CreateMultiple")]
    [InlineData(typeof(UpdateMultipleRequest), "UpdateMultiple")]
    [InlineData(typeof(ExecuteMultipleRequest), "ExecuteMultiple")]
    public void Each_typed_request_carries_the_message_name_Dataverse_expects(Type requestType, string messageName)
    {
        var request = (OrganizationRequest)Activator.CreateInstance(requestType);

        Assert.Equal(messageName, request.RequestName);
    }

    [Fact]
    public void A_generic_request_is_the_same_message_as_its_typed_form()
    {
        var target = new Entity("account");
        var generic = new OrganizationRequest("Update") { ["Target"] = target };

        Assert.Equal("Update", generic.RequestName);
        Assert.Same(target, generic.Parameters["Target"]);
        Assert.Null(generic.RequestId);
    }

    [Fact]
    public void Update_and_delete_default_to_the_default_concurrency_behaviour()
    {
        Assert.Equal(ConcurrencyBehavior.Default, new UpdateRequest().ConcurrencyBehavior);
        Assert.Equal(ConcurrencyBehavior.Default, new UpdateMultipleRequest().ConcurrencyBehavior);
        Assert.False(new RetrieveRequest().ReturnNotifications);
        var delete = new DeleteRequest { ConcurrencyBehavior = ConcurrencyBehavior.IfRowVersionMatches };
        Assert.Equal(ConcurrencyBehavior.IfRowVersionMatches, delete.Parameters["ConcurrencyBehavior"]);
    }

    [Fact]
    public void Typed_responses_read_their_results()
    {
        var id = Guid.NewGuid();
        var create = new CreateResponse();
        create.Results["id"] = id;
        var retrieve = new RetrieveResponse();
        retrieve.Results["Entity"] = new Entity("account", id);
        var multiple = new RetrieveMultipleResponse();
        multiple.Results["EntityCollection"] = new EntityCollection();
        var bulk = new CreateMultipleResponse();
        bulk.Results["Ids"] = new[] { id };

        Assert.Equal(id, create.id);
        Assert.Equal(id, retrieve.Entity.Id);
        Assert.Empty(multiple.EntityCollection.Entities);
        Assert.Equal(new[] { id }, bulk.Ids);
    }

    [Fact]
    public void Responses_without_results_answer_defaults()
    {
        Assert.Equal(Guid.Empty, new CreateResponse().id);
        Assert.Null(new RetrieveResponse().Entity);
        Assert.Null(new CreateMultipleResponse().Ids);
        Assert.False(new ExecuteMultipleResponse().IsFaulted);
        Assert.Null(new ExecuteMultipleResponse().Responses);
    }

    [Fact]
    public void Bulk_requests_take_their_targets_as_an_entity_collection()
    {
        var targets = new EntityCollection(new List<Entity> { new Entity("account"), new Entity("account") }) { EntityName = "account" };
        var update = new UpdateMultipleRequest { Targets = targets };

        Assert.Same(targets, update.Parameters["Targets"]);
        Assert.Equal(2, update.Targets.Entities.Count);
    }

    [Fact]
    public void Execute_multiple_carries_requests_settings_and_per_request_results()
    {
        var batch = new ExecuteMultipleRequest
        {
            Requests = new OrganizationRequestCollection { new CreateRequest { Target = new Entity("account") } },
            Settings = new ExecuteMultipleSettings { ContinueOnError = true, ReturnResponses = true },
        };
        var response = new ExecuteMultipleResponse();
        response.Results["IsFaulted"] = true;
        response.Results["Responses"] = new ExecuteMultipleResponseItemCollection
        {
            new ExecuteMultipleResponseItem { RequestIndex = 0, Fault = new OrganizationServiceFault { ErrorCode = -2147220891 } },
        };

        Assert.Single(batch.Requests);
        Assert.True(batch.Settings.ContinueOnError);
        Assert.True(response.IsFaulted);
        Assert.Equal(-2147220891, response.Responses[0].Fault.ErrorCode);
    }
}
