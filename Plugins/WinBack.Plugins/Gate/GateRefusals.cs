using System;
using System.Linq;
using Microsoft.Xrm.Sdk;
using WinBack.Core.Gate;

namespace WinBack.Plugins.Gate
{
    /// <summary>
    /// The edge where a refusal becomes words: traced with the correlation id, written to the plug-in telemetry logger
    /// with the rule, the columns and the records, then thrown for the user. Nothing else is written.
    /// </summary>
    internal static class GateRefusals
    {
        public static void ThrowIf(ILocalPluginContext context, Refusal? refusal)
        {
            if (refusal == null) return;
            var execution = context.PluginExecutionContext;
            var words = GateWords.Describe(refusal);
            var fields = string.Join(",", refusal.Fields);
            var records = string.Join(",", refusal.RecordIds.Select(id => id.ToString("D")));
            context.Trace("Gate refused " + execution.MessageName + " of " + execution.PrimaryEntityName + " " + execution.PrimaryEntityId
                + " (correlation id " + context.CorrelationId + "): rule " + refusal.Rule + ", fields " + fields + ", records " + records + ".");
            context.Logger?.LogWarning("WinBack gate refused {0} of {1}: rule {2}; fields {3}; records {4}; correlation id {5}.",
                execution.MessageName, execution.PrimaryEntityName, refusal.Rule, fields, records, context.CorrelationId);
            throw new InvalidPluginExecutionException(words);
        }
    }
}
