using System;
using System.Collections.Generic;
using System.Globalization;
using WinBack.Core.Json;

namespace WinBack.Core.Gate
{
    /// <summary>
    /// The gate's settings, kept in the environment variable wb_GatePolicy (JSON). A value that does not parse is
    /// refused on save with the field named, so the stored value is always the last valid one.
    /// </summary>
    public sealed class GatePolicy
    {
        /// <summary>The schema name of the environment variable that holds the gate policy.</summary>
        public const string EnvironmentVariableName = "wb_GatePolicy";

        private static readonly string[] Fields = { "controlShare", "controlSalt", "daysBetweenOutreaches", "openOutreachesPerAccount", "fourEyes" };

        public GatePolicy(double controlShare, string controlSalt, int daysBetweenOutreaches, int openOutreachesPerAccount, bool fourEyes)
        {
            ControlShare = controlShare;
            ControlSalt = controlSalt;
            DaysBetweenOutreaches = daysBetweenOutreaches;
            OpenOutreachesPerAccount = openOutreachesPerAccount;
            FourEyes = fourEyes;
        }

        /// <summary>The share of flagged accounts held out as the control group (0 to 1; default 0.10).</summary>
        public double ControlShare { get; }

        /// <summary>Mixed into the control-group hash so that the assignment cannot be guessed from the account id.</summary>
        public string ControlSalt { get; }

        /// <summary>No outreach to an account within this many days of the last Sent one (default 14).</summary>
        public int DaysBetweenOutreaches { get; }

        /// <summary>At most this many open (Draft, Ready for review, Approved) outreaches per account (default 1).</summary>
        public int OpenOutreachesPerAccount { get; }

        /// <summary>Whether the verifier must differ from the person who marked the fix done (default yes).</summary>
        public bool FourEyes { get; }

        public static GatePolicy Default { get; } = new GatePolicy(0.10, "winback-control-v1", 14, 1, true);

        /// <summary>Parses the policy JSON; a missing field keeps its default. Throws <see cref="GatePolicyException"/> naming the field.</summary>
        public static GatePolicy Parse(string json)
        {
            if (json == null || json.Trim().Length == 0) throw new GatePolicyException("gatePolicy", "the gate policy is empty; expected a JSON object such as {\"controlShare\": 0.1}");
            JsonValue root;
            try
            {
                root = JsonValue.Parse(json);
            }
            catch (JsonException e)
            {
                throw new GatePolicyException("gatePolicy", "the gate policy is not valid JSON: " + e.Message);
            }
            if (root.Kind != JsonKind.Object) throw new GatePolicyException("gatePolicy", "the gate policy must be a JSON object (got " + root.Describe() + ")");
            foreach (var member in root.Members)
            {
                if (Array.IndexOf(Fields, member.Key) < 0)
                    throw new GatePolicyException(member.Key, "'" + member.Key + "' is not a field of the gate policy; the fields are " + string.Join(", ", Fields));
            }
            var d = Default;
            var share = Number(root, "controlShare", d.ControlShare);
            if (share < 0 || share > 1) throw new GatePolicyException("controlShare", "controlShare must be between 0 and 1, e.g. 0.1 for 10% (got " + Format(share) + ")");
            var salt = d.ControlSalt;
            var saltValue = root["controlSalt"];
            if (saltValue != null)
            {
                if (saltValue.Kind != JsonKind.String || saltValue.Text!.Trim().Length == 0)
                    throw new GatePolicyException("controlSalt", "controlSalt must be a non-empty string (got " + saltValue.Describe() + ")");
                salt = saltValue.Text!;
            }
            var days = WholeNumber(root, "daysBetweenOutreaches", d.DaysBetweenOutreaches, 0, 3650);
            var open = WholeNumber(root, "openOutreachesPerAccount", d.OpenOutreachesPerAccount, 1, 100);
            var fourEyes = d.FourEyes;
            var fourEyesValue = root["fourEyes"];
            if (fourEyesValue != null)
            {
                if (fourEyesValue.Kind != JsonKind.True && fourEyesValue.Kind != JsonKind.False)
                    throw new GatePolicyException("fourEyes", "fourEyes must be true or false (got " + fourEyesValue.Describe() + ")");
                fourEyes = fourEyesValue.Kind == JsonKind.True;
            }
            return new GatePolicy(share, salt, days, open, fourEyes);
        }

        public static bool TryParse(string json, out GatePolicy? policy, out string? error)
        {
            try
            {
                policy = Parse(json);
                error = null;
                return true;
            }
            catch (GatePolicyException e)
            {
                policy = null;
                error = e.Message;
                return false;
            }
        }

        /// <summary>The first valid of the current value and the default value, then <see cref="Default"/>; invalid ones are named in warnings.</summary>
        public static GatePolicy Resolve(string? currentValue, string? defaultValue, ICollection<string> warnings)
        {
            return Candidate(currentValue, "current value", warnings) ?? Candidate(defaultValue, "default value", warnings) ?? Default;
        }

        private static GatePolicy? Candidate(string? value, string what, ICollection<string> warnings)
        {
            if (value == null || value.Trim().Length == 0) return null;
            if (TryParse(value, out var policy, out var error)) return policy;
            warnings.Add("The " + what + " of " + EnvironmentVariableName + " is invalid and was ignored: " + error);
            return null;
        }

        public string ToJson() =>
            new JsonWriter().StartObject()
                .Property("controlShare", ControlShare)
                .Property("controlSalt", ControlSalt)
                .Property("daysBetweenOutreaches", DaysBetweenOutreaches)
                .Property("openOutreachesPerAccount", OpenOutreachesPerAccount)
                .Property("fourEyes", FourEyes)
                .EndObject().ToString();

        private static double Number(JsonValue root, string field, double fallback)
        {
            var value = root[field];
            if (value == null) return fallback;
            if (value.Kind != JsonKind.Number) throw new GatePolicyException(field, field + " must be a number (got " + value.Describe() + ")");
            return value.Number;
        }

        private static int WholeNumber(JsonValue root, string field, int fallback, int min, int max)
        {
            var number = Number(root, field, fallback);
            if (number != Math.Floor(number) || number < min || number > max)
                throw new GatePolicyException(field, field + " must be a whole number from " + min + " to " + max + " (got " + Format(number) + ")");
            return (int)number;
        }

        private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
    }

    /// <summary>A gate policy that cannot be used: <see cref="Field"/> says which field, the message what is wrong.</summary>
    public sealed class GatePolicyException : FormatException
    {
        public GatePolicyException(string field, string message) : base(message) { Field = field; }

        public string Field { get; }
    }
}
