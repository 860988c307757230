namespace WinBack.Packaging.Tests;

/// <summary>Where the shared reference material sits: ../shared/reference next to the repository root.</summary>
internal static class Reference
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Exports => Path.Combine(SharedRoot, "reference", "exports");

    public static string Schemas => Path.Combine(SharedRoot, "reference", "schemas", "libxml2-relaxed");

    public static string Export(string name) => Path.Combine(Exports, name);

    private static string SharedRoot
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("WINBACK_SHARED");
            if (!string.IsNullOrEmpty(env)) return env;
            // Worktrees sit in /work/wt/<branch>, the main clone in /work/main: look upwards for shared/.
            for (var dir = new DirectoryInfo(RepoRoot); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared");
                if (Directory.Exists(Path.Combine(candidate, "reference"))) return candidate;
            }
            return Path.Combine(RepoRoot, "..", "shared");
        }
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
