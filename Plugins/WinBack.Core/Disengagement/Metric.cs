using System;

namespace WinBack.Core.Disengagement
{
    /// <summary>
    /// A raw measurement about one account for one scoring date. Each metric may carry a current level (this
    /// window), a previous level (the window before) and a change (current minus previous).
    /// The names in CSV files and JSON are the snake_case names of <see cref="MetricNames"/>.
    /// </summary>
    public enum Metric
    {
        /// <summary>Logins in the usage window.</summary>
        Logins = 0,
        /// <summary>Distinct active users in the usage window.</summary>
        ActiveUsers,
        /// <summary>Usage volume in the usage window (whatever unit the product telemetry counts).</summary>
        Usage,
        /// <summary>Days from the last recorded activity to the scoring date.</summary>
        DaysSinceLastActivity,
        /// <summary>Cases opened in the support window.</summary>
        Cases,
        /// <summary>Mean case priority, 1 low to 4 critical; 0 when there were no cases.</summary>
        Severity,
        /// <summary>Cases resolved after their resolve-by date, or still open past it, in the support window.</summary>
        SlaBreaches,
        /// <summary>Cases reopened in the support window.</summary>
        ReopenedCases,
        /// <summary>Complaint-type cases in the support window.</summary>
        Complaints,
        /// <summary>Service failures (outages, failed deliveries, dropped calls) in the support window.</summary>
        ServiceFailures,
        /// <summary>Satisfaction, 0-100, in the support window.</summary>
        Satisfaction,
        /// <summary>Outgoing emails to the account or its contacts in the email window.</summary>
        EmailsSent,
        /// <summary>Of those, how many were opened.</summary>
        EmailsOpened,
        /// <summary>Spend in the commercial window.</summary>
        Spend,
        /// <summary>Months from the scoring date to the renewal date.</summary>
        MonthsToRenewal,
        /// <summary>Downgrades (fewer seats, lower plan) in the commercial window.</summary>
        Downgrades,
        /// <summary>Opportunities won in the pipeline window.</summary>
        WonOpportunities,
        /// <summary>Opportunities lost in the pipeline window.</summary>
        LostOpportunities,
        /// <summary>Open opportunities on the scoring date.</summary>
        OpenOpportunities,
        /// <summary>1 when the primary contact (the champion) is no longer active, else 0.</summary>
        ChampionLeft,
        /// <summary>Months since the account became a customer.</summary>
        TenureMonths,
    }

    /// <summary>Names and counts of <see cref="Metric"/>.</summary>
    public static class MetricNames
    {
        /// <summary>Number of metrics; arrays indexed by metric have this length.</summary>
        public const int Count = 21;

        private static readonly string[] Names =
        {
            "logins", "active_users", "usage", "days_since_last_activity", "cases", "severity", "sla_breaches",
            "reopened_cases", "complaints", "service_failures", "satisfaction", "emails_sent", "emails_opened",
            "spend", "months_to_renewal", "downgrades", "won_opportunities", "lost_opportunities",
            "open_opportunities", "champion_left", "tenure_months",
        };

        private static readonly string[] Labels =
        {
            "Logins", "Active users", "Usage", "Days since last activity", "Cases", "Mean case priority", "SLA breaches",
            "Reopened cases", "Complaints", "Service failures", "Satisfaction", "Emails sent", "Emails opened",
            "Spend", "Months to renewal", "Downgrades", "Won opportunities", "Lost opportunities",
            "Open opportunities", "Champion left", "Tenure",
        };

        /// <summary>All metrics in enum order.</summary>
        public static Metric[] All()
        {
            var all = new Metric[Count];
            for (int i = 0; i < Count; i++) all[i] = (Metric)i;
            return all;
        }

        /// <summary>The snake_case name used in CSV headers, e.g. "sla_breaches".</summary>
        public static string Name(Metric metric) => Names[(int)metric];

        /// <summary>A label for people, e.g. "SLA breaches".</summary>
        public static string Label(Metric metric) => Labels[(int)metric];

        /// <summary>Finds a metric by its snake_case name (ordinal, case-insensitive).</summary>
        public static bool TryParse(string name, out Metric metric)
        {
            for (int i = 0; i < Count; i++)
            {
                if (string.Equals(Names[i], name, StringComparison.OrdinalIgnoreCase)) { metric = (Metric)i; return true; }
            }
            metric = default;
            return false;
        }
    }
}
