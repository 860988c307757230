using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using WinBack.Core.Gate;

namespace WinBack.Plugins.Gate
{
    /// <summary>
    /// One write to a gated row, whichever message carried it: the Target of Create/Update (which the gate may stamp),
    /// the EntityMoniker, State and Status of SetState/SetStateDynamicEntity, the Target reference of Delete; with the row
    /// before the write (pre-image, or read once for the state messages, which carry no images here).
    /// </summary>
    internal sealed class GateChange
    {
        private GateChange(Guid id, Entity? target, Entity? before, IReadOnlyCollection<string> sent, Entity values)
        {
            Id = id;
            Target = target;
            Before = before;
            Sent = sent;
            _values = values;
        }

        private readonly Entity _values;

        public Guid Id { get; }

        /// <summary>The Target entity of Create/Update, to stamp; null for SetState and Delete.</summary>
        public Entity? Target { get; }

        /// <summary>The row before the write; null for Create.</summary>
        public Entity? Before { get; }

        /// <summary>The columns the request sends.</summary>
        public IReadOnlyCollection<string> Sent { get; }

        public bool StatusSent => Sent.Contains(GateSchema.State) || Sent.Contains(GateSchema.Status);

        public static GateChange? Of(ILocalPluginContext context, string[] columns)
        {
            var execution = context.PluginExecutionContext;
            var input = execution.InputParameters;
            var pre = execution.PreEntityImages.Contains("PreImage") ? execution.PreEntityImages["PreImage"] : null;
            if (input.Contains("EntityMoniker") && input["EntityMoniker"] is EntityReference moniker)
            {
                var state = input.Contains("State") ? input["State"] as OptionSetValue : null;
                var status = input.Contains("Status") ? input["Status"] as OptionSetValue : null;
                var before = context.SystemService.Retrieve(moniker.LogicalName, moniker.Id, new ColumnSet(columns));
                var change = new Entity(moniker.LogicalName, moniker.Id);
                if (state != null) change[GateSchema.State] = state;
                if (status != null && status.Value != -1) change[GateSchema.Status] = status;
                return new GateChange(moniker.Id, null, before, change.Attributes.Keys.ToList(), Merge(before, change));
            }

            if (input.Contains("Target") && input["Target"] is EntityReference deleted)
            {
                return new GateChange(deleted.Id, null, pre, Array.Empty<string>(), pre ?? new Entity(deleted.LogicalName, deleted.Id));
            }

            if (!(input.Contains("Target") && input["Target"] is Entity target)) return null;
            return new GateChange(target.Id, target, pre, target.Attributes.Keys.ToList(), Merge(pre, target));
        }

        private static Entity Merge(Entity? before, Entity change)
        {
            var merged = new Entity(change.LogicalName, change.Id);
            if (before != null)
                foreach (var attribute in before.Attributes) merged[attribute.Key] = attribute.Value;
            foreach (var attribute in change.Attributes) merged[attribute.Key] = attribute.Value;
            return merged;
        }

        /// <summary>A column's value after the write.</summary>
        public T Value<T>(string column) => _values.Contains(column) && _values[column] is T value ? value : default!;

        public OutreachStatus OutreachStatus() => OutreachStatusOf(_values);

        public RemediationStatus RemediationStatus() => RemediationStatusOf(_values);

        /// <summary>The status reason, or the default of the state when only the state is given (Dataverse does the same).</summary>
        public static OutreachStatus OutreachStatusOf(Entity row)
        {
            var status = row.GetAttributeValue<OptionSetValue>(GateSchema.Status);
            var state = row.GetAttributeValue<OptionSetValue>(GateSchema.State);
            if (status != null && (state == null || StateOf((OutreachStatus)status.Value) == state.Value)) return (OutreachStatus)status.Value;
            switch (state?.Value ?? 0)
            {
                case 1: return WinBack.Core.Gate.OutreachStatus.Sent;
                case 2: return WinBack.Core.Gate.OutreachStatus.Canceled;
                default: return WinBack.Core.Gate.OutreachStatus.Draft;
            }
        }

        public static RemediationStatus RemediationStatusOf(Entity row)
        {
            var status = row.GetAttributeValue<OptionSetValue>(GateSchema.Status);
            var state = row.GetAttributeValue<OptionSetValue>(GateSchema.State);
            if (status != null && (state == null || (status.Value == (int)WinBack.Core.Gate.RemediationStatus.Closed) == (state.Value == 1)))
                return (RemediationStatus)status.Value;
            return state?.Value == 1 ? WinBack.Core.Gate.RemediationStatus.Closed : WinBack.Core.Gate.RemediationStatus.Diagnosing;
        }

        private static int StateOf(OutreachStatus status) =>
            status == WinBack.Core.Gate.OutreachStatus.Sent ? 1 : status == WinBack.Core.Gate.OutreachStatus.Canceled ? 2 : 0;

        public RemediationFacts RemediationFacts() => new RemediationFacts
        {
            Id = Id,
            Name = Value<string>(GateSchema.Remediation.Name) ?? "",
            AccountId = Value<EntityReference>(GateSchema.Remediation.Account)?.Id ?? Guid.Empty,
            Status = RemediationStatus(),
            Gap = GateValues.GapOf(Value<OptionSetValue>(GateSchema.Remediation.Gap)?.Value),
            RootCause = Value<string>(GateSchema.Remediation.RootCause),
            Fix = Value<string>(GateSchema.Remediation.Fix),
            Evidence = Value<string>(GateSchema.Remediation.Evidence),
            FixedOn = Value<DateTime?>(GateSchema.Remediation.FixedOn),
            FixedBy = Value<EntityReference>(GateSchema.Remediation.FixedBy)?.Id,
        };
    }
}
