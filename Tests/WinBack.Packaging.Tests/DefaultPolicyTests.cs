using WinBack.Core.Disengagement;

namespace WinBack.Packaging.Tests;

public sealed class DefaultPolicyTests
{
    private static string PolicyFile => Path.Combine(Reference.RepoRoot, "Solution", "policy", "default-policy.json");

    [Fact]
    public void The_policy_the_solution_ships_is_the_scorer_own_default_policy()
    {
        var shipped = File.ReadAllText(PolicyFile).Trim().ReplaceLineEndings("\n");

        Assert.True(Policy.Default.ToJson().Trim().ReplaceLineEndings("\n") == shipped,
            "Solution/policy/default-policy.json differs from Policy.Default.ToJson(): write the default policy's JSON into the file again.");
        Assert.True(Policy.TryParse(shipped, out _, out var error), error);
    }
}
