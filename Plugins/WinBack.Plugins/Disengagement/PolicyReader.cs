using System;
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

    internal static class PolicyReader
    {
        public static PolicyResolution Read(IOrganizationService service, ITracingService tracing)
        {
            if (!EnvironmentVariable.Read(service, PolicyResolver.EnvironmentVariableName, out var currentValue, out var defaultValue))
            {
                tracing.Trace("{0}", "The environment variable " + PolicyResolver.EnvironmentVariableName + " does not exist; the built-in policy is used.");
            }

            // Parsed on every call: plug-ins keep no state between calls, and a policy parses in microseconds.
            var resolution = PolicyResolver.Resolve(currentValue, defaultValue);
            foreach (var warning in resolution.Warnings)
            {
                tracing.Trace("{0}", warning);
            }

            tracing.Trace("{0}", "Policy '" + resolution.Policy.Name + "' from the " + Describe(resolution.Source) + ".");
            return resolution;
        }

        private static string Describe(PolicySource source)
        {
            switch (source)
            {
                case PolicySource.CurrentValue: return "environment variable's current value";
                case PolicySource.DefaultValue: return "environment variable's default value";
                default: return "built-in defaults";
            }
        }
    }
}
