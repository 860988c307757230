#nullable enable
using System.Runtime.CompilerServices;

namespace WinBack.Testing;

/// <summary>
/// Material that lives beside the repository, not in it (Microsoft's schemas, real Dataverse exports, public
/// datasets): ../shared next to the clone, or the folder WINBACK_SHARED names. A test that needs a piece of it
/// asks here: where the piece is missing the test is reported as skipped (saying what to set), except under
/// CI (CI=true), where missing material fails the test. Tests that ask must be [SkippableFact]/[SkippableTheory].
/// </summary>
internal static class SharedMaterial
{
    public const string Variable = "WINBACK_SHARED";

    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The shared folder in use, or null when none was found.</summary>
    public static string? Root { get; } = FindRoot();

    public static bool RequiredByCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The path of <paramref name="relative"/> (e.g. "reference/exports/x") inside shared/; skips the test when it is not there.</summary>
    public static string Require(string relative, [CallerMemberName] string test = "")
    {
        var path = Root is null ? null : Path.Combine(Root, relative);
        if (path is not null && (File.Exists(path) || Directory.Exists(path))) return path;
        var message = $"{test} needs shared/{relative} beside the repository" +
            (Root is null ? " (no shared folder was found next to " + RepoRoot + ")" : $" ({Root} does not have it)") +
            $". Set {Variable}=/path/to/shared to run it.";
        if (RequiredByCi) Assert.Fail("CI=true: material beside the repository is required. " + message);
        Skip.If(true, message);
        return path!;
    }

    public static string Export(string name, [CallerMemberName] string test = "") => Require(Path.Combine("reference", "exports", name), test);

    public static string Schemas([CallerMemberName] string test = "") => Require(Path.Combine("reference", "schemas", "libxml2-relaxed"), test);

    private static string? FindRoot()
    {
        var named = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrEmpty(named)) return Path.GetFullPath(named);
        // ../shared beside the clone; worktrees kept one folder deeper find it at ../../shared.
        foreach (var candidate in new[] { Path.Combine(RepoRoot, "..", "shared"), Path.Combine(RepoRoot, "..", "..", "shared") })
        {
            if (Directory.Exists(candidate)) return Path.GetFullPath(candidate);
        }
        return null;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "WinBack.Crm.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("WinBack.Crm.sln not found above " + AppContext.BaseDirectory);
    }
}
