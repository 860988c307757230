namespace Dataverse.Local.Tests;

public sealed class SolutionLoadingTests
{
    // The reference exports sit in shared/ next to the repository (worktrees are one level deeper): look upwards.
    private static readonly string Exports = FindExports();

    private static string FindExports()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "reference", "exports");
            if (Directory.Exists(candidate)) return candidate;
        }
        return Path.Combine(AppContext.BaseDirectory, "shared", "reference", "exports");
    }

    public static TheoryData<string> RealExports() => new() { "dataverse-ify-unmanaged", "dataverse-ify-managed", "approvals-kit-unpacked", "ppds-demo-unpacked" };

    [Theory]
    [MemberData(nameof(RealExports))]
    public void A_solution_Dataverse_exported_loads_with_its_steps_and_Custom_APIs(string export)
    {
        var path = Path.Combine(Exports, export);
        Assert.True(Directory.Exists(path), $"reference export {path} not present");

        using var org = LocalOrganization.FromSolution(path);
        var solution = WinBack.Packaging.SolutionReader.Read(path);

        Assert.Equal(solution.Steps.Count(s => !string.IsNullOrEmpty(s.PluginTypeName)), org.Steps.Count);
        Assert.Equal(solution.CustomApis.Count, org.CustomApis.Count);
        foreach (var table in solution.Tables) Assert.True(org.Metadata.HasTable(table.LogicalName), table.LogicalName);
    }
}
