using System;
using Microsoft.Xrm.Sdk;
using WinBack.Plugins.Registration;

namespace WinBack.Plugins.Disengagement
{
    /// <summary>
    /// Custom API wb_RecalculateDisengagement, bound to account: recalculates that one account now (for example from a
    /// button on the account form) and returns its score, band and reasons.
    /// </summary>
    [CustomApi("wb_RecalculateDisengagement",
        BindingType = CustomApiBinding.Entity,
        BoundTable = "account",
        DisplayName = "Recalculate disengagement",
        Description = "Recalculates the disengagement score, band, gaps and reasons of this account from its current signals.",
        ExecutePrivilegeName = "prvCreatewb_DisengagementHistory")]
    [CustomApiResponseProperty("Score", CustomApiParameterType.Integer, DisplayName = "Score", Description = "Disengagement score 0-100 (higher is more disengaged).")]
    [CustomApiResponseProperty("RiskBand", CustomApiParameterType.Integer, DisplayName = "Risk band", Description = "The wb_riskband choice value.")]
    [CustomApiResponseProperty("Reasons", CustomApiParameterType.String, DisplayName = "Reasons", Description = "The reasons, one per line.")]
    [CustomApiResponseProperty("Changed", CustomApiParameterType.Boolean, DisplayName = "Changed", Description = "True when the result differed from the stored one and was written.")]
    public sealed class RecalculateAccountDisengagement : PluginBase
    {
        public RecalculateAccountDisengagement()
            : base(typeof(RecalculateAccountDisengagement))
        {
        }

        protected override void ExecuteDataversePlugin(ILocalPluginContext context)
        {
            var execution = context.PluginExecutionContext;
            if (!(execution.InputParameters.Contains("Target") && execution.InputParameters["Target"] is EntityReference target)
                || !string.Equals(target.LogicalName, "account", StringComparison.Ordinal))
            {
                throw new InvalidPluginExecutionException("Recalculate disengagement needs the account to recalculate. Run it on an account.");
            }

            var recalculator = new DisengagementRecalculator(context.SystemService, context.TracingService, ScoringDate.Of(execution));
            var outcome = recalculator.RecalculateAccount(target.Id);
            if (outcome.Result == null)
            {
                throw new InvalidPluginExecutionException("This account is inactive or no longer exists, so it has no disengagement score. Reactivate it to score it again.");
            }

            execution.OutputParameters["Score"] = outcome.Result.Value.RoundedScore;
            execution.OutputParameters["RiskBand"] = (int)outcome.Result.Value.Band;
            execution.OutputParameters["Reasons"] = outcome.Reasons ?? string.Empty;
            execution.OutputParameters["Changed"] = outcome.Changed > 0;
        }
    }

    /// <summary>
    /// Custom API wb_RecalculateAllDisengagement, unbound: recalculates one page of active accounts, for the daily
    /// refresh that recency needs. Call it with no cookie, then again with the PagingCookie it returns while
    /// MoreRecords is true.
    /// </summary>
    [CustomApi("wb_RecalculateAllDisengagement",
        BindingType = CustomApiBinding.Global,
        DisplayName = "Recalculate disengagement of all accounts",
        Description = "Recalculates one page of active accounts. Call again with the returned paging cookie while MoreRecords is true.",
        ExecutePrivilegeName = "prvCreatewb_DisengagementHistory")]
    [CustomApiRequestParameter("PageSize", CustomApiParameterType.Integer, IsOptional = true, DisplayName = "Page size", Description = "Accounts per call, 1 to 5000 (default 2000).")]
    [CustomApiRequestParameter("PagingCookie", CustomApiParameterType.String, IsOptional = true, DisplayName = "Paging cookie", Description = "The PagingCookie of the previous call; empty for the first page.")]
    [CustomApiResponseProperty("Processed", CustomApiParameterType.Integer, DisplayName = "Processed", Description = "Accounts scored in this page.")]
    [CustomApiResponseProperty("Changed", CustomApiParameterType.Integer, DisplayName = "Changed", Description = "Accounts whose result changed and was written.")]
    [CustomApiResponseProperty("Flagged", CustomApiParameterType.Integer, DisplayName = "Flagged", Description = "Accounts of this page that are At risk or Disengaged.")]
    [CustomApiResponseProperty("NewlyFlagged", CustomApiParameterType.Integer, DisplayName = "Newly flagged", Description = "Accounts of this page flagged for the first time.")]
    [CustomApiResponseProperty("MoreRecords", CustomApiParameterType.Boolean, DisplayName = "More records", Description = "True when another page follows.")]
    [CustomApiResponseProperty("PagingCookie", CustomApiParameterType.String, DisplayName = "Paging cookie", Description = "Pass to the next call; empty after the last page.")]
    public sealed class RecalculateAllDisengagement : PluginBase
    {
        public RecalculateAllDisengagement()
            : base(typeof(RecalculateAllDisengagement))
        {
        }

        protected override void ExecuteDataversePlugin(ILocalPluginContext context)
        {
            var execution = context.PluginExecutionContext;
            var pageSize = DisengagementRecalculator.DefaultPageSize;
            if (execution.InputParameters.Contains("PageSize") && execution.InputParameters["PageSize"] is int requested)
            {
                if (requested < 1 || requested > DisengagementRecalculator.MaxPageSize)
                {
                    throw new InvalidPluginExecutionException(
                        "PageSize must be between 1 and " + DisengagementRecalculator.MaxPageSize + " accounts; " + requested + " was given. Leave it empty for " + DisengagementRecalculator.DefaultPageSize + ".");
                }

                pageSize = requested;
            }

            var cookie = execution.InputParameters.Contains("PagingCookie") ? execution.InputParameters["PagingCookie"] as string : null;
            var recalculator = new DisengagementRecalculator(context.SystemService, context.TracingService, ScoringDate.Of(execution));
            var outcome = recalculator.RecalculatePage(pageSize, cookie);

            execution.OutputParameters["Processed"] = outcome.Processed;
            execution.OutputParameters["Changed"] = outcome.Changed;
            execution.OutputParameters["Flagged"] = outcome.Flagged;
            execution.OutputParameters["NewlyFlagged"] = outcome.NewlyFlagged;
            execution.OutputParameters["MoreRecords"] = outcome.MoreRecords;
            execution.OutputParameters["PagingCookie"] = outcome.PagingCookie ?? string.Empty;
        }
    }

    /// <summary>
    /// Recalculates the one account whose signals an event changed: a case created, resolved, reopened or rated; a
    /// usage snapshot created; an opportunity closed; an email opened; a contact deactivated (the champion may have
    /// left). Asynchronous, so the user's save never waits for it; filtering attributes keep unrelated saves silent.
    /// </summary>
    [PluginStep("Create", "incident", PluginStage.PostOperation, PluginMode.Asynchronous,
        PostImage = "customerid", Description = "A case was opened: recalculate its account's disengagement.")]
    [PluginStep("Update", "incident", PluginStage.PostOperation, PluginMode.Asynchronous,
        FilteringAttributes = "statecode,customersatisfactioncode,customerid", PreImage = "customerid", PostImage = "customerid",
        Description = "A case was resolved, reopened, rated or moved to another customer: recalculate its account's disengagement (both accounts when it moved).")]
    [PluginStep("Create", "wb_usagesnapshot", PluginStage.PostOperation, PluginMode.Asynchronous,
        PostImage = "wb_accountid", Description = "New usage telemetry: recalculate the account's disengagement.")]
    [PluginStep("Update", "opportunity", PluginStage.PostOperation, PluginMode.Asynchronous,
        FilteringAttributes = "statecode", PostImage = "parentaccountid,statecode",
        Description = "An opportunity was won or lost: recalculate its account's disengagement.")]
    [PluginStep("Update", "email", PluginStage.PostOperation, PluginMode.Asynchronous,
        FilteringAttributes = "opencount", PostImage = "regardingobjectid,directioncode",
        Description = "An email was opened: recalculate the disengagement of the account it concerns.")]
    [PluginStep("Update", "contact", PluginStage.PostOperation, PluginMode.Asynchronous,
        FilteringAttributes = "statecode", PostImage = "parentcustomerid,statecode",
        Description = "A contact was deactivated (the champion may have left): recalculate their account's disengagement.")]
    public sealed class RecalculateOnSignalChange : PluginBase
    {
        public RecalculateOnSignalChange()
            : base(typeof(RecalculateOnSignalChange))
        {
        }

        protected override void ExecuteDataversePlugin(ILocalPluginContext context)
        {
            var execution = context.PluginExecutionContext;
            var image = execution.PostEntityImages.Contains("PostImage") ? execution.PostEntityImages["PostImage"] : null;
            if (image == null)
            {
                context.Trace("No post-image named PostImage: the step registration is incomplete; nothing to recalculate.");
                return;
            }

            var recalculator = new DisengagementRecalculator(context.SystemService, context.TracingService, ScoringDate.Of(execution), guardConcurrentWrites: true);
            Recalculate(context, recalculator, execution.PrimaryEntityName, image);

            // A case moved to another customer also changes the signals of the account it left.
            var before = execution.PreEntityImages.Contains("PreImage") ? execution.PreEntityImages["PreImage"] : null;
            var previousCustomer = before?.GetAttributeValue<EntityReference>("customerid");
            var customer = image.GetAttributeValue<EntityReference>("customerid");
            if (execution.PrimaryEntityName == "incident" && previousCustomer != null
                && (customer == null || customer.Id != previousCustomer.Id))
            {
                context.Trace("The case moved to another customer: recalculating the account it left too.");
                Recalculate(context, recalculator, execution.PrimaryEntityName, before!);
            }
        }

        private static void Recalculate(ILocalPluginContext context, DisengagementRecalculator recalculator, string table, Entity image)
        {
            RecalculationOutcome outcome;
            var contact = ContactOf(table, image);
            if (contact != null)
            {
                // A case filed under a contact, or an email regarding one: the contact's company is found in the
                // recalculation's first query.
                outcome = recalculator.RecalculateAccountOfContact(contact.Value);
            }
            else
            {
                var account = AccountOf(table, image);
                if (account == null)
                {
                    context.Trace("The change does not concern an account; nothing to recalculate.");
                    return;
                }

                outcome = recalculator.RecalculateAccount(account.Value);
            }

            context.Trace(outcome.Processed == 0 ? "No active account to recalculate." : outcome.Changed > 0 ? "The account's result changed." : "The account's result did not change.");
        }

        private static Guid? AccountOf(string table, Entity image)
        {
            switch (table)
            {
                case "incident":
                    return AccountId(image.GetAttributeValue<EntityReference>("customerid"));
                case "wb_usagesnapshot":
                    return AccountId(image.GetAttributeValue<EntityReference>("wb_accountid"));
                case "opportunity":
                    // Only a closed opportunity changes the pipeline signals.
                    return image.GetAttributeValue<OptionSetValue>("statecode")?.Value == 0
                        ? null
                        : AccountId(image.GetAttributeValue<EntityReference>("parentaccountid"));
                case "contact":
                    // Only a deactivation can mean the champion left.
                    return image.GetAttributeValue<OptionSetValue>("statecode")?.Value == 0
                        ? null
                        : AccountId(image.GetAttributeValue<EntityReference>("parentcustomerid"));
                case "email":
                    return OutgoingEmail(image) ? AccountId(image.GetAttributeValue<EntityReference>("regardingobjectid")) : null;
                default:
                    return null;
            }
        }

        private static bool OutgoingEmail(Entity image) => image.GetAttributeValue<bool>("directioncode");

        private static Guid? ContactOf(string table, Entity image)
        {
            switch (table)
            {
                case "incident":
                    return ContactId(image.GetAttributeValue<EntityReference>("customerid"));
                case "email":
                    return OutgoingEmail(image) ? ContactId(image.GetAttributeValue<EntityReference>("regardingobjectid")) : null;
                default:
                    return null;
            }
        }

        private static Guid? ContactId(EntityReference? reference) =>
            reference != null && reference.LogicalName == "contact" ? reference.Id : (Guid?)null;

        private static Guid? AccountId(EntityReference? reference) =>
            reference != null && reference.LogicalName == "account" ? reference.Id : (Guid?)null;
    }

    /// <summary>The scoring date of a call: when Dataverse created the operation.</summary>
    internal static class ScoringDate
    {
        public static DateTime Of(IPluginExecutionContext execution)
        {
            var created = execution.OperationCreatedOn;
            return created == default ? DateTime.UtcNow : DateTime.SpecifyKind(created, DateTimeKind.Utc);
        }
    }
}
