using System.Runtime.CompilerServices;
using WinBack.Testing;

namespace WinBack.Packaging.Tests;

/// <summary>The repository, and the reference material beside it (see SharedMaterial: missing material skips the test).</summary>
internal static class Reference
{
    public static string RepoRoot => SharedMaterial.RepoRoot;

    public static string Schemas([CallerMemberName] string test = "") => SharedMaterial.Schemas(test);

    public static string Export(string name, [CallerMemberName] string test = "") => SharedMaterial.Export(name, test);
}
