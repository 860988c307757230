using WinBack.Core.Drafts;

namespace WinBack.Core.Tests;

/// <summary>
/// What administrators change through a template row: the quality gate's lists (added to, never below the shipped
/// ones), wording every draft would fail refused on save, and the organization's base language as the fallback.
/// </summary>
public sealed class DraftsWordingPolicyTests
{
    private static readonly Draft Good = DraftsComposerTests.Compose(DraftsComposerTests.Input());

    private static string SectionsJson(DraftTemplate template, string? section = null, string? wording = null)
    {
        var sections = template.Sections.ToDictionary(s => s.Key, s => s.Value);
        if (section != null) sections[section] = wording!;
        return System.Text.Json.JsonSerializer.Serialize(sections);
    }

    private static StoredTemplate Stored(string section, string wording, string? phrases = null, string? calls = null) => new()
    {
        Name = "English, ours", Language = "en", Culture = "en-GB", DatePattern = "d MMMM yyyy",
        Sections = SectionsJson(DraftTemplates.English, section, wording), GenericPhrases = phrases, CallsToAction = calls,
    };

    private static DraftTemplate? Valid(StoredTemplate stored, out IReadOnlyList<DraftRefusal> refusals) => DraftTemplate.FromStored(stored, out refusals);

    [Fact]
    public void A_phrase_an_administrator_adds_is_refused_in_drafts_like_a_shipped_one()
    {
        var warnings = new List<string>();
        var templates = DraftTemplates.WithStored(new[] { Stored("meaning", DraftTemplates.English.Sections["meaning"], phrases: "we have missed working with you\n\n  loyal partner  ") }, "en", warnings);
        Assert.Empty(warnings);
        var body = Good.Text + " You are a Loyal Partner.";
        var r = Assert.Single(DraftQuality.Check(Good.Subject, body, Good.Citations, templates.Quality));
        Assert.Equal(DraftRule.GenericPhrase, r.Rule);
        Assert.Equal("loyal partner", r.Subject);
        Assert.Empty(DraftQuality.Check(Good.Subject, body, Good.Citations, DraftQualityPolicy.Default));
    }

    [Fact]
    public void A_template_cannot_take_a_shipped_phrase_off_the_list()
    {
        var templates = DraftTemplates.WithStored(new[] { Stored("meaning", DraftTemplates.English.Sections["meaning"], phrases: "") }, "en", new List<string>());
        Assert.Contains(DraftQuality.Check(Good.Subject, Good.Text + " We miss you.", Good.Citations, templates.Quality), r => r.Subject == "we miss you");
        Assert.All(DraftQualityPolicy.Default.GenericPhrases, p => Assert.Contains(p, templates.Quality.GenericPhrases));
    }

    [Fact]
    public void A_next_step_in_the_administrators_own_words_needs_its_phrase_on_the_list()
    {
        const string nextStep = "Write back with a time that suits you and I will walk you through the change in 20 minutes.";
        var refusal = Assert.Single(Valid(Stored("nextStep", nextStep), out var refusals) == null ? refusals : Array.Empty<DraftRefusal>());
        Assert.Equal(DraftRule.TemplateCallsToAction, refusal.Rule);
        Assert.Equal("nextStep", refusal.Subject);
        Assert.Contains("asks for 0 things", DraftWords.Describe(refusal));

        var stored = Stored("nextStep", nextStep, calls: "write back");
        Assert.NotNull(Valid(stored, out _));
        var templates = DraftTemplates.WithStored(new[] { stored }, "en", new List<string>());
        var draft = DraftComposer.Compose(DraftsComposerTests.Input(), templates, OfferPolicy.Default);
        Assert.Contains(nextStep, draft.Text);
        Assert.Empty(DraftQuality.Check(draft.Subject, draft.Text, draft.Citations, templates.Quality).Select(DraftWords.Describe));
        Assert.Contains(DraftQuality.Check(draft.Subject, draft.Text, draft.Citations, DraftQualityPolicy.Default), r => r.Rule == DraftRule.NoCallToAction);
    }

    [Fact]
    public void A_section_with_a_generic_phrase_is_refused_naming_the_section_and_the_phrase()
    {
        Assert.Null(Valid(Stored("meaning", "As a valued customer, {account} deserves better."), out var refusals));
        var r = Assert.Single(refusals);
        Assert.Equal(DraftRule.TemplateGenericPhrase, r.Rule);
        Assert.Equal("valued customer", r.Subject);
        Assert.StartsWith("The template's section \"meaning\" uses the generic phrase \"valued customer\"", DraftWords.Describe(r));
    }

    [Fact]
    public void A_phrase_the_template_adds_is_checked_against_its_own_wording()
    {
        Assert.Null(Valid(Stored("meaning", DraftTemplates.English.Sections["meaning"], phrases: "this means"), out var refusals));
        Assert.Equal("this means", Assert.Single(refusals).Subject);
    }

    [Fact]
    public void A_second_ask_outside_the_next_step_is_refused()
    {
        Assert.Null(Valid(Stored("offer.redo", "We will redo the affected work at no cost; let me know which parts."), out var refusals));
        var r = Assert.Single(refusals);
        Assert.Equal(DraftRule.TemplateCallsToAction, r.Rule);
        Assert.Equal("offer.redo", r.Subject);
        Assert.Contains("only \"nextStep\" may", DraftWords.Describe(r));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("!!!")]
    public void A_phrase_that_would_refuse_ordinary_text_is_refused(string phrase)
    {
        Assert.Null(Valid(Stored("meaning", DraftTemplates.English.Sections["meaning"], phrases: "loyal partner\n" + phrase), out var refusals));
        var r = Assert.Single(refusals);
        Assert.Equal(DraftRule.TemplatePhraseUnusable, r.Rule);
        Assert.Equal(phrase, r.Subject);
    }

    [Fact]
    public void A_template_may_leave_out_the_base_language_note_and_gets_the_shipped_one()
    {
        var sections = DraftTemplates.German.Sections.Where(s => s.Key != "baseFallbackNote").ToDictionary(s => s.Key, s => s.Value);
        var template = new DraftTemplate("de", "de-DE", "d. MMMM yyyy", sections);
        Assert.Empty(DraftTemplate.Validate(template));
        Assert.Equal(DraftTemplates.German.Sections["baseFallbackNote"], DraftTemplates.Section(template, "baseFallbackNote"));
    }

    [Fact]
    public void A_contact_language_nobody_ships_falls_back_to_the_organizations_base_language_and_says_so_in_it()
    {
        var d = DraftComposer.Compose(DraftsComposerTests.Input(language: "pt-BR"), DraftTemplates.Shipped("de-DE"), OfferPolicy.Default);
        Assert.Equal("de", d.Language);
        Assert.StartsWith("Guten Tag Sam,", d.Text);
        Assert.Equal(new[] { "Dieser Entwurf ist auf Deutsch, weil keine Vorlage in der Sprache des Kontakts vorliegt." }, d.Notes);
    }

    [Fact]
    public void A_contact_without_a_language_gets_the_organizations_base_language_without_a_note()
    {
        var d = DraftComposer.Compose(DraftsComposerTests.Input(language: null), DraftTemplates.Shipped("fr"), OfferPolicy.Default);
        Assert.Equal("fr", d.Language);
        Assert.Empty(d.Notes);
    }

    [Fact]
    public void A_base_language_with_no_template_falls_back_to_English_and_the_reviewer_and_admin_are_told()
    {
        var warnings = new List<string>();
        var templates = DraftTemplates.WithStored(Array.Empty<StoredTemplate>(), "ja-JP", warnings);
        Assert.Equal("en", templates.BaseLanguage);
        Assert.True(templates.OrganizationLanguageHasNoTemplate);
        Assert.Contains("'ja-JP' has no draft template", Assert.Single(warnings));

        var d = DraftComposer.Compose(DraftsComposerTests.Input(language: null), templates, OfferPolicy.Default);
        Assert.Equal("en", d.Language);
        var note = Assert.Single(d.Notes);
        Assert.StartsWith("This draft is in English because no template ships in the organization's base language, ", note);
        Assert.DoesNotContain("{", note);

        var toPortuguese = DraftComposer.Compose(DraftsComposerTests.Input(language: "pt"), templates, OfferPolicy.Default);
        Assert.Equal(2, toPortuguese.Notes.Count);
        Assert.Equal("en", DraftComposer.Compose(DraftsComposerTests.Input(language: "en"), templates, OfferPolicy.Default).Language);
        Assert.Empty(DraftComposer.Compose(DraftsComposerTests.Input(language: "de"), templates, OfferPolicy.Default).Notes);
    }

    [Fact]
    public void A_stored_template_for_the_base_language_makes_it_the_fallback()
    {
        var dutch = new StoredTemplate
        {
            Name = "Nederlands", Language = "nl", Culture = "nl-NL", DatePattern = "d MMMM yyyy",
            Sections = SectionsJson(DraftTemplates.English, "greeting", "Beste {firstName},"), CallsToAction = "laat me weten",
        };
        var templates = DraftTemplates.WithStored(new[] { dutch }, "nl-NL", new List<string>());
        Assert.Equal("nl", templates.BaseLanguage);
        Assert.False(templates.OrganizationLanguageHasNoTemplate);
        Assert.StartsWith("Beste Sam,", DraftComposer.Compose(DraftsComposerTests.Input(language: "pt"), templates, OfferPolicy.Default).Text);
        Assert.Contains("laat me weten", templates.Quality.CallsToAction);
    }

    [Theory]
    [InlineData(1033, "en-US")]
    [InlineData(1031, "de-DE")]
    [InlineData(1036, "fr-FR")]
    [InlineData(3082, "es-ES")]
    [InlineData(1041, "ja-JP")]
    public void The_organizations_language_code_is_read_as_a_language_tag(int lcid, string tag) => Assert.Equal(tag, DraftLanguages.FromLcid(lcid));

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(999999)]
    public void A_missing_or_unknown_language_code_is_no_language(int? lcid) => Assert.Null(DraftLanguages.FromLcid(lcid));
}
