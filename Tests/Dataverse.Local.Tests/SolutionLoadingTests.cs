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
}
