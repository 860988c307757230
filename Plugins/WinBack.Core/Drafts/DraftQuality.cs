using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using WinBack.Core.Text;

namespace WinBack.Core.Drafts
{
    /// <summary>Which draft rule refused. Stable names: they go to the telemetry log.</summary>
    public enum DraftRule
    {
        GenericPhrase,
        TooFewFacts,
        NoCallToAction,
        MoreThanOneCallToAction,
        UnfilledPlaceholder,
        SubjectTooLong,
        BodyTooLong,
        TemplateMissingSection,
        TemplateUnknownPlaceholder,
        TemplateUnknownCulture,
        TemplateSectionsNotJson,
        TemplateGenericPhrase,
        TemplateCallsToAction,
        TemplatePhraseUnusable,
    }

    /// <summary>A draft refusal as data: the rule, what it names (a phrase, a section, a placeholder) and the figures.</summary>
    public sealed class DraftRefusal
    {
        public DraftRefusal(DraftRule rule, string subject)
        {
            Rule = rule;
            Subject = subject;
        }

        public DraftRule Rule { get; }
        /// <summary>The phrase, section, placeholder or culture refused.</summary>
        public string Subject { get; }
        /// <summary>For an unknown placeholder, the section it is in.</summary>
        public string? Section { get; set; }
        public int? Count { get; set; }
        public int? Limit { get; set; }
    }

    /// <summary>The quality gate's lists and limits, as data.</summary>
    public sealed class DraftQualityPolicy
    {
        public IReadOnlyList<string> GenericPhrases { get; set; } = Array.Empty<string>();
        public IReadOnlyList<string> CallsToAction { get; set; } = Array.Empty<string>();
        public int MinFacts { get; set; } = 2;
        public int MaxSubjectChars { get; set; } = 78;
        public int MaxBodyWords { get; set; } = 220;

        /// <summary>
        /// The shipped lists: the generic phrases and calls to action of every shipped template (English, German,
        /// French, Spanish), each kept with the wording of its language in <see cref="DraftTemplates"/>.
        /// </summary>
        public static DraftQualityPolicy Default { get; } = new DraftQualityPolicy().With(
            DraftTemplates.AllShipped.SelectMany(t => t.GenericPhrases), DraftTemplates.AllShipped.SelectMany(t => t.CallsToAction));

        /// <summary>This policy with more phrases: repeats (ignoring case) are kept once, the limits stay.</summary>
        public DraftQualityPolicy With(IEnumerable<string> genericPhrases, IEnumerable<string> callsToAction) => new DraftQualityPolicy
        {
            GenericPhrases = GenericPhrases.Concat(genericPhrases).Select(p => p.Trim()).Where(p => p.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToArray(),
            CallsToAction = CallsToAction.Concat(callsToAction).Select(p => p.Trim()).Where(p => p.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToArray(),
            MinFacts = MinFacts,
            MaxSubjectChars = MaxSubjectChars,
            MaxBodyWords = MaxBodyWords,
        };
    }

    /// <summary>
    /// The quality gate over a draft as it will be saved (a person may rewrite it freely within these rules). Pure: the
    /// subject, the body and the citations in, every refusal out (empty when it passes).
    /// </summary>
    public static class DraftQuality
    {
        public const string PlaceholderMark = "[add:";

        public static IReadOnlyList<DraftRefusal> Check(string? subject, string? body, IReadOnlyList<Citation> citations, DraftQualityPolicy policy)
        {
            var refusals = new List<DraftRefusal>();
            var s = Normalise(subject);
            var b = Normalise(body);
            foreach (var phrase in policy.GenericPhrases)
                if (ContainsWord(s, phrase) || ContainsWord(b, phrase))
                    refusals.Add(new DraftRefusal(DraftRule.GenericPhrase, phrase));
            // Who is written to and who signs are not facts of the account's history: a greeting and a signature alone
            // never make a draft specific.
            var facts = citations.Where(c => c.Id != Guid.Empty && c.Table != "contact" && c.Table != "systemuser").Select(c => c.Table + "|" + c.Id.ToString("N") + "|" + c.Column).Distinct(StringComparer.Ordinal).Count();
            if (facts < policy.MinFacts)
                refusals.Add(new DraftRefusal(DraftRule.TooFewFacts, "facts") { Count = facts, Limit = policy.MinFacts });
            var ctas = policy.CallsToAction.Sum(p => CountWord(b, p));
            if (ctas == 0) refusals.Add(new DraftRefusal(DraftRule.NoCallToAction, "call to action") { Count = 0, Limit = 1 });
            else if (ctas > 1) refusals.Add(new DraftRefusal(DraftRule.MoreThanOneCallToAction, "call to action") { Count = ctas, Limit = 1 });
            var placeholder = FirstPlaceholder(subject) ?? FirstPlaceholder(body);
            if (placeholder != null)
                refusals.Add(new DraftRefusal(DraftRule.UnfilledPlaceholder, placeholder));
            var subjectLength = (subject ?? "").Length;
            if (subjectLength > policy.MaxSubjectChars)
                refusals.Add(new DraftRefusal(DraftRule.SubjectTooLong, "subject") { Count = subjectLength, Limit = policy.MaxSubjectChars });
            var words = Words(body);
            if (words > policy.MaxBodyWords)
                refusals.Add(new DraftRefusal(DraftRule.BodyTooLong, "body") { Count = words, Limit = policy.MaxBodyWords });
            return refusals;
        }

        /// <summary>
        /// The gate on an outreach as it is saved: the facts counted are the stored citations the body still states (a
        /// person may rewrite freely, but a body rewritten into generalities keeps no fact), and an unfilled placeholder
        /// refuses only the move to Approved (a draft may carry one while it is being completed and reviewed).
        /// </summary>
        public static IReadOnlyList<DraftRefusal> CheckSaved(string? subject, string? body, IReadOnlyList<Citation> stored, bool approving, DraftQualityPolicy policy)
        {
            var refusals = Check(subject, body, DraftCitations.StillStated(body, stored), policy);
            return approving ? refusals : refusals.Where(r => r.Rule != DraftRule.UnfilledPlaceholder).ToList();
        }

        /// <summary>The first "[add: …]" in the text, whole (up to its closing bracket), or null.</summary>
        public static string? FirstPlaceholder(string? text)
        {
            if (string.IsNullOrEmpty(text)) return null;
            var start = text!.IndexOf(PlaceholderMark, StringComparison.OrdinalIgnoreCase);
            if (start < 0) return null;
            var end = text.IndexOf(']', start);
            return end < 0 ? text.Substring(start, Math.Min(text.Length - start, 120)) : text.Substring(start, end - start + 1);
        }

        /// <summary>Words: runs of characters between white space that hold a letter or digit.</summary>
        public static int Words(string? text)
        {
            if (string.IsNullOrEmpty(text)) return 0;
            var count = 0;
            var inWord = false;
            var hasAlnum = false;
            foreach (var c in text!)
            {
                if (char.IsWhiteSpace(c))
                {
                    if (inWord && hasAlnum) count++;
                    inWord = hasAlnum = false;
                }
                else
                {
                    inWord = true;
                    hasAlnum |= char.IsLetterOrDigit(c);
                }
            }
            return inWord && hasAlnum ? count + 1 : count;
        }

        private static string Normalise(string? text) =>
            (text ?? "").Replace('\u2019', '\'').Replace('\u00A0', ' ').ToLowerInvariant();

        private static bool ContainsWord(string text, string phrase) => CountWord(text, phrase) > 0;

        /// <summary>Occurrences of the phrase in any text, compared as the gate compares (case and apostrophes folded, whole words).</summary>
        internal static int CountPhrase(string? text, string phrase) => CountWord(Normalise(text), phrase);

        /// <summary>Occurrences of the phrase with a word edge on both sides ("book a" does not match "e-book about").</summary>
        private static int CountWord(string text, string phrase)
        {
            var p = Normalise(phrase);
            var count = 0;
            var i = 0;
            while ((i = text.IndexOf(p, i, StringComparison.Ordinal)) >= 0)
            {
                var before = i == 0 || !char.IsLetterOrDigit(text[i - 1]);
                var end = i + p.Length;
                var after = end >= text.Length || !char.IsLetterOrDigit(text[end]);
                if (before && after) count++;
                i = end;
            }
            return count;
        }
    }

    /// <summary>Turns a draft refusal into a plain sentence that says what is wrong and what to do.</summary>
    public static class DraftWords
    {
        public static string Describe(DraftRefusal r)
        {
            var subject = PlainText.Of(r.Subject, 200);
            switch (r.Rule)
            {
                case DraftRule.GenericPhrase:
                    return "The draft uses the generic phrase \"" + subject + "\". Replace it with something specific from the account's own history.";
                case DraftRule.TooFewFacts:
                    return "The draft cites " + Num(r.Count) + " specific facts from the account's records; it needs at least " + Num(r.Limit) + ". Name the cases, their dates or the fix.";
                case DraftRule.NoCallToAction:
                    return "The draft asks for nothing. End with exactly one easy next step, such as a reply to set up a short call.";
                case DraftRule.MoreThanOneCallToAction:
                    return "The draft asks for " + Num(r.Count) + " things. Keep exactly one next step and remove the others.";
                case DraftRule.UnfilledPlaceholder:
                    return "The draft still has the placeholder \"" + subject + "\". Fill it in from the records or remove the sentence, then approve it.";
                case DraftRule.SubjectTooLong:
                    return "The subject has " + Num(r.Count) + " characters; keep it to " + Num(r.Limit) + " or fewer.";
                case DraftRule.BodyTooLong:
                    return "The body has " + Num(r.Count) + " words; shorten it to " + Num(r.Limit) + " or fewer.";
                case DraftRule.TemplateMissingSection:
                    return "The template has no section \"" + subject + "\". Add it; drafting keeps using the last valid template.";
                case DraftRule.TemplateUnknownPlaceholder:
                    return "The template's section \"" + PlainText.Of(r.Section, 100) + "\" uses the unknown placeholder {" + subject + "}. Use one of: " +
                           string.Join(", ", DraftTemplate.KnownPlaceholders) + ".";
                case DraftRule.TemplateSectionsNotJson:
                    return "The template's sections are not a JSON object of section names and their wording. Start from the shipped template of the language and change only the wording.";
                case DraftRule.TemplateGenericPhrase:
                    return "The template's section \"" + PlainText.Of(r.Section, 100) + "\" uses the generic phrase \"" + subject + "\", so every draft from it would be refused. Reword the section.";
                case DraftRule.TemplateCallsToAction:
                    return r.Limit == 1
                        ? "The template's section \"" + subject + "\" asks for " + Num(r.Count) + " things; it must ask for exactly one, with a phrase from the calls to action (add yours to the template's list)."
                        : "The template's section \"" + subject + "\" asks the reader to act; only \"" + DraftTemplate.NextStepSection + "\" may, so a draft keeps exactly one next step. Reword the section.";
                case DraftRule.TemplatePhraseUnusable:
                    return "The phrase \"" + subject + "\" in the template's lists cannot be used: a phrase needs a letter and " + Num(DraftTemplate.MinPhraseLength)
                           + " to " + Num(r.Limit) + " characters. Write one phrase per line.";
                case DraftRule.TemplateUnknownCulture:
                    return "The template's culture \"" + subject + "\" is not known. Use a culture name such as en-GB or de-DE.";
                default:
                    return "The draft was refused by rule " + r.Rule + ".";
            }
        }

        private static string Num(int? n) => (n ?? 0).ToString(CultureInfo.InvariantCulture);
    }
}
