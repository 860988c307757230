using System.Text.Json;
using WinBack.Cli;

namespace WinBack.Cli.Tests.Demo;

/// <summary>`winback demo` end to end on the packed solution: what a new user sees first.</summary>
public sealed class DemoCommandTests
{
    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = Program.Run(args, new CommandContext(output, error, AppContext.BaseDirectory) { Interactive = false });
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void The_demo_flags_accounts_drifting_through_each_gap_in_that_gap_and_no_engaged_account()
    {
        var (exit, output, error) = Run("demo", "--json");

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(200, root.GetProperty("processed").GetInt32());
        foreach (var row in root.GetProperty("detection").EnumerateArray())
        {
            var seededAs = row.GetProperty("seeded_as").GetString();
            if (seededAs == "engaged")
            {
                Assert.Equal(0, row.GetProperty("flagged").GetInt32());
            }
            else
            {
                Assert.True(row.GetProperty("right_gap").GetInt32() > 0, $"no account drifting as '{seededAs}' was flagged in its gap");
            }
        }

        Assert.All(root.GetProperty("flagged_accounts").EnumerateArray(), a => Assert.NotEqual(0, a.GetProperty("reasons").GetArrayLength()));
        // 200 accounts: one call for the organisation's distribution (pages of 500), one at the recalculation's page of 200.
        Assert.Equal(2, root.GetProperty("requests").GetInt32());
        // The distribution's page (15), the recalculation's reads (14), one write per account, history when changed, and
        // one gate-policy read per account flagged for the first time.
        Assert.InRange(root.GetProperty("plugin_requests").GetInt32(), 200, 15 + (200 * 3) + 14);
    }

    [Fact]
    public void A_calibrated_policy_is_loaded_into_the_local_policy_store_and_the_demo_scores_with_it()
    {
        var folder = Directory.CreateTempSubdirectory("winback-demo-policy-").FullName;
        try
        {
            // Bands low enough that every account with a concern is Disengaged, every field written out as calibrate writes it.
            var policy = Path.Combine(folder, "calibrated.json");
            File.WriteAllText(policy, WinBack.Core.Disengagement.Policy.Parse(
                """{ "name": "Calibrated", "bands": { "watch": 1, "atRisk": 2, "disengaged": 3 } }""").ToJson());

            var (exit, output, error) = Run("demo", "--accounts", "40", "--policy", policy, "--json");
            var (defaultExit, defaultOutput, _) = Run("demo", "--accounts", "40", "--json");

            Assert.True(exit == 0, error);
            Assert.Contains("calibrated.json, loaded into the policy store (wb_scoringpolicy) and in use", error);
            Assert.Equal(0, defaultExit);
            var flagged = JsonDocument.Parse(output).RootElement.GetProperty("flagged").GetInt32();
            var flaggedByDefault = JsonDocument.Parse(defaultOutput).RootElement.GetProperty("flagged").GetInt32();
            Assert.True(flagged > flaggedByDefault, $"{flagged} flagged with the stored policy, {flaggedByDefault} with the default");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_policy_the_store_refuses_stops_the_demo_with_the_field_named()
    {
        var folder = Directory.CreateTempSubdirectory("winback-demo-policy-").FullName;
        try
        {
            var policy = Path.Combine(folder, "bad.json");
            File.WriteAllText(policy, """{ "bands": { "watch": 40, "atRisk": 20, "disengaged": 60 } }""");

            var (exit, _, error) = Run("demo", "--accounts", "5", "--policy", policy);

            Assert.Equal(1, exit);
            Assert.Contains("the local Dataverse refused the policy in " + policy + ": The scoring policy was not saved because its policy is not valid: policy.bands.atRisk", error);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_organisation_and_the_same_flags()
    {
        var first = JsonDocument.Parse(Run("demo", "--accounts", "60", "--seed", "5", "--json").Output).RootElement;
        var second = JsonDocument.Parse(Run("demo", "--accounts", "60", "--seed", "5", "--json").Output).RootElement;

        Assert.Equal(first.GetProperty("flagged_accounts").GetRawText(), second.GetProperty("flagged_accounts").GetRawText());
    }

    [Fact]
    public void Without_json_the_demo_prints_plain_progress_lines_a_table_and_the_cost_when_output_is_not_a_terminal()
    {
        var (exit, output, _) = Run("demo", "--accounts", "50");

        Assert.Equal(0, exit);
        Assert.Contains("Recalculating: 50/50 (100%)", output);
        Assert.DoesNotContain("\r", output);
        Assert.Contains("Flagged accounts:", output);
        Assert.Contains("How the flags match the seeded behaviour", output);
        Assert.Contains("Cost of the recalculation:", output);
    }

    [Fact]
    public void The_demo_ends_with_two_drafts_the_server_composed_for_different_gaps_with_different_offers_and_their_citations()
    {
        var (exit, output, _) = Run("demo");

        Assert.Equal(0, exit);
        var drafts = output[output.IndexOf("Drafts: every fact cited", StringComparison.Ordinal)..];
        // One service gap (trust or experience) and one that is not, so the offers differ.
        var offers = System.Text.RegularExpressions.Regex.Matches(drafts, @"Offer: ([^|\r\n]+?)\s*(\||$)", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value.Trim()).ToList();
        Assert.Equal(2, offers.Count);
        Assert.NotEqual(offers[0], offers[1]);
        var gaps = System.Text.RegularExpressions.Regex.Matches(drafts, @"\((value|trust|experience|growth) gap\)").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, gaps.Count);
        Assert.NotEqual(gaps[0] is "trust" or "experience", gaps[1] is "trust" or "experience");
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(drafts, "Citations \\(record: columns\\):").Count);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(drafts, "Next step: ").Count);
        Assert.Contains("wb_remediation ", drafts);
        Assert.Contains("incident ", drafts);
    }

    [Fact]
    public void A_bad_option_is_a_usage_error_that_names_it()
    {
        var (exit, _, error) = Run("demo", "--accounts", "lots");

        Assert.Equal(2, exit);
        Assert.Contains("--accounts must be a whole number", error);
    }
}
