using Dataverse.Local;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace WinBack.Plugins.Tests;

/// <summary>
/// The solution's organization-owned tables, imported from the packed zip, carry organizationid as Dataverse fills it,
/// so one request reads a sender, the organization's base language and the draft templates joined on it.
/// </summary>
public sealed class OrganizationTests
{
    [Fact]
    public void The_packed_solutions_organization_owned_tables_carry_organizationid_and_a_new_template_gets_the_organization()
    {
        using var test = new TestOrganization();

        foreach (var table in new[] { "wb_drafttemplate", "wb_scoringpolicy", "wb_population" })
        {
            var column = test.Org.Metadata.Table(table)!.Column("organizationid");
            Assert.True(column is { IsPlatformManaged: true }, $"{table}.organizationid");
        }
        var id = Template(test, "German", "de");

        var organization = test.Org.Peek("wb_drafttemplate", id)!.GetAttributeValue<EntityReference>("organizationid");
        Assert.Equal(("organization", test.Org.OrganizationId), (organization.LogicalName, organization.Id));
    }

    [Fact]
    public void One_FetchXML_request_reads_the_sender_the_base_language_and_the_active_templates_of_the_packed_solution()
    {
        using var test = new TestOrganization();
        var sender = test.Org.AddUser("Riley Rep", "Win-back Sales Rep");
        test.Service.Update(new Entity("systemuser", sender) { ["title"] = "Account Manager" });
        Template(test, "German", "de");
        var retired = Template(test, "Old French", "fr");
        test.Service.Update(new Entity("wb_drafttemplate", retired) { ["statecode"] = new OptionSetValue(1), ["statuscode"] = new OptionSetValue(2) });
        var fetch = $"""
            <fetch>
              <entity name="systemuser">
                <attribute name="fullname" /><attribute name="title" />
                <filter><condition attribute="systemuserid" operator="eq" value="{sender}" /></filter>
                <link-entity name="organization" from="organizationid" to="organizationid" link-type="inner" alias="org">
                  <attribute name="languagecode" />
                  <link-entity name="wb_drafttemplate" from="organizationid" to="organizationid" link-type="outer" alias="template">
                    <attribute name="wb_name" /><attribute name="wb_language" />
                    <filter><condition attribute="statecode" operator="eq" value="0" /></filter>
                  </link-entity>
                </link-entity>
              </entity>
            </fetch>
            """;

        var row = Assert.Single(test.Org.SystemService.RetrieveMultiple(new FetchExpression(fetch)).Entities);

        Assert.Equal("Riley Rep", row.GetAttributeValue<string>("fullname"));
        Assert.Equal("Account Manager", row.GetAttributeValue<string>("title"));
        Assert.Equal(1033, row.GetAttributeValue<AliasedValue>("org.languagecode").Value);
        Assert.Equal("de", row.GetAttributeValue<AliasedValue>("template.wb_language").Value);
    }

    /// <summary>A template row written past the solution's template checks (this is about where the row lives, not its wording).</summary>
    private static Guid Template(TestOrganization test, string name, string language)
    {
        var create = new OrganizationRequest("Create") { ["Target"] = new Entity("wb_drafttemplate") { ["wb_name"] = name, ["wb_language"] = language } };
        create.Parameters["BypassCustomPluginExecution"] = true;
        return (Guid)test.Service.Execute(create).Results["id"];
    }
}
