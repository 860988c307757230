using System.Globalization;
using System.ServiceModel;
using System.Text;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Query;
using WinBack.Core.Disengagement;

namespace WinBack.Plugins.Tests;

/// <summary>
/// The policy store (wb_scoringpolicy): a calibrated policy of any size, validated on save, one in use at a time,
/// read before the environment variable wb_DisengagementPolicy and the built-in policy.
/// </summary>
public sealed class PolicyStoreTests
{
    private const int Active = 0;
    private const int Inactive = 1;

    /// <summary>
    /// A policy the size calibrate writes (a fitted 30-step shape on every signal, each monotone the way the signal
    /// declares), with band cut-offs that put any account with a concern in <paramref name="bands"/>.
    /// </summary>
    internal static string CalibratedSizePolicy(string name, string bands = """{ "watch": 1, "atRisk": 2, "disengaged": 3 }""")
    {
        var json = new StringBuilder("{ \"version\": 1, \"name\": \"" + name + "\", \"bands\": " + bands + ", \"signals\": {");
        var first = true;
        foreach (var signal in Signals.All())
        {
            var info = Signals.Info(signal);
            var cuts = Enumerable.Range(1, 30).Select(i => (i * 0.5).ToString("0.0##", CultureInfo.InvariantCulture));
            var severities = Enumerable.Range(0, 31).Select(i => (info.LowerIsWorse && info.Defaults.Scale != SignalScale.Share ? (30 - i) / 30.0 : i / 30.0).ToString("0.####", CultureInfo.InvariantCulture));
            json.Append(first ? "" : ",").Append(" \"").Append(Signals.Name(signal)).Append("\": { \"weight\": 5, \"shape\": { \"cuts\": [")
                .Append(string.Join(", ", cuts)).Append("], \"severities\": [").Append(string.Join(", ", severities)).Append("] } }");
            first = false;
        }

        return json.Append(" } }").ToString();
    }

    private static Guid Save(TestOrganization org, string name, string json, int? state = null)
    {
        var row = new Entity("wb_scoringpolicy") { ["wb_name"] = name, ["wb_policy"] = json };
        if (state != null) row["statecode"] = new OptionSetValue(state.Value);
        return org.Service.Create(row);
    }

    private static Entity Row(TestOrganization org, Guid id) =>
        org.Service.Retrieve("wb_scoringpolicy", id, new ColumnSet("wb_name", "wb_policy", "statecode", "wb_activatedon", "wb_activatedby"));

    private static int State(TestOrganization org, Guid id) => Row(org, id).GetAttributeValue<OptionSetValue>("statecode").Value;

    private static Guid DriftingAccount(TestOrganization org)
    {
        var account = org.Account("Northwind");
        org.Usage(account, endedDaysAgo: 31, logins: 118);
        org.Usage(account, endedDaysAgo: 1, logins: 64);
        return account;
    }

    private static int Band(TestOrganization org, Guid account)
    {
        org.Recalculate(account);
        return org.Read(account).GetAttributeValue<OptionSetValue>("wb_riskband").Value;
    }

    /// <summary>The policy the last recalculation scored with, as its trace names it.</summary>
    private static string PolicyUsed(TestOrganization org) =>
        org.Org.Traces.Last(t => t.Text.Contains("Policy '", StringComparison.Ordinal)).Text;

    [Fact]
    public void A_calibrated_policy_longer_than_an_environment_variable_holds_is_stored_and_scores_the_accounts()
    {
        using var org = new TestOrganization();
        var account = DriftingAccount(org);
        var before = Band(org, account);
        var json = CalibratedSizePolicy("Calibrated on renewals");
        Assert.True(json.Length > 5000, "the policy is " + json.Length + " characters");

        var id = Save(org, "Calibrated on renewals", json);

        var row = Row(org, id);
        Assert.Equal(json, row.GetAttributeValue<string>("wb_policy"));
        Assert.Equal(Active, row.GetAttributeValue<OptionSetValue>("statecode").Value);
        Assert.Equal(TestOrganization.Today, row.GetAttributeValue<DateTime>("wb_activatedon"));
        Assert.NotNull(row.GetAttributeValue<EntityReference>("wb_activatedby"));
        Assert.NotEqual(TestOrganization.Disengaged, before);
        Assert.Equal(TestOrganization.Disengaged, Band(org, account));
        Assert.Contains("Policy 'Calibrated on renewals' from the scoring policy 'Calibrated on renewals' (" + id.ToString("D") + ")", PolicyUsed(org));
    }

    [Fact]
    public void A_whole_page_of_accounts_is_scored_with_the_stored_policy()
    {
        using var org = new TestOrganization();
        var accounts = Enumerable.Range(0, 3).Select(_ => DriftingAccount(org)).ToList();
        Save(org, "Calibrated", CalibratedSizePolicy("Calibrated"));

        org.RecalculatePage();

        Assert.All(accounts, a => Assert.Equal(TestOrganization.Disengaged, org.Read(a).GetAttributeValue<OptionSetValue>("wb_riskband").Value));
    }

    [Fact]
    public void A_policy_as_long_as_the_column_holds_is_stored_and_one_character_more_is_refused_by_the_platform()
    {
        using var org = new TestOrganization();
        var account = DriftingAccount(org);
        var policy = CalibratedSizePolicy("A megabyte");
        // A valid policy padded with whitespace (still valid JSON) to the column's 1,048,576 characters.
        var full = policy + new string(' ', 1_048_576 - policy.Length);

        var id = Save(org, "A megabyte", full);

        Assert.Equal(1_048_576, Row(org, id).GetAttributeValue<string>("wb_policy").Length);
        Assert.Equal(TestOrganization.Disengaged, Band(org, account));
        var fault = Assert.Throws<FaultException<OrganizationServiceFault>>(() => Save(org, "Too long", full + " "));
        Assert.Contains("exceeded the maximum allowed length of '1048576'", fault.Detail.Message);
        Assert.Equal(Active, State(org, id));
    }

    [Theory]
    [InlineData("""{ "signals": { "slaBreaches": { "weight": 3, "shape": { "cuts": [1, 2], "severities": [0, 0.6, 0.3] } } } }""", "policy.signals.slaBreaches.shape.severities[2]", "cannot fall")]
    [InlineData("""{ "signals": { "slaBreaches": { "weight": 3, "shape": { "cuts": [2, 1], "severities": [0, 0.5, 1] } } } }""", "policy.signals.slaBreaches.shape.cuts[1]", "sorted and distinct")]
    [InlineData("""{ "signals": { "slaBreaches": { "weight": 3, "shape": { "cuts": [1, 1], "severities": [0, 0.5, 1] } } } }""", "policy.signals.slaBreaches.shape.cuts[1]", "sorted and distinct")]
    [InlineData("""{ "signals": { "slaBreaches": { "weight": 3, "shape": { "cuts": [1, "NaN"], "severities": [0, 0.5, 1] } } } }""", "policy.signals.slaBreaches.shape.cuts[1]", "finite")]
    [InlineData("""{ "signals": { "loginsFell": { "weight": 3 } } }""", "policy.signals.loginsFell", "is not a known signal")]
    [InlineData("""{ "bands": { "watch": 40, "atRisk": 20, "disengaged": 60 } }""", "policy.bands.atRisk", "")]
    [InlineData("""{ "bands": """, "", "")]
    public void An_invalid_policy_is_refused_on_save_with_the_field_named_and_the_one_in_use_keeps_scoring(string json, string field, string why)
    {
        using var org = new TestOrganization();
        var account = DriftingAccount(org);
        var inUse = Save(org, "In use", CalibratedSizePolicy("In use"));

        var fault = Assert.Throws<FaultException<OrganizationServiceFault>>(() => Save(org, "Broken", json));

        Assert.StartsWith("The scoring policy was not saved because its policy is not valid: ", fault.Detail.Message);
        Assert.Contains(field, fault.Detail.Message);
        Assert.Contains(why, fault.Detail.Message);
        Assert.Contains("until then the previous policy stays in use", fault.Detail.Message);
        Assert.Equal(1, org.Org.Count("wb_scoringpolicy"));
        Assert.Equal(Active, State(org, inUse));
        Assert.Equal(TestOrganization.Disengaged, Band(org, account));
        Assert.Contains("from the scoring policy 'In use'", PolicyUsed(org));
    }

    [Fact]
    public void Editing_the_policy_in_use_into_an_invalid_one_is_refused_and_nothing_of_the_edit_is_kept()
    {
        using var org = new TestOrganization();
        var json = CalibratedSizePolicy("In use");
        var id = Save(org, "In use", json);

        var fault = Assert.Throws<FaultException<OrganizationServiceFault>>(() => org.Service.Update(new Entity("wb_scoringpolicy", id)
        {
            ["wb_name"] = "Renamed",
            ["wb_policy"] = json.Replace("\"weight\": 5, \"shape\": { \"cuts\": [0.5, 1.0,", "\"weight\": 5, \"shape\": { \"cuts\": [0.5, 0.5,", StringComparison.Ordinal),
        }));

        Assert.Contains("policy.signals.", fault.Detail.Message);
        Assert.Contains(".shape.cuts[1]", fault.Detail.Message);
        var row = Row(org, id);
        Assert.Equal("In use", row.GetAttributeValue<string>("wb_name"));
        Assert.Equal(json, row.GetAttributeValue<string>("wb_policy"));
    }

    [Fact]
    public void A_policy_without_its_JSON_is_refused()
    {
        using var org = new TestOrganization();

        var fault = Assert.Throws<FaultException<OrganizationServiceFault>>(() =>
            org.Service.Create(new Entity("wb_scoringpolicy") { ["wb_name"] = "Empty" }));

        Assert.Contains("Policy (JSON) (wb_policy) is empty", fault.Detail.Message);
        Assert.Equal(0, org.Org.Count("wb_scoringpolicy"));
    }

    [Fact]
    public void Who_put_a_policy_in_use_is_written_by_the_server_only()
    {
        using var org = new TestOrganization();

        var fault = Assert.Throws<FaultException<OrganizationServiceFault>>(() => org.Service.Create(new Entity("wb_scoringpolicy")
        {
            ["wb_name"] = "Backdated",
            ["wb_policy"] = """{ "version": 1 }""",
            ["wb_activatedon"] = TestOrganization.Today.AddYears(-1),
        }));

        Assert.Contains("written by the server", fault.Detail.Message);
        Assert.Equal(0, org.Org.Count("wb_scoringpolicy"));
    }

    [Fact]
    public void Activating_a_policy_deactivates_the_one_in_use_so_exactly_one_is_active()
    {
        using var org = new TestOrganization();
        var account = DriftingAccount(org);
        var first = Save(org, "First", CalibratedSizePolicy("First"));
        org.Now = TestOrganization.Today.AddHours(1);
        var staged = Save(org, "Staged", CalibratedSizePolicy("Staged", """{ "watch": 1, "atRisk": 2, "disengaged": 99 }"""), state: Inactive);

        Assert.Equal(Active, State(org, first));
        Assert.Equal(Inactive, State(org, staged));
        Assert.Null(Row(org, staged).GetAttributeValue<DateTime?>("wb_activatedon"));
        Assert.Equal(TestOrganization.Disengaged, Band(org, account));

        // SetState, as the form's Activate command sends it (its typed class lives in Microsoft.Crm.Sdk.Proxy).
        org.Service.Execute(new OrganizationRequest("SetState")
        {
            ["EntityMoniker"] = new EntityReference("wb_scoringpolicy", staged),
            ["State"] = new OptionSetValue(Active),
            ["Status"] = new OptionSetValue(1),
        });

        Assert.Equal(Inactive, State(org, first));
        Assert.Equal(Active, State(org, staged));
        Assert.Equal(org.Now, Row(org, staged).GetAttributeValue<DateTime>("wb_activatedon"));
        Assert.Equal(TestOrganization.AtRisk, Band(org, account));

        // And back: the earlier policy is put in use again by activating it.
        org.Service.Update(new Entity("wb_scoringpolicy", first) { ["statecode"] = new OptionSetValue(Active), ["statuscode"] = new OptionSetValue(1) });

        Assert.Equal(Active, State(org, first));
        Assert.Equal(Inactive, State(org, staged));
        Assert.Equal(TestOrganization.Disengaged, Band(org, account));
    }

    [Fact]
    public void Two_policies_created_active_in_one_CreateMultiple_leave_exactly_one_in_use()
    {
        using var org = new TestOrganization();
        var first = new Entity("wb_scoringpolicy") { ["wb_name"] = "First", ["wb_policy"] = """{ "name": "First" }""" };
        var second = new Entity("wb_scoringpolicy") { ["wb_name"] = "Second", ["wb_policy"] = """{ "name": "Second" }""" };

        org.Service.Execute(new CreateMultipleRequest { Targets = new EntityCollection(new List<Entity> { first, second }) { EntityName = "wb_scoringpolicy" } });

        Assert.Single(org.Org.Rows("wb_scoringpolicy"), r => r.GetAttributeValue<OptionSetValue>("statecode").Value == Active);
    }

    [Fact]
    public void A_CreateMultiple_with_one_invalid_policy_writes_none_and_keeps_the_one_in_use()
    {
        using var org = new TestOrganization();
        var inUse = Save(org, "In use", CalibratedSizePolicy("In use"));
        var good = new Entity("wb_scoringpolicy") { ["wb_name"] = "Good", ["wb_policy"] = """{ "name": "Good" }""" };
        var bad = new Entity("wb_scoringpolicy") { ["wb_name"] = "Bad", ["wb_policy"] = """{ "windows": { "usageDays": 0 } }""" };

        var fault = Assert.Throws<FaultException<OrganizationServiceFault>>(() =>
            org.Service.Execute(new CreateMultipleRequest { Targets = new EntityCollection(new List<Entity> { good, bad }) { EntityName = "wb_scoringpolicy" } }));

        Assert.Contains("policy.windows.usageDays", fault.Detail.Message);
        Assert.Equal(1, org.Org.Count("wb_scoringpolicy"));
        Assert.Equal(Active, State(org, inUse));
    }

    [Fact]
    public void The_policy_comes_from_the_store_then_the_environment_variable_then_the_built_in_defaults()
    {
        using var org = new TestOrganization();
        var account = DriftingAccount(org);

        var builtIn = Band(org, account);
        Assert.Contains("from the environment variable's default value", PolicyUsed(org));

        PolicyTests.SetPolicy(org, """{ "name": "From the variable", "bands": { "watch": 1, "atRisk": 2, "disengaged": 99 } }""");
        Assert.Equal(TestOrganization.AtRisk, Band(org, account));
        Assert.Contains("Policy 'From the variable' from the environment variable's current value", PolicyUsed(org));

        var stored = Save(org, "Stored", CalibratedSizePolicy("Stored"));
        Assert.Equal(TestOrganization.Disengaged, Band(org, account));
        Assert.Contains("from the scoring policy 'Stored'", PolicyUsed(org));

        // With no row active, the environment variable is in use again.
        org.Service.Update(new Entity("wb_scoringpolicy", stored) { ["statecode"] = new OptionSetValue(Inactive), ["statuscode"] = new OptionSetValue(2) });
        Assert.Equal(TestOrganization.AtRisk, Band(org, account));
        Assert.Contains("from the environment variable's current value", PolicyUsed(org));
        Assert.NotEqual(TestOrganization.Disengaged, builtIn);
    }

    [Fact]
    public void A_stored_policy_that_went_in_around_the_plug_in_is_skipped_with_a_trace_and_the_last_valid_one_keeps_working()
    {
        using var org = new TestOrganization();
        var account = DriftingAccount(org);
        var good = Save(org, "Good", CalibratedSizePolicy("Good"));
        org.Now = TestOrganization.Today.AddHours(1);
        var import = new CreateRequest
        {
            Target = new Entity("wb_scoringpolicy") { ["wb_name"] = "Imported", ["wb_policy"] = """{ "bands": { "watch": 40, "atRisk": 20, "disengaged": 60 } }""" },
        };
        import.Parameters["BypassCustomPluginExecution"] = true;
        var imported = (Guid)org.Service.Execute(import).Results["id"];
        // An import that bypassed the plug-ins also bypassed the step that retires the row in use: deactivate it as the
        // import's author would, so the invalid row is the only active one.
        var retire = new UpdateRequest { Target = new Entity("wb_scoringpolicy", good) { ["statecode"] = new OptionSetValue(Inactive), ["statuscode"] = new OptionSetValue(2) } };
        retire.Parameters["BypassCustomPluginExecution"] = true;
        org.Service.Execute(retire);
        Assert.Equal(Active, State(org, imported));
        org.Org.ClearTraces();

        Assert.Equal(TestOrganization.Disengaged, Band(org, account));

        var trace = org.Org.Traces.Single(t => t.Text.Contains("The active scoring policy 'Imported'", StringComparison.Ordinal));
        Assert.Contains("is invalid and was skipped: policy.bands.atRisk", trace.Text);
        Assert.Contains("The scoring policy 'Good' (" + good.ToString("D") + "), the last valid one in use, is used instead", trace.Text);
        Assert.Contains(trace.CorrelationId.ToString(), trace.Text);
        Assert.Contains("from the scoring policy 'Good'", PolicyUsed(org));
    }

    [Fact]
    public void Activating_a_stored_policy_that_went_in_around_the_plug_in_is_refused_with_the_field_named()
    {
        using var org = new TestOrganization();
        var import = new CreateRequest
        {
            Target = new Entity("wb_scoringpolicy")
            {
                ["wb_name"] = "Imported", ["wb_policy"] = """{ "windows": { "usageDays": 0 } }""", ["statecode"] = new OptionSetValue(Inactive), ["statuscode"] = new OptionSetValue(2),
            },
        };
        import.Parameters["BypassCustomPluginExecution"] = true;
        var imported = (Guid)org.Service.Execute(import).Results["id"];

        var fault = Assert.Throws<FaultException<OrganizationServiceFault>>(() =>
            org.Service.Update(new Entity("wb_scoringpolicy", imported) { ["statecode"] = new OptionSetValue(Active), ["statuscode"] = new OptionSetValue(1) }));

        Assert.StartsWith("The scoring policy was not activated because its policy is not valid: policy.windows.usageDays", fault.Detail.Message);
        Assert.Equal(Inactive, State(org, imported));
    }

    [Fact]
    public void Reading_the_stored_policy_costs_one_request_and_no_stored_policy_at_most_one_more()
    {
        using var org = new TestOrganization();
        var account = DriftingAccount(org);
        org.Recalculate(account);

        org.Org.ResetCost();
        org.Recalculate(account);
        var withoutStore = PluginReads(org);

        Save(org, "Stored", CalibratedSizePolicy("Stored"));
        org.Recalculate(account);
        org.Org.ResetCost();
        org.Recalculate(account);
        var withStore = PluginReads(org);

        org.Org.ResetCost();
        org.RecalculatePage();
        var page = PluginReads(org);

        // The environment variable is read only when no stored policy is in use.
        Assert.Equal(withoutStore - 1, withStore);
        Assert.Equal(1, Reads(org, "wb_scoringpolicy"));
        Assert.Equal(0, Reads(org, "environmentvariabledefinition"));
        Assert.True(page > 0);
    }

    private static int PluginReads(TestOrganization org) =>
        org.Org.Cost.ByCaller.Where(c => c.IsPlugin).SelectMany(c => c.RequestsByMessage).Where(m => m.Key is "RetrieveMultiple" or "Retrieve").Sum(m => m.Value);

    private static int Reads(TestOrganization org, string table) =>
        org.Org.Cost.ByCaller.Where(c => c.IsPlugin).SelectMany(c => c.RequestsByTable).Where(m => m.Key == table).Sum(m => m.Value);
}
