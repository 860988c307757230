using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using WinBack.Core.Disengagement;
using WinBack.Plugins.Extraction;

namespace WinBack.Plugins.Disengagement
{
    /// <summary>What is stored on an account: its scoring inputs and its last result, to tell whether anything changed.</summary>
    internal sealed class AccountRow
    {
        public AccountRow(AccountFacts facts)
        {
            Facts = facts;
        }

        public AccountFacts Facts { get; }
        public int? Score { get; set; }
        public int? Band { get; set; }
        public bool ValueGap { get; set; }
        public bool TrustGap { get; set; }
        public bool ExperienceGap { get; set; }
        public bool GrowthGap { get; set; }
        public string? Reasons { get; set; }
        public DateTime? FlaggedOn { get; set; }

        /// <summary>The row version read with the stored result (versionnumber), for a write that must not overwrite a newer one.</summary>
        public long? Version { get; set; }

        /// <summary>The stored gap flags, as Core compares them.</summary>
        public GapFlags Gaps =>
            (ValueGap ? GapNames.Flag(Gap.Value) : GapFlags.None)
            | (TrustGap ? GapNames.Flag(Gap.Trust) : GapFlags.None)
            | (ExperienceGap ? GapNames.Flag(Gap.Experience) : GapFlags.None)
            | (GrowthGap ? GapNames.Flag(Gap.Growth) : GapFlags.None);

        /// <summary>The account columns every read path asks for, as FetchXML attributes.</summary>
        public static string FetchAttributes()
        {
            var xml = new StringBuilder();
            foreach (var column in new[]
            {
                Schema.Account.Name, Schema.Account.CreatedOn, Schema.Account.RenewalOn, Schema.Account.PrimaryContact,
                Schema.Account.Score, Schema.Account.Band, Schema.Account.ValueGap, Schema.Account.TrustGap,
                Schema.Account.ExperienceGap, Schema.Account.GrowthGap, Schema.Account.Reasons, Schema.Account.FlaggedOn,
                Schema.Account.Version,
            })
            {
                xml.Append("<attribute name=\"").Append(column).Append("\" />");
            }

            return xml.ToString();
        }

        /// <summary>The primary contact's status, joined to the account (no request of its own).</summary>
        public static string ChampionLink() =>
            "<link-entity name=\"" + Schema.Contact.Table + "\" from=\"" + Schema.Contact.Id + "\" to=\"" + Schema.Account.PrimaryContact
            + "\" link-type=\"outer\" alias=\"champion\"><attribute name=\"" + Schema.Contact.State + "\" /></link-entity>";

        public static AccountRow From(Entity account)
        {
            var facts = new AccountFacts(account.Id)
            {
                Name = account.GetAttributeValue<string>(Schema.Account.Name),
                CreatedOn = Fetch.Moment(Fetch.Get(account, Schema.Account.CreatedOn)),
                RenewalOn = Fetch.Moment(Fetch.Get(account, Schema.Account.RenewalOn)),
            };

            if (account.GetAttributeValue<EntityReference>(Schema.Account.PrimaryContact) != null)
            {
                var championState = Fetch.Option(Fetch.Get(account, "champion." + Schema.Contact.State));
                facts.ChampionLeft = championState != null && championState.Value != 0;
            }

            return new AccountRow(facts)
            {
                Score = (int?)Fetch.Number(Fetch.Get(account, Schema.Account.Score)),
                Band = Fetch.Option(Fetch.Get(account, Schema.Account.Band)),
                ValueGap = Fetch.Flag(Fetch.Get(account, Schema.Account.ValueGap)),
                TrustGap = Fetch.Flag(Fetch.Get(account, Schema.Account.TrustGap)),
                ExperienceGap = Fetch.Flag(Fetch.Get(account, Schema.Account.ExperienceGap)),
                GrowthGap = Fetch.Flag(Fetch.Get(account, Schema.Account.GrowthGap)),
                Reasons = account.GetAttributeValue<string>(Schema.Account.Reasons),
                FlaggedOn = Fetch.Moment(Fetch.Get(account, Schema.Account.FlaggedOn)),
                Version = Fetch.Get(account, Schema.Account.Version) is long version ? version : (long?)null,
            };
        }
    }

    /// <summary>
    /// Reads one account and its signals row by row, in three requests: the account with its champion, its
    /// opportunities and its usage snapshots (outer joins, so one row per opportunity and snapshot pair); its cases;
    /// and the emails regarding it or its contacts. Rows, not aggregates: for one account they are few, and one
    /// query serves every window.
    /// </summary>
    internal sealed class AccountSignalReader
    {
        private readonly IOrganizationService service;
        private readonly SignalWindows windows;

        public AccountSignalReader(IOrganizationService service, SignalWindows windows)
        {
            this.service = service;
            this.windows = windows;
        }

        /// <summary>Null when the account does not exist or is inactive.</summary>
        public AccountRow? Read(Guid accountId) => Read(accountId, null);

        /// <summary>The account a contact works for (the contact's company), found in the same first request.</summary>
        public AccountRow? ReadForContact(Guid contactId) => Read(null, contactId);

        private AccountRow? Read(Guid? accountId, Guid? contactId)
        {
            var row = ReadAccountBundle(accountId, contactId);
            if (row == null)
            {
                return null;
            }

            ReadCases(row.Facts);
            ReadEmails(row.Facts);
            return row;
        }

        private AccountRow? ReadAccountBundle(Guid? accountId, Guid? contactId)
        {
            // Either the account itself, or the account whose contact this is (an inner join on the contact).
            var which = accountId != null
                ? Fetch.Condition(Schema.Account.Id, "eq", accountId.Value.ToString("D"))
                : string.Empty;
            var viaContact = contactId != null
                ? "<link-entity name=\"" + Schema.Contact.Table + "\" from=\"" + Schema.Contact.ParentCustomer + "\" to=\"" + Schema.Account.Id
                  + "\" link-type=\"inner\" alias=\"via\"><filter>" + Fetch.Condition(Schema.Contact.Id, "eq", contactId.Value.ToString("D"))
                  + "</filter></link-entity>"
                : string.Empty;
            // Two one-to-many outer joins multiply (opportunities x snapshots), but for one account both are a handful
            // (a year of pipeline, two windows of snapshots), and it saves two requests on every recalculation.
            var fetch =
                "<fetch><entity name=\"" + Schema.Account.Table + "\">" + AccountRow.FetchAttributes()
                + "<filter>" + which + Fetch.Condition(Schema.Account.State, "eq", 0) + "</filter>"
                + viaContact
                + AccountRow.ChampionLink()
                + "<link-entity name=\"" + Schema.Opportunity.Table + "\" from=\"" + Schema.Opportunity.Account + "\" to=\"" + Schema.Account.Id
                + "\" link-type=\"outer\" alias=\"opportunity\">"
                + "<attribute name=\"" + Schema.Opportunity.Id + "\" />"
                + "<attribute name=\"" + Schema.Opportunity.State + "\" />"
                + "<filter type=\"or\">"
                + Fetch.Condition(Schema.Opportunity.State, "eq", OpportunityRules.Open)
                + "<filter type=\"and\">"
                + Fetch.Condition(Schema.Opportunity.State, "ne", OpportunityRules.Open)
                + Fetch.Condition(Schema.Opportunity.ClosedOn, "ge", windows.Pipeline.Start)
                + Fetch.Condition(Schema.Opportunity.ClosedOn, "lt", windows.Pipeline.End)
                + "</filter></filter></link-entity>"
                + "<link-entity name=\"" + Schema.Usage.Table + "\" from=\"" + Schema.Usage.Account + "\" to=\"" + Schema.Account.Id
                + "\" link-type=\"outer\" alias=\"usage\">"
                + "<attribute name=\"" + Schema.Usage.Id + "\" />"
                + "<attribute name=\"" + Schema.Usage.PeriodEnd + "\" />"
                + "<attribute name=\"" + Schema.Usage.Logins + "\" />"
                + "<attribute name=\"" + Schema.Usage.ActiveUsers + "\" />"
                + "<attribute name=\"" + Schema.Usage.Volume + "\" />"
                + "<attribute name=\"" + Schema.Usage.Spend + "\" />"
                + "<attribute name=\"" + Schema.Usage.Downgrades + "\" />"
                + "<attribute name=\"" + Schema.Usage.LastActivityOn + "\" />"
                + "<filter>"
                + Fetch.Condition(Schema.Usage.PeriodEnd, "ge", windows.SnapshotHorizon)
                + Fetch.Condition(Schema.Usage.PeriodEnd, "lt", windows.UsageCurrent.End)
                + "</filter></link-entity></entity></fetch>";

            var rows = RetrieveAll(fetch);
            if (rows.Count == 0)
            {
                return null;
            }

            var account = AccountRow.From(rows[0]);
            var opportunities = new HashSet<Guid>();
            var snapshots = new HashSet<Guid>();
            foreach (var row in rows)
            {
                var opportunity = Fetch.Id(Fetch.Get(row, "opportunity." + Schema.Opportunity.Id));
                if (opportunity != null && opportunities.Add(opportunity.Value))
                {
                    switch (Fetch.Option(Fetch.Get(row, "opportunity." + Schema.Opportunity.State)))
                    {
                        case OpportunityRules.Open: account.Facts.OpenOpportunities++; break;
                        case OpportunityRules.Won: account.Facts.WonOpportunities++; break;
                        case OpportunityRules.Lost: account.Facts.LostOpportunities++; break;
                    }
                }

                var snapshot = Fetch.Id(Fetch.Get(row, "usage." + Schema.Usage.Id));
                if (snapshot != null && snapshots.Add(snapshot.Value))
                {
                    AddSnapshot(account.Facts, row, "usage.");
                }
            }

            return account;
        }

        private void AddSnapshot(AccountFacts facts, Entity row, string prefix)
        {
            var periodEnd = Fetch.Moment(Fetch.Get(row, prefix + Schema.Usage.PeriodEnd));
            if (periodEnd == null)
            {
                return;
            }

            var logins = Fetch.Number(Fetch.Get(row, prefix + Schema.Usage.Logins));
            var users = Fetch.Number(Fetch.Get(row, prefix + Schema.Usage.ActiveUsers));
            var volume = Fetch.Number(Fetch.Get(row, prefix + Schema.Usage.Volume));
            var spend = Fetch.Number(Fetch.Get(row, prefix + Schema.Usage.Spend));
            var downgrades = Fetch.Number(Fetch.Get(row, prefix + Schema.Usage.Downgrades));
            var lastActivity = Fetch.Moment(Fetch.Get(row, prefix + Schema.Usage.LastActivityOn));
            foreach (var totals in UsageTargets(facts, periodEnd.Value))
            {
                totals.Add(1, logins, users, volume, spend, downgrades, lastActivity);
            }
        }

        private IEnumerable<UsageTotals> UsageTargets(AccountFacts facts, DateTime periodEnd)
        {
            if (windows.UsageCurrent.Contains(periodEnd)) yield return facts.UsageCurrent;
            if (windows.UsagePrevious.Contains(periodEnd)) yield return facts.UsagePrevious;
            if (windows.CommercialCurrent.Contains(periodEnd)) yield return facts.CommercialCurrent;
            if (windows.CommercialPrevious.Contains(periodEnd)) yield return facts.CommercialPrevious;
        }

        /// <summary>The alias of the case customer's contact row (empty when the customer is an account).</summary>
        private const string ContactAlias = "customercontact";

        private void ReadCases(AccountFacts facts)
        {
            var query = new QueryExpression(Schema.Case.Table)
            {
                ColumnSet = new ColumnSet(Schema.Case.CreatedOn, Schema.Case.State, Schema.Case.Priority, Schema.Case.CaseType,
                    Schema.Case.ResolveBy, Schema.Case.ResolvedOn, Schema.Case.Satisfaction, Schema.Case.ReopenCount, Schema.Case.Complaint),
            };
            // Filed under the account itself, or under one of its contacts (the customer lookup takes either): an outer
            // join to contact and an "or" across it, so the contact's cases cost no request of their own.
            query.LinkEntities.Add(new LinkEntity(Schema.Case.Table, Schema.Contact.Table, Schema.Case.Customer, Schema.Contact.Id, JoinOperator.LeftOuter)
            {
                EntityAlias = ContactAlias,
            });
            var customer = new FilterExpression(LogicalOperator.Or);
            customer.AddCondition(Schema.Case.Customer, ConditionOperator.Equal, facts.AccountId);
            customer.AddCondition(ContactAlias, Schema.Contact.ParentCustomer, ConditionOperator.Equal, facts.AccountId);
            query.Criteria.AddFilter(customer);
            var recentOrOverdue = new FilterExpression(LogicalOperator.Or);
            recentOrOverdue.AddCondition(Schema.Case.CreatedOn, ConditionOperator.GreaterEqual, windows.CaseHorizon);
            var overdue = new FilterExpression(LogicalOperator.And);
            overdue.AddCondition(Schema.Case.State, ConditionOperator.Equal, CaseRules.Active);
            overdue.AddCondition(Schema.Case.ResolveBy, ConditionOperator.LessThan, windows.ScoringDate);
            recentOrOverdue.AddFilter(overdue);
            query.Criteria.AddFilter(recentOrOverdue);

            foreach (var row in RetrieveAll(query))
            {
                var state = Fetch.Option(Fetch.Get(row, Schema.Case.State)) ?? CaseRules.Active;
                var createdOn = Fetch.Moment(Fetch.Get(row, Schema.Case.CreatedOn));
                var resolveBy = Fetch.Moment(Fetch.Get(row, Schema.Case.ResolveBy));
                var resolvedOn = Fetch.Moment(Fetch.Get(row, Schema.Case.ResolvedOn));
                if (state == CaseRules.Active && CaseRules.IsSlaBreached(state, resolveBy, resolvedOn, windows.ScoringDate))
                {
                    facts.OverdueOpenCases++;
                }

                CaseTotals? totals = createdOn == null ? null
                    : windows.SupportCurrent.Contains(createdOn.Value) ? facts.CasesCurrent
                    : windows.SupportPrevious.Contains(createdOn.Value) ? facts.CasesPrevious
                    : null;
                totals?.Add(
                    1,
                    Fetch.Option(Fetch.Get(row, Schema.Case.Priority)),
                    Fetch.Option(Fetch.Get(row, Schema.Case.CaseType)),
                    Fetch.Flag(Fetch.Get(row, Schema.Case.Complaint)),
                    (int)(Fetch.Number(Fetch.Get(row, Schema.Case.ReopenCount)) ?? 0),
                    state == CaseRules.Resolved && CaseRules.IsSlaBreached(state, resolveBy, resolvedOn, windows.ScoringDate),
                    Fetch.Option(Fetch.Get(row, Schema.Case.Satisfaction)));
            }
        }

        private void ReadEmails(AccountFacts facts)
        {
            // Regarding the account, or regarding a contact whose company is the account: one query, an outer join and an "or".
            var id = facts.AccountId.ToString("D");
            var fetch =
                "<fetch><entity name=\"" + Schema.Email.Table + "\">"
                + "<attribute name=\"" + Schema.Email.Id + "\" />"
                + "<attribute name=\"" + Schema.Email.OpenCount + "\" />"
                + "<filter type=\"and\">"
                + Fetch.Condition(Schema.Email.Direction, "eq", 1)
                + Fetch.Condition(Schema.Email.SentOn, "ge", windows.EmailCurrent.Start)
                + Fetch.Condition(Schema.Email.SentOn, "lt", windows.EmailCurrent.End)
                + "<filter type=\"or\">"
                + Fetch.Condition(Schema.Email.Regarding, "eq", id)
                + "<condition entityname=\"c\" attribute=\"" + Schema.Contact.ParentCustomer + "\" operator=\"eq\" value=\"" + id + "\" />"
                + "</filter></filter>"
                + "<link-entity name=\"" + Schema.Contact.Table + "\" from=\"" + Schema.Contact.Id + "\" to=\"" + Schema.Email.Regarding
                + "\" link-type=\"outer\" alias=\"c\" />"
                + "</entity></fetch>";

            foreach (var email in RetrieveAll(fetch))
            {
                facts.EmailsSent++;
                if ((Fetch.Number(Fetch.Get(email, Schema.Email.OpenCount)) ?? 0) > 0)
                {
                    facts.EmailsOpened++;
                }
            }
        }

        /// <summary>All rows of a FetchXML query, page by page (one request unless it returns more than 5,000 rows).</summary>
        private List<Entity> RetrieveAll(string fetchXml)
        {
            var rows = new List<Entity>();
            string? cookie = null;
            for (var page = 1; ; page++)
            {
                var paged = fetchXml.Replace("<fetch>", "<fetch count=\"5000\" page=\"" + page.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\""
                    + (cookie == null ? string.Empty : " paging-cookie=\"" + Fetch.Escape(cookie) + "\"") + ">");
                var result = service.RetrieveMultiple(new FetchExpression(paged));
                rows.AddRange(result.Entities);
                if (!result.MoreRecords)
                {
                    return rows;
                }

                cookie = result.PagingCookie;
            }
        }

        private IEnumerable<Entity> RetrieveAll(QueryExpression query)
        {
            query.PageInfo = new PagingInfo { Count = 5000, PageNumber = 1 };
            while (true)
            {
                var page = service.RetrieveMultiple(query);
                foreach (var entity in page.Entities)
                {
                    yield return entity;
                }

                if (!page.MoreRecords)
                {
                    yield break;
                }

                query.PageInfo.PageNumber++;
                query.PageInfo.PagingCookie = page.PagingCookie;
            }
        }
    }
}
