using Dataverse.Local.Tests.Plugins;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Query;
using static Dataverse.Local.Tests.TestSolution;

namespace Dataverse.Local.Tests;

public sealed class PipelineTests
{
    private static IReadOnlyList<string> TraceLines(LocalOrganization org, string pluginType) =>
        org.Traces.Where(t => t.PluginType.EndsWith("." + pluginType, StringComparison.Ordinal))
            .SelectMany(t => t.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();

    [Fact]
    public void Steps_run_in_their_stages_with_the_context_Dataverse_gives()
    {
        using var org = new TestSolution()
            .Step<ContextTracer>("Create", "account", stage: 10)
            .Step<ContextTracer>("Create", "account", stage: 20)
            .Step<ContextTracer>("Create", "account", stage: 40)
            .Build();

        org.Service.Create(new Entity("account") { ["name"] = "Contoso" });

        var lines = TraceLines(org, nameof(ContextTracer)).Where(l => l.StartsWith("message=")).ToList();
        Assert.Equal(new[]
        {
            "message=Create table=account stage=10 mode=0 depth=1 transaction=False",
            "message=Create table=account stage=20 mode=0 depth=1 transaction=True",
            "message=Create table=account stage=40 mode=0 depth=1 transaction=True",
        }, lines);
    }

    [Fact]
    public void A_pre_operation_change_to_the_target_is_saved_and_shared_variables_reach_later_stages()
    {
        using var org = new TestSolution()
            .Step<StampDescription>("Create", "account", stage: 20)
            .Step<ContextTracer>("Create", "account", stage: 40)
            .Build();

        var id = org.Service.Create(new Entity("account") { ["name"] = "Contoso" });

        Assert.Equal("stamped at stage 20", org.Peek("account", id)!.GetAttributeValue<string>("description"));
        Assert.Contains("shared stamp=from stage 20", TraceLines(org, nameof(ContextTracer)));
    }

    [Fact]
    public void Images_carry_the_registered_columns_before_and_after_the_update()
    {
        using var org = new TestSolution()
            .Step<ContextTracer>("Update", "account", stage: 40, filtering: "revenue",
                images: new[] { PreImage("name", "revenue"), PostImage("revenue") })
            .Build();
        var id = org.Service.Create(new Entity("account") { ["name"] = "Contoso", ["revenue"] = new Money(100m), ["numberofemployees"] = 5 });

        org.Service.Update(new Entity("account", id) { ["revenue"] = new Money(250m) });

        var lines = TraceLines(org, nameof(ContextTracer));
        Assert.Contains("pre PreImage: name=Contoso,revenue=100", lines);
        Assert.Contains("post PostImage: revenue=250", lines);
    }

    [Fact]
    public void An_update_step_runs_only_when_the_target_carries_one_of_its_filtering_attributes()
    {
        using var org = new TestSolution()
            .Step<CountsInAField>("Update", "account", stage: 40, filtering: "revenue,numberofemployees")
            .Build();
        var id = org.Service.Create(new Entity("account") { ["name"] = "Contoso" });

        org.Service.Update(new Entity("account", id) { ["name"] = "Contoso Ltd" });
        org.Service.Update(new Entity("account", id) { ["numberofemployees"] = 12 });

        Assert.Equal(new[] { "execution 1" }, TraceLines(org, nameof(CountsInAField)));
    }

    [Fact]
    public void The_plug_in_instance_is_cached_per_step_so_state_kept_in_fields_shows()
    {
        using var org = new TestSolution().Step<CountsInAField>("Create", "account", stage: 40).Build();

        org.Service.Create(new Entity("account") { ["name"] = "One" });
        org.Service.Create(new Entity("account") { ["name"] = "Two" });

        Assert.Equal(new[] { "execution 1", "execution 2" }, TraceLines(org, nameof(CountsInAField)));
    }

    [Fact]
    public void The_unsecure_configuration_reaches_the_constructor_and_refusals_reach_the_caller()
    {
        using var org = new TestSolution()
            .Step<Refuse>("Create", "account", stage: 20, config: "An account needs a reason to be created. Add one and save again.")
            .Build();

        var fault = Expect.Fault(() => org.Service.Create(new Entity("account") { ["name"] = "Contoso" }));

        Assert.Equal(ErrorCodes.IsvAborted, fault.ErrorCode);
        Assert.Equal(-2147220891, fault.ErrorCode);
        Assert.Equal("An account needs a reason to be created. Add one and save again.", fault.Message);
        Assert.Equal(0, org.Count("account"));
    }

    [Fact]
    public void An_unexpected_exception_reaches_the_caller_as_an_ISV_error_naming_the_plug_in()
    {
        using var org = new TestSolution().Step<Crash>("Create", "account", stage: 40).Build();

        var fault = Expect.Fault(() => org.Service.Create(new Entity("account") { ["name"] = "Contoso" }));

        Assert.Equal(ErrorCodes.IsvUnExpected, fault.ErrorCode);
        Assert.StartsWith("Unexpected exception from plug-in (Execute): Dataverse.Local.Tests.Plugins.Crash: System.NullReferenceException", fault.Message);
        Assert.Equal(0, org.Count("account"));
    }

    [Fact]
    public void A_failure_in_a_nested_plug_in_rolls_back_every_change_of_the_operation()
    {
        using var org = new TestSolution()
            .Step<CreateFirstContact>("Create", "account", stage: 40)
            .Step<ContextTracer>("Create", "contact", stage: 40)
            .Step<Refuse>("Create", "contact", stage: 40, rank: 2, config: "Contacts are closed for the day.")
            .Build();

        var fault = Expect.Fault(() => org.Service.Create(new Entity("account") { ["name"] = "Contoso" }));

        Assert.Equal("Contacts are closed for the day.", fault.Message);
        Assert.Equal(0, org.Count("account"));
        Assert.Equal(0, org.Count("contact"));
        var nested = TraceLines(org, nameof(ContextTracer));
        Assert.Contains("message=Create table=contact stage=40 mode=0 depth=2 transaction=True", nested);
        Assert.Contains(nested, l => l.StartsWith("correlation=") && l.EndsWith("parent=Create"));
    }

    [Fact]
    public void Nested_operations_share_the_correlation_id_and_go_one_level_deeper()
    {
        using var org = new TestSolution()
            .Step<CreateFirstContact>("Create", "account", stage: 40)
            .Step<ContextTracer>("Create", "account", stage: 40, rank: 2)
            .Step<ContextTracer>("Create", "contact", stage: 40)
            .Build();

        org.Service.Create(new Entity("account") { ["name"] = "Contoso" });

        var correlations = TraceLines(org, nameof(ContextTracer)).Where(l => l.StartsWith("correlation=")).Select(l => l.Split(' ')[0]).Distinct();
        Assert.Single(correlations);
        Assert.Equal(1, org.Count("contact"));
    }

    [Fact]
    public void A_step_that_updates_its_own_record_is_stopped_by_the_depth_guard_and_nothing_is_kept()
    {
        using var org = new TestSolution().Step<BumpEmployees>("Update", "account", stage: 40).Build();
        var id = org.Service.Create(new Entity("account") { ["name"] = "Contoso", ["numberofemployees"] = 1 });

        var fault = Expect.Fault(() => org.Service.Update(new Entity("account", id) { ["name"] = "Contoso Ltd" }));

        Assert.Equal(ErrorCodes.SdkCorrelationTokenDepthTooHigh, fault.ErrorCode);
        Assert.Equal(-2147204734, fault.ErrorCode);
        Assert.StartsWith("This workflow job was canceled because the workflow that started it included an infinite loop.", fault.Message);
        var account = org.Peek("account", id)!;
        Assert.Equal("Contoso", account.GetAttributeValue<string>("name"));
        Assert.Equal(1, account.GetAttributeValue<int>("numberofemployees"));
        Assert.Equal(8, org.Traces.Count(t => t.PluginType.EndsWith(nameof(BumpEmployees))));
    }

    [Fact]
    public void Stage_10_runs_before_the_transaction_so_its_own_writes_survive_a_later_failure()
    {
        using var org = new TestSolution()
            .Step<WriteNote>("Create", "account", stage: 10)
            .Step<Refuse>("Create", "account", stage: 40)
            .Build();

        Expect.Fault(() => org.Service.Create(new Entity("account") { ["name"] = "Contoso" }));

        Assert.Equal(0, org.Count("account"));
        Assert.Equal("Create at stage 10", Assert.Single(org.Rows("annotation")).GetAttributeValue<string>("subject"));
    }

    [Fact]
    public void A_plug_in_that_swallows_a_failed_call_cannot_commit_the_transaction()
    {
        using var org = new TestSolution().Step<SwallowsFault>("Create", "account", stage: 40).Build();

        var fault = Expect.Fault(() => org.Service.Create(new Entity("account") { ["name"] = "Contoso" }));

        Assert.Equal(ErrorCodes.IsvTransactionCount, fault.ErrorCode);
        Assert.StartsWith("ISV code reduced the open transaction count.", fault.Message);
        Assert.Equal(0, org.Count("account"));
    }

    [Fact]
    public void CreateMultiple_runs_Create_steps_per_record_and_CreateMultiple_steps_once()
    {
        using var org = new TestSolution()
            .Step<CountsInAField>("Create", "account", stage: 40)
            .Step<ContextTracer>("CreateMultiple", "account", stage: 40)
            .Build();
        var targets = new EntityCollection(new List<Entity> { new("account") { ["name"] = "One" }, new("account") { ["name"] = "Two" }, new("account") { ["name"] = "Three" } })
        {
            EntityName = "account",
        };

        var response = (CreateMultipleResponse)org.Service.Execute(new CreateMultipleRequest { Targets = targets });

        Assert.Equal(3, response.Ids.Length);
        Assert.Equal(3, org.Count("account"));
        Assert.Equal(3, TraceLines(org, nameof(CountsInAField)).Count);
        var tracer = TraceLines(org, nameof(ContextTracer));
        Assert.Contains("message=CreateMultiple table=account stage=40 mode=0 depth=1 transaction=True", tracer);
        Assert.Contains("targets=3 preimages=3", tracer);
    }

    [Fact]
    public void A_single_Create_runs_CreateMultiple_steps_with_one_target()
    {
        using var org = new TestSolution().Step<ContextTracer>("CreateMultiple", "account", stage: 20).Build();

        org.Service.Create(new Entity("account") { ["name"] = "One" });

        Assert.Contains("targets=1 preimages=1", TraceLines(org, nameof(ContextTracer)));
    }

    [Fact]
    public void UpdateMultiple_is_all_or_nothing()
    {
        using var org = new TestSolution().Build();
        var one = org.Service.Create(new Entity("account") { ["name"] = "One" });
        var targets = new EntityCollection(new List<Entity>
        {
            new("account", one) { ["name"] = "One updated" },
            new("account", Guid.NewGuid()) { ["name"] = "Missing" },
        }) { EntityName = "account" };

        var fault = Expect.Fault(() => org.Service.Execute(new UpdateMultipleRequest { Targets = targets }));

        Assert.Equal(ErrorCodes.ObjectDoesNotExist, fault.ErrorCode);
        Assert.Equal("One", org.Peek("account", one)!.GetAttributeValue<string>("name"));
    }

    [Fact]
    public void Telemetry_a_plug_in_logs_is_kept_with_its_trace()
    {
        using var org = new TestSolution().Step<LogsTelemetry>("Create", "account", stage: 40).Build();

        org.Service.Create(new Entity("account") { ["name"] = "Contoso" });

        Assert.Contains("[Information] scored 3 accounts", TraceLines(org, nameof(LogsTelemetry)));
    }

    [Fact]
    public void BypassCustomPluginExecution_skips_the_steps_and_needs_the_bypass_privilege()
    {
        using var org = new TestSolution()
            .Step<Refuse>("Create", "account", stage: 20)
            .Role("Importer", ("prvCreateAccount", WinBack.Packaging.Model.PrivilegeDepth.Global))
            .Build();
        OrganizationRequest Bypassing() => new CreateRequest { Target = new Entity("account") { ["name"] = "Imported" }, ["BypassCustomPluginExecution"] = true };
        var importer = org.AddUser("Ivy Importer", "Importer");

        org.Service.Execute(Bypassing());
        var fault = Expect.Fault(() => org.GetService(importer).Execute(Bypassing()));

        Assert.Equal(1, org.Count("account"));
        Assert.Equal(ErrorCodes.PrivilegeDenied, fault.ErrorCode);
        Assert.Contains("prvBypassCustomPlugins", fault.Message);
    }
}
