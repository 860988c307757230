using WinBack.Core.Drafts;

namespace WinBack.Core.Tests;

/// <summary>Citations as stored on an outreach, and which facts a body that a person rewrote still states.</summary>
public sealed class DraftsCitationTests
{
    private static readonly Draft Good = DraftsComposerTests.Compose(DraftsComposerTests.Input());

    [Fact]
    public void Citations_read_back_from_their_json_as_they_were_written()
    {
        var back = DraftCitations.FromJson(DraftCitations.ToJson(Good.Citations));

        Assert.Equal(Good.Citations.Select(c => (c.Table, c.Id, c.Column, c.Value, c.Quote, c.Summarised)),
            back.Select(c => (c.Table, c.Id, c.Column, c.Value, c.Quote, c.Summarised)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"table\":\"account\"}")]
    [InlineData("[{\"table\":\"account\",\"id\":\"nope\"}]")]
    public void Text_that_is_not_a_citations_array_reads_as_no_citations(string json) =>
        Assert.Empty(DraftCitations.FromJson(json));

    [Fact]
    public void A_composed_body_states_every_fact_it_cites() =>
        Assert.Equal(Good.Citations.Count, DraftCitations.StillStated(Good.Text, Good.Citations).Count);

    [Fact]
    public void A_rewritten_sentence_keeps_its_fact_while_it_keeps_the_value()
    {
        var number = Good.Citations.First(c => c.Column == "ticketnumber").Value;
        var body = "Dear Sam,\n\nYour case " + number.ToUpperInvariant() + " took far too long. Reply to this email and I will call you.";

        var kept = DraftCitations.StillStated(body, Good.Citations);

        Assert.Contains(kept, c => c.Column == "ticketnumber");
        Assert.DoesNotContain(kept, c => c.Column == "wb_fix");
    }

    [Fact]
    public void A_body_rewritten_into_generalities_keeps_no_fact_and_is_refused_for_it()
    {
        const string body = "Dear Sam,\n\nThings went wrong and we fixed them. Reply to this email to hear more.\n\nKind regards";

        var refusals = DraftQuality.CheckSaved(Good.Subject, body, Good.Citations, approving: false, DraftQualityPolicy.Default);

        var r = Assert.Single(refusals);
        Assert.Equal((DraftRule.TooFewFacts, 0), (r.Rule, r.Count));
    }

    [Fact]
    public void A_placeholder_refuses_only_the_move_to_approved_and_is_named()
    {
        var body = Good.Text + " [add: the date the new escalation path went live]";

        Assert.Empty(DraftQuality.CheckSaved(Good.Subject, body, Good.Citations, approving: false, DraftQualityPolicy.Default));
        var r = Assert.Single(DraftQuality.CheckSaved(Good.Subject, body, Good.Citations, approving: true, DraftQualityPolicy.Default));
        Assert.Equal("The draft still has the placeholder \"[add: the date the new escalation path went live]\". Fill it in from the records or remove the sentence, then approve it.",
            DraftWords.Describe(r));
    }

    [Fact]
    public void The_html_of_a_text_escapes_every_value_and_keeps_paragraphs()
    {
        Assert.Equal("<p>Hi &lt;b&gt;Sam&lt;/b&gt; &amp; co,<br>line</p><p>&quot;x&quot; &#39;y&#39;</p>",
            DraftComposer.ToHtml("Hi <b>Sam</b> & co,\nline\n\n\"x\" 'y'"));
        Assert.Equal(Good.Html, DraftComposer.ToHtml(Good.Text));
    }
}

/// <summary>A composed draft always fits the quality gate's length, so creating an outreach with an empty body never fails for it.</summary>
public sealed class DraftsLengthTests
{
    [Fact]
    public void A_draft_that_would_be_too_long_cites_fewer_cases_and_shorter_summaries_and_fits()
    {
        var input = DraftsComposerTests.Input();
        const string longTitle = "Reports exported from the analytics workspace stopped including the regional breakdown and the scheduled delivery failed every Monday morning for weeks";
        input.Cases.Clear();
        for (var i = 0; i < 5; i++)
            input.Cases.Add(new DraftCase { Id = Guid.NewGuid(), Number = "CAS-" + i, Title = longTitle, OpenedOn = new DateTime(2026, 1, 1).AddDays(i), ResolvedOn = new DateTime(2026, 2, 1), SlaBreached = true });
        input.Remediation.RootCause = string.Concat(Enumerable.Repeat("The regional pipeline dropped rows when the upstream schema changed without notice ", 3));
        input.Remediation.Fix = string.Concat(Enumerable.Repeat("Schema changes now go through a contract test that blocks the release when a column disappears ", 3));
        input.Remediation.Evidence = string.Concat(Enumerable.Repeat("Twelve weekly exports since the change carried every region with no failed delivery at all ", 3));

        var draft = DraftsComposerTests.Compose(input);

        Assert.InRange(DraftQuality.Words(draft.Text), 100, DraftQualityPolicy.Default.MaxBodyWords);
        Assert.Contains(draft.Citations, c => c.Column == "ticketnumber");
        Assert.Empty(DraftQuality.Check(draft.Subject, draft.Text, draft.Citations, DraftQualityPolicy.Default));
    }
}
