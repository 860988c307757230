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
}
