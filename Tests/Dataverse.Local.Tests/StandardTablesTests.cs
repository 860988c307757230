using Dataverse.Local.Metadata;
using Microsoft.Xrm.Sdk;
using System.ServiceModel;
using WinBack.Packaging.Model;

namespace Dataverse.Local.Tests;

/// <summary>
/// The packer's build checks and the local Dataverse read the same list of standard tables, so a column the
/// build accepts in a step's filtering attributes or images is a column the local Dataverse stores, and a
/// column the build refuses is one the local Dataverse refuses too.
/// </summary>
public sealed class StandardTablesTests
{
    private static readonly SolutionModel NoSolution = new();

    [Theory]
    [InlineData("incident", "resolveby", true)]
    [InlineData("incident", "customersatisfactioncode", true)]
    [InlineData("opportunity", "closeprobability", true)]
    [InlineData("email", "opencount", true)]
    [InlineData("incident", "wb_madeupcolumn", false)]
    [InlineData("activitypointer", "to", false)]
    public void The_build_check_and_the_local_Dataverse_agree_whether_a_standard_column_exists(string table, string column, bool exists)
    {
        using var org = new LocalOrganization();

        // What WB004/WB005 ask of a step's filtering and image columns.
        Assert.Equal(exists, SolutionMetadata.ColumnExists(NoSolution, table, column));
        Assert.Equal(exists, org.Metadata.Table(table)!.HasColumn(column));
    }

    [Fact]
    public void Writing_a_column_the_build_check_refuses_fails_in_the_local_Dataverse()
    {
        using var org = new LocalOrganization();
        Assert.False(SolutionMetadata.ColumnExists(NoSolution, "account", "wb_madeupcolumn"));

        var fault = Assert.Throws<FaultException<OrganizationServiceFault>>(() =>
            org.Service.Create(new Entity("account") { ["name"] = "Contoso", ["wb_madeupcolumn"] = "x" }));
        Assert.Contains("wb_madeupcolumn", fault.Message);
    }

    [Fact]
    public void Every_standard_table_and_column_the_build_knows_is_in_the_local_Dataverse_with_the_same_type()
    {
        using var org = new LocalOrganization();
        foreach (var table in StandardTables.All)
        {
            var metadata = org.Metadata.Table(table.LogicalName);
            Assert.True(metadata is not null, $"{table.LogicalName} is missing from the local Dataverse");
            Assert.Equal(table.PrimaryIdColumn, metadata!.PrimaryIdColumn);
            foreach (var column in table.Columns)
            {
                var local = metadata.Column(column.LogicalName);
                Assert.True(local is not null, $"{table.LogicalName}.{column.LogicalName} is missing from the local Dataverse");
                Assert.Equal(column.Type.ToString(), local!.Kind.ToString());
                Assert.Equal(column.Options.Select(o => o.Value), local.Options.Select(o => o.Value));
            }
        }
    }

    [Fact]
    public void A_case_has_the_states_and_status_reasons_Dataverse_gives_it()
    {
        using var org = new LocalOrganization();
        var incident = org.Metadata.Table("incident")!;

        Assert.Equal(new[] { "Active", "Resolved", "Cancelled" }, incident.Column("statecode")!.Options.Select(o => o.Label));
        Assert.Equal(5, incident.DefaultStatus(1));   // Resolved -> Problem Solved
        Assert.Equal(6, incident.DefaultStatus(2));   // Cancelled -> Cancelled
        Assert.Equal(1, incident.Column("statuscode")!.Option(1000)!.State); // Information Provided is a Resolved reason
        Assert.Equal(TableOwnershipKind.BusinessOwned, org.Metadata.Table("systemuser")!.Ownership);
        Assert.True(org.Metadata.Table("teammembership")!.IsIntersect);
        Assert.Equal("prvReadNote", org.PrivilegeName(Security.AccessRight.Read, "annotation"));
    }
}
