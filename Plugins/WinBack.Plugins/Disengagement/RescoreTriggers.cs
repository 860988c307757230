using System;
using System.Collections.Generic;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using WinBack.Plugins.Registration;

namespace WinBack.Plugins.Disengagement
{
    /// <summary>
    /// An account a trigger marks for a rescore: the account itself, the company of a contact, or the accounts whose
    /// primary contact (champion) a contact is.
    /// </summary>
    public readonly struct AccountToMark
    {
        private AccountToMark(AccountLink link, Guid id)
        {
            Link = link;
            Id = id;
        }

        internal AccountLink Link { get; }
        internal Guid Id { get; }

        /// <summary>The account a customer lookup names: itself when it is an account, its company when it is a contact.</summary>
        public static AccountToMark? Customer(EntityReference? customer) =>
            customer == null ? (AccountToMark?)null
            : customer.LogicalName == Schema.Account.Table ? new AccountToMark(AccountLink.Account, customer.Id)
            : customer.LogicalName == Schema.Contact.Table ? new AccountToMark(AccountLink.CompanyOfContact, customer.Id)
            : (AccountToMark?)null;

        /// <summary>The accounts whose primary contact is this contact: whether their champion is still there.</summary>
        public static AccountToMark ChampionedBy(Guid contactId) => new AccountToMark(AccountLink.PrimaryContact, contactId);
    }

    internal enum AccountLink { Account, CompanyOfContact, PrimaryContact }

    /// <summary>
    /// A trigger: an event that changes an account's signals. Each derived class says only which event (its
    /// <see cref="PluginStepAttribute"/>) marks which accounts (<see cref="AccountsToMark"/>); this base marks them
    /// (wb_needsrescore), writing only to accounts not already marked, so an import of 10,000 cases on 200 accounts
    /// marks 200 accounts once, and <see cref="RescoreMarkedAccount"/> does the work once per account. Synchronous and
    /// small: at most one query and one update per account in the user's save.
    /// </summary>
    public abstract class RescoreTrigger : PluginBase
    {
        protected RescoreTrigger(Type pluginType)
            : base(pluginType)
        {
        }

        /// <summary>The accounts this event concerns (none when it changes no signal).</summary>
        protected abstract IEnumerable<AccountToMark?> AccountsToMark(TriggerEvent e);

        protected sealed override void ExecuteDataversePlugin(ILocalPluginContext context)
        {
            var e = new TriggerEvent(context.PluginExecutionContext);
            var marked = 0;
            foreach (var account in AccountsToMark(e))
            {
                if (account != null)
                {
                    marked += Mark(context.SystemService, account.Value);
                }
            }

            context.Trace(marked == 0 ? "No account newly marked for a rescore." : marked + " account(s) marked for a rescore.");
        }

        private static int Mark(IOrganizationService service, AccountToMark account)
        {
            var query = new QueryExpression(Schema.Account.Table) { ColumnSet = new ColumnSet(Schema.Account.NeedsRescore) };
            query.Criteria.AddCondition(Schema.Account.State, ConditionOperator.Equal, 0);
            switch (account.Link)
            {
                case AccountLink.Account:
                    query.Criteria.AddCondition(Schema.Account.Id, ConditionOperator.Equal, account.Id);
                    break;
                case AccountLink.PrimaryContact:
                    query.Criteria.AddCondition(Schema.Account.PrimaryContact, ConditionOperator.Equal, account.Id);
                    break;
                default:
                    var contact = query.AddLink(Schema.Contact.Table, Schema.Account.Id, Schema.Contact.ParentCustomer);
                    contact.LinkCriteria.AddCondition(Schema.Contact.Id, ConditionOperator.Equal, account.Id);
                    break;
            }

            var marked = 0;
            foreach (var row in service.RetrieveMultiple(query).Entities)
            {
                if (row.GetAttributeValue<bool>(Schema.Account.NeedsRescore))
                {
                    continue;
                }

                service.Update(new Entity(Schema.Account.Table, row.Id) { [Schema.Account.NeedsRescore] = true });
                marked++;
            }

            return marked;
        }
    }

    /// <summary>What a trigger reads of its event: the message, the Target and the images, typed.</summary>
    public sealed class TriggerEvent
    {
        private readonly IPluginExecutionContext execution;

        internal TriggerEvent(IPluginExecutionContext execution)
        {
            this.execution = execution;
        }

        public string Message => execution.MessageName;

        /// <summary>The record as the step's PreImage holds it (empty when there is none).</summary>
        public Entity Before => Image(execution.PreEntityImages, "PreImage");

        /// <summary>The record as the step's PostImage holds it (empty when there is none).</summary>
        public Entity After => Image(execution.PostEntityImages, "PostImage");

        private Entity Image(EntityImageCollection images, string name) =>
            images.Contains(name) ? images[name] : new Entity(execution.PrimaryEntityName, execution.PrimaryEntityId);
    }

    /// <summary>A case was opened: its customer's account.</summary>
    [PluginStep("Create", "incident", PluginStage.PostOperation, PluginMode.Synchronous,
        PostImage = "customerid", Description = "A case was opened: mark its account for a rescore.")]
    public sealed class CaseOpened : RescoreTrigger
    {
        public CaseOpened() : base(typeof(CaseOpened)) { }

        protected override IEnumerable<AccountToMark?> AccountsToMark(TriggerEvent e) =>
            new[] { AccountToMark.Customer(e.After.GetAttributeValue<EntityReference>("customerid")) };
    }

    /// <summary>A case was resolved, reopened, rated or moved: the account it is filed under, and the one it left.</summary>
    [PluginStep("Update", "incident", PluginStage.PostOperation, PluginMode.Synchronous,
        FilteringAttributes = "statecode,customersatisfactioncode,customerid", PreImage = "customerid", PostImage = "customerid",
        Description = "A case was resolved, reopened, rated or moved to another customer: mark its account (both when it moved) for a rescore.")]
    public sealed class CaseChanged : RescoreTrigger
    {
        public CaseChanged() : base(typeof(CaseChanged)) { }

        protected override IEnumerable<AccountToMark?> AccountsToMark(TriggerEvent e) => new[]
        {
            AccountToMark.Customer(e.After.GetAttributeValue<EntityReference>("customerid")),
            AccountToMark.Customer(e.Before.GetAttributeValue<EntityReference>("customerid")),
        };
    }

    /// <summary>New usage telemetry: its account.</summary>
    [PluginStep("Create", "wb_usagesnapshot", PluginStage.PostOperation, PluginMode.Synchronous,
        PostImage = "wb_accountid", Description = "New usage telemetry: mark its account for a rescore.")]
    public sealed class UsageRecorded : RescoreTrigger
    {
        public UsageRecorded() : base(typeof(UsageRecorded)) { }

        protected override IEnumerable<AccountToMark?> AccountsToMark(TriggerEvent e) =>
            new[] { AccountToMark.Customer(e.After.GetAttributeValue<EntityReference>("wb_accountid")) };
    }

    /// <summary>An opportunity was won, lost or reopened: its account.</summary>
    [PluginStep("Update", "opportunity", PluginStage.PostOperation, PluginMode.Synchronous,
        FilteringAttributes = "statecode", PostImage = "parentaccountid",
        Description = "An opportunity was won, lost or reopened: mark its account for a rescore.")]
    public sealed class OpportunityStatusChanged : RescoreTrigger
    {
        public OpportunityStatusChanged() : base(typeof(OpportunityStatusChanged)) { }

        protected override IEnumerable<AccountToMark?> AccountsToMark(TriggerEvent e) =>
            new[] { AccountToMark.Customer(e.After.GetAttributeValue<EntityReference>("parentaccountid")) };
    }

    /// <summary>An outgoing email was opened: the account it concerns, or its contact's company.</summary>
    [PluginStep("Update", "email", PluginStage.PostOperation, PluginMode.Synchronous,
        FilteringAttributes = "opencount", PostImage = "regardingobjectid,directioncode",
        Description = "An email was opened: mark the account it concerns for a rescore.")]
    public sealed class EmailOpened : RescoreTrigger
    {
        public EmailOpened() : base(typeof(EmailOpened)) { }

        protected override IEnumerable<AccountToMark?> AccountsToMark(TriggerEvent e) =>
            new[] { e.After.GetAttributeValue<bool>("directioncode") ? AccountToMark.Customer(e.After.GetAttributeValue<EntityReference>("regardingobjectid")) : null };
    }

    /// <summary>A contact was deactivated or reactivated: the accounts whose champion (primary contact) they are, and only those.</summary>
    [PluginStep("Update", "contact", PluginStage.PostOperation, PluginMode.Synchronous,
        FilteringAttributes = "statecode",
        Description = "A contact was deactivated or reactivated: mark the accounts whose primary contact they are for a rescore.")]
    public sealed class ChampionStatusChanged : RescoreTrigger
    {
        public ChampionStatusChanged() : base(typeof(ChampionStatusChanged)) { }

        protected override IEnumerable<AccountToMark?> AccountsToMark(TriggerEvent e) =>
            new AccountToMark?[] { AccountToMark.ChampionedBy(e.After.Id) };
    }

    /// <summary>
    /// The one job per marked account: clears the mark, then recalculates. Clearing first means an event that arrives
    /// while the job reads marks the account again and queues one more job, so no event is lost; a job that finds the
    /// mark already cleared (another job got there) does nothing. Asynchronous jobs run in any order: each reads the
    /// signals as they are when it runs, so the last one leaves the current result.
    /// </summary>
    [PluginStep("Update", "account", PluginStage.PostOperation, PluginMode.Asynchronous,
        FilteringAttributes = "wb_needsrescore",
        Description = "An account was marked for a rescore: recalculate its disengagement once.")]
    public sealed class RescoreMarkedAccount : PluginBase
    {
        public RescoreMarkedAccount() : base(typeof(RescoreMarkedAccount)) { }

        protected override void ExecuteDataversePlugin(ILocalPluginContext context)
        {
            var execution = context.PluginExecutionContext;
            var service = context.SystemService;
            var account = service.Retrieve(Schema.Account.Table, execution.PrimaryEntityId, new ColumnSet(Schema.Account.NeedsRescore));
            if (!account.GetAttributeValue<bool>(Schema.Account.NeedsRescore))
            {
                context.Trace("The account is not marked (any more): nothing to do.");
                return;
            }

            service.Update(new Entity(Schema.Account.Table, account.Id) { [Schema.Account.NeedsRescore] = false });
            var outcome = new DisengagementRecalculator(service, context.TracingService, ScoringDate.Of(execution), guardConcurrentWrites: true).RecalculateAccount(account.Id);
            context.Trace(outcome.Processed == 0 ? "The account is inactive: nothing to score." : outcome.Changed > 0 ? "The account's result changed." : "The account's result did not change.");
        }
    }
}
