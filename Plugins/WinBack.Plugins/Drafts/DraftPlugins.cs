using System;
using System.Collections.Generic;
using System.Linq;
using System.ServiceModel;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using WinBack.Core.Drafts;
using WinBack.Core.Gate;
using WinBack.Plugins.Disengagement;
using WinBack.Plugins.Gate;
using WinBack.Plugins.Registration;

namespace WinBack.Plugins.Drafts
{
    /// <summary>
    /// The draft of a win-back outreach, in the same save as the gate (which runs first, in PreValidation): an outreach
    /// created with an empty body, or a Draft whose body is cleared, gets the draft composed from its records (one created
    /// with a body written by hand keeps it, with the composed draft's citations as the facts it may state); then the
    /// quality gate checks what is saved whenever the subject or body is written or the outreach moves to Ready for review
    /// or Approved (an unfilled placeholder refuses Approved). The HTML body is always the server's escape of the text.
    /// </summary>
    [PluginStep("Create", "wb_outreach", PluginStage.PreOperation, PluginMode.Synchronous,
        Description = "Composes the draft of an outreach created with an empty body, then runs the draft quality gate.")]
    [PluginStep("Update", "wb_outreach", PluginStage.PreOperation, PluginMode.Synchronous,
        FilteringAttributes = "subject,description,wb_htmlbody,wb_citations,statecode,statuscode",
        PreImage = "subject,description,statecode,statuscode,wb_citations,wb_remediationid,wb_contactid,ownerid",
        Description = "Recomposes a Draft whose body is cleared, and runs the draft quality gate when the subject or body is saved or the outreach moves to Ready for review or Approved.")]
    public sealed class DraftOutreach : PluginBase
    {
        private static readonly string[] Columns =
        {
            GateSchema.Outreach.Subject, DraftSchema.Outreach.Description, GateSchema.State, GateSchema.Status, DraftSchema.Outreach.Citations,
            GateSchema.Outreach.Remediation, GateSchema.Outreach.Contact, DraftSchema.Outreach.Owner,
        };

        public DraftOutreach()
            : base(typeof(DraftOutreach))
        {
        }

        protected override void ExecuteDataversePlugin(ILocalPluginContext context)
        {
            var execution = context.PluginExecutionContext;
            var change = GateChange.Of(context, Columns);
            if (change?.Target == null) return;
            var target = change.Target;
            DraftRefusals.ThrowIfServerColumns(context, change.Sent);

            var create = execution.MessageName == "Create";
            var status = change.OutreachStatus();
            var before = change.Before == null ? (OutreachStatus?)null : GateChange.OutreachStatusOf(change.Before);
            var statusMoved = change.StatusSent && status != before;
            var textSent = change.Sent.Contains(GateSchema.Outreach.Subject) || change.Sent.Contains(DraftSchema.Outreach.Description);
            var reviewing = (create || statusMoved) && (status == OutreachStatus.ReadyForReview || status == OutreachStatus.Approved);
            if (!create && !textSent && !reviewing) return;
            if (!create && (status == OutreachStatus.Canceled || status == OutreachStatus.Sent) && !textSent) return;

            var subject = change.Value<string>(GateSchema.Outreach.Subject);
            var body = change.Value<string>(DraftSchema.Outreach.Description);
            IReadOnlyList<Citation> citations;
            var handWritten = !string.IsNullOrWhiteSpace(body);
            // A new outreach is always composed: with an empty body the draft is its body; with a body written by hand
            // the draft's citations are the record facts that body can state (the quality gate counts those it does).
            var composing = create || (!handWritten && change.Sent.Contains(DraftSchema.Outreach.Description) && status == OutreachStatus.Draft);
            var remediation = change.Value<EntityReference>(GateSchema.Outreach.Remediation);
            // The sender (the owner; the caller when a team owns it), the base language and the wording with the
            // administrators' phrase lists: one request, which the quality gate needs even when nothing is composed.
            var owner = change.Value<EntityReference>(DraftSchema.Outreach.Owner);
            var wording = DraftReader.Wording(context.SystemService, context.TracingService,
                owner != null && owner.LogicalName == DraftSchema.User ? owner.Id : execution.UserId);
            if (composing && remediation != null)
            {
                var input = DraftReader.Read(context.SystemService, remediation.Id, change.Value<EntityReference>(GateSchema.Outreach.Contact)?.Id);
                if (input == null) return; // the gate has refused a missing remediation already
                input.Sender = wording.Sender;
                var draft = DraftComposer.Compose(input, wording.Templates, OfferPolicy.Default);
                if (string.IsNullOrWhiteSpace(subject)) subject = draft.Subject;
                citations = draft.Citations;
                DraftColumns.Write(target, draft, subject);
                if (handWritten)
                {
                    target[DraftSchema.Outreach.Description] = body;
                    target[DraftSchema.Outreach.HtmlBody] = DraftComposer.ToHtml(body);
                }
                else
                {
                    body = draft.Text;
                }
                context.Trace("Composed the draft of outreach " + change.Id + " from remediation " + remediation.Id + " in " + draft.Language
                              + " with " + draft.Citations.Count + " citations and " + draft.Unfilled.Count + " placeholders.");
            }
            else
            {
                citations = DraftCitations.FromJson(change.Value<string>(DraftSchema.Outreach.Citations));
                if (change.Sent.Contains(DraftSchema.Outreach.Description)) target[DraftSchema.Outreach.HtmlBody] = DraftComposer.ToHtml(body);
            }

            var approving = status == OutreachStatus.Approved;
            DraftRefusals.ThrowIf(context, DraftQuality.CheckSaved(subject, body, citations, approving, wording.Templates.Quality));
        }
    }

    /// <summary>
    /// An administrator's draft template is checked on save: the sections must be a JSON object of section names and
    /// wording, with every section the composer needs and only known placeholders; its phrase lists usable; and no
    /// wording every draft would fail (a generic phrase, a next step that does not ask for exactly one thing, another
    /// section that asks for something). A refusal names the template and what is wrong, and the template saved before
    /// stays the one drafts use.
    /// </summary>
    [PluginStep("Create", "wb_drafttemplate", PluginStage.PreValidation, PluginMode.Synchronous,
        Description = "Refuses a draft template with a missing section, an unknown placeholder or culture, an unusable phrase or wording every draft would fail, naming it.")]
    [PluginStep("Update", "wb_drafttemplate", PluginStage.PreValidation, PluginMode.Synchronous,
        FilteringAttributes = "wb_name,wb_language,wb_culture,wb_datepattern,wb_sections,wb_genericphrases,wb_callstoaction",
        PreImage = "wb_name,wb_language,wb_culture,wb_datepattern,wb_sections,wb_genericphrases,wb_callstoaction",
        Description = "Refuses a change that leaves a draft template with a missing section, an unknown placeholder or culture, an unusable phrase or wording every draft would fail, naming it.")]
    public sealed class DraftTemplateCheck : PluginBase
    {
        public DraftTemplateCheck()
            : base(typeof(DraftTemplateCheck))
        {
        }

        protected override void ExecuteDataversePlugin(ILocalPluginContext context)
        {
            var execution = context.PluginExecutionContext;
            if (!(execution.InputParameters.Contains("Target") && execution.InputParameters["Target"] is Entity target)) return;
            var pre = execution.PreEntityImages.Contains("PreImage") ? execution.PreEntityImages["PreImage"] : null;
            string? Value(string column) => target.Contains(column) ? target.GetAttributeValue<string>(column) : pre?.GetAttributeValue<string>(column);
            DraftTemplate.FromStored(new StoredTemplate
            {
                Language = Value(DraftSchema.Template.Language),
                Culture = Value(DraftSchema.Template.Culture),
                DatePattern = Value(DraftSchema.Template.DatePattern),
                Sections = Value(DraftSchema.Template.Sections),
                GenericPhrases = Value(DraftSchema.Template.GenericPhrases),
                CallsToAction = Value(DraftSchema.Template.CallsToAction),
            }, out var refusals);
            if (refusals.Count == 0) return;
            DraftRefusals.Throw(context, string.Join(",", refusals.Select(r => r.Rule.ToString())),
                "The draft template '" + UserText.Plain(Value(DraftSchema.Template.Name)) + "' cannot be saved: "
                + string.Join(" ", refusals.Select(DraftWords.Describe)) + " Drafts keep using the template saved before.");
        }
    }

    /// <summary>The outreach columns a composed draft fills (one place for the Create step and the Custom APIs' outputs).</summary>
    internal static class DraftColumns
    {
        public static void Write(Entity target, Draft draft, string subject)
        {
            target[GateSchema.Outreach.Subject] = subject;
            target[DraftSchema.Outreach.Description] = draft.Text;
            target[DraftSchema.Outreach.HtmlBody] = draft.Html;
            target[DraftSchema.Outreach.Offer] = new OptionSetValue(OfferChoice(draft.Offer.Offer));
            target[DraftSchema.Outreach.NextStep] = draft.NextStep;
            target[DraftSchema.Outreach.Language] = draft.Language;
            target[DraftSchema.Outreach.Citations] = DraftCitations.ToJson(draft.Citations);
            target[DraftSchema.Outreach.Notes] = Notes(draft);
        }

        public static void Output(ParameterCollection output, Draft draft, string subject)
        {
            output["Subject"] = subject;
            output["Text"] = draft.Text;
            output["Html"] = draft.Html;
            output["Offer"] = draft.Offer.Offer.ToString();
            output["NextStep"] = draft.NextStep;
            output["Citations"] = DraftCitations.ToJson(draft.Citations);
            output["Language"] = draft.Language;
            output["Notes"] = Notes(draft);
        }

        /// <summary>wb_offer's choice value: the OfferKind's position from 682400000 (None first), as the table declares them.</summary>
        public static int OfferChoice(OfferKind offer) => 682400000 + (int)offer;

        private static string Notes(Draft draft)
        {
            var lines = new List<string>(draft.Notes);
            foreach (var missing in draft.Unfilled) lines.Add("Add before approval: " + missing + ".");
            return string.Join("\n", lines);
        }
    }

    /// <summary>Where a draft refusal becomes words: traced with the correlation id, logged with the rule, thrown for the user.</summary>
    internal static class DraftRefusals
    {
        /// <summary>Columns only the server writes on an outreach: the citations and the HTML body (always the text, escaped).</summary>
        public static readonly string[] ServerColumns = { DraftSchema.Outreach.Citations, DraftSchema.Outreach.HtmlBody };

        public static void ThrowIfServerColumns(ILocalPluginContext context, IReadOnlyCollection<string> sent)
        {
            // A plug-in of this suite (depth > 1) may write them; a client never does.
            if (context.PluginExecutionContext.Depth > 1) return;
            var named = ServerColumns.Where(sent.Contains).ToArray();
            if (named.Length == 0) return;
            Throw(context, "ServerColumn", "The server writes " + string.Join(" and ", named) + " from the draft: leave "
                + (named.Length == 1 ? "it" : "them") + " out and save the subject and the description (the text); the HTML body and the citations follow.");
        }

        public static void ThrowIf(ILocalPluginContext context, IReadOnlyList<DraftRefusal> refusals)
        {
            if (refusals.Count == 0) return;
            Throw(context, string.Join(",", refusals.Select(r => r.Rule.ToString())),
                "The draft cannot be saved: " + string.Join(" ", refusals.Select(DraftWords.Describe)));
        }

        public static void Throw(ILocalPluginContext context, string rules, string words)
        {
            var execution = context.PluginExecutionContext;
            context.Trace("Draft refused " + execution.MessageName + " of " + execution.PrimaryEntityName + " " + execution.PrimaryEntityId
                + " (correlation id " + context.CorrelationId + "): rules " + rules + ".");
            context.Logger?.LogWarning("WinBack draft refused {0} of {1}: rules {2}; correlation id {3}.",
                execution.MessageName, execution.PrimaryEntityName, rules, context.CorrelationId);
            throw new InvalidPluginExecutionException(words);
        }
    }

    /// <summary>
    /// Custom API wb_ComposeOutreachDraft, bound to wb_remediation: previews the draft to a contact on a channel, saving
    /// nothing. The gate runs first (a remediation that is not Verified, a contact who does not allow the channel, an
    /// account in the control group are refused as creating the outreach would be; the open-outreach and fatigue limits
    /// are left to the save, since a preview creates nothing).
    /// </summary>
    [CustomApi("wb_ComposeOutreachDraft",
        BindingType = CustomApiBinding.Entity,
        BoundTable = "wb_remediation",
        DisplayName = "Compose outreach draft",
        Description = "Previews the win-back draft to a contact from the remediation and the account's own records, without saving it.",
        ExecutePrivilegeName = "prvCreateActivity")]
    [CustomApiRequestParameter("Contact", CustomApiParameterType.EntityReference, Table = "contact", IsOptional = true, DisplayName = "Contact",
        Description = "The person the draft is written to; without one the gate says what to choose.")]
    [CustomApiRequestParameter("Channel", CustomApiParameterType.Picklist, DisplayName = "Channel", Description = "The wb_channel value (Email, Phone call, Meeting).")]
    [CustomApiResponseProperty("Subject", CustomApiParameterType.String, DisplayName = "Subject", Description = "The subject line.")]
    [CustomApiResponseProperty("Text", CustomApiParameterType.String, DisplayName = "Text", Description = "The body as plain text.")]
    [CustomApiResponseProperty("Html", CustomApiParameterType.String, DisplayName = "HTML", Description = "The body as safe HTML (every value escaped).")]
    [CustomApiResponseProperty("Offer", CustomApiParameterType.String, DisplayName = "Offer", Description = "The offer matched to the gap: None, PriorityAttention, Redo, PlanAtMilestone, RoadmapConversation, CompensationInKind.")]
    [CustomApiResponseProperty("NextStep", CustomApiParameterType.String, DisplayName = "Next step", Description = "The one next step the draft asks for.")]
    [CustomApiResponseProperty("Citations", CustomApiParameterType.String, DisplayName = "Citations", Description = "JSON array: table, id, column, value, quote (and summarised) for every sentence that states a fact.")]
    [CustomApiResponseProperty("Language", CustomApiParameterType.String, DisplayName = "Language", Description = "The language the draft is written in.")]
    [CustomApiResponseProperty("Notes", CustomApiParameterType.String, DisplayName = "Notes", Description = "For the reviewer: a language fallback, what to add before approval.")]
    public sealed class ComposeOutreachDraft : PluginBase
    {
        public ComposeOutreachDraft()
            : base(typeof(ComposeOutreachDraft))
        {
        }

        protected override void ExecuteDataversePlugin(ILocalPluginContext context)
        {
            var execution = context.PluginExecutionContext;
            var input = execution.InputParameters;
            if (!(input.Contains("Target") && input["Target"] is EntityReference target) || target.LogicalName != GateSchema.Remediation.Table)
                throw new InvalidPluginExecutionException("Compose outreach draft needs the remediation the outreach relies on. Run it on a remediation.");
            var contact = input.Contains("Contact") ? input["Contact"] as EntityReference : null;
            var channel = input.Contains("Channel") && input["Channel"] is OptionSetValue c ? (Channel)c.Value : (Channel?)null;
            if (contact != null && contact.LogicalName != GateSchema.Contact.Table)
                throw new InvalidPluginExecutionException("Contact must be a contact (it was a " + UserText.Plain(contact.LogicalName) + "). Choose one of the account's contacts.");

            // The draft quotes the remediation and the contact, which are read as SYSTEM: the caller must reach both first.
            DraftAccess.CheckCanRead(context, target, "remediation");
            if (contact != null) DraftAccess.CheckCanRead(context, contact, "contact");

            var now = ScoringDate.Of(execution);
            var outreach = new OutreachCase
            {
                RemediationId = target.Id,
                ContactId = contact?.Id,
                Channel = channel,
                Status = OutreachStatus.Draft,
                CheckOpenLimit = false,
                CheckFatigue = false,
            };
            GateReader.Fill(context.SystemService, outreach);
            outreach.AccountId = outreach.Remediation?.AccountId;
            GateRefusals.ThrowIf(context, OutreachGate.Check(outreach, GateReader.Policy(context.SystemService, context.TracingService), now));

            var records = DraftReader.Read(context.SystemService, target.Id, contact?.Id)!;
            var wording = DraftReader.Wording(context.SystemService, context.TracingService, execution.InitiatingUserId);
            records.Sender = wording.Sender;
            var draft = DraftComposer.Compose(records, wording.Templates, OfferPolicy.Default);
            DraftColumns.Output(execution.OutputParameters, draft, draft.Subject);
        }
    }

    /// <summary>
    /// Custom API wb_RegenerateOutreachDraft, bound to wb_outreach: rewrites the draft from the records as they are now,
    /// while the outreach is a Draft. It saves through the caller's own service (their Write access applies) by clearing
    /// the subject and body, which the draft step recomposes in the same save; the new draft is returned.
    /// </summary>
    [CustomApi("wb_RegenerateOutreachDraft",
        BindingType = CustomApiBinding.Entity,
        BoundTable = "wb_outreach",
        DisplayName = "Regenerate outreach draft",
        Description = "Rewrites the draft of this win-back outreach from the account's records as they are now, while it is a Draft.",
        ExecutePrivilegeName = "prvWriteActivity")]
    [CustomApiResponseProperty("Subject", CustomApiParameterType.String, DisplayName = "Subject", Description = "The subject line.")]
    [CustomApiResponseProperty("Text", CustomApiParameterType.String, DisplayName = "Text", Description = "The body as plain text.")]
    [CustomApiResponseProperty("Html", CustomApiParameterType.String, DisplayName = "HTML", Description = "The body as safe HTML (every value escaped).")]
    [CustomApiResponseProperty("Offer", CustomApiParameterType.String, DisplayName = "Offer", Description = "The offer matched to the gap.")]
    [CustomApiResponseProperty("NextStep", CustomApiParameterType.String, DisplayName = "Next step", Description = "The one next step the draft asks for.")]
    [CustomApiResponseProperty("Citations", CustomApiParameterType.String, DisplayName = "Citations", Description = "JSON array: table, id, column, value, quote for every sentence that states a fact.")]
    [CustomApiResponseProperty("Language", CustomApiParameterType.String, DisplayName = "Language", Description = "The language the draft is written in.")]
    [CustomApiResponseProperty("Notes", CustomApiParameterType.String, DisplayName = "Notes", Description = "For the reviewer: a language fallback, what to add before approval.")]
    public sealed class RegenerateOutreachDraft : PluginBase
    {
        private static readonly string[] Read =
        {
            GateSchema.Outreach.Subject, DraftSchema.Outreach.Description, DraftSchema.Outreach.HtmlBody, DraftSchema.Outreach.Offer,
            DraftSchema.Outreach.NextStep, DraftSchema.Outreach.Citations, DraftSchema.Outreach.Language, DraftSchema.Outreach.Notes,
            GateSchema.State, GateSchema.Status,
        };

        public RegenerateOutreachDraft()
            : base(typeof(RegenerateOutreachDraft))
        {
        }

        protected override void ExecuteDataversePlugin(ILocalPluginContext context)
        {
            var execution = context.PluginExecutionContext;
            if (!(execution.InputParameters.Contains("Target") && execution.InputParameters["Target"] is EntityReference target) || target.LogicalName != GateSchema.Outreach.Table)
                throw new InvalidPluginExecutionException("Regenerate outreach draft needs the win-back outreach to rewrite. Run it on an outreach.");
            var stored = DraftAccess.CheckCanRead(context, target, "outreach", Read);
            var status = GateChange.OutreachStatusOf(stored);
            if (status != OutreachStatus.Draft)
                throw new InvalidPluginExecutionException("Only a Draft can be regenerated, and this outreach is " + GateWords.StatusName(status)
                    + ": regenerating would replace what was reviewed. Move it back to Draft first, or edit the text by hand.");

            context.InitiatingUserService.Update(new Entity(GateSchema.Outreach.Table, target.Id)
            {
                [GateSchema.Outreach.Subject] = null,
                [DraftSchema.Outreach.Description] = null,
            });
            var after = context.SystemService.Retrieve(GateSchema.Outreach.Table, target.Id, new ColumnSet(Read));
            var output = execution.OutputParameters;
            output["Subject"] = after.GetAttributeValue<string>(GateSchema.Outreach.Subject) ?? "";
            output["Text"] = after.GetAttributeValue<string>(DraftSchema.Outreach.Description) ?? "";
            output["Html"] = after.GetAttributeValue<string>(DraftSchema.Outreach.HtmlBody) ?? "";
            var offer = after.GetAttributeValue<OptionSetValue>(DraftSchema.Outreach.Offer);
            output["Offer"] = offer == null ? "" : ((OfferKind)(offer.Value - 682400000)).ToString();
            output["NextStep"] = after.GetAttributeValue<string>(DraftSchema.Outreach.NextStep) ?? "";
            output["Citations"] = after.GetAttributeValue<string>(DraftSchema.Outreach.Citations) ?? "[]";
            output["Language"] = after.GetAttributeValue<string>(DraftSchema.Outreach.Language) ?? "";
            output["Notes"] = after.GetAttributeValue<string>(DraftSchema.Outreach.Notes) ?? "";
        }
    }

    /// <summary>
    /// Approving an outreach on the email channel writes the email for a person to send: an email activity in Draft
    /// (statecode 0, statuscode 1) regarding the account, to the contact, from the outreach's owner, with the approved HTML
    /// body and wb_outreachid set. Nothing here sends it; its Send runs the gate and consent again (GateOutreachEmail).
    /// Approving again after a return to Draft rewrites the same email while it is still a draft.
    /// </summary>
    [PluginStep("Update", "wb_outreach", PluginStage.PostOperation, PluginMode.Synchronous,
        FilteringAttributes = "statecode,statuscode",
        PreImage = "statecode,statuscode",
        PostImage = "subject,wb_htmlbody,wb_channel,regardingobjectid,wb_contactid,ownerid,statecode,statuscode",
        Description = "Creates the email, in Draft, of an outreach approved on the email channel.")]
    public sealed class OutreachApprovalEmail : PluginBase
    {
        public OutreachApprovalEmail()
            : base(typeof(OutreachApprovalEmail))
        {
        }

        protected override void ExecuteDataversePlugin(ILocalPluginContext context)
        {
            var execution = context.PluginExecutionContext;
            var pre = execution.PreEntityImages.Contains("PreImage") ? execution.PreEntityImages["PreImage"] : null;
            var post = execution.PostEntityImages.Contains("PostImage") ? execution.PostEntityImages["PostImage"] : null;
            if (pre == null || post == null) return;
            if (GateChange.OutreachStatusOf(post) != OutreachStatus.Approved || GateChange.OutreachStatusOf(pre) == OutreachStatus.Approved) return;
            if (post.GetAttributeValue<OptionSetValue>(GateSchema.Outreach.Channel)?.Value != (int)Channel.Email) return;

            var owner = post.GetAttributeValue<EntityReference>(DraftSchema.Outreach.Owner);
            var contact = post.GetAttributeValue<EntityReference>(GateSchema.Outreach.Contact);
            var email = new Entity(DraftSchema.Email.Table)
            {
                [GateSchema.Outreach.Subject] = post.GetAttributeValue<string>(GateSchema.Outreach.Subject),
                [DraftSchema.Email.Description] = post.GetAttributeValue<string>(DraftSchema.Outreach.HtmlBody),
                [GateSchema.Outreach.Regarding] = post.GetAttributeValue<EntityReference>(GateSchema.Outreach.Regarding),
                [GateSchema.Email.Outreach] = new EntityReference(GateSchema.Outreach.Table, execution.PrimaryEntityId),
            };
            if (contact != null) email[DraftSchema.Email.To] = Party(contact);
            if (owner != null && owner.LogicalName == DraftSchema.User)
            {
                email[DraftSchema.Email.From] = Party(owner);
                email[DraftSchema.Outreach.Owner] = owner;
            }

            var existing = new QueryExpression(DraftSchema.Email.Table) { ColumnSet = new ColumnSet(GateSchema.State), TopCount = 1 };
            existing.Criteria.AddCondition(GateSchema.Email.Outreach, ConditionOperator.Equal, execution.PrimaryEntityId);
            existing.Criteria.AddCondition(GateSchema.State, ConditionOperator.Equal, 0);
            var draft = context.SystemService.RetrieveMultiple(existing).Entities.FirstOrDefault();
            if (draft != null)
            {
                email.Id = draft.Id;
                email.Attributes.Remove(DraftSchema.Outreach.Owner);
                context.SystemService.Update(email);
                context.Trace("Rewrote draft email " + draft.Id + " of approved outreach " + execution.PrimaryEntityId + ".");
                return;
            }

            var id = context.SystemService.Create(email);
            context.Trace("Created draft email " + id + " of approved outreach " + execution.PrimaryEntityId + "; it waits for a person to send it.");
        }

        private static EntityCollection Party(EntityReference who) =>
            new EntityCollection(new List<Entity> { new Entity(DraftSchema.Email.Party) { [DraftSchema.Email.PartyId] = who } }) { EntityName = DraftSchema.Email.Party };
    }

    internal static class DraftAccess
    {
        /// <summary>Dataverse's ObjectDoesNotExist fault (0x80040217).</summary>
        private const int ObjectDoesNotExist = -2147220969;

        /// <summary>Reads the row through the caller's own service, so their access decides; refuses in plain words otherwise.</summary>
        public static Entity CheckCanRead(ILocalPluginContext context, EntityReference row, string what, params string[] columns)
        {
            try
            {
                return context.InitiatingUserService.Retrieve(row.LogicalName, row.Id, new ColumnSet(columns));
            }
            catch (FaultException<OrganizationServiceFault> fault)
            {
                context.Trace("The caller cannot read " + row.LogicalName + " " + row.Id + ": " + fault.Message);
                throw new InvalidPluginExecutionException(fault.Detail?.ErrorCode == ObjectDoesNotExist
                    ? "This " + what + " no longer exists. Choose another one."
                    : "You cannot read this " + what + ", so no draft can be written from it. Ask its owner or your administrator for access.");
            }
        }
    }
}
