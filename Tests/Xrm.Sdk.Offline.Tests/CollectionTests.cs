using Microsoft.Xrm.Sdk;

namespace Xrm.Sdk.Offline.Tests;

public class CollectionTests
{
    [Fact]
    public void An_attribute_collection_behaves_as_a_dictionary_of_attribute_values()
    {
        var attributes = new AttributeCollection { { "name", "Contoso" } };
        attributes["revenue"] = new Money(5m);
        attributes.AddRange(new KeyValuePair<string, object>("numberofemployees", 10));

        Assert.Equal(3, attributes.Count);
        Assert.True(attributes.ContainsKey("revenue"));
        Assert.True(attributes.Contains(new KeyValuePair<string, object>("name", "Contoso")));
        Assert.True(attributes.TryGetValue("numberofemployees", out object employees));
        Assert.Equal(10, employees);
        Assert.Equal(new[] { "name", "revenue", "numberofemployees" }, attributes.Keys);
        Assert.True(attributes.Remove("revenue"));
        Assert.False(attributes.Remove("revenue"));
        Assert.Equal(2, attributes.Count());
    }

    [Fact]
    public void Adding_an_attribute_twice_throws_but_setting_it_replaces_it()
    {
        var attributes = new AttributeCollection { { "name", "Contoso" } };

        Assert.Throws<ArgumentException>(() => attributes.Add("name", "Fabrikam"));
        attributes["name"] = "Fabrikam";
        Assert.Equal("Fabrikam", attributes["name"]);
    }

    [Fact]
    public void A_parameter_collection_reads_typed_values_and_skips_nulls_when_asked()
    {
        var parameters = new ParameterCollection { { "Target", new Entity("account") } };
        parameters.AddOrUpdateIfNotNull("Depth", null);
        parameters.AddOrUpdateIfNotNull("Count", 3);

        Assert.True(parameters.TryGetValue("Target", out Entity target));
        Assert.Equal("account", target.LogicalName);
        Assert.False(parameters.TryGetValue("Target", out EntityReference _));
        Assert.False(parameters.Contains("Depth"));
        Assert.Equal(3, parameters["Count"]);
    }

    [Fact]
    public void Entity_images_are_found_by_name()
    {
        var images = new EntityImageCollection { { "PreImage", new Entity("account") { ["name"] = "Before" } } };

        Assert.True(images.TryGetValue("PreImage", out Entity pre));
        Assert.Equal("Before", pre["name"]);
        Assert.False(images.Contains("PostImage"));
    }

    [Fact]
    public void An_entity_collection_holds_a_copy_of_the_list_it_is_given()
    {
        var list = new List<Entity> { new Entity("account"), new Entity("account") };
        var collection = new EntityCollection(list) { EntityName = "account", MoreRecords = true, PagingCookie = "<cookie/>" };
        list.Add(new Entity("account"));

        Assert.Equal(2, collection.Entities.Count);
        Assert.Same(list[0], collection[0]);
        Assert.True(collection.MoreRecords);
        collection.Entities.Add(new Entity("account"));
        Assert.Equal(3, collection.Entities.ToArray().Length);
    }

    [Fact]
    public void Entity_reference_collections_list_records_to_associate()
    {
        var related = new EntityReferenceCollection { new EntityReference("contact", Guid.NewGuid()) };
        related.AddRange(new EntityReference("contact", Guid.NewGuid()), new EntityReference("contact", Guid.NewGuid()));

        Assert.Equal(3, related.Count);
        Assert.All(related, r => Assert.Equal("contact", r.LogicalName));
    }

    [Fact]
    public void Related_entities_are_found_by_relationship()
    {
        var account = new Entity("account");
        account.RelatedEntities[new Relationship("account_primary_contact")] = new EntityCollection(new List<Entity> { new Entity("contact") });

        Assert.True(account.RelatedEntities.Contains(new Relationship("account_primary_contact")));
        Assert.Single(account.RelatedEntities[new Relationship("account_primary_contact")].Entities);
    }
}
