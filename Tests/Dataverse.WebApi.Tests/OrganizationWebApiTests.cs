using System.Xml.Linq;
using static Dataverse.WebApi.Tests.ServerFixture;

namespace Dataverse.WebApi.Tests;

/// <summary>The organization through the Web API: its entity set, the organizationid lookup of organization-owned tables, no DELETE.</summary>
[Collection("server")]
public sealed class OrganizationWebApiTests
{
    private readonly ServerFixture _s;

    public OrganizationWebApiTests(ServerFixture server) => _s = server;

    [Fact]
    public async Task The_organization_is_the_entity_set_organizations_with_its_base_language()
    {
        var (status, body, _) = await _s.GetAsync("organizations?$select=name,languagecode");

        Assert.Equal(200, status);
        var row = Assert.Single(body.GetProperty("value").EnumerateArray());
        Assert.Equal(_s.Org.OrganizationId.ToString("D"), row.GetProperty("organizationid").GetString());
        Assert.Equal(_s.Org.Options.BaseLanguageCode, row.GetProperty("languagecode").GetInt32());
    }

    [Fact]
    public async Task An_organization_owned_table_has_the_lookup_organizationid_in_metadata_as_Dataverse_describes_it()
    {
        var xml = XDocument.Parse(await (await _s.Http.GetAsync(_s.Api + "$metadata")).Content.ReadAsStringAsync());
        XNamespace edm = "http://docs.oasis-open.org/odata/ns/edm";
        var template = xml.Descendants(edm + "EntityType").Single(e => (string?)e.Attribute("Name") == "wb_drafttemplate");

        // Learn, "languagelocale EntityType": _organizationid_value, and the single-valued navigation property organizationid.
        Assert.Contains(template.Elements(edm + "Property"), p => (string?)p.Attribute("Name") == "_organizationid_value" && (string?)p.Attribute("Type") == "Edm.Guid");
        Assert.Contains(template.Elements(edm + "NavigationProperty"), p => (string?)p.Attribute("Name") == "organizationid" && (string?)p.Attribute("Type") == "mscrm.organization");
        Assert.Contains(xml.Descendants(edm + "EntitySet"), s => (string?)s.Attribute("Name") == "organizations");
    }

    [Fact]
    public async Task Deleting_the_organization_is_refused_and_it_stays()
    {
        var result = await _s.SendAsync(HttpMethod.Delete, $"organizations({_s.Org.OrganizationId})");

        var message = AssertError(result, 400, "0x80040315");
        Assert.StartsWith("The 'Delete' method does not support entities of type 'organization'.", message);
        Assert.NotNull(_s.Org.Peek("organization", _s.Org.OrganizationId));
    }
}
