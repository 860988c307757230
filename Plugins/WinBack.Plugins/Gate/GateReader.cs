using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using WinBack.Core.Disengagement;
using WinBack.Core.Gate;
using WinBack.Plugins.Disengagement;

namespace WinBack.Plugins.Gate
{
    /// <summary>
    /// Reads what the gate needs in one query: the remediation, its account (flags, control group), the contact among the
    /// account's contacts, and the account's outreaches (for fatigue). The policy is the second and last request.
    /// </summary>
    internal static class GateReader
    {
        private const string A = "a";
        private const string C = "c";
        private const string O = "o";

        public static void Fill(IOrganizationService service, OutreachCase outreach)
        {
            var query = new QueryExpression(GateSchema.Remediation.Table)
            {
                ColumnSet = new ColumnSet(GateSchema.Remediation.Name, GateSchema.Remediation.Account, GateSchema.Status, GateSchema.Remediation.Gap),
                NoLock = false,
            };
            query.Criteria.AddCondition(GateSchema.Remediation.Id, ConditionOperator.Equal, outreach.RemediationId!.Value);
            var account = query.AddLink(GateSchema.Account.Table, GateSchema.Remediation.Account, GateSchema.Account.Id, JoinOperator.Inner);
            account.EntityAlias = A;
            account.Columns = new ColumnSet(GateSchema.Account.Name, GateSchema.Account.FlaggedOn, GateSchema.Account.ValueGap, GateSchema.Account.TrustGap,
                GateSchema.Account.ExperienceGap, GateSchema.Account.GrowthGap, GateSchema.Account.Holdout, GateSchema.Account.HoldoutAssignedOn);
            if (outreach.ContactId != null)
            {
                var contact = account.AddLink(GateSchema.Contact.Table, GateSchema.Account.Id, GateSchema.Contact.Company, JoinOperator.LeftOuter);
                contact.EntityAlias = C;
                contact.Columns = new ColumnSet(GateSchema.Contact.Id, GateSchema.Contact.FullName, GateSchema.State, GateSchema.Contact.DoNotEmail, GateSchema.Contact.DoNotPhone);
                contact.LinkCriteria.AddCondition(GateSchema.Contact.Id, ConditionOperator.Equal, outreach.ContactId.Value);
            }
            var others = account.AddLink(GateSchema.Outreach.Table, GateSchema.Account.Id, GateSchema.Outreach.Regarding, JoinOperator.LeftOuter);
            others.EntityAlias = O;
            others.Columns = new ColumnSet(GateSchema.Outreach.Id, GateSchema.Outreach.Subject, GateSchema.Status, GateSchema.Outreach.ActualEnd, GateSchema.Outreach.ModifiedOn);
            others.LinkCriteria.AddCondition(GateSchema.Status, ConditionOperator.NotEqual, (int)OutreachStatus.Canceled);

            var rows = service.RetrieveMultiple(query).Entities;
            if (rows.Count == 0) return;
            var first = rows[0];
            var accountRef = first.GetAttributeValue<EntityReference>(GateSchema.Remediation.Account);
            outreach.Remediation = new RemediationFacts
            {
                Id = first.Id,
                Name = first.GetAttributeValue<string>(GateSchema.Remediation.Name) ?? "",
                AccountId = accountRef?.Id ?? Guid.Empty,
                Status = (RemediationStatus)(first.GetAttributeValue<OptionSetValue>(GateSchema.Status)?.Value ?? 1),
                Gap = GateValues.GapOf(first.GetAttributeValue<OptionSetValue>(GateSchema.Remediation.Gap)?.Value),
            };
            var flags = GapFlags.None;
            if (Aliased<bool?>(first, A, GateSchema.Account.ValueGap) == true) flags |= GapFlags.Value;
            if (Aliased<bool?>(first, A, GateSchema.Account.TrustGap) == true) flags |= GapFlags.Trust;
            if (Aliased<bool?>(first, A, GateSchema.Account.ExperienceGap) == true) flags |= GapFlags.Experience;
            if (Aliased<bool?>(first, A, GateSchema.Account.GrowthGap) == true) flags |= GapFlags.Growth;
            outreach.Account = new AccountFacts
            {
                Id = accountRef?.Id ?? Guid.Empty,
                Name = Aliased<string>(first, A, GateSchema.Account.Name) ?? "",
                FlaggedOn = Aliased<DateTime?>(first, A, GateSchema.Account.FlaggedOn),
                FlaggedGaps = flags,
                Holdout = Aliased<DateTime?>(first, A, GateSchema.Account.HoldoutAssignedOn) != null ? Aliased<bool?>(first, A, GateSchema.Account.Holdout) ?? false : (bool?)null,
            };
            if (outreach.ContactId != null && Aliased<Guid?>(first, C, GateSchema.Contact.Id) is Guid contactId)
            {
                outreach.Contact = new ContactFacts
                {
                    Id = contactId,
                    Name = Aliased<string>(first, C, GateSchema.Contact.FullName) ?? "",
                    Active = (Aliased<OptionSetValue>(first, C, GateSchema.State)?.Value ?? 0) == 0,
                    DoNotEmail = Aliased<bool?>(first, C, GateSchema.Contact.DoNotEmail) == true,
                    DoNotPhone = Aliased<bool?>(first, C, GateSchema.Contact.DoNotPhone) == true,
                };
            }
            var seen = new HashSet<Guid>();
            foreach (var row in rows)
            {
                if (!(Aliased<Guid?>(row, O, GateSchema.Outreach.Id) is Guid id) || !seen.Add(id)) continue;
                outreach.Others.Add(new OtherOutreach
                {
                    Id = id,
                    Subject = Aliased<string>(row, O, GateSchema.Outreach.Subject) ?? "",
                    Status = (OutreachStatus)(Aliased<OptionSetValue>(row, O, GateSchema.Status)?.Value ?? 1),
                    SentOn = Aliased<DateTime?>(row, O, GateSchema.Outreach.ActualEnd) ?? Aliased<DateTime?>(row, O, GateSchema.Outreach.ModifiedOn),
                });
            }
        }

        /// <summary>The outreaches that rely on a remediation (Ready for review, Approved, Sent), by subject.</summary>
        public static List<OtherOutreach> Relying(IOrganizationService service, Guid remediationId)
        {
            var query = new QueryExpression(GateSchema.Outreach.Table) { ColumnSet = new ColumnSet(GateSchema.Outreach.Subject, GateSchema.Status) };
            query.Criteria.AddCondition(GateSchema.Outreach.Remediation, ConditionOperator.Equal, remediationId);
            query.Criteria.AddCondition(GateSchema.Status, ConditionOperator.In,
                (int)OutreachStatus.ReadyForReview, (int)OutreachStatus.Approved, (int)OutreachStatus.Sent);
            return service.RetrieveMultiple(query).Entities.Select(e => new OtherOutreach
            {
                Id = e.Id,
                Subject = e.GetAttributeValue<string>(GateSchema.Outreach.Subject) ?? "",
                Status = (OutreachStatus)(e.GetAttributeValue<OptionSetValue>(GateSchema.Status)?.Value ?? 1),
            }).ToList();
        }

        /// <summary>The gate policy from wb_GatePolicy (current value, then default, then built-in); invalid values are traced.</summary>
        public static GatePolicy Policy(IOrganizationService service, ITracingService tracing)
        {
            EnvironmentVariable.Read(service, GatePolicy.EnvironmentVariableName, out var current, out var defaultValue);
            var warnings = new List<string>();
            var policy = GatePolicy.Resolve(current, defaultValue, warnings);
            foreach (var warning in warnings) tracing.Trace("{0}", warning);
            return policy;
        }

        private static T Aliased<T>(Entity row, string alias, string column)
        {
            var key = alias + "." + column;
            if (!row.Contains(key) || !(row[key] is AliasedValue aliased) || aliased.Value == null) return default!;
            return aliased.Value is T value ? value : default!;
        }
    }
}
