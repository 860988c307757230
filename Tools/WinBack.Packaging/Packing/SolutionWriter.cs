using System.IO.Compression;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using WinBack.Packaging.Model;

namespace WinBack.Packaging.Packing;

/// <summary>
/// Writes a package as Dataverse exports it: the packed zip (managed or unmanaged) and SolutionPackager's
/// unpacked folder layout. Output is deterministic: same package, same bytes.
/// </summary>
public static class SolutionWriter
{
    private static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    /// <summary>Zip entries get this fixed time, so that two builds of the same source give identical zips.</summary>
    private static readonly DateTimeOffset EntryTime = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The packed zip's files, by path inside the zip.</summary>
    public static SortedDictionary<string, byte[]> PackedFiles(SolutionPackage package, bool managed)
    {
        var model = package.Model;
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["[Content_Types].xml"] = ContentTypes(model),
            ["solution.xml"] = Xml(SolutionManifest(package, managed), declaration: false),
            ["customizations.xml"] = Xml(CustomizationsWriter.Write(package).Root!, declaration: false),
        };
        foreach (var a in model.PluginAssemblies.Where(a => a.Content is not null)) files[a.FileName.TrimStart('/')] = a.Content!;
        foreach (var w in model.WebResources.Where(w => w.Content is not null)) files[CustomizationsWriter.WebResourceFileName(w).TrimStart('/')] = w.Content!;
        AddCustomApis(files, model);
        AddEnvironmentVariables(files, model);
        return files;
    }

    public static byte[] Zip(IReadOnlyDictionary<string, byte[]> files)
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content) in files)
            {
                var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
                entry.LastWriteTime = EntryTime;
                using var stream = entry.Open();
                stream.Write(content);
            }
        }
        return buffer.ToArray();
    }

    public static void WritePacked(SolutionPackage package, bool managed, string zipPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(zipPath))!);
        File.WriteAllBytes(zipPath, Zip(PackedFiles(package, managed)));
    }

    // ---- root files --------------------------------------------------------------------------------

    private static byte[] ContentTypes(SolutionModel model)
    {
        XNamespace ns = "http://schemas.openxmlformats.org/package/2006/content-types";
        var types = new XElement(ns + "Types",
            new XElement(ns + "Default", new XAttribute("Extension", "xml"), new XAttribute("ContentType", "application/octet-stream")));
        if (model.PluginAssemblies.Count > 0)
        {
            types.Add(new XElement(ns + "Default", new XAttribute("Extension", "dll"), new XAttribute("ContentType", "application/octet-stream")));
        }
        // Web resources sit in the zip without an extension: each needs its own Override.
        foreach (var w in model.WebResources.Where(w => w.Content is not null))
        {
            types.Add(new XElement(ns + "Override", new XAttribute("PartName", CustomizationsWriter.WebResourceFileName(w)), new XAttribute("ContentType", "application/octet-stream")));
        }
        return Xml(types, declaration: true, indent: false);
    }

    public static XElement SolutionManifest(SolutionPackage package, bool managed)
    {
        var model = package.Model;
        var manifest = new XElement("SolutionManifest",
            new XElement("UniqueName", model.UniqueName),
            Names("LocalizedNames", "LocalizedName", model.DisplayName),
            Names("Descriptions", "Description", model.Description),
            new XElement("Version", model.Version),
            new XElement("Managed", managed ? "1" : "0"),
            Publisher(model.Publisher),
            new XElement("RootComponents", RootComponents(package)),
            new XElement("MissingDependencies"));
        return new XElement("ImportExportXml",
            new XAttribute("version", "9.2.0.0"),
            new XAttribute("SolutionPackageVersion", "9.2"),
            new XAttribute("languagecode", "1033"),
            new XAttribute("generatedBy", "CrmLive"),
            new XAttribute(XNamespace.Xmlns + "xsi", Xsi.NamespaceName),
            manifest);
    }

    private static XElement Publisher(PublisherModel p)
    {
        XElement Nil(string name) => new(name, new XAttribute(Xsi + "nil", "true"), "");
        XElement Address(int number) => new("Address",
            new XElement("AddressNumber", number), new XElement("AddressTypeCode", 1),
            Nil("City"), Nil("County"), Nil("Country"), Nil("Fax"), Nil("FreightTermsCode"), Nil("ImportSequenceNumber"),
            Nil("Latitude"), Nil("Line1"), Nil("Line2"), Nil("Line3"), Nil("Longitude"), Nil("Name"), Nil("PostalCode"),
            Nil("PostOfficeBox"), Nil("PrimaryContactName"), new XElement("ShippingMethodCode", 1), Nil("StateOrProvince"),
            Nil("Telephone1"), Nil("Telephone2"), Nil("Telephone3"), Nil("TimeZoneRuleVersionNumber"), Nil("UPSZone"),
            Nil("UTCOffset"), Nil("UTCConversionTimeZoneCode"));
        return new XElement("Publisher",
            new XElement("UniqueName", p.UniqueName),
            Names("LocalizedNames", "LocalizedName", p.DisplayName),
            Names("Descriptions", "Description", p.Description),
            Nil("EMailAddress"),
            Nil("SupportingWebsiteUrl"),
            new XElement("CustomizationPrefix", p.Prefix),
            new XElement("CustomizationOptionValuePrefix", p.OptionValuePrefix),
            new XElement("Addresses", Address(1), Address(2)));
    }

    private static IEnumerable<XElement> RootComponents(SolutionPackage package)
    {
        var model = package.Model;
        XElement Component(int type, string? schemaName, Guid? id, int behavior = 0)
        {
            var e = new XElement("RootComponent", new XAttribute("type", type));
            if (id is { } g) e.Add(new XAttribute("id", CustomizationsWriter.Guid(g)));
            if (schemaName is not null) e.Add(new XAttribute("schemaName", schemaName));
            e.Add(new XAttribute("behavior", behavior));
            return e;
        }
        // Component types: 1 table, 9 choice, 20 role, 26 view, 60 form, 61 web resource, 62 site map, 80 app, 91 plug-in assembly, 92 step.
        foreach (var t in model.Tables) yield return Component(1, t.LogicalName, null, t.IsCustomTable ? 0 : 2);
        foreach (var s in package.OptionSets) yield return Component(9, s.Name, null);
        foreach (var r in model.Roles) yield return Component(20, null, r.Id);
        foreach (var v in package.Views.Where(v => model.Table(v.Table) is { IsCustomTable: false })) yield return Component(26, null, v.Id);
        // A form on a table the solution does not own is a root component of its own (type 60, system form).
        foreach (var f in package.Forms.Where(f => model.Table(f.Table) is { IsCustomTable: false })) yield return Component(60, null, f.Id);
        foreach (var w in model.WebResources) yield return Component(61, w.Name, null);
        if (package.App is { } app)
        {
            yield return Component(62, app.UniqueName, null);
            yield return Component(80, app.UniqueName, null);
        }
        foreach (var a in model.PluginAssemblies) yield return Component(91, a.FullName, a.Id);
        foreach (var s in model.Steps) yield return Component(92, null, s.Id);
    }

    // ---- customapis/ and environmentvariabledefinitions/ --------------------------------------------

    private static void AddCustomApis(IDictionary<string, byte[]> files, SolutionModel model)
    {
        foreach (var api in model.CustomApis)
        {
            var folder = $"customapis/{api.UniqueName}/";
            var element = new XElement("customapi", new XAttribute("uniquename", api.UniqueName),
                new XElement("allowedcustomprocessingsteptype", api.AllowedProcessingStepType),
                new XElement("bindingtype", api.BindingType),
                api.BoundTable is null ? null : new XElement("boundentitylogicalname", api.BoundTable),
                Label("description", api.Description),
                Label("displayname", api.DisplayName),
                api.ExecutePrivilegeName is null ? null : new XElement("executeprivilegename", api.ExecutePrivilegeName),
                new XElement("iscustomizable", "1"),
                new XElement("isfunction", api.IsFunction ? "1" : "0"),
                new XElement("isprivate", api.IsPrivate ? "1" : "0"),
                new XElement("name", api.Name.Length > 0 ? api.Name : api.UniqueName),
                api.PluginTypeId is { } typeId ? new XElement("plugintypeid", new XElement("plugintypeid", typeId.ToString("D"))) : null,
                new XElement("workflowsdkstepenabled", "0"));
            files[folder + "customapi.xml"] = Xml(element, declaration: false);
            foreach (var p in api.RequestParameters)
            {
                files[$"{folder}customapirequestparameters/{p.UniqueName}/customapirequestparameter.xml"] = Xml(Parameter("customapirequestparameter", p, optional: true), declaration: false);
            }
            foreach (var p in api.ResponseProperties)
            {
                files[$"{folder}customapiresponseproperties/{p.UniqueName}/customapiresponseproperty.xml"] = Xml(Parameter("customapiresponseproperty", p, optional: false), declaration: false);
            }
        }
    }

    private static XElement Parameter(string name, CustomApiParameterModel p, bool optional) =>
        new(name, new XAttribute("uniquename", p.UniqueName),
            Label("description", p.Description),
            Label("displayname", p.DisplayName),
            new XElement("iscustomizable", "1"),
            optional ? new XElement("isoptional", p.IsOptional ? "1" : "0") : null,
            p.Table is null ? null : new XElement("logicalentityname", p.Table),
            new XElement("name", p.Name.Length > 0 ? p.Name : p.UniqueName),
            new XElement("type", (int)p.Type));

    private static void AddEnvironmentVariables(IDictionary<string, byte[]> files, SolutionModel model)
    {
        foreach (var v in model.EnvironmentVariables)
        {
            var element = new XElement("environmentvariabledefinition", new XAttribute("schemaname", v.SchemaName),
                v.DefaultValue is null ? null : new XElement("defaultvalue", v.DefaultValue),
                Label("description", v.Description),
                Label("displayname", v.DisplayName),
                new XElement("introducedversion", "1.0.0.0"),
                new XElement("iscustomizable", "1"),
                new XElement("isrequired", "0"),
                new XElement("secretstore", "0"),
                new XElement("type", EnvironmentVariableTypes.ToCode(v.Type)));
            files[$"environmentvariabledefinitions/{v.SchemaName}/environmentvariabledefinition.xml"] = Xml(element, declaration: false);
        }
    }

    // ---- SolutionPackager's unpacked layout --------------------------------------------------------

    /// <summary>The files of SolutionPackager's folder layout (what `pac solution unpack` writes), by relative path.</summary>
    public static SortedDictionary<string, byte[]> UnpackedFiles(SolutionPackage package)
    {
        var model = package.Model;
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["Other/Solution.xml"] = Xml(SolutionManifest(package, managed: false), declaration: true),
        };

        var customizations = CustomizationsWriter.Write(package).Root!;
        // SolutionPackager moves these components into their own files and leaves the containers empty.
        foreach (var name in new[] { "Entities", "Roles", "EntityRelationships", "optionsets", "WebResources", "SolutionPluginAssemblies", "SdkMessageProcessingSteps", "AppModuleSiteMaps", "AppModules" })
        {
            customizations.Element(name)?.RemoveNodes();
        }
        files["Other/Customizations.xml"] = Xml(customizations, declaration: true);

        foreach (var table in model.Tables)
        {
            var folder = $"Entities/{table.SchemaName}/";
            var entity = CustomizationsWriter.Entity(package, table);
            var forms = entity.Element("FormXml");
            var views = entity.Element("SavedQueries");
            var ribbon = entity.Element("RibbonDiffXml");
            foreach (var form in forms?.Elements("forms") ?? Enumerable.Empty<XElement>())
            {
                var type = (string?)form.Attribute("type") ?? "main";
                foreach (var systemForm in form.Elements("systemform"))
                {
                    var id = systemForm.Element("formid")!.Value;
                    files[$"{folder}FormXml/{type}/{id}.xml"] = Xml(WithXsi(new XElement("forms", new XAttribute("type", type), new XElement(systemForm))), declaration: true);
                }
            }
            foreach (var view in views?.Element("savedqueries")?.Elements("savedquery") ?? Enumerable.Empty<XElement>())
            {
                var id = view.Element("savedqueryid")!.Value;
                files[$"{folder}SavedQueries/{id}.xml"] = Xml(WithXsi(new XElement("savedqueries", new XElement(view))), declaration: true);
            }
            if (ribbon is not null) files[$"{folder}RibbonDiff.xml"] = Xml(new XElement(ribbon), declaration: true);
            forms?.Remove();
            views?.Remove();
            ribbon?.Remove();
            files[$"{folder}Entity.xml"] = Xml(WithXsi(entity), declaration: true);
        }

        var relationships = model.Relationships.Select(r => (r, CustomizationsWriter.Relationship(package, r))).ToList();
        files["Other/Relationships.xml"] = Xml(WithXsi(new XElement("EntityRelationships",
            relationships.Select(x => new XElement("EntityRelationship", new XAttribute("Name", x.r.SchemaName))))), declaration: true);
        // SolutionPackager files each relationship under its parent (referenced, one-side) table: Other/Relationships/Account.xml.
        foreach (var group in relationships.GroupBy(x => CustomizationsWriter.SchemaNameOf(model, x.r.ReferencedTable)))
        {
            files[$"Other/Relationships/{group.Key}.xml"] = Xml(WithXsi(new XElement("EntityRelationships", group.Select(x => x.Item2))), declaration: true);
        }

        foreach (var set in package.OptionSets)
        {
            files[$"OptionSets/{set.Name}.xml"] = Xml(WithXsi(CustomizationsWriter.Write(new SolutionPackage { OptionSets = { set } }).Root!.Element("optionsets")!.Element("optionset")!), declaration: true);
        }
        foreach (var role in model.Roles)
        {
            files[$"Roles/{role.Name}.xml"] = Xml(WithXsi(CustomizationsWriter.Role(role)), declaration: true);
        }
        foreach (var w in model.WebResources)
        {
            files[$"WebResources/{w.Name}.data.xml"] = Xml(WithXsi(CustomizationsWriter.WebResource(w)), declaration: true);
            if (w.Content is not null) files[$"WebResources/{w.Name}"] = w.Content;
        }
        foreach (var a in model.PluginAssemblies)
        {
            var path = a.FileName.TrimStart('/');
            files[path + ".data.xml"] = Xml(WithXsi(CustomizationsWriter.PluginAssembly(a)), declaration: true);
            if (a.Content is not null) files[path] = a.Content;
        }
        foreach (var s in model.Steps)
        {
            files[$"SdkMessageProcessingSteps/{CustomizationsWriter.Guid(s.Id)}.xml"] = Xml(WithXsi(CustomizationsWriter.Step(model, s)), declaration: true);
        }
        if (package.App is { } app)
        {
            files[$"AppModules/{app.UniqueName}/AppModule.xml"] = Xml(WithXsi(CustomizationsWriter.AppModule(app)), declaration: true);
            files[$"AppModuleSiteMaps/{app.UniqueName}/AppModuleSiteMap.xml"] = Xml(WithXsi(CustomizationsWriter.SiteMap(app)), declaration: true);
        }
        AddCustomApis(files, model);
        AddEnvironmentVariables(files, model);
        return files;
    }

    /// <summary>Replaces the folder's content with the unpacked layout (stale files of earlier builds go).</summary>
    public static void WriteUnpacked(SolutionPackage package, string folder)
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        foreach (var (path, content) in UnpackedFiles(package))
        {
            var full = Path.Combine(folder, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, content);
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private static XElement WithXsi(XElement element)
    {
        if (element.Attribute(XNamespace.Xmlns + "xsi") is null) element.Add(new XAttribute(XNamespace.Xmlns + "xsi", Xsi.NamespaceName));
        return element;
    }

    private static XElement Names(string container, string item, string text) =>
        new(container, new XElement(item, new XAttribute("description", text), new XAttribute("languagecode", "1033")));

    private static XElement Label(string name, string text) =>
        new(name, new XAttribute("default", text), new XElement("label", new XAttribute("description", text), new XAttribute("languagecode", "1033")));

    internal static byte[] Xml(XElement root, bool declaration, bool indent = true)
    {
        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: declaration),
            OmitXmlDeclaration = !declaration,
            Indent = indent,
            IndentChars = "  ",
            NewLineChars = "\r\n",
        };
        var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, settings))
        {
            root.WriteTo(writer);
        }
        return buffer.ToArray();
    }
}
