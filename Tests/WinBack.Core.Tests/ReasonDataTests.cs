using WinBack.Core.Disengagement;

namespace WinBack.Core.Tests;

/// <summary>Reasons travel as data (gap, signal, points), so no screen reads a gap out of a sentence.</summary>
public sealed class ReasonDataTests
{
    private static Explanation Explain()
    {
        var signals = new AccountSignals();
        signals.Set(Metric.Logins, current: 64, previous: 118);
        signals.Set(Metric.SlaBreaches, current: 3);
        signals.Set(Metric.OpenOpportunities, current: 0);
        return new DisengagementScorer(Policy.Default).Explain(signals);
    }

    [Fact]
    public void Each_reason_is_one_line_with_its_gap_signal_kind_points_and_sentence_in_the_same_order()
    {
        var explanation = Explain();

        var stored = ReasonData.Parse(ReasonData.Lines(explanation, 20000));

        Assert.Equal(explanation.Reasons.Count, stored.Count);
        for (var i = 0; i < stored.Count; i++)
        {
            var reason = explanation.Reasons[i];
            Assert.Equal(GapNames.Name(reason.Gap), stored[i].Gap);
            Assert.Equal(Signals.Name(reason.Signal), stored[i].Signal);
            Assert.Equal(ReasonData.KindName(reason.Kind), stored[i].Kind);
            Assert.Equal(Math.Round(reason.Points, 2), stored[i].Points);
            Assert.Equal(reason.Text, stored[i].Text);
        }

        Assert.Contains(stored, r => r.Signal == "slaBreaches" && r.Gap == "trust" && r.Points > 0);
    }

    [Fact]
    public void Lines_that_do_not_fit_are_left_out_whole()
    {
        var explanation = Explain();
        var first = ReasonData.Line(explanation.Reasons[0]);

        var lines = ReasonData.Lines(explanation, first.Length + 5);

        Assert.Equal(first, lines);
    }

    [Fact]
    public void A_standing_fact_adds_points_and_a_reason_but_flags_no_gap_alone()
    {
        var signals = new AccountSignals();
        signals.Set(Metric.OpenOpportunities, current: 0);
        signals.Set(Metric.Severity, current: 3);

        var explanation = new DisengagementScorer(Policy.Default).Explain(signals);

        Assert.Equal(GapFlags.None, explanation.Result.Gaps);
        Assert.True(explanation.Result.Score > 0);
        Assert.Contains(explanation.Reasons, r => r.Signal == Signal.NoOpenPipeline && r.Kind == ReasonKind.Concern);
    }
}
