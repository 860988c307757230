using System.IO.Compression;
using System.Text.Json;
using System.Xml.Linq;
using WinBack.Packaging.Model;

namespace WinBack.Packaging.Tests;

public sealed class PackingTests
{
    private static Dictionary<string, byte[]> Entries(string zip)
    {
        using var archive = ZipFile.OpenRead(zip);
        return archive.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var stream = e.Open();
            var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            return buffer.ToArray();
        });
    }

    private static string Json(SolutionModel model) =>
        JsonSerializer.Serialize(model, new JsonSerializerOptions { WriteIndented = true });

    [Fact]
    public void The_solution_packs_into_an_unmanaged_and_a_managed_zip_named_after_its_version()
    {
        using var workspace = new Workspace().WithPlugins(Workspace.HealthyPlugins());

        var result = workspace.Pack();

        Assert.True(result.Succeeded, Workspace.Problems(result));
        Assert.Equal(Path.Combine(workspace.Output, "WinBack_1_2_3_4.zip"), result.UnmanagedZip);
        Assert.Equal(Path.Combine(workspace.Output, "WinBack_1_2_3_4_managed.zip"), result.ManagedZip);
        Assert.True(File.Exists(result.UnmanagedZip));
        Assert.True(File.Exists(result.ManagedZip));
        Assert.True(File.Exists(Path.Combine(workspace.Output, "unpacked", "Other", "Solution.xml")));
    }

    [Fact]
    public void The_zip_is_laid_out_as_Dataverse_exports_it()
    {
        using var workspace = new Workspace().WithPlugins(Workspace.HealthyPlugins());
        var result = workspace.Pack();
        Assert.True(result.Succeeded, Workspace.Problems(result));
        var model = result.Package!.Model;
        var assembly = Assert.Single(model.PluginAssemblies);
        var id = assembly.Id.ToString("D").ToUpperInvariant();

        var entries = Entries(result.UnmanagedZip!);

        Assert.Contains("[Content_Types].xml", entries.Keys);
        Assert.Contains("solution.xml", entries.Keys);
        Assert.Contains("customizations.xml", entries.Keys);
        Assert.Equal($"/PluginAssemblies/FixturePlugins-{id}/FixturePlugins.dll", assembly.FileName);
        Assert.Equal(File.ReadAllBytes(workspace.AssemblyPath!), entries[$"PluginAssemblies/FixturePlugins-{id}/FixturePlugins.dll"]);
        Assert.Contains("customapis/wb_RecalculateDisengagement/customapi.xml", entries.Keys);
        Assert.Contains("customapis/wb_RecalculateDisengagement/customapirequestparameters/wb_Force/customapirequestparameter.xml", entries.Keys);
        Assert.Contains("customapis/wb_RecalculateDisengagement/customapiresponseproperties/wb_Score/customapiresponseproperty.xml", entries.Keys);
        Assert.Contains("environmentvariabledefinitions/wb_DisengagementPolicy/environmentvariabledefinition.xml", entries.Keys);
        Assert.All(entries.Keys, k => Assert.DoesNotContain('\\', k));

        // Web resources sit under WebResources/ without an extension: name without '/' and '.', then the id.
        var html = model.WebResources.Single(w => w.Name == "wb_/account/disengagement.html");
        var htmlEntry = $"WebResources/wb_accountdisengagementhtml{html.Id.ToString("D").ToUpperInvariant()}";
        Assert.Contains(htmlEntry, entries.Keys);

        var customizations = XDocument.Parse(System.Text.Encoding.UTF8.GetString(entries["customizations.xml"]));
        Assert.Equal($"/PluginAssemblies/FixturePlugins-{id}/FixturePlugins.dll",
            customizations.Root!.Element("SolutionPluginAssemblies")!.Element("PluginAssembly")!.Element("FileName")!.Value);
        Assert.Equal("/" + htmlEntry,
            customizations.Root.Element("WebResources")!.Elements("WebResource").Single(w => w.Element("Name")!.Value == html.Name).Element("FileName")!.Value);
    }

    [Fact]
    public void Content_types_name_xml_and_dll_and_override_every_extensionless_web_resource()
    {
        using var workspace = new Workspace().WithPlugins(Workspace.HealthyPlugins());
        var result = workspace.Pack();
        Assert.True(result.Succeeded, Workspace.Problems(result));

        var entries = Entries(result.UnmanagedZip!);
        var types = XDocument.Parse(System.Text.Encoding.UTF8.GetString(entries["[Content_Types].xml"]).TrimStart('\uFEFF')).Root!;
        XNamespace ns = "http://schemas.openxmlformats.org/package/2006/content-types";

        Assert.Equal(new[] { "xml", "dll" }, types.Elements(ns + "Default").Select(d => (string)d.Attribute("Extension")!));
        var overrides = types.Elements(ns + "Override").Select(o => ((string)o.Attribute("PartName")!).TrimStart('/')).ToList();
        var webResourceEntries = entries.Keys.Where(k => k.StartsWith("WebResources/", StringComparison.Ordinal)).ToList();
        Assert.Equal(7, webResourceEntries.Count); // the seven web resources of the workspace
        Assert.Equal(webResourceEntries.Order(StringComparer.Ordinal), overrides.Order(StringComparer.Ordinal));
        Assert.All(types.Elements(ns + "Override"), o => Assert.Equal("application/octet-stream", (string)o.Attribute("ContentType")!));
    }

    [SkippableFact]
    public void Dataverse_own_managed_and_unmanaged_exports_differ_only_in_the_Managed_element_of_solution_xml()
    {
        var unmanaged = Reference.Export("dataverse-ify-unmanaged");
        var managed = Reference.Export("dataverse-ify-managed");
        var files = Directory.EnumerateFiles(unmanaged, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(unmanaged, f)).Order().ToList();
        Assert.Equal(files, Directory.EnumerateFiles(managed, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(managed, f)).Order());

        var differing = files.Where(f => !File.ReadAllBytes(Path.Combine(unmanaged, f)).SequenceEqual(File.ReadAllBytes(Path.Combine(managed, f)))).ToList();

        Assert.Equal(new[] { "solution.xml" }, differing);
        Assert.Equal(DifferingLines(File.ReadAllText(Path.Combine(unmanaged, "solution.xml")), File.ReadAllText(Path.Combine(managed, "solution.xml"))),
            new[] { ("<Managed>0</Managed>", "<Managed>1</Managed>") });
    }

    [Fact]
    public void Our_managed_and_unmanaged_zips_differ_exactly_where_Dataverse_own_pair_differs()
    {
        using var workspace = new Workspace().WithPlugins(Workspace.HealthyPlugins());
        var result = workspace.Pack();
        Assert.True(result.Succeeded, Workspace.Problems(result));

        var unmanaged = Entries(result.UnmanagedZip!);
        var managed = Entries(result.ManagedZip!);

        Assert.Equal(unmanaged.Keys.Order(StringComparer.Ordinal), managed.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new[] { "solution.xml" }, unmanaged.Keys.Where(k => !unmanaged[k].SequenceEqual(managed[k])));
        Assert.Equal(new[] { ("<Managed>0</Managed>", "<Managed>1</Managed>") },
            DifferingLines(System.Text.Encoding.UTF8.GetString(unmanaged["solution.xml"]), System.Text.Encoding.UTF8.GetString(managed["solution.xml"])));
        Assert.False(SolutionReader.Read(result.UnmanagedZip!).Managed);
        Assert.True(SolutionReader.Read(result.ManagedZip!).Managed);
    }

    private static List<(string, string)> DifferingLines(string a, string b)
    {
        var left = a.Split('\n').Select(l => l.Trim()).ToList();
        var right = b.Split('\n').Select(l => l.Trim()).ToList();
        Assert.Equal(left.Count, right.Count);
        return left.Zip(right).Where(p => p.First != p.Second).ToList();
    }

    [Fact]
    public void Two_builds_of_the_same_source_give_the_same_ids_and_the_same_bytes()
    {
        using var workspace = new Workspace().WithPlugins(Workspace.HealthyPlugins());

        var first = workspace.Pack(Path.Combine(workspace.Root, "first"));
        var second = workspace.Pack(Path.Combine(workspace.Root, "second"));

        Assert.True(first.Succeeded, Workspace.Problems(first));
        var a = SolutionReader.Read(first.UnmanagedZip!);
        var b = SolutionReader.Read(second.UnmanagedZip!);
        Assert.Equal(a.Steps.Select(s => s.Id), b.Steps.Select(s => s.Id));
        Assert.Equal(a.PluginAssemblies.Single().Id, b.PluginAssemblies.Single().Id);
        Assert.Equal(a.Roles.Select(r => r.Id), b.Roles.Select(r => r.Id));
        Assert.Equal(a.WebResources.Select(w => w.Id), b.WebResources.Select(w => w.Id));
        Assert.Equal(File.ReadAllBytes(first.UnmanagedZip!), File.ReadAllBytes(second.UnmanagedZip!));
        Assert.Equal(File.ReadAllBytes(first.ManagedZip!), File.ReadAllBytes(second.ManagedZip!));
    }

    [Fact]
    public void Reading_the_packed_zip_or_the_unpacked_folder_gives_back_the_model_that_was_packed()
    {
        using var workspace = new Workspace().WithPlugins(Workspace.HealthyPlugins());
        var result = workspace.Pack();
        Assert.True(result.Succeeded, Workspace.Problems(result));
        var packed = Json(result.Package!.Model);

        Assert.Equal(packed, Json(SolutionReader.Read(result.UnmanagedZip!)));
        Assert.Equal(packed, Json(SolutionReader.Read(result.UnpackedFolder!)));
    }

    [Fact]
    public void Steps_and_the_Custom_API_come_from_the_registration_attributes()
    {
        using var workspace = new Workspace().WithPlugins(Workspace.HealthyPlugins());
        var result = workspace.Pack();
        Assert.True(result.Succeeded, Workspace.Problems(result));
        var model = SolutionReader.Read(result.UnmanagedZip!);

        Assert.Equal(
            new[] { "Fixture.Plugins.RecalculateDisengagement", "Fixture.Plugins.ScoreOnAccountChange", "Fixture.Plugins.ScoreOnUsage" },
            model.PluginAssemblies.Single().Types.Select(t => t.TypeName));
        var update = model.Steps.Single(s => s.Message == "Update");
        Assert.Equal(("account", 40, 0, 1), (update.PrimaryTable, update.Stage, update.Mode, update.Rank));
        Assert.Equal("Fixture.Plugins.ScoreOnAccountChange", update.PluginTypeName);
        Assert.Equal(new[] { "wb_renewalon", "name" }, update.FilteringAttributes);
        var pre = Assert.Single(update.Images);
        Assert.Equal(("PreImage", "PreImage", 0, "Target"), (pre.Name, pre.EntityAlias, pre.ImageType, pre.MessagePropertyName));
        Assert.Equal(new[] { "wb_disengagementscore", "wb_riskband" }, pre.Attributes);

        var create = model.Steps.Single(s => s.Message == "Create");
        Assert.Equal(("wb_usagesnapshot", 40, 1), (create.PrimaryTable, create.Stage, create.Mode));
        var post = Assert.Single(create.Images);
        Assert.Equal((1, "id"), (post.ImageType, post.MessagePropertyName));

        var api = Assert.Single(model.CustomApis);
        Assert.Equal(("wb_RecalculateDisengagement", 1, "account", "Fixture.Plugins.RecalculateDisengagement"), (api.UniqueName, api.BindingType, api.BoundTable, api.PluginTypeName));
        Assert.Equal("prvCreatewb_disengagementhistory", api.ExecutePrivilegeName);
        var force = Assert.Single(api.RequestParameters);
        Assert.Equal(("wb_Force", CustomApiFieldType.Boolean, true), (force.UniqueName, force.Type, force.IsOptional));
        Assert.Equal(new[] { "wb_History", "wb_Score" }, api.ResponseProperties.Select(p => p.UniqueName));
    }

    [Fact]
    public void The_solution_carries_the_product_tables_choices_roles_policy_and_app()
    {
        using var workspace = new Workspace().WithPlugins(Workspace.HealthyPlugins());
        var result = workspace.Pack();
        Assert.True(result.Succeeded, Workspace.Problems(result));
        var model = SolutionReader.Read(result.ManagedZip!);

        Assert.Equal(("winback", "wb", 68240), (model.Publisher.UniqueName, model.Publisher.Prefix, model.Publisher.OptionValuePrefix));
        Assert.Equal(new[] { "account", "contact", "email", "incident", "wb_disengagementhistory", "wb_drafttemplate", "wb_outreach", "wb_population", "wb_remediation", "wb_scoringpolicy", "wb_usagesnapshot" }, model.Tables.Select(t => t.LogicalName));
        Assert.False(model.Table("incident")!.IsCustomTable);

        var account = model.Table("account")!;
        Assert.False(account.IsCustomTable);
        Assert.Equal(
            new[] { "wb_disengagementscore", "wb_riskband", "wb_valuegap", "wb_trustgap", "wb_experiencegap", "wb_growthgap", "wb_disengagementreasons", "wb_disengagementreasondata", "wb_flaggedon", "wb_lastscoredon", "wb_lastchangedon", "wb_needsrescore", "wb_holdout", "wb_holdoutassignedon", "wb_renewalon" },
            account.Columns.Select(c => c.LogicalName));
        var band = account.Column("wb_riskband")!;
        Assert.Equal(new[] { (682400000, "Healthy"), (682400001, "Watch"), (682400002, "At risk"), (682400003, "Disengaged") }, band.Options.Select(o => (o.Value, o.Label)));
        Assert.Equal((0m, 100m), (account.Column("wb_disengagementscore")!.MinValue!.Value, account.Column("wb_disengagementscore")!.MaxValue!.Value));
        Assert.Equal("dateonly", account.Column("wb_renewalon")!.Format);

        var history = model.Table("wb_disengagementhistory")!;
        Assert.True(history.IsCustomTable);
        Assert.Equal(("wb_disengagementhistoryid", "wb_name", TableOwnership.User), (history.PrimaryIdColumn, history.PrimaryNameColumn, history.Ownership));
        Assert.Equal(new[] { "account" }, history.Column("wb_accountid")!.Targets);
        Assert.NotNull(history.Column("statecode"));
        Assert.NotNull(history.Column("ownerid"));
        var usage = model.Table("wb_usagesnapshot")!;
        Assert.Equal(ColumnType.Money, usage.Column("wb_spend")!.Type);
        Assert.NotNull(usage.Column("transactioncurrencyid"));

        var toAccount = model.Relationships.Where(r => r.ReferencedTable == "account" && r.ReferencingTable is "wb_disengagementhistory" or "wb_usagesnapshot").ToList();
        Assert.Equal(2, toAccount.Count);
        Assert.All(toAccount, r => Assert.Equal((CascadeType.Cascade, CascadeType.Cascade), (r.Cascade.Delete, r.Cascade.Assign)));

        Assert.Equal(new[] { "Win-back Administrator", "Win-back Customer Success", "Win-back Sales Rep" }, model.Roles.Select(r => r.Name));
        var rep = model.Roles.Single(r => r.Name == "Win-back Sales Rep");
        Assert.Contains(rep.Privileges, p => p.Name == "prvReadAccount" && p.Depth == PrivilegeDepth.Local);
        Assert.Contains(rep.Privileges, p => p.Name == "prvReadwb_DisengagementHistory"); // the schema name's case, as exports spell it
        // A rep writes win-back outreach (an activity: the Activity privileges) and the user's own settings the app
        // keeps; no account, score, history or remediation.
        Assert.DoesNotContain(rep.Privileges, p => (p.Name.StartsWith("prvWrite", StringComparison.Ordinal) || p.Name.StartsWith("prvCreate", StringComparison.Ordinal))
            && !p.Name.EndsWith("Activity", StringComparison.Ordinal) && !AppAccess.Privileges.Any(a => a.Name == p.Name));
        Assert.Contains(rep.Privileges, p => p.Name == "prvCreateActivity" && p.Depth == PrivilegeDepth.Basic);
        Assert.DoesNotContain(rep.Privileges, p => p.Name == "prvWritewb_Remediation");
        Assert.All(model.Roles, role => Assert.All(AppAccess.Privileges, a => Assert.Contains(role.Privileges, p => p.Name == a.Name && p.Depth >= a.Depth)));
        Assert.Contains(rep.Privileges, p => p.Name == "prvReadAppModule" && p.Depth == PrivilegeDepth.Global);
        var success = model.Roles.Single(r => r.Name == "Win-back Customer Success");
        Assert.Contains(success.Privileges, p => p.Name == "prvCreatewb_DisengagementHistory"); // runs the recalculation API
        Assert.Contains(success.Privileges, p => p.Name == "prvCreatewb_UsageSnapshot");
        var admin = model.Roles.Single(r => r.Name == "Win-back Administrator");
        Assert.Contains(admin.Privileges, p => p.Name == "prvDeletewb_UsageSnapshot" && p.Depth == PrivilegeDepth.Global);
        Assert.Contains(admin.Privileges, p => p.Name == "prvWriteEnvironmentVariableValue");

        Assert.Equal(new[] { "wb_DisengagementPolicy", "wb_GatePolicy" }, model.EnvironmentVariables.Select(v => v.SchemaName));
        var policy = model.EnvironmentVariables[0];
        Assert.Equal(("wb_DisengagementPolicy", EnvironmentVariableType.Json), (policy.SchemaName, policy.Type));
        using (JsonDocument.Parse(policy.DefaultValue!)) { }

        var customizations = XDocument.Load(Path.Combine(result.UnpackedFolder!, "AppModules", "wb_WinBack", "AppModule.xml"));
        Assert.Equal("Win-back", customizations.Root!.Element("LocalizedNames")!.Element("LocalizedName")!.Attribute("description")!.Value);
        Assert.Equal(3, customizations.Root.Element("AppModuleRoleMaps")!.Elements("Role").Count());
    }

    [Fact]
    public void Tables_get_main_and_quick_create_forms_and_the_views_people_asked_for()
    {
        using var workspace = new Workspace().WithPlugins(Workspace.HealthyPlugins());
        var result = workspace.Pack();
        Assert.True(result.Succeeded, Workspace.Problems(result));
        var package = result.Package!;

        // Dataverse writes quick-create forms as "quickCreate" ("quick" is a quick-view form).
        Assert.Equal(new[] { "main", "quickCreate" }, package.Forms.Where(f => f.Table == "wb_disengagementhistory").Select(f => f.Type));
        Assert.Equal(new[] { "main", "quickCreate" }, package.Forms.Where(f => f.Table == "wb_usagesnapshot").Select(f => f.Type));
        Assert.Single(Directory.GetFiles(Path.Combine(result.UnpackedFolder!, "Entities", "wb_UsageSnapshot", "FormXml", "quickCreate")));
        Assert.Equal(new[] { "Flagged accounts", "Recently scored" }, package.Views.Where(v => v.Table == "account").Select(v => v.Name));
        Assert.Contains(package.Views, v => v.Table == "wb_disengagementhistory" && v.Name == "Active disengagement history" && v.IsDefault && v.QueryType == 0);
        Assert.Contains(package.Views, v => v.Table == "wb_usagesnapshot" && v.Name == "Active usage snapshots" && v.IsDefault);
        Assert.Contains(package.Views, v => v.Table == "wb_usagesnapshot" && v.QueryType == 4);
    }

    [Fact]
    public void The_account_gets_a_form_of_its_own_with_the_panel_and_its_onload_script()
    {
        using var workspace = new Workspace().WithPlugins(Workspace.HealthyPlugins());
        var result = workspace.Pack();
        Assert.True(result.Succeeded, Workspace.Problems(result));

        var formFile = Assert.Single(Directory.GetFiles(Path.Combine(result.UnpackedFolder!, "Entities", "Account", "FormXml", "main")));
        var form = XDocument.Load(formFile).Root!.Element("systemform")!;
        Assert.Equal("Account (Win-back)", form.Element("LocalizedNames")!.Element("LocalizedName")!.Attribute("description")!.Value);
        var panel = form.Descendants("control").Single(c => (string?)c.Attribute("id") == "WebResource_wb_disengagement");
        Assert.Equal("{9FDF5F91-88B1-47f4-AD53-C11EFC01A01D}", (string)panel.Attribute("classid")!);
        Assert.Equal("wb_/account/disengagement.html", panel.Element("parameters")!.Element("Url")!.Value);
        var handler = form.Descendants("Handler").Single();
        Assert.Equal(("WinBack.AccountForm.onLoad", "wb_/account/form.js", "true"),
            ((string)handler.Attribute("functionName")!, (string)handler.Attribute("libraryName")!, (string)handler.Attribute("passExecutionContext")!));
        Assert.Equal("wb_/account/form.js", (string)form.Descendants("Library").Single().Attribute("name")!);
        Assert.Equal("Primary Contact", form.Descendants("cell").First(c => c.Element("control")?.Attribute("id")?.Value == "primarycontactid").Element("labels")!.Element("label")!.Attribute("description")!.Value);

        // What the server writes (score, band, dates, gaps, reasons) is read-only on the form; what users type is not.
        string? Disabled(string column) => (string?)form.Descendants("control").Single(c => (string?)c.Attribute("datafieldname") == column).Attribute("disabled");
        foreach (var column in new[] { "wb_disengagementreasons", "wb_disengagementscore", "wb_riskband", "wb_lastscoredon", "wb_lastchangedon", "wb_flaggedon", "wb_trustgap" })
            Assert.Equal("true", Disabled(column));
        Assert.Null(Disabled("wb_renewalon"));
        Assert.Null(Disabled("name"));

        // Shown to everyone as the fallback form, as Dataverse exports such a form, a root component of its own, and in the app.
        var conditions = form.Element("form")!.Element("DisplayConditions")!;
        Assert.Equal(("true", "1"), ((string)conditions.Attribute("FallbackForm")!, (string)conditions.Attribute("Order")!));
        Assert.NotNull(conditions.Element("Everyone"));
        var formId = form.Element("formid")!.Value;
        var manifest = XDocument.Load(Path.Combine(result.UnpackedFolder!, "Other", "Solution.xml"));
        Assert.Contains(manifest.Descendants("RootComponent"), c => (string?)c.Attribute("type") == "60" && (string?)c.Attribute("id") == formId);
        var app = XDocument.Load(Path.Combine(result.UnpackedFolder!, "AppModules", "wb_WinBack", "AppModule.xml"));
        Assert.Contains(app.Descendants("AppModuleComponent"), c => (string?)c.Attribute("type") == "60" && (string?)c.Attribute("id") == formId);
    }

    [Fact]
    public void Layout_and_names_follow_what_Dataverse_exports()
    {
        using var workspace = new Workspace().WithPlugins(Workspace.HealthyPlugins());
        var result = workspace.Pack();
        Assert.True(result.Succeeded, Workspace.Problems(result));
        var unpacked = result.UnpackedFolder!;

        // Entity set names are the plural Dataverse gives them.
        Assert.Equal("wb_disengagementhistories", XDocument.Load(Path.Combine(unpacked, "Entities", "wb_DisengagementHistory", "Entity.xml")).Descendants("EntitySetName").Single().Value);
        Assert.Equal("wb_usagesnapshots", XDocument.Load(Path.Combine(unpacked, "Entities", "wb_UsageSnapshot", "Entity.xml")).Descendants("EntitySetName").Single().Value);
        // SolutionPackager files a relationship under its parent table: both lookups to account sit in Account.xml.
        var toAccount = XDocument.Load(Path.Combine(unpacked, "Other", "Relationships", "Account.xml")).Descendants("EntityRelationship").Select(r => (string)r.Attribute("Name")!);
        Assert.Contains("wb_account_wb_disengagementhistory_AccountId", toAccount);
        Assert.Contains("wb_account_wb_usagesnapshot_AccountId", toAccount);
        // Roles say IsAutoAssigned; the app module and its site map carry the elements the app designer exports.
        var role = XDocument.Load(Path.Combine(unpacked, "Roles", "Win-back Sales Rep.xml")).Root!;
        Assert.Equal("0", role.Element("IsAutoAssigned")!.Value);
        var app = XDocument.Load(Path.Combine(unpacked, "AppModules", "wb_WinBack", "AppModule.xml")).Root!;
        Assert.Equal(("0", "1", "0"), (app.Element("statecode")!.Value, app.Element("statuscode")!.Value, app.Element("NavigationType")!.Value));
        var siteMap = XDocument.Load(Directory.GetFiles(Path.Combine(unpacked, "AppModuleSiteMaps"), "*.xml", SearchOption.AllDirectories).Single()).Root!;
        Assert.Equal("True", siteMap.Element("ShowHome")!.Value);
    }

    [Theory]
    [InlineData("wb_disengagementhistory", "wb_disengagementhistories")]
    [InlineData("wb_usagesnapshot", "wb_usagesnapshots")]
    [InlineData("opportunity", "opportunities")]
    [InlineData("wb_survey", "wb_surveys")]
    [InlineData("wb_outreach", "wb_outreaches")]
    [InlineData("wb_address", "wb_addresses")]
    public void Entity_set_names_are_plural_as_Dataverse_makes_them(string table, string set) => Assert.Equal(set, EntitySetNames.Of(table));

    [Fact]
    public void Without_web_resources_yet_the_account_form_leaves_the_panel_out_and_the_build_passes()
    {
        using var workspace = new Workspace().WithPlugins(Workspace.HealthyPlugins());
        File.Delete(Path.Combine(workspace.WebResources, "webresources.json"));

        var result = workspace.Pack();

        Assert.True(result.Succeeded, Workspace.Problems(result));
        var form = result.Package!.Forms.Single(f => f.Table == "account");
        Assert.Null(form.Tabs.SelectMany(t => t.Sections).Single(s => s.Label == "Disengagement").WebResource);
        Assert.Empty(form.OnLoad);
        Assert.Empty(result.Package.Model.WebResources);
    }

    [Fact]
    public void A_form_naming_a_web_resource_the_manifest_lacks_fails_the_build()
    {
        using var workspace = new Workspace().WithPlugins(Workspace.HealthyPlugins());
        workspace.Edit(Path.Combine("Solution", "tables", "account.json"), t => t.Replace("\"library\": \"wb_/account/form.js\"", "\"library\": \"wb_/account/forms.js\"", StringComparison.Ordinal));

        var result = workspace.Pack(validateSchema: false);

        Assert.Contains(result.Problems, p => p.Code == "WB006" && p.Message.Contains("web resource 'wb_/account/forms.js'", StringComparison.Ordinal));
    }
}
