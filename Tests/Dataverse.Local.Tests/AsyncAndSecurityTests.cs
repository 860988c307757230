using Dataverse.Local.Pipeline;
using Dataverse.Local.Security;
using Dataverse.Local.Tests.Plugins;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using WinBack.Packaging.Model;

namespace Dataverse.Local.Tests;

public sealed class AsyncTests
{
    [Fact]
    public void An_asynchronous_step_waits_in_the_queue_until_it_is_drained()
    {
        using var org = new TestSolution().Step<FollowUp>("Create", "account", stage: 40, mode: 1).Build();

        var id = org.Service.Create(new Entity("account") { ["name"] = "Contoso" });
        var before = org.Peek("account", id)!.GetAttributeValue<string>("description");
        var jobs = org.DrainAsyncQueue();

        Assert.Null(before);
        var job = Assert.Single(jobs);
        Assert.Equal(SystemJobStatus.Succeeded, job.Status);
        Assert.Equal("followed up", org.Peek("account", id)!.GetAttributeValue<string>("description"));
        Assert.Contains("in mode 1", job.Trace);
        Assert.Equal(0, org.PendingAsyncJobs);
    }

    [Fact]
    public void An_asynchronous_failure_is_recorded_as_a_failed_system_job_not_thrown_at_the_caller()
    {
        using var org = new TestSolution().Step<Refuse>("Create", "account", stage: 40, mode: 1, config: "Scoring service unavailable.").Build();

        var id = org.Service.Create(new Entity("account") { ["name"] = "Contoso" });
        var job = Assert.Single(org.DrainAsyncQueue());

        Assert.NotNull(org.Peek("account", id));
        Assert.Equal(SystemJobStatus.Failed, job.Status);
        Assert.Equal("Scoring service unavailable.", job.Message);
        var row = org.Peek("asyncoperation", job.Id)!;
        Assert.Equal(31, row.GetAttributeValue<OptionSetValue>("statuscode").Value);
        Assert.Equal("Scoring service unavailable.", row.GetAttributeValue<string>("message"));
        Assert.Equal(id, row.GetAttributeValue<EntityReference>("regardingobjectid").Id);
    }

    [Fact]
    public void A_rolled_back_operation_queues_no_asynchronous_work()
    {
        using var org = new TestSolution()
            .Step<FollowUp>("Create", "account", stage: 40, mode: 1)
            .Step<Refuse>("Create", "account", stage: 40, rank: 2)
            .Build();

        Expect.Fault(() => org.Service.Create(new Entity("account") { ["name"] = "Contoso" }));

        Assert.Equal(0, org.PendingAsyncJobs);
        Assert.Empty(org.DrainAsyncQueue());
    }
}

public sealed class SecurityTests
{
    private static TestSolution SalesRoles() => new TestSolution()
        .Role("Sales Rep",
            ("prvCreateAccount", PrivilegeDepth.Basic), ("prvReadAccount", PrivilegeDepth.Basic), ("prvWriteAccount", PrivilegeDepth.Basic),
            ("prvCreateContact", PrivilegeDepth.Basic), ("prvReadContact", PrivilegeDepth.Global), ("prvAppendContact", PrivilegeDepth.Basic),
            ("prvAppendToAccount", PrivilegeDepth.Basic))
        .Role("Sales Manager",
            ("prvReadAccount", PrivilegeDepth.Global), ("prvWriteAccount", PrivilegeDepth.Local), ("prvDeleteAccount", PrivilegeDepth.Global))
        .Role("Reader", ("prvReadAccount", PrivilegeDepth.Global));

    [Fact]
    public void A_user_without_the_create_privilege_is_refused_as_Dataverse_refuses()
    {
        using var org = SalesRoles().Build();
        var reader = org.AddUser("Rita Reader", "Reader");

        var fault = Expect.Fault(() => org.GetService(reader).Create(new Entity("account") { ["name"] = "Contoso" }));

        Assert.Equal(ErrorCodes.PrivilegeDenied, fault.ErrorCode);
        Assert.Equal(-2147220960, fault.ErrorCode);
        Assert.Contains($"Principal user (Id={reader:D}", fault.Message);
        Assert.Contains("is missing prvCreateAccount privilege", fault.Message);
        Assert.Contains("OTC=1 for entity 'account'", fault.Message);
    }

    [Fact]
    public void Basic_depth_reaches_only_the_users_own_rows()
    {
        using var org = SalesRoles().Build();
        var riley = org.AddUser("Riley Rep", "Sales Rep");
        var sam = org.AddUser("Sam Rep", "Sales Rep");
        var rileys = org.GetService(riley).Create(new Entity("account") { ["name"] = "Riley's account" });
        org.GetService(sam).Create(new Entity("account") { ["name"] = "Sam's account" });

        var fault = Expect.Fault(() => org.GetService(sam).Retrieve("account", rileys, new ColumnSet("name")));
        var visible = org.GetService(sam).RetrieveMultiple(new QueryExpression("account") { ColumnSet = new ColumnSet("name") });
        var update = Expect.Fault(() => org.GetService(sam).Update(new Entity("account", rileys) { ["name"] = "mine now" }));

        Assert.Equal(ErrorCodes.AccessCheckFailed, fault.ErrorCode);
        Assert.StartsWith("SecLib::AccessCheckEx failed.", fault.Message);
        Assert.Contains("AccessRights: ReadAccess", fault.Message);
        Assert.Equal("Sam's account", Assert.Single(visible.Entities).GetAttributeValue<string>("name"));
        Assert.Contains("AccessRights: WriteAccess", update.Message);
    }

    [Fact]
    public void Organization_depth_reads_every_row_and_local_depth_writes_within_the_business_unit()
    {
        using var org = SalesRoles().Build();
        var east = org.AddBusinessUnit("East");
        var riley = org.AddUser("Riley Rep", "Sales Rep");
        var eastRep = org.AddUser("Erin Rep", east, "Sales Rep");
        var manager = org.AddUser("Morgan Manager", "Sales Manager");
        var rileys = org.GetService(riley).Create(new Entity("account") { ["name"] = "Riley's account" });
        var erins = org.GetService(eastRep).Create(new Entity("account") { ["name"] = "Erin's account" });

        var all = org.GetService(manager).RetrieveMultiple(new QueryExpression("account") { ColumnSet = new ColumnSet("name") });
        org.GetService(manager).Update(new Entity("account", rileys) { ["name"] = "Renamed by manager" });
        var otherUnit = Expect.Fault(() => org.GetService(manager).Update(new Entity("account", erins) { ["name"] = "Renamed by manager" }));

        Assert.Equal(2, all.Entities.Count);
        Assert.Equal("Renamed by manager", org.Peek("account", rileys)!.GetAttributeValue<string>("name"));
        Assert.Equal(ErrorCodes.AccessCheckFailed, otherUnit.ErrorCode);
    }

    [Fact]
    public void A_query_on_a_table_the_user_cannot_read_is_refused()
    {
        using var org = SalesRoles().Build();
        var reader = org.AddUser("Rita Reader", "Reader");

        var fault = Expect.Fault(() => org.GetService(reader).RetrieveMultiple(new QueryExpression("incident") { ColumnSet = new ColumnSet("title") }));

        Assert.Equal(ErrorCodes.PrivilegeDenied, fault.ErrorCode);
        Assert.Contains("prvReadIncident", fault.Message);
    }

    [Fact]
    public void Deep_depth_reaches_the_child_business_units()
    {
        using var org = SalesRoles().Role("Regional Manager", ("prvReadAccount", PrivilegeDepth.Deep)).Build();
        var region = org.AddBusinessUnit("North America");
        var branch = org.AddBusinessUnit("Seattle", region);
        var sibling = org.AddBusinessUnit("Europe");
        var seattleRep = org.AddUser("Sky Rep", branch, "Sales Rep");
        var europeRep = org.AddUser("Eve Rep", sibling, "Sales Rep");
        var manager = org.AddUser("Noor Manager", region, "Regional Manager");
        var seattle = org.GetService(seattleRep).Create(new Entity("account") { ["name"] = "Seattle account" });
        org.GetService(europeRep).Create(new Entity("account") { ["name"] = "Europe account" });

        var visible = org.GetService(manager).RetrieveMultiple(new QueryExpression("account") { ColumnSet = new ColumnSet("name") });

        Assert.Equal(seattle, Assert.Single(visible.Entities).Id);
    }

    [Fact]
    public void Members_of_a_team_reach_the_rows_the_team_owns_and_hold_the_roles_it_is_given()
    {
        using var org = SalesRoles().Role("Team Reader", ("prvReadAccount", PrivilegeDepth.Basic)).Build();
        var member = org.AddUser("Casey Success");
        var outsider = org.AddUser("Olli Outsider", "Team Reader");
        var team = org.AddTeam("Customer Success", null, member);
        org.AssignTeamRole(team, "Team Reader");
        var account = org.Service.Create(new Entity("account") { ["name"] = "Contoso", ["ownerid"] = new EntityReference("team", team) });

        var seen = org.GetService(member).Retrieve("account", account, new ColumnSet("name"));
        var fault = Expect.Fault(() => org.GetService(outsider).Retrieve("account", account, new ColumnSet("name")));

        Assert.Equal("Contoso", seen.GetAttributeValue<string>("name"));
        Assert.Equal(ErrorCodes.AccessCheckFailed, fault.ErrorCode);
        Assert.Equal(team, org.Peek("account", account)!.GetAttributeValue<EntityReference>("owningteam").Id);
        Assert.Single(org.Rows("teammembership"));
    }

    [Fact]
    public void Setting_a_lookup_needs_append_on_the_row_and_append_to_on_its_target()
    {
        using var org = SalesRoles().Role("Contact Clerk", ("prvCreateContact", PrivilegeDepth.Global), ("prvReadAccount", PrivilegeDepth.Global)).Build();
        var account = org.Service.Create(new Entity("account") { ["name"] = "Contoso" });
        var clerk = org.AddUser("Cleo Clerk", "Contact Clerk");

        var fault = Expect.Fault(() => org.GetService(clerk).Create(new Entity("contact")
        {
            ["lastname"] = "McKay",
            ["parentcustomerid"] = new EntityReference("account", account),
        }));

        Assert.Equal(ErrorCodes.PrivilegeDenied, fault.ErrorCode);
        Assert.Contains("prvAppendContact", fault.Message);
    }

    [Fact]
    public void Plug_ins_running_as_SYSTEM_are_not_limited_by_the_callers_roles()
    {
        using var org = SalesRoles().Step<BumpEmployees>("Create", "account", stage: 40).Build();
        var riley = org.AddUser("Riley Rep", "Sales Rep");

        var id = org.GetService(riley).Create(new Entity("account") { ["name"] = "Contoso" });

        Assert.Equal(10, org.Peek("account", id)!.GetAttributeValue<int>("numberofemployees"));
    }

    [Fact]
    public void A_plug_in_acting_as_the_calling_user_is_held_to_that_users_privileges()
    {
        using var org = SalesRoles().Role("Account Only", ("prvCreateAccount", PrivilegeDepth.Basic), ("prvReadAccount", PrivilegeDepth.Basic))
            .Step<CreateFirstContact>("Create", "account", stage: 40).Build();
        var user = org.AddUser("Avery Accounts", "Account Only");

        var fault = Expect.Fault(() => org.GetService(user).Create(new Entity("account") { ["name"] = "Contoso" }));

        Assert.Equal(ErrorCodes.PrivilegeDenied, fault.ErrorCode);
        Assert.Contains("prvCreateContact", fault.Message);
        Assert.Equal(0, org.Count("account"));
    }

    [Fact]
    public void Roles_from_the_solution_are_there_next_to_the_System_Administrator()
    {
        using var org = SalesRoles().Build();

        Assert.Contains(org.Roles, r => r.Name == LocalOrganization.SystemAdministratorRole && r.GrantsEverything);
        Assert.Equal(AccessDepth.Global, org.Roles.Single(r => r.Name == "Reader").Privileges["prvReadAccount"]);
        Assert.Equal("prvReadActivity", org.PrivilegeName(AccessRight.Read, "email"));
        Assert.Equal("prvWriteNote", org.PrivilegeName(AccessRight.Write, "annotation"));
    }
}
