using Microsoft.Xrm.Sdk;

namespace Xrm.Sdk.Offline.Tests;

public class ValueTypeTests
{
    [Fact]
    public void Two_references_to_the_same_record_are_equal_whatever_their_names()
    {
        var id = Guid.NewGuid();
        var first = new EntityReference("account", id) { Name = "Contoso" };
        var second = new EntityReference("account", id) { Name = "Other name" };

        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
    }

    [Fact]
    public void References_differ_by_table_id_or_key()
    {
        var id = Guid.NewGuid();

        Assert.NotEqual(new EntityReference("account", id), new EntityReference("contact", id));
        Assert.NotEqual(new EntityReference("account", id), new EntityReference("account", Guid.NewGuid()));
        Assert.NotEqual(new EntityReference("account", id), new EntityReference("Account", id));
        Assert.NotEqual(new EntityReference("account", "accountnumber", "A-1"), new EntityReference("account", "accountnumber", "A-2"));
        Assert.Equal(new EntityReference("account", "accountnumber", "A-1"), new EntityReference("account", "accountnumber", "A-1"));
        Assert.False(new EntityReference("account", id).Equals(null));
    }

    [Fact]
    public void Money_amounts_are_equal_when_their_values_are()
    {
        Assert.Equal(new Money(12.50m), new Money(12.5m));
        Assert.Equal(new Money(12.50m).GetHashCode(), new Money(12.5m).GetHashCode());
        Assert.NotEqual(new Money(1m), new Money(2m));
        Assert.False(new Money(1m).Equals(1m));
    }

    [Fact]
    public void Option_set_values_are_equal_when_their_numbers_are()
    {
        Assert.Equal(new OptionSetValue(682400001), new OptionSetValue(682400001));
        Assert.NotEqual(new OptionSetValue(1), new OptionSetValue(2));
        Assert.False(new OptionSetValue(1).Equals(1));
        Assert.Equal(0, new OptionSetValue().Value);
    }

    [Fact]
    public void A_multi_select_value_is_a_list_of_option_set_values()
    {
        var values = new OptionSetValueCollection(new[] { new OptionSetValue(1), new OptionSetValue(2) });
        values.Add(new OptionSetValue(3));

        Assert.Equal(new[] { 1, 2, 3 }, values.Select(v => v.Value));
        Assert.Contains(new OptionSetValue(2), values);
    }

    [Fact]
    public void An_aliased_value_names_the_linked_table_and_column()
    {
        var aliased = new AliasedValue("systemuser", "fullname", "Ann");

        Assert.Equal("systemuser", aliased.EntityLogicalName);
        Assert.Equal("fullname", aliased.AttributeLogicalName);
        Assert.Equal("Ann", aliased.Value);
    }

    [Fact]
    public void Relationships_are_equal_by_schema_name_and_role()
    {
        Assert.Equal(new Relationship("account_contacts"), new Relationship("account_contacts"));
        Assert.NotEqual(
            new Relationship("account_parent") { PrimaryEntityRole = EntityRole.Referenced },
            new Relationship("account_parent") { PrimaryEntityRole = EntityRole.Referencing });
        Assert.Equal("account_parent.Referenced", new Relationship("account_parent") { PrimaryEntityRole = EntityRole.Referenced }.ToString());
    }

    [Fact]
    public void Enumerations_keep_Microsofts_numbers()
    {
        Assert.Equal(2, (int)EntityState.Changed);
        Assert.Equal(1, (int)EntityRole.Referenced);
        Assert.Equal(4, (int)OperationStatus.Succeeded);
        Assert.Equal(2, (int)ConcurrencyBehavior.AlwaysOverwrite);
        Assert.Equal(0, (int)PluginHttpStatusCode.NotSet);
        Assert.Equal(429, (int)PluginHttpStatusCode.TooManyRequests);
    }
}
