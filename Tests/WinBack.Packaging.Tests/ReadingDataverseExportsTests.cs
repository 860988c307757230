using WinBack.Packaging.Model;

namespace WinBack.Packaging.Tests;

public sealed class ReadingDataverseExportsTests
{
    [SkippableTheory]
    [InlineData("dataverse-ify-unmanaged", false)]
    [InlineData("dataverse-ify-managed", true)]
    public void The_dataverse_ify_export_reads_with_its_manifest_tables_plugin_and_custom_apis(string folder, bool managed)
    {
        var model = SolutionReader.Read(Reference.Export(folder));

        Assert.Equal("cdsifyintegrationtests", model.UniqueName);
        Assert.Equal("Dataverse-ify Integration Tests", model.DisplayName);
        Assert.Equal("1.0.0.1", model.Version);
        Assert.Equal(managed, model.Managed);
        Assert.Equal("cdsify", model.Publisher.UniqueName);
        Assert.Equal("cdsify", model.Publisher.Prefix);
        Assert.Equal(12264, model.Publisher.OptionValuePrefix);

        Assert.Equal(new[] { "account", "cdsify_integrationtest" }, model.Tables.Select(t => t.LogicalName));
        var account = model.Table("account")!;
        Assert.False(account.IsCustomTable);
        Assert.Equal(new[] { "cdsify_account1", "cdsify_multiselect" }, account.Columns.Select(c => c.LogicalName));
        Assert.Equal(ColumnType.Lookup, account.Column("cdsify_account1")!.Type);
        Assert.Equal(new[] { "account" }, account.Column("cdsify_account1")!.Targets);
        Assert.Equal(ColumnType.MultiSelectPicklist, account.Column("cdsify_multiselect")!.Type);

        var test = model.Table("cdsify_integrationtest")!;
        Assert.True(test.IsCustomTable);
        Assert.Equal("Integration Test", test.DisplayName);
        Assert.Equal("cdsify_integrationtestid", test.PrimaryIdColumn);
        Assert.Equal("cdsify_name", test.PrimaryNameColumn);
        Assert.Equal(TableOwnership.User, test.Ownership);
        Assert.Equal(RequiredLevel.ApplicationRequired, test.Column("cdsify_name")!.RequiredLevel);
        Assert.Equal(100, test.Column("cdsify_name")!.MaxLength);
        var status = test.Column("statuscode")!;
        Assert.Equal(ColumnType.Status, status.Type);
        Assert.Equal(new[] { (1, "Active", (int?)0), (2, "Inactive", (int?)1) }, status.Options.Select(o => (o.Value, o.Label, o.State)));

        Assert.Equal(8, model.Relationships.Count);
        var selfLookup = model.Relationships.Single(r => r.SchemaName == "cdsify_Account_Account1_Account");
        Assert.Equal(("account", "accountid", "account", "cdsify_account1"),
            (selfLookup.ReferencedTable, selfLookup.ReferencedColumn, selfLookup.ReferencingTable, selfLookup.ReferencingColumn));
        Assert.Equal(CascadeType.RemoveLink, selfLookup.Cascade.Delete);

        var assembly = Assert.Single(model.PluginAssemblies);
        Assert.Equal("TestCustomApiPlugin", assembly.Name);
        Assert.Equal(new Guid("07c3d3db-020d-ed11-b83e-0022483d2320"), assembly.Id);
        Assert.Equal("/PluginAssemblies/TestCustomApiPlugin-07C3D3DB-020D-ED11-B83E-0022483D2320/TestCustomApiPlugin.dll", assembly.FileName);
        Assert.Null(assembly.Content); // the reference copy carries no binaries
        Assert.Equal(5, assembly.Types.Count);
        Assert.Empty(model.Steps);

        Assert.Equal(
            new[] { "cdsify_BoundCollectionEcho", "cdsify_BoundEcho", "cdsify_BoundEchoFunction", "cdsify_UnboundEcho", "cdsify_UnboundEchoFunction2" },
            model.CustomApis.Select(a => a.UniqueName));
        var bound = model.CustomApis.Single(a => a.UniqueName == "cdsify_BoundEcho");
        Assert.Equal(1, bound.BindingType);
        Assert.Equal("cdsify_integrationtest", bound.BoundTable);
        Assert.Equal("TestCustomApiPlugin.BoundEchoPlugin", bound.PluginTypeName);
        Assert.Equal(13, bound.RequestParameters.Count);
        Assert.Equal(13, bound.ResponseProperties.Count);
        Assert.Equal(Enum.GetValues<CustomApiFieldType>().Order(), bound.RequestParameters.Select(p => p.Type).Order());
        Assert.Equal("cdsify_integrationtest", bound.RequestParameters.Single(p => p.UniqueName == "cdsify_BoundInEntityReference").Table);
        var function = model.CustomApis.Single(a => a.UniqueName == "cdsify_UnboundEchoFunction2");
        Assert.True(function.IsFunction);
        Assert.Equal(7, function.RequestParameters.Count);

        var page = Assert.Single(model.WebResources);
        Assert.Equal("cdsify_/jasmine/test-runner.html", page.Name);
        Assert.Equal(1, page.Type);
        Assert.Empty(model.Roles);
        Assert.Empty(model.EnvironmentVariables);
    }

    [SkippableFact]
    public void The_approvals_kit_folder_reads_its_custom_apis_plugin_and_environment_variables()
    {
        var model = SolutionReader.Read(Reference.Export("approvals-kit-unpacked"));

        Assert.Equal("", model.UniqueName); // the folder carries no Other/Solution.xml
        var assembly = Assert.Single(model.PluginAssemblies);
        Assert.Equal("EvaluateRuntimeNodeMessage", assembly.Name);
        Assert.Equal("EvaluateRuntimeNodeMessage.EvaluateNodeMessage", Assert.Single(assembly.Types).TypeName);

        Assert.Equal(new[] { "cat_EvaluateNodeMessage", "cat_GetDynamicParameters" }, model.CustomApis.Select(a => a.UniqueName));
        var evaluate = model.CustomApis[0];
        Assert.Equal("EvaluateRuntimeNodeMessage.EvaluateNodeMessage", evaluate.PluginTypeName);
        Assert.Equal(new[] { "EnableDataverse", "NodeId", "WorkflowId" }, evaluate.RequestParameters.Select(p => p.UniqueName));
        Assert.Equal(new[] { CustomApiFieldType.Boolean, CustomApiFieldType.String, CustomApiFieldType.String }, evaluate.RequestParameters.Select(p => p.Type));
        Assert.Equal("Message", Assert.Single(evaluate.ResponseProperties).UniqueName);
        var parameters = model.CustomApis[1];
        Assert.Null(parameters.PluginTypeName); // its plug-in type is not in this solution
        Assert.Equal(CustomApiFieldType.Guid, Assert.Single(parameters.RequestParameters).Type);
        Assert.Equal(CustomApiFieldType.Entity, Assert.Single(parameters.ResponseProperties).Type);

        Assert.Equal(
            new[] { "cat_ApprovalKitOrgUrl", "cat_EnableOffice365MailboxSettings", "cat_EnablePowerFxDataverseIntegration", "cat_OutOfOfficeCheckDays" },
            model.EnvironmentVariables.Select(v => v.SchemaName));
        var url = model.EnvironmentVariables[0];
        Assert.Equal(EnvironmentVariableType.String, url.Type);
        Assert.Null(url.DefaultValue);
        Assert.Equal("orgc08dc7f0.crm.dynamics.com", url.Value);
        Assert.Equal((EnvironmentVariableType.Number, "0"), (model.EnvironmentVariables[3].Type, model.EnvironmentVariables[3].DefaultValue));
        Assert.Equal((EnvironmentVariableType.Boolean, "no"), (model.EnvironmentVariables[1].Type, model.EnvironmentVariables[1].DefaultValue));
    }

    [SkippableFact]
    public void The_ppds_folder_reads_its_steps_with_message_names_filtering_columns_and_pre_image()
    {
        var model = SolutionReader.Read(Reference.Export("ppds-demo-unpacked"));

        Assert.Equal("PPDSDemo", model.UniqueName);
        Assert.Equal("1.0.20260111.51", model.Version);
        Assert.False(model.Managed);
        Assert.Equal(("ppds", 37411), (model.Publisher.Prefix, model.Publisher.OptionValuePrefix));
        Assert.Empty(model.Tables);

        var assembly = Assert.Single(model.PluginAssemblies);
        Assert.Equal("PPDSDemo.Plugins", assembly.Name);
        Assert.Equal(3, assembly.Types.Count);

        Assert.Equal(2, model.Steps.Count);
        var create = model.Steps.Single(s => s.Message == "Create");
        Assert.Equal(("account", 20, 0, 1), (create.PrimaryTable, create.Stage, create.Mode, create.Rank));
        Assert.Equal("PPDSDemo.Plugins.Plugins.AccountPreCreatePlugin", create.PluginTypeName);
        Assert.Empty(create.FilteringAttributes);
        Assert.Empty(create.Images);

        var update = model.Steps.Single(s => s.Message == "Update");
        Assert.Equal(("account", 40, 1), (update.PrimaryTable, update.Stage, update.Mode));
        Assert.Equal(new[] { "name", "telephone1", "revenue" }, update.FilteringAttributes);
        Assert.Null(update.PluginTypeName); // named only by an export key of a type outside this solution
        var image = Assert.Single(update.Images);
        Assert.Equal(("PreImage", "PreImage", 0, "Target"), (image.Name, image.EntityAlias, image.ImageType, image.MessagePropertyName));
        Assert.Equal(new[] { "name", "telephone1", "revenue" }, image.Attributes);

        var script = Assert.Single(model.WebResources);
        Assert.Equal(("ppds_/scripts/account.form.js", "Account Form Script", 3), (script.Name, script.DisplayName, script.Type));

        var api = Assert.Single(model.EnvironmentVariables);
        Assert.Equal(("ppds_ApiEndpoint", "https://api.example.com"), (api.SchemaName, api.DefaultValue));
    }

    [SkippableFact]
    public void A_single_custom_activity_table_reads_every_column()
    {
        var model = SolutionReader.Read(Reference.Export("emr-custom-activity-entity.xml"));

        var table = Assert.Single(model.Tables);
        Assert.Equal("msemr_appointmentemr", table.LogicalName);
        Assert.True(table.IsActivity);
        Assert.True(table.IsCustomTable);
        Assert.Equal("activityid", table.PrimaryIdColumn);
        Assert.Equal(10, table.Columns.Count(c => c.Type == ColumnType.PartyList));
        Assert.Equal(new[] { "No", "Yes" }, table.Column("isbilled")!.Options.Select(o => o.Label));
    }

    [Fact]
    public void Step_messages_named_by_platform_id_are_given_their_names()
    {
        Assert.Equal("Create", SdkMessages.NameOf(new Guid("9ebdbb1b-ea3e-db11-86a7-000a3a5473e8")));
        Assert.Equal("Update", SdkMessages.NameOf(new Guid("20bebb1b-ea3e-db11-86a7-000a3a5473e8")));
        Assert.Equal("Delete", SdkMessages.NameOf(new Guid("a1bdbb1b-ea3e-db11-86a7-000a3a5473e8")));
        Assert.Equal("Associate", SdkMessages.FromStepName("Plugins.Share: Associate of any Entity"));
    }
}

public sealed class ReadingBrokenSolutionsTests
{
    [Fact]
    public void A_customizations_file_that_is_not_XML_is_reported_with_its_name()
    {
        var folder = Path.Combine(Path.GetTempPath(), "winback-broken-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "solution.xml"), "<ImportExportXml><SolutionManifest><UniqueName>x</UniqueName></SolutionManifest></ImportExportXml>");
        File.WriteAllText(Path.Combine(folder, "customizations.xml"), "<ImportExportXml><Entities>");
        try
        {
            var e = Assert.Throws<SolutionReadException>(() => SolutionReader.Read(folder));
            Assert.Contains("customizations.xml is not well-formed XML", e.Message);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void A_truncated_zip_is_reported_as_corrupt_rather_than_crashing()
    {
        var file = Path.Combine(Path.GetTempPath(), "winback-truncated-" + Guid.NewGuid().ToString("N") + ".zip");
        using (var buffer = new MemoryStream())
        {
            using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
            {
                using var writer = new StreamWriter(zip.CreateEntry("solution.xml").Open());
                writer.Write(new string('x', 4096));
            }
            File.WriteAllBytes(file, buffer.ToArray()[..(int)(buffer.Length / 2)]);
        }
        try
        {
            var e = Assert.Throws<SolutionReadException>(() => SolutionReader.Read(file));
            Assert.Contains("truncated or corrupt", e.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_file_that_is_neither_a_zip_nor_XML_is_not_taken_for_a_solution()
    {
        var file = Path.Combine(Path.GetTempPath(), "winback-notes-" + Guid.NewGuid().ToString("N") + ".txt");
        File.WriteAllText(file, "quarterly notes, not a solution");
        try
        {
            var e = Assert.Throws<SolutionReadException>(() => SolutionReader.Read(file));
            Assert.Contains("is neither a zip nor XML, not a solution", e.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_path_that_does_not_exist_is_reported()
    {
        var e = Assert.Throws<SolutionReadException>(() => SolutionReader.Read("/no/such/solution.zip"));
        Assert.Contains("no such file or folder", e.Message);
    }
}
