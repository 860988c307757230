using WinBack.Core.Drafts;

namespace WinBack.Core.Tests;

/// <summary>The quality gate: specific, grounded, one ask, short. Each refusal names the phrase or rule.</summary>
public sealed class DraftsQualityTests
{
    private static readonly Draft Good = DraftsComposerTests.Compose(DraftsComposerTests.Input());

    private static IReadOnlyList<DraftRefusal> Check(string subject, string body, IReadOnlyList<Citation>? citations = null) =>
        DraftQuality.Check(subject, body, citations ?? Good.Citations, DraftQualityPolicy.Default);

    [Theory]
    [InlineData("we miss you")]
    [InlineData("valued customer")]
    [InlineData("it's been a while")]
    [InlineData("special offer just for you")]
    [InlineData("as a token of our appreciation")]
    [InlineData("wir vermissen sie")]
    [InlineData("als zeichen unserer wertschätzung")]
    [InlineData("vous nous manquez")]
    [InlineData("offre spéciale rien que pour vous")]
    [InlineData("le echamos de menos")]
    [InlineData("como muestra de nuestro agradecimiento")]
    public void A_generic_phrase_in_any_shipped_language_is_refused_by_name(string phrase)
    {
        var r = Assert.Single(Check(Good.Subject, Good.Text + " " + phrase.ToUpperInvariant() + "!"));
        Assert.Equal(DraftRule.GenericPhrase, r.Rule);
        Assert.Equal(phrase, r.Subject);
        Assert.Contains("\"" + phrase + "\"", DraftWords.Describe(r));
    }

    [Fact]
    public void Every_shipped_language_has_each_generic_phrase_listed()
    {
        var list = DraftQualityPolicy.Default.GenericPhrases;
        Assert.Contains("wir vermissen sie", list);
        Assert.Contains("vous nous manquez", list);
        Assert.Contains("le echamos de menos", list);
        Assert.True(list.Count >= 20);
    }

    [Fact]
    public void A_typographic_apostrophe_does_not_hide_a_generic_phrase() =>
        Assert.Contains(Check(Good.Subject, Good.Text + " It\u2019s been a while."), r => r.Subject == "it's been a while");

    [Fact]
    public void Phrases_match_whole_words_only()
    {
        Assert.Empty(Check(Good.Subject, Good.Text.Replace("Dear Sam,", "Dear Sam, we missed your youngest deadline.")));
        Assert.Empty(Check(Good.Subject, Good.Text.Replace("Dear Sam,", "Dear Sam, your notebook a day later showed it.")));
    }

    [Fact]
    public void A_body_edited_by_hand_into_a_generic_one_is_refused()
    {
        var body = "Dear Sam,\n\nWe miss you! As a valued customer, here is a special offer just for you. Reply to this email.\n\nAna";
        var rules = Check("It's been a while", body, Array.Empty<Citation>()).Select(r => r.Rule == DraftRule.GenericPhrase ? r.Subject : r.Rule.ToString()).ToList();
        Assert.Equal(new[] { "we miss you", "valued customer", "it's been a while", "special offer just for you", "TooFewFacts" }, rules);
    }

    [Fact]
    public void Fewer_than_two_specific_facts_from_the_accounts_records_is_refused()
    {
        var one = Good.Citations.Where(c => c.Column == "wb_fix").ToList();
        var r = Assert.Single(Check(Good.Subject, Good.Text, one));
        Assert.Equal(DraftRule.TooFewFacts, r.Rule);
        Assert.Equal(1, r.Count);
        Assert.Empty(Check(Good.Subject, Good.Text, Good.Citations.Where(c => c.Column is "wb_fix" or "ticketnumber").ToList()));
    }

    [Fact]
    public void No_call_to_action_is_refused() =>
        Assert.Equal(DraftRule.NoCallToAction, Assert.Single(Check(Good.Subject, Good.Text.Replace(Good.NextStep, "Thank you."))).Rule);

    [Fact]
    public void More_than_one_call_to_action_is_refused()
    {
        var r = Assert.Single(Check(Good.Subject, Good.Text + " Or book a demo, and click here."));
        Assert.Equal(DraftRule.MoreThanOneCallToAction, r.Rule);
        Assert.Equal(3, r.Count);
    }

    [Fact]
    public void An_unfilled_placeholder_is_refused() =>
        Assert.Equal(DraftRule.UnfilledPlaceholder, Assert.Single(Check(Good.Subject, Good.Text + " [add: the date]")).Rule);

    [Fact]
    public void A_subject_over_78_characters_is_refused_and_78_passes()
    {
        Assert.Empty(Check(new string('s', 78), Good.Text));
        var r = Assert.Single(Check(new string('s', 79), Good.Text));
        Assert.Equal(DraftRule.SubjectTooLong, r.Rule);
        Assert.Equal("The subject has 79 characters; keep it to 78 or fewer.", DraftWords.Describe(r));
    }

    [Fact]
    public void A_body_over_220_words_is_refused_and_220_passes()
    {
        var words = DraftQuality.Words(Good.Text);
        Assert.True(words < 220, words.ToString());
        var pad = string.Concat(Enumerable.Repeat(" word", 220 - words));
        Assert.Empty(Check(Good.Subject, Good.Text + pad));
        var r = Assert.Single(Check(Good.Subject, Good.Text + pad + " more"));
        Assert.Equal(DraftRule.BodyTooLong, r.Rule);
        Assert.Equal(221, r.Count);
    }

    [Fact]
    public void Punctuation_alone_is_not_a_word() =>
        Assert.Equal(3, DraftQuality.Words("one – two ... three\n\n"));
}
