using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Client;

namespace Xrm.Sdk.Offline.Tests;

public class EntityTests
{
    [Fact]
    public void A_new_entity_has_its_logical_name_and_id_and_no_attributes()
    {
        var id = Guid.NewGuid();
        var account = new Entity("account", id);

        Assert.Equal("account", account.LogicalName);
        Assert.Equal(id, account.Id);
        Assert.Empty(account.Attributes);
        Assert.Empty(account.FormattedValues);
        Assert.Empty(account.KeyAttributes);
        Assert.Null(account.EntityState);
    }

    [Fact]
    public void The_indexer_sets_and_reads_an_attribute()
    {
        var account = new Entity("account") { ["name"] = "Contoso" };

        Assert.Equal("Contoso", account["name"]);
        Assert.True(account.Contains("name"));
        Assert.Equal("Contoso", account.Attributes["name"]);
    }

    [Fact]
    public void Reading_a_missing_attribute_through_the_indexer_throws_the_framework_message()
    {
        var account = new Entity("account");

        var error = Assert.Throws<KeyNotFoundException>(() => account["name"]);
        Assert.Equal("The given key was not present in the dictionary.", error.Message);
    }

    [Fact]
    public void Attribute_names_are_case_sensitive()
    {
        var account = new Entity("account") { ["name"] = "Contoso" };

        Assert.False(account.Contains("Name"));
        Assert.Null(account.GetAttributeValue<string>("Name"));
    }

    [Fact]
    public void GetAttributeValue_returns_the_default_for_a_missing_or_null_attribute()
    {
        var account = new Entity("account") { ["revenue"] = null };

        Assert.Null(account.GetAttributeValue<string>("name"));
        Assert.Equal(0, account.GetAttributeValue<int>("numberofemployees"));
        Assert.Null(account.GetAttributeValue<int?>("numberofemployees"));
        Assert.Null(account.GetAttributeValue<Money>("revenue"));
        Assert.Equal(default, account.GetAttributeValue<DateTime>("createdon"));
    }

    [Fact]
    public void GetAttributeValue_casts_values_of_the_right_type()
    {
        var created = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        var account = new Entity("account")
        {
            ["numberofemployees"] = 42,
            ["createdon"] = created,
            ["revenue"] = new Money(10.5m),
            ["industrycode"] = new OptionSetValue(3),
        };

        Assert.Equal(42, account.GetAttributeValue<int>("numberofemployees"));
        Assert.Equal(42, account.GetAttributeValue<int?>("numberofemployees"));
        Assert.Equal(created, account.GetAttributeValue<DateTime?>("createdon"));
        Assert.Equal(10.5m, account.GetAttributeValue<Money>("revenue").Value);
        Assert.Equal(3, account.GetAttributeValue<OptionSetValue>("industrycode").Value);
        Assert.Equal(42, account.GetAttributeValue<object>("numberofemployees"));
    }

    [Fact]
    public void GetAttributeValue_does_not_convert_between_types()
    {
        var account = new Entity("account") { ["numberofemployees"] = 42, ["revenue"] = new Money(1m) };

        Assert.Throws<InvalidCastException>(() => account.GetAttributeValue<long>("numberofemployees"));
        Assert.Throws<InvalidCastException>(() => account.GetAttributeValue<string>("numberofemployees"));
        Assert.Throws<InvalidCastException>(() => account.GetAttributeValue<decimal>("revenue"));
    }

    [Fact]
    public void GetAttributeValue_does_not_unwrap_an_aliased_value()
    {
        var row = new Entity("account") { ["owner.fullname"] = new AliasedValue("systemuser", "fullname", "Ann") };

        Assert.Throws<InvalidCastException>(() => row.GetAttributeValue<string>("owner.fullname"));
        Assert.Equal("Ann", row.GetAttributeValue<AliasedValue>("owner.fullname").Value);
    }

    [Fact]
    public void GetAttributeValue_refuses_an_empty_attribute_name()
    {
        var account = new Entity("account");

        Assert.Throws<ArgumentNullException>(() => account.GetAttributeValue<string>(" "));
    }

    [Fact]
    public void TryGetAttributeValue_converts_when_it_can_and_answers_false_otherwise()
    {
        var account = new Entity("account") { ["numberofemployees"] = 42, ["accountnumber"] = "42", ["name"] = "Contoso" };

        Assert.True(account.TryGetAttributeValue("numberofemployees", out int employees));
        Assert.Equal(42, employees);
        Assert.True(account.TryGetAttributeValue("accountnumber", out int fromText));
        Assert.Equal(42, fromText);
        Assert.False(account.TryGetAttributeValue("name", out int _));
        Assert.False(account.TryGetAttributeValue("missing", out string missing));
        Assert.Null(missing);
    }

    [Fact]
    public void ToEntityReference_carries_logical_name_id_and_row_version_but_not_the_name()
    {
        var id = Guid.NewGuid();
        var account = new Entity("account", id) { ["name"] = "Contoso", RowVersion = "123" };

        EntityReference reference = account.ToEntityReference();

        Assert.Equal("account", reference.LogicalName);
        Assert.Equal(id, reference.Id);
        Assert.Equal("123", reference.RowVersion);
        Assert.Null(reference.Name);
    }

    [Fact]
    public void ToEntity_of_Entity_makes_a_late_bound_view_that_shares_the_attributes()
    {
        var account = new Entity("account", Guid.NewGuid()) { ["name"] = "Contoso" };

        Entity copy = account.ToEntity<Entity>();
        copy["name"] = "Fabrikam";

        Assert.NotSame(account, copy);
        Assert.Equal(account.Id, copy.Id);
        Assert.Equal("Fabrikam", account["name"]);
    }

    [Fact]
    public void ToEntity_makes_an_early_bound_instance_of_the_same_table()
    {
        var account = new Entity("account", Guid.NewGuid()) { ["name"] = "Contoso" };

        Account early = account.ToEntity<Account>();

        Assert.Equal("Contoso", early.Name);
        Assert.Equal(account.Id, early.Id);
    }

    [Fact]
    public void ToEntity_refuses_another_table_and_an_unnamed_entity()
    {
        Assert.Throws<NotSupportedException>(() => new Entity("contact").ToEntity<Account>());
        Assert.Throws<NotSupportedException>(() => new Entity().ToEntity<Account>());
    }

    [Fact]
    public void An_alternate_key_constructor_fills_the_key_attributes()
    {
        var account = new Entity("account", "accountnumber", "A-1");

        Assert.Equal("A-1", account.KeyAttributes["accountnumber"]);
        Assert.Equal(Guid.Empty, account.Id);
    }

    [Fact]
    public void Formatted_values_are_kept_apart_from_the_values()
    {
        var account = new Entity("account") { ["industrycode"] = new OptionSetValue(1) };
        account.FormattedValues["industrycode"] = "Accounting";

        Assert.Equal("Accounting", account.FormattedValues["industrycode"]);
        Assert.IsType<OptionSetValue>(account["industrycode"]);
    }

    [EntityLogicalName("account")]
    private sealed class Account : Entity
    {
        public Account()
            : base("account")
        {
        }

        [AttributeLogicalName("name")]
        public string Name => GetAttributeValue<string>("name");
    }
}
