using System;

namespace WinBack.Core.Disengagement
{
    /// <summary>Rules about when an account counts as flagged and whether a new result is worth writing.</summary>
    public static class Flagging
    {
        /// <summary>
        /// The account's flagged-on date (wb_flaggedon) after a scoring: set to <paramref name="scoredOn"/> when the
        /// account goes from no gap flagged to at least one, kept while any gap stays flagged, cleared (null) when
        /// none is. So it answers "since when has this account been drifting".
        /// </summary>
        public static DateTime? FlaggedOn(DateTime? previousFlaggedOn, GapFlags currentGaps, DateTime scoredOn)
        {
            if (currentGaps == GapFlags.None) return null;
            return previousFlaggedOn ?? scoredOn;
        }

        /// <summary>
        /// True when what is stored on the account differs from the new result, so a bulk run writes only the
        /// accounts whose result changed. Compares the rounded score, band, gap flags and reasons text.
        /// </summary>
        public static bool Changed(int? storedScore, RiskBand? storedBand, GapFlags storedGaps, string? storedReasons,
            ScoreResult result, string reasons)
        {
            return storedScore != result.RoundedScore
                || storedBand != result.Band
                || storedGaps != result.Gaps
                || !string.Equals(storedReasons ?? "", reasons ?? "", StringComparison.Ordinal);
        }
    }
}
