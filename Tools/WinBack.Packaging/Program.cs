using WinBack.Packaging.Checks;

namespace WinBack.Packaging;

/// <summary>
/// The packer the build runs (Solution/WinBack.Solution.csproj):
///   dotnet WinBack.Packaging.dll pack --source Solution --assembly WinBack.Plugins.dll --webresources WebResources
///        --output Solution/bin/Release --version 1.0.0.0 --schemas ../shared/reference/schemas/libxml2-relaxed
/// Problems are printed in MSBuild's error format, so that the build fails with the file and the fix.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] != "pack")
        {
            Console.Error.WriteLine("usage: WinBack.Packaging pack --source DIR --output DIR [--assembly DLL] [--webresources DIR] [--version X.Y.Z.W] [--schemas DIR] [--intermediate DIR] [--xmllint PATH]");
            return 2;
        }
        var options = new PackOptions();
        for (var i = 1; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--source": options.SourceFolder = Next(); break;
                case "--assembly": options.AssemblyPath = NullIfEmpty(Next()); break;
                case "--webresources": options.WebResourcesFolder = NullIfEmpty(Next()); break;
                case "--output": options.OutputFolder = Next(); break;
                case "--intermediate": options.IntermediateFolder = Next(); break;
                case "--version": options.Version = Next(); break;
                case "--schemas": options.SchemaFolder = NullIfEmpty(Next()); break;
                case "--xmllint": options.Xmllint = Next(); break;
                default:
                    Console.Error.WriteLine($"WinBack.Packaging: error WB200: unknown option {args[i]}.");
                    return 2;
            }
        }

        PackResult result;
        try
        {
            result = Packer.Pack(options);
        }
        catch (Exception e) when (e is IOException or BadImageFormatException or UnauthorizedAccessException)
        {
            Console.WriteLine(new BuildProblem(options.SourceFolder, "WB201", e.Message));
            return 1;
        }
        foreach (var problem in result.Problems) Console.WriteLine(problem);
        if (!result.Succeeded) return 1;

        var model = result.Package!.Model;
        Console.WriteLine($"WinBack.Packaging: {Path.GetFileName(result.UnmanagedZip)} and {Path.GetFileName(result.ManagedZip)} written to {options.OutputFolder} " +
            $"({model.Tables.Count} tables, {model.Steps.Count} steps, {model.CustomApis.Count} Custom APIs, {model.WebResources.Count} web resources, {model.Roles.Count} roles).");
        return 0;
    }

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
