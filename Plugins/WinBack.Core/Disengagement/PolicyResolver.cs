using System;
using System.Collections.Generic;
using System.Threading;

namespace WinBack.Core.Disengagement
{
    /// <summary>Where a resolved policy came from.</summary>
    public enum PolicySource
    {
        /// <summary>A row of the policy store (wb_scoringpolicy): the active one, or the last valid one in use before it.</summary>
        Store,
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
        internal PolicyResolution(Policy policy, PolicySource source, IReadOnlyList<string> warnings, StoredPolicy? stored = null)
        {
            Policy = policy;
            Source = source;
            Warnings = warnings;
            Stored = stored;
        }

        public Policy Policy { get; }
        public PolicySource Source { get; }

        /// <summary>The stored policy used when <see cref="Source"/> is <see cref="PolicySource.Store"/>, else null.</summary>
        public StoredPolicy? Stored { get; }

        /// <summary>One line per invalid candidate, e.g. "The current value of wb_DisengagementPolicy is invalid and was ignored: policy.bands.atRisk must be ...".</summary>
        public IReadOnlyList<string> Warnings { get; }

        public bool HasWarnings => Warnings.Count > 0;
    }

    /// <summary>A row of the policy store as the reader found it: which row, whether it is the one in use, its JSON.</summary>
    public sealed class StoredPolicy
    {
        public StoredPolicy(Guid id, string? name, string? json, bool active, DateTime? activatedOn)
        {
            Id = id;
            Name = name ?? string.Empty;
            Json = json;
            Active = active;
            ActivatedOn = activatedOn;
        }

        public Guid Id { get; }
        public string Name { get; }
        public string? Json { get; }

        /// <summary>True for the row in use (statecode Active).</summary>
        public bool Active { get; }

        /// <summary>When it was last put in use; null for a row never activated (a staged policy).</summary>
        public DateTime? ActivatedOn { get; }

        /// <summary>How traces and warnings name it.</summary>
        public string Describe() => "scoring policy '" + Name + "' (" + Id.ToString("D") + ")";
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

        /// <summary>
        /// Resolves from the policy store first: <paramref name="stored"/> holds the store's rows the reader fetched, the
        /// active row first, then the rows most recently in use. When the first is active and valid it is the policy.
        /// When it is active but invalid (a row saved around the validating plug-in, e.g. by an import that bypassed
        /// custom plug-ins), the most recently activated valid row keeps working, with a warning. When no row is active,
        /// or none of those is valid, the environment variable is read (only then: <paramref name="environment"/> is
        /// one more request) and resolved as <see cref="Resolve(string, string)"/> does.
        /// </summary>
        public static PolicyResolution Resolve(IReadOnlyList<StoredPolicy> stored, Func<EnvironmentPolicy> environment)
        {
            if (stored == null) throw new ArgumentNullException(nameof(stored));
            if (environment == null) throw new ArgumentNullException(nameof(environment));
            var warnings = new List<string>();
            if (stored.Count > 0 && stored[0].Active)
            {
                for (var i = 0; i < stored.Count; i++)
                {
                    var candidate = stored[i];
                    // Past the active row only rows that were once in use stand in for it, never a staged one.
                    if (i > 0 && (candidate.Active || candidate.ActivatedOn == null)) continue;
                    var empty = candidate.Json == null || candidate.Json.Trim().Length == 0;
                    string? error = null;
                    if (!empty && Policy.TryParse(candidate.Json, out var parsed, out error))
                    {
                        if (i > 0)
                        {
                            warnings.Add("The " + candidate.Describe() + ", the last valid one in use, is used instead until the active policy is corrected.");
                        }

                        return new PolicyResolution(parsed, PolicySource.Store, warnings, candidate);
                    }

                    warnings.Add("The " + (i == 0 ? "active " : "earlier ") + candidate.Describe() + " is invalid and was skipped: "
                        + (empty ? "its policy is empty" : error));
                }
            }

            var values = environment();
            var resolution = Resolve(values.CurrentValue, values.DefaultValue);
            warnings.AddRange(resolution.Warnings);
            return new PolicyResolution(resolution.Policy, resolution.Source, warnings);
        }

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

    /// <summary>The environment variable wb_DisengagementPolicy's two values as the reader found them (null = not set).</summary>
    public sealed class EnvironmentPolicy
    {
        public EnvironmentPolicy(string? currentValue, string? defaultValue)
        {
            CurrentValue = currentValue;
            DefaultValue = defaultValue;
        }

        public string? CurrentValue { get; }
        public string? DefaultValue { get; }
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
