using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using WinBack.Core.Disengagement;

namespace WinBack.Plugins.Disengagement
{
    /// <summary>
    /// Reads the disengagement policy from the environment variable wb_DisengagementPolicy in one request: the
    /// definition's default value and, joined to it, the current value. Core's <see cref="PolicyResolver"/> picks the
    /// first valid of the two, then the built-in policy; every invalid candidate is traced.
    /// </summary>
    internal static class EnvironmentVariable
    {
        /// <summary>
        /// Reads an environment variable in one request: the definition's default value and, joined to it, the current
        /// value. False when the variable does not exist.
        /// </summary>
        public static bool Read(IOrganizationService service, string schemaName, out string? currentValue, out string? defaultValue)
        {
            var fetch =
                "<fetch top=\"1\"><entity name=\"" + Schema.EnvironmentVariable.Definition + "\">"
                + "<attribute name=\"" + Schema.EnvironmentVariable.DefaultValue + "\" />"
                + "<filter>" + Fetch.Condition(Schema.EnvironmentVariable.SchemaName, "eq", schemaName) + "</filter>"
                + "<link-entity name=\"" + Schema.EnvironmentVariable.Value + "\" from=\"" + Schema.EnvironmentVariable.DefinitionId
                + "\" to=\"" + Schema.EnvironmentVariable.DefinitionId + "\" link-type=\"outer\" alias=\"current\">"
                + "<attribute name=\"" + Schema.EnvironmentVariable.ValueColumn + "\" />"
                + "</link-entity></entity></fetch>";

            var rows = service.RetrieveMultiple(new FetchExpression(fetch)).Entities;
            currentValue = null;
            defaultValue = null;
            if (rows.Count == 0) return false;
            defaultValue = rows[0].GetAttributeValue<string>(Schema.EnvironmentVariable.DefaultValue);
            currentValue = Fetch.Get(rows[0], "current." + Schema.EnvironmentVariable.ValueColumn) is AliasedValue aliased ? aliased.Value as string : null;
            return true;
        }
    }

    /// <summary>
    /// Reads the policy to score with: the active row of the policy store (wb_scoringpolicy) when there is one, else the
    /// environment variable wb_DisengagementPolicy, else the built-in policy (Core's <see cref="PolicyResolver"/> picks).
    /// One request when a stored policy is in use (the store's query replaces the environment variable's), two when
    /// none is: at most one more than reading the environment variable alone, once per scoring batch.
    /// </summary>
    internal static class PolicyReader
    {
        public static PolicyResolution Read(IOrganizationService service, ITracingService tracing)
        {
            var stored = ReadStore(service);
            var resolution = PolicyResolver.Resolve(stored, () =>
            {
                if (!EnvironmentVariable.Read(service, PolicyResolver.EnvironmentVariableName, out var currentValue, out var defaultValue))
                {
                    tracing.Trace("{0}", "The environment variable " + PolicyResolver.EnvironmentVariableName + " does not exist.");
                }

                return new EnvironmentPolicy(currentValue, defaultValue);
            });

            // Parsed on every call: plug-ins keep no state between calls, and a policy parses in microseconds. The
            // tracing service prefixes every line with the correlation id (PluginBase), so an invalid stored policy
            // is found in the plug-in trace log by it.
            foreach (var warning in resolution.Warnings)
            {
                tracing.Trace("{0}", warning);
            }

            tracing.Trace("{0}", "Policy '" + resolution.Policy.Name + "' from the " + Describe(resolution) + ".");
            return resolution;
        }

        /// <summary>
        /// The active row first, then the rows most recently in use, in one query; a few rows at most
        /// (<see cref="Schema.ScoringPolicy.RowsRead"/>), so the policies that stand in for an invalid active one come with it.
        /// </summary>
        private static List<StoredPolicy> ReadStore(IOrganizationService service)
        {
            var fetch =
                "<fetch top=\"" + Schema.ScoringPolicy.RowsRead.ToString(CultureInfo.InvariantCulture) + "\"><entity name=\"" + Schema.ScoringPolicy.Table + "\">"
                + "<attribute name=\"" + Schema.ScoringPolicy.Id + "\" />"
                + "<attribute name=\"" + Schema.ScoringPolicy.Name + "\" />"
                + "<attribute name=\"" + Schema.ScoringPolicy.Policy + "\" />"
                + "<attribute name=\"" + Schema.ScoringPolicy.State + "\" />"
                + "<attribute name=\"" + Schema.ScoringPolicy.ActivatedOn + "\" />"
                + "<order attribute=\"" + Schema.ScoringPolicy.State + "\" />"
                + "<order attribute=\"" + Schema.ScoringPolicy.ActivatedOn + "\" descending=\"true\" />"
                + "<order attribute=\"" + Schema.ScoringPolicy.Id + "\" />"
                + "</entity></fetch>";
            var rows = service.RetrieveMultiple(new FetchExpression(fetch)).Entities;
            var stored = new List<StoredPolicy>(rows.Count);
            foreach (var row in rows)
            {
                stored.Add(new StoredPolicy(
                    row.Id,
                    row.GetAttributeValue<string>(Schema.ScoringPolicy.Name),
                    row.GetAttributeValue<string>(Schema.ScoringPolicy.Policy),
                    row.GetAttributeValue<OptionSetValue>(Schema.ScoringPolicy.State)?.Value == Schema.ScoringPolicy.Active,
                    row.GetAttributeValue<DateTime?>(Schema.ScoringPolicy.ActivatedOn)));
            }

            return stored;
        }

        private static string Describe(PolicyResolution resolution)
        {
            switch (resolution.Source)
            {
                case PolicySource.Store: return resolution.Stored!.Describe();
                case PolicySource.CurrentValue: return "environment variable's current value";
                case PolicySource.DefaultValue: return "environment variable's default value";
                default: return "built-in defaults";
            }
        }
    }
}
