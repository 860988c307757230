using System.Xml.Linq;
using WinBack.Packaging.Model;

namespace WinBack.Packaging.Tests;

/// <summary>The gate's tables as Dataverse would import them: a custom activity, custom status reasons, an N:N with cases.</summary>
public sealed class GateTablesPackingTests
{
    [Fact]
    public void The_outreach_is_a_custom_activity_with_its_own_status_reasons_and_entity_set()
    {
        using var workspace = new Workspace().WithPlugins(Workspace.HealthyPlugins());
        var result = workspace.Pack();
        Assert.True(result.Succeeded, Workspace.Problems(result));
        var model = SolutionReader.Read(result.ManagedZip!);

        var outreach = model.Table("wb_outreach")!;
        Assert.True(outreach.IsActivity);
        Assert.Equal(("activityid", "subject", "wb_outreaches"), (outreach.PrimaryIdColumn, outreach.PrimaryNameColumn, outreach.EntitySetName));
        Assert.Equal(new[] { "account", "contact" }, outreach.Column("regardingobjectid")!.Targets);
        Assert.Equal(ColumnType.EntityName, outreach.Column("activitytypecode")!.Type);
        Assert.Equal(new[] { (0, "Open", 1), (1, "Completed", 2), (2, "Canceled", 3) },
            outreach.Column("statecode")!.Options.Select(o => (o.Value, o.Label, o.DefaultStatus ?? 0)));
        Assert.Equal(new[] { (1, "Draft", 0), (682400001, "Ready for review", 0), (682400002, "Approved", 0), (2, "Sent", 1), (3, "Canceled", 2) },
            outreach.Column("statuscode")!.Options.Select(o => (o.Value, o.Label, o.State ?? -1)));

        var remediation = model.Table("wb_remediation")!;
        Assert.Equal("wb_remediations", remediation.EntitySetName);
        Assert.Equal(new[] { 1, 682400001, 682400002, 682400003, 2 }, remediation.Column("statuscode")!.Options.Select(o => o.Value));
        Assert.Equal("wb_gap", remediation.Column("wb_gap")!.OptionSetName);
        var cases = Assert.Single(model.Relationships, r => r.SchemaName == "wb_remediation_incident");
        Assert.True(cases.IsManyToMany);
        Assert.Equal(("wb_remediation", "incident", "wb_remediation_incident"), (cases.ReferencedTable, cases.ReferencingTable, cases.IntersectTable));

        var rep = model.Roles.Single(r => r.Name == "Win-back Sales Rep");
        Assert.Contains(rep.Privileges, p => p.Name == "prvReadwb_Remediation");
        Assert.DoesNotContain(rep.Privileges, p => p.Name == "prvWritewb_Remediation" || p.Name == "prvCreatewb_Remediation");
        Assert.All(model.Roles, role => Assert.DoesNotContain(role.Privileges, p => p.Name is "prvBypassCustomPlugins" or "prvBypassCustomBusinessLogic"));

        var customizations = XDocument.Load(Path.Combine(result.UnpackedFolder!, "Other", "Customizations.xml"));
        Assert.NotNull(customizations);
    }
}
