extern alias plugins;

using plugins::WinBack.Plugins.Registration;

namespace WinBack.Packaging.Tests;

/// <summary>
/// The packer's column check and the local Dataverse read one list of standard tables: a standard column the
/// build accepts in a step's filtering attributes is one the local Dataverse has, and a column the build
/// refuses is one the local Dataverse lacks too.
/// </summary>
public sealed class StandardColumnAgreementTests
{
    [Theory]
    [InlineData("incident", "resolveby", true)]
    [InlineData("incident", "wb_madeupcolumn", false)]
    [InlineData("email", "opencount", true)]
    [InlineData("activitypointer", "directioncode", false)]
    public void The_build_and_the_local_Dataverse_agree_whether_a_standard_column_exists(string table, string column, bool exists)
    {
        var plugins = Workspace.HealthyPlugins().Plugin("Fixture.Plugins.Watch",
            FixtureAssembly.Step("Update", table, PluginStage.PostOperation, PluginMode.Asynchronous, filtering: column));
        using var workspace = new Workspace().WithPlugins(plugins);
        var result = workspace.Pack(validateSchema: false);

        var refused = result.Problems.Any(p => p.Code == "WB004" && p.Message.Contains($"'{column}' is not a column of {table}"));
        Assert.Equal(exists, !refused);
        Assert.Equal(exists, result.Succeeded);

        using var org = new Dataverse.Local.LocalOrganization();
        Assert.Equal(exists, org.Metadata.Table(table)!.HasColumn(column));
    }
}
