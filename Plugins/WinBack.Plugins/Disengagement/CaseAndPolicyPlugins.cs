using System;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using WinBack.Core.Disengagement;
using WinBack.Core.Extraction;
using WinBack.Plugins.Registration;

namespace WinBack.Plugins.Disengagement
{
    /// <summary>
    /// Keeps the facts the trust signals need on the case itself, in the same save: when a case is resolved, the
    /// moment (wb_resolvedon) and whether that was past its resolve-by date (wb_slabreached); when a resolved case
    /// is reopened, one more on its reopen counter (wb_reopencount). It edits the Target of the Update Dataverse raises
    /// inside CloseIncident (and SetState or Update when reopening). Resolving, it reads the case resolution
    /// CloseIncident has just created, whose actualend says when the case was resolved (an import of past cases gives
    /// it): its one request.
    /// </summary>
    [PluginStep("Update", "incident", PluginStage.PreOperation, PluginMode.Synchronous,
        FilteringAttributes = "statecode", PreImage = "statecode,resolveby,wb_reopencount",
        Description = "Stamps resolution time, SLA breach and reopen count on the case.")]
    public sealed class StampCaseResolution : PluginBase
    {
        public StampCaseResolution()
            : base(typeof(StampCaseResolution))
        {
        }

        protected override void ExecuteDataversePlugin(ILocalPluginContext context)
        {
            var execution = context.PluginExecutionContext;
            if (!(execution.InputParameters.Contains("Target") && execution.InputParameters["Target"] is Entity target)
                || !target.Contains(Schema.Case.State))
            {
                return;
            }

            var before = execution.PreEntityImages.Contains("PreImage") ? execution.PreEntityImages["PreImage"] : null;
            var wasState = before?.GetAttributeValue<OptionSetValue>(Schema.Case.State)?.Value ?? CaseRules.Active;
            var newState = target.GetAttributeValue<OptionSetValue>(Schema.Case.State)?.Value ?? CaseRules.Active;

            // A resolution time given by the caller (e.g. an import of past cases) is kept: on the Target, or as the
            // actualend of the case resolution CloseIncident created.
            var givenResolvedOn = target.Contains(Schema.Case.ResolvedOn) && target[Schema.Case.ResolvedOn] is DateTime given ? given : (DateTime?)null;
            if (givenResolvedOn == null && newState == CaseRules.Resolved && wasState != CaseRules.Resolved)
            {
                givenResolvedOn = ResolutionTime(context.SystemService, execution.PrimaryEntityId);
            }
            var resolveBy = target.Contains(Schema.Case.ResolveBy)
                ? target.GetAttributeValue<DateTime?>(Schema.Case.ResolveBy)
                : before?.GetAttributeValue<DateTime?>(Schema.Case.ResolveBy);
            var stamp = CaseRules.OnStateChange(
                wasState, newState, resolveBy, givenResolvedOn, before?.GetAttributeValue<int?>(Schema.Case.ReopenCount) ?? 0, ScoringDate.Of(execution));
            if (stamp == null)
            {
                return;
            }

            target[Schema.Case.ResolvedOn] = stamp.ResolvedOn;
            target[Schema.Case.SlaBreached] = stamp.SlaBreached;
            if (stamp.ReopenCount != null)
            {
                target[Schema.Case.ReopenCount] = stamp.ReopenCount.Value;
            }
        }

        /// <summary>When the case's latest resolution says it was resolved, or null when it has none.</summary>
        private static DateTime? ResolutionTime(IOrganizationService service, Guid caseId)
        {
            var query = new QueryExpression(Schema.CaseResolution.Table)
            {
                ColumnSet = new ColumnSet(Schema.CaseResolution.ActualEnd),
                TopCount = 1,
            };
            query.Criteria.AddCondition(Schema.CaseResolution.Case, ConditionOperator.Equal, caseId);
            query.AddOrder(Schema.CaseResolution.CreatedOn, OrderType.Descending);
            query.AddOrder(Schema.CaseResolution.ActualEnd, OrderType.Descending);
            var latest = service.RetrieveMultiple(query).Entities;
            return latest.Count == 0 ? null : latest[0].GetAttributeValue<DateTime?>(Schema.CaseResolution.ActualEnd);
        }
    }

    /// <summary>
    /// Refuses to save a disengagement policy that Core cannot read, with Core's message naming the field, so the
    /// stored value is always the last valid policy. Runs on the environment variable's current value and on its
    /// default value; other environment variables pass untouched. Custom steps may be registered on both tables:
    /// Microsoft's table references list their Create and Update messages as events ("Is Event? True"):
    /// https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/environmentvariablevalue and
    /// https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/environmentvariabledefinition
    /// </summary>
    [PluginStep("Create", "environmentvariablevalue", PluginStage.PreValidation, PluginMode.Synchronous,
        Description = "Validates a new value of wb_DisengagementPolicy or wb_GatePolicy.")]
    [PluginStep("Update", "environmentvariablevalue", PluginStage.PreValidation, PluginMode.Synchronous,
        FilteringAttributes = "value", PreImage = "environmentvariabledefinitionid",
        Description = "Validates a changed value of wb_DisengagementPolicy or wb_GatePolicy.")]
    [PluginStep("Update", "environmentvariabledefinition", PluginStage.PreValidation, PluginMode.Synchronous,
        FilteringAttributes = "defaultvalue", PreImage = "schemaname",
        Description = "Validates a changed default value of wb_DisengagementPolicy or wb_GatePolicy.")]
    public sealed class ValidateDisengagementPolicy : PluginBase
    {
        public ValidateDisengagementPolicy()
            : base(typeof(ValidateDisengagementPolicy))
        {
        }

        protected override void ExecuteDataversePlugin(ILocalPluginContext context)
        {
            var execution = context.PluginExecutionContext;
            if (!(execution.InputParameters.Contains("Target") && execution.InputParameters["Target"] is Entity target))
            {
                return;
            }

            var before = execution.PreEntityImages.Contains("PreImage") ? execution.PreEntityImages["PreImage"] : null;
            string? json;
            string? schemaName;
            if (execution.PrimaryEntityName == Schema.EnvironmentVariable.Definition)
            {
                schemaName = target.GetAttributeValue<string>(Schema.EnvironmentVariable.SchemaName)
                    ?? before?.GetAttributeValue<string>(Schema.EnvironmentVariable.SchemaName);
                if (!IsPolicy(schemaName) || !target.Contains(Schema.EnvironmentVariable.DefaultValue))
                {
                    return;
                }

                json = target.GetAttributeValue<string>(Schema.EnvironmentVariable.DefaultValue);
            }
            else
            {
                if (!target.Contains(Schema.EnvironmentVariable.ValueColumn))
                {
                    return;
                }

                var definition = target.GetAttributeValue<EntityReference>(Schema.EnvironmentVariable.DefinitionId)
                    ?? before?.GetAttributeValue<EntityReference>(Schema.EnvironmentVariable.DefinitionId);
                if (definition == null)
                {
                    return;
                }

                schemaName = context.SystemService
                    .Retrieve(Schema.EnvironmentVariable.Definition, definition.Id, new ColumnSet(Schema.EnvironmentVariable.SchemaName))
                    .GetAttributeValue<string>(Schema.EnvironmentVariable.SchemaName);
                if (!IsPolicy(schemaName))
                {
                    return;
                }

                json = target.GetAttributeValue<string>(Schema.EnvironmentVariable.ValueColumn);
            }

            if (json == null || json.Trim().Length == 0)
            {
                // Clearing the value is allowed: scoring then uses the default value, then the built-in policy.
                return;
            }

            if (IsGatePolicy(schemaName))
            {
                if (!WinBack.Core.Gate.GatePolicy.TryParse(json, out _, out var gateError))
                {
                    throw new InvalidPluginExecutionException(
                        "The gate policy was not saved because it is not valid: " + UserText.Plain(gateError)
                        + ". Correct the JSON and save again; until then the previous gate policy stays in use.");
                }

                return;
            }

            if (!Policy.TryParse(json, out _, out var error))
            {
                throw new InvalidPluginExecutionException(
                    "The disengagement policy was not saved because it is not valid: " + UserText.Plain(error)
                    + " Correct the JSON and save again; until then the previous policy stays in use.");
            }
        }

        /// <summary>The policies validated here: the disengagement policy and the gate policy (wb_GatePolicy).</summary>
        private static bool IsPolicy(string? schemaName) =>
            string.Equals(schemaName, PolicyResolver.EnvironmentVariableName, StringComparison.OrdinalIgnoreCase) || IsGatePolicy(schemaName);

        private static bool IsGatePolicy(string? schemaName) =>
            string.Equals(schemaName, WinBack.Core.Gate.GatePolicy.EnvironmentVariableName, StringComparison.OrdinalIgnoreCase);
    }
}
