using System.Text.RegularExpressions;
using WinBack.Packaging.Model;
using WinBack.Packaging.Packing;
using WinBack.Packaging.Source;

namespace WinBack.Packaging.Checks;

/// <summary>
/// WB030: a command bar declaration (Solution/commands/*.json) that Dataverse would import but that could never work:
/// a table the solution does not carry, a library the solution does not ship, a function name Dataverse refuses, a
/// label missing in a shipped language, a privilege that does not exist.
/// </summary>
public static partial class CommandBarChecks
{
    private static readonly string[] Rights = { "Create", "Read", "Write", "Delete", "Assign", "Share", "Append", "AppendTo" };
    private static readonly string[] Depths = { "Basic", "Local", "Deep", "Global" };

    // RibbonTypes.xsd, JavaScriptIdentifier: [a-zA-Z_$][a-zA-Z_$0-9.]*; a dotted path of names, no empty part.
    [GeneratedRegex(@"^[A-Za-z_$][A-Za-z_$0-9]*(\.[A-Za-z_$][A-Za-z_$0-9]*)*$")]
    private static partial Regex FunctionName();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9]*$")]
    private static partial Regex CommandId();

    public static IEnumerable<BuildProblem> Run(SolutionModel model, SolutionSource source, WebResourceManifest manifest, string? webResourcesFolder)
    {
        var problems = new List<BuildProblem>();
        var tables = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var bar in source.CommandBars)
        {
            void Problem(string message) => problems.Add(new(bar.File, "WB030", message));
            var table = bar.Table.ToLowerInvariant();
            if (model.Table(table) is null)
                Problem($"the command bar is for table '{bar.Table}', which is not in the solution (Solution/tables/), so Dataverse would have nowhere to put it. Fix \"table\", or add the table to Solution/tables/.");
            else if (!tables.Add(table))
                Problem($"table '{bar.Table}' has a second command bar file. Put all of a table's buttons in one file.");

            var entry = manifest.WebResources.FirstOrDefault(w => w.Name == bar.Library);
            if (manifest.File is null)
            {
                // No web resources yet: the packer leaves the buttons out (ExpandCommandBars), so there is nothing to call.
            }
            else if (entry is null)
                Problem($"the library '{bar.Library}' is not a web resource the solution carries, so every button would fail. Add it to WebResources/webresources.json, or fix \"library\".");
            else if (WebResourceManifest.TypeOf(entry.Name) != 3)
                Problem($"the library '{bar.Library}' is not a script (.js). Name the JavaScript web resource that holds the commands.");

            if (bar.Commands.Count == 0)
                Problem("the file declares no command. Add one to \"commands\", or delete the file.");

            var labels = CommandLabels.None;
            if (string.IsNullOrEmpty(bar.Strings))
                Problem("\"strings\" names no strings area, so the buttons would have no labels. Set it to the area whose files hold them (\"commands\" for WebResources/src/strings/commands.<lang>.json).");
            else if (!string.IsNullOrEmpty(webResourcesFolder) && manifest.File is not null)
                labels = CommandLabels.Load(webResourcesFolder, bar.Strings);

            var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var c in bar.Commands)
            {
                var what = $"command '{c.Id}'";
                if (!CommandId().IsMatch(c.Id))
                    Problem($"{what}: the id must be letters and digits starting with a letter (it becomes part of the ribbon ids, e.g. {RibbonWriter.Prefix(bar)}StartRemediation.Button).");
                else if (!ids.Add(c.Id))
                    Problem($"{what} is declared twice. Give each command its own id.");
                foreach (var function in new[] { c.Action }.Concat(c.EnableRules))
                {
                    if (!FunctionName().IsMatch(function))
                        Problem($"{what}: '{function}' is not a JavaScript function name Dataverse accepts (letters, digits, _ and $ in dotted names, e.g. WinBack.Commands.startRemediation). Fix \"action\" or \"enableRules\".");
                }
                if (c.Sequence <= 0)
                    Problem($"{what}: \"sequence\" must be a positive number (its place among the form's buttons).");
                if (string.IsNullOrEmpty(c.Label))
                    Problem($"{what}: \"label\" names no strings key, so the button would have no label. Set it, e.g. \"startRemediation\" for the keys startRemediation.label and startRemediation.tooltip.");
                else if (!string.IsNullOrEmpty(webResourcesFolder) && manifest.File is not null && !string.IsNullOrEmpty(bar.Strings))
                {
                    foreach (var (language, _) in RibbonWriter.Languages)
                    {
                        foreach (var key in new[] { c.Label + ".label", c.Label + ".tooltip" })
                        {
                            if (labels.Text(language, key) is null)
                                Problem($"{what}: the label key '{key}' has no text in {CommandLabels.FileOf(webResourcesFolder, bar.Strings, language)}, so the button would have no {language} label. Add the key to every language's file.");
                        }
                    }
                }
                if (c.Privilege is { } p)
                {
                    if (!SolutionMetadata.TableExists(model, p.Table))
                        Problem($"{what}: the privilege's table '{p.Table}' is neither in the solution nor a standard table the build knows. Fix \"privilege\".\"table\".");
                    if (!Rights.Contains(p.Right, StringComparer.Ordinal))
                        Problem($"{what}: the privilege's right '{p.Right}' is not one of {string.Join(", ", Rights)}.");
                    if (!Depths.Contains(p.Depth, StringComparer.Ordinal))
                        Problem($"{what}: the privilege's depth '{p.Depth}' is not one of {string.Join(", ", Depths)}.");
                }
            }
        }
        return problems;
    }
}
