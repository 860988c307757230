using System.Diagnostics;
using System.Text.RegularExpressions;
using WinBack.Packaging.Model;
using WinBack.Packaging.Packing;
using WinBack.Packaging.Registration;
using WinBack.Packaging.Source;

namespace WinBack.Packaging.Checks;

/// <summary>One thing wrong with the solution: where, what, and what to do about it.</summary>
public sealed record BuildProblem(string File, string Code, string Message, int Line = 0)
{
    /// <summary>MSBuild's canonical error format, so that the build fails and IDEs show the file.</summary>
    public override string ToString() => Line > 0 ? $"{File}({Line}): error {Code}: {Message}" : $"{File}: error {Code}: {Message}";
}

/// <summary>The checks that stop the build before a broken solution reaches an admin.</summary>
public static class BuildChecks
{
    public static List<BuildProblem> Run(SolutionPackage package, ScannedAssembly? assembly, SolutionSource source,
        WebResourceManifest manifest, string? webResourcesFolder)
    {
        var problems = new List<BuildProblem>();
        var model = package.Model;
        var prefix = model.Publisher.Prefix + "_";
        var assemblyFile = assembly?.Path ?? Path.Combine(source.Folder, "solution.json");

        // Registration: every step on a real plug-in, every plug-in registered.
        if (assembly is not null)
        {
            foreach (var type in assembly.Types)
            {
                var registered = type.Steps.Count > 0 || type.CustomApi is not null;
                if (registered && !type.IsPlugin)
                {
                    problems.Add(new(assemblyFile, "WB001", $"{type.FullName} declares a plug-in step or Custom API but does not implement Microsoft.Xrm.Sdk.IPlugin. Derive it from the plug-in base class (or implement IPlugin), or remove the registration attribute."));
                }
                else if (registered && (type.IsAbstract || !type.IsPublic))
                {
                    problems.Add(new(assemblyFile, "WB001", $"{type.FullName} is registered but Dataverse cannot create it: it is {(type.IsAbstract ? "abstract" : "not public")}. Register a public, concrete class."));
                }
                if (type.IsPlugin && !type.IsAbstract && !registered)
                {
                    problems.Add(new(assemblyFile, "WB002", $"{type.FullName} implements IPlugin but is neither registered nor the main operation of a Custom API, so it would never run. Add [PluginStep(...)] or [CustomApi(...)] to it, or make it abstract if it is a base class."));
                }
            }
        }
        else if (!string.IsNullOrEmpty(source.PluginAssembly))
        {
            problems.Add(new(Path.Combine(source.Folder, "solution.json"), "WB001", $"solution.json names the plug-in assembly {source.PluginAssembly}, but the build was given none. Build Plugins/WinBack.Plugins for net462 first (dotnet build Solution/ does it)."));
        }

        foreach (var step in model.Steps)
        {
            var where = $"{step.PluginTypeName} ({step.Message} of {(step.PrimaryTable.Length == 0 ? "any table" : step.PrimaryTable)})";
            if (step.PrimaryTable.Length > 0 && !SolutionMetadata.TableExists(model, step.PrimaryTable))
            {
                problems.Add(new(assemblyFile, "WB003", $"{where}: table '{step.PrimaryTable}' is neither in the solution nor one of the standard tables the build knows. Fix the table name in [PluginStep], or add the table to Solution/tables/ (or its columns to StandardTables)."));
                continue;
            }
            if (step.Message == "Update" && step.FilteringAttributes.Count == 0)
            {
                problems.Add(new(assemblyFile, "WB010", $"{where}: an Update step without filtering attributes runs on every change of every column. Set FilteringAttributes to the columns the plug-in reads."));
            }
            foreach (var column in step.FilteringAttributes.Where(c => !SolutionMetadata.ColumnExists(model, step.PrimaryTable, c)))
            {
                problems.Add(new(assemblyFile, "WB004", $"{where}: filtering attribute '{column}' is not a column of {step.PrimaryTable}. Fix the name in FilteringAttributes, or add the column to Solution/tables/."));
            }
            foreach (var image in step.Images)
            {
                foreach (var column in image.Attributes.Where(c => !SolutionMetadata.ColumnExists(model, step.PrimaryTable, c)))
                {
                    problems.Add(new(assemblyFile, "WB005", $"{where}: {image.Name} column '{column}' is not a column of {step.PrimaryTable}. Fix the name in {image.Name}, or add the column to Solution/tables/."));
                }
            }
        }

        foreach (var api in model.CustomApis)
        {
            if (api.BoundTable is { } bound && !SolutionMetadata.TableExists(model, bound))
            {
                problems.Add(new(assemblyFile, "WB003", $"Custom API {api.UniqueName} is bound to '{bound}', which is not a table the solution or the build knows. Fix BoundTable."));
            }
            if (api.BindingType != 0 && api.BoundTable is null)
            {
                problems.Add(new(assemblyFile, "WB003", $"Custom API {api.UniqueName} is bound (BindingType {api.BindingType}) but names no BoundTable. Set BoundTable."));
            }
        }

        // Web resources: every file the manifest lists must be there.
        foreach (var entry in manifest.WebResources)
        {
            var path = webResourcesFolder is null ? entry.File : Path.GetFullPath(Path.Combine(webResourcesFolder, entry.File));
            if (!File.Exists(path))
            {
                problems.Add(new(manifest.File ?? "WebResources/webresources.json", "WB006", $"web resource {entry.Name}: file '{entry.File}' does not exist ({path}). Add the file or fix \"file\" in webresources.json."));
            }
            if (WebResourceManifest.TypeOf(entry.Name) == 0)
            {
                problems.Add(new(manifest.File ?? "WebResources/webresources.json", "WB006", $"web resource {entry.Name}: Dataverse has no web resource type for '{Path.GetExtension(entry.Name)}'. Use .html, .css, .js, .xml, .png, .jpg, .gif, .xsl, .ico, .svg or .resx."));
            }
        }

        // Forms and views name real columns (and, once the web resources exist, real web resources).
        foreach (var form in package.Forms)
        {
            if (manifest.File is not null)
            {
                foreach (var missing in form.MissingWebResources)
                {
                    problems.Add(new(SourceFileOf(source, form.Table), "WB006", $"form '{form.Name}' shows web resource '{missing}', which WebResources/webresources.json does not list. Fix the name in the form, or add the web resource to webresources.json."));
                }
            }
            foreach (var cell in form.Tabs.SelectMany(t => t.Sections).SelectMany(s => s.Cells).Where(c => !SolutionMetadata.ColumnExists(model, form.Table, c.Column)))
            {
                problems.Add(new(SourceFileOf(source, form.Table), "WB011", $"form '{form.Name}' shows column '{cell.Column}', which {form.Table} does not have. Fix the column name in the form's sections."));
            }
        }
        foreach (var view in package.Views)
        {
            var columns = view.Columns.Concat(view.Filter.Select(f => f.Column)).Concat(view.Order.Select(o => o.Column)).Distinct();
            foreach (var column in columns.Where(c => !SolutionMetadata.ColumnExists(model, view.Table, c)))
            {
                problems.Add(new(SourceFileOf(source, view.Table), "WB011", $"view '{view.Name}' uses column '{column}', which {view.Table} does not have. Fix the column name in the view."));
            }
        }
        foreach (var table in model.Tables)
        {
            foreach (var column in table.Columns.Where(c => c.Type == ColumnType.Lookup && c.IsCustom))
            {
                foreach (var target in column.Targets.Where(t => !SolutionMetadata.TableExists(model, t)))
                {
                    problems.Add(new(SourceFileOf(source, table.LogicalName), "WB011", $"lookup {table.LogicalName}.{column.LogicalName} points to '{target}', which is not a table the solution or the build knows. Fix \"target\"."));
                }
            }
        }

        // Every custom name carries the publisher's prefix.
        void Prefixed(string file, string kind, string name)
        {
            if (!name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(new(file, "WB007", $"{kind} '{name}' does not start with the publisher prefix '{prefix}'. Rename it to {prefix}{name}: Dataverse tells publishers' components apart by the prefix."));
            }
        }
        foreach (var table in model.Tables)
        {
            var file = SourceFileOf(source, table.LogicalName);
            if (table.IsCustomTable) Prefixed(file, "table", table.SchemaName);
            foreach (var column in table.Columns.Where(c => c.IsCustom && !c.LogicalName.EndsWith("_base", StringComparison.Ordinal))) Prefixed(file, "column", column.SchemaName);
        }
        foreach (var r in model.Relationships.Where(r => IsCustomLookup(model, r)))
        {
            Prefixed(SourceFileOf(source, r.ReferencingTable), "relationship", r.SchemaName);
        }
        foreach (var set in package.OptionSets) Prefixed(Path.Combine(source.Folder, "solution.json"), "choice", set.Name);
        foreach (var v in model.EnvironmentVariables) Prefixed(Path.Combine(source.Folder, "solution.json"), "environment variable", v.SchemaName);
        foreach (var api in model.CustomApis) Prefixed(assemblyFile, "Custom API", api.UniqueName);
        foreach (var w in model.WebResources) Prefixed(manifest.File ?? "WebResources/webresources.json", "web resource", w.Name);
        if (package.App is { } app) Prefixed(Path.Combine(source.Folder, "app.json"), "app", app.UniqueName);
        return problems;
    }

    private static bool IsCustomLookup(SolutionModel model, RelationshipModel r) =>
        model.Table(r.ReferencingTable)?.Column(r.ReferencingColumn) is { IsCustom: true, Type: ColumnType.Lookup or ColumnType.Customer };

    private static string SourceFileOf(SolutionSource source, string table) =>
        source.Tables.FirstOrDefault(t => string.Equals((t.LogicalName ?? t.SchemaName ?? ""), table, StringComparison.OrdinalIgnoreCase))?.File
        ?? Path.Combine(source.Folder, "tables", table + ".json");

    /// <summary>
    /// Validates customizations.xml against Microsoft's schema with xmllint (Debian package libxml2-utils).
    /// </summary>
    public static List<BuildProblem> ValidateSchema(string customizationsFile, string schemaFolder, string xmllint = "xmllint")
    {
        var problems = new List<BuildProblem>();
        var schema = Path.Combine(schemaFolder, "CustomizationsSolution.xsd");
        if (!File.Exists(schema))
        {
            problems.Add(new(customizationsFile, "WB009", $"Microsoft's schema was not found at {schema}. Put the reference material in ../shared next to the repository or set WINBACK_SHARED=/path/to/shared, or pass -p:SolutionSchemaFolder=<folder with CustomizationsSolution.xsd>."));
            return problems;
        }
        var start = new ProcessStartInfo(xmllint)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--noout");
        start.ArgumentList.Add("--schema");
        start.ArgumentList.Add(schema);
        start.ArgumentList.Add(customizationsFile);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            problems.Add(new(customizationsFile, "WB009", "xmllint was not found, so customizations.xml cannot be checked against Microsoft's schema. Install libxml2-utils (apt-get install libxml2-utils), or run .ci/run which installs it."));
            return problems;
        }
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode == 0) return problems;

        var line = new Regex(@"^(?<file>.+?):(?<line>\d+): (?<message>.*)$");
        foreach (var text in stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (text.EndsWith(" fails to validate", StringComparison.Ordinal)) continue;
            var m = line.Match(text.Trim());
            problems.Add(m.Success
                ? new(customizationsFile, "WB008", $"customizations.xml does not validate against CustomizationsSolution.xsd: {m.Groups["message"].Value.Trim()} Change the solution source (or the packer) so that only elements the schema knows are written.", int.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture))
                : new(customizationsFile, "WB008", $"xmllint: {text.Trim()}"));
        }
        if (problems.Count == 0) problems.Add(new(customizationsFile, "WB008", $"xmllint failed (exit code {process.ExitCode}) without saying why."));
        return problems;
    }
}
