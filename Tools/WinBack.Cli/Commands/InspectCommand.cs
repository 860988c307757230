using WinBack.Packaging;

namespace WinBack.Cli.Commands;

/// <summary>`winback inspect PATH [--json]`: what a solution zip or unpacked folder contains.</summary>
public sealed class InspectCommand : ICommand
{
    public string Name => "inspect";

    public string Summary => "List what a solution (zip or unpacked folder, ours or Dataverse's) contains.";

    public string Usage => """
        usage: winback inspect PATH [--json]

        Reads a Dataverse solution - a packed zip (managed or unmanaged), the same files extracted into a folder,
        or SolutionPackager's unpacked folder - and lists its tables, the columns it adds to existing tables,
        plug-in assemblies and types, steps (message, table, stage, mode, filtering attributes, images),
        Custom APIs with their parameters and response properties, web resources, security roles and
        environment variables. Steps that name their message only by id are given the message's name.

          PATH     the solution zip or folder, e.g. Solution/bin/Release/WinBack_1_0_0_0_managed.zip
          --json   print one JSON object (arrays tables, columns, pluginTypes, steps, customApis,
                   webResources, roles, environmentVariables) for scripts
        """;

    public int Run(IReadOnlyList<string> args, CommandContext context)
    {
        string? path = null;
        var json = false;
        foreach (var arg in args)
        {
            if (arg == "--json") json = true;
            else if (arg.StartsWith('-')) throw new UsageException($"unknown option '{arg}'.");
            else if (path is null) path = arg;
            else throw new UsageException($"one PATH only; '{arg}' is extra.");
        }
        if (path is null) throw new UsageException("give the solution zip or folder to inspect.");

        var full = context.ResolvePath(path);
        if (!File.Exists(full) && !Directory.Exists(full))
        {
            context.Error.WriteLine($"winback inspect: {path}: no such file or folder.");
            return 1;
        }
        if (File.Exists(full) && NotASolutionFile(full) is { } what)
        {
            context.Error.WriteLine($"winback inspect: {path} is {what}, not a solution; give a solution zip exported from Dataverse, its customizations.xml, or a solution folder.");
            return 1;
        }
        try
        {
            var model = SolutionReader.Read(full);
            if (IsEmpty(model))
            {
                context.Error.WriteLine($"winback inspect: {path} contains no solution: no solution manifest and no components were read from it (a solution has solution.xml with a manifest, or Other/Solution.xml, and customizations.xml). Give a solution zip exported from Dataverse or a SolutionPackager folder.");
                return 1;
            }
            context.Output.Write(json ? SolutionReport.Json(model) : SolutionReport.Text(model, path));
            return 0;
        }
        catch (SolutionReadException e)
        {
            context.Error.WriteLine($"winback inspect: {e.Message}");
            return 1;
        }
        catch (InvalidDataException e)
        {
            context.Error.WriteLine($"winback inspect: {path} is not a readable zip ({e.Message}); it may be truncated or corrupt. Export or download the solution again.");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            context.Error.WriteLine($"winback inspect: cannot read {path}: {e.Message}");
            return 1;
        }
    }

    /// <summary>What a file is when it is neither a zip nor XML (the reader takes a single XML file as customizations.xml).</summary>
    private static string? NotASolutionFile(string file)
    {
        var head = new byte[512];
        int n;
        using (var stream = File.OpenRead(file)) n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (n == 0) return "an empty file";
        if (n >= 2 && head[0] == (byte)'P' && head[1] == (byte)'K') return null;
        int i = n >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF ? 3 : 0;
        if (n >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF))) return null;
        while (i < n && head[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') i++;
        if (i < n && head[i] == (byte)'<') return null;
        return Array.IndexOf(head, (byte)0, 0, n) >= 0 ? "a binary file" : "neither a zip nor XML";
    }

    private static bool IsEmpty(WinBack.Packaging.Model.SolutionModel m) =>
        m.UniqueName.Length == 0 && m.Tables.Count == 0 && m.Relationships.Count == 0 && m.PluginAssemblies.Count == 0
        && m.Steps.Count == 0 && m.CustomApis.Count == 0 && m.WebResources.Count == 0 && m.Roles.Count == 0
        && m.EnvironmentVariables.Count == 0;
}
