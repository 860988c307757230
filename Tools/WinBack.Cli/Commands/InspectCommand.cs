using System.CommandLine;
using WinBack.Packaging;

namespace WinBack.Cli.Commands;

/// <summary>`winback inspect PATH [--json]`: what a solution zip or unpacked folder contains.</summary>
public sealed class InspectCommand : ICommand
{
    private readonly Argument<string> _path = new("PATH")
    {
        Arity = ArgumentArity.ZeroOrOne,
        Description = "the solution zip or folder, e.g. Solution/bin/Release/WinBack_1_0_0_0_managed.zip",
    };
    private readonly Option<bool> _json = CliOptions.Flag("--json",
        "print one JSON object (arrays tables, columns, pluginTypes, steps, customApis, webResources, roles, environmentVariables) for scripts");

    public Command Declare() => new("inspect",
        "List what a solution (zip or unpacked folder, ours or Dataverse's) contains.\n" +
        "Reads a Dataverse solution - a packed zip (managed or unmanaged), the same files extracted into a folder, or\n" +
        "SolutionPackager's unpacked folder - and lists its tables, the columns it adds to existing tables, plug-in assemblies\n" +
        "and types, steps (message, table, stage, mode, filtering attributes, images), Custom APIs with their parameters and\n" +
        "response properties, web resources, security roles and environment variables. Steps that name their message only\n" +
        "by id are given the message's name.")
    {
        _path,
        _json,
    };

    public int Run(ParseResult parsed, CommandContext context)
    {
        var path = parsed.GetValue(_path);
        var json = parsed.GetValue(_json);
        if (path is null) throw new UsageException("give the solution zip or folder to inspect.");

        var full = context.ResolvePath(path);
        if (!File.Exists(full) && !Directory.Exists(full))
        {
            context.Error.WriteLine($"winback inspect: {path}: no such file or folder.");
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
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            context.Error.WriteLine($"winback inspect: cannot read {path}: {e.Message}");
            return 1;
        }
    }

    private static bool IsEmpty(WinBack.Packaging.Model.SolutionModel m) =>
        m.UniqueName.Length == 0 && m.Tables.Count == 0 && m.Relationships.Count == 0 && m.PluginAssemblies.Count == 0
        && m.Steps.Count == 0 && m.CustomApis.Count == 0 && m.WebResources.Count == 0 && m.Roles.Count == 0
        && m.EnvironmentVariables.Count == 0;
}
