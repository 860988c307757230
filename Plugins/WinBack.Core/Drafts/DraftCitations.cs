using System;
using System.Collections.Generic;
using System.Globalization;
using WinBack.Core.Json;
using WinBack.Core.Text;

namespace WinBack.Core.Drafts
{
    /// <summary>
    /// Citations as stored on an outreach and returned by the Custom APIs (one JSON array of table, id, column, value,
    /// quote, summarised), and which of them a body, perhaps rewritten by a person, still states.
    /// </summary>
    public static class DraftCitations
    {
        public static string ToJson(IReadOnlyList<Citation> citations)
        {
            var w = new JsonWriter(indented: false).StartArray();
            foreach (var c in citations)
            {
                w.StartObject()
                    .Name("table").Value(c.Table)
                    .Name("id").Value(c.Id.ToString("D"))
                    .Name("column").Value(c.Column)
                    .Name("value").Value(c.Value)
                    .Name("quote").Value(c.Quote);
                if (c.Summarised) w.Name("summarised").Value(true);
                w.EndObject();
            }
            return w.EndArray().ToString();
        }

        /// <summary>Reads stored citations; text that is not a citations array reads as none (nothing is then grounded).</summary>
        public static IReadOnlyList<Citation> FromJson(string? json)
        {
            var list = new List<Citation>();
            if (string.IsNullOrWhiteSpace(json)) return list;
            JsonValue root;
            try { root = JsonValue.Parse(json!); }
            catch (JsonException) { return list; }
            if (root.Kind != JsonKind.Array) return list;
            foreach (var item in root.Items)
            {
                if (item.Kind != JsonKind.Object) continue;
                if (!Guid.TryParse(item["id"]?.Text, out var id)) continue;
                list.Add(new Citation(item["table"]?.Text ?? "", id, item["column"]?.Text ?? "", item["quote"]?.Text ?? "")
                {
                    Value = item["value"]?.Text ?? "",
                    Summarised = item["summarised"]?.Kind == JsonKind.True,
                });
            }
            return list;
        }

        /// <summary>
        /// The citations whose fact the body still states: its value (or, for a sentence that is itself the fact, the
        /// sentence) appears in the body, ignoring case. A person who rewrites a cited sentence keeps its fact by
        /// keeping the value (the case number, the date, the fix); a body rewritten into generalities keeps none.
        /// </summary>
        public static IReadOnlyList<Citation> StillStated(string? body, IReadOnlyList<Citation> citations)
        {
            var text = Normalise(body);
            var kept = new List<Citation>();
            if (text.Length == 0) return kept;
            foreach (var c in citations)
            {
                var fact = Normalise(c.Value.Length > 0 ? c.Value : c.Quote);
                if (fact.Length > 0 && text.IndexOf(fact, StringComparison.Ordinal) >= 0) kept.Add(c);
            }
            return kept;
        }

        // Values are stored as plain text (angle brackets as ‹ ›, no bidi controls): the body is read the same way.
        private static string Normalise(string? text) =>
            string.IsNullOrEmpty(text) ? "" : string.Join(" ", PlainText.Of(DraftComposer.Clean(text), int.MaxValue).ToLower(CultureInfo.InvariantCulture)
                .Split(new[] { ' ', '\t', '\u00A0' }, StringSplitOptions.RemoveEmptyEntries));
    }
}
