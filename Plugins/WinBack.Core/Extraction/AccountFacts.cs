using System;
using WinBack.Core.Disengagement;

namespace WinBack.Core.Extraction
{
    /// <summary>
    /// One numeric column of a window's usage snapshots: the sum of its values and how many snapshots had a value.
    /// Dataverse's aggregate <c>avg</c> of a whole-number column is truncated to a whole number, so the mean is made
    /// here from <c>sum</c> and <c>countcolumn</c>, exactly, and a window read in several groups adds up the same.
    /// </summary>
    public struct ColumnTotal
    {
        public ColumnTotal(double sum, int count)
        {
            Sum = sum;
            Count = count;
        }

        public double Sum { get; private set; }
        public int Count { get; private set; }

        /// <summary>Adds the sum of <paramref name="count"/> values (nothing when the sum is unknown or no value was counted).</summary>
        public void Add(double? sum, int count)
        {
            if (sum == null || count <= 0)
            {
                return;
            }

            Sum += sum.Value;
            Count += count;
        }

        /// <summary>The mean, to two decimals; NaN when no value was counted.</summary>
        public double Mean => Count > 0 ? Math.Round(Sum / Count, 2) : double.NaN;
    }

    /// <summary>Usage snapshots of one account in one window, totalled as aggregate groups are read.</summary>
    public sealed class UsageTotals
    {
        private ColumnTotal logins, activeUsers, usage, spend;

        public int Snapshots { get; private set; }
        public double Downgrades { get; private set; }
        public DateTime? LastActivityOn { get; private set; }

        /// <summary>Adds a group of <paramref name="snapshots"/> snapshots with the totals of its columns.</summary>
        public void Add(int snapshots, ColumnTotal logins, ColumnTotal activeUsers, ColumnTotal usage, ColumnTotal spend, double? downgrades, DateTime? lastActivityOn)
        {
            if (snapshots <= 0)
            {
                return;
            }

            Snapshots += snapshots;
            this.logins.Add(logins.Sum, logins.Count);
            this.activeUsers.Add(activeUsers.Sum, activeUsers.Count);
            this.usage.Add(usage.Sum, usage.Count);
            this.spend.Add(spend.Sum, spend.Count);
            Downgrades += downgrades ?? 0;
            if (lastActivityOn != null && (LastActivityOn == null || lastActivityOn > LastActivityOn))
            {
                LastActivityOn = lastActivityOn;
            }
        }

        /// <summary>Mean logins per snapshot period; NaN without snapshots.</summary>
        public double Logins => logins.Mean;
        public double ActiveUsers => activeUsers.Mean;
        public double Usage => usage.Mean;
        public double Spend => spend.Mean;
    }

    /// <summary>Cases of one account opened in one window.</summary>
    public sealed class CaseTotals
    {
        public int Opened { get; private set; }
        public int ResolvedLate { get; private set; }
        public int Reopened { get; private set; }
        public int Complaints { get; private set; }
        public int ServiceFailures { get; private set; }
        private double severitySum, severityCount, satisfactionSum, satisfactionCount;

        /// <summary>Adds <paramref name="count"/> cases that share these values (one row: count 1).</summary>
        public void Add(int count, int? priorityCode, int? caseTypeCode, bool complaint, int reopenCount, bool resolvedLate, int? satisfactionCode)
        {
            if (count <= 0)
            {
                return;
            }

            Opened += count;
            var severity = CaseRules.Severity(priorityCode);
            if (severity != null)
            {
                severitySum += severity.Value * count;
                severityCount += count;
            }

            var satisfaction = CaseRules.Satisfaction(satisfactionCode);
            if (satisfaction != null)
            {
                satisfactionSum += satisfaction.Value * count;
                satisfactionCount += count;
            }

            if (complaint) Complaints += count;
            if (reopenCount > 0) Reopened += count;
            if (resolvedLate) ResolvedLate += count;
            if (CaseRules.IsServiceFailure(caseTypeCode)) ServiceFailures += count;
        }

        /// <summary>Mean priority, 1 low to 4 critical; 0 when no case was opened.</summary>
        public double Severity => Opened == 0 ? 0 : severityCount > 0 ? Math.Round(severitySum / severityCount, 2) : double.NaN;

        /// <summary>Mean satisfaction 0-100 of the rated cases; NaN when none was rated.</summary>
        public double Satisfaction => satisfactionCount > 0 ? Math.Round(satisfactionSum / satisfactionCount, 1) : double.NaN;
    }

    /// <summary>
    /// Everything read about one account for one scoring date, before it becomes <see cref="AccountSignals"/>. The
    /// plug-ins fill it from aggregate queries (sums and counts, for one account or a page alike); <see cref="ToSignals"/>
    /// is the one place where those totals turn into signals.
    /// </summary>
    public sealed class AccountFacts
    {
        public AccountFacts(Guid accountId)
        {
            AccountId = accountId;
        }

        public Guid AccountId { get; }
        public string? Name { get; set; }
        public DateTime? CreatedOn { get; set; }
        public DateTime? RenewalOn { get; set; }

        /// <summary>True when the primary contact is inactive, false when active, null when the account has none.</summary>
        public bool? ChampionLeft { get; set; }

        public UsageTotals UsageCurrent { get; } = new UsageTotals();
        public UsageTotals UsagePrevious { get; } = new UsageTotals();
        public UsageTotals CommercialCurrent { get; } = new UsageTotals();
        public UsageTotals CommercialPrevious { get; } = new UsageTotals();
        public CaseTotals CasesCurrent { get; } = new CaseTotals();
        public CaseTotals CasesPrevious { get; } = new CaseTotals();

        /// <summary>Cases still open past their resolve-by date on the scoring date (whenever they were opened).</summary>
        public int OverdueOpenCases { get; set; }

        /// <summary>Outgoing emails regarding the account or its contacts in the email window, and how many were opened.</summary>
        public int EmailsSent { get; set; }
        public int EmailsOpened { get; set; }
        public int WonOpportunities { get; set; }
        public int LostOpportunities { get; set; }
        public int OpenOpportunities { get; set; }

        /// <summary>True when the organisation has any usage telemetry for this account in the windows read.</summary>
        public bool HasUsage => UsageCurrent.Snapshots + UsagePrevious.Snapshots + CommercialCurrent.Snapshots + CommercialPrevious.Snapshots > 0;

        /// <summary>Writes the signals into <paramref name="signals"/> (cleared first). Unknown stays missing, never zero.</summary>
        public void ToSignals(SignalWindows windows, AccountSignals signals)
        {
            signals.Clear();
            signals.AccountId = AccountId.ToString("D");

            // Usage: a window without snapshots is unknown, never zero. The current window is empty every time a refresh
            // runs before this period's snapshot arrives; reading that as zero would report "usage fell 100%" for every
            // account. An account whose telemetry really went quiet shows it in the days since its last activity.
            if (HasUsage)
            {
                SetUsage(signals, Metric.Logins, UsageCurrent.Logins, UsagePrevious.Logins);
                SetUsage(signals, Metric.ActiveUsers, UsageCurrent.ActiveUsers, UsagePrevious.ActiveUsers);
                SetUsage(signals, Metric.Usage, UsageCurrent.Usage, UsagePrevious.Usage);
                SetUsage(signals, Metric.Spend, CommercialCurrent.Spend, CommercialPrevious.Spend);
                signals.Set(
                    Metric.Downgrades,
                    current: CommercialCurrent.Snapshots > 0 ? CommercialCurrent.Downgrades : (double?)null,
                    previous: CommercialPrevious.Snapshots > 0 ? CommercialPrevious.Downgrades : (double?)null);

                var last = Latest(Latest(UsageCurrent.LastActivityOn, UsagePrevious.LastActivityOn), Latest(CommercialCurrent.LastActivityOn, CommercialPrevious.LastActivityOn));
                if (last != null)
                {
                    signals.SetCurrent(Metric.DaysSinceLastActivity, AccountRules.DaysSince(last.Value, windows.UsageEnd));
                }
            }

            // Support: Dataverse always knows the cases, so zero cases is a fact.
            signals.Set(Metric.Cases, current: CasesCurrent.Opened, previous: CasesPrevious.Opened);
            signals.Set(Metric.Severity, current: Nan(CasesCurrent.Severity), previous: Nan(CasesPrevious.Severity));
            signals.Set(Metric.SlaBreaches, current: CasesCurrent.ResolvedLate + OverdueOpenCases, previous: CasesPrevious.ResolvedLate);
            signals.Set(Metric.ReopenedCases, current: CasesCurrent.Reopened, previous: CasesPrevious.Reopened);
            signals.Set(Metric.Complaints, current: CasesCurrent.Complaints, previous: CasesPrevious.Complaints);
            signals.Set(Metric.ServiceFailures, current: CasesCurrent.ServiceFailures, previous: CasesPrevious.ServiceFailures);
            signals.Set(Metric.Satisfaction, current: Nan(CasesCurrent.Satisfaction), previous: Nan(CasesPrevious.Satisfaction));

            // Email engagement.
            signals.Set(Metric.EmailsSent, current: EmailsSent);
            signals.Set(Metric.EmailsOpened, current: EmailsOpened);

            // Commercial and growth.
            if (RenewalOn != null)
            {
                signals.SetCurrent(Metric.MonthsToRenewal, AccountRules.MonthsBetween(windows.ScoringDate, RenewalOn.Value));
            }

            signals.Set(Metric.WonOpportunities, current: WonOpportunities);
            signals.Set(Metric.LostOpportunities, current: LostOpportunities);
            signals.Set(Metric.OpenOpportunities, current: OpenOpportunities);
            if (ChampionLeft != null)
            {
                signals.SetCurrent(Metric.ChampionLeft, ChampionLeft.Value ? 1 : 0);
            }

            if (CreatedOn != null)
            {
                signals.SetCurrent(Metric.TenureMonths, AccountRules.MonthsBetween(CreatedOn.Value, windows.ScoringDate));
            }
        }

        private static void SetUsage(AccountSignals signals, Metric metric, double current, double previous) =>
            signals.Set(metric, current: Nan(current), previous: Nan(previous));

        private static double? Nan(double value) => double.IsNaN(value) ? (double?)null : value;

        private static DateTime? Latest(DateTime? a, DateTime? b) => a == null ? b : b == null ? a : (a > b ? a : b);
    }
}
