using System.Collections;
using System.Reflection;
using System.Runtime.Serialization;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.PluginTelemetry;
using Microsoft.Xrm.Sdk.Query;

namespace Xrm.Sdk.Offline.Tests;

/// <summary>
/// Shapes of Microsoft's types that a plug-in binds to; a difference here is a MissingMethodException or a
/// TypeLoadException inside Dataverse.
/// </summary>
public class SignatureTests
{
    private const BindingFlags Public = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    [Theory]
    [InlineData(typeof(Entity), false, false)]
    [InlineData(typeof(EntityReference), true, false)]
    [InlineData(typeof(EntityCollection), true, false)]
    [InlineData(typeof(OptionSetValue), true, false)]
    [InlineData(typeof(OptionSetValueCollection), true, false)]
    [InlineData(typeof(Money), true, false)]
    [InlineData(typeof(AliasedValue), true, false)]
    [InlineData(typeof(AttributeCollection), true, false)]
    [InlineData(typeof(ParameterCollection), false, false)]
    [InlineData(typeof(EntityImageCollection), false, false)]
    [InlineData(typeof(EntityReferenceCollection), true, false)]
    [InlineData(typeof(OrganizationRequest), false, false)]
    [InlineData(typeof(OrganizationResponse), false, false)]
    [InlineData(typeof(InvalidPluginExecutionException), true, false)]
    [InlineData(typeof(BaseServiceFault), false, true)]
    [InlineData(typeof(OrganizationServiceFault), false, false)]
    [InlineData(typeof(QueryBase), false, true)]
    [InlineData(typeof(QueryExpression), true, false)]
    [InlineData(typeof(ColumnSet), true, false)]
    [InlineData(typeof(FilterExpression), true, false)]
    [InlineData(typeof(ConditionExpression), true, false)]
    [InlineData(typeof(LinkEntity), true, false)]
    [InlineData(typeof(RetrieveRequest), true, false)]
    [InlineData(typeof(EventId), false, false)]
    public void Types_are_sealed_or_abstract_as_Microsofts(Type type, bool isSealed, bool isAbstract)
    {
        Assert.True(type.IsClass, type + " is a class in Microsoft's assembly");
        Assert.Equal(isSealed, type.IsSealed);
        Assert.Equal(isAbstract, type.IsAbstract);
    }

    [Fact]
    public void The_keyed_collection_is_an_abstract_enumerable_of_pairs_and_not_a_dictionary()
    {
        Type collection = typeof(DataCollection<,>);

        Assert.True(collection.IsAbstract);
        Assert.Contains(typeof(IEnumerable<>), collection.GetInterfaces().Select(i => i.IsGenericType ? i.GetGenericTypeDefinition() : i));
        Assert.DoesNotContain(typeof(IDictionary<,>), collection.GetInterfaces().Select(i => i.IsGenericType ? i.GetGenericTypeDefinition() : i));
        Assert.True(typeof(IEnumerable<KeyValuePair<string, object>>).IsAssignableFrom(typeof(AttributeCollection)));
        Assert.True(collection.GetProperty("IsReadOnly")!.GetMethod!.IsVirtual);
        Assert.True(collection.GetProperty("Item")!.GetMethod!.IsVirtual);
    }

    [Fact]
    public void The_list_collection_is_a_Collection_that_only_the_SDK_constructs()
    {
        Assert.Equal(typeof(System.Collections.ObjectModel.Collection<string>), typeof(DataCollection<string>).BaseType);
        Assert.Empty(typeof(DataCollection<string>).GetConstructors());
        Assert.NotEmpty(typeof(OptionSetValueCollection).GetConstructors());
    }

    [Fact]
    public void Entity_members_have_Microsofts_signatures()
    {
        MethodInfo getAttributeValue = typeof(Entity).GetMethod(nameof(Entity.GetAttributeValue))!;
        MethodInfo toEntity = typeof(Entity).GetMethod(nameof(Entity.ToEntity))!;
        PropertyInfo indexer = typeof(Entity).GetProperty("Item")!;

        Assert.True(getAttributeValue.IsVirtual && getAttributeValue.IsGenericMethodDefinition);
        Assert.Equal(new[] { typeof(Entity) }, toEntity.GetGenericArguments()[0].GetGenericParameterConstraints());
        Assert.False(indexer.GetMethod!.IsVirtual);
        Assert.Equal(typeof(object), indexer.PropertyType);
        Assert.True(typeof(Entity).GetProperty(nameof(Entity.Id))!.GetMethod!.IsVirtual);
        Assert.Equal(typeof(EntityState?), typeof(Entity).GetProperty(nameof(Entity.EntityState))!.PropertyType);
        Assert.Null(typeof(Entity).GetProperty(nameof(Entity.FormattedValues))!.GetSetMethod());
        Assert.True(typeof(Entity).GetMethod("SetAttributeValue", BindingFlags.NonPublic | BindingFlags.Instance)!.IsFamily);
    }

    [Fact]
    public void Aliased_values_are_read_only_to_callers()
    {
        foreach (PropertyInfo property in typeof(AliasedValue).GetProperties(Public).Where(p => p.Name != nameof(AliasedValue.ExtensionData)))
        {
            Assert.Null(property.GetSetMethod());
        }
    }

    [Fact]
    public void Plugin_refusals_have_every_constructor_of_Microsofts()
    {
        string[] constructors = typeof(InvalidPluginExecutionException).GetConstructors()
            .Select(c => string.Join(",", c.GetParameters().Select(p => p.ParameterType.Name)))
            .OrderBy(s => s, StringComparer.Ordinal)
            .ToArray();

        Assert.Equal(
            new[]
            {
                string.Empty,
                "OperationStatus",
                "OperationStatus,Int32,String",
                "OperationStatus,Int32,String,PluginHttpStatusCode",
                "OperationStatus,String",
                "String",
                "String,Exception",
                "String,PluginHttpStatusCode",
            },
            constructors);
    }

    [Fact]
    public void Typed_responses_expose_read_only_results()
    {
        Assert.Null(typeof(CreateResponse).GetProperty("id")!.GetSetMethod());
        Assert.Equal(typeof(Guid), typeof(CreateResponse).GetProperty("id")!.PropertyType);
        Assert.Equal(typeof(Guid[]), typeof(CreateMultipleResponse).GetProperty("Ids")!.PropertyType);
        Assert.Equal(typeof(ExecuteMultipleResponseItemCollection), typeof(ExecuteMultipleResponse).GetProperty("Responses")!.PropertyType);
    }

    [Fact]
    public void Types_live_in_Microsofts_namespaces()
    {
        Assert.Equal("Microsoft.Xrm.Sdk", typeof(ConcurrencyBehavior).Namespace);
        Assert.Equal("Microsoft.Xrm.Sdk", typeof(ExecuteMultipleSettings).Namespace);
        Assert.Equal("Microsoft.Xrm.Sdk", typeof(ExecuteMultipleResponseItemCollection).Namespace);
        Assert.Equal("Microsoft.Xrm.Sdk", typeof(RelationshipQueryCollection).Namespace);
        Assert.Equal("Microsoft.Xrm.Sdk.Messages", typeof(ExecuteMultipleRequest).Namespace);
        Assert.Equal("Microsoft.Xrm.Sdk.PluginTelemetry", typeof(ILogger).Namespace);
        Assert.Equal("Microsoft.Xrm.Sdk.Client", typeof(Microsoft.Xrm.Sdk.Client.EntityLogicalNameAttribute).Namespace);
    }

    [Theory]
    [InlineData(typeof(Entity), "Entity", "http://schemas.microsoft.com/xrm/2011/Contracts")]
    [InlineData(typeof(EntityReference), "EntityReference", "http://schemas.microsoft.com/xrm/2011/Contracts")]
    [InlineData(typeof(OrganizationServiceFault), "OrganizationServiceFault", "http://schemas.microsoft.com/xrm/2011/Contracts")]
    [InlineData(typeof(ExecuteMultipleSettings), "ExecuteMultipleSettings", "http://schemas.microsoft.com/xrm/2012/Contracts")]
    [InlineData(typeof(ConcurrencyBehavior), "ConcurrencyBehavior", "http://schemas.microsoft.com/xrm/7.1/Contracts")]
    [InlineData(typeof(XrmAttributeExpression), "AttributeExpression", "http://schemas.microsoft.com/xrm/2011/Contracts")]
    public void Data_contracts_carry_Microsofts_names_and_namespaces(Type type, string name, string ns)
    {
        var contract = type.GetCustomAttribute<DataContractAttribute>()!;

        Assert.Equal(name, contract.Name);
        Assert.Equal(ns, contract.Namespace);
    }

    [Theory]
    [InlineData(typeof(AttributeCollection), "AttributeCollection", "http://schemas.microsoft.com/xrm/2011/Contracts")]
    [InlineData(typeof(KeyAttributeCollection), "KeyAttributeCollection", "http://schemas.microsoft.com/xrm/7.1/Contracts")]
    [InlineData(typeof(OptionSetValueCollection), "OptionSetValueCollection", "http://schemas.microsoft.com/xrm/9.0/Contracts")]
    [InlineData(typeof(ExecuteMultipleResponseItemCollection), "OrganizationResponseCollection", "http://schemas.microsoft.com/xrm/2012/Contracts")]
    public void Collection_contracts_carry_Microsofts_names_and_namespaces(Type type, string name, string ns)
    {
        var contract = type.GetCustomAttribute<CollectionDataContractAttribute>()!;

        Assert.Equal(name, contract.Name);
        Assert.Equal(ns, contract.Namespace);
    }

    [Fact]
    public void The_telemetry_logger_has_the_members_the_plugin_template_calls()
    {
        string[] methods = typeof(ILogger).GetMethods().Select(m => m.Name).Distinct().ToArray();

        Assert.Superset(
            new HashSet<string> { "LogInformation", "LogWarning", "LogError", "LogCritical", "LogDebug", "LogTrace", "Log", "BeginScope", "IsEnabled", "LogMetric", "AddCustomProperty", "Execute", "ExecuteAsync" },
            new HashSet<string>(methods));
    }

    [Fact]
    public void The_plugin_contexts_extend_each_other_in_order()
    {
        Assert.True(typeof(IPluginExecutionContext).IsAssignableFrom(typeof(IPluginExecutionContext2)));
        Assert.True(typeof(IPluginExecutionContext2).IsAssignableFrom(typeof(IPluginExecutionContext3)));
        Assert.True(typeof(IPluginExecutionContext3).IsAssignableFrom(typeof(IPluginExecutionContext4)));
        Assert.Equal(typeof(EntityImageCollection[]), typeof(IPluginExecutionContext4).GetProperty("PreEntityImagesCollection")!.PropertyType);
        Assert.True(typeof(IEnumerable).IsAssignableFrom(typeof(ParameterCollection)));
    }
}
