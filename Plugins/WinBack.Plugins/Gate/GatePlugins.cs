using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using WinBack.Core.Gate;
using WinBack.Plugins.Disengagement;
using WinBack.Plugins.Registration;

namespace WinBack.Plugins.Gate
{
    /// <summary>
    /// The gate on win-back outreach, on every door that writes one: Create and Update (CreateMultiple, UpdateMultiple,
    /// Upsert and ExecuteMultiple reach these steps through Dataverse's merged pipeline), SetState and SetStateDynamicEntity.
    /// Registered in PreValidation. Where Dataverse splits an Update that carries status and other columns into two
    /// executions (Learn, "Behavior of specialized update operations"), each half is checked against the row as the first
    /// half left it and stamped. An Update with statecode raises only Update; a SetStateRequest raises SetStateDynamicEntity
    /// (then an Update carrying only the state), so both state messages are registered as well.
    /// </summary>
    [PluginStep("Create", "wb_outreach", PluginStage.PreValidation, PluginMode.Synchronous,
        Description = "Refuses a win-back outreach that fails the gate, and stamps the ones that pass.")]
    [PluginStep("Update", "wb_outreach", PluginStage.PreValidation, PluginMode.Synchronous,
        FilteringAttributes = "wb_remediationid,regardingobjectid,wb_contactid,wb_channel,statecode,statuscode,wb_gatestamp,wb_gatecheckedon",
        PreImage = "wb_remediationid,regardingobjectid,wb_contactid,wb_channel,statecode,statuscode",
        Description = "Runs the gate again when the remediation, account, contact or channel changes, on every move to Ready for review, Approved or Sent, and when a sent or canceled outreach is reopened.")]
    [PluginStep("SetState", "wb_outreach", PluginStage.PreValidation, PluginMode.Synchronous,
        Description = "Runs the gate on a move to Ready for review, Approved or Sent through the deprecated SetState.")]
    [PluginStep("SetStateDynamicEntity", "wb_outreach", PluginStage.PreValidation, PluginMode.Synchronous,
        Description = "Runs the gate on a move to Ready for review, Approved or Sent through SetStateDynamicEntity.")]
    public sealed class GateOutreach : PluginBase
    {
        private static readonly string[] Columns =
        {
            GateSchema.Outreach.Remediation, GateSchema.Outreach.Regarding, GateSchema.Outreach.Contact, GateSchema.Outreach.Channel,
            GateSchema.State, GateSchema.Status,
        };

        public GateOutreach()
            : base(typeof(GateOutreach))
        {
        }

        protected override void ExecuteDataversePlugin(ILocalPluginContext context)
        {
            var execution = context.PluginExecutionContext;
            var change = GateChange.Of(context, Columns);
            if (change == null) return;
            var create = execution.MessageName == "Create";
            GateRefusals.ThrowIf(context, OutreachGate.NoServerColumns(change.Sent));

            var status = change.OutreachStatus();
            var before = change.Before == null ? (OutreachStatus?)null : GateChange.OutreachStatusOf(change.Before);
            var statusMoved = change.StatusSent && status != before;
            var reopened = statusMoved && OutreachGate.Reopens(before, status);
            if (!create)
            {
                if (status == OutreachStatus.Canceled) return;
                var relevant = change.Sent.Any(c => c == GateSchema.Outreach.Remediation || c == GateSchema.Outreach.Regarding
                                                    || c == GateSchema.Outreach.Contact || c == GateSchema.Outreach.Channel)
                               || (statusMoved && GateValues.ReliesOnRemediation(status)) || reopened;
                if (!relevant) return;
            }

            var regarding = change.Value<EntityReference>(GateSchema.Outreach.Regarding);
            var outreach = new OutreachCase
            {
                OutreachId = change.Id,
                RemediationId = change.Value<EntityReference>(GateSchema.Outreach.Remediation)?.Id,
                AccountId = regarding != null && regarding.LogicalName == GateSchema.Account.Table ? regarding.Id : (Guid?)null,
                ContactId = change.Value<EntityReference>(GateSchema.Outreach.Contact)?.Id,
                Channel = change.Value<OptionSetValue>(GateSchema.Outreach.Channel) is OptionSetValue channel ? (Channel)channel.Value : (Channel?)null,
                Status = status,
                CheckOpenLimit = create || reopened || change.Sent.Contains(GateSchema.Outreach.Regarding),
                CheckFatigue = create || change.Sent.Contains(GateSchema.Outreach.Regarding) || (statusMoved && status == OutreachStatus.Sent),
            };
            if (outreach.RemediationId != null && outreach.RemediationId != Guid.Empty)
            {
                GateReader.Fill(context.SystemService, outreach);
            }

            // An outreach regards the account of its remediation; when none is given the server fills it in.
            if (regarding == null && outreach.Remediation != null && change.Target != null)
            {
                change.Target[GateSchema.Outreach.Regarding] = new EntityReference(GateSchema.Account.Table, outreach.Remediation.AccountId);
                outreach.AccountId = outreach.Remediation.AccountId;
            }

            var now = ScoringDate.Of(execution);
            var policy = GateReader.Policy(context.SystemService, context.TracingService);
            GateRefusals.ThrowIf(context, OutreachGate.Check(outreach, policy, now));
            if (change.Target != null)
            {
                change.Target[GateSchema.Outreach.GateStamp] = GateStamp.For(outreach.RemediationId!.Value, now);
                change.Target[GateSchema.Outreach.GateCheckedOn] = now;
            }

            context.Trace("The gate passed outreach " + change.Id + " on remediation " + outreach.RemediationId + ".");
        }
    }

    /// <summary>
    /// The rules on a remediation: columns only the server writes, what Verified needs and who may verify it (four eyes),
    /// the server's stamps of who marked it fixed and who verified it, and what may not change while outreach relies on it.
    /// Only roles with Write on wb_remediation (Customer Success, Administrator) can verify at all.
    /// </summary>
    [PluginStep("Create", "wb_remediation", PluginStage.PreValidation, PluginMode.Synchronous,
        Description = "Refuses server-only columns and checks a remediation created as Fixed or Verified.")]
    [PluginStep("Update", "wb_remediation", PluginStage.PreValidation, PluginMode.Synchronous,
        FilteringAttributes = "statecode,statuscode,wb_accountid,wb_rootcause,wb_fix,wb_evidence,wb_fixedon,wb_fixedby,wb_verifiedby,wb_verifiedon",
        PreImage = "wb_name,wb_accountid,statecode,statuscode,wb_rootcause,wb_fix,wb_evidence,wb_fixedon,wb_fixedby,wb_gap",
        Description = "Checks verification (evidence, four eyes), stamps who and when, and keeps a remediation that outreach relies on unchanged.")]
    [PluginStep("Delete", "wb_remediation", PluginStage.PreValidation, PluginMode.Synchronous,
        PreImage = "wb_name,statuscode",
        Description = "Keeps a remediation that outreach relies on.")]
    [PluginStep("SetState", "wb_remediation", PluginStage.PreValidation, PluginMode.Synchronous,
        Description = "Keeps a remediation that outreach relies on, and sends Fixed and Verified through Update.")]
    [PluginStep("SetStateDynamicEntity", "wb_remediation", PluginStage.PreValidation, PluginMode.Synchronous,
        Description = "Keeps a remediation that outreach relies on, and sends Fixed and Verified through Update.")]
    public sealed class GateRemediation : PluginBase
    {
        private static readonly string[] Columns =
        {
            GateSchema.Remediation.Name, GateSchema.Remediation.Account, GateSchema.State, GateSchema.Status, GateSchema.Remediation.RootCause,
            GateSchema.Remediation.Fix, GateSchema.Remediation.Evidence, GateSchema.Remediation.FixedOn, GateSchema.Remediation.FixedBy,
            GateSchema.Remediation.Gap,
        };

        public GateRemediation()
            : base(typeof(GateRemediation))
        {
        }

        protected override void ExecuteDataversePlugin(ILocalPluginContext context)
        {
            var execution = context.PluginExecutionContext;
            var change = GateChange.Of(context, Columns);
            if (change == null) return;
            GateRefusals.ThrowIf(context, RemediationRules.NoServerColumns(change.Sent));

            var before = change.Before == null ? (RemediationStatus?)null : GateChange.RemediationStatusOf(change.Before);
            var after = change.RemediationStatus();
            var facts = change.RemediationFacts();
            var deleting = execution.MessageName == "Delete";
            if (change.Before != null)
            {
                var accountChanged = change.Sent.Contains(GateSchema.Remediation.Account)
                    && change.Target?.GetAttributeValue<EntityReference>(GateSchema.Remediation.Account)?.Id != change.Before.GetAttributeValue<EntityReference>(GateSchema.Remediation.Account)?.Id;
                var evidenceChanged = RemediationRules.EvidenceColumns.Where(c => change.Sent.Contains(c)
                    && !string.Equals(change.Target?.GetAttributeValue<string>(c), change.Before.GetAttributeValue<string>(c), StringComparison.Ordinal));
                var locked = RemediationRules.ChangeOf(before!.Value, change.StatusSent ? after : (RemediationStatus?)null, deleting, accountChanged, evidenceChanged.ToList());
                if (locked != null)
                {
                    GateRefusals.ThrowIf(context, RemediationRules.NotLocked(facts, locked, GateReader.Relying(context.SystemService, change.Id)));
                }
            }

            if (deleting || !change.StatusSent || after == before) return;
            if (change.Target == null)
            {
                // SetState cannot carry the server's stamps.
                GateRefusals.ThrowIf(context, RemediationRules.StatusThroughUpdate(facts, after));
                return;
            }

            var now = ScoringDate.Of(execution);
            if (after == RemediationStatus.Fixed)
            {
                change.Target[GateSchema.Remediation.FixedBy] = new EntityReference("systemuser", execution.UserId);
            }
            else if (after == RemediationStatus.Verified)
            {
                var policy = GateReader.Policy(context.SystemService, context.TracingService);
                GateRefusals.ThrowIf(context, RemediationRules.CanVerify(facts, execution.UserId, now, policy));
                change.Target[GateSchema.Remediation.VerifiedBy] = new EntityReference("systemuser", execution.UserId);
                change.Target[GateSchema.Remediation.VerifiedOn] = now;
            }

            if (before == RemediationStatus.Verified)
            {
                // Reopened: it is no longer verified by anyone.
                change.Target[GateSchema.Remediation.VerifiedBy] = null;
                change.Target[GateSchema.Remediation.VerifiedOn] = null;
            }
        }
    }

    /// <summary>
    /// An email that carries a win-back outreach (wb_outreachid) checks the gate and the contact's consent to email again:
    /// when it is created or linked, and when it is sent (SendEmail, or marked Completed by Update or SetState).
    /// </summary>
    [PluginStep("Create", "email", PluginStage.PreValidation, PluginMode.Synchronous,
        Description = "Checks the gate and consent again for an email created for a win-back outreach.")]
    [PluginStep("Update", "email", PluginStage.PreValidation, PluginMode.Synchronous,
        FilteringAttributes = "wb_outreachid,statecode,statuscode", PreImage = "wb_outreachid,statecode",
        Description = "Checks the gate and consent again when an email is linked to a win-back outreach, or marked sent or completed (an Update, or the one SetState makes).")]
    [PluginStep("SendEmail", "email", PluginStage.PreValidation, PluginMode.Synchronous,
        Description = "Checks the gate and consent again before an email for a win-back outreach is sent.")]
    public sealed class GateOutreachEmail : PluginBase
    {
        public GateOutreachEmail()
            : base(typeof(GateOutreachEmail))
        {
        }

        protected override void ExecuteDataversePlugin(ILocalPluginContext context)
        {
            var execution = context.PluginExecutionContext;
            EntityReference? outreachRef;
            if (execution.MessageName == "SendEmail")
            {
                if (!(execution.InputParameters.Contains("EmailId") && execution.InputParameters["EmailId"] is Guid emailId)) return;
                outreachRef = context.SystemService.Retrieve(GateSchema.Email.Table, emailId, new ColumnSet(GateSchema.Email.Outreach))
                    .GetAttributeValue<EntityReference>(GateSchema.Email.Outreach);
            }
            else
            {
                if (!(execution.InputParameters.Contains("Target") && execution.InputParameters["Target"] is Entity target)) return;
                outreachRef = target.GetAttributeValue<EntityReference>(GateSchema.Email.Outreach);
                var pre = execution.PreEntityImages.Contains("PreImage") ? execution.PreEntityImages["PreImage"] : null;
                // Marking a draft email Completed (Sent, Pending Send) without SendEmail is a send too: check its outreach again.
                var emailStatus = target.GetAttributeValue<OptionSetValue>(GateSchema.Status)?.Value;
                var completing = (target.GetAttributeValue<OptionSetValue>(GateSchema.State)?.Value == 1 || emailStatus == 2 || emailStatus == 3 || emailStatus == 6 || emailStatus == 7)
                                 && pre?.GetAttributeValue<OptionSetValue>(GateSchema.State)?.Value != 1;
                if (outreachRef == null && completing && !target.Contains(GateSchema.Email.Outreach))
                    outreachRef = pre?.GetAttributeValue<EntityReference>(GateSchema.Email.Outreach);
            }

            if (outreachRef == null) return;
            var stored = context.SystemService.Retrieve(GateSchema.Outreach.Table, outreachRef.Id, new ColumnSet(
                GateSchema.Outreach.Remediation, GateSchema.Outreach.Regarding, GateSchema.Outreach.Contact, GateSchema.Status));
            var status = GateChange.OutreachStatusOf(stored);
            var regarding = stored.GetAttributeValue<EntityReference>(GateSchema.Outreach.Regarding);
            var outreach = new OutreachCase
            {
                OutreachId = stored.Id,
                RemediationId = stored.GetAttributeValue<EntityReference>(GateSchema.Outreach.Remediation)?.Id,
                AccountId = regarding != null && regarding.LogicalName == GateSchema.Account.Table ? regarding.Id : (Guid?)null,
                ContactId = stored.GetAttributeValue<EntityReference>(GateSchema.Outreach.Contact)?.Id,
                // An email is an email, whatever channel the outreach was planned for: donotemail decides.
                Channel = Channel.Email,
                Status = status,
                CheckFatigue = false,
                CheckOpenLimit = false,
            };
            if (outreach.RemediationId != null) GateReader.Fill(context.SystemService, outreach);
            var policy = GateReader.Policy(context.SystemService, context.TracingService);
            GateRefusals.ThrowIf(context, OutreachGate.Check(outreach, policy, ScoringDate.Of(execution)));
        }
    }

    /// <summary>
    /// Assigns an account to the control group or to outreach once, when it is first flagged: a stable hash of its id and
    /// the policy's salt (never a random draw). wb_holdout and wb_holdoutassignedon are written by the server only.
    /// Registered on UpdateMultiple so that the daily recalculation's pages cost one policy read per page, not per account,
    /// and only when the page holds an account flagged for the first time;
    /// Dataverse's merged pipeline runs it for a single Update too (Learn, "Write plug-ins for CreateMultiple and UpdateMultiple").
    /// </summary>
    [PluginStep("CreateMultiple", "account", PluginStage.PreOperation, PluginMode.Synchronous,
        Description = "Assigns an account created already flagged (an import) to the control group or to outreach, once.")]
    [PluginStep("UpdateMultiple", "account", PluginStage.PreOperation, PluginMode.Synchronous,
        FilteringAttributes = "wb_flaggedon,wb_holdout,wb_holdoutassignedon", PreImage = "wb_holdoutassignedon",
        Description = "Assigns a newly flagged account to the control group or to outreach, once.")]
    public sealed class AssignControlGroup : PluginBase
    {
        public AssignControlGroup()
            : base(typeof(AssignControlGroup))
        {
        }

        protected override void ExecuteDataversePlugin(ILocalPluginContext context)
        {
            var execution = context.PluginExecutionContext;
            if (!(execution.InputParameters.Contains("Targets") && execution.InputParameters["Targets"] is EntityCollection targets)) return;
            // A direct request from a client (depth 1); the server's own writes come from plug-ins (depth 2 and more).
            var external = execution.Depth == 1;
            foreach (var target in targets.Entities)
            {
                var sent = target.Attributes.Keys.Where(k => k == GateSchema.Account.Holdout || k == GateSchema.Account.HoldoutAssignedOn).ToList();
                if (sent.Count > 0 && external)
                {
                    GateRefusals.ThrowIf(context, ControlGroup.NoClientColumns(sent));
                }
            }

            // Each row's pre-image (PreEntityImagesCollection, in the order of Targets) says whether it was assigned already.
            var images = (execution as IPluginExecutionContext4)?.PreEntityImagesCollection;
            var unassigned = new List<Entity>();
            for (var i = 0; i < targets.Entities.Count; i++)
            {
                var target = targets.Entities[i];
                if (target.GetAttributeValue<DateTime?>(GateSchema.Account.FlaggedOn) == null) continue;
                var before = images != null && i < images.Length && images[i] != null && images[i].Contains("PreImage") ? images[i]["PreImage"] : null;
                if (before?.GetAttributeValue<DateTime?>(GateSchema.Account.HoldoutAssignedOn) == null) unassigned.Add(target);
            }

            if (unassigned.Count == 0) return;
            var policy = GateReader.Policy(context.SystemService, context.TracingService);
            var now = ScoringDate.Of(execution);
            foreach (var target in unassigned)
            {
                var assignment = ControlGroup.AssignOnFlag(target.Id, alreadyAssigned: false, flaggedNow: true, policy);
                if (assignment == null) continue;
                target[GateSchema.Account.Holdout] = assignment.Value;
                target[GateSchema.Account.HoldoutAssignedOn] = now;
            }
        }
    }

    /// <summary>
    /// What plug-ins cannot stop, made visible: the outreaches whose gate stamp is missing or no longer matches a Verified
    /// remediation (a write that bypassed custom plug-ins, or a remediation changed since). Reads as the caller, so each
    /// user audits what they can see; an administrator audits everything.
    /// </summary>
    [CustomApi("wb_AuditGate",
        BindingType = CustomApiBinding.Global,
        IsFunction = true,
        DisplayName = "Audit the win-back gate",
        Description = "Counts and lists the win-back outreaches whose gate stamp is missing or no longer matches a Verified remediation.")]
    [CustomApiResponseProperty("Count", CustomApiParameterType.Integer, DisplayName = "Count", Description = "How many outreaches fail the audit.")]
    [CustomApiResponseProperty("OutreachIds", CustomApiParameterType.StringArray, DisplayName = "Outreach ids", Description = "The ids of the outreaches that fail the audit.")]
    public sealed class AuditGate : PluginBase
    {
        public AuditGate()
            : base(typeof(AuditGate))
        {
        }

        protected override void ExecuteDataversePlugin(ILocalPluginContext context)
        {
            var query = new QueryExpression(GateSchema.Outreach.Table)
            {
                ColumnSet = new ColumnSet(GateSchema.Outreach.GateStamp, GateSchema.Outreach.Remediation),
                PageInfo = new PagingInfo { Count = 5000, PageNumber = 1 },
            };
            query.Orders.Add(new OrderExpression(GateSchema.Outreach.Id, OrderType.Ascending));
            query.Criteria.AddCondition(GateSchema.Status, ConditionOperator.NotEqual, (int)OutreachStatus.Canceled);
            var remediation = query.AddLink(GateSchema.Remediation.Table, GateSchema.Outreach.Remediation, GateSchema.Remediation.Id, JoinOperator.LeftOuter);
            remediation.EntityAlias = "r";
            remediation.Columns = new ColumnSet(GateSchema.Status);

            var failing = new List<string>();
            while (true)
            {
                var page = context.PluginUserService.RetrieveMultiple(query);
                foreach (var row in page.Entities)
                {
                    var status = row.GetAttributeValue<AliasedValue>("r." + GateSchema.Status)?.Value as OptionSetValue;
                    var holds = GateStamp.Holds(row.GetAttributeValue<string>(GateSchema.Outreach.GateStamp),
                        row.GetAttributeValue<EntityReference>(GateSchema.Outreach.Remediation)?.Id,
                        status == null ? (RemediationStatus?)null : (RemediationStatus)status.Value);
                    if (!holds) failing.Add(row.Id.ToString("D"));
                }

                if (!page.MoreRecords) break;
                query.PageInfo.PageNumber++;
                query.PageInfo.PagingCookie = page.PagingCookie;
            }

            context.Trace("Gate audit: " + failing.Count + " outreach(es) without a valid stamp.");
            context.PluginExecutionContext.OutputParameters["Count"] = failing.Count;
            context.PluginExecutionContext.OutputParameters["OutreachIds"] = failing.ToArray();
        }
    }
}
