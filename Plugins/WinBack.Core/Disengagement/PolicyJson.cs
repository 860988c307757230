using System;
using System.Collections.Generic;
using WinBack.Core.Json;

namespace WinBack.Core.Disengagement
{
    /// <summary>Reads and writes the policy JSON (see POLICY.md for the format).</summary>
    internal static class PolicyJson
    {
        private static readonly string[] TopLevel = { "version", "name", "windows", "bands", "changeOnly", "signals" };
        private static readonly string[] WindowFields = { "usageDays", "supportDays", "emailDays", "commercialDays", "pipelineDays" };
        private static readonly string[] BandFields = { "watch", "atRisk", "disengaged" };
        private static readonly string[] SignalFields = { "weight", "start", "threshold", "full", "scale", "shape" };
        private static readonly string[] ShapeFields = { "cuts", "severities" };
        private static readonly string[] ChangeOnlyFields = { "start", "threshold", "full" };

        public static Policy Parse(string json, Policy defaults)
        {
            if (json == null || json.Trim().Length == 0)
                throw new PolicyException("policy", "policy is empty; expected a JSON object such as {\"version\": 1}");
            JsonValue root;
            try
            {
                root = JsonValue.Parse(json);
            }
            catch (JsonException e)
            {
                throw new PolicyException("policy", "policy is not valid JSON: " + e.Message);
            }
            RequireObject(root, "policy");
            CheckFields(root, "policy", TopLevel);

            var version = root["version"];
            if (version != null)
            {
                if (version.Kind != JsonKind.Number || version.Number != Policy.FormatVersion)
                    throw new PolicyException("policy.version", "policy.version must be " + Policy.FormatVersion + " (got " + version.Describe() + ")");
            }

            string name = defaults.Name;
            var nameValue = root["name"];
            if (nameValue != null)
            {
                if (nameValue.Kind != JsonKind.String) throw new PolicyException("policy.name", "policy.name must be a string (got " + nameValue.Describe() + ")");
                name = nameValue.Text!;
            }

            var windows = defaults.Windows;
            var w = root["windows"];
            if (w != null)
            {
                RequireObject(w, "policy.windows");
                CheckFields(w, "policy.windows", WindowFields);
                windows = new PolicyWindows(
                    Days(w, "usageDays", windows.UsageDays),
                    Days(w, "supportDays", windows.SupportDays),
                    Days(w, "emailDays", windows.EmailDays),
                    Days(w, "commercialDays", windows.CommercialDays),
                    Days(w, "pipelineDays", windows.PipelineDays));
            }

            var bands = defaults.Bands;
            var b = root["bands"];
            if (b != null)
            {
                RequireObject(b, "policy.bands");
                CheckFields(b, "policy.bands", BandFields);
                bands = new PolicyBands(
                    Number(b, "policy.bands", "watch", bands.Watch),
                    Number(b, "policy.bands", "atRisk", bands.AtRisk),
                    Number(b, "policy.bands", "disengaged", bands.Disengaged));
            }

            var changeOnly = defaults.ChangeOnly;
            var co = root["changeOnly"];
            if (co != null)
            {
                RequireObject(co, "policy.changeOnly");
                CheckFields(co, "policy.changeOnly", ChangeOnlyFields);
                changeOnly = new ChangeOnlySettings(
                    Number(co, "policy.changeOnly", "start", changeOnly.Start),
                    Number(co, "policy.changeOnly", "threshold", changeOnly.Threshold),
                    Number(co, "policy.changeOnly", "full", changeOnly.Full));
            }

            var settings = new SignalSettings[Signals.Count];
            for (int i = 0; i < settings.Length; i++) settings[i] = defaults[(Signal)i];
            var s = root["signals"];
            if (s != null)
            {
                RequireObject(s, "policy.signals");
                foreach (var member in s.Members)
                {
                    if (!Signals.TryParse(member.Key, out var signal))
                        throw new PolicyException("policy.signals." + member.Key,
                            "policy.signals." + member.Key + " is not a known signal (known: " + Signals.NameList() + ")");
                    string field = "policy.signals." + member.Key;
                    var v = member.Value;
                    RequireObject(v, field);
                    CheckFields(v, field, SignalFields);
                    var d = settings[(int)signal];
                    // Format 1 had no scale: a signal that states its thresholds without one is in its own units. Only a
                    // signal that states no thresholds keeps the default's scale with the default's thresholds.
                    bool thresholdsGiven = v["start"] != null || v["threshold"] != null || v["full"] != null;
                    var scale = thresholdsGiven ? SignalScale.Value : d.Scale;
                    var scaleValue = v["scale"];
                    if (scaleValue != null)
                    {
                        if (scaleValue.Kind == JsonKind.String && scaleValue.Text == "value") scale = SignalScale.Value;
                        else if (scaleValue.Kind == JsonKind.String && scaleValue.Text == "share") scale = SignalScale.Share;
                        else throw new PolicyException(field + ".scale", field + ".scale must be \"value\" (the signal's own units) or \"share\" (a share of the organisation's accounts) (got " + scaleValue.Describe() + ")");
                    }
                    // A signal's shape belongs to the settings it was fitted with: a signal restated without one has none.
                    ShapeFunction? shape = null;
                    var shapeValue = v["shape"];
                    if (shapeValue != null && shapeValue.Kind != JsonKind.Null)
                    {
                        RequireObject(shapeValue, field + ".shape");
                        CheckFields(shapeValue, field + ".shape", ShapeFields);
                        shape = new ShapeFunction(Numbers(shapeValue, field + ".shape", "cuts"), Numbers(shapeValue, field + ".shape", "severities"));
                    }
                    settings[(int)signal] = new SignalSettings(
                        Number(v, field, "weight", d.Weight),
                        Number(v, field, "start", d.Start),
                        Number(v, field, "threshold", d.Threshold),
                        Number(v, field, "full", d.Full),
                        scale, shape);
                }
            }
            return new Policy(name, windows, bands, settings, changeOnly);
        }

        public static string Write(Policy policy)
        {
            var w = new JsonWriter();
            w.StartObject();
            w.Property("version", Policy.FormatVersion);
            w.Property("name", policy.Name);
            w.Name("windows").StartObject()
                .Property("usageDays", policy.Windows.UsageDays)
                .Property("supportDays", policy.Windows.SupportDays)
                .Property("emailDays", policy.Windows.EmailDays)
                .Property("commercialDays", policy.Windows.CommercialDays)
                .Property("pipelineDays", policy.Windows.PipelineDays)
                .EndObject();
            w.Name("bands").StartObject()
                .Property("watch", policy.Bands.Watch)
                .Property("atRisk", policy.Bands.AtRisk)
                .Property("disengaged", policy.Bands.Disengaged)
                .EndObject();
            w.Name("changeOnly").StartObject()
                .Property("start", policy.ChangeOnly.Start)
                .Property("threshold", policy.ChangeOnly.Threshold)
                .Property("full", policy.ChangeOnly.Full)
                .EndObject();
            w.Name("signals").StartObject();
            for (int i = 0; i < Signals.Count; i++)
            {
                var s = policy[(Signal)i];
                w.Name(Signals.Name((Signal)i)).StartObject()
                    .Property("weight", s.Weight)
                    .Property("start", s.Start)
                    .Property("threshold", s.Threshold)
                    .Property("full", s.Full);
                if (s.Scale == SignalScale.Share) w.Property("scale", "share");
                if (s.Shape != null)
                {
                    w.Name("shape").StartObject();
                    w.Name("cuts").StartArray();
                    foreach (var c in s.Shape.Cuts) w.Value(c);
                    w.EndArray();
                    w.Name("severities").StartArray();
                    foreach (var v in s.Shape.Severities) w.Value(v);
                    w.EndArray();
                    w.EndObject();
                }
                w.EndObject();
            }
            w.EndObject();
            w.EndObject();
            return w.ToString() + "\n";
        }

        private static void RequireObject(JsonValue v, string field)
        {
            if (v.Kind != JsonKind.Object)
                throw new PolicyException(field, field + " must be a JSON object (got " + v.Describe() + ")");
        }

        private static void CheckFields(JsonValue obj, string field, string[] allowed)
        {
            foreach (var member in obj.Members)
            {
                if (Array.IndexOf(allowed, member.Key) < 0)
                    throw new PolicyException(field + "." + member.Key,
                        field + "." + member.Key + " is not a known field (allowed: " + string.Join(", ", allowed) + ")");
            }
        }

        private static double Number(JsonValue obj, string field, string name, double fallback)
        {
            var v = obj[name];
            if (v == null) return fallback;
            if (v.Kind != JsonKind.Number)
                throw new PolicyException(field + "." + name, field + "." + name + " must be a number (got " + v.Describe() + ")");
            return v.Number;
        }

        private static double[] Numbers(JsonValue obj, string field, string name)
        {
            var v = obj[name];
            string f = field + "." + name;
            if (v == null) throw new PolicyException(f, f + " is missing; a shape lists its cuts and severities");
            if (v.Kind != JsonKind.Array) throw new PolicyException(f, f + " must be an array of numbers (got " + v.Describe() + ")");
            var numbers = new double[v.Items.Count];
            for (int i = 0; i < numbers.Length; i++)
            {
                var item = v.Items[i];
                if (item.Kind != JsonKind.Number)
                    throw new PolicyException(f + "[" + i + "]", f + "[" + i + "] must be a finite number (got " + item.Describe() + ")");
                numbers[i] = item.Number;
            }
            return numbers;
        }

        private static int Days(JsonValue obj, string name, int fallback)
        {
            var v = obj[name];
            if (v == null) return fallback;
            string field = "policy.windows." + name;
            if (v.Kind != JsonKind.Number || v.Number != Math.Floor(v.Number) || v.Number < 1 || v.Number > Policy.MaxWindowDays)
                throw new PolicyException(field, field + " must be a whole number of days between 1 and " + Policy.MaxWindowDays + " (got " + v.Describe() + ")");
            return (int)v.Number;
        }
    }
}
