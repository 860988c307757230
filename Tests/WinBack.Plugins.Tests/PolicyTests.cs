using System.ServiceModel;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace WinBack.Plugins.Tests;

/// <summary>The policy lives in the environment variable wb_DisengagementPolicy; a bad one never stops scoring.</summary>
public sealed class PolicyTests
{
    private static Guid PolicyDefinition(TestOrganization org)
    {
        var query = new QueryExpression("environmentvariabledefinition") { ColumnSet = new ColumnSet("schemaname") };
        query.Criteria.AddCondition("schemaname", ConditionOperator.Equal, "wb_DisengagementPolicy");
        return org.Service.RetrieveMultiple(query).Entities.Single().Id;
    }

    internal static Guid SetPolicy(TestOrganization org, string json) =>
        org.Service.Create(new Entity("environmentvariablevalue")
        {
            ["schemaname"] = "wb_DisengagementPolicy_value",
            ["environmentvariabledefinitionid"] = new EntityReference("environmentvariabledefinition", PolicyDefinition(org)),
            ["value"] = json,
        });

    [Fact]
    public void Saving_a_policy_with_a_bad_value_is_refused_with_a_message_naming_the_field()
    {
        using var org = new TestOrganization();

        var fault = Assert.Throws<FaultException<OrganizationServiceFault>>(() =>
            SetPolicy(org, """{ "bands": { "watch": 40, "atRisk": 20, "disengaged": 60 } }"""));

        Assert.Contains("policy.bands.atRisk", fault.Detail.Message);
        Assert.Contains("the previous policy stays in use", fault.Detail.Message);
        Assert.Equal(0, org.Org.Count("environmentvariablevalue"));
    }

    [Fact]
    public void A_refused_policy_never_shows_what_was_typed_as_markup()
    {
        using var org = new TestOrganization();

        var fault = Assert.Throws<FaultException<OrganizationServiceFault>>(() =>
            SetPolicy(org, """{ "signals": { "<img src=x onerror=alert(1)>": { "weight": 1 } } }"""));

        Assert.Contains("is not a known signal", fault.Detail.Message);
        Assert.Contains("‹img src=x onerror=alert(1)›", fault.Detail.Message);
        Assert.DoesNotContain("<", fault.Detail.Message);
        Assert.DoesNotContain(">", fault.Detail.Message);
    }

    [Fact]
    public void Saving_a_policy_that_is_not_JSON_is_refused()
    {
        using var org = new TestOrganization();
        var value = SetPolicy(org, """{ "bands": { "watch": 10 } }""");

        var fault = Assert.Throws<FaultException<OrganizationServiceFault>>(() =>
            org.Service.Update(new Entity("environmentvariablevalue", value) { ["value"] = "{ bands: " }));

        Assert.Contains("The disengagement policy was not saved", fault.Detail.Message);
        var stored = org.Service.Retrieve("environmentvariablevalue", value, new ColumnSet("value"));
        Assert.Equal("""{ "bands": { "watch": 10 } }""", stored.GetAttributeValue<string>("value"));
    }

    [Fact]
    public void A_valid_policy_in_the_environment_variable_changes_the_outcome()
    {
        using var org = new TestOrganization();
        var account = org.Account("Northwind");
        org.Usage(account, endedDaysAgo: 31, logins: 118);
        org.Usage(account, endedDaysAgo: 1, logins: 64);
        org.Recalculate(account);
        var before = org.Read(account).GetAttributeValue<OptionSetValue>("wb_riskband").Value;

        SetPolicy(org, """{ "bands": { "watch": 1, "atRisk": 2, "disengaged": 3 } }""");
        org.Recalculate(account);

        Assert.NotEqual(TestOrganization.Disengaged, before);
        Assert.Equal(TestOrganization.Disengaged, org.Read(account).GetAttributeValue<OptionSetValue>("wb_riskband").Value);
    }

    [Fact]
    public void An_invalid_policy_that_arrived_with_a_solution_import_is_skipped_with_a_trace_and_scoring_goes_on()
    {
        using var org = new TestOrganization(solution =>
        {
            var variable = solution.EnvironmentVariables.Single(v => v.SchemaName == "wb_DisengagementPolicy");
            variable.Value = """{ "windows": { "usageDays": 0 } }""";
        });
        var account = org.Account("Northwind");
        org.Usage(account, endedDaysAgo: 31, logins: 118);
        org.Usage(account, endedDaysAgo: 1, logins: 64);

        var response = org.Recalculate(account);

        Assert.Contains("Logins fell 46%", (string)response["Reasons"]);
        Assert.Contains(org.Org.Traces, t => t.Text.Contains("The current value of wb_DisengagementPolicy is invalid and was ignored")
            && t.Text.Contains("policy.windows.usageDays"));
    }
}
