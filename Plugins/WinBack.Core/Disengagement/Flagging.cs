using System;

namespace WinBack.Core.Disengagement
{
    /// <summary>Rules about when an account counts as flagged and whether a new result is worth writing.</summary>
    public static class Flagging
    {
        /// <summary>
        /// An account is flagged (wb_flaggedon set, counted as flagged) when its band is At risk or Disengaged.
        /// A single gap flag is not enough: one signal at its threshold names a gap, but the band says how far the
        /// account has drifted overall.
        /// </summary>
        public static bool IsFlagged(RiskBand band) => band == RiskBand.AtRisk || band == RiskBand.Disengaged;

        /// <summary>
        /// The account's flagged-on date (wb_flaggedon) after a scoring: set to <paramref name="scoredOn"/> when the
        /// account becomes flagged, kept while it stays flagged, cleared (null) when it no longer is. So it answers
        /// "since when has this account been drifting".
        /// </summary>
        public static DateTime? FlaggedOn(DateTime? previousFlaggedOn, RiskBand band, DateTime scoredOn)
        {
            if (!IsFlagged(band)) return null;
            return previousFlaggedOn ?? scoredOn;
        }

        /// <summary>
        /// True when what is stored on the account differs from the new result, so a bulk run writes only the
        /// accounts whose result changed. Compares the rounded score, band, gap flags and reasons text (line ends
        /// normalised, as Dataverse may return CRLF).
        /// </summary>
        public static bool Changed(int? storedScore, RiskBand? storedBand, GapFlags storedGaps, string? storedReasons,
            ScoreResult result, string reasons)
        {
            return storedScore != result.RoundedScore
                || storedBand != result.Band
                || storedGaps != result.Gaps
                || !string.Equals(Normalise(storedReasons), Normalise(reasons), StringComparison.Ordinal);
        }

        private static string Normalise(string? text) => (text ?? "").Replace("\r\n", "\n");
    }
}
