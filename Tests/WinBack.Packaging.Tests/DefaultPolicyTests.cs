using WinBack.Core.Disengagement;

namespace WinBack.Packaging.Tests;

public sealed class DefaultPolicyTests
{
    private static string PolicyFile => Path.Combine(Reference.RepoRoot, "Solution", "policy", "default-policy.json");

    [Fact]
    public void The_policy_the_solution_ships_reads_as_the_scorer_own_default_policy()
    {
        var shipped = File.ReadAllText(PolicyFile);

        Assert.True(Policy.TryParse(shipped, out var policy, out var error), error);
        // The numbers live once, in Core: the shipped default names none of them, so every field takes Core's default.
        Assert.Equal(Policy.Default.ToJson(), policy.ToJson());
    }

    [Fact]
    public void The_shipped_default_fits_the_2000_characters_an_environment_variable_default_holds()
    {
        Assert.InRange(File.ReadAllText(PolicyFile).Trim().Length, 1, 2000);
    }
}
