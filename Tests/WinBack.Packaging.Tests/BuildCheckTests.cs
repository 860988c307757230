extern alias plugins;

using WinBack.Packaging.Checks;
using WinBack.Packaging.Model;
using WinBack.Packaging.Packing;
using plugins::WinBack.Plugins.Registration;

namespace WinBack.Packaging.Tests;

public sealed class BuildCheckTests
{
    private static PackResult PackWith(FixtureAssembly plugins, Action<Workspace>? edit = null, bool validateSchema = false)
    {
        using var workspace = new Workspace().WithPlugins(plugins);
        edit?.Invoke(workspace);
        return workspace.Pack(validateSchema: validateSchema);
    }

    private static BuildProblem Single(PackResult result, string code)
    {
        Assert.False(result.Succeeded);
        Assert.Null(result.UnmanagedZip);
        return Assert.Single(result.Problems, p => p.Code == code);
    }

    [SkippableFact]
    public void A_healthy_solution_passes_every_check_including_Microsoft_schema()
    {
        var result = PackWith(Workspace.HealthyPlugins(), validateSchema: true);

        Assert.True(result.Succeeded, Workspace.Problems(result));
    }

    [Fact]
    public void A_step_filtering_on_a_column_the_table_lacks_fails_the_build()
    {
        var plugins = new FixtureAssembly().Plugin("Fixture.Plugins.Score",
            FixtureAssembly.Step("Update", "account", PluginStage.PostOperation, PluginMode.Synchronous, filtering: "wb_disengagementscore,wb_nosuchcolumn"));

        var problem = Single(PackWith(plugins), "WB004");

        Assert.Contains("'wb_nosuchcolumn' is not a column of account", problem.Message);
        Assert.Contains("Fixture.Plugins.Score", problem.Message);
        Assert.EndsWith("Fixture.Plugins.dll", problem.File);
    }

    [Fact]
    public void An_image_column_the_table_lacks_fails_the_build()
    {
        var plugins = new FixtureAssembly().Plugin("Fixture.Plugins.Score",
            FixtureAssembly.Step("Update", "wb_usagesnapshot", PluginStage.PreOperation, PluginMode.Synchronous, filtering: "wb_logins", preImage: "wb_logins,wb_loginz"));

        var problem = Single(PackWith(plugins), "WB005");

        Assert.Contains("PreImage column 'wb_loginz' is not a column of wb_usagesnapshot", problem.Message);
    }

    [Fact]
    public void A_step_on_a_table_nobody_knows_fails_the_build()
    {
        var plugins = new FixtureAssembly().Plugin("Fixture.Plugins.Score",
            FixtureAssembly.Step("Create", "wb_nosuchtable", PluginStage.PostOperation, PluginMode.Asynchronous));

        Assert.Contains("'wb_nosuchtable'", Single(PackWith(plugins), "WB003").Message);
    }

    [Fact]
    public void A_plugin_that_is_neither_registered_nor_a_Custom_API_fails_the_build()
    {
        var plugins = Workspace.HealthyPlugins().Plugin("Fixture.Plugins.Forgotten");

        var problem = Single(PackWith(plugins), "WB002");

        Assert.Contains("Fixture.Plugins.Forgotten implements IPlugin but is neither registered nor the main operation of a Custom API", problem.Message);
        Assert.Contains("Add [PluginStep(...)]", problem.Message);
    }

    [Fact]
    public void An_abstract_plugin_base_class_needs_no_registration()
    {
        var result = PackWith(Workspace.HealthyPlugins().AbstractPluginBase("Fixture.Plugins.AnotherBase"));

        Assert.True(result.Succeeded, Workspace.Problems(result));
    }

    [Fact]
    public void A_registered_class_that_is_not_a_plugin_fails_the_build()
    {
        var plugins = Workspace.HealthyPlugins().Class("Fixture.Plugins.Helper",
            FixtureAssembly.Step("Create", "account", PluginStage.PostOperation, PluginMode.Asynchronous));

        Assert.Contains("Fixture.Plugins.Helper declares a plug-in step or Custom API but does not implement Microsoft.Xrm.Sdk.IPlugin", Single(PackWith(plugins), "WB001").Message);
    }

    [Fact]
    public void An_update_step_without_filtering_attributes_fails_the_build()
    {
        var plugins = new FixtureAssembly().Plugin("Fixture.Plugins.Score",
            FixtureAssembly.Step("Update", "account", PluginStage.PostOperation, PluginMode.Synchronous));

        Assert.Contains("without filtering attributes", Single(PackWith(plugins), "WB010").Message);
    }

    [Fact]
    public void A_web_resource_whose_file_is_missing_fails_the_build()
    {
        var result = PackWith(Workspace.HealthyPlugins(), w => File.Delete(Path.Combine(w.WebResources, "src", "wb_", "account", "disengagement.js")));

        var problem = Single(result, "WB006");
        Assert.Contains("web resource wb_/account/disengagement.js: file 'src/wb_/account/disengagement.js' does not exist", problem.Message);
        Assert.EndsWith("webresources.json", problem.File);
    }

    [Fact]
    public void A_column_without_the_publisher_prefix_fails_the_build()
    {
        var result = PackWith(Workspace.HealthyPlugins(), w => w.Edit(Path.Combine("Solution", "tables", "account.json"),
            text => text.Replace("\"schemaName\": \"wb_FlaggedOn\"", "\"schemaName\": \"FlaggedOn\"", StringComparison.Ordinal)
                        .Replace("\"wb_flaggedon\"", "\"flaggedon\"", StringComparison.Ordinal)));

        var problem = Single(result, "WB007");
        Assert.Equal("column 'FlaggedOn' does not start with the publisher prefix 'wb_'. Rename it to wb_FlaggedOn: Dataverse tells publishers' components apart by the prefix.", problem.Message);
        Assert.EndsWith("account.json", problem.File);
    }

    [Fact]
    public void A_Custom_API_without_the_publisher_prefix_fails_the_build()
    {
        var plugins = new FixtureAssembly().Plugin("Fixture.Plugins.Recalculate", FixtureAssembly.Api("RecalculateDisengagement"));

        Assert.Contains("Custom API 'RecalculateDisengagement'", Single(PackWith(plugins), "WB007").Message);
    }

    [Fact]
    public void A_view_naming_a_column_the_table_lacks_fails_the_build()
    {
        var result = PackWith(Workspace.HealthyPlugins(), w => w.Edit(Path.Combine("Solution", "tables", "account.json"),
            text => text.Replace("\"wb_flaggedon\", \"wb_renewalon\"", "\"wb_flagedon\", \"wb_renewalon\"", StringComparison.Ordinal)));

        Assert.Contains("view 'Flagged accounts' uses column 'wb_flagedon'", Single(result, "WB011").Message);
    }

    [Fact]
    public void A_read_only_column_that_is_not_in_its_section_fails_the_build()
    {
        var result = PackWith(Workspace.HealthyPlugins(), w => w.Edit(Path.Combine("Solution", "tables", "account.json"),
            text => text.Replace("\"readOnly\": [ \"wb_disengagementreasons\" ]", "\"readOnly\": [ \"wb_disengagementreason\" ]", StringComparison.Ordinal)));

        Assert.Contains("section 'Reasons': readOnly names wb_disengagementreason, which is not one of the section's columns", Single(result, "WB100").Message);
    }

    [Fact]
    public void An_environment_variable_default_over_2000_characters_fails_the_build()
    {
        var result = PackWith(Workspace.HealthyPlugins(), w => w.Edit(Path.Combine("Solution", "policy", "default-policy.json"),
            _ => "{ \"version\": 1, \"name\": \"" + new string('x', 2000) + "\" }"));

        var problem = Single(result, "WB012");
        Assert.EndsWith("default-policy.json", problem.File);
        Assert.Contains("wb_DisengagementPolicy", problem.Message);
        Assert.Contains("at most 2,000", problem.Message);
    }

    [Fact]
    public void A_quick_create_form_written_as_a_quick_view_form_fails_the_build()
    {
        using var workspace = new Workspace().WithPlugins(Workspace.HealthyPlugins());

        var problems = workspace.CheckAfter(package => package.Forms.First(f => f.Type == FormTypes.QuickCreate).Type = FormTypes.QuickView);

        var problem = Assert.Single(problems);
        Assert.Equal("WB013", problem.Code);
        Assert.Contains("type=\"quick\", which Dataverse reads as a quick-view form", problem.Message);
        Assert.Contains("quickCreate", problem.Message);
    }

    [Fact]
    public void An_account_form_without_display_conditions_fails_the_build()
    {
        var result = PackWith(Workspace.HealthyPlugins(), w => w.Edit(Path.Combine("Solution", "tables", "account.json"),
            text => text.Replace("\"displayConditions\": { \"order\": 1, \"fallback\": true }", "\"libraries\": []", StringComparison.Ordinal)));

        var problem = Single(result, "WB014");
        Assert.EndsWith("account.json", problem.File);
        Assert.Contains("no display conditions", problem.Message);
        Assert.Contains("\"displayConditions\"", problem.Message);
    }

    [Fact]
    public void An_account_form_the_app_does_not_open_fails_the_build()
    {
        using var workspace = new Workspace().WithPlugins(Workspace.HealthyPlugins());

        var problems = workspace.CheckAfter(package => package.App!.FormIds.Remove(package.Forms.Single(f => f.Table == "account").Id));

        Assert.Contains("opens the stock form", Assert.Single(problems, p => p.Code == "WB014").Message);
    }

    [Fact]
    public void A_role_without_the_privileges_to_open_the_app_fails_the_build()
    {
        using var workspace = new Workspace().WithPlugins(Workspace.HealthyPlugins());

        var problems = workspace.CheckAfter(package =>
        {
            var rep = package.Model.Roles.Single(r => r.Name == "Win-back Sales Rep");
            rep.Privileges.RemoveAll(p => p.Name == "prvReadAppModule");
            rep.Privileges.Single(p => p.Name == "prvReadSystemForm").Depth = PrivilegeDepth.Basic;
        });

        Assert.Equal(2, problems.Count(p => p.Code == "WB015"));
        Assert.Contains(problems, p => p.Message.StartsWith("role 'Win-back Sales Rep' lacks prvReadAppModule", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Message.Contains("holds only at Basic depth prvReadSystemForm", StringComparison.Ordinal));
    }

    [Fact]
    public void Broken_source_json_fails_the_build_with_the_file_and_line()
    {
        var result = PackWith(Workspace.HealthyPlugins(), w => w.Edit(Path.Combine("Solution", "roles.json"), text => text.Replace("\"tables\": [", "\"tables\" [", StringComparison.Ordinal)));

        var problem = Single(result, "WB100");
        Assert.EndsWith("roles.json", problem.File);
        Assert.Contains("not valid JSON", problem.Message);
    }

    [SkippableFact]
    public void Customizations_that_break_Microsoft_schema_fail_with_the_line()
    {
        var folder = Path.Combine(Path.GetTempPath(), "winback-schema-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "customizations.xml");
        File.WriteAllText(file, "<ImportExportXml>\n  <Entities />\n  <Roles>\n    <Role name=\"x\" />\n  </Roles>\n  <NoSuchElement />\n</ImportExportXml>\n");

        var problems = BuildChecks.ValidateSchema(file, Reference.Schemas());

        Assert.NotEmpty(problems);
        Assert.All(problems, p => Assert.Equal("WB008", p.Code));
        Assert.Contains(problems, p => p.Line == 4 && p.Message.Contains("'id'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Line == 6 && p.Message.Contains("NoSuchElement", StringComparison.Ordinal));
        Assert.StartsWith(file + "(4): error WB008: customizations.xml does not validate against CustomizationsSolution.xsd", problems.First(p => p.Line == 4).ToString());
        Directory.Delete(folder, true);
    }

    [SkippableFact]
    public void Without_xmllint_the_build_says_to_install_libxml2_utils()
    {
        var problems = BuildChecks.ValidateSchema("/tmp/customizations.xml", Reference.Schemas(), xmllint: "/nonexistent/xmllint");

        Assert.Contains("install libxml2-utils", Assert.Single(problems).Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("WB009", problems[0].Code);
    }

    [Fact]
    public void Problems_print_in_MSBuild_error_format_so_the_build_fails()
    {
        Assert.Equal("Solution/tables/account.json: error WB007: what is wrong.", new BuildProblem("Solution/tables/account.json", "WB007", "what is wrong.").ToString());
        Assert.Equal("customizations.xml(12): error WB008: bad.", new BuildProblem("customizations.xml", "WB008", "bad.", 12).ToString());
    }
}
