using WinBack.Core.Disengagement;
using WinBack.Core.Drafts;
using WinBack.Core.Gate;

namespace WinBack.Core.Tests;

/// <summary>The outreach draft composer, rule by rule: grounded in the account's records, cited, safe, deterministic.</summary>
public sealed class DraftsComposerTests
{
    internal static readonly Guid AccountId = Guid.Parse("11111111-1111-4111-8111-111111111111");
    internal static readonly Guid ContactId = Guid.Parse("44444444-4444-4444-8444-444444444444");
    internal static readonly Guid RemediationId = Guid.Parse("33333333-3333-4333-8333-333333333333");
    internal static readonly Guid SenderId = Guid.Parse("55555555-5555-4555-8555-555555555555");

    internal static DraftCase Case(int n, DateTime opened, bool sla = false, DateTime? resolved = null) => new()
    {
        Id = new Guid(n, 0, 0, new byte[8]),
        Number = "CAS-" + n.ToString("D5"),
        Title = "Invoices export failed",
        OpenedOn = opened,
        ResolvedOn = resolved,
        SlaBreached = sla,
        Satisfaction = 2,
    };

    internal static DraftInput Input(Gap? gap = Gap.Trust, string? language = "en") => new()
    {
        Account = new DraftAccount { Id = AccountId, Name = "Contoso", CustomerSince = new DateTime(2019, 4, 1) },
        Contact = new DraftContact { Id = ContactId, FirstName = "Sam", Language = language },
        Remediation = new RemediationFacts
        {
            Id = RemediationId, Name = "Slow support replies", AccountId = AccountId, Status = RemediationStatus.Verified, Gap = gap,
            RootCause = "Escalations waited in a shared queue nobody owned.",
            Fix = "Every escalation now has a named owner within one hour.",
            Evidence = "Median first reply fell from 19 hours to 48 minutes over six weeks.",
            FixedOn = new DateTime(2026, 3, 2),
        },
        CauseControllable = true,
        Cases = { Case(1, new DateTime(2026, 1, 12), sla: true, resolved: new DateTime(2026, 1, 20)) },
        Sender = new DraftSender { Id = SenderId, Name = "Ana Lopez", Title = "Customer Success Lead" },
    };

    internal static Draft Compose(DraftInput input) => DraftComposer.Compose(input, DraftTemplates.Shipped(), OfferPolicy.Default);

    [Fact]
    public void A_complete_draft_passes_the_quality_gate_and_has_no_placeholder()
    {
        var d = Compose(Input());
        Assert.Empty(d.Unfilled);
        Assert.DoesNotContain("[add:", d.Text);
        Assert.Empty(DraftQuality.Check(d.Subject, d.Text, d.Citations, DraftQualityPolicy.Default).Select(DraftWords.Describe));
    }

    [Fact]
    public void The_failure_is_owned_with_case_numbers_and_dates_and_what_changed_with_evidence()
    {
        var d = Compose(Input());
        Assert.Contains("CAS-00001", d.Text);
        Assert.Contains("12 January 2026", d.Text);
        Assert.Contains("Every escalation now has a named owner", d.Text);
        Assert.Contains("Median first reply fell", d.Text);
        Assert.Contains("2 March 2026", d.Text);
        Assert.Contains("I am sorry", d.Text);
        Assert.EndsWith("Ana Lopez\nCustomer Success Lead", d.Text);
    }

    [Fact]
    public void Every_fact_written_is_cited_to_its_table_record_and_column()
    {
        var d = Compose(Input());
        Assert.Contains(d.Citations, c => c.Table == "incident" && c.Id == Case(1, default).Id && c.Column == "ticketnumber");
        Assert.Contains(d.Citations, c => c.Table == "incident" && c.Column == "createdon");
        Assert.Contains(d.Citations, c => c.Table == "wb_remediation" && c.Id == RemediationId && c.Column == "wb_fix");
        Assert.Contains(d.Citations, c => c.Table == "wb_remediation" && c.Column == "wb_evidence");
        Assert.Contains(d.Citations, c => c.Table == "wb_remediation" && c.Column == "wb_fixedon");
        Assert.Contains(d.Citations, c => c.Table == "account" && c.Id == AccountId && c.Column == "name");
        Assert.Contains(d.Citations, c => c.Table == "systemuser" && c.Column == "fullname");
        // every cited sentence is in the body
        Assert.All(d.Citations, c => Assert.Contains(c.Quote, d.Text.Replace('\n', ' ')));
    }

    [Fact]
    public void A_fact_with_no_record_is_never_written_but_shown_as_a_placeholder_and_reported_unfilled()
    {
        var input = Input();
        input.Remediation.FixedOn = null;
        input.Remediation.Evidence = "  ";
        var d = Compose(input);
        Assert.Contains("[add: the date the fix went live]", d.Text);
        Assert.Contains("[add: the evidence that the fix works]", d.Text);
        Assert.Equal(new[] { "the evidence that the fix works", "the date the fix went live" }, d.Unfilled);
        Assert.DoesNotContain(d.Citations, c => c.Column is "wb_fixedon" or "wb_evidence");
        Assert.Contains(DraftQuality.Check(d.Subject, d.Text, d.Citations, DraftQualityPolicy.Default), r => r.Rule == DraftRule.UnfilledPlaceholder);
    }

    [Fact]
    public void An_empty_fix_becomes_a_placeholder_the_gate_refuses()
    {
        var input = Input();
        input.Remediation.Fix = "";
        var d = Compose(input);
        Assert.Contains("[add: what was fixed]", d.Text);
        Assert.Contains("what was fixed", d.Unfilled);
    }

    [Fact]
    public void The_same_input_gives_the_same_draft() =>
        Assert.Equal(Compose(Input()).Html, Compose(Input()).Html);

    [Fact]
    public void There_is_exactly_one_next_step_and_it_ends_the_body_before_the_sign_off()
    {
        var d = Compose(Input());
        Assert.StartsWith("Reply to this email", d.NextStep);
        Assert.Equal(1, CountOf(d.Text, d.NextStep));
    }

    [Fact]
    public void Markup_scripts_links_and_bidi_controls_in_names_and_titles_are_escaped_in_html_plain_in_text_and_never_markup_in_citations()
    {
        var input = Input();
        input.Account.Name = "<b>Evil</b> \u202Emoc.liame";
        input.Contact!.FirstName = "<script>alert(1)</script>";
        input.Cases[0].Title = "<a href=\"javascript:alert(1)\">click</a> & 'quote'";
        var d = Compose(input);

        Assert.DoesNotContain("<script", d.Html);
        Assert.DoesNotContain("<a ", d.Html);
        Assert.DoesNotContain("<b>", d.Html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", d.Html);
        Assert.Contains("&lt;a href=&quot;javascript:alert(1)&quot;&gt;click&lt;/a&gt; &amp; &#39;quote&#39;", d.Html);
        Assert.DoesNotContain('\u202E', d.Html + d.Text + d.Subject + string.Concat(d.Citations.Select(c => c.Quote)));

        Assert.Contains("Dear <script>alert(1)</script>,", d.Text);
        Assert.Contains("<b>Evil</b> moc.liame", d.Text);
        Assert.All(d.Citations, c => Assert.DoesNotContain('<', c.Quote));
        Assert.All(d.Citations, c => Assert.DoesNotContain('>', c.Quote));
        // only our own paragraph and line-break tags remain in the HTML
        var tags = System.Text.RegularExpressions.Regex.Matches(d.Html, "<[^>]*>").Select(m => m.Value).Distinct().OrderBy(t => t);
        Assert.Equal(new[] { "</p>", "<br>", "<p>" }, tags);
    }

    [Fact]
    public void A_contact_without_a_first_name_gets_a_greeting_without_a_name()
    {
        var input = Input();
        input.Contact!.FirstName = " ";
        var d = Compose(input);
        Assert.StartsWith("Hello,", d.Text);
        Assert.Empty(d.Unfilled);
        Assert.DoesNotContain(d.Citations, c => c.Table == "contact");
    }

    [Fact]
    public void No_contact_at_all_leaves_a_placeholder_for_the_person_to_write_to()
    {
        var input = Input();
        input.Contact = null;
        var d = Compose(input);
        Assert.StartsWith("Dear [add: the contact to write to],", d.Text);
        Assert.Contains("the contact to write to", d.Unfilled);
        Assert.Empty(d.Notes);
    }

    [Fact]
    public void A_fix_of_100000_characters_is_summarised_at_a_sentence_boundary_with_the_full_text_cited()
    {
        var input = Input();
        input.Remediation.Fix = string.Concat(Enumerable.Repeat("We rebuilt the escalation queue and trained the team. ", 2000)).Substring(0, 100_000);
        var d = Compose(input);
        Assert.Contains("What we changed: We rebuilt the escalation queue and trained the team. We rebuilt the escalation queue and trained the team.", d.Text);
        var fix = d.Citations.Single(c => c.Column == "wb_fix");
        Assert.True(fix.Summarised);
        Assert.Equal(RemediationId, fix.Id);
        var sentence = d.Text.Split('\n').Single(l => l.Contains("What we changed:"));
        Assert.Matches(@"What we changed: [^…]*\. How we know", sentence);
        Assert.True(DraftQuality.Words(d.Text) <= 220);
    }

    [Fact]
    public void Summaries_cut_at_the_last_sentence_end_else_at_a_word()
    {
        Assert.Equal("One. Two.", DraftComposer.Summarise("One. Two. Three three three.", 12));
        Assert.Equal("aaaa bbbb…", DraftComposer.Summarise("aaaa bbbb cccc dddd", 12));
        Assert.Equal("short", DraftComposer.Summarise("short", 12));
    }

    [Fact]
    public void Of_10000_cases_the_draft_cites_at_most_three_sla_breached_first_then_most_recent()
    {
        var input = Input();
        input.Cases.Clear();
        var start = new DateTime(2025, 1, 1);
        for (var i = 1; i <= 10_000; i++) input.Cases.Add(Case(i, start.AddHours(i), sla: i % 1000 == 0, resolved: start.AddHours(i + 5)));
        var picked = DraftComposer.PickCases(input.Cases, DraftComposer.MaxCases);
        Assert.Equal(new[] { "CAS-10000", "CAS-09000", "CAS-08000" }, picked.Select(c => c.Number));

        var d = Compose(input);
        Assert.Equal(3, d.Citations.Where(c => c.Table == "incident" && c.Column == "ticketnumber").Select(c => c.Id).Distinct().Count());
        Assert.DoesNotContain("CAS-07000", d.Text);
    }

    [Fact]
    public void Without_breaches_the_most_recent_cases_are_cited_and_ties_go_by_number()
    {
        var day = new DateTime(2026, 1, 1);
        var cases = new List<DraftCase> { Case(3, day), Case(1, day.AddDays(2)), Case(2, day), Case(4, day.AddDays(-1)) };
        Assert.Equal(new[] { "CAS-00001", "CAS-00002", "CAS-00003" }, DraftComposer.PickCases(cases, 3).Select(c => c.Number));
    }

    [Fact]
    public void A_draft_without_cases_asks_for_them()
    {
        var input = Input();
        input.Cases.Clear();
        var d = Compose(input);
        Assert.Contains("the case numbers behind this remediation", d.Unfilled);
    }

    [Fact]
    public void A_long_account_name_is_shortened_in_the_subject_to_78_characters()
    {
        var input = Input();
        input.Account.Name = new string('A', 120);
        var d = Compose(input);
        Assert.True(d.Subject.Length <= 78, d.Subject.Length.ToString());
        Assert.Contains("…", d.Subject);
    }

    [Fact]
    public void An_earlier_outreach_is_mentioned_with_its_date_and_cited()
    {
        var input = Input();
        var earlier = Guid.NewGuid();
        input.Earlier.Add(new EarlierOutreach { Id = earlier, SentOn = new DateTime(2025, 11, 3), Outcome = "no reply" });
        var d = Compose(input);
        Assert.Contains("We last wrote to you on 3 November 2025.", d.Text);
        Assert.Contains(d.Citations, c => c.Table == "wb_outreach" && c.Id == earlier);
    }

    private static int CountOf(string text, string part)
    {
        int count = 0, i = 0;
        while ((i = text.IndexOf(part, i, StringComparison.Ordinal)) >= 0) { count++; i += part.Length; }
        return count;
    }
}
