using System.Text.Json;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using WinBack.Core.Drafts;

namespace WinBack.Plugins.Tests;

/// <summary>Administrators adjust the drafts' wording per language (wb_drafttemplate); a template that would break drafting is refused on save.</summary>
public sealed class DraftTemplateTests
{
    private static string Sections(DraftTemplate template, string? section = null, string? wording = null)
    {
        var sections = template.Sections.ToDictionary(s => s.Key, s => s.Value);
        if (section != null)
        {
            if (wording == null) sections.Remove(section);
            else sections[section] = wording;
        }
        return JsonSerializer.Serialize(sections);
    }

    private static Entity Template(string name, string language, string sections) => new("wb_drafttemplate")
    {
        ["wb_name"] = name, ["wb_language"] = language, ["wb_culture"] = "de-DE", ["wb_datepattern"] = "d. MMMM yyyy", ["wb_sections"] = sections,
    };

    private static string GermanDraft(GateWorld world)
    {
        world.Admin.Update(new Entity("contact", world.Contact) { ["wb_preferredlanguage"] = "de" });
        var id = world.As(world.Rep).Create(world.Outreach(world.VerifiedRemediation()));
        return DraftTests.Stored(world, id).GetAttributeValue<string>("description");
    }

    [Fact]
    public void A_stored_template_replaces_the_shipped_wording_of_its_language()
    {
        using var world = new GateWorld();
        world.Admin.Create(Template("German, formal", "de", Sections(DraftTemplates.German, "greeting", "Sehr geehrte/r {firstName},")));

        Assert.StartsWith("Sehr geehrte/r Sam,", GermanDraft(world));
    }

    [Fact]
    public void A_template_with_an_unknown_placeholder_is_refused_by_name_and_drafting_keeps_the_last_valid_one()
    {
        using var world = new GateWorld();
        var id = world.Admin.Create(Template("German, formal", "de", Sections(DraftTemplates.German, "greeting", "Sehr geehrte/r {firstName},")));

        var message = world.Refused(() => world.Admin.Update(new Entity("wb_drafttemplate", id)
        {
            ["wb_sections"] = Sections(DraftTemplates.German, "greeting", "Sehr geehrte/r {vorname},"),
        }));

        Assert.StartsWith("The draft template 'German, formal' cannot be saved: The template's section \"greeting\" uses the unknown placeholder {vorname}.", message);
        Assert.EndsWith("Drafts keep using the template saved before.", message);
        Assert.StartsWith("Sehr geehrte/r Sam,", GermanDraft(world));
    }

    [Fact]
    public void A_template_missing_a_section_is_refused_naming_the_section()
    {
        using var world = new GateWorld();

        var message = world.Refused(() => world.Admin.Create(Template("German, short", "de", Sections(DraftTemplates.German, "nextStep"))));

        Assert.Equal("The draft template 'German, short' cannot be saved: The template has no section \"nextStep\". Add it; drafting keeps using the last valid template. Drafts keep using the template saved before.", message);
        Assert.Equal(0, world.Org.Org.Count("wb_drafttemplate"));
    }

    [Fact]
    public void A_stored_template_that_is_not_valid_anyway_is_skipped_and_the_shipped_wording_used()
    {
        using var world = new GateWorld();
        var create = new CreateRequest { Target = Template("Broken import", "de", "{ not json") };
        create.Parameters["BypassCustomPluginExecution"] = true;
        world.Admin.Execute(create);

        Assert.StartsWith("Guten Tag Sam,", GermanDraft(world));
    }

    [Fact]
    public void A_template_whose_wording_every_draft_would_fail_is_refused_naming_the_section()
    {
        using var world = new GateWorld();

        var message = world.Refused(() => world.Admin.Create(Template("German, warm", "de",
            Sections(DraftTemplates.German, "meaning", "Als geschätzter Kunde verdient {account} Besseres."))));

        Assert.StartsWith("The draft template 'German, warm' cannot be saved: The template's section \"meaning\" uses the generic phrase \"geschätzter kunde\"", message);
        Assert.Equal(0, world.Org.Org.Count("wb_drafttemplate"));
    }

    [Fact]
    public void A_phrase_an_administrator_lists_is_refused_in_every_draft_saved_afterwards()
    {
        using var world = new GateWorld();
        var id = world.As(world.Rep).Create(world.Outreach(world.VerifiedRemediation()));
        var body = DraftTests.Stored(world, id).GetAttributeValue<string>("description");
        var edited = body.Replace("Kind regards,", "Thank you for being a loyal partner.\n\nKind regards,");
        world.As(world.Rep).Update(new Entity("wb_outreach", id) { ["description"] = edited });

        var template = Template("English, ours", "en", Sections(DraftTemplates.English));
        template["wb_culture"] = "en-GB";
        template["wb_datepattern"] = "d MMMM yyyy";
        template["wb_genericphrases"] = "loyal partner\nwe value your business";
        world.Admin.Create(template);

        var message = world.Refused(() => world.As(world.Rep).Update(new Entity("wb_outreach", id) { ["description"] = edited + " " }));
        Assert.Contains("The draft uses the generic phrase \"loyal partner\".", message);
        Assert.Equal(edited, DraftTests.Stored(world, id).GetAttributeValue<string>("description"));
    }

    [Fact]
    public void A_next_step_in_the_administrators_own_words_drafts_once_its_phrase_is_listed()
    {
        using var world = new GateWorld();
        const string nextStep = "Schreiben Sie mir einen passenden Termin, und ich zeige Ihnen die Änderung in 20 Minuten.";
        var template = Template("German, ours", "de", Sections(DraftTemplates.German, "nextStep", nextStep));

        var message = world.Refused(() => world.Admin.Create(template));
        Assert.Contains("The template's section \"nextStep\" asks for 0 things", message);

        template["wb_callstoaction"] = "schreiben sie mir";
        world.Admin.Create(template);
        var draft = GermanDraft(world);
        Assert.Contains(nextStep, draft);
    }

    [Fact]
    public void An_unusable_phrase_is_refused_on_save()
    {
        using var world = new GateWorld();
        var template = Template("German, formal", "de", Sections(DraftTemplates.German));
        template["wb_genericphrases"] = "lange her\nzu";

        var message = world.Refused(() => world.Admin.Create(template));

        Assert.Contains("The phrase \"zu\" in the template's lists cannot be used", message);
    }

    [Fact]
    public void A_contact_language_nobody_ships_falls_back_to_the_organizations_base_language()
    {
        using var world = new GateWorld(baseLanguageCode: 1031);
        world.Admin.Update(new Entity("contact", world.Contact) { ["wb_preferredlanguage"] = "pt-BR" });

        var draft = DraftTests.Stored(world, world.As(world.Rep).Create(world.Outreach(world.VerifiedRemediation())));

        Assert.Equal("de", draft.GetAttributeValue<string>("wb_language"));
        Assert.StartsWith("Guten Tag Sam,", draft.GetAttributeValue<string>("description"));
        Assert.StartsWith("Dieser Entwurf ist auf Deutsch, weil keine Vorlage in der Sprache des Kontakts vorliegt.", draft.GetAttributeValue<string>("wb_draftnotes"));
    }

    [Fact]
    public void A_base_language_with_no_template_falls_back_to_English_and_the_draft_says_so_until_an_admin_adds_one()
    {
        using var world = new GateWorld(baseLanguageCode: 1043);
        var remediation = world.VerifiedRemediation();

        var draft = DraftTests.Stored(world, world.As(world.Rep).Create(world.Outreach(remediation)));
        Assert.Equal("en", draft.GetAttributeValue<string>("wb_language"));
        Assert.StartsWith("This draft is in English because no template ships in the organization's base language, ", draft.GetAttributeValue<string>("wb_draftnotes"));

        var dutch = Template("Nederlands", "nl", Sections(DraftTemplates.English, "greeting", "Beste {firstName},"));
        dutch["wb_culture"] = "nl-NL";
        dutch["wb_callstoaction"] = "laat me weten";
        world.Admin.Create(dutch);
        world.As(world.Rep).Update(new Entity("wb_outreach", draft.Id) { ["statecode"] = new OptionSetValue(2), ["statuscode"] = new OptionSetValue(GateWorld.Canceled) });

        var second = DraftTests.Stored(world, world.As(world.Rep).Create(world.Outreach(remediation)));
        Assert.Equal("nl", second.GetAttributeValue<string>("wb_language"));
        Assert.StartsWith("Beste Sam,", second.GetAttributeValue<string>("description"));
    }
}
