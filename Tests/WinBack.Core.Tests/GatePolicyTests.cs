using WinBack.Core.Gate;

namespace WinBack.Core.Tests;

public sealed class GatePolicyTests
{
    [Fact]
    public void The_default_policy_holds_ten_percent_back_waits_fourteen_days_allows_one_open_outreach_and_wants_four_eyes()
    {
        var policy = GatePolicy.Default;
        Assert.Equal((0.10, 14, 1, true), (policy.ControlShare, policy.DaysBetweenOutreaches, policy.OpenOutreachesPerAccount, policy.FourEyes));
    }

    [Fact]
    public void The_solution_ships_the_default_policy()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "../../../../../Solution/policy/default-gate-policy.json");
        Assert.Equal(GatePolicy.Default.ToJson(), File.ReadAllText(file).Trim());
    }

    [Fact]
    public void A_field_left_out_keeps_its_default() =>
        Assert.Equal(30, GatePolicy.Parse("""{ "daysBetweenOutreaches": 30 }""").DaysBetweenOutreaches);

    [Theory]
    [InlineData("""{ "controlshare": 0.1 }""", "controlshare", "'controlshare' is not a field of the gate policy; the fields are controlShare, controlSalt, daysBetweenOutreaches, openOutreachesPerAccount, fourEyes")]
    [InlineData("""{ "controlShare": -0.1 }""", "controlShare", "controlShare must be between 0 and 1, e.g. 0.1 for 10% (got -0.1)")]
    [InlineData("""{ "controlShare": 1.5 }""", "controlShare", "controlShare must be between 0 and 1, e.g. 0.1 for 10% (got 1.5)")]
    [InlineData("""{ "daysBetweenOutreaches": 2.5 }""", "daysBetweenOutreaches", "daysBetweenOutreaches must be a whole number from 0 to 3650 (got 2.5)")]
    [InlineData("""{ "openOutreachesPerAccount": 0 }""", "openOutreachesPerAccount", "openOutreachesPerAccount must be a whole number from 1 to 100 (got 0)")]
    [InlineData("""{ "fourEyes": "yes" }""", "fourEyes", "fourEyes must be true or false (got \"yes\")")]
    [InlineData("""{ "controlSalt": "" }""", "controlSalt", "controlSalt must be a non-empty string (got \"\")")]
    public void A_policy_that_cannot_be_used_is_refused_naming_the_field(string json, string field, string message)
    {
        var error = Assert.Throws<GatePolicyException>(() => GatePolicy.Parse(json));
        Assert.Equal((field, message), (error.Field, error.Message));
    }

    [Fact]
    public void An_invalid_current_value_falls_back_to_the_default_value_with_a_warning()
    {
        var warnings = new List<string>();
        var policy = GatePolicy.Resolve("""{ "controlShare": 2 }""", """{ "controlShare": 0.2 }""", warnings);
        Assert.Equal(0.2, policy.ControlShare);
        Assert.Single(warnings);
    }
}
