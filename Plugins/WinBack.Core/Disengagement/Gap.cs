using System;

namespace WinBack.Core.Disengagement
{
    /// <summary>The four gaps through which customers drift away.</summary>
    public enum Gap
    {
        /// <summary>What they get no longer matches what they give: usage, spend, downgrades.</summary>
        Value = 0,
        /// <summary>Commitments broken: SLA breaches, reopened cases, complaints, going quiet while usage falls.</summary>
        Trust = 1,
        /// <summary>Treatment contradicts what was promised: service failures, satisfaction, case severity.</summary>
        Experience = 2,
        /// <summary>No future visible: pipeline, lost deals, champion gone, unopened emails, renewal near.</summary>
        Growth = 3,
    }

    /// <summary>The gaps flagged on an account, as bits (stored on account as four two-option columns).</summary>
    [Flags]
    public enum GapFlags
    {
        None = 0,
        Value = 1,
        Trust = 2,
        Experience = 4,
        Growth = 8,
    }

    /// <summary>
    /// The risk band of a score. The numeric values are the wb_riskband choice values in Dataverse
    /// (publisher option value prefix 68240).
    /// </summary>
    public enum RiskBand
    {
        Healthy = 682400000,
        Watch = 682400001,
        AtRisk = 682400002,
        Disengaged = 682400003,
    }

    /// <summary>Labels of gaps and bands as people read them.</summary>
    public static class GapNames
    {
        /// <summary>Number of gaps.</summary>
        public const int Count = 4;

        /// <summary>"value", "trust", "experience", "growth" (CSV and JSON).</summary>
        public static string Name(Gap gap) => gap switch
        {
            Gap.Value => "value",
            Gap.Trust => "trust",
            Gap.Experience => "experience",
            Gap.Growth => "growth",
            _ => throw new ArgumentOutOfRangeException(nameof(gap)),
        };

        /// <summary>The flag bit of a gap.</summary>
        public static GapFlags Flag(Gap gap) => (GapFlags)(1 << (int)gap);

        /// <summary>"Healthy", "Watch", "At risk", "Disengaged" (the choice labels).</summary>
        public static string Label(RiskBand band) => band switch
        {
            RiskBand.Healthy => "Healthy",
            RiskBand.Watch => "Watch",
            RiskBand.AtRisk => "At risk",
            RiskBand.Disengaged => "Disengaged",
            _ => throw new ArgumentOutOfRangeException(nameof(band)),
        };
    }
}
