using System.ServiceModel;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using static WinBack.Plugins.Tests.GateWorld;

namespace WinBack.Plugins.Tests;

/// <summary>Who may do what with remediations, outreach and the gate policy, role by role.</summary>
public sealed class GateRoleTests
{
    [Fact]
    public void Customer_success_records_a_remediation_and_a_colleague_verifies_it_and_the_server_stamps_who_and_when()
    {
        using var world = new GateWorld();
        var remediation = world.Remediation();
        world.Move(remediation, Fixed, world.Success);
        world.Org.Now = TestOrganization.Today.AddHours(3);
        world.Move(remediation, Verified, world.Checker);

        var stored = world.Read("wb_remediation", remediation, "wb_fixedby", "wb_verifiedby", "wb_verifiedon");
        Assert.Equal(world.Success, stored.GetAttributeValue<EntityReference>("wb_fixedby").Id);
        Assert.Equal(world.Checker, stored.GetAttributeValue<EntityReference>("wb_verifiedby").Id);
        Assert.Equal(TestOrganization.Today.AddHours(3), stored.GetAttributeValue<DateTime>("wb_verifiedon"));
    }

    [Fact]
    public void Reopening_a_remediation_clears_who_verified_it()
    {
        using var world = new GateWorld();
        var remediation = world.VerifiedRemediation();
        world.Move(remediation, Fixing, world.Checker);

        var stored = world.Read("wb_remediation", remediation, "wb_verifiedby", "wb_verifiedon");
        Assert.False(stored.Contains("wb_verifiedby") || stored.Contains("wb_verifiedon"));
    }

    [Fact]
    public void A_sales_rep_reads_remediations_but_cannot_record_one()
    {
        using var world = new GateWorld();
        var remediation = world.VerifiedRemediation();

        Assert.Equal("Slow support replies", world.As(world.Rep).Retrieve("wb_remediation", remediation, new ColumnSet("wb_name")).GetAttributeValue<string>("wb_name"));
        var fault = Assert.Throws<FaultException<OrganizationServiceFault>>(() => world.As(world.Rep).Create(new Entity("wb_remediation")
        {
            ["wb_name"] = "Mine", ["wb_accountid"] = new EntityReference("account", world.Account), ["wb_rootcause"] = "x",
        }));
        Assert.Contains("is missing prvCreatewb_remediation privilege", fault.Detail.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_sales_rep_writes_outreach_only_for_accounts_it_can_see()
    {
        using var world = new GateWorld();
        var elsewhere = world.Org.Org.AddBusinessUnit("Northern region");
        var northRep = world.Org.Org.AddUser("Noor North", elsewhere, "Win-back Sales Rep");
        var remediation = world.VerifiedRemediation();

        var fault = Assert.Throws<FaultException<OrganizationServiceFault>>(() => world.As(northRep).Create(world.Outreach(remediation)));

        Assert.Contains("AppendTo", fault.Detail.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, world.Outreaches);
        world.As(world.Rep).Create(world.Outreach(remediation));
        Assert.Equal(1, world.Outreaches);
    }

    [Fact]
    public void The_administrator_sets_the_gate_policy_and_a_sales_rep_cannot()
    {
        using var world = new GateWorld();
        var admin = world.Org.Org.AddUser("Ada Admin", "Win-back Administrator");
        var query = new QueryExpression("environmentvariablevalue") { ColumnSet = new ColumnSet("value") };
        query.Criteria.AddCondition("schemaname", ConditionOperator.Equal, "wb_GatePolicy_value");
        var value = world.Admin.RetrieveMultiple(query).Entities.Single().Id;

        world.As(admin).Update(new Entity("environmentvariablevalue", value) { ["value"] = """{ "controlShare": 0, "daysBetweenOutreaches": 7 }""" });
        var fault = Assert.Throws<FaultException<OrganizationServiceFault>>(() =>
            world.As(world.Rep).Update(new Entity("environmentvariablevalue", value) { ["value"] = """{ "controlShare": 0 }""" }));

        Assert.Contains("prvWriteEnvironmentVariableValue", fault.Detail.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_administrator_role_records_and_verifies_too()
    {
        using var world = new GateWorld();
        var admin = world.Org.Org.AddUser("Ada Admin", "Win-back Administrator");
        var remediation = world.Remediation();
        world.Move(remediation, Fixed, world.Success);

        world.Move(remediation, Verified, admin);

        Assert.Equal(Verified, world.Read("wb_remediation", remediation, "statuscode").GetAttributeValue<OptionSetValue>("statuscode").Value);
    }
}
