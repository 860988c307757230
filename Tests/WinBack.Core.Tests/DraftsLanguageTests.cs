using WinBack.Core.Drafts;

namespace WinBack.Core.Tests;

/// <summary>Drafts in the contact's language, wording as data, dates per language, fallback said out loud.</summary>
public sealed class DraftsLanguageTests
{
    [Theory]
    [InlineData("de", "12. Januar 2026", "Guten Tag Sam,")]
    [InlineData("fr", "12 janvier 2026", "Bonjour Sam,")]
    [InlineData("es", "12 de enero de 2026", "Estimado/a Sam:")]
    [InlineData("en", "12 January 2026", "Dear Sam,")]
    [InlineData("de-AT", "12. Januar 2026", "Guten Tag Sam,")]
    public void A_draft_is_written_in_the_contacts_language_with_dates_formatted_for_it(string language, string date, string greeting)
    {
        var d = DraftsComposerTests.Compose(DraftsComposerTests.Input(language: language));
        Assert.Contains(date, d.Text);
        Assert.StartsWith(greeting, d.Text);
        Assert.Empty(d.Notes);
        Assert.Empty(DraftQuality.Check(d.Subject, d.Text, d.Citations, DraftQualityPolicy.Default).Select(DraftWords.Describe));
    }

    [Fact]
    public void A_language_nobody_ships_falls_back_to_the_base_language_and_says_so()
    {
        var d = DraftsComposerTests.Compose(DraftsComposerTests.Input(language: "tlh"));
        Assert.Equal("en", d.Language);
        Assert.StartsWith("Dear Sam,", d.Text);
        Assert.Equal(new[] { "This draft is in English because no template ships in the contact's language." }, d.Notes);
        Assert.DoesNotContain("template", d.Text);
    }

    [Fact]
    public void The_base_language_is_the_organisations_choice()
    {
        var d = DraftComposer.Compose(DraftsComposerTests.Input(language: "pt"), DraftTemplates.Shipped("de"), OfferPolicy.Default);
        Assert.Equal("de", d.Language);
        Assert.Single(d.Notes);
    }

    [Fact]
    public void Every_shipped_template_is_valid() =>
        Assert.All(new[] { DraftTemplates.English, DraftTemplates.German, DraftTemplates.French, DraftTemplates.Spanish },
            t => Assert.Empty(DraftTemplate.Validate(t).Select(DraftWords.Describe)));

    [Fact]
    public void A_template_with_an_unknown_placeholder_is_refused_naming_it_and_its_section()
    {
        var sections = DraftTemplates.English.Sections.ToDictionary(s => s.Key, s => s.Value);
        sections["fix"] = "What we changed: {fixx}";
        var refusal = Assert.Single(DraftTemplate.Validate(new DraftTemplate("en", "en-GB", "d MMMM yyyy", sections)));
        Assert.Equal(DraftRule.TemplateUnknownPlaceholder, refusal.Rule);
        Assert.Equal("fixx", refusal.Subject);
        Assert.StartsWith("The template's section \"fix\" uses the unknown placeholder {fixx}.", DraftWords.Describe(refusal));
    }

    [Fact]
    public void A_template_with_a_missing_section_is_refused_naming_it()
    {
        var sections = DraftTemplates.French.Sections.Where(s => s.Key != "nextStep").ToDictionary(s => s.Key, s => s.Value);
        var refusal = Assert.Single(DraftTemplate.Validate(new DraftTemplate("fr", "fr-FR", "d MMMM yyyy", sections)));
        Assert.Equal(DraftRule.TemplateMissingSection, refusal.Rule);
        Assert.Contains("\"nextStep\"", DraftWords.Describe(refusal));
    }

    [Fact]
    public void A_template_with_an_unknown_culture_is_refused() =>
        Assert.Contains(DraftTemplate.Validate(new DraftTemplate("xx", "not a culture!", "d", DraftTemplates.English.Sections)),
            r => r.Rule == DraftRule.TemplateUnknownCulture);
}
