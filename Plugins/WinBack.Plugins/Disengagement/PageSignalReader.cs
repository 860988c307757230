using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.ServiceModel;
using System.Text;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using WinBack.Core.Extraction;

namespace WinBack.Plugins.Disengagement
{
    /// <summary>
    /// Reads the signals of accounts (one, for the form's button and the triggers, or a page, for the daily refresh)
    /// with aggregate FetchXML queries grouped by account: a fixed number of requests whatever the number of accounts,
    /// never one per account, and the same queries for one account as for many. Means are never asked of Dataverse
    /// (its avg truncates whole numbers): it returns sums and counts, and Core divides. Each query is bounded by a window and by the
    /// page's accounts, so the page size bounds it: a page that still crosses Dataverse's 50,000-row aggregate limit
    /// fails with a message asking for smaller pages (the caller's loop halves the page size and carries on).
    /// </summary>
    internal sealed class PageSignalReader
    {
        /// <summary>Dataverse's AggregateQueryRecordLimit fault (0x8004E023).</summary>
        public const int AggregateQueryRecordLimit = -2147164125;

        private readonly IOrganizationService service;
        private readonly SignalWindows windows;

        public PageSignalReader(IOrganizationService service, SignalWindows windows)
        {
            this.service = service;
            this.windows = windows;
        }

        /// <summary>
        /// The end of the latest usage period the organisation has received by <paramref name="scoringDate"/>, or null
        /// when it has none: where the usage windows end (<see cref="SignalWindows"/>). One row, by an ordered query
        /// rather than an aggregate, so it never meets the 50,000-row aggregate limit.
        /// </summary>
        public static DateTime? LatestUsage(IOrganizationService service, DateTime scoringDate) => LatestUsage(service, scoringDate, null);

        /// <summary>
        /// Where the organisation's usage telemetry ends for one recalculation: the end stored by the last refresh of the
        /// distribution, or this account's own latest snapshot when it is newer (a read through the account's index, not
        /// a scan of every snapshot); with nothing stored, the organisation's latest snapshot.
        /// </summary>
        public static DateTime? UsageEndFor(IOrganizationService service, DateTime scoringDate, DateTime? storedEnd, Guid accountId)
        {
            if (storedEnd == null)
            {
                return LatestUsage(service, scoringDate);
            }

            var own = LatestUsage(service, scoringDate, accountId);
            return own != null && own.Value > storedEnd.Value ? own : storedEnd;
        }

        private static DateTime? LatestUsage(IOrganizationService service, DateTime scoringDate, Guid? accountId)
        {
            var fetch =
                "<fetch top=\"1\"><entity name=\"" + Schema.Usage.Table + "\">"
                + "<attribute name=\"" + Schema.Usage.PeriodEnd + "\" />"
                + "<filter>" + Fetch.Condition(Schema.Usage.PeriodEnd, "le", scoringDate)
                + (accountId == null ? string.Empty : Fetch.Condition(Schema.Usage.Account, "eq", accountId.Value.ToString("D"))) + "</filter>"
                + "<order attribute=\"" + Schema.Usage.PeriodEnd + "\" descending=\"true\" />"
                + "</entity></fetch>";
            var rows = service.RetrieveMultiple(new FetchExpression(fetch)).Entities;
            return rows.Count == 0 ? null : Fetch.Moment(Fetch.Get(rows[0], Schema.Usage.PeriodEnd));
        }

        public void Read(IReadOnlyDictionary<Guid, AccountFacts> accounts)
        {
            if (accounts.Count == 0)
            {
                return;
            }

            var ids = accounts.Keys.ToList();
            ReadUsage(accounts, ids);
            ReadCases(accounts, ids);
            ReadEmails(accounts, ids);
            ReadOpportunities(accounts, ids);
        }

        private void ReadUsage(IReadOnlyDictionary<Guid, AccountFacts> accounts, List<Guid> ids)
        {
            // One query per distinct window: the usage and commercial windows share queries when they are equal.
            var targets = new List<KeyValuePair<Interval, Func<AccountFacts, UsageTotals>>>
            {
                new KeyValuePair<Interval, Func<AccountFacts, UsageTotals>>(windows.UsageCurrent, f => f.UsageCurrent),
                new KeyValuePair<Interval, Func<AccountFacts, UsageTotals>>(windows.UsagePrevious, f => f.UsagePrevious),
                new KeyValuePair<Interval, Func<AccountFacts, UsageTotals>>(windows.CommercialCurrent, f => f.CommercialCurrent),
                new KeyValuePair<Interval, Func<AccountFacts, UsageTotals>>(windows.CommercialPrevious, f => f.CommercialPrevious),
            };

            foreach (var window in targets.GroupBy(t => t.Key))
            {
                var interval = window.Key;
                var selectors = window.Select(t => t.Value).ToList();
                foreach (var row in Aggregate(ids, "usage snapshots in one window", page => UsageFetch(page, interval)))
                {
                    if (!TryAccount(accounts, row, "account", out var facts))
                    {
                        continue;
                    }

                    foreach (var select in selectors)
                    {
                        select(facts).Add(
                            Fetch.Count(Fetch.Get(row, "snapshots")),
                            Total(row, "logins"),
                            Total(row, "activeusers"),
                            Total(row, "usage"),
                            Total(row, "spend"),
                            Fetch.Number(Fetch.Get(row, "downgrades")),
                            Fetch.Moment(Fetch.Get(row, "lastactivity")));
                    }
                }
            }
        }

        /// <summary>The sum of a column and how many snapshots had a value in it.</summary>
        private static ColumnTotal Total(Entity row, string alias) =>
            new ColumnTotal(Fetch.Number(Fetch.Get(row, alias)) ?? 0, Fetch.Count(Fetch.Get(row, alias + "count")));

        private static string Summed(string column, string alias) =>
            "<attribute name=\"" + column + "\" aggregate=\"sum\" alias=\"" + alias + "\" />"
            + "<attribute name=\"" + column + "\" aggregate=\"countcolumn\" alias=\"" + alias + "count\" />";

        private static string UsageFetch(IEnumerable<Guid> ids, Interval window) =>
            "<fetch aggregate=\"true\"><entity name=\"" + Schema.Usage.Table + "\">"
            + "<attribute name=\"" + Schema.Usage.Account + "\" groupby=\"true\" alias=\"account\" />"
            + "<attribute name=\"" + Schema.Usage.Id + "\" aggregate=\"count\" alias=\"snapshots\" />"
            + Summed(Schema.Usage.Logins, "logins")
            + Summed(Schema.Usage.ActiveUsers, "activeusers")
            + Summed(Schema.Usage.Volume, "usage")
            + Summed(Schema.Usage.Spend, "spend")
            + "<attribute name=\"" + Schema.Usage.Downgrades + "\" aggregate=\"sum\" alias=\"downgrades\" />"
            + "<attribute name=\"" + Schema.Usage.LastActivityOn + "\" aggregate=\"max\" alias=\"lastactivity\" />"
            + "<filter type=\"and\">"
            + Fetch.In(Schema.Usage.Account, ids)
            + Fetch.Condition(Schema.Usage.PeriodEnd, "ge", window.Start)
            + Fetch.Condition(Schema.Usage.PeriodEnd, "lt", window.End)
            + "</filter></entity></fetch>";

        private void ReadCases(IReadOnlyDictionary<Guid, AccountFacts> accounts, List<Guid> ids)
        {
            var targets = new[]
            {
                new KeyValuePair<Interval, Func<AccountFacts, CaseTotals>>(windows.SupportCurrent, f => f.CasesCurrent),
                new KeyValuePair<Interval, Func<AccountFacts, CaseTotals>>(windows.SupportPrevious, f => f.CasesPrevious),
            };

            foreach (var target in targets)
            {
                foreach (var row in Aggregate(ids, "cases in one support window", page => CaseFetch(page, target.Key)))
                {
                    if (!TryCaseAccount(accounts, row, out var facts))
                    {
                        continue;
                    }

                    // Breaches by late resolution are counted here; open cases past due are counted once, below.
                    var state = Fetch.Option(Fetch.Get(row, "state")) ?? CaseRules.Active;
                    target.Value(facts).Add(
                        Fetch.Count(Fetch.Get(row, "cases")),
                        Fetch.Option(Fetch.Get(row, "priority")),
                        Fetch.Option(Fetch.Get(row, "casetype")),
                        Fetch.Flag(Fetch.Get(row, "complaint")),
                        (int)(Fetch.Number(Fetch.Get(row, "reopens")) ?? 0),
                        state == CaseRules.Resolved && Fetch.Flag(Fetch.Get(row, "breached")),
                        Fetch.Option(Fetch.Get(row, "satisfaction")));
                }
            }

            foreach (var row in Aggregate(ids, "open cases past their resolve-by date", OverdueFetch))
            {
                if (TryCaseAccount(accounts, row, out var facts))
                {
                    facts.OverdueOpenCases += Fetch.Count(Fetch.Get(row, "cases"));
                }
            }
        }

        private static string CaseFetch(IEnumerable<Guid> ids, Interval window) =>
            "<fetch aggregate=\"true\"><entity name=\"" + Schema.Case.Table + "\">"
            + "<attribute name=\"" + Schema.Case.Customer + "\" groupby=\"true\" alias=\"account\" />"
            + "<attribute name=\"" + Schema.Case.State + "\" groupby=\"true\" alias=\"state\" />"
            + "<attribute name=\"" + Schema.Case.Priority + "\" groupby=\"true\" alias=\"priority\" />"
            + "<attribute name=\"" + Schema.Case.CaseType + "\" groupby=\"true\" alias=\"casetype\" />"
            + "<attribute name=\"" + Schema.Case.Complaint + "\" groupby=\"true\" alias=\"complaint\" />"
            + "<attribute name=\"" + Schema.Case.ReopenCount + "\" groupby=\"true\" alias=\"reopens\" />"
            + "<attribute name=\"" + Schema.Case.SlaBreached + "\" groupby=\"true\" alias=\"breached\" />"
            + "<attribute name=\"" + Schema.Case.Satisfaction + "\" groupby=\"true\" alias=\"satisfaction\" />"
            + "<attribute name=\"" + Schema.Case.Id + "\" aggregate=\"count\" alias=\"cases\" />"
            + "<filter type=\"and\">"
            + CaseCustomerIn(ids)
            + Fetch.Condition(Schema.Case.CreatedOn, "ge", window.Start)
            + Fetch.Condition(Schema.Case.CreatedOn, "lt", window.End)
            + "</filter>"
            + CaseCustomerContact()
            + "</entity></fetch>";

        private string OverdueFetch(IEnumerable<Guid> ids) =>
            "<fetch aggregate=\"true\"><entity name=\"" + Schema.Case.Table + "\">"
            + "<attribute name=\"" + Schema.Case.Customer + "\" groupby=\"true\" alias=\"account\" />"
            + "<attribute name=\"" + Schema.Case.Id + "\" aggregate=\"count\" alias=\"cases\" />"
            + "<filter type=\"and\">"
            + CaseCustomerIn(ids)
            + Fetch.Condition(Schema.Case.State, "eq", CaseRules.Active)
            + Fetch.Condition(Schema.Case.ResolveBy, "lt", windows.ScoringDate)
            + "</filter>"
            + CaseCustomerContact()
            + "</entity></fetch>";

        /// <summary>The alias of the case customer's contact row (no row when the customer is an account).</summary>
        private const string CustomerContact = "customercontact";

        /// <summary>The group-by alias of the account a contact customer belongs to.</summary>
        private const string ContactAccount = "contactaccount";

        // A case counts for the account it is filed under, or for the account of the contact it is filed under
        // (customerid takes either): one outer join and an "or" across it, so the same queries serve both.
        private static string CaseCustomerIn(IEnumerable<Guid> ids) =>
            "<filter type=\"or\">"
            + Fetch.In(Schema.Case.Customer, ids)
            + Fetch.In(CustomerContact, Schema.Contact.ParentCustomer, ids)
            + "</filter>";

        private static string CaseCustomerContact() =>
            "<link-entity name=\"" + Schema.Contact.Table + "\" from=\"" + Schema.Contact.Id + "\" to=\"" + Schema.Case.Customer
            + "\" link-type=\"outer\" alias=\"" + CustomerContact + "\">"
            + "<attribute name=\"" + Schema.Contact.ParentCustomer + "\" groupby=\"true\" alias=\"" + ContactAccount + "\" />"
            + "</link-entity>";

        /// <summary>The account a case group counts for: its customer when that is one of the page's accounts, else its contact's company.</summary>
        private static bool TryCaseAccount(IReadOnlyDictionary<Guid, AccountFacts> accounts, Entity row, out AccountFacts facts) =>
            TryAccount(accounts, row, "account", out facts) || TryAccount(accounts, row, ContactAccount, out facts);

        private void ReadEmails(IReadOnlyDictionary<Guid, AccountFacts> accounts, List<Guid> ids)
        {
            // Regarding the account itself, then regarding one of its contacts.
            foreach (var viaContact in new[] { false, true })
            {
                foreach (var row in Aggregate(ids, "emails in the email window", page => EmailFetch(page, windows.EmailCurrent, viaContact)))
                {
                    if (!TryAccount(accounts, row, "account", out var facts))
                    {
                        continue;
                    }

                    var count = Fetch.Count(Fetch.Get(row, "emails"));
                    facts.EmailsSent += count;
                    if ((Fetch.Number(Fetch.Get(row, "opens")) ?? 0) > 0)
                    {
                        facts.EmailsOpened += count;
                    }
                }
            }
        }

        private static string EmailFetch(IEnumerable<Guid> ids, Interval window, bool viaContact)
        {
            var xml = new StringBuilder();
            xml.Append("<fetch aggregate=\"true\"><entity name=\"").Append(Schema.Email.Table).Append("\">");
            if (!viaContact)
            {
                xml.Append("<attribute name=\"").Append(Schema.Email.Regarding).Append("\" groupby=\"true\" alias=\"account\" />");
            }

            xml.Append("<attribute name=\"").Append(Schema.Email.OpenCount).Append("\" groupby=\"true\" alias=\"opens\" />")
               .Append("<attribute name=\"").Append(Schema.Email.Id).Append("\" aggregate=\"count\" alias=\"emails\" />")
               .Append("<filter type=\"and\">")
               .Append(Fetch.Condition(Schema.Email.Direction, "eq", 1))
               .Append(Fetch.Condition(Schema.Email.SentOn, "ge", window.Start))
               .Append(Fetch.Condition(Schema.Email.SentOn, "lt", window.End));
            if (!viaContact)
            {
                xml.Append(Fetch.In(Schema.Email.Regarding, ids));
            }

            xml.Append("</filter>");
            if (viaContact)
            {
                xml.Append("<link-entity name=\"").Append(Schema.Contact.Table).Append("\" from=\"").Append(Schema.Contact.Id)
                   .Append("\" to=\"").Append(Schema.Email.Regarding).Append("\" link-type=\"inner\" alias=\"c\">")
                   .Append("<attribute name=\"").Append(Schema.Contact.ParentCustomer).Append("\" groupby=\"true\" alias=\"account\" />")
                   .Append("<filter>").Append(Fetch.In(Schema.Contact.ParentCustomer, ids)).Append("</filter>")
                   .Append("</link-entity>");
            }

            return xml.Append("</entity></fetch>").ToString();
        }

        private void ReadOpportunities(IReadOnlyDictionary<Guid, AccountFacts> accounts, List<Guid> ids)
        {
            foreach (var row in Aggregate(ids, "opportunities", OpportunityFetch))
            {
                if (!TryAccount(accounts, row, "account", out var facts))
                {
                    continue;
                }

                var count = Fetch.Count(Fetch.Get(row, "opportunities"));
                switch (Fetch.Option(Fetch.Get(row, "state")))
                {
                    case OpportunityRules.Open: facts.OpenOpportunities += count; break;
                    case OpportunityRules.Won: facts.WonOpportunities += count; break;
                    case OpportunityRules.Lost: facts.LostOpportunities += count; break;
                }
            }
        }

        private string OpportunityFetch(IEnumerable<Guid> ids) =>
            "<fetch aggregate=\"true\"><entity name=\"" + Schema.Opportunity.Table + "\">"
            + "<attribute name=\"" + Schema.Opportunity.Account + "\" groupby=\"true\" alias=\"account\" />"
            + "<attribute name=\"" + Schema.Opportunity.State + "\" groupby=\"true\" alias=\"state\" />"
            + "<attribute name=\"" + Schema.Opportunity.Id + "\" aggregate=\"count\" alias=\"opportunities\" />"
            + "<filter type=\"and\">"
            + Fetch.In(Schema.Opportunity.Account, ids)
            + "<filter type=\"or\">"
            + Fetch.Condition(Schema.Opportunity.State, "eq", OpportunityRules.Open)
            + "<filter type=\"and\">"
            + Fetch.Condition(Schema.Opportunity.State, "ne", OpportunityRules.Open)
            + Fetch.Condition(Schema.Opportunity.ClosedOn, "ge", windows.Pipeline.Start)
            + Fetch.Condition(Schema.Opportunity.ClosedOn, "lt", windows.Pipeline.End)
            + "</filter></filter></filter></entity></fetch>";

        /// <summary>
        /// Runs an aggregate query for the page's accounts. Dataverse refuses an aggregate over more than 50,000 rows
        /// and, inside the Custom API's transaction, a refused request cannot be caught and worked around: the
        /// whole call fails. So the refusal becomes a message that tells the caller to ask for smaller pages.
        /// </summary>
        private IEnumerable<Entity> Aggregate(IReadOnlyList<Guid> ids, string what, Func<IEnumerable<Guid>, string> fetchXml)
        {
            // An aggregate returns its groups 5,000 at a time like any query: a page of accounts grouped by several
            // columns can have more groups than that, and every group counts. One request unless there are more.
            var xml = OrderedByGroups(fetchXml(ids));
            var rows = new List<Entity>();
            for (var page = 1; ; page++)
            {
                var paged = xml.Replace(
                    AggregateFetch,
                    "<fetch aggregate=\"true\" count=\"" + GroupsPerPage.ToString(CultureInfo.InvariantCulture)
                    + "\" page=\"" + page.ToString(CultureInfo.InvariantCulture) + "\">");
                EntityCollection result;
                try
                {
                    result = service.RetrieveMultiple(new FetchExpression(paged));
                }
                catch (FaultException<OrganizationServiceFault> fault) when (fault.Detail?.ErrorCode == AggregateQueryRecordLimit)
                {
                    throw new InvalidPluginExecutionException(
                        "These " + ids.Count + " accounts have more than 50,000 " + what + ", more than Dataverse can total in one query. "
                        + "Call again with the same PagingCookie and a smaller PageSize (for example " + Math.Max(1, ids.Count / 4) + ").",
                        fault);
                }

                rows.AddRange(result.Entities);
                if (!result.MoreRecords)
                {
                    return rows;
                }
            }
        }

        /// <summary>
        /// Orders an aggregate by every group it makes, so that reading its groups page by page sees each group once:
        /// Dataverse promises a stable order across pages only for an ordered query.
        /// </summary>
        internal static string OrderedByGroups(string fetchXml)
        {
            const string marker = "groupby=\"true\" alias=\"";
            var orders = new StringBuilder();
            for (var at = fetchXml.IndexOf(marker, StringComparison.Ordinal); at >= 0; at = fetchXml.IndexOf(marker, at + 1, StringComparison.Ordinal))
            {
                var start = at + marker.Length;
                var alias = fetchXml.Substring(start, fetchXml.IndexOf('"', start) - start);
                orders.Append("<order alias=\"").Append(alias).Append("\" />");
            }

            var end = fetchXml.LastIndexOf("</entity>", StringComparison.Ordinal);
            return orders.Length == 0 || end < 0 ? fetchXml : fetchXml.Insert(end, orders.ToString());
        }

        private const string AggregateFetch = "<fetch aggregate=\"true\">";

        /// <summary>The most rows Dataverse returns in one page, aggregate groups included.</summary>
        private const int GroupsPerPage = 5000;

        private static bool TryAccount(IReadOnlyDictionary<Guid, AccountFacts> accounts, Entity row, string alias, out AccountFacts facts)
        {
            var id = Fetch.Id(Fetch.Get(row, alias));
            if (id != null && accounts.TryGetValue(id.Value, out var found))
            {
                facts = found;
                return true;
            }

            facts = null!;
            return false;
        }
    }
}
