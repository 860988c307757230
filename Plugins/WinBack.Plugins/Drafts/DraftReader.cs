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
    /// Reads what the composer needs in three requests: (1) the remediation with its account, the contact among the
    /// account's contacts and the account's sent outreaches (link-entities); (2) the cases behind the remediation, the
    /// few that matter first (SLA breached, then the most recently opened; at most <see cref="DraftComposer.MaxCases"/>
    /// rows, so 10,000 cases cost what three do); (3) <see cref="Wording"/>: the sender with the organization's base
    /// language and the administrators' templates, joined to the sender's organization.
    /// </summary>
    internal static class DraftReader
    {
        private const string A = "a", C = "c", O = "o", Org = "org", T = "t";

        /// <summary>The composer's input but its sender (see <see cref="Wording"/>), or null when the remediation does not exist.</summary>
        public static DraftInput? Read(IOrganizationService service, Guid remediationId, Guid? contactId)
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
            return input;
        }

        /// <summary>
        /// The sender, the organization's base language and the wording, in one request: the sender's systemuser row,
        /// its organization (languagecode, the base language as an LCID) and the organization's active wb_drafttemplate
        /// rows, joined on organizationid. A join needs columns of one type, not a relationship (Learn, "Join tables
        /// using FetchXml", No relationship: https://learn.microsoft.com/power-apps/developer/data-platform/fetchxml/join-tables#no-relationship);
        /// the template join is the organization's own one-to-many to the rows it owns. The templates are the shipped
        /// ones with the stored rows in their place; a stored row that is not valid anyway is traced and its language
        /// keeps the shipped wording; a base language with no template is traced and drafts fall back to English.
        /// </summary>
        public static DraftWording Wording(IOrganizationService service, ITracingService tracing, Guid senderId)
        {
            var query = new QueryExpression(DraftSchema.User) { ColumnSet = new ColumnSet(DraftSchema.FullName, DraftSchema.Title) };
            query.Criteria.AddCondition(DraftSchema.UserId, ConditionOperator.Equal, senderId);
            var organization = query.AddLink(DraftSchema.Organization.Table, DraftSchema.Organization.Id, DraftSchema.Organization.Id, JoinOperator.Inner);
            organization.EntityAlias = Org;
            organization.Columns = new ColumnSet(DraftSchema.Organization.LanguageCode);
            var template = organization.AddLink(DraftSchema.Template.Table, DraftSchema.Organization.Id, DraftSchema.Organization.Id, JoinOperator.LeftOuter);
            template.EntityAlias = T;
            template.Columns = new ColumnSet(DraftSchema.Template.Id, DraftSchema.Template.Name, DraftSchema.Template.Language, DraftSchema.Template.Culture,
                DraftSchema.Template.DatePattern, DraftSchema.Template.Sections, DraftSchema.Template.GenericPhrases, DraftSchema.Template.CallsToAction);
            template.LinkCriteria.AddCondition(GateSchema.State, ConditionOperator.Equal, 0);
            template.Orders.Add(new OrderExpression(DraftSchema.Template.Name, OrderType.Ascending));

            var rows = service.RetrieveMultiple(query).Entities;
            var first = rows.FirstOrDefault();
            var sender = new DraftSender
            {
                Id = senderId,
                Name = first?.GetAttributeValue<string>(DraftSchema.FullName),
                Title = first?.GetAttributeValue<string>(DraftSchema.Title),
            };
            var lcid = first == null ? null : Aliased<int?>(first, Org, DraftSchema.Organization.LanguageCode);
            var stored = new List<StoredTemplate>();
            var seen = new HashSet<Guid>();
            foreach (var row in rows)
            {
                if (!(Aliased<Guid?>(row, T, DraftSchema.Template.Id) is Guid id) || !seen.Add(id)) continue;
                stored.Add(new StoredTemplate
                {
                    Name = Aliased<string>(row, T, DraftSchema.Template.Name) ?? "",
                    Language = Aliased<string>(row, T, DraftSchema.Template.Language),
                    Culture = Aliased<string>(row, T, DraftSchema.Template.Culture),
                    DatePattern = Aliased<string>(row, T, DraftSchema.Template.DatePattern),
                    Sections = Aliased<string>(row, T, DraftSchema.Template.Sections),
                    GenericPhrases = Aliased<string>(row, T, DraftSchema.Template.GenericPhrases),
                    CallsToAction = Aliased<string>(row, T, DraftSchema.Template.CallsToAction),
                });
            }
            if (first == null) tracing.Trace("The draft's sender {0} was not found; the draft is signed without a name and uses the shipped wording.", senderId);
            var warnings = new List<string>();
            var templates = DraftTemplates.WithStored(stored, DraftLanguages.FromLcid(lcid), warnings);
            foreach (var warning in warnings) tracing.Trace("{0}", warning);
            return new DraftWording(sender, templates);
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

    /// <summary>Who signs the draft and the wording it is written in (<see cref="DraftReader.Wording"/>).</summary>
    internal sealed class DraftWording
    {
        public DraftWording(DraftSender sender, DraftTemplates templates)
        {
            Sender = sender;
            Templates = templates;
        }

        public DraftSender Sender { get; }
        public DraftTemplates Templates { get; }
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
        public const string UserId = "systemuserid";
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

        /// <summary>The organization row: its base language (Learn, "Organization table/entity reference", LanguageCode).</summary>
        public static class Organization
        {
            public const string Table = "organization";
            public const string Id = "organizationid";
            public const string LanguageCode = "languagecode";
        }

        public static class Template
        {
            public const string Table = "wb_drafttemplate";
            public const string Id = "wb_drafttemplateid";
            public const string Name = "wb_name";
            public const string Language = "wb_language";
            public const string Culture = "wb_culture";
            public const string DatePattern = "wb_datepattern";
            public const string Sections = "wb_sections";
            public const string GenericPhrases = "wb_genericphrases";
            public const string CallsToAction = "wb_callstoaction";
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
