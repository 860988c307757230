using System;
using System.Collections.Generic;
using System.Threading;

namespace WinBack.Core.Disengagement
{
    /// <summary>Where a resolved policy came from.</summary>
    public enum PolicySource
    {
        /// <summary>The environment variable's current value (environmentvariablevalue).</summary>
        CurrentValue,
        /// <summary>The environment variable's default value (environmentvariabledefinition.defaultvalue).</summary>
        DefaultValue,
        /// <summary><see cref="Policy.Default"/>: neither value was set or valid.</summary>
        BuiltIn,
    }

    /// <summary>The policy to use, where it came from, and why a better candidate was passed over.</summary>
    public sealed class PolicyResolution
    {
        internal PolicyResolution(Policy policy, PolicySource source, IReadOnlyList<string> warnings)
        {
            Policy = policy;
            Source = source;
            Warnings = warnings;
        }

        public Policy Policy { get; }
        public PolicySource Source { get; }

        /// <summary>One line per invalid candidate, e.g. "The current value of wb_DisengagementPolicy is invalid and was ignored: policy.bands.atRisk must be ...".</summary>
        public IReadOnlyList<string> Warnings { get; }

        public bool HasWarnings => Warnings.Count > 0;
    }

    /// <summary>
    /// Chooses the policy to score with, without any state: the first VALID of the environment variable's current
    /// value, its default value, and the built-in <see cref="Policy.Default"/>. An invalid value never stops
    /// scoring; it is skipped with a warning the caller traces.
    /// <para>
    /// Why no "last valid policy" cache: plug-ins are stateless and may run on many servers, so an in-memory
    /// memory of the last good policy would differ between servers and vanish on recycle. Instead (1) a
    /// synchronous validation step on the environment variable value rejects invalid JSON on save with
    /// <see cref="Policy.Parse"/>'s message, so the stored value stays the last valid one, and (2) anything
    /// that slips past (e.g. a solution import) falls back here to the solution's default value, then to the
    /// built-in policy. Both steps are deterministic and the same on every server.
    /// </para>
    /// </summary>
    public static class PolicyResolver
    {
        /// <summary>The schema name of the environment variable that holds the policy JSON.</summary>
        public const string EnvironmentVariableName = "wb_DisengagementPolicy";

        /// <summary>Resolves from the environment variable's current value and default value (null or blank = not set).</summary>
        public static PolicyResolution Resolve(string? currentValue, string? defaultValue = null)
        {
            var warnings = new List<string>();
            if (TryCandidate(currentValue, "current value", warnings, out var policy)) return new PolicyResolution(policy!, PolicySource.CurrentValue, warnings);
            if (TryCandidate(defaultValue, "default value", warnings, out policy)) return new PolicyResolution(policy!, PolicySource.DefaultValue, warnings);
            return new PolicyResolution(Policy.Default, PolicySource.BuiltIn, warnings);
        }

        private static bool TryCandidate(string? json, string what, List<string> warnings, out Policy? policy)
        {
            policy = null;
            if (json == null || json.Trim().Length == 0) return false;
            if (Policy.TryParse(json, out var parsed, out var error))
            {
                policy = parsed;
                return true;
            }
            warnings.Add("The " + what + " of " + EnvironmentVariableName + " is invalid and was ignored: " + error);
            return false;
        }
    }

    /// <summary>
    /// Optional memo of <see cref="PolicyResolver.Resolve"/> keyed by the exact JSON strings, so a bulk run does not
    /// parse the same policy for every page. It remembers one immutable entry, replaced atomically: the answer for
    /// given strings is always what <see cref="PolicyResolver"/> would return, so sharing an instance across threads
    /// (even as a static) changes only speed, never behaviour. It does not remember "the last valid policy".
    /// </summary>
    public sealed class PolicyCache
    {
        private sealed class Entry
        {
            public Entry(string? current, string? fallback, PolicyResolution resolution)
            {
                Current = current;
                Fallback = fallback;
                Resolution = resolution;
            }

            public readonly string? Current;
            public readonly string? Fallback;
            public readonly PolicyResolution Resolution;
        }

        private Entry? _entry;

        /// <summary>Same as <see cref="PolicyResolver.Resolve"/>, parsed once per distinct pair of strings.</summary>
        public PolicyResolution Resolve(string? currentValue, string? defaultValue = null)
        {
            var entry = Volatile.Read(ref _entry);
            if (entry != null && string.Equals(entry.Current, currentValue, StringComparison.Ordinal)
                && string.Equals(entry.Fallback, defaultValue, StringComparison.Ordinal))
            {
                return entry.Resolution;
            }
            var resolution = PolicyResolver.Resolve(currentValue, defaultValue);
            Interlocked.Exchange(ref _entry, new Entry(currentValue, defaultValue, resolution));
            return resolution;
        }
    }
}
