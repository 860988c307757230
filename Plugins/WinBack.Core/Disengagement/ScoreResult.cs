using System;

namespace WinBack.Core.Disengagement
{
    /// <summary>
    /// The result of scoring one account: a plain value (no allocation), safe to keep in arrays of millions.
    /// The four gap points add up to <see cref="Score"/>.
    /// </summary>
    public readonly struct ScoreResult
    {
        internal ScoreResult(double score, RiskBand band, GapFlags gaps, double valuePoints, double trustPoints,
            double experiencePoints, double growthPoints, double coverage, int signalsAvailable)
        {
            Score = score;
            Band = band;
            Gaps = gaps;
            ValuePoints = valuePoints;
            TrustPoints = trustPoints;
            ExperiencePoints = experiencePoints;
            GrowthPoints = growthPoints;
            Coverage = coverage;
            SignalsAvailable = signalsAvailable;
        }

        /// <summary>The disengagement score, 0 (engaged) to 100 (disengaged), unrounded.</summary>
        public double Score { get; }

        /// <summary>The score as stored on the account (wb_disengagementscore): a whole number 0-100, halves rounded up.</summary>
        public int RoundedScore => (int)Math.Floor(Score + 0.5);

        /// <summary>The band of <see cref="RoundedScore"/> under the policy's cut-offs.</summary>
        public RiskBand Band { get; }

        /// <summary>The flagged gaps: a gap is flagged when one of its own signals that is evidence of a change reached its threshold (<see cref="GapEvidence"/>).</summary>
        public GapFlags Gaps { get; }

        /// <summary>Points of the score that come from value signals.</summary>
        public double ValuePoints { get; }
        /// <summary>Points of the score that come from trust signals.</summary>
        public double TrustPoints { get; }
        /// <summary>Points of the score that come from experience signals.</summary>
        public double ExperiencePoints { get; }
        /// <summary>Points of the score that come from growth signals.</summary>
        public double GrowthPoints { get; }

        /// <summary>Share (0-1) of the policy's total weight whose signals were available for this account.</summary>
        public double Coverage { get; }

        /// <summary>How many weighted signals were available.</summary>
        public int SignalsAvailable { get; }

        /// <summary>True when at least one weighted signal was available; otherwise the score is 0 and means "unknown".</summary>
        public bool HasEvidence => SignalsAvailable > 0;

        /// <summary>True when the gap is flagged.</summary>
        public bool IsFlagged(Gap gap) => (Gaps & GapNames.Flag(gap)) != 0;

        /// <summary>Points of the score that come from the gap's signals.</summary>
        public double Points(Gap gap) => gap switch
        {
            Gap.Value => ValuePoints,
            Gap.Trust => TrustPoints,
            Gap.Experience => ExperiencePoints,
            Gap.Growth => GrowthPoints,
            _ => throw new ArgumentOutOfRangeException(nameof(gap)),
        };
    }
}
