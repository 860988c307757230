using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using WinBack.Packaging.Model;

namespace WinBack.Packaging;

/// <summary>
/// Reads a solution into a <see cref="SolutionModel"/>: a packed zip (ours or one Dataverse exported), the same
/// files extracted into a folder, or SolutionPackager's unpacked folder layout (Other/Solution.xml,
/// Entities/, PluginAssemblies/*.data.xml, SdkMessageProcessingSteps/, WebResources/*.data.xml, Roles/, ...).
/// Partial folders (only some components) read as far as they go.
/// </summary>
public static class SolutionReader
{
    public static SolutionModel Read(string zipOrFolder)
    {
        var files = SolutionFiles.Open(zipOrFolder);
        try
        {
            return new Reading(files).Run();
        }
        catch (SolutionReadException)
        {
            throw;
        }
        catch (Exception e) when (e is System.Xml.XmlException or FormatException or JsonException or InvalidOperationException)
        {
            throw new SolutionReadException($"{files.Origin}: {e.Message}", e);
        }
    }

    private sealed class Reading
    {
        private readonly SolutionFiles _files;
        private readonly SolutionModel _model = new();
        private readonly Dictionary<string, List<OptionModel>> _globalOptionSets = new(StringComparer.OrdinalIgnoreCase);

        public Reading(SolutionFiles files) => _files = files;

        public SolutionModel Run()
        {
            var solutionXml = Load("solution.xml") ?? Load("Other/Solution.xml");
            var customizations = Load("customizations.xml") ?? Load("Other/Customizations.xml");
            if (solutionXml is not null) ReadManifest(solutionXml);

            var root = customizations?.Root;
            var entities = new List<XElement>();
            var relationships = new List<XElement>();
            if (root is not null && root.Name.LocalName == "Entity")
            {
                entities.Add(root);
            }
            else if (root is not null)
            {
                foreach (var set in root.Elements("optionsets").Elements("optionset")) ReadGlobalOptionSet(set);
                entities.AddRange(root.Elements("Entities").Elements("Entity"));
                relationships.AddRange(root.Elements("EntityRelationships").Elements("EntityRelationship"));
                _model.Roles.AddRange(root.Elements("Roles").Elements("Role").Select(ReadRole));
                _model.WebResources.AddRange(root.Elements("WebResources").Elements("WebResource").Select(w => ReadWebResource(w, null)));
                _model.PluginAssemblies.AddRange(root.Elements("SolutionPluginAssemblies").Elements("PluginAssembly").Select(a => ReadAssembly(a, null)));
            }

            // SolutionPackager's unpacked layout: one file per component.
            foreach (var path in _files.Under("OptionSets").Where(IsXml)) ReadGlobalOptionSet(Load(path)!.Root!);
            foreach (var path in _files.Under("Entities").Where(p => p.EndsWith("/Entity.xml", StringComparison.OrdinalIgnoreCase)))
            {
                entities.Add(Load(path)!.Root!);
            }
            foreach (var path in _files.Under("Other/Relationships").Where(IsXml))
            {
                relationships.AddRange(Load(path)!.Root!.Elements("EntityRelationship"));
            }
            foreach (var path in _files.Under("Roles").Where(IsXml)) _model.Roles.Add(ReadRole(Load(path)!.Root!));
            foreach (var path in _files.Under("WebResources").Where(p => p.EndsWith(".data.xml", StringComparison.OrdinalIgnoreCase)))
            {
                _model.WebResources.Add(ReadWebResource(Load(path)!.Root!, path[..^".data.xml".Length]));
            }
            foreach (var path in _files.Under("PluginAssemblies").Where(p => p.EndsWith(".data.xml", StringComparison.OrdinalIgnoreCase)))
            {
                _model.PluginAssemblies.Add(ReadAssembly(Load(path)!.Root!, path[..^".data.xml".Length]));
            }

            var seenRelationships = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var r in relationships)
            {
                if (r.Element("EntityRelationshipType") is null) continue;
                if (seenRelationships.Add((string?)r.Attribute("Name") ?? "")) _model.Relationships.Add(ReadRelationship(r));
            }
            foreach (var e in entities) _model.Tables.Add(ReadTable(e));
            CompleteRelationshipsAndTargets();

            var steps = root?.Elements("SdkMessageProcessingSteps").Elements("SdkMessageProcessingStep") ?? Enumerable.Empty<XElement>();
            foreach (var s in steps) _model.Steps.Add(ReadStep(s));
            foreach (var path in _files.Under("SdkMessageProcessingSteps").Where(IsXml)) _model.Steps.Add(ReadStep(Load(path)!.Root!));

            ReadCustomApis();
            ReadEnvironmentVariables(root);
            var apps = root?.Elements("AppModules").Elements("AppModule") ?? Enumerable.Empty<XElement>();
            foreach (var app in apps) _model.Apps.Add(ReadApp(app));
            foreach (var path in _files.Under("AppModules").Where(p => p.EndsWith("/AppModule.xml", StringComparison.OrdinalIgnoreCase)))
            {
                _model.Apps.Add(ReadApp(Load(path)!.Root!));
            }
            return _model;
        }

        private static bool IsXml(string path) => path.EndsWith(".xml", StringComparison.OrdinalIgnoreCase);

        private XDocument? Load(string path)
        {
            var text = _files.Text(path);
            if (text is null) return null;
            try
            {
                return XDocument.Parse(text);
            }
            catch (System.Xml.XmlException e)
            {
                throw new SolutionReadException($"{_files.Origin}: {path} is not well-formed XML: {e.Message}", e);
            }
        }

        // ---- solution.xml ----------------------------------------------------------------------------

        private void ReadManifest(XDocument doc)
        {
            var manifest = doc.Root?.Element("SolutionManifest");
            if (manifest is null) return;
            _model.UniqueName = Text(manifest, "UniqueName");
            _model.DisplayName = Localized(manifest.Element("LocalizedNames"), "LocalizedName") ?? _model.UniqueName;
            _model.Description = Localized(manifest.Element("Descriptions"), "Description") ?? "";
            _model.Version = Text(manifest, "Version");
            _model.Managed = Text(manifest, "Managed") == "1";
            var publisher = manifest.Element("Publisher");
            if (publisher is not null)
            {
                _model.Publisher.UniqueName = Text(publisher, "UniqueName");
                _model.Publisher.Prefix = Text(publisher, "CustomizationPrefix");
                _model.Publisher.OptionValuePrefix = Int(publisher.Element("CustomizationOptionValuePrefix")) ?? 0;
                _model.Publisher.DisplayName = Localized(publisher.Element("LocalizedNames"), "LocalizedName") ?? "";
                _model.Publisher.Description = Localized(publisher.Element("Descriptions"), "Description") ?? "";
            }
        }

        // ---- tables and columns ----------------------------------------------------------------------

        private void ReadGlobalOptionSet(XElement set)
        {
            var name = (string?)set.Attribute("Name");
            if (!string.IsNullOrEmpty(name)) _globalOptionSets[name] = ReadOptions(set);
        }

        private TableModel ReadTable(XElement entity)
        {
            var info = entity.Element("EntityInfo")?.Element("entity");
            var schemaName = Text(entity, "Name");
            if (schemaName.Length == 0) schemaName = (string?)info?.Attribute("Name") ?? "";
            var logical = schemaName.ToLowerInvariant();
            var standard = StandardTables.Find(logical);
            var fullDefinition = info?.Element("OwnershipTypeMask") is not null || info?.Element("EntitySetName") is not null;

            var table = new TableModel
            {
                LogicalName = logical,
                SchemaName = schemaName,
                DisplayName = Localized(info?.Element("LocalizedNames"), "LocalizedName")
                    ?? NonEmpty((string?)entity.Element("Name")?.Attribute("LocalizedName")) ?? standard?.DisplayName ?? schemaName,
                DisplayCollectionName = Localized(info?.Element("LocalizedCollectionNames"), "LocalizedCollectionName") ?? standard?.DisplayCollectionName ?? "",
                EntitySetName = Text(info, "EntitySetName"),
                Description = Localized(info?.Element("Descriptions"), "Description") ?? "",
                IsCustomTable = fullDefinition && standard is null && logical.Contains('_'),
                IsActivity = Text(info, "IsActivity") == "1" || (standard?.IsActivity ?? false),
                Ownership = Text(info, "OwnershipTypeMask") switch
                {
                    "UserOwned" or "TeamOwned" or "BusinessOwned" => TableOwnership.User,
                    "OrgOwned" or "OrganizationOwned" => TableOwnership.Organization,
                    "None" => TableOwnership.None,
                    _ => standard?.Ownership ?? TableOwnership.User,
                },
            };

            foreach (var attribute in info?.Element("attributes")?.Elements("attribute") ?? Enumerable.Empty<XElement>())
            {
                var column = ReadColumn(attribute);
                table.Columns.Add(column);
                var mask = Text(attribute, "DisplayMask");
                if (column.Type == ColumnType.UniqueIdentifier && Text(attribute, "Type") == "primarykey") table.PrimaryIdColumn = column.LogicalName;
                if (mask.Split('|').Contains("PrimaryName")) table.PrimaryNameColumn = column.LogicalName;
            }
            if (table.PrimaryIdColumn.Length == 0) table.PrimaryIdColumn = standard?.PrimaryIdColumn ?? logical + "id";
            if (table.PrimaryNameColumn.Length == 0) table.PrimaryNameColumn = standard?.PrimaryNameColumn ?? "";
            return table;
        }

        private ColumnModel ReadColumn(XElement a)
        {
            var logical = Text(a, "LogicalName");
            if (logical.Length == 0) logical = Text(a, "Name");
            var type = Text(a, "Type");
            var column = new ColumnModel
            {
                LogicalName = logical,
                SchemaName = (string?)a.Attribute("PhysicalName") ?? logical,
                DisplayName = Localized(a.Element("displaynames"), "displayname") ?? logical,
                Description = Localized(a.Element("Descriptions"), "Description") ?? "",
                // An activity's type column is written as a picklist over activitypointer_activitytypecode: it holds a table's name.
                Type = logical == "activitytypecode" ? ColumnType.EntityName : ColumnTypes.FromXml(type),
                RequiredLevel = Text(a, "RequiredLevel") switch
                {
                    "systemrequired" => RequiredLevel.SystemRequired,
                    "required" => RequiredLevel.ApplicationRequired,
                    "recommended" => RequiredLevel.Recommended,
                    _ => RequiredLevel.None,
                },
                MaxLength = Int(a.Element("MaxLength")),
                MinValue = Dec(a.Element("MinValue")),
                MaxValue = Dec(a.Element("MaxValue")),
                Precision = Int(a.Element("Precision")) ?? Int(a.Element("Accuracy")),
                IsCustom = Text(a, "IsCustomField") == "1",
                Format = Text(a, "Format"),
            };
            if (column.Type == ColumnType.DateTime && Text(a, "Behavior") == "2") column.Format = "dateonly";

            var inline = a.Element("optionset");
            if (inline is not null)
            {
                column.Options = ReadOptions(inline);
            }
            else if (Text(a, "OptionSetName") is { Length: > 0 } setName)
            {
                column.OptionSetName = setName;
                if (_globalOptionSets.TryGetValue(setName, out var global))
                {
                    column.Options = global.Select(o => new OptionModel { Value = o.Value, Label = o.Label, State = o.State }).ToList();
                }
            }

            foreach (var lookupType in a.Element("LookupTypes")?.Elements("LookupType") ?? Enumerable.Empty<XElement>())
            {
                var target = lookupType.Value.Trim();
                if (target.Length > 0 && !int.TryParse(target, out _)) column.Targets.Add(target.ToLowerInvariant());
            }
            if (column.Type == ColumnType.Owner && column.Targets.Count == 0) column.Targets.AddRange(new[] { "systemuser", "team" });
            return column;
        }

        private static List<OptionModel> ReadOptions(XElement set)
        {
            var options = new List<OptionModel>();
            foreach (var o in set.Element("options")?.Elements("option") ?? Enumerable.Empty<XElement>())
            {
                options.Add(new OptionModel { Value = IntAttr(o, "value"), Label = Label(o) });
            }
            foreach (var s in set.Element("states")?.Elements("state") ?? Enumerable.Empty<XElement>())
            {
                options.Add(new OptionModel { Value = IntAttr(s, "value"), Label = Label(s), DefaultStatus = (int?)s.Attribute("defaultstatus") });
            }
            foreach (var s in set.Element("statuses")?.Elements("status") ?? Enumerable.Empty<XElement>())
            {
                options.Add(new OptionModel { Value = IntAttr(s, "value"), Label = Label(s), State = IntAttr(s, "state") });
            }
            return options;
        }

        private static string Label(XElement option) =>
            Localized(option.Element("labels"), "label") ?? "";

        private RelationshipModel ReadRelationship(XElement r)
        {
            var manyToMany = Text(r, "EntityRelationshipType") == "ManyToMany";
            var relationship = new RelationshipModel
            {
                SchemaName = (string?)r.Attribute("Name") ?? "",
                IsManyToMany = manyToMany,
            };
            if (manyToMany)
            {
                relationship.ReferencedTable = Text(r, "FirstEntityName").ToLowerInvariant();
                relationship.ReferencingTable = Text(r, "SecondEntityName").ToLowerInvariant();
                relationship.IntersectTable = NonEmpty(Text(r, "IntersectEntityName").ToLowerInvariant());
            }
            else
            {
                relationship.ReferencedTable = Text(r, "ReferencedEntityName").ToLowerInvariant();
                relationship.ReferencingTable = Text(r, "ReferencingEntityName").ToLowerInvariant();
                relationship.ReferencingColumn = Text(r, "ReferencingAttributeName").ToLowerInvariant();
                // EntityRelationshipRoles: type 1 names the lookup's navigation property, type 0 the parent's collection.
                foreach (var role in r.Elements("EntityRelationshipRoles").Elements("EntityRelationshipRole"))
                {
                    var navigation = NonEmpty(Text(role, "NavigationPropertyName"));
                    if (Text(role, "RelationshipRoleType") == "1") relationship.ReferencingNavigationProperty = navigation;
                    else if (Text(role, "RelationshipRoleType") == "0") relationship.ReferencedNavigationProperty = navigation;
                }
            }
            relationship.Cascade = new CascadeModel
            {
                Delete = Cascade(r, "CascadeDelete", CascadeType.NoCascade),
                Assign = Cascade(r, "CascadeAssign", CascadeType.NoCascade),
                Share = Cascade(r, "CascadeShare", CascadeType.NoCascade),
                Unshare = Cascade(r, "CascadeUnshare", CascadeType.NoCascade),
                Reparent = Cascade(r, "CascadeReparent", CascadeType.NoCascade),
                // Exports carry no CascadeMerge: Dataverse always cascades a merge.
                Merge = Cascade(r, "CascadeMerge", CascadeType.Cascade),
            };
            return relationship;
        }

        private static CascadeType Cascade(XElement r, string element, CascadeType fallback)
        {
            var text = Text(r, element);
            if (text == "ActiveOnly") return CascadeType.Active;
            return Enum.TryParse<CascadeType>(text, ignoreCase: true, out var value) ? value : fallback;
        }

        private void CompleteRelationshipsAndTargets()
        {
            foreach (var r in _model.Relationships.Where(r => !r.IsManyToMany))
            {
                var referenced = _model.Table(r.ReferencedTable);
                r.ReferencedColumn = referenced?.PrimaryIdColumn is { Length: > 0 } id ? id
                    : StandardTables.Find(r.ReferencedTable)?.PrimaryIdColumn ?? r.ReferencedTable + "id";
                var column = _model.Table(r.ReferencingTable)?.Column(r.ReferencingColumn);
                if (column is not null && column.Type is ColumnType.Lookup or ColumnType.Customer
                    && !column.Targets.Contains(r.ReferencedTable, StringComparer.OrdinalIgnoreCase))
                {
                    column.Targets.Add(r.ReferencedTable);
                }
            }
        }

        // ---- plug-ins --------------------------------------------------------------------------------

        private PluginAssemblyModel ReadAssembly(XElement a, string? contentPath)
        {
            var fullName = (string?)a.Attribute("FullName") ?? "";
            var assembly = new PluginAssemblyModel
            {
                FullName = fullName,
                Name = fullName.Split(',')[0].Trim(),
                Id = GuidAttr(a, "PluginAssemblyId"),
                FileName = Text(a, "FileName"),
            };
            assembly.Content = _files.Bytes(contentPath ?? assembly.FileName);
            foreach (var t in a.Element("PluginTypes")?.Elements("PluginType") ?? Enumerable.Empty<XElement>())
            {
                var typeName = (string?)t.Attribute("Name") ?? ((string?)t.Attribute("AssemblyQualifiedName") ?? "").Split(',')[0].Trim();
                assembly.Types.Add(new PluginTypeModel
                {
                    TypeName = typeName,
                    Id = GuidAttr(t, "PluginTypeId"),
                    FriendlyName = Text(t, "FriendlyName"),
                });
            }
            return assembly;
        }

        private PluginTypeModel? TypeById(Guid id) =>
            _model.PluginAssemblies.SelectMany(a => a.Types).FirstOrDefault(t => t.Id == id);

        private StepModel ReadStep(XElement s)
        {
            var step = new StepModel
            {
                Id = GuidAttr(s, "SdkMessageProcessingStepId"),
                Name = (string?)s.Attribute("Name") ?? "",
                PrimaryTable = Text(s, "PrimaryEntity").ToLowerInvariant() is var table && table != "none" ? table : "",
                Stage = Int(s.Element("Stage")) ?? 0,
                Mode = Int(s.Element("Mode")) ?? 0,
                Rank = Int(s.Element("Rank")) ?? 1,
                FilteringAttributes = SplitList(Text(s, "FilteringAttributes")),
                UnsecureConfiguration = NonEmpty(Text(s, "Configuration")),
                Description = Text(s, "Description"),
            };
            if (Guid.TryParse(Text(s, "SdkMessageId"), out var messageId)) step.SdkMessageId = messageId;
            step.Message = (step.SdkMessageId is { } mid ? SdkMessages.NameOf(mid) : null)
                ?? SdkMessages.FromStepName(step.Name) ?? Text(s, "SdkMessageId");
            if (Guid.TryParse(Text(s, "PluginTypeId"), out var typeId)) step.PluginTypeId = typeId;
            var typeName = Text(s, "PluginTypeName");
            step.PluginTypeName = typeName.Length > 0 ? typeName.Split(',')[0].Trim()
                : step.PluginTypeId is { } tid ? TypeById(tid)?.TypeName : null;

            foreach (var i in s.Element("SdkMessageProcessingStepImages")?.Elements("SdkMessageProcessingStepImage") ?? Enumerable.Empty<XElement>())
            {
                step.Images.Add(new StepImageModel
                {
                    Name = (string?)i.Attribute("Name") ?? "",
                    Id = Guid.TryParse(Text(i, "SdkMessageProcessingStepImageId"), out var imageId) ? imageId : Guid.Empty,
                    EntityAlias = Text(i, "EntityAlias"),
                    ImageType = Int(i.Element("ImageType")) ?? 0,
                    Attributes = SplitList(Text(i, "Attributes")),
                    MessagePropertyName = Text(i, "MessagePropertyName"),
                });
            }
            return step;
        }

        // ---- Custom APIs -----------------------------------------------------------------------------

        private void ReadCustomApis()
        {
            foreach (var path in _files.Under("customapis").Where(p => p.EndsWith("/customapi.xml", StringComparison.OrdinalIgnoreCase)))
            {
                var folder = path[..^"customapi.xml".Length];
                var c = Load(path)!.Root!;
                var api = new CustomApiModel
                {
                    UniqueName = (string?)c.Attribute("uniquename") ?? "",
                    Name = Text(c, "name"),
                    DisplayName = Default(c.Element("displayname")),
                    Description = Default(c.Element("description")),
                    BindingType = Int(c.Element("bindingtype")) ?? 0,
                    BoundTable = NonEmpty(Text(c, "boundentitylogicalname")),
                    IsFunction = Text(c, "isfunction") == "1",
                    IsPrivate = Text(c, "isprivate") == "1",
                    AllowedProcessingStepType = Int(c.Element("allowedcustomprocessingsteptype")) ?? 0,
                    ExecutePrivilegeName = NonEmpty(Text(c, "executeprivilegename")),
                };
                var typeRef = c.Element("plugintypeid");
                var typeKey = Text(typeRef, "plugintypeid");
                if (typeKey.Length == 0) typeKey = Text(typeRef, "plugintypeexportkey");
                if (Guid.TryParse(typeKey, out var typeId))
                {
                    api.PluginTypeId = typeId;
                    api.PluginTypeName = TypeById(typeId)?.TypeName;
                }
                foreach (var p in _files.Under(folder + "customapirequestparameters").Where(p => p.EndsWith("/customapirequestparameter.xml", StringComparison.OrdinalIgnoreCase)))
                {
                    api.RequestParameters.Add(ReadParameter(Load(p)!.Root!));
                }
                foreach (var p in _files.Under(folder + "customapiresponseproperties").Where(p => p.EndsWith("/customapiresponseproperty.xml", StringComparison.OrdinalIgnoreCase)))
                {
                    api.ResponseProperties.Add(ReadParameter(Load(p)!.Root!));
                }
                _model.CustomApis.Add(api);
            }
        }

        private static CustomApiParameterModel ReadParameter(XElement p) => new()
        {
            UniqueName = (string?)p.Attribute("uniquename") ?? "",
            Name = Text(p, "name"),
            DisplayName = Default(p.Element("displayname")),
            Description = Default(p.Element("description")),
            Type = (CustomApiFieldType)(Int(p.Element("type")) ?? 10),
            IsOptional = Text(p, "isoptional") == "1",
            Table = NonEmpty(Text(p, "logicalentityname")),
        };

        // ---- web resources, roles, environment variables ---------------------------------------------

        private static AppModuleModel ReadApp(XElement a)
        {
            var uniqueName = Text(a, "UniqueName");
            return new AppModuleModel { UniqueName = uniqueName, DisplayName = Localized(a.Element("LocalizedNames"), "LocalizedName") ?? uniqueName };
        }

        private WebResourceModel ReadWebResource(XElement w, string? contentPath)
        {
            var resource = new WebResourceModel
            {
                Id = Guid.TryParse(Text(w, "WebResourceId"), out var id) ? id : Guid.Empty,
                Name = Text(w, "Name"),
                DisplayName = Text(w, "DisplayName"),
                Description = Text(w, "Description"),
                Type = Int(w.Element("WebResourceType")) ?? 0,
            };
            resource.Content = _files.Bytes(contentPath ?? Text(w, "FileName"));
            return resource;
        }

        private static RoleModel ReadRole(XElement r)
        {
            var role = new RoleModel
            {
                Name = (string?)r.Attribute("name") ?? "",
                Id = GuidAttr(r, "id"),
            };
            foreach (var p in r.Element("RolePrivileges")?.Elements("RolePrivilege") ?? Enumerable.Empty<XElement>())
            {
                role.Privileges.Add(new RolePrivilegeModel
                {
                    Name = (string?)p.Attribute("name") ?? "",
                    Depth = Enum.TryParse<PrivilegeDepth>((string?)p.Attribute("level"), true, out var depth) ? depth : PrivilegeDepth.Basic,
                });
            }
            return role;
        }

        private void ReadEnvironmentVariables(XElement? customizationsRoot)
        {
            foreach (var path in _files.Under("environmentvariabledefinitions").Where(p => p.EndsWith("/environmentvariabledefinition.xml", StringComparison.OrdinalIgnoreCase)))
            {
                var folder = path[..^"environmentvariabledefinition.xml".Length];
                var d = Load(path)!.Root!;
                var variable = ReadVariable(d);
                var values = _files.Text(folder + "environmentvariablevalues.json");
                if (values is not null) variable.Value = ReadValue(values);
                _model.EnvironmentVariables.Add(variable);
            }
            // Older exports carry the definitions inside customizations.xml.
            foreach (var d in customizationsRoot?.Elements("EnvironmentVariableDefinitions").Elements("environmentvariabledefinition") ?? Enumerable.Empty<XElement>())
            {
                _model.EnvironmentVariables.Add(ReadVariable(d));
            }
        }

        private static EnvironmentVariableModel ReadVariable(XElement d) => new()
        {
            SchemaName = (string?)d.Attribute("schemaname") ?? "",
            DisplayName = Default(d.Element("displayname")),
            Description = Default(d.Element("description")),
            DefaultValue = d.Element("defaultvalue")?.Value,
            Type = EnvironmentVariableTypes.FromCode(Int(d.Element("type")) ?? 100000000),
        };

        private static string? ReadValue(string json)
        {
            using var doc = JsonDocument.Parse(json);
            if (!doc.RootElement.TryGetProperty("environmentvariablevalues", out var values)) return null;
            if (!values.TryGetProperty("environmentvariablevalue", out var value)) return null;
            if (value.ValueKind == JsonValueKind.Array) value = value.EnumerateArray().FirstOrDefault();
            return value.ValueKind == JsonValueKind.Object && value.TryGetProperty("value", out var v) ? v.GetString() : null;
        }

        // ---- small helpers ---------------------------------------------------------------------------

        private static string Text(XElement? parent, string name) => parent?.Element(name)?.Value.Trim() ?? "";

        private static string? NonEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

        private static int? Int(XElement? e) =>
            e is not null && int.TryParse(e.Value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

        private static decimal? Dec(XElement? e) =>
            e is not null && decimal.TryParse(e.Value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;

        private static int IntAttr(XElement e, string name) =>
            int.TryParse((string?)e.Attribute(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0;

        private static Guid GuidAttr(XElement e, string name) =>
            Guid.TryParse((string?)e.Attribute(name), out var g) ? g : Guid.Empty;

        private static List<string> SplitList(string text) =>
            text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

        /// <summary>The English (1033) label of a LocalizedNames-like element, else the first one.</summary>
        private static string? Localized(XElement? container, string child)
        {
            if (container is null) return null;
            var items = container.Elements(child).ToList();
            var chosen = items.FirstOrDefault(i => (string?)i.Attribute("languagecode") == "1033") ?? items.FirstOrDefault();
            return (string?)chosen?.Attribute("description");
        }

        /// <summary>customapi.xml style: &lt;displayname default="..."&gt;&lt;label .../&gt;&lt;/displayname&gt;.</summary>
        private static string Default(XElement? e) =>
            (string?)e?.Attribute("default") ?? Localized(e, "label") ?? "";
    }
}

/// <summary>Column type names as customizations.xml writes them.</summary>
public static class ColumnTypes
{
    public static ColumnType FromXml(string type) => type switch
    {
        "nvarchar" => ColumnType.String,
        "ntext" => ColumnType.Memo,
        "int" => ColumnType.Integer,
        "bigint" => ColumnType.BigInt,
        "decimal" => ColumnType.Decimal,
        "float" => ColumnType.Double,
        "money" => ColumnType.Money,
        "bit" => ColumnType.Boolean,
        "datetime" => ColumnType.DateTime,
        "picklist" => ColumnType.Picklist,
        "multiselectpicklist" => ColumnType.MultiSelectPicklist,
        "state" => ColumnType.State,
        "status" => ColumnType.Status,
        "lookup" => ColumnType.Lookup,
        "customer" => ColumnType.Customer,
        "owner" => ColumnType.Owner,
        "primarykey" or "uniqueidentifier" => ColumnType.UniqueIdentifier,
        "partylist" => ColumnType.PartyList,
        "image" => ColumnType.Image,
        "file" => ColumnType.File,
        _ => ColumnType.Virtual,
    };

    public static string ToXml(ColumnType type) => type switch
    {
        ColumnType.String => "nvarchar",
        ColumnType.Memo => "ntext",
        ColumnType.Integer => "int",
        ColumnType.BigInt => "bigint",
        ColumnType.Decimal => "decimal",
        ColumnType.Double => "float",
        ColumnType.Money => "money",
        ColumnType.Boolean => "bit",
        ColumnType.DateTime => "datetime",
        ColumnType.Picklist => "picklist",
        ColumnType.MultiSelectPicklist => "multiselectpicklist",
        ColumnType.State => "state",
        ColumnType.Status => "status",
        ColumnType.Lookup => "lookup",
        ColumnType.Customer => "customer",
        ColumnType.Owner => "owner",
        ColumnType.UniqueIdentifier => "uniqueidentifier",
        ColumnType.PartyList => "partylist",
        ColumnType.Image => "image",
        ColumnType.File => "file",
        ColumnType.EntityName => "picklist",
        _ => "virtual",
    };
}

/// <summary>Environment variable type codes as environmentvariabledefinition.xml writes them.</summary>
public static class EnvironmentVariableTypes
{
    public static EnvironmentVariableType FromCode(int code) => code switch
    {
        100000001 => EnvironmentVariableType.Number,
        100000002 => EnvironmentVariableType.Boolean,
        100000003 => EnvironmentVariableType.Json,
        100000004 => EnvironmentVariableType.DataSource,
        100000005 => EnvironmentVariableType.Secret,
        _ => EnvironmentVariableType.String,
    };

    public static int ToCode(EnvironmentVariableType type) => 100000000 + (int)type;
}
