using System;
using WinBack.Core.Disengagement;

namespace WinBack.Core.Extraction
{
    /// <summary>
    /// How a Dataverse case (incident) counts towards the support signals. Plain rules on plain values, so the
    /// bulk path (aggregates) and the single-account path (rows) cannot disagree.
    /// </summary>
    public static class CaseRules
    {
        /// <summary>incident.statecode: Active.</summary>
        public const int Active = 0;
        /// <summary>incident.statecode: Resolved.</summary>
        public const int Resolved = 1;
        /// <summary>incident.statecode: Cancelled.</summary>
        public const int Cancelled = 2;

        /// <summary>incident.casetypecode: Problem, something the customer was promised stopped working.</summary>
        public const int ProblemCaseType = 2;

        /// <summary>
        /// A case breaches its SLA when it was resolved after its resolve-by date, or is still open past it on the scoring
        /// date. A case without a resolve-by date has no SLA to breach; a cancelled case breaches nothing.
        /// </summary>
        public static bool IsSlaBreached(int state, DateTime? resolveBy, DateTime? resolvedOn, DateTime scoringDate)
        {
            if (resolveBy == null)
            {
                return false;
            }

            switch (state)
            {
                case Active:
                    return resolveBy.Value < scoringDate;
                case Resolved:
                    return resolvedOn != null && resolvedOn.Value > resolveBy.Value;
                default:
                    return false;
            }
        }

        /// <summary>
        /// Case priority on the signal's scale of 1 (low) to 4 (critical), by Core's <see cref="CaseScales"/>; null for a
        /// priority outside Dataverse's High (1), Normal (2) and Low (3), which then does not count in the mean.
        /// </summary>
        public static double? Severity(int? priorityCode) =>
            priorityCode == null ? null : Known(CaseScales.SeverityFromPriority(priorityCode.Value));

        /// <summary>
        /// Satisfaction on 0-100 from incident.customersatisfactioncode (1 Very Dissatisfied ... 5 Very Satisfied), by
        /// Core's <see cref="CaseScales"/>. Returns null when the case was not rated.
        /// </summary>
        public static double? Satisfaction(int? satisfactionCode) =>
            satisfactionCode == null ? null : Known(CaseScales.SatisfactionFromRating(satisfactionCode.Value));

        private static double? Known(double value) => double.IsNaN(value) ? (double?)null : value;

        /// <summary>
        /// What a change of state stamps on the case: resolving it records when (the time given, else
        /// <paramref name="now"/>) and whether that was past its resolve-by date; reopening a resolved case counts one more
        /// reopen and clears the resolution. Null when the change stamps nothing (e.g. cancelling, or no change of state).
        /// </summary>
        public static CaseStamp? OnStateChange(int wasState, int newState, DateTime? resolveBy, DateTime? givenResolvedOn, int reopenCount, DateTime now)
        {
            if (newState == Resolved && wasState != Resolved)
            {
                var resolvedOn = givenResolvedOn ?? now;
                return new CaseStamp(resolvedOn, IsSlaBreached(Resolved, resolveBy, resolvedOn, resolvedOn), null);
            }

            if (newState == Active && wasState == Resolved)
            {
                return new CaseStamp(null, false, reopenCount + 1);
            }

            return null;
        }

        /// <summary>A case of type Problem reports a service failure.</summary>
        public static bool IsServiceFailure(int? caseTypeCode) => caseTypeCode == ProblemCaseType;
    }

    /// <summary>The columns a change of state stamps on a case (wb_resolvedon, wb_slabreached, wb_reopencount).</summary>
    public sealed class CaseStamp
    {
        public CaseStamp(DateTime? resolvedOn, bool slaBreached, int? reopenCount)
        {
            ResolvedOn = resolvedOn;
            SlaBreached = slaBreached;
            ReopenCount = reopenCount;
        }

        /// <summary>When the case was resolved; null clears it (reopened).</summary>
        public DateTime? ResolvedOn { get; }

        public bool SlaBreached { get; }

        /// <summary>The new reopen count; null leaves it as it is.</summary>
        public int? ReopenCount { get; }
    }

    /// <summary>How the status of an opportunity counts towards the growth signals.</summary>
    public static class OpportunityRules
    {
        /// <summary>opportunity.statecode: Open.</summary>
        public const int Open = 0;
        /// <summary>opportunity.statecode: Won.</summary>
        public const int Won = 1;
        /// <summary>opportunity.statecode: Lost.</summary>
        public const int Lost = 2;
    }

    /// <summary>Calendar arithmetic of the account-level signals.</summary>
    public static class AccountRules
    {
        /// <summary>Whole and fractional months between two dates, at 30.44 days a month; never negative.</summary>
        public static double MonthsBetween(DateTime from, DateTime to)
        {
            var days = (to - from).TotalDays;
            return days <= 0 ? 0 : Math.Round(days / 30.436875, 1);
        }

        /// <summary>Whole days from the last activity to the scoring date; never negative.</summary>
        public static double DaysSince(DateTime moment, DateTime scoringDate)
        {
            var days = Math.Floor((scoringDate - moment).TotalDays);
            return days < 0 ? 0 : days;
        }
    }
}
