using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using WinBack.Core.Json;

namespace WinBack.Core.Disengagement
{
    /// <summary>
    /// The reasons of an explanation as data, stored next to their sentences (wb_disengagementreasondata): one JSON
    /// object a line, <c>{"gap":"value","signal":"loginsDecline","kind":"concern","points":12.5,"value":46,"text":"..."}</c>,
    /// in the order of <see cref="Explanation.Reasons"/>. Screens group and weigh reasons by these fields and show
    /// <c>text</c>; nothing ever parses the sentence back into a gap.
    /// </summary>
    public static class ReasonData
    {
        /// <summary>"concern" or "notAvailable".</summary>
        public static string KindName(ReasonKind kind) => kind == ReasonKind.Concern ? "concern" : "notAvailable";

        /// <summary>One line per reason, cut at whole lines to fit <paramref name="maxLength"/> characters.</summary>
        public static string Lines(Explanation explanation, int maxLength)
        {
            if (explanation == null) throw new ArgumentNullException(nameof(explanation));
            var text = new StringBuilder();
            foreach (var reason in explanation.Reasons)
            {
                var line = Line(reason);
                if (text.Length + (text.Length > 0 ? 1 : 0) + line.Length > maxLength)
                {
                    break;
                }

                if (text.Length > 0) text.Append('\n');
                text.Append(line);
            }

            return text.ToString();
        }

        /// <summary>One reason as a JSON object on one line.</summary>
        public static string Line(Reason reason)
        {
            if (reason == null) throw new ArgumentNullException(nameof(reason));
            var json = new JsonWriter(indented: false).StartObject()
                .Property("gap", GapNames.Name(reason.Gap))
                .Property("signal", Signals.Name(reason.Signal))
                .Property("kind", KindName(reason.Kind))
                .Property("points", Math.Round(reason.Points, 2));
            if (!double.IsNaN(reason.Value))
            {
                json.Property("value", Math.Round(reason.Value, 2));
            }

            return json.Property("text", reason.Text).EndObject().ToString();
        }

        /// <summary>Reads stored lines back (blank lines skipped); a line that is not a reason object is refused with its number.</summary>
        public static IReadOnlyList<StoredReason> Parse(string? lines)
        {
            var reasons = new List<StoredReason>();
            if (string.IsNullOrEmpty(lines)) return reasons;
            var all = lines!.Replace("\r\n", "\n").Split('\n');
            for (int i = 0; i < all.Length; i++)
            {
                if (all[i].Trim().Length == 0) continue;
                var o = JsonValue.Parse(all[i]);
                string Need(string name) => o[name]?.Text
                    ?? throw new FormatException("Reason line " + (i + 1).ToString(CultureInfo.InvariantCulture) + " has no \"" + name + "\".");
                var points = o["points"];
                var value = o["value"];
                reasons.Add(new StoredReason(Need("gap"), Need("signal"), Need("kind"),
                    points != null && points.Kind == JsonKind.Number ? points.Number : 0,
                    value != null && value.Kind == JsonKind.Number ? value.Number : double.NaN,
                    Need("text")));
            }

            return reasons;
        }
    }

    /// <summary>A reason as stored: its gap, signal and kind by their JSON names, its points and value, and its sentence.</summary>
    public sealed class StoredReason
    {
        public StoredReason(string gap, string signal, string kind, double points, double value, string text)
        {
            Gap = gap;
            Signal = signal;
            Kind = kind;
            Points = points;
            Value = value;
            Text = text;
        }

        public string Gap { get; }
        public string Signal { get; }
        public string Kind { get; }
        public double Points { get; }
        public double Value { get; }
        public string Text { get; }
    }
}
