using Dataverse.Local.Tests.Plugins;
using Microsoft.Xrm.Sdk;
using WinBack.Packaging.Packing;

namespace Dataverse.Local.Tests;

public sealed class SolutionLoadingTests
{
    public static TheoryData<string> RealExports() => new() { "dataverse-ify-unmanaged", "dataverse-ify-managed", "approvals-kit-unpacked", "ppds-demo-unpacked" };

    [SkippableTheory]
    [MemberData(nameof(RealExports))]
    public void A_solution_Dataverse_exported_loads_with_its_steps_and_Custom_APIs(string export)
    {
        var path = WinBack.Testing.SharedMaterial.Export(export);

        using var org = LocalOrganization.FromSolution(path);
        var solution = WinBack.Packaging.SolutionReader.Read(path);

        Assert.Equal(solution.Steps.Count(s => !string.IsNullOrEmpty(s.PluginTypeName)), org.Steps.Count);
        Assert.Equal(solution.CustomApis.Count, org.CustomApis.Count);
        foreach (var table in solution.Tables) Assert.True(org.Metadata.HasTable(table.LogicalName), table.LogicalName);
    }

    [Fact]
    public void A_packed_solution_zip_runs_the_plug_in_assembly_it_carries()
    {
        var zip = Path.Combine(Path.GetTempPath(), $"winback-test-{Guid.NewGuid():N}.zip");
        var solution = new TestSolution()
            .Table(TestSolution.UsageSnapshotTable())
            .Step<StampDescription>("Create", "account", stage: 20);
        solution.Model.DisplayName = "WinBack tests";
        solution.Model.Version = "1.0.0.0";
        SolutionWriter.WritePacked(new SolutionPackage { Model = solution.Model }, managed: true, zip);
        try
        {
            using var org = LocalOrganization.FromSolution(zip);

            var account = org.Service.Create(new Entity("account") { ["name"] = "Contoso" });
            var snapshot = org.Service.Create(new Entity("wb_usagesnapshot") { ["wb_name"] = "October", ["wb_accountid"] = new EntityReference("account", account) });

            Assert.Equal("stamped at stage 20", org.Peek("account", account)!.GetAttributeValue<string>("description"));
            Assert.Equal(1, org.Peek("wb_usagesnapshot", snapshot)!.GetAttributeValue<OptionSetValue>("statuscode").Value);
        }
        finally
        {
            File.Delete(zip);
        }
    }

    [Fact]
    public void A_solution_whose_environment_variable_default_is_over_2000_characters_is_refused_as_Dataverse_refuses_its_import()
    {
        using var org = new LocalOrganization();
        var solution = new WinBack.Packaging.Model.SolutionModel();
        solution.EnvironmentVariables.Add(new WinBack.Packaging.Model.EnvironmentVariableModel
        {
            SchemaName = "wb_TooLong", DisplayName = "Too long", Type = WinBack.Packaging.Model.EnvironmentVariableType.Json,
            DefaultValue = "{\"name\": \"" + new string('x', 2000) + "\"}",
        });

        var fault = Assert.Throws<System.ServiceModel.FaultException<OrganizationServiceFault>>(() => org.Import(solution));

        Assert.Contains("'defaultvalue' attribute of the 'environmentvariabledefinition' entity exceeded the maximum allowed length of '2000'", fault.Detail.Message);
    }
    [Fact]
    public void A_packed_solution_s_app_becomes_an_appmodule_row_whose_id_the_environment_gives_and_a_client_finds_by_unique_name()
    {
        var zip = Path.Combine(Path.GetTempPath(), $"winback-test-{Guid.NewGuid():N}.zip");
        var solution = new TestSolution().Table(TestSolution.UsageSnapshotTable());
        solution.Model.DisplayName = "WinBack tests";
        solution.Model.Version = "1.0.0.0";
        var app = new AppDefinition { UniqueName = "wb_TestApp", DisplayName = "Test app", Tables = { "account" } };
        SolutionWriter.WritePacked(new SolutionPackage { Model = solution.Model, App = app }, managed: true, zip);
        try
        {
            // The solution names the app by its unique name only (AppModule.xml carries no id, as Dataverse's exports).
            Assert.Equal(new[] { ("wb_TestApp", "Test app") }, WinBack.Packaging.SolutionReader.Read(zip).Apps.Select(a => (a.UniqueName, a.DisplayName)));
            using var org = LocalOrganization.FromSolution(zip);
            using var again = LocalOrganization.FromSolution(zip);

            var query = new Microsoft.Xrm.Sdk.Query.QueryExpression("appmodule") { ColumnSet = new Microsoft.Xrm.Sdk.Query.ColumnSet("name", "uniquename") };
            query.Criteria.AddCondition("uniquename", Microsoft.Xrm.Sdk.Query.ConditionOperator.Equal, "wb_TestApp");
            var row = Assert.Single(org.SystemService.RetrieveMultiple(query).Entities);
            Assert.Equal("Test app", row.GetAttributeValue<string>("name"));
            Assert.NotEqual(Guid.Empty, row.Id);
            // The same address opens the same app after a restart of the local organization.
            Assert.Equal(row.Id, Assert.Single(again.SystemService.RetrieveMultiple(query).Entities).Id);
            using var none = new LocalOrganization();
            Assert.Empty(none.Rows("appmodule"));
        }
        finally
        {
            File.Delete(zip);
        }
    }

    [SkippableFact]
    public void The_app_of_a_solution_Dataverse_exported_becomes_an_appmodule_row()
    {
        var path = WinBack.Testing.SharedMaterial.Export("dataverse-ify-managed");
        using var org = LocalOrganization.FromSolution(path);
        var row = Assert.Single(org.Rows("appmodule"));
        Assert.Equal("cdsify_dataverseifyintegrationtests", row.GetAttributeValue<string>("uniquename"));
    }
}
