using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;

namespace Xrm.Sdk.Offline.Tests;

/// <summary>Finds the built assemblies and reference packages, and reads assembly metadata without loading anything.</summary>
internal static class BuiltAssemblies
{
    public const string MicrosoftToken = "31bf3856ad364e35";
    public const string EcmaToken = "b77a5c561934e089";
    public const string ReferenceAssembliesVersion = "1.0.2";

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Configuration { get; } = Metadata("Configuration") ?? "Debug";

    public static string PluginNet462 => Path.Combine(RepoRoot, "Plugins", "WinBack.Plugins", "bin", Configuration, "net462", "WinBack.Plugins.dll");

    public static string SandboxPluginNet462 => Path.Combine(RepoRoot, "Tests", "Xrm.Sdk.Offline.Tests", "Fixtures", "SandboxPlugin", "bin", Configuration, "net462", "Xrm.Sdk.Offline.SandboxPlugin.dll");

    public static string SdkNet462 => Path.Combine(RepoRoot, "Plugins", "Xrm.Sdk.Offline", "bin", Configuration, "net462", "Microsoft.Xrm.Sdk.dll");

    public static string SdkNet10 => typeof(Microsoft.Xrm.Sdk.Entity).Assembly.Location;

    public static string ServiceModelStandIn => typeof(System.ServiceModel.FaultException).Assembly.Location;

    public static string SdkPublicKeyFile => Path.Combine(RepoRoot, "Plugins", "Xrm.Sdk.Offline", "Microsoft.Xrm.Sdk.publickey.snk");

    /// <summary>build/.NETFramework/v4.6.2 of the restored Microsoft.NETFramework.ReferenceAssemblies.net462 1.0.2.</summary>
    public static string Net462ReferenceFolder
    {
        get
        {
            foreach (string root in PackageRoots())
            {
                string folder = Path.Combine(root, "microsoft.netframework.referenceassemblies.net462", ReferenceAssembliesVersion, "build", ".NETFramework", "v4.6.2");
                if (Directory.Exists(folder)) return folder;
            }

            throw new DirectoryNotFoundException("Microsoft.NETFramework.ReferenceAssemblies.net462 " + ReferenceAssembliesVersion + " is not restored under " + string.Join(" or ", PackageRoots()));
        }
    }

    public static AssemblyFacts Read(string path)
    {
        Assert.True(File.Exists(path), "Not built: " + path);
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        MetadataReader md = pe.GetMetadataReader();
        AssemblyDefinition definition = md.GetAssemblyDefinition();
        byte[] publicKey = md.GetBlobBytes(definition.PublicKey);
        var references = md.AssemblyReferences.Select(handle =>
        {
            AssemblyReference reference = md.GetAssemblyReference(handle);
            byte[] keyOrToken = md.GetBlobBytes(reference.PublicKeyOrToken);
            string token = (reference.Flags & AssemblyFlags.PublicKey) != 0 ? TokenOf(keyOrToken) : Convert.ToHexString(keyOrToken).ToLowerInvariant();
            return new ReferenceFacts(md.GetString(reference.Name), reference.Version, token);
        }).ToList();
        var typeNames = md.TypeDefinitions.Select(handle =>
        {
            TypeDefinition type = md.GetTypeDefinition(handle);
            return md.GetString(type.Namespace) + "." + md.GetString(type.Name);
        }).ToList();
        CorHeader cor = pe.PEHeaders.CorHeader!;
        return new AssemblyFacts(
            md.GetString(definition.Name),
            definition.Version,
            publicKey,
            publicKey.Length == 0 ? string.Empty : TokenOf(publicKey),
            (cor.Flags & CorFlags.StrongNameSigned) != 0,
            cor.StrongNameSignatureDirectory.Size,
            references,
            typeNames,
            new FileInfo(path).Length);
    }

    /// <summary>The public key token: the last 8 bytes of the key's SHA-1, reversed.</summary>
    public static string TokenOf(byte[] publicKey)
    {
        byte[] hash = SHA1.HashData(publicKey);
        return Convert.ToHexString(hash.Skip(hash.Length - 8).Reverse().ToArray()).ToLowerInvariant();
    }

    private static IEnumerable<string> PackageRoots()
    {
        string fromEnvironment = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (!string.IsNullOrEmpty(fromEnvironment)) yield return fromEnvironment;
        string fromBuild = Metadata("NuGetPackageRoot");
        if (!string.IsNullOrEmpty(fromBuild)) yield return fromBuild;
        yield return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
    }

    private static string Metadata(string key) =>
        typeof(BuiltAssemblies).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value;

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "WinBack.Crm.sln"))) return dir.FullName;
        }

        throw new DirectoryNotFoundException("WinBack.Crm.sln not found above " + AppContext.BaseDirectory);
    }
}

internal sealed record ReferenceFacts(string Name, Version Version, string Token);

internal sealed record AssemblyFacts(
    string Name,
    Version Version,
    byte[] PublicKey,
    string PublicKeyToken,
    bool StrongNameSignedFlag,
    int SignatureSize,
    IReadOnlyList<ReferenceFacts> References,
    IReadOnlyList<string> TypeNames,
    long FileSize);
