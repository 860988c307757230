using System;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using WinBack.Core.Disengagement;
using WinBack.Plugins.Registration;

namespace WinBack.Plugins.Disengagement
{
    /// <summary>
    /// Guards the policy store (wb_scoringpolicy) before anything is written: a policy Core cannot use is refused with
    /// Core's message naming the field, a row is never activated with an invalid policy, and the server alone writes
    /// who put a policy in use and when (stamped here, on the row that becomes active). A new row is put in use
    /// unless it is created Inactive (staged).
    /// </summary>
    [PluginStep("Create", "wb_scoringpolicy", PluginStage.PreValidation, PluginMode.Synchronous,
        Description = "Validates a new scoring policy and stamps who put it in use.")]
    [PluginStep("Update", "wb_scoringpolicy", PluginStage.PreValidation, PluginMode.Synchronous,
        FilteringAttributes = "wb_policy,statecode,wb_activatedon,wb_activatedby", PreImage = "wb_policy,statecode",
        Description = "Validates a changed scoring policy, refuses activating an invalid one, and stamps who put it in use.")]
    public sealed class ValidateScoringPolicy : PluginBase
    {
        public ValidateScoringPolicy()
            : base(typeof(ValidateScoringPolicy))
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
            if (target.Contains(Schema.ScoringPolicy.ActivatedOn) || target.Contains(Schema.ScoringPolicy.ActivatedBy))
            {
                throw new InvalidPluginExecutionException(
                    "The scoring policy was not saved because Activated on (wb_activatedon) and Activated by (wb_activatedby) are written by the server when a policy is put in use. Leave them out and save again.");
            }

            if (execution.MessageName == "Create" || target.Contains(Schema.ScoringPolicy.Policy))
            {
                Validate(target.GetAttributeValue<string>(Schema.ScoringPolicy.Policy), "The scoring policy was not saved");
            }

            if (!ScoringPolicyState.BecomesActive(execution, target, before))
            {
                return;
            }

            if (!target.Contains(Schema.ScoringPolicy.Policy))
            {
                // A row saved around this step (an import that bypassed custom plug-ins) is checked before it is put in use.
                Validate(before?.GetAttributeValue<string>(Schema.ScoringPolicy.Policy), "The scoring policy was not activated");
            }

            target[Schema.ScoringPolicy.ActivatedOn] = ScoringDate.Of(execution);
            target[Schema.ScoringPolicy.ActivatedBy] = new EntityReference("systemuser", execution.UserId);
        }

        private static void Validate(string? json, string refused)
        {
            if (json == null || json.Trim().Length == 0)
            {
                throw new InvalidPluginExecutionException(
                    refused + " because Policy (JSON) (wb_policy) is empty. Paste the policy file winback calibrate wrote and save again; until then the previous policy stays in use.");
            }

            if (!Policy.TryParse(json, out _, out var error))
            {
                throw new InvalidPluginExecutionException(
                    refused + " because its policy is not valid: " + UserText.Plain(error)
                    + " Correct the JSON and save again; until then the previous policy stays in use.");
            }
        }
    }

    /// <summary>
    /// Keeps exactly one scoring policy active: when a row becomes active, every other active row is deactivated in
    /// the same transaction (a failure rolls the activation back too), so putting a new policy in use is one save and
    /// there is never a moment with none or two in use.
    /// </summary>
    [PluginStep("Create", "wb_scoringpolicy", PluginStage.PostOperation, PluginMode.Synchronous,
        Description = "Deactivates the scoring policy in use when a new one is created active.")]
    [PluginStep("Update", "wb_scoringpolicy", PluginStage.PostOperation, PluginMode.Synchronous,
        FilteringAttributes = "statecode", PreImage = "statecode",
        Description = "Deactivates the scoring policy in use when another one is activated.")]
    public sealed class KeepOneScoringPolicyActive : PluginBase
    {
        public KeepOneScoringPolicyActive()
            : base(typeof(KeepOneScoringPolicyActive))
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
            if (!ScoringPolicyState.BecomesActive(execution, target, before))
            {
                return;
            }

            // Every active row, this one included: when a bulk message activated several rows and another's step already
            // retired this one, this one stays retired, so exactly one remains in use whatever order the steps run in.
            var query = new QueryExpression(Schema.ScoringPolicy.Table) { ColumnSet = new ColumnSet(Schema.ScoringPolicy.Name) };
            query.Criteria.AddCondition(Schema.ScoringPolicy.State, ConditionOperator.Equal, Schema.ScoringPolicy.Active);
            var active = context.SystemService.RetrieveMultiple(query).Entities;
            if (!active.Any(row => row.Id == execution.PrimaryEntityId))
            {
                context.Trace("Scoring policy " + execution.PrimaryEntityId + " was retired by another activation in the same operation; nothing to do.");
                return;
            }

            foreach (var other in active.Where(row => row.Id != execution.PrimaryEntityId))
            {
                context.SystemService.Update(new Entity(Schema.ScoringPolicy.Table, other.Id)
                {
                    [Schema.ScoringPolicy.State] = new OptionSetValue(Schema.ScoringPolicy.Inactive),
                    [Schema.ScoringPolicy.Status] = new OptionSetValue(Schema.ScoringPolicy.InactiveStatus),
                });
                context.Trace("Scoring policy '" + other.GetAttributeValue<string>(Schema.ScoringPolicy.Name) + "' (" + other.Id + ") deactivated: " + execution.PrimaryEntityId + " is now in use.");
            }
        }
    }

    /// <summary>Whether a save puts a scoring policy in use: created without a state or Active, or moved to Active.</summary>
    internal static class ScoringPolicyState
    {
        public static bool BecomesActive(IPluginExecutionContext execution, Entity target, Entity? before)
        {
            var state = target.GetAttributeValue<OptionSetValue>(Schema.ScoringPolicy.State)?.Value;
            if (execution.MessageName == "Create")
            {
                return (state ?? Schema.ScoringPolicy.Active) == Schema.ScoringPolicy.Active;
            }

            return state == Schema.ScoringPolicy.Active
                && before?.GetAttributeValue<OptionSetValue>(Schema.ScoringPolicy.State)?.Value != Schema.ScoringPolicy.Active;
        }
    }
}
