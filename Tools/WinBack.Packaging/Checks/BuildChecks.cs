using System.Xml.Linq;
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
                problems.Add(new(manifest.File ?? "WebResources/webresources.json", "WB006", string.IsNullOrEmpty(entry.Source)
                    ? $"web resource {entry.Name}: file '{entry.File}' does not exist ({path}). Add the file or fix \"file\" in webresources.json."
                    : $"web resource {entry.Name}: the bundle '{entry.File}' of {entry.Source} does not exist ({path}). Build the solution with dotnet build (it bundles the web resources), or run npm run build in WebResources."));
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

        // Forms of the types Dataverse opens for what they are meant: "quick" is a quick-view form, never a quick-create.
        foreach (var form in package.Forms.Where(f => f.Type is not (FormTypes.Main or FormTypes.QuickCreate)))
        {
            problems.Add(new(SourceFileOf(source, form.Table), "WB013", form.Type == FormTypes.QuickView
                ? $"form '{form.Name}' on {form.Table} is written as type=\"quick\", which Dataverse reads as a quick-view form, so the quick-create form would never open. Write quick-create forms as type=\"quickCreate\" (FormXml/quickCreate/)."
                : $"form '{form.Name}' on {form.Table} has type '{form.Type}', which the suite does not write. Use \"main\" or \"quickCreate\"."));
        }

        // A form the suite adds to a table it does not own reaches users only with display conditions and in the app.
        foreach (var form in package.Forms.Where(f => f.Type == FormTypes.Main && model.Table(f.Table) is { IsCustomTable: false }))
        {
            if (form.DisplayOrder is null)
            {
                problems.Add(new(SourceFileOf(source, form.Table), "WB014", $"main form '{form.Name}' on {form.Table} has no display conditions, so users land on Dataverse's own {form.Table} form and never see it. Add \"displayConditions\": {{ \"order\": 1, \"fallback\": true }} to the form (Dataverse exports it as <DisplayConditions FallbackForm=\"true\" Order=\"1\"><Everyone /></DisplayConditions>)."));
            }
            if (package.App is { } shown && shown.Tables.Contains(form.Table) && !shown.FormIds.Contains(form.Id))
            {
                problems.Add(new(Path.Combine(source.Folder, "app.json"), "WB014", $"the app shows {form.Table} but not the form '{form.Name}', so it opens the stock form. Add the form to the app (an AppModuleComponent of type 60)."));
            }
        }

        // Every role lets its users open the app at all.
        foreach (var role in model.Roles)
        {
            foreach (var (name, depth) in AppAccess.Privileges)
            {
                var held = role.Privileges.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
                if (held is null || held.Depth < depth)
                {
                    problems.Add(new(Path.Combine(source.Folder, "roles.json"), "WB015", $"role '{role.Name}' {(held is null ? "lacks" : $"holds only at {held.Depth} depth")} {name}, which a user needs (at {depth} depth) to open a model-driven app, so a user with only this role could not use the app. Every role gets the privileges in AppAccess (Tools/WinBack.Packaging/Model/AppAccess.cs); do not lower them in roles.json."));
                }
            }
        }

        // An environment variable's default must fit environmentvariabledefinition.defaultvalue (2,000 characters in
        // Microsoft's table reference), or the import fails:
        // https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/environmentvariabledefinition
        var defaultLimit = StandardTables.Find("environmentvariabledefinition")?.Column("defaultvalue")?.MaxLength ?? 2000;
        foreach (var v in model.EnvironmentVariables.Where(v => v.DefaultValue is { } d && d.Length > defaultLimit))
        {
            var where = source.EnvironmentVariables.FirstOrDefault(e => e.SchemaName == v.SchemaName)?.DefaultValueFile is { Length: > 0 } file
                ? Path.Combine(source.Folder, file) : Path.Combine(source.Folder, "solution.json");
            problems.Add(new(where, "WB012", $"the default value of environment variable {v.SchemaName} is {v.DefaultValue!.Length:N0} characters, but Dataverse stores at most {defaultLimit:N0} in a definition's defaultvalue, so the import would fail. Shorten it (compact JSON, or only what differs from the built-in defaults)."));
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

        // Command bars: what the buttons call and say exists.
        problems.AddRange(CommandBarChecks.Run(model, source, manifest, webResourcesFolder));
        return problems;
    }

    private static bool IsCustomLookup(SolutionModel model, RelationshipModel r) =>
        model.Table(r.ReferencingTable)?.Column(r.ReferencingColumn) is { IsCustom: true, Type: ColumnType.Lookup or ColumnType.Customer };

    private static string SourceFileOf(SolutionSource source, string table) =>
        source.Tables.FirstOrDefault(t => string.Equals((t.LogicalName ?? t.SchemaName ?? ""), table, StringComparison.OrdinalIgnoreCase))?.File
        ?? Path.Combine(source.Folder, "tables", table + ".json");

    /// <summary>
    /// Elements that solutions Dataverse exports today carry and Microsoft's published schema (9.0.0.2090, 2018) does
    /// not know yet: the roles' IsAutoAssigned, the app designer's site map switches and the app module's state.
    /// They are left out of the copy that is validated; everything else must validate.
    /// </summary>
    public static readonly IReadOnlyList<(string Parent, string Element)> NewerThanSchema = new[]
    {
        ("Role", "IsAutoAssigned"),
        ("AppModuleSiteMap", "EnableCollapsibleGroups"), ("AppModuleSiteMap", "ShowHome"), ("AppModuleSiteMap", "ShowPinned"), ("AppModuleSiteMap", "ShowRecents"),
        ("AppModule", "OptimizedFor"), ("AppModule", "statecode"), ("AppModule", "statuscode"), ("AppModule", "NavigationType"),
    };

    /// <summary>customizations.xml without the elements in <see cref="NewerThanSchema"/>, for validation.</summary>
    public static XDocument ForSchemaValidation(XDocument customizations)
    {
        var copy = new XDocument(customizations);
        foreach (var (parent, element) in NewerThanSchema)
        {
            foreach (var e in copy.Descendants(parent).Elements(element).ToList()) e.Remove();
        }
        return copy;
    }

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
