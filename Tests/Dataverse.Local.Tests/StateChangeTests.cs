using Dataverse.Local.Tests.Plugins;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace Dataverse.Local.Tests;

/// <summary>
/// Changes of state take Dataverse's own paths: CloseIncident, WinOpportunity, LoseOpportunity, SetState and
/// SetStateDynamicEntity as OrganizationRequests by name, the refusals of Update, and the split of mixed updates.
/// </summary>
public sealed class StateChangeTests
{
    private static IReadOnlyList<string> Lines(LocalOrganization org, string pluginType) =>
        org.Traces.Where(t => t.PluginType.EndsWith("." + pluginType, StringComparison.Ordinal))
            .SelectMany(t => t.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();

    private static (Guid Account, Guid Case) ActiveCase(LocalOrganization org)
    {
        var account = org.Service.Create(new Entity("account") { ["name"] = "Contoso" });
        var incident = org.Service.Create(new Entity("incident") { ["title"] = "Login fails", ["customerid"] = new EntityReference("account", account) });
        return (account, incident);
    }

    public static OrganizationRequest CloseIncident(Guid incident, int status = 5, DateTime? actualEnd = null)
    {
        var resolution = new Entity("incidentresolution") { ["subject"] = "Fixed", ["incidentid"] = new EntityReference("incident", incident) };
        if (actualEnd is not null) resolution["actualend"] = actualEnd.Value;
        return new OrganizationRequest("CloseIncident") { ["IncidentResolution"] = resolution, ["Status"] = new OptionSetValue(status) };
    }

    private static OrganizationRequest CloseOpportunity(string request, Guid opportunity, int status, decimal? revenue = null)
    {
        var close = new Entity("opportunityclose") { ["subject"] = request, ["opportunityid"] = new EntityReference("opportunity", opportunity) };
        if (revenue is not null) close["actualrevenue"] = new Money(revenue.Value);
        return new OrganizationRequest(request) { ["OpportunityClose"] = close, ["Status"] = new OptionSetValue(status) };
    }

    private static OrganizationRequest SetState(string message, string table, Guid id, int state, int status) =>
        new(message) { ["EntityMoniker"] = new EntityReference(table, id), ["State"] = new OptionSetValue(state), ["Status"] = new OptionSetValue(status) };

    [Fact]
    public void Resolving_a_case_with_update_is_refused_with_dataverse_words_and_writes_nothing()
    {
        using var org = new TestSolution().Build();
        var (_, incident) = ActiveCase(org);

        var fault = Expect.Fault(() => org.Service.Update(new Entity("incident", incident) { ["statecode"] = new OptionSetValue(1), ["statuscode"] = new OptionSetValue(5) }));
        var mixed = Expect.Fault(() => org.Service.Update(new Entity("incident", incident) { ["title"] = "Renamed", ["statecode"] = new OptionSetValue(1) }));

        Assert.Equal(ErrorCodes.InvalidArgument, fault.ErrorCode);
        Assert.Equal("This message can not be used to set the state of incident to Resolved. In order to set state of incident to Resolved, use the CloseIncidentRequest message instead.", fault.Message);
        Assert.Equal(fault.Message, mixed.Message);
        var row = org.Peek("incident", incident)!;
        Assert.Equal(0, row.GetAttributeValue<OptionSetValue>("statecode").Value);
        Assert.Equal("Login fails", row.GetAttributeValue<string>("title"));
    }

    [Fact]
    public void Closing_an_opportunity_with_update_or_set_state_is_refused()
    {
        using var org = new TestSolution().Build();
        var opportunity = org.Service.Create(new Entity("opportunity") { ["name"] = "Renewal" });

        var won = Expect.Fault(() => org.Service.Update(new Entity("opportunity", opportunity) { ["statecode"] = new OptionSetValue(1), ["statuscode"] = new OptionSetValue(3) }));
        var lost = Expect.Fault(() => org.Service.Execute(SetState("SetState", "opportunity", opportunity, 2, 4)));
        var resolved = Expect.Fault(() => org.Service.Execute(SetState("SetStateDynamicEntity", "incident", ActiveCase(org).Case, 1, 5)));

        Assert.Contains("use the won message instead", won.Message);
        Assert.Contains("use the lose message instead", lost.Message);
        Assert.Contains("use the CloseIncidentRequest message instead", resolved.Message);
        Assert.Equal(0, org.Peek("opportunity", opportunity)!.GetAttributeValue<OptionSetValue>("statecode").Value);
    }

    [Fact]
    public void Close_incident_raises_close_then_the_resolution_create_and_a_state_only_update_one_level_deeper()
    {
        using var org = new TestSolution()
            .Step<TargetTracer>("Close", "incident", stage: 20)
            .Step<TargetTracer>("Create", "incidentresolution", stage: 40)
            .Step<TargetTracer>("Update", "incident", stage: 20, filtering: "statecode")
            .Step<TargetTracer>("Close", "incident", stage: 40)
            .Build();
        var (_, incident) = ActiveCase(org);

        var response = org.Service.Execute(CloseIncident(incident));

        Assert.Equal("CloseIncident", response.ResponseName);
        Assert.Equal(new[]
        {
            "Close incident stage 20 depth 1: target [-] inputs [IncidentResolution,Status]",
            "Create incidentresolution stage 40 depth 2: target [activityid,actualend,incidentid,statecode,statuscode,subject] inputs []",
            "Update incident stage 20 depth 2: target [statecode,statuscode] inputs []",
            "Close incident stage 40 depth 1: target [-] inputs [IncidentResolution,Status]",
        }, Lines(org, nameof(TargetTracer)));
        var row = org.Peek("incident", incident)!;
        Assert.Equal(1, row.GetAttributeValue<OptionSetValue>("statecode").Value);
        Assert.Equal(5, row.GetAttributeValue<OptionSetValue>("statuscode").Value);
        var resolution = Assert.Single(org.Rows("incidentresolution"));
        Assert.Equal(incident, resolution.GetAttributeValue<EntityReference>("incidentid").Id);
        Assert.Equal(1, resolution.GetAttributeValue<OptionSetValue>("statecode").Value);
    }

    [Fact]
    public void What_an_update_step_writes_into_the_target_during_close_incident_is_saved_with_the_case()
    {
        using var org = new TestSolution().Step<StampDescription>("Update", "incident", stage: 20, filtering: "statecode").Build();
        var (_, incident) = ActiveCase(org);

        org.Service.Execute(CloseIncident(incident));

        Assert.Equal("stamped at stage 20", org.Peek("incident", incident)!.GetAttributeValue<string>("description"));
    }

    [Fact]
    public void Close_incident_refuses_a_status_of_another_state_a_closed_case_and_a_missing_case()
    {
        using var org = new TestSolution().Build();
        var (_, incident) = ActiveCase(org);

        var wrongStatus = Expect.Fault(() => org.Service.Execute(CloseIncident(incident, status: 1)));
        org.Service.Execute(CloseIncident(incident));
        var twice = Expect.Fault(() => org.Service.Execute(CloseIncident(incident)));
        var missing = Expect.Fault(() => org.Service.Execute(CloseIncident(Guid.NewGuid())));

        Assert.Equal(ErrorCodes.InvalidStateCodeStatusCode, wrongStatus.ErrorCode);
        Assert.Contains("already resolved", twice.Message);
        Assert.Equal(ErrorCodes.ObjectDoesNotExist, missing.ErrorCode);
        Assert.Single(org.Rows("incidentresolution"));
    }

    [Fact]
    public void A_failing_step_rolls_back_the_resolution_and_the_state_together()
    {
        using var org = new TestSolution().Step<Refuse>("Close", "incident", stage: 40, config: "No closing today.").Build();
        var (_, incident) = ActiveCase(org);

        var fault = Expect.Fault(() => org.Service.Execute(CloseIncident(incident)));

        Assert.Equal("No closing today.", fault.Message);
        Assert.Empty(org.Rows("incidentresolution"));
        Assert.Equal(0, org.Peek("incident", incident)!.GetAttributeValue<OptionSetValue>("statecode").Value);
    }

    [Fact]
    public void Win_and_lose_close_the_opportunity_through_win_and_lose_with_the_close_activity()
    {
        using var org = new TestSolution()
            .Step<TargetTracer>("Win", "opportunity", stage: 20)
            .Step<TargetTracer>("Lose", "opportunity", stage: 20)
            .Step<TargetTracer>("Update", "opportunity", stage: 40, filtering: "statecode")
            .Build(new LocalOrganizationOptions { Clock = () => new DateTime(2026, 6, 15, 9, 30, 0, DateTimeKind.Utc) });
        var won = org.Service.Create(new Entity("opportunity") { ["name"] = "Expansion" });
        var lost = org.Service.Create(new Entity("opportunity") { ["name"] = "Add-on" });

        org.Service.Execute(CloseOpportunity("WinOpportunity", won, status: 3, revenue: 12000m));
        org.Service.Execute(CloseOpportunity("LoseOpportunity", lost, status: 5));

        Assert.Equal(new[]
        {
            "Win opportunity stage 20 depth 1: target [-] inputs [OpportunityClose,Status]",
            "Update opportunity stage 40 depth 2: target [actualclosedate,actualvalue,statecode,statuscode] inputs []",
            "Lose opportunity stage 20 depth 1: target [-] inputs [OpportunityClose,Status]",
            "Update opportunity stage 40 depth 2: target [actualclosedate,statecode,statuscode] inputs []",
        }, Lines(org, nameof(TargetTracer)));
        var wonRow = org.Peek("opportunity", won)!;
        Assert.Equal(1, wonRow.GetAttributeValue<OptionSetValue>("statecode").Value);
        Assert.Equal(12000m, wonRow.GetAttributeValue<Money>("actualvalue").Value);
        Assert.Equal(new DateTime(2026, 6, 15), wonRow.GetAttributeValue<DateTime>("actualclosedate"));
        Assert.Equal(5, org.Peek("opportunity", lost)!.GetAttributeValue<OptionSetValue>("statuscode").Value);
        Assert.Equal(2, org.Rows("opportunityclose").Count);
        Assert.Contains("is not a valid status code", Expect.Fault(() => org.Service.Execute(
            CloseOpportunity("WinOpportunity", org.Service.Create(new Entity("opportunity") { ["name"] = "Third" }), status: 4))).Message);
    }

    [Fact]
    public void Set_state_runs_its_own_steps_then_a_state_only_update_and_takes_minus_one_as_the_default_status()
    {
        using var org = new TestSolution()
            .Step<TargetTracer>("SetState", "incident", stage: 20)
            .Step<TargetTracer>("SetStateDynamicEntity", "incident", stage: 20)
            .Step<TargetTracer>("Update", "incident", stage: 20, filtering: "statecode")
            .Build();
        var (_, incident) = ActiveCase(org);

        org.Service.Execute(SetState("SetStateDynamicEntity", "incident", incident, 2, -1));
        org.Service.Execute(SetState("SetState", "incident", incident, 0, 1));

        Assert.Equal(new[]
        {
            "SetStateDynamicEntity incident stage 20 depth 1: target [-] inputs [EntityMoniker,State,Status]",
            "Update incident stage 20 depth 2: target [statecode,statuscode] inputs []",
            "SetState incident stage 20 depth 1: target [-] inputs [EntityMoniker,State,Status]",
            "Update incident stage 20 depth 2: target [statecode,statuscode] inputs []",
        }, Lines(org, nameof(TargetTracer)));
        Assert.Equal(1, org.Peek("incident", incident)!.GetAttributeValue<OptionSetValue>("statuscode").Value);
    }

    [Fact]
    public void An_update_with_state_and_other_columns_runs_the_update_steps_twice_others_first()
    {
        using var org = new TestSolution()
            .Step<TargetTracer>("Update", "account", stage: 20, filtering: "name,statecode")
            .Step<TargetTracer>("Update", "account", stage: 40, filtering: "name,statecode")
            .Build();
        var account = org.Service.Create(new Entity("account") { ["name"] = "Contoso" });

        org.Service.Update(new Entity("account", account) { ["name"] = "Contoso Ltd", ["statecode"] = new OptionSetValue(1), ["statuscode"] = new OptionSetValue(2) });

        Assert.Equal(new[]
        {
            "Update account stage 20 depth 1: target [name] inputs []",
            "Update account stage 40 depth 1: target [name] inputs []",
            "Update account stage 20 depth 1: target [statecode,statuscode] inputs []",
            "Update account stage 40 depth 1: target [statecode,statuscode] inputs []",
        }, Lines(org, nameof(TargetTracer)));
        var row = org.Peek("account", account)!;
        Assert.Equal("Contoso Ltd", row.GetAttributeValue<string>("name"));
        Assert.Equal(1, row.GetAttributeValue<OptionSetValue>("statecode").Value);
    }

    [Fact]
    public void When_the_state_half_of_a_split_update_fails_the_other_half_is_rolled_back_too()
    {
        using var org = new TestSolution().Step<Refuse>("Update", "account", stage: 20, filtering: "statecode", config: "Accounts stay active.").Build();
        var account = org.Service.Create(new Entity("account") { ["name"] = "Contoso" });

        var fault = Expect.Fault(() => org.Service.Update(new Entity("account", account) { ["name"] = "Renamed", ["statecode"] = new OptionSetValue(1) }));

        Assert.Equal("Accounts stay active.", fault.Message);
        Assert.Equal("Contoso", org.Peek("account", account)!.GetAttributeValue<string>("name"));
    }

    [Fact]
    public void A_resolved_case_is_read_only_until_it_is_reactivated()
    {
        using var org = new TestSolution().Build();
        var (_, incident) = ActiveCase(org);
        org.Service.Execute(CloseIncident(incident));

        var fault = Expect.Fault(() => org.Service.Update(new Entity("incident", incident) { ["title"] = "Renamed" }));
        org.Service.Update(new Entity("incident", incident) { ["statecode"] = new OptionSetValue(0), ["statuscode"] = new OptionSetValue(1) });
        org.Service.Update(new Entity("incident", incident) { ["title"] = "Renamed" });

        Assert.Equal(ErrorCodes.CaseAlreadyResolved, fault.ErrorCode);
        Assert.Equal("This case has already been resolved. Close and reopen the case record to see the updates.", fault.Message);
        Assert.Equal("Renamed", org.Peek("incident", incident)!.GetAttributeValue<string>("title"));
    }

    [Fact]
    public void Bypassing_custom_plug_ins_on_close_incident_also_bypasses_them_on_the_update_it_raises()
    {
        using var org = new TestSolution().Step<StampDescription>("Update", "incident", stage: 20, filtering: "statecode").Build();
        var (_, incident) = ActiveCase(org);
        var request = CloseIncident(incident);
        request["BypassCustomPluginExecution"] = true;

        org.Service.Execute(request);

        Assert.Null(org.Peek("incident", incident)!.GetAttributeValue<string>("description"));
        Assert.Equal(1, org.Peek("incident", incident)!.GetAttributeValue<OptionSetValue>("statecode").Value);
    }

    [Fact]
    public void Bulk_messages_exist_only_for_the_tables_that_offer_them()
    {
        using var org = new TestSolution().Table(TestSolution.UsageSnapshotTable()).Build();
        var notes = new EntityCollection(new List<Entity> { new("annotation") { ["subject"] = "One" } }) { EntityName = "annotation" };
        var snapshots = new EntityCollection(new List<Entity> { new("wb_usagesnapshot") { ["wb_name"] = "June" } }) { EntityName = "wb_usagesnapshot" };

        var fault = Expect.Fault(() => org.Service.Execute(new Microsoft.Xrm.Sdk.Messages.CreateMultipleRequest { Targets = notes }));
        org.Service.Execute(new Microsoft.Xrm.Sdk.Messages.CreateMultipleRequest { Targets = snapshots });

        Assert.Equal(ErrorCodes.NotSupported, fault.ErrorCode);
        Assert.StartsWith("The 'CreateMultiple' method does not support entities of type 'annotation'.", fault.Message);
        Assert.Empty(org.Rows("annotation"));
        Assert.Single(org.Rows("wb_usagesnapshot"));
    }
}
