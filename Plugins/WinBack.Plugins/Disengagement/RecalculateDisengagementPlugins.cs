using System;
using System.ServiceModel;
using Microsoft.Xrm.Sdk.Query;
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
    [CustomApiResponseProperty("ReasonData", CustomApiParameterType.String, DisplayName = "Reason data", Description = "The reasons as data, one JSON object a line: gap, signal, kind, points, value, text.")]
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

            // The result quotes the account's cases, emails and usage, which are read as SYSTEM: so first the caller's own
            // service must reach the account, as the account form would. (Learn, "Best practices for plug-ins":
            // impersonate the calling user, or check what they may see, before acting on their behalf.)
            CheckCallerCanRead(context, target.Id);
            var recalculator = new DisengagementRecalculator(context.SystemService, context.TracingService, ScoringDate.Of(execution));
            var outcome = recalculator.RecalculateAccount(target.Id);
            if (outcome.Result == null)
            {
                throw new InvalidPluginExecutionException("This account is inactive or no longer exists, so it has no disengagement score. Reactivate it to score it again.");
            }

            execution.OutputParameters["Score"] = outcome.Result.Value.RoundedScore;
            execution.OutputParameters["RiskBand"] = (int)outcome.Result.Value.Band;
            execution.OutputParameters["Reasons"] = outcome.Reasons ?? string.Empty;
            execution.OutputParameters["ReasonData"] = outcome.ReasonData ?? string.Empty;
            execution.OutputParameters["Changed"] = outcome.Changed > 0;
        }

        /// <summary>Dataverse's ObjectDoesNotExist fault (0x80040217).</summary>
        private const int ObjectDoesNotExist = -2147220969;

        private static void CheckCallerCanRead(ILocalPluginContext context, Guid accountId)
        {
            try
            {
                context.InitiatingUserService.Retrieve(Schema.Account.Table, accountId, new ColumnSet(Schema.Account.Id));
            }
            catch (FaultException<OrganizationServiceFault> fault)
            {
                context.Trace("The caller cannot read account " + accountId + ": " + fault.Message);
                throw new InvalidPluginExecutionException(fault.Detail?.ErrorCode == ObjectDoesNotExist
                    ? "This account no longer exists, so it has no disengagement score."
                    : "You cannot read this account, so you cannot recalculate it. Ask its owner or your administrator for access to the account.");
            }
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
    [CustomApiRequestParameter("PageSize", CustomApiParameterType.Integer, IsOptional = true, DisplayName = "Page size", Description = "Accounts per call, 1 to 500 (default 200).")]
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
            var pageSize = PageSizeParameter.Read(execution, DisengagementRecalculator.DefaultPageSize);

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

    /// <summary>The optional PageSize parameter of the paged Custom APIs: 1 to <see cref="DisengagementRecalculator.MaxPageSize"/>.</summary>
    internal static class PageSizeParameter
    {
        public static int Read(IPluginExecutionContext execution, int defaultSize)
        {
            if (!(execution.InputParameters.Contains("PageSize") && execution.InputParameters["PageSize"] is int requested))
            {
                return defaultSize;
            }

            if (requested < 1 || requested > DisengagementRecalculator.MaxPageSize)
            {
                throw new InvalidPluginExecutionException(
                    "PageSize must be between 1 and " + DisengagementRecalculator.MaxPageSize + " accounts; " + requested + " was given. Leave it empty for " + defaultSize + ".");
            }

            return requested;
        }
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
