using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using WinBack.Core.Disengagement;
using WinBack.Core.Text;

namespace WinBack.Core.Drafts
{
    /// <summary>A composed draft. Nothing here is sent: a person reviews it, and the quality gate checks it on save.</summary>
    public sealed class Draft
    {
        public string Language { get; internal set; } = "";
        public string Subject { get; internal set; } = "";
        public string Text { get; internal set; } = "";
        public string Html { get; internal set; } = "";
        public OfferRule Offer { get; internal set; } = null!;
        public string NextStep { get; internal set; } = "";
        public IReadOnlyList<Citation> Citations { get; internal set; } = Array.Empty<Citation>();
        /// <summary>What the writer must add before the draft can be approved (each shown as "[add: …]").</summary>
        public IReadOnlyList<string> Unfilled { get; internal set; } = Array.Empty<string>();
        /// <summary>Notes for the reviewer, such as the language fallback; never part of the body.</summary>
        public IReadOnlyList<string> Notes { get; internal set; } = Array.Empty<string>();
    }

    /// <summary>
    /// Writes an outreach draft from the account's own records. Every sentence that states a fact cites the record it
    /// came from; a fact with no record is never written; a missing fact becomes a visible "[add: …]" placeholder.
    /// Pure and deterministic: the same input gives the same draft.
    /// </summary>
    public static class DraftComposer
    {
        /// <summary>The most cases a draft cites: SLA-breached first, then the most recently opened, then by number.</summary>
        public const int MaxCases = 3;
        /// <summary>Free text (root cause, fix, evidence) longer than this is summarised at a sentence boundary.</summary>
        public const int MaxFreeText = 160;
        public const int MaxSubject = 78;

        private const string Account = "account", Contact = "contact", Remediation = "wb_remediation", Incident = "incident",
            Outreach = "wb_outreach", User = "systemuser";

        /// <summary>
        /// Composes the draft, within the quality gate's body length: when the full draft is longer, it cites fewer
        /// cases (down to one), then shorter summaries of the free text, so a composed draft is never refused for its
        /// length (the citations still point at every full value).
        /// </summary>
        public static Draft Compose(DraftInput input, DraftTemplates templates, OfferPolicy offers)
        {
            if (input == null) throw new ArgumentNullException(nameof(input));
            var maxWords = DraftQualityPolicy.Default.MaxBodyWords;
            Draft draft = null!;
            foreach (var freeText in new[] { MaxFreeText, MaxFreeText / 2 })
                for (var cases = MaxCases; cases >= 1; cases--)
                {
                    draft = Compose(input, templates, offers, cases, freeText);
                    if (DraftQuality.Words(draft.Text) <= maxWords) return draft;
                }
            return draft;
        }

        private static Draft Compose(DraftInput input, DraftTemplates templates, OfferPolicy offers, int maxCases, int maxFreeText)
        {
            var notes = new List<string>();
            var template = templates.Find(input.Contact?.Language);
            var language = template?.Language ?? templates.BaseLanguage;
            if (template == null)
            {
                // The contact's language has no template: the organization's base language, or English when even that
                // has none; the reviewer is told which, never the customer.
                template = templates.Base;
                var name = DraftLanguages.NameOf(template.Language);
                if (!string.IsNullOrWhiteSpace(input.Contact?.Language))
                    notes.Add(template.Sections["fallbackNote"].Replace("{language}", name));
                if (templates.OrganizationLanguageHasNoTemplate)
                    notes.Add(DraftTemplates.Section(template, "baseFallbackNote").Replace("{language}", name)
                        .Replace("{baseLanguage}", DraftLanguages.NameOf(templates.OrganizationLanguage)));
            }
            var culture = CultureInfo.GetCultureInfo(template.Culture);
            var w = new Writer(template, culture, maxFreeText);
            var rem = input.Remediation;
            var acc = input.Account;
            var account = new Fact(acc.Name, Account, acc.Id, "name", "the account's name");

            // Greeting: a first name when the contact has one; no contact at all is a gap the writer must fill.
            if (input.Contact == null)
                w.Paragraph(w.Sentence("greeting", N("firstName", new Fact(null, Contact, Guid.Empty, "firstname", "the contact to write to"))));
            else if (string.IsNullOrWhiteSpace(input.Contact.FirstName))
                w.Paragraph(w.Sentence("greetingNoName"));
            else
                w.Paragraph(w.Sentence("greeting", N("firstName", new Fact(input.Contact.FirstName, Contact, input.Contact.Id, "firstname", ""))));

            // The failure owned in the customer's terms: what went wrong and when.
            var gapKey = rem.Gap is Gap g ? "opening." + g.ToString().ToLowerInvariant() : "opening.none";
            var opening = new List<Sentence> { w.Sentence(gapKey, N("account", account)) };
            if (rem.Gap != null) opening[0].Cite(Remediation, rem.Id, "wb_gap");
            if (acc.CustomerSince is DateTime since)
                opening.Add(w.Sentence("tenure", N("since", new Fact(w.Date(since), Account, acc.Id, "createdon", ""))));
            w.Paragraph(opening.ToArray());

            var picked = PickCases(input.Cases, maxCases);
            var caseSentences = new List<Sentence>();
            foreach (var c in picked)
            {
                var number = new Fact(c.Number, Incident, c.Id, "ticketnumber", "the case number");
                var title = new Fact(c.Title, Incident, c.Id, "title", "the case title");
                var opened = new Fact(w.Date(c.OpenedOn), Incident, c.Id, "createdon", "");
                caseSentences.Add(c.ResolvedOn is DateTime resolved
                    ? w.Sentence("case", N("caseNumber", number), N("caseTitle", title), N("openedOn", opened),
                        N("resolvedOn", new Fact(w.Date(resolved), Incident, c.Id, "wb_resolvedon", "")))
                    : w.Sentence("caseOpen", N("caseNumber", number), N("caseTitle", title), N("openedOn", opened)));
                if (c.SlaBreached)
                    caseSentences.Add(w.Sentence("caseSla", N("caseNumber", number)).Cite(Incident, c.Id, "wb_slabreached"));
            }
            if (picked.Count == 0)
                caseSentences.Add(w.Sentence("caseOpen",
                    N("caseNumber", new Fact(null, Incident, Guid.Empty, "ticketnumber", "the case numbers behind this remediation")),
                    N("caseTitle", new Fact(null, Incident, Guid.Empty, "title", "what went wrong")),
                    N("openedOn", new Fact(null, Incident, Guid.Empty, "createdon", "when it happened"))));
            w.Paragraph(caseSentences.ToArray());

            // What changed: the fix and its evidence.
            var changed = new List<Sentence>();
            if (!string.IsNullOrWhiteSpace(rem.RootCause))
                changed.Add(w.Sentence(input.CauseControllable == true ? "rootCause" : "rootCauseExternal",
                    N("rootCause", w.Free(rem.RootCause, Remediation, rem.Id, "wb_rootcause", "the root cause"))));
            changed.Add(w.Sentence("fix", N("fix", w.Free(rem.Fix, Remediation, rem.Id, "wb_fix", "what was fixed"))));
            changed.Add(w.Sentence("evidence", N("evidence", w.Free(rem.Evidence, Remediation, rem.Id, "wb_evidence", "the evidence that the fix works"))));
            changed.Add(w.Sentence("fixedOn", N("fixedOn", new Fact(rem.FixedOn is DateTime f ? w.Date(f) : null, Remediation, rem.Id, "wb_fixedon", "the date the fix went live"))));
            w.Paragraph(changed.ToArray());

            // What it means for them, and the one offer the policy matches to the reason for leaving.
            var offer = offers.Choose(rem.Gap, input.CauseControllable, input.Cases.Count);
            var meaning = new List<Sentence> { w.Sentence("meaning", N("account", account)) };
            var last = input.Earlier.Where(e => e.SentOn != null).OrderByDescending(e => e.SentOn).ThenBy(e => e.Id).FirstOrDefault();
            if (last != null)
                meaning.Add(w.Sentence("earlier", N("earlierOn", new Fact(w.Date(last.SentOn!.Value), Outreach, last.Id, "actualend", ""))));
            if (offer.Offer != OfferKind.None)
                meaning.Add(w.Sentence("offer." + char.ToLowerInvariant(offer.Offer.ToString()[0]) + offer.Offer.ToString().Substring(1)));
            w.Paragraph(meaning.ToArray());

            // Exactly one easy next step, then a named person.
            var next = w.Sentence("nextStep");
            w.Paragraph(next);
            var s = input.Sender;
            w.Paragraph(w.Sentence("signOff",
                N("senderName", new Fact(s.Name, User, s.Id, "fullname", "the sender's name")),
                N("senderTitle", new Fact(s.Title, User, s.Id, "title", "the sender's title"))));

            var subject = w.Sentence("subject", N("account", account)).Text;
            if (subject.Length > MaxSubject)
            {
                var room = MaxSubject - (subject.Length - Clean(acc.Name).Length) - 1;
                var shortName = room > 0 ? Clean(acc.Name).Substring(0, Math.Min(room, Clean(acc.Name).Length)).TrimEnd() + "…" : "";
                subject = w.Sentence("subject", N("account", new Fact(shortName, Account, acc.Id, "name", "the account's name"))).Text;
            }

            return new Draft
            {
                Language = language,
                Subject = subject,
                Text = w.PlainBody(),
                Html = w.HtmlBody(),
                Offer = offer,
                NextStep = next.Text,
                Citations = w.Citations(),
                Unfilled = w.Unfilled,
                Notes = notes,
            };
        }

        /// <summary>
        /// The cases a draft cites: SLA-breached first, then the most recently opened, then by case number; at most
        /// <paramref name="max"/>. One pass over the cases (bounded time for any number).
        /// </summary>
        public static IReadOnlyList<DraftCase> PickCases(IList<DraftCase> cases, int max)
        {
            var top = new List<DraftCase>(max + 1);
            foreach (var c in cases)
            {
                var i = top.Count;
                while (i > 0 && Before(c, top[i - 1])) i--;
                if (i >= max) continue;
                top.Insert(i, c);
                if (top.Count > max) top.RemoveAt(max);
            }
            return top;
        }

        private static bool Before(DraftCase a, DraftCase b)
        {
            if (a.SlaBreached != b.SlaBreached) return a.SlaBreached;
            if (a.OpenedOn != b.OpenedOn) return a.OpenedOn > b.OpenedOn;
            return string.CompareOrdinal(a.Number, b.Number) < 0;
        }

        /// <summary>Bidi controls (U+202A–U+202E, U+2066–U+2069, LRM, RLM, ALM) are dropped; other controls become spaces.</summary>
        public static string Clean(string? text)
        {
            if (string.IsNullOrEmpty(text)) return "";
            var sb = new StringBuilder(text!.Length);
            foreach (var c in text)
            {
                if ((c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') || c == '\u200E' || c == '\u200F' || c == '\u061C') continue;
                sb.Append(char.IsControl(c) && c != '\n' ? ' ' : c);
            }
            return sb.ToString().Trim();
        }

        /// <summary>Cuts text to at most <paramref name="max"/> characters at the last sentence end, else at a word, with "…".</summary>
        public static string Summarise(string text, int max)
        {
            if (text.Length <= max) return text;
            for (var i = max - 1; i > max / 4; i--)
                if ((text[i] == '.' || text[i] == '!' || text[i] == '?') && char.IsWhiteSpace(text[i + 1]))
                    return text.Substring(0, i + 1);
            var space = text.LastIndexOf(' ', max - 1);
            return (space > 0 ? text.Substring(0, space) : text.Substring(0, max - 1)) + "…";
        }

        /// <summary>
        /// The safe HTML of a plain-text body: paragraphs (blank lines) become &lt;p&gt;, line breaks &lt;br&gt;, and every
        /// character that means something in HTML is escaped, so a value can never become markup. One rule for the
        /// composer and for a body a person rewrote.
        /// </summary>
        public static string ToHtml(string? text)
        {
            if (string.IsNullOrEmpty(text)) return "";
            var sb = new StringBuilder(text!.Length + 64);
            foreach (var paragraph in text.Replace("\r\n", "\n").Split(new[] { "\n\n" }, StringSplitOptions.RemoveEmptyEntries))
            {
                var p = paragraph.Trim('\n');
                if (p.Length == 0) continue;
                sb.Append("<p>").Append(HtmlEscape(p)).Append("</p>");
            }
            return sb.ToString();
        }

        private static string HtmlEscape(string text)
        {
            var sb = new StringBuilder(text.Length + 16);
            foreach (var c in text)
                switch (c)
                {
                    case '&': sb.Append("&amp;"); break;
                    case '<': sb.Append("&lt;"); break;
                    case '>': sb.Append("&gt;"); break;
                    case '"': sb.Append("&quot;"); break;
                    case '\'': sb.Append("&#39;"); break;
                    case '\n': sb.Append("<br>"); break;
                    default: sb.Append(c); break;
                }
            return sb.ToString();
        }

        private readonly struct Fact
        {
            public Fact(string? text, string table, Guid id, string column, string missing, bool summarised = false)
            {
                Text = text;
                Table = table;
                Id = id;
                Column = column;
                Missing = missing;
                Summarised = summarised;
            }

            public string? Text { get; }
            public string Table { get; }
            public Guid Id { get; }
            public string Column { get; }
            public string Missing { get; }
            public bool Summarised { get; }
        }

        private static Slot N(string name, Fact fact) => new Slot(name, fact);

        /// <summary>A named placeholder's fact (no tuples: this code also compiles into the .NET Framework plug-in assembly).</summary>
        private sealed class Slot
        {
            public Slot(string name, Fact fact)
            {
                Name = name;
                Fact = fact;
            }

            public string Name { get; }
            public Fact Fact { get; }
        }

        private sealed class Sentence
        {
            public string Text = "";
            public readonly List<Fact> Sources = new List<Fact>();

            public Sentence Cite(string table, Guid id, string column)
            {
                Sources.Add(new Fact("", table, id, column, ""));
                return this;
            }
        }

        private sealed class Writer
        {
            private readonly DraftTemplate _template;
            private readonly CultureInfo _culture;
            private readonly List<Sentence[]> _paragraphs = new List<Sentence[]>();
            public readonly List<string> Unfilled = new List<string>();

            private readonly int _maxFreeText;

            public Writer(DraftTemplate template, CultureInfo culture, int maxFreeText)
            {
                _template = template;
                _culture = culture;
                _maxFreeText = maxFreeText;
            }

            public string Date(DateTime d) => d.ToString(_template.DatePattern, _culture);

            public Fact Free(string? text, string table, Guid id, string column, string missing)
            {
                var clean = Clean(text);
                if (clean.Length == 0) return new Fact(null, table, id, column, missing);
                var summary = Summarise(clean, _maxFreeText);
                var ends = summary.EndsWith(".", StringComparison.Ordinal) || summary.EndsWith("!", StringComparison.Ordinal) || summary.EndsWith("?", StringComparison.Ordinal);
                return new Fact(ends ? summary : summary + ".", table, id, column, missing, summary.Length < clean.Length);
            }

            public Sentence Sentence(string section, params Slot[] facts)
            {
                var text = _template.Sections[section];
                var sentence = new Sentence();
                var sb = new StringBuilder(text.Length + 64);
                var i = 0;
                while (i < text.Length)
                {
                    var open = text.IndexOf('{', i);
                    if (open < 0) { sb.Append(text, i, text.Length - i); break; }
                    sb.Append(text, i, open - i);
                    var close = text.IndexOf('}', open);
                    var name = text.Substring(open + 1, close - open - 1);
                    var fact = facts.FirstOrDefault(f => f.Name == name)?.Fact ?? default;
                    var value = Clean(fact.Text);
                    if (value.Length == 0)
                    {
                        var missing = fact.Missing.Length > 0 ? fact.Missing : name;
                        sb.Append("[add: ").Append(missing).Append(']');
                        if (!Unfilled.Contains(missing)) Unfilled.Add(missing);
                    }
                    else
                    {
                        sb.Append(value);
                        sentence.Sources.Add(fact);
                    }
                    i = close + 1;
                }
                sentence.Text = sb.ToString();
                return sentence;
            }

            public void Paragraph(params Sentence[] sentences) => _paragraphs.Add(sentences);

            private IEnumerable<string> Paragraphs() => _paragraphs.Select(p => string.Join(" ", p.Select(s => s.Text)));

            public string PlainBody() => string.Join("\n\n", Paragraphs());

            public string HtmlBody() => ToHtml(PlainBody());

            public IReadOnlyList<Citation> Citations()
            {
                var list = new List<Citation>();
                foreach (var p in _paragraphs)
                    foreach (var s in p)
                        foreach (var src in s.Sources)
                            list.Add(new Citation(src.Table, src.Id, src.Column, PlainText.Of(s.Text, 300)) { Summarised = src.Summarised, Value = PlainText.Of(Clean(src.Text), 1000) });
                return list;
            }
        }
    }
}
