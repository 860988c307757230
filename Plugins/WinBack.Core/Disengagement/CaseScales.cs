namespace WinBack.Core.Disengagement
{
    /// <summary>
    /// Converts Dataverse case (incident) choices to the signal scales. Both conversions are linear, so they
    /// apply equally to one case's value and to an aggregate query's average over many cases.
    /// </summary>
    public static class CaseScales
    {
        /// <summary>
        /// incident.customersatisfactioncode (1 Very Dissatisfied, 2 Dissatisfied, 3 Neutral, 4 Satisfied,
        /// 5 Very Satisfied), or an average of it, to satisfaction 0-100 (1 -> 0, 3 -> 50, 5 -> 100).
        /// NaN outside 1-5.
        /// </summary>
        public static double SatisfactionFromRating(double rating) =>
            rating >= 1 && rating <= 5 ? (rating - 1) * 25.0 : double.NaN;

        /// <summary>
        /// incident.prioritycode (1 High, 2 Normal, 3 Low), or an average of it, to the severity scale
        /// (1 low to 4 critical): High -> 3, Normal -> 2, Low -> 1. NaN outside 1-3. Use 0 when there were no cases.
        /// An organisation with its own critical priority maps that to 4 itself.
        /// </summary>
        public static double SeverityFromPriority(double priorityCode) =>
            priorityCode >= 1 && priorityCode <= 3 ? 4.0 - priorityCode : double.NaN;
    }
}
