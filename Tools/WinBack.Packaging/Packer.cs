using System.Xml.Linq;
using WinBack.Packaging.Checks;
using WinBack.Packaging.Packing;
using WinBack.Packaging.Registration;
using WinBack.Packaging.Source;

namespace WinBack.Packaging;

/// <summary>What to pack and where to put it.</summary>
public sealed class PackOptions
{
    /// <summary>The solution source folder (Solution/).</summary>
    public string SourceFolder { get; set; } = "";
    /// <summary>The built net462 plug-in assembly, or null for a solution without plug-ins.</summary>
    public string? AssemblyPath { get; set; }
    /// <summary>The web resources folder (WebResources/), or null.</summary>
    public string? WebResourcesFolder { get; set; }
    /// <summary>Where the zips and the unpacked folder go (Solution/bin/Release/).</summary>
    public string OutputFolder { get; set; } = "";
    /// <summary>Where work files (customizations.xml for validation) go.</summary>
    public string? IntermediateFolder { get; set; }
    public string Version { get; set; } = "1.0.0.0";
    /// <summary>The folder holding CustomizationsSolution.xsd; null skips the schema check.</summary>
    public string? SchemaFolder { get; set; }
    public string Xmllint { get; set; } = "xmllint";
}

public sealed class PackResult
{
    public List<BuildProblem> Problems { get; } = new();
    public bool Succeeded => Problems.Count == 0;
    public SolutionPackage? Package { get; set; }
    public string? UnmanagedZip { get; set; }
    public string? ManagedZip { get; set; }
    public string? UnpackedFolder { get; set; }
}

/// <summary>Source + built assembly + web resources -> checked solution zips (managed and unmanaged) and the unpacked folder.</summary>
public static class Packer
{
    public static string ZipName(string uniqueName, string version, bool managed) =>
        $"{uniqueName}_{version.Replace('.', '_')}{(managed ? "_managed" : "")}.zip";

    public static PackResult Pack(PackOptions options)
    {
        var result = new PackResult();
        SolutionSource source;
        WebResourceManifest manifest;
        try
        {
            source = SolutionSource.Load(options.SourceFolder);
            manifest = WebResourceManifest.Load(options.WebResourcesFolder);
        }
        catch (SourceException e)
        {
            result.Problems.Add(new BuildProblem(e.File, "WB100", e.Message));
            return result;
        }

        ScannedAssembly? assembly = null;
        byte[]? bytes = null;
        if (!string.IsNullOrEmpty(options.AssemblyPath))
        {
            if (!File.Exists(options.AssemblyPath))
            {
                result.Problems.Add(new BuildProblem(options.AssemblyPath, "WB101", "the plug-in assembly does not exist. Build Plugins/WinBack.Plugins for net462 first."));
                return result;
            }
            assembly = AssemblyScanner.Scan(options.AssemblyPath);
            bytes = File.ReadAllBytes(options.AssemblyPath);
        }

        SolutionPackage package;
        try
        {
            package = new Expander(source, assembly, bytes, manifest, options.WebResourcesFolder).Expand(options.Version, managed: false);
        }
        catch (SourceException e)
        {
            result.Problems.Add(new BuildProblem(e.File, "WB100", e.Message));
            return result;
        }
        result.Package = package;
        result.Problems.AddRange(BuildChecks.Run(package, assembly, source, manifest, options.WebResourcesFolder));

        if (options.SchemaFolder is not null)
        {
            var work = options.IntermediateFolder ?? Path.Combine(options.OutputFolder, "obj");
            Directory.CreateDirectory(work);
            var customizations = Path.Combine(work, "customizations.xml");
            using (var packed = new MemoryStream(SolutionWriter.PackedFiles(package, managed: false)["customizations.xml"]))
            {
                BuildChecks.ForSchemaValidation(XDocument.Load(packed)).Save(customizations);
            }
            result.Problems.AddRange(BuildChecks.ValidateSchema(customizations, options.SchemaFolder, options.Xmllint));
        }
        if (!result.Succeeded) return result;

        Directory.CreateDirectory(options.OutputFolder);
        result.UnmanagedZip = Path.Combine(options.OutputFolder, ZipName(package.Model.UniqueName, options.Version, managed: false));
        result.ManagedZip = Path.Combine(options.OutputFolder, ZipName(package.Model.UniqueName, options.Version, managed: true));
        result.UnpackedFolder = Path.Combine(options.OutputFolder, "unpacked");
        SolutionWriter.WritePacked(package, managed: false, result.UnmanagedZip);
        SolutionWriter.WritePacked(package, managed: true, result.ManagedZip);
        SolutionWriter.WriteUnpacked(package, result.UnpackedFolder);
        return result;
    }
}
