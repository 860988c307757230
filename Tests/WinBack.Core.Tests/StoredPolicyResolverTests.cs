using WinBack.Core.Disengagement;

namespace WinBack.Core.Tests;

/// <summary>The policy store first, then the environment variable (read only when needed), then the built-in policy.</summary>
public class StoredPolicyResolverTests
{
    private static readonly DateTime Monday = new(2026, 6, 15, 0, 0, 0, DateTimeKind.Utc);

    private static StoredPolicy Row(string name, string? json, bool active, DateTime? activatedOn) =>
        new(Guid.NewGuid(), name, json, active, activatedOn);

    private static string Named(string name) => "{\"name\": \"" + name + "\"}";

    private static Func<EnvironmentPolicy> Environment(string? current, Action? read = null) => () =>
    {
        read?.Invoke();
        return new EnvironmentPolicy(current, "{}");
    };

    [Fact]
    public void A_valid_active_row_is_used_and_the_environment_variable_is_not_read()
    {
        var reads = 0;
        var r = PolicyResolver.Resolve(new[] { Row("In use", Named("in use"), true, Monday), Row("Before", Named("before"), false, Monday.AddDays(-7)) },
            Environment(Named("variable"), () => reads++));

        Assert.Equal(PolicySource.Store, r.Source);
        Assert.Equal("in use", r.Policy.Name);
        Assert.Equal("In use", r.Stored!.Name);
        Assert.Equal(0, reads);
        Assert.False(r.HasWarnings);
    }

    [Fact]
    public void An_invalid_active_row_gives_way_to_the_last_valid_row_in_use_never_to_a_staged_one()
    {
        var r = PolicyResolver.Resolve(new[]
            {
                Row("Imported", "{\"bands\": {\"atRisk\": 120}}", true, null),
                Row("Staged", Named("staged"), false, null),
                Row("Broken earlier", "{ nope", false, Monday.AddDays(-1)),
                Row("Good earlier", Named("good earlier"), false, Monday.AddDays(-7)),
            },
            Environment(Named("variable")));

        Assert.Equal(PolicySource.Store, r.Source);
        Assert.Equal("good earlier", r.Policy.Name);
        Assert.Collection(r.Warnings,
            w => Assert.StartsWith("The active scoring policy 'Imported' (", w),
            w => Assert.StartsWith("The earlier scoring policy 'Broken earlier' (", w),
            w => Assert.Contains("'Good earlier'", w));
        Assert.Contains("policy.bands.atRisk", r.Warnings[0]);
    }

    [Fact]
    public void With_no_active_row_the_environment_variable_is_read_even_when_inactive_rows_are_valid()
    {
        var reads = 0;
        var r = PolicyResolver.Resolve(new[] { Row("Retired", Named("retired"), false, Monday) }, Environment(Named("variable"), () => reads++));

        Assert.Equal(PolicySource.CurrentValue, r.Source);
        Assert.Equal("variable", r.Policy.Name);
        Assert.Equal(1, reads);
    }

    [Fact]
    public void With_no_valid_stored_policy_the_next_valid_candidate_scores_and_every_skip_is_named()
    {
        var r = PolicyResolver.Resolve(new[] { Row("Empty", "  ", true, Monday) }, Environment("{ nope"));

        Assert.Equal(PolicySource.DefaultValue, r.Source);
        Assert.Contains(r.Warnings, w => w.Contains("'Empty'") && w.EndsWith("its policy is empty", StringComparison.Ordinal));
        Assert.Contains(r.Warnings, w => w.StartsWith("The current value of wb_DisengagementPolicy is invalid", StringComparison.Ordinal));
    }
}
