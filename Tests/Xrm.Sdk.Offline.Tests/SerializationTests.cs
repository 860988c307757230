using System.Runtime.Serialization;
using System.Xml;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Query;

namespace Xrm.Sdk.Offline.Tests;

public class SerializationTests
{
    [Fact]
    public void An_entity_survives_a_data_contract_round_trip_with_every_value_type_the_suite_stores()
    {
        var id = Guid.NewGuid();
        var account = new Entity("account", id)
        {
            ["name"] = "Contoso",
            ["numberofemployees"] = 42,
            ["wb_disengagementscore"] = 73,
            ["wb_valuegap"] = true,
            ["revenue"] = new Money(1250.75m),
            ["wb_riskband"] = new OptionSetValue(682400002),
            ["wb_lastscoredon"] = new DateTime(2026, 11, 22, 10, 0, 0, DateTimeKind.Utc),
            ["primarycontactid"] = new EntityReference("contact", Guid.NewGuid()) { Name = "Ann" },
            ["wb_channels"] = new OptionSetValueCollection(new[] { new OptionSetValue(1), new OptionSetValue(2) }),
            ["owner.fullname"] = new AliasedValue("systemuser", "fullname", "Ann"),
            ["exchangerate"] = 1.5m,
            ["latitude"] = 47.6d,
            ["nothing"] = null,
        };
        account.FormattedValues["wb_riskband"] = "At risk";
        account.KeyAttributes["accountnumber"] = "A-1";

        Entity copy = RoundTrip(account);

        Assert.Equal("account", copy.LogicalName);
        Assert.Equal(id, copy.Id);
        Assert.Equal(account.Attributes.Count, copy.Attributes.Count);
        Assert.Equal("Contoso", copy["name"]);
        Assert.Equal(42, copy["numberofemployees"]);
        Assert.Equal(true, copy["wb_valuegap"]);
        Assert.Equal(new Money(1250.75m), copy["revenue"]);
        Assert.Equal(new OptionSetValue(682400002), copy["wb_riskband"]);
        Assert.Equal(account["wb_lastscoredon"], copy["wb_lastscoredon"]);
        Assert.Equal(account["primarycontactid"], copy["primarycontactid"]);
        Assert.Equal("Ann", copy.GetAttributeValue<EntityReference>("primarycontactid").Name);
        Assert.Equal(new[] { 1, 2 }, copy.GetAttributeValue<OptionSetValueCollection>("wb_channels").Select(v => v.Value));
        Assert.Equal("Ann", copy.GetAttributeValue<AliasedValue>("owner.fullname").Value);
        Assert.Equal(1.5m, copy["exchangerate"]);
        Assert.Equal(47.6d, copy["latitude"]);
        Assert.Null(copy["nothing"]);
        Assert.Equal("At risk", copy.FormattedValues["wb_riskband"]);
        Assert.Equal("A-1", copy.KeyAttributes["accountnumber"]);
    }

    [Fact]
    public void A_query_and_a_request_survive_a_data_contract_round_trip()
    {
        var query = new QueryExpression("account") { ColumnSet = new ColumnSet("name"), TopCount = 5 };
        query.Criteria.AddCondition("statecode", ConditionOperator.Equal, 0);
        query.AddLink("contact", "primarycontactid", "contactid").EntityAlias = "pc";
        var request = new RetrieveMultipleRequest { Query = query };

        OrganizationRequest copy = RoundTrip<OrganizationRequest>(request, typeof(RetrieveMultipleRequest));

        var copiedQuery = Assert.IsType<QueryExpression>(copy.Parameters["Query"]);
        Assert.IsType<RetrieveMultipleRequest>(copy);
        Assert.Equal("RetrieveMultiple", copy.RequestName);
        Assert.Equal(new[] { "name" }, copiedQuery.ColumnSet.Columns);
        Assert.Equal(5, copiedQuery.TopCount);
        Assert.Equal(ConditionOperator.Equal, copiedQuery.Criteria.Conditions[0].Operator);
        Assert.Equal(new object[] { 0 }, copiedQuery.Criteria.Conditions[0].Values);
        Assert.Equal("pc", copiedQuery.LinkEntities[0].EntityAlias);
    }

    [Fact]
    public void Entities_serialize_in_Microsofts_contract_namespace()
    {
        var serializer = new DataContractSerializer(typeof(Entity));
        using var text = new StringWriter();
        using (var xml = XmlWriter.Create(text))
        {
            serializer.WriteObject(xml, new Entity("account") { ["name"] = "Contoso" });
        }

        Assert.Contains("<Entity xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns=\"http://schemas.microsoft.com/xrm/2011/Contracts\">", text.ToString());
        Assert.Contains("KeyValuePairOfstringanyType", text.ToString());
    }

    private static T RoundTrip<T>(T value, params Type[] knownTypes)
    {
        var serializer = new DataContractSerializer(typeof(T), knownTypes);
        using var stream = new MemoryStream();
        serializer.WriteObject(stream, value);
        stream.Position = 0;
        return (T)serializer.ReadObject(stream);
    }
}
