using Dataverse.Local.Security;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using WinBack.Packaging.Model;
using WinBack.Packaging.Packing;

namespace Dataverse.Local.Tests;

/// <summary>
/// The organization row (its base language), the organizationid every user and every organization-owned row carries,
/// and the one request that reads a user with the organization's language and the organization's own rows, joined on
/// organizationid with no relationship between them (Learn, "Join tables using FetchXml", No relationship).
/// </summary>
public sealed class OrganizationTests
{
    [Fact]
    public void The_organization_has_one_row_with_its_id_name_and_base_language_English_by_default()
    {
        using var org = new LocalOrganization();

        var row = Assert.Single(org.Rows("organization"));
        var read = org.Service.Retrieve("organization", org.OrganizationId, new ColumnSet("name", "languagecode"));

        Assert.Equal(org.Options.OrganizationId, row.Id);
        Assert.Equal(org.OrganizationName, read.GetAttributeValue<string>("name"));
        Assert.Equal(1033, read.GetAttributeValue<int>("languagecode"));
    }

    [Fact]
    public void The_base_language_option_sets_the_organization_rows_languagecode()
    {
        using var org = new LocalOrganization(new LocalOrganizationOptions { BaseLanguageCode = 1031, OrganizationName = "contosode" });

        var row = Assert.Single(org.Rows("organization"));
        Assert.Equal(1031, row.GetAttributeValue<int>("languagecode"));
        Assert.Equal("contosode", row.GetAttributeValue<string>("name"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1033)]
    public void A_base_language_that_is_no_LCID_is_refused_with_what_to_give(int code)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new LocalOrganization(new LocalOrganizationOptions { BaseLanguageCode = code }));
        Assert.Contains("LCID", error.Message);
        Assert.Contains("1033", error.Message);
    }

    [Fact]
    public void Every_user_carries_the_organization_id_the_seeded_ones_and_those_added_later()
    {
        using var org = new LocalOrganization();
        var unit = org.AddBusinessUnit("Europe");
        var later = org.AddUser("Riley Rep", unit);

        foreach (var user in new[] { LocalOrganization.SystemUserId, org.AdministratorId, later })
            Assert.Equal(org.OrganizationId, org.Peek("systemuser", user)!.GetAttributeValue<Guid>("organizationid"));
        var read = org.Service.Retrieve("systemuser", later, new ColumnSet("organizationid"));
        Assert.Equal(org.OrganizationId, read.GetAttributeValue<Guid>("organizationid"));
    }

    [Fact]
    public void A_row_created_in_an_organization_owned_table_of_a_packed_solution_carries_the_organization()
    {
        var zip = Path.Combine(Path.GetTempPath(), $"winback-test-{Guid.NewGuid():N}.zip");
        var solution = new TestSolution().Table(DraftTemplateTable());
        solution.Model.DisplayName = "WinBack tests";
        solution.Model.Version = "1.0.0.0";
        SolutionWriter.WritePacked(new SolutionPackage { Model = solution.Model }, managed: true, zip);
        try
        {
            using var org = LocalOrganization.FromSolution(zip);

            var id = org.Service.Create(new Entity("wb_drafttemplate") { ["wb_name"] = "German", ["wb_language"] = "de" });
            var account = org.Service.Create(new Entity("account") { ["name"] = "Contoso" });

            var organization = org.Peek("wb_drafttemplate", id)!.GetAttributeValue<EntityReference>("organizationid");
            Assert.Equal(("organization", org.OrganizationId), (organization.LogicalName, organization.Id));
            var column = org.Metadata.Table("wb_drafttemplate")!.Column("organizationid")!;
            Assert.True(column.IsPlatformManaged);
            Assert.Equal(new[] { "organization" }, column.Targets);
            // A user-owned table has an owner and a business unit instead.
            Assert.False(org.Peek("account", account)!.Contains("organizationid"));
        }
        finally
        {
            File.Delete(zip);
        }
    }

    [Fact]
    public void The_seeded_currency_an_organization_owned_standard_table_carries_the_organization_as_a_lookup()
    {
        using var org = new LocalOrganization();

        var organization = org.Peek("transactioncurrency", org.BaseCurrencyId)!.GetAttributeValue<EntityReference>("organizationid");

        Assert.Equal(org.OrganizationId, organization.Id);
        Assert.Equal("organization", organization.LogicalName);
    }

    private const string SenderLanguageAndTemplates = """
        <fetch>
          <entity name="systemuser">
            <attribute name="fullname" />
            <attribute name="title" />
            <filter><condition attribute="systemuserid" operator="eq" value="{0}" /></filter>
            <link-entity name="organization" from="organizationid" to="organizationid" link-type="inner" alias="org">
              <attribute name="languagecode" />
              <link-entity name="wb_drafttemplate" from="organizationid" to="organizationid" link-type="outer" alias="template">
                <attribute name="wb_name" />
                <attribute name="wb_language" />
                <filter><condition attribute="statecode" operator="eq" value="0" /></filter>
              </link-entity>
            </link-entity>
          </entity>
        </fetch>
        """;

    [Fact]
    public void One_FetchXML_request_reads_the_sender_the_base_language_and_the_active_templates_joined_on_organizationid()
    {
        using var org = new TestSolution().Table(DraftTemplateTable()).Build(new LocalOrganizationOptions { BaseLanguageCode = 1036 });
        var sender = org.AddUser("Riley Rep");
        org.Service.Update(new Entity("systemuser", sender) { ["title"] = "Account Manager" });
        org.Service.Create(new Entity("wb_drafttemplate") { ["wb_name"] = "German", ["wb_language"] = "de" });
        org.Service.Create(new Entity("wb_drafttemplate") { ["wb_name"] = "French", ["wb_language"] = "fr" });
        var retired = org.Service.Create(new Entity("wb_drafttemplate") { ["wb_name"] = "Old Spanish", ["wb_language"] = "es" });
        org.Service.Update(new Entity("wb_drafttemplate", retired) { ["statecode"] = new OptionSetValue(1), ["statuscode"] = new OptionSetValue(2) });

        var rows = org.Service.RetrieveMultiple(new FetchExpression(string.Format(SenderLanguageAndTemplates, sender))).Entities;

        Assert.Equal(2, rows.Count);
        Assert.All(rows, row =>
        {
            Assert.Equal("Riley Rep", row.GetAttributeValue<string>("fullname"));
            Assert.Equal("Account Manager", row.GetAttributeValue<string>("title"));
            Assert.Equal(1036, row.GetAttributeValue<AliasedValue>("org.languagecode").Value);
        });
        Assert.Equal(new[] { "de", "fr" }, rows.Select(r => (string)r.GetAttributeValue<AliasedValue>("template.wb_language").Value).Order());
    }

    [Fact]
    public void With_no_active_template_the_join_still_returns_the_sender_and_language_once_with_empty_template_columns()
    {
        using var org = new TestSolution().Table(DraftTemplateTable()).Build(new LocalOrganizationOptions { BaseLanguageCode = 3082 });
        var sender = org.AddUser("Riley Rep");
        var retired = org.Service.Create(new Entity("wb_drafttemplate") { ["wb_name"] = "Old Spanish", ["wb_language"] = "es" });
        org.Service.Update(new Entity("wb_drafttemplate", retired) { ["statecode"] = new OptionSetValue(1), ["statuscode"] = new OptionSetValue(2) });

        var row = Assert.Single(org.Service.RetrieveMultiple(new FetchExpression(string.Format(SenderLanguageAndTemplates, sender))).Entities);

        Assert.Equal("Riley Rep", row.GetAttributeValue<string>("fullname"));
        Assert.Equal(3082, row.GetAttributeValue<AliasedValue>("org.languagecode").Value);
        Assert.False(row.Contains("template.wb_name"));
        Assert.False(row.Contains("template.wb_language"));
    }

    [Fact]
    public void The_same_join_as_a_QueryExpression_gives_the_same_rows()
    {
        using var org = new TestSolution().Table(DraftTemplateTable()).Build();
        var sender = org.AddUser("Riley Rep");
        org.Service.Create(new Entity("wb_drafttemplate") { ["wb_name"] = "German", ["wb_language"] = "de" });
        var query = new QueryExpression("systemuser") { ColumnSet = new ColumnSet("fullname", "title") };
        query.Criteria.AddCondition("systemuserid", ConditionOperator.Equal, sender);
        var organization = query.AddLink("organization", "organizationid", "organizationid", JoinOperator.Inner);
        organization.EntityAlias = "org";
        organization.Columns = new ColumnSet("languagecode");
        var templates = organization.AddLink("wb_drafttemplate", "organizationid", "organizationid", JoinOperator.LeftOuter);
        templates.EntityAlias = "template";
        templates.Columns = new ColumnSet("wb_name", "wb_language");
        templates.LinkCriteria.AddCondition("statecode", ConditionOperator.Equal, 0);

        var row = Assert.Single(org.Service.RetrieveMultiple(query).Entities);

        Assert.Equal(1033, row.GetAttributeValue<AliasedValue>("org.languagecode").Value);
        Assert.Equal("de", row.GetAttributeValue<AliasedValue>("template.wb_language").Value);
    }

    [Fact]
    public void Creating_deleting_or_upserting_the_organization_is_refused_as_a_message_the_table_does_not_offer_and_writes_nothing()
    {
        using var org = new LocalOrganization();
        var other = Guid.NewGuid();

        var create = Expect.Fault(() => org.Service.Create(new Entity("organization", other) { ["name"] = "second", ["languagecode"] = 1031 }));
        var asSystem = Expect.Fault(() => org.SystemService.Create(new Entity("organization") { ["name"] = "second" }));
        var delete = Expect.Fault(() => org.Service.Delete("organization", org.OrganizationId));
        var upsert = Expect.Fault(() => org.Service.Execute(new OrganizationRequest("Upsert") { ["Target"] = new Entity("organization", other) { ["name"] = "second" } }));

        foreach (var fault in new[] { create, asSystem, delete, upsert }) Assert.Equal(ErrorCodes.NotSupported, fault.ErrorCode);
        Assert.StartsWith("The 'Create' method does not support entities of type 'organization'.", create.Message);
        Assert.StartsWith("The 'Delete' method does not support entities of type 'organization'.", delete.Message);
        Assert.StartsWith("The 'Upsert' method does not support entities of type 'organization'.", upsert.Message);
        var row = Assert.Single(org.Rows("organization"));
        Assert.Equal(org.OrganizationId, row.Id);
    }

    [Fact]
    public void An_administrator_updates_the_organizations_language_which_the_table_offers()
    {
        using var org = new LocalOrganization();

        org.Service.Update(new Entity("organization", org.OrganizationId) { ["languagecode"] = 1031 });

        Assert.Equal(1031, org.Peek("organization", org.OrganizationId)!.GetAttributeValue<int>("languagecode"));
    }

    [Fact]
    public void A_caller_cannot_set_organizationid_on_create_or_update_the_platform_keeps_its_own()
    {
        using var org = new TestSolution().Table(DraftTemplateTable()).Build();
        var elsewhere = Guid.NewGuid();

        var user = org.Service.Create(new Entity("systemuser")
        {
            ["firstname"] = "Sam", ["lastname"] = "Smith", ["domainname"] = "sam@winback.local",
            ["businessunitid"] = new EntityReference("businessunit", org.RootBusinessUnitId), ["organizationid"] = elsewhere,
        });
        var created = org.Peek("systemuser", user)!.GetAttributeValue<Guid>("organizationid");
        org.Service.Update(new Entity("systemuser", org.AdministratorId) { ["organizationid"] = elsewhere });
        var template = org.Service.Create(new Entity("wb_drafttemplate") { ["wb_name"] = "German", ["organizationid"] = null });
        org.Service.Update(new Entity("wb_drafttemplate", template) { ["organizationid"] = null });

        Assert.Equal(org.OrganizationId, created);
        Assert.Equal(org.OrganizationId, org.Peek("systemuser", org.AdministratorId)!.GetAttributeValue<Guid>("organizationid"));
        Assert.Equal(org.OrganizationId, org.Peek("wb_drafttemplate", template)!.GetAttributeValue<EntityReference>("organizationid").Id);
    }

    [Fact]
    public void Reading_the_organization_takes_prvReadOrganization_as_any_table_takes_its_read_privilege()
    {
        // Dataverse's predefined roles all hold prvReadOrganization at Global depth (Learn, "Organization entity
        // privileges"), but a role made from scratch does not, and its users are refused (Microsoft support, "A privilege
        // error occurs when attempting to use Dynamics 365 App for Outlook": "You don't have required privilege
        // (prvReadOrganization)"). So the local organization grants it through roles only.
        using var org = new TestSolution()
            .Role("Reads the organization", ("prvReadOrganization", PrivilegeDepth.Global))
            .Role("Reads accounts", ("prvReadAccount", PrivilegeDepth.Global))
            .Build();
        var reader = org.AddUser("Olive Reader", "Reads the organization");
        var other = org.AddUser("Ada Other", "Reads accounts");

        var read = org.GetService(reader).Retrieve("organization", org.OrganizationId, new ColumnSet("languagecode"));
        var refused = Expect.Fault(() => org.GetService(other).Retrieve("organization", org.OrganizationId, new ColumnSet("languagecode")));
        var noWrite = Expect.Fault(() => org.GetService(reader).Update(new Entity("organization", org.OrganizationId) { ["languagecode"] = 1031 }));

        Assert.Equal(1033, read.GetAttributeValue<int>("languagecode"));
        Assert.Equal(ErrorCodes.PrivilegeDenied, refused.ErrorCode);
        Assert.Contains("prvReadOrganization", refused.Message);
        Assert.Contains("prvWriteOrganization", noWrite.Message);
        var query = Expect.Fault(() => org.GetService(other).RetrieveMultiple(new QueryExpression("organization") { ColumnSet = new ColumnSet("name") }));
        Assert.Contains("prvReadOrganization", query.Message);
    }

    /// <summary>An organization-owned table as the product's draft templates are: a name, a language, Active/Inactive.</summary>
    private static TableModel DraftTemplateTable() => new()
    {
        LogicalName = "wb_drafttemplate",
        SchemaName = "wb_DraftTemplate",
        DisplayName = "Draft template",
        IsCustomTable = true,
        PrimaryIdColumn = "wb_drafttemplateid",
        PrimaryNameColumn = "wb_name",
        Ownership = TableOwnership.Organization,
        EntitySetName = "wb_drafttemplates",
        Columns =
        {
            new ColumnModel { LogicalName = "wb_name", Type = ColumnType.String, MaxLength = 100 },
            new ColumnModel { LogicalName = "wb_language", Type = ColumnType.String, MaxLength = 20 },
        },
    };
}
