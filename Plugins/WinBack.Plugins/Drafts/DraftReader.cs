using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using WinBack.Core.Drafts;
using WinBack.Core.Gate;
using WinBack.Plugins.Gate;

namespace WinBack.Plugins.Drafts
{
    /// <summary>
    /// Reads what the composer needs in three requests (and the wording in a fourth, <see cref="Templates"/>): (1) the remediation with its account, the contact among the
    /// account's contacts and the account's sent outreaches (link-entities); (2) the cases behind the remediation, the
    /// few that matter first (SLA breached, then the most recently opened; at most <see cref="DraftComposer.MaxCases"/>
    /// rows, so 10,000 cases cost what three do); (3) the sender (the outreach's owner).
    /// </summary>
    internal static class DraftReader
    {
        private const string A = "a", C = "c", O = "o";

        /// <summary>The drafts' base language: the shipped templates' base (see README, "Outreach drafts").</summary>
        public const string BaseLanguage = "en";

        /// <summary>The composer's input, or null when the remediation does not exist.</summary>
        public static DraftInput? Read(IOrganizationService service, Guid remediationId, Guid? contactId, Guid senderId)
        {
            var query = new QueryExpression(GateSchema.Remediation.Table)
            {
                ColumnSet = new ColumnSet(GateSchema.Remediation.Name, GateSchema.Remediation.Account, GateSchema.Remediation.Gap,
                    GateSchema.Remediation.RootCause, GateSchema.Remediation.Fix, GateSchema.Remediation.Evidence, GateSchema.Remediation.FixedOn,
                    DraftSchema.CauseControllable, GateSchema.Status),
            };
            query.Criteria.AddCondition(GateSchema.Remediation.Id, ConditionOperator.Equal, remediationId);
            var account = query.AddLink(GateSchema.Account.Table, GateSchema.Remediation.Account, GateSchema.Account.Id, JoinOperator.Inner);
            account.EntityAlias = A;
            account.Columns = new ColumnSet(GateSchema.Account.Id, GateSchema.Account.Name, DraftSchema.CreatedOn);
            if (contactId != null)
            {
                var contact = account.AddLink(GateSchema.Contact.Table, GateSchema.Account.Id, GateSchema.Contact.Company, JoinOperator.LeftOuter);
                contact.EntityAlias = C;
                contact.Columns = new ColumnSet(GateSchema.Contact.Id, DraftSchema.FirstName, DraftSchema.PreferredLanguage);
                contact.LinkCriteria.AddCondition(GateSchema.Contact.Id, ConditionOperator.Equal, contactId.Value);
            }
            var earlier = account.AddLink(GateSchema.Outreach.Table, GateSchema.Account.Id, GateSchema.Outreach.Regarding, JoinOperator.LeftOuter);
            earlier.EntityAlias = O;
            earlier.Columns = new ColumnSet(GateSchema.Outreach.Id, GateSchema.Outreach.ActualEnd, DraftSchema.Outcome);
            earlier.LinkCriteria.AddCondition(GateSchema.Status, ConditionOperator.Equal, (int)OutreachStatus.Sent);

            var rows = service.RetrieveMultiple(query).Entities;
            if (rows.Count == 0) return null;
            var first = rows[0];
            var input = new DraftInput
            {
                Account = new DraftAccount
                {
                    Id = Aliased<Guid?>(first, A, GateSchema.Account.Id) ?? Guid.Empty,
                    Name = Aliased<string>(first, A, GateSchema.Account.Name) ?? "",
                    CustomerSince = Aliased<DateTime?>(first, A, DraftSchema.CreatedOn),
                },
                Remediation = new RemediationFacts
                {
                    Id = first.Id,
                    Name = first.GetAttributeValue<string>(GateSchema.Remediation.Name) ?? "",
                    AccountId = first.GetAttributeValue<EntityReference>(GateSchema.Remediation.Account)?.Id ?? Guid.Empty,
                    Status = (RemediationStatus)(first.GetAttributeValue<OptionSetValue>(GateSchema.Status)?.Value ?? 1),
                    Gap = GateValues.GapOf(first.GetAttributeValue<OptionSetValue>(GateSchema.Remediation.Gap)?.Value),
                    RootCause = first.GetAttributeValue<string>(GateSchema.Remediation.RootCause),
                    Fix = first.GetAttributeValue<string>(GateSchema.Remediation.Fix),
                    Evidence = first.GetAttributeValue<string>(GateSchema.Remediation.Evidence),
                    FixedOn = first.GetAttributeValue<DateTime?>(GateSchema.Remediation.FixedOn),
                },
                CauseControllable = first.GetAttributeValue<bool?>(DraftSchema.CauseControllable),
            };
            if (contactId != null && Aliased<Guid?>(first, C, GateSchema.Contact.Id) is Guid id)
            {
                input.Contact = new DraftContact
                {
                    Id = id,
                    FirstName = Aliased<string>(first, C, DraftSchema.FirstName),
                    Language = Aliased<string>(first, C, DraftSchema.PreferredLanguage),
                };
            }
            var seen = new HashSet<Guid>();
            foreach (var row in rows)
            {
                if (!(Aliased<Guid?>(row, O, GateSchema.Outreach.Id) is Guid outreachId) || !seen.Add(outreachId)) continue;
                input.Earlier.Add(new EarlierOutreach
                {
                    Id = outreachId,
                    SentOn = Aliased<DateTime?>(row, O, GateSchema.Outreach.ActualEnd),
                    Outcome = Aliased<OptionSetValue>(row, O, DraftSchema.Outcome)?.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
                });
            }

            foreach (var c in Cases(service, remediationId)) input.Cases.Add(c);
            var sender = service.Retrieve(DraftSchema.User, senderId, new ColumnSet(DraftSchema.FullName, DraftSchema.Title));
            input.Sender = new DraftSender
            {
                Id = senderId,
                Name = sender.GetAttributeValue<string>(DraftSchema.FullName),
                Title = sender.GetAttributeValue<string>(DraftSchema.Title),
            };
            return input;
        }

        /// <summary>
        /// The wording: the shipped templates with the administrators' active wb_drafttemplate rows in their place (one
        /// request). A stored row that is not valid anyway is traced and its language keeps the shipped wording.
        /// </summary>
        public static DraftTemplates Templates(IOrganizationService service, ITracingService tracing)
        {
            var query = new QueryExpression(DraftSchema.Template.Table)
            {
                ColumnSet = new ColumnSet(DraftSchema.Template.Name, DraftSchema.Template.Language, DraftSchema.Template.Culture,
                    DraftSchema.Template.DatePattern, DraftSchema.Template.Sections),
            };
            query.Criteria.AddCondition(GateSchema.State, ConditionOperator.Equal, 0);
            query.AddOrder(DraftSchema.Template.Name, OrderType.Ascending);
            var stored = service.RetrieveMultiple(query).Entities.Select(e => new StoredTemplate
            {
                Name = e.GetAttributeValue<string>(DraftSchema.Template.Name) ?? "",
                Language = e.GetAttributeValue<string>(DraftSchema.Template.Language),
                Culture = e.GetAttributeValue<string>(DraftSchema.Template.Culture),
                DatePattern = e.GetAttributeValue<string>(DraftSchema.Template.DatePattern),
                Sections = e.GetAttributeValue<string>(DraftSchema.Template.Sections),
            });
            var warnings = new List<string>();
            var templates = DraftTemplates.WithStored(stored, BaseLanguage, warnings);
            foreach (var warning in warnings) tracing.Trace("{0}", warning);
            return templates;
        }

        /// <summary>
        /// The cases a draft may cite, in the composer's order (SLA breached first, then the most recently opened, then by
        /// case number), at most <see cref="DraftComposer.MaxCases"/>: the query does the choosing, so any number of cases
        /// costs one request of three rows.
        /// </summary>
        private static IEnumerable<DraftCase> Cases(IOrganizationService service, Guid remediationId)
        {
            var query = new QueryExpression(DraftSchema.Case.Table)
            {
                ColumnSet = new ColumnSet(DraftSchema.Case.Number, DraftSchema.Case.Title, DraftSchema.CreatedOn, DraftSchema.Case.ResolvedOn,
                    DraftSchema.Case.SlaBreached, DraftSchema.Case.Satisfaction),
                TopCount = DraftComposer.MaxCases,
            };
            var link = query.AddLink(DraftSchema.Case.Intersect, DraftSchema.Case.Id, DraftSchema.Case.Id, JoinOperator.Inner);
            link.LinkCriteria.AddCondition(GateSchema.Remediation.Id, ConditionOperator.Equal, remediationId);
            query.AddOrder(DraftSchema.Case.SlaBreached, OrderType.Descending);
            query.AddOrder(DraftSchema.CreatedOn, OrderType.Descending);
            query.AddOrder(DraftSchema.Case.Number, OrderType.Ascending);
            foreach (var row in service.RetrieveMultiple(query).Entities)
            {
                yield return new DraftCase
                {
                    Id = row.Id,
                    Number = row.GetAttributeValue<string>(DraftSchema.Case.Number) ?? "",
                    Title = row.GetAttributeValue<string>(DraftSchema.Case.Title) ?? "",
                    OpenedOn = row.GetAttributeValue<DateTime?>(DraftSchema.CreatedOn) ?? DateTime.MinValue,
                    ResolvedOn = row.GetAttributeValue<DateTime?>(DraftSchema.Case.ResolvedOn),
                    SlaBreached = row.GetAttributeValue<bool?>(DraftSchema.Case.SlaBreached) == true,
                    Satisfaction = row.GetAttributeValue<OptionSetValue>(DraftSchema.Case.Satisfaction)?.Value,
                };
            }
        }

        private static T Aliased<T>(Entity row, string alias, string column)
        {
            var key = alias + "." + column;
            if (!row.Contains(key) || !(row[key] is AliasedValue aliased) || aliased.Value == null) return default!;
            return aliased.Value is T value ? value : default!;
        }
    }

    /// <summary>Logical names the drafts read and write, beyond the gate's (<see cref="GateSchema"/>).</summary>
    internal static class DraftSchema
    {
        public const string CreatedOn = "createdon";
        public const string CauseControllable = "wb_causecontrollable";
        public const string FirstName = "firstname";
        public const string PreferredLanguage = "wb_preferredlanguage";
        public const string Outcome = "wb_outcome";
        public const string User = "systemuser";
        public const string FullName = "fullname";
        public const string Title = "title";

        public static class Outreach
        {
            public const string Description = "description";
            public const string HtmlBody = "wb_htmlbody";
            public const string Offer = "wb_offer";
            public const string NextStep = "wb_nextstep";
            public const string Language = "wb_language";
            public const string Citations = "wb_citations";
            public const string Notes = "wb_draftnotes";
            public const string Owner = "ownerid";
        }

        public static class Case
        {
            public const string Table = "incident";
            public const string Id = "incidentid";
            public const string Intersect = "wb_remediation_incident";
            public const string Number = "ticketnumber";
            public const string Title = "title";
            public const string ResolvedOn = "wb_resolvedon";
            public const string SlaBreached = "wb_slabreached";
            public const string Satisfaction = "customersatisfactioncode";
        }

        public static class Template
        {
            public const string Table = "wb_drafttemplate";
            public const string Name = "wb_name";
            public const string Language = "wb_language";
            public const string Culture = "wb_culture";
            public const string DatePattern = "wb_datepattern";
            public const string Sections = "wb_sections";
        }

        public static class Email
        {
            public const string Table = "email";
            public const string Description = "description";
            public const string To = "to";
            public const string From = "from";
            public const string Party = "activityparty";
            public const string PartyId = "partyid";
        }
    }
}
