extern alias plugins;

using WinBack.Packaging.Checks;
using plugins::WinBack.Plugins.Registration;

namespace WinBack.Packaging.Tests;

/// <summary>
/// A scratch copy of the solution source, a fixture plug-in assembly and web resources in a temp folder, so that
/// a test can break one thing and pack.
/// </summary>
internal sealed class Workspace : IDisposable
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "winback-packaging-" + Guid.NewGuid().ToString("N"));
    public string Source => Path.Combine(Root, "Solution");
    public string WebResources => Path.Combine(Root, "WebResources");
    public string Output => Path.Combine(Root, "out");
    public string? AssemblyPath { get; private set; }

    public Workspace()
    {
        CopyDirectory(Path.Combine(Reference.RepoRoot, "Solution"), Source);
        Directory.CreateDirectory(Path.Combine(WebResources, "src", "wb_", "account"));
        File.WriteAllText(Path.Combine(WebResources, "src", "wb_", "account", "disengagement.html"), "<!DOCTYPE html><html><body>Disengagement</body></html>");
        File.WriteAllText(Path.Combine(WebResources, "src", "wb_", "account", "disengagement.js"), "\"use strict\";");
        File.WriteAllText(Path.Combine(WebResources, "src", "wb_", "account", "form.js"), "\"use strict\";");
        // The account command bar (Solution/commands/account.json) calls this library and takes its labels from these strings.
        File.WriteAllText(Path.Combine(WebResources, "src", "wb_", "account", "commands.js"), "\"use strict\";");
        Directory.CreateDirectory(Path.Combine(WebResources, "src", "strings"));
        foreach (var language in new[] { "en", "de", "fr", "es" })
        {
            File.Copy(Path.Combine(Reference.RepoRoot, "WebResources", "src", "strings", $"commands.{language}.json"), Path.Combine(WebResources, "src", "strings", $"commands.{language}.json"));
        }
        // The remediation and outreach forms' pages and their form library.
        foreach (var area in new[] { "remediation", "outreach", "forms" }) Directory.CreateDirectory(Path.Combine(WebResources, "src", "wb_", area));
        File.WriteAllText(Path.Combine(WebResources, "src", "wb_", "remediation", "remediation.html"), "<!DOCTYPE html><html><body>Readiness</body></html>");
        File.WriteAllText(Path.Combine(WebResources, "src", "wb_", "outreach", "outreach.html"), "<!DOCTYPE html><html><body>Review</body></html>");
        File.WriteAllText(Path.Combine(WebResources, "src", "wb_", "forms", "form.js"), "\"use strict\";");
        File.WriteAllText(Path.Combine(WebResources, "webresources.json"), """
            { "webResources": [
              { "name": "wb_/account/disengagement.html", "file": "src/wb_/account/disengagement.html", "displayName": "Disengagement panel", "description": "Score, band, gaps and reasons on the account form." },
              { "name": "wb_/account/disengagement.js", "file": "src/wb_/account/disengagement.js", "displayName": "Disengagement panel script", "description": "Loads the panel's data." },
              { "name": "wb_/account/form.js", "file": "src/wb_/account/form.js", "displayName": "Account form script", "description": "Hands the panel its context." },
              { "name": "wb_/account/commands.js", "file": "src/wb_/account/commands.js", "displayName": "Account command bar", "description": "Actions and enable rules of the account form's command bar." },
              { "name": "wb_/remediation/remediation.html", "file": "src/wb_/remediation/remediation.html", "displayName": "Remediation readiness", "description": "What Verified still needs, on the remediation form." },
              { "name": "wb_/outreach/outreach.html", "file": "src/wb_/outreach/outreach.html", "displayName": "Outreach review", "description": "The gate's state and the draft, on the outreach form." },
              { "name": "wb_/forms/form.js", "file": "src/wb_/forms/form.js", "displayName": "Remediation and outreach form script", "description": "Hands the pages their context." }
            ] }
            """);
    }

    /// <summary>The plug-ins a healthy build carries: two steps with filtering columns and an image, and a Custom API.</summary>
    public static FixtureAssembly HealthyPlugins() => new FixtureAssembly()
        .AbstractPluginBase("Fixture.Plugins.PluginBase")
        .DerivedPlugin("Fixture.Plugins.ScoreOnAccountChange", "Fixture.Plugins.PluginBase",
            FixtureAssembly.Step("Update", "account", PluginStage.PostOperation, PluginMode.Synchronous,
                filtering: "wb_renewalon,name", preImage: "wb_disengagementscore,wb_riskband"))
        .Plugin("Fixture.Plugins.ScoreOnUsage",
            FixtureAssembly.Step("Create", "wb_usagesnapshot", PluginStage.PostOperation, PluginMode.Asynchronous, postImage: "wb_accountid,wb_logins"))
        .Plugin("Fixture.Plugins.RecalculateDisengagement",
            FixtureAssembly.Api("wb_RecalculateDisengagement", CustomApiBinding.Entity, "account", "Recalculate disengagement", "prvCreatewb_disengagementhistory"),
            FixtureAssembly.Request("wb_Force", CustomApiParameterType.Boolean, optional: true),
            FixtureAssembly.Response("wb_Score", CustomApiParameterType.Integer),
            FixtureAssembly.Response("wb_History", CustomApiParameterType.EntityReference));

    public Workspace WithPlugins(FixtureAssembly plugins)
    {
        AssemblyPath = plugins.Save(Path.Combine(Root, "plugins"));
        return this;
    }

    public PackResult Pack(string? output = null, bool validateSchema = false) => Packer.Pack(new PackOptions
    {
        SourceFolder = Source,
        AssemblyPath = AssemblyPath,
        WebResourcesFolder = WebResources,
        OutputFolder = output ?? Output,
        IntermediateFolder = Path.Combine(Root, "obj"),
        Version = "1.2.3.4",
        SchemaFolder = validateSchema ? Reference.Schemas("packing with the schema check") : null,
    });

    /// <summary>Expands the source as the packer does, lets <paramref name="breakIt"/> change the package, then runs the build checks.</summary>
    public List<BuildProblem> CheckAfter(Action<WinBack.Packaging.Packing.SolutionPackage> breakIt)
    {
        var source = WinBack.Packaging.Source.SolutionSource.Load(Source);
        var manifest = WinBack.Packaging.Packing.WebResourceManifest.Load(WebResources);
        var assembly = AssemblyPath is null ? null : WinBack.Packaging.Registration.AssemblyScanner.Scan(AssemblyPath);
        var package = new WinBack.Packaging.Packing.Expander(source, assembly, AssemblyPath is null ? null : File.ReadAllBytes(AssemblyPath), manifest, WebResources)
            .Expand("1.2.3.4", managed: false);
        Assert.Empty(BuildChecks.Run(package, assembly, source, manifest, WebResources));
        breakIt(package);
        return BuildChecks.Run(package, assembly, source, manifest, WebResources);
    }

    public void Edit(string relativePath, Func<string, string> change)
    {
        var path = Path.Combine(Root, relativePath);
        var before = File.ReadAllText(path);
        var after = change(before);
        Assert.NotEqual(before, after);
        File.WriteAllText(path, after);
    }

    public static string Problems(PackResult result) => string.Join(Environment.NewLine, result.Problems.Select(p => p.ToString()));

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.StartsWith("bin", StringComparison.Ordinal) || relative.StartsWith("obj", StringComparison.Ordinal) || relative.EndsWith(".csproj", StringComparison.Ordinal)) continue;
            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
