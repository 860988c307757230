using System.Net;
using System.Xml.Linq;
using Microsoft.Xrm.Sdk;
using static Dataverse.WebApi.Tests.ServerFixture;

namespace Dataverse.WebApi.Tests;

/// <summary>
/// Navigation properties by the names Dataverse gives them (Learn, "Web API navigation properties"): a custom
/// lookup's is its schema name, a polymorphic lookup has one per target, and every other spelling is refused.
/// </summary>
[Collection("server")]
public sealed class NavigationPropertyTests
{
    private static readonly XNamespace Edm = "http://docs.oasis-open.org/odata/ns/edm";
    private readonly ServerFixture _s;

    public NavigationPropertyTests(ServerFixture server) => _s = server;

    private string SetOf(string table) => _s.Org.Metadata.Table(table)!.EntitySetName;

    private async Task<XDocument> MetadataAsync()
    {
        var response = await _s.Http.GetAsync(_s.Api + "$metadata");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return XDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static Dictionary<string, string> Navigations(XDocument xml, string type) =>
        xml.Descendants(Edm + "EntityType").Single(e => (string?)e.Attribute("Name") == type)
            .Elements(Edm + "NavigationProperty").ToDictionary(p => (string)p.Attribute("Name")!, p => (string)p.Attribute("Type")!);

    [Fact]
    public async Task Metadata_names_navigation_properties_as_Dataverse_does()
    {
        var xml = await MetadataAsync();
        var remediation = Navigations(xml, "wb_remediation");
        Assert.Equal("mscrm.account", remediation["wb_AccountId"]);
        Assert.Equal("mscrm.systemuser", remediation["wb_FixedBy"]);
        Assert.False(remediation.ContainsKey("wb_accountid"));
        Assert.Equal("mscrm.wb_remediation", Navigations(xml, "wb_outreach")["wb_RemediationId"]);
        Assert.Equal("mscrm.contact", Navigations(xml, "wb_outreach")["wb_ContactId"]);

        var contact = Navigations(xml, "contact");
        Assert.Equal("mscrm.account", contact["parentcustomerid_account"]);
        Assert.Equal("mscrm.contact", contact["parentcustomerid_contact"]);
        Assert.False(contact.ContainsKey("parentcustomerid"));
        Assert.Equal("mscrm.account", Navigations(xml, "incident")["customerid_account"]);

        var email = Navigations(xml, "email");
        Assert.Equal("mscrm.account", email["regardingobjectid_account_email"]);
        Assert.Equal("mscrm.incident", email["regardingobjectid_incident_email"]);
        Assert.Equal("mscrm.wb_outreach", email["wb_OutreachId"]);
        Assert.Equal("mscrm.environmentvariabledefinition", Navigations(xml, "environmentvariablevalue")["EnvironmentVariableDefinitionId"]);

        var account = Navigations(xml, "account");
        Assert.Equal("mscrm.principal", account["ownerid"]);
        Assert.Equal("Collection(mscrm.wb_remediation)", account["wb_account_wb_remediation_AccountId"]);
        Assert.Contains(xml.Descendants(Edm + "EntityType"), e => (string?)e.Attribute("Name") == "principal" && (string?)e.Attribute("Abstract") == "true");
    }

    [Fact]
    public async Task A_polymorphic_lookup_binds_expands_and_annotates_through_its_property_per_target()
    {
        var account = _s.Org.Rows("account").OrderBy(a => a.Id).First();
        var (status, _, response) = await _s.SendAsync(HttpMethod.Post, "contacts",
            $$"""{"lastname":"Bound through parentcustomerid_account","parentcustomerid_account@odata.bind":"/accounts({{account.Id}})"}""");
        Assert.Equal(204, status);
        var location = response.Headers.GetValues("OData-EntityId").Single();
        var id = Guid.Parse(location[(location.LastIndexOf('(') + 1)..^1]);
        var stored = _s.Org.Peek("contact", id)!.GetAttributeValue<EntityReference>("parentcustomerid");
        Assert.Equal(("account", account.Id), (stored.LogicalName, stored.Id));

        var (status2, body, _) = await _s.GetAsync(
            $"contacts({id})?$select=lastname,_parentcustomerid_value&$expand=parentcustomerid_account($select=name),parentcustomerid_contact($select=fullname)",
            ("Prefer", "odata.include-annotations=\"*\""));
        Assert.Equal(200, status2);
        Assert.Equal(account.GetAttributeValue<string>("name"), body.GetProperty("parentcustomerid_account").GetProperty("name").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, body.GetProperty("parentcustomerid_contact").ValueKind);
        Assert.Equal("parentcustomerid_account", body.GetProperty("_parentcustomerid_value@Microsoft.Dynamics.CRM.associatednavigationproperty").GetString());
        Assert.Equal(account.Id.ToString("D"), body.GetProperty("_parentcustomerid_value").GetString());
    }

    [Fact]
    public async Task A_custom_lookup_expands_by_its_schema_name()
    {
        var snapshot = _s.Org.Rows("wb_usagesnapshot").OrderBy(r => r.Id).First();
        var account = _s.Org.Peek("account", snapshot.GetAttributeValue<EntityReference>("wb_accountid").Id)!;
        var (status, body, _) = await _s.GetAsync($"{SetOf("wb_usagesnapshot")}({snapshot.Id})?$select=_wb_accountid_value&$expand=wb_AccountId($select=name)");
        Assert.Equal(200, status);
        Assert.Equal(account.GetAttributeValue<string>("name"), body.GetProperty("wb_AccountId").GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("wb_usagesnapshot", "wb_accountid")]
    [InlineData("wb_usagesnapshot", "WB_ACCOUNTID")]
    [InlineData("contact", "parentcustomerid")]
    public async Task Expand_by_another_spelling_is_400_could_not_find_a_property(string table, string name)
    {
        var result = await _s.GetAsync($"{SetOf(table)}?$select={_s.Org.Metadata.Table(table)!.PrimaryIdColumn}&$expand={name}");
        Assert.Equal($"Could not find a property named '{name}' on type 'Microsoft.Dynamics.CRM.{table}'.", AssertError(result, 400, "0x0"));
    }

    [Theory]
    [InlineData("contact", "parentcustomerid", "account")]
    [InlineData("contact", "ParentCustomerId_account", "account")]
    [InlineData("wb_remediation", "wb_accountid", "account")]
    [InlineData("wb_outreach", "wb_remediationid", "wb_remediation")]
    [InlineData("environmentvariablevalue", "environmentvariabledefinitionid", "environmentvariabledefinition")]
    public async Task Bind_by_another_spelling_is_the_undeclared_property_error_and_writes_nothing(string table, string name, string target)
    {
        var set = SetOf(table);
        var before = _s.Org.Count(table);
        var message = AssertError(await _s.SendAsync(HttpMethod.Post, set, $$"""{"{{name}}@odata.bind":"/{{SetOf(target)}}(00000000-0000-0000-0000-000000000001)"}"""), 400, "0x80048d19");
        Assert.Equal($"Error identified in Payload provided by the user for Entity :'{set}', For more information on this error please follow this help link " +
            $"https://go.microsoft.com/fwlink/?linkid=2195293  ----> InnerException : Microsoft.OData.ODataException: An undeclared property '{name}' which only has " +
            "property annotations in the payload but no property value was found in the payload. In OData, only declared navigation properties and declared " +
            "named streams can be represented as properties without values.", message);
        Assert.Equal(before, _s.Org.Count(table));
    }

    [Fact]
    public async Task A_property_per_target_refuses_a_row_of_another_table()
    {
        var account = _s.Org.Rows("account").OrderBy(a => a.Id).First();
        var before = _s.Org.Count("contact");
        var message = AssertError(await _s.SendAsync(HttpMethod.Post, "contacts",
            $$"""{"lastname":"x","parentcustomerid_contact@odata.bind":"/accounts({{account.Id}})"}"""), 400, "0x80048d19");
        Assert.EndsWith($"The row 'accounts({account.Id})' is a 'account', not a 'contact'.", message);
        Assert.Equal(before, _s.Org.Count("contact"));
    }
}
