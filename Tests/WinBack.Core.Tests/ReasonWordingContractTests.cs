using System.Text.RegularExpressions;
using WinBack.Core.Disengagement;

namespace WinBack.Core.Tests;

/// <summary>
/// The account form panel files each reason line under its gap by how the line starts (SENTENCE_GAPS in
/// WebResources/src/wb_/account/disengagement.model.js). These tests hold the scorer's wording to that table.
/// </summary>
public class ReasonWordingContractTests
{
    private static readonly (Gap Gap, Regex Start)[] SentenceGaps =
    {
        (Gap.Trust, new Regex(@"^(sla breaches|reopened cases|complaints|went quiet|cases with usage change)\b", RegexOptions.IgnoreCase)),
        (Gap.Experience, new Regex(@"^(service failures|satisfaction|mean case priority)\b", RegexOptions.IgnoreCase)),
        (Gap.Growth, new Regex(@"^(champion|emails? opened|email open rate|lost opportunities|open opportunities|renewal|months to renewal)\b", RegexOptions.IgnoreCase)),
        (Gap.Value, new Regex(@"^(logins|active users|usage|spend|no activity|days since last activity|customer for|tenure|downgrades)\b", RegexOptions.IgnoreCase)),
    };

    private static Gap? GapOf(string line) => SentenceGaps.FirstOrDefault(g => g.Start.IsMatch(line)) is { Start: not null } hit ? hit.Gap : null;

    private static Policy EveryLevelSignalOn() =>
        Policy.Parse("{\"signals\": {"
            + "\"lowLogins\": {\"weight\": 1, \"start\": 50, \"threshold\": 20, \"full\": 5},"
            + "\"lowActiveUsers\": {\"weight\": 1, \"start\": 10, \"threshold\": 5, \"full\": 1},"
            + "\"lowUsage\": {\"weight\": 1, \"start\": 500, \"threshold\": 200, \"full\": 50},"
            + "\"lowSpend\": {\"weight\": 1, \"start\": 1000, \"threshold\": 500, \"full\": 100},"
            + "\"highSpend\": {\"weight\": 1, \"start\": 10, \"threshold\": 20, \"full\": 40}}}");

    [Fact]
    public void Every_concern_line_starts_with_words_that_name_its_own_gap()
    {
        var s = new AccountSignals()
            .Set(Metric.Logins, 2, 100).Set(Metric.ActiveUsers, 1, 10).Set(Metric.Usage, 10, 1000)
            .Set(Metric.DaysSinceLastActivity, 60).Set(Metric.Spend, 50, 2000).Set(Metric.Downgrades, 2)
            .Set(Metric.TenureMonths, 2).Set(Metric.Cases, 0, 3).Set(Metric.SlaBreaches, 5).Set(Metric.ReopenedCases, 3)
            .Set(Metric.Complaints, 2).Set(Metric.ServiceFailures, 6).Set(Metric.Satisfaction, 30, 80).Set(Metric.Severity, 4)
            .Set(Metric.ChampionLeft, 1).Set(Metric.EmailsSent, 20).Set(Metric.EmailsOpened, 0)
            .Set(Metric.LostOpportunities, 3).Set(Metric.OpenOpportunities, 0).Set(Metric.MonthsToRenewal, 1);
        var why = new DisengagementScorer(EveryLevelSignalOn()).Explain(s);
        Assert.Equal(Signals.Count, why.Reasons.Count);
        foreach (var reason in why.Reasons)
        {
            Assert.Equal(ReasonKind.Concern, reason.Kind);
            Assert.True(GapOf(reason.Text) == reason.Gap, $"'{reason.Text}' would be filed under {GapOf(reason.Text)?.ToString() ?? "no gap"}, not {reason.Gap}");
        }
    }

    [Fact]
    public void Every_not_available_line_names_its_own_gap_and_says_not_available()
    {
        var why = new DisengagementScorer(EveryLevelSignalOn()).Explain(new AccountSignals());
        Assert.Equal(Signals.Count, why.Reasons.Count);
        foreach (var reason in why.Reasons)
        {
            Assert.EndsWith(" not available", reason.Text);
            Assert.True(GapOf(reason.Text) == reason.Gap, $"'{reason.Text}' would be filed under {GapOf(reason.Text)?.ToString() ?? "no gap"}, not {reason.Gap}");
        }
    }
}
