using System.Globalization;
using System.Xml.Linq;
using WinBack.Packaging.Model;

namespace WinBack.Packaging.Packing;

/// <summary>
/// Writes customizations.xml as Dataverse exports it, limited to the elements Microsoft's schema
/// (CustomizationsSolution.xsd) knows, so that the file validates and Dataverse imports it.
/// </summary>
public static class CustomizationsWriter
{
    private static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";
    private const string Lcid = "1033";
    private const string IntroducedVersion = "1.0.0.0";

    public static XDocument Write(SolutionPackage package)
    {
        var model = package.Model;
        var root = new XElement("ImportExportXml", new XAttribute(XNamespace.Xmlns + "xsi", Xsi.NamespaceName));
        root.Add(new XElement("Entities", model.Tables.Select(t => Entity(package, t))));
        root.Add(new XElement("Roles", model.Roles.Select(Role)));
        root.Add(new XElement("Workflows"));
        root.Add(new XElement("FieldSecurityProfiles"));
        root.Add(new XElement("Templates"));
        root.Add(new XElement("EntityMaps"));
        root.Add(new XElement("EntityRelationships", model.Relationships.Select(r => Relationship(package, r))));
        root.Add(new XElement("OrganizationSettings"));
        root.Add(new XElement("optionsets", package.OptionSets.Select(GlobalOptionSet)));
        root.Add(new XElement("WebResources", model.WebResources.Select(WebResource)));
        root.Add(new XElement("CustomControls"));
        root.Add(new XElement("SolutionPluginAssemblies", model.PluginAssemblies.Select(PluginAssembly)));
        root.Add(new XElement("SdkMessageProcessingSteps", model.Steps.Select(s => Step(model, s))));
        if (package.App is { } app)
        {
            root.Add(new XElement("AppModuleSiteMaps", SiteMap(app)));
            root.Add(new XElement("AppModules", AppModule(app)));
        }
        root.Add(new XElement("EntityDataProviders"));
        root.Add(new XElement("Languages", new XElement("Language", Lcid)));
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root);
    }

    // ---- shared pieces -----------------------------------------------------------------------------

    internal static string Guid(Guid id) => "{" + id.ToString("D") + "}";

    private static string Bit(bool value) => value ? "1" : "0";

    private static string Num(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static XElement Names(string container, string item, string text) =>
        new(container, new XElement(item, new XAttribute("description", text), new XAttribute("languagecode", Lcid)));

    private static XElement Labels(string text) =>
        new("labels", new XElement("label", new XAttribute("description", text), new XAttribute("languagecode", Lcid)));

    internal static string SchemaNameOf(SolutionModel model, string logicalName) =>
        model.Table(logicalName)?.SchemaName is { Length: > 0 } schema ? schema
        : StandardTables.Find(logicalName)?.SchemaName ?? logicalName switch
        {
            "owner" => "Owner",
            _ => logicalName,
        };

    // ---- tables ------------------------------------------------------------------------------------

    public static XElement Entity(SolutionPackage package, TableModel table)
    {
        var entity = new XElement("entity", new XAttribute("Name", table.SchemaName));
        if (table.IsCustomTable)
        {
            entity.Add(Names("LocalizedNames", "LocalizedName", table.DisplayName));
            entity.Add(Names("LocalizedCollectionNames", "LocalizedCollectionName", table.DisplayCollectionName));
            entity.Add(Names("Descriptions", "Description", table.Description));
        }
        entity.Add(new XElement("attributes", table.Columns.Select(c => Attribute(table, c))));
        if (table.IsCustomTable) entity.Add(TableSettings(table));

        var element = new XElement("Entity",
            new XElement("Name",
                new XAttribute("LocalizedName", table.DisplayName),
                new XAttribute("OriginalName", table.IsCustomTable ? table.DisplayName : ""),
                table.SchemaName),
            new XElement("EntityInfo", entity));

        var forms = package.Forms.Where(f => f.Table == table.LogicalName).ToList();
        if (forms.Count > 0)
        {
            element.Add(new XElement("FormXml", forms.GroupBy(f => f.Type).Select(g =>
                new XElement("forms", new XAttribute("type", g.Key), g.Select(f => FormWriter.SystemForm(package.Model, f))))));
        }
        var views = package.Views.Where(v => v.Table == table.LogicalName).ToList();
        if (views.Count > 0)
        {
            element.Add(new XElement("SavedQueries", new XElement("savedqueries", views.Select(v => FormWriter.SavedQuery(package.Model, v)))));
        }
        element.Add(package.Ribbons.TryGetValue(table.LogicalName, out var ribbon) ? new XElement(ribbon) : RibbonDiff());
        return element;
    }

    public static XElement RibbonDiff() =>
        new("RibbonDiffXml",
            new XElement("CustomActions"),
            new XElement("Templates", new XElement("RibbonTemplates", new XAttribute("Id", "Mscrm.Templates"))),
            new XElement("CommandDefinitions"),
            new XElement("RuleDefinitions", new XElement("TabDisplayRules"), new XElement("DisplayRules"), new XElement("EnableRules")),
            new XElement("LocLabels"));

    private static IEnumerable<XElement> TableSettings(TableModel table)
    {
        (string, string)[] settings =
        {
            ("EntitySetName", table.EntitySetName.Length > 0 ? table.EntitySetName : EntitySetNames.Of(table.LogicalName)),
            ("IsDuplicateCheckSupported", "1"), ("IsBusinessProcessEnabled", "0"), ("IsRequiredOffline", "0"),
            ("IsInteractionCentricEnabled", "0"), ("IsCollaboration", "0"), ("AutoRouteToOwnerQueue", "0"),
            ("IsConnectionsEnabled", "0"), ("EntityColor", ""), ("IsDocumentManagementEnabled", "0"), ("AutoCreateAccessTeams", "0"),
            ("IsOneNoteIntegrationEnabled", "0"), ("IsKnowledgeManagementEnabled", "0"), ("IsSLAEnabled", "0"),
            ("IsDocumentRecommendationsEnabled", "0"), ("IsBPFEntity", "0"),
            ("OwnershipTypeMask", table.Ownership == TableOwnership.Organization ? "OrgOwned" : "UserOwned"),
            ("IsAuditEnabled", "1"), ("IsRetrieveAuditEnabled", "0"), ("IsRetrieveMultipleAuditEnabled", "0"),
            ("IsActivity", Bit(table.IsActivity)), ("ActivityTypeMask", table.IsActivity ? "CommunicationActivity" : ""), ("IsActivityParty", "0"),
            ("IsReplicated", "0"), ("IsReplicationUserFiltered", "0"), ("IsMailMergeEnabled", "0"),
            ("IsVisibleInMobile", "0"), ("IsVisibleInMobileClient", "1"), ("IsReadOnlyInMobileClient", "0"),
            ("IsOfflineInMobileClient", "0"), ("DaysSinceRecordLastModified", "0"), ("MobileOfflineFilters", ""),
            ("IsMapiGridEnabled", "1"), ("IsReadingPaneEnabled", "1"), ("IsQuickCreateEnabled", "1"),
            ("SyncToExternalSearchIndex", "0"), ("IntroducedVersion", IntroducedVersion), ("IsCustomizable", "1"),
            ("IsRenameable", "1"), ("IsMappable", "1"), ("CanModifyAuditSettings", "1"), ("CanModifyMobileVisibility", "1"),
            ("CanModifyMobileClientVisibility", "1"), ("CanModifyMobileClientReadOnly", "1"), ("CanModifyMobileClientOffline", "1"),
            ("CanModifyConnectionSettings", "1"), ("CanModifyDuplicateDetectionSettings", "1"), ("CanModifyMailMergeSettings", "1"),
            ("CanModifyQueueSettings", "1"), ("CanCreateAttributes", "1"), ("CanCreateForms", "1"), ("CanCreateCharts", "1"),
            ("CanCreateViews", "1"), ("CanModifyAdditionalSettings", "1"), ("CanEnableSyncToExternalSearchIndex", "1"),
            ("IconVectorName", ""), ("EnforceStateTransitions", "0"), ("CanChangeHierarchicalRelationship", "1"),
            ("EntityHelpUrlEnabled", "0"), ("EntityHelpUrl", ""), ("ChangeTrackingEnabled", "0"), ("CanChangeTrackingBeEnabled", "1"),
            ("IsEnabledForExternalChannels", "0"), ("HasRelatedNotes", "True"),
        };
        return settings.Select(s => new XElement(s.Item1, s.Item2));
    }

    private static XElement Attribute(TableModel table, ColumnModel c)
    {
        var isPrimaryKey = c.LogicalName == table.PrimaryIdColumn && c.Type == ColumnType.UniqueIdentifier;
        var isPrimaryName = c.LogicalName == table.PrimaryNameColumn;
        var system = !c.IsCustom;
        var type = isPrimaryKey ? "primarykey" : ColumnTypes.ToXml(c.Type);
        var a = new XElement("attribute", new XAttribute("PhysicalName", c.SchemaName));
        a.Add(new XElement("Type", type));
        a.Add(new XElement("Name", c.LogicalName));
        a.Add(new XElement("LogicalName", c.LogicalName));
        a.Add(new XElement("RequiredLevel", c.RequiredLevel switch
        {
            RequiredLevel.SystemRequired => "systemrequired",
            RequiredLevel.ApplicationRequired => "required",
            RequiredLevel.Recommended => "recommended",
            _ => "none",
        }));
        a.Add(new XElement("DisplayMask",
            isPrimaryKey ? "ValidForAdvancedFind|RequiredForGrid"
            : isPrimaryName ? "PrimaryName|ValidForAdvancedFind|ValidForForm|ValidForGrid|RequiredForForm"
            : "ValidForAdvancedFind|ValidForForm|ValidForGrid"));
        a.Add(new XElement("ImeMode", c.Type is ColumnType.String or ColumnType.Memo ? "auto" : "disabled"));
        a.Add(new XElement("ValidForUpdateApi", Bit(!isPrimaryKey && c.LogicalName is not ("createdon" or "createdby" or "modifiedon" or "modifiedby" or "createdonbehalfby" or "modifiedonbehalfby" or "owningbusinessunit" or "owningteam" or "owninguser") && !c.LogicalName.EndsWith("_base", StringComparison.Ordinal))));
        a.Add(new XElement("ValidForReadApi", "1"));
        a.Add(new XElement("ValidForCreateApi", Bit(c.LogicalName is not ("createdon" or "createdby" or "modifiedon" or "modifiedby" or "createdonbehalfby" or "modifiedonbehalfby" or "owningbusinessunit" or "owningteam" or "owninguser") && !c.LogicalName.EndsWith("_base", StringComparison.Ordinal))));
        a.Add(new XElement("IsCustomField", Bit(c.IsCustom)));
        a.Add(new XElement("IsAuditEnabled", Bit(c.IsCustom)));
        a.Add(new XElement("IsSecured", "0"));
        a.Add(new XElement("IntroducedVersion", IntroducedVersion));
        a.Add(new XElement("IsCustomizable", "1"));
        a.Add(new XElement("IsRenameable", "1"));
        a.Add(new XElement("CanModifySearchSettings", "1"));
        a.Add(new XElement("CanModifyRequirementLevelSettings", Bit(!system)));
        a.Add(new XElement("CanModifyAdditionalSettings", "1"));
        a.Add(new XElement("SourceType", c.LogicalName.EndsWith("_base", StringComparison.Ordinal) && c.Type == ColumnType.Money ? "2" : "0"));
        a.Add(new XElement("IsGlobalFilterEnabled", "0"));
        a.Add(new XElement("IsSortableEnabled", "0"));
        a.Add(new XElement("CanModifyGlobalFilterSettings", "1"));
        a.Add(new XElement("CanModifyIsSortableSettings", "1"));
        a.Add(new XElement("IsDataSourceSecret", "0"));
        a.Add(new XElement("AutoNumberFormat", ""));

        switch (c.Type)
        {
            case ColumnType.String:
            case ColumnType.Memo:
                a.Add(new XElement("Format", string.IsNullOrEmpty(c.Format) ? "text" : c.Format));
                if (c.MaxLength is { } max)
                {
                    a.Add(new XElement("MaxLength", max));
                    a.Add(new XElement("Length", max * 2));
                }
                break;
            case ColumnType.Integer:
            case ColumnType.BigInt:
                if (c.Type == ColumnType.Integer) a.Add(new XElement("Format", string.IsNullOrEmpty(c.Format) ? "none" : c.Format));
                if (c.MinValue is { } imin) a.Add(new XElement("MinValue", Num(imin)));
                if (c.MaxValue is { } imax) a.Add(new XElement("MaxValue", Num(imax)));
                break;
            case ColumnType.Decimal:
            case ColumnType.Double:
            case ColumnType.Money:
                if (c.MinValue is { } dmin) a.Add(new XElement("MinValue", Num(dmin)));
                if (c.MaxValue is { } dmax) a.Add(new XElement("MaxValue", Num(dmax)));
                if (c.Precision is { } precision) a.Add(new XElement("Accuracy", precision));
                if (c.Type == ColumnType.Money)
                {
                    a.Add(new XElement("AccuracySource", "0"));
                    if (c.LogicalName.EndsWith("_base", StringComparison.Ordinal)) a.Add(new XElement("CalculationOf", c.LogicalName[..^"_base".Length]));
                }
                break;
            case ColumnType.DateTime:
                var dateOnly = c.Format is "dateonly" or "date";
                a.Add(new XElement("Format", dateOnly ? "date" : "datetime"));
                a.Add(new XElement("Behavior", c.Format == "dateonly" ? "2" : "1"));
                a.Add(new XElement("CanChangeDateTimeBehavior", Bit(c.IsCustom)));
                break;
            case ColumnType.Lookup:
            case ColumnType.Customer:
            case ColumnType.Owner:
                a.Add(new XElement("LookupStyle", "single"));
                a.Add(new XElement("LookupTypes"));
                break;
            case ColumnType.Boolean:
                a.Add(OptionSet($"{table.LogicalName}_{c.LogicalName}", "bit", c));
                a.Add(new XElement("AppDefaultValue", "0"));
                break;
            case ColumnType.Picklist:
            case ColumnType.MultiSelectPicklist:
                if (c.OptionSetName is { Length: > 0 } global) a.Add(new XElement("OptionSetName", global));
                else a.Add(OptionSet($"{table.LogicalName}_{c.LogicalName}", "picklist", c));
                break;
            case ColumnType.EntityName:
                // As Dataverse exports an activity's activitytypecode: a picklist over the activity types.
                a.Add(new XElement("OptionSetName", "activitypointer_activitytypecode"));
                break;
            case ColumnType.State:
                a.Add(OptionSet($"{table.LogicalName}_{c.LogicalName}", "state", c));
                break;
            case ColumnType.Status:
                a.Add(OptionSet($"{table.LogicalName}_{c.LogicalName}", "status", c));
                break;
        }

        a.Add(Names("displaynames", "displayname", c.DisplayName));
        a.Add(Names("Descriptions", "Description", c.Description));
        return a;
    }

    private static XElement OptionSet(string name, string kind, ColumnModel c)
    {
        var set = new XElement("optionset", new XAttribute("Name", name),
            new XElement("OptionSetType", kind),
            Names("displaynames", "displayname", c.DisplayName),
            Names("Descriptions", "Description", c.Description));
        switch (kind)
        {
            case "state":
                set.Add(new XElement("states", c.Options.Select(o => new XElement("state",
                    new XAttribute("value", o.Value), new XAttribute("defaultstatus", o.DefaultStatus ?? o.Value + 1),
                    new XAttribute("invariantname", o.Label.Replace(" ", "", StringComparison.Ordinal)),
                    Labels(o.Label)))));
                break;
            case "status":
                set.Add(new XElement("statuses", c.Options.Select(o => new XElement("status",
                    new XAttribute("value", o.Value), new XAttribute("state", o.State ?? 0), Labels(o.Label)))));
                break;
            default:
                set.Add(new XElement("options", c.Options.Select(o => new XElement("option", new XAttribute("value", o.Value), Labels(o.Label)))));
                break;
        }
        return set;
    }

    private static XElement GlobalOptionSet(GlobalOptionSet set) =>
        new("optionset", new XAttribute("Name", set.Name), new XAttribute("localizedName", set.DisplayName), new XAttribute("description", set.Description),
            new XElement("OptionSetType", "picklist"),
            new XElement("IsGlobal", "1"),
            new XElement("IntroducedVersion", IntroducedVersion),
            new XElement("IsCustomizable", "1"),
            Names("displaynames", "displayname", set.DisplayName),
            Names("Descriptions", "Description", set.Description),
            new XElement("options", set.Options.Select(o => new XElement("option", new XAttribute("value", o.Value), Labels(o.Label)))));

    public static XElement Relationship(SolutionPackage package, RelationshipModel r)
    {
        if (r.IsManyToMany) return ManyToMany(package, r);
        var model = package.Model;
        var referencing = model.Table(r.ReferencingTable);
        var column = referencing?.Column(r.ReferencingColumn);
        var isCustom = column?.IsCustom ?? true;
        var element = new XElement("EntityRelationship", new XAttribute("Name", r.SchemaName),
            new XElement("EntityRelationshipType", r.IsManyToMany ? "ManyToMany" : "OneToMany"),
            new XElement("IsCustomizable", "1"),
            new XElement("IntroducedVersion", IntroducedVersion),
            new XElement("IsHierarchical", "0"),
            new XElement("ReferencingEntityName", SchemaNameOf(model, r.ReferencingTable)),
            new XElement("ReferencedEntityName", SchemaNameOf(model, r.ReferencedTable)),
            // customizations.xml has no element for Merge: Dataverse always cascades a merge.
            new XElement("CascadeAssign", CascadeXml(r.Cascade.Assign)),
            new XElement("CascadeDelete", CascadeXml(r.Cascade.Delete)),
            new XElement("CascadeReparent", CascadeXml(r.Cascade.Reparent)),
            new XElement("CascadeShare", CascadeXml(r.Cascade.Share)),
            new XElement("CascadeUnshare", CascadeXml(r.Cascade.Unshare)));
        if (isCustom) element.Add(new XElement("IsValidForAdvancedFind", "1"));
        element.Add(new XElement("ReferencingAttributeName", column?.SchemaName ?? r.ReferencingColumn));
        element.Add(new XElement("RelationshipDescription", Names("Descriptions", "Description",
            package.RelationshipDescriptions.TryGetValue(r.SchemaName, out var description) ? description : "")));
        if (isCustom)
        {
            element.Add(new XElement("EntityRelationshipRoles",
                new XElement("EntityRelationshipRole",
                    new XElement("NavPaneDisplayOption", "UseCollectionName"),
                    new XElement("NavPaneArea", "Details"),
                    new XElement("NavPaneOrder", "10000"),
                    new XElement("NavigationPropertyName", r.ReferencingNavigationProperty ?? column?.SchemaName ?? r.ReferencingColumn),
                    new XElement("RelationshipRoleType", "1")),
                new XElement("EntityRelationshipRole",
                    new XElement("NavigationPropertyName", r.ReferencedNavigationProperty ?? r.SchemaName),
                    new XElement("RelationshipRoleType", "0"))));
        }
        return element;
    }

    /// <summary>An N:N relationship: the two tables, the intersect table Dataverse creates, a navigation property each way.</summary>
    private static XElement ManyToMany(SolutionPackage package, RelationshipModel r) =>
        new("EntityRelationship", new XAttribute("Name", r.SchemaName),
            new XElement("EntityRelationshipType", "ManyToMany"),
            new XElement("IsCustomizable", "1"),
            new XElement("IntroducedVersion", IntroducedVersion),
            new XElement("IsHierarchical", "0"),
            new XElement("FirstEntityName", SchemaNameOf(package.Model, r.ReferencedTable)),
            new XElement("SecondEntityName", SchemaNameOf(package.Model, r.ReferencingTable)),
            new XElement("IntersectEntityName", r.IntersectTable ?? r.SchemaName.ToLowerInvariant()),
            new XElement("CascadeAssign", "NoCascade"),
            new XElement("CascadeDelete", "Cascade"),
            new XElement("CascadeReparent", "NoCascade"),
            new XElement("CascadeShare", "NoCascade"),
            new XElement("CascadeUnshare", "NoCascade"),
            new XElement("IsValidForAdvancedFind", "1"),
            new XElement("RelationshipDescription", Names("Descriptions", "Description",
                package.RelationshipDescriptions.TryGetValue(r.SchemaName, out var description) ? description : "")),
            new XElement("EntityRelationshipRoles",
                new XElement("EntityRelationshipRole",
                    new XElement("NavPaneDisplayOption", "UseCollectionName"),
                    new XElement("NavPaneArea", "Details"),
                    new XElement("NavPaneOrder", "10000"),
                    new XElement("NavigationPropertyName", r.SchemaName),
                    new XElement("RelationshipRoleType", "0")),
                new XElement("EntityRelationshipRole",
                    new XElement("NavPaneDisplayOption", "UseCollectionName"),
                    new XElement("NavPaneArea", "Details"),
                    new XElement("NavPaneOrder", "10000"),
                    new XElement("NavigationPropertyName", r.SchemaName),
                    new XElement("RelationshipRoleType", "0"))));

    private static string CascadeXml(CascadeType cascade) => cascade == CascadeType.Active ? "ActiveOnly" : cascade.ToString();

    // ---- other components --------------------------------------------------------------------------

    public static XElement Role(RoleModel role) =>
        new("Role", new XAttribute("id", Guid(role.Id)), new XAttribute("name", role.Name),
            new XElement("IsCustomizable", "1"),
            // Exported roles say whether Dataverse gives the role to every new user; the suite's roles are assigned by admins.
            new XElement("IsAutoAssigned", "0"),
            new XElement("IntroducedVersion", IntroducedVersion),
            new XElement("RolePrivileges", role.Privileges.Select(p =>
                new XElement("RolePrivilege", new XAttribute("name", p.Name), new XAttribute("level", p.Depth.ToString())))));

    /// <summary>The file name a web resource has inside the zip: its name without '/' and '.', then its id.</summary>
    public static string WebResourceFileName(WebResourceModel w) =>
        "/WebResources/" + w.Name.Replace("/", "", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal) + w.Id.ToString("D").ToUpperInvariant();

    public static XElement WebResource(WebResourceModel w) =>
        new("WebResource",
            new XElement("WebResourceId", Guid(w.Id)),
            new XElement("Name", w.Name),
            new XElement("DisplayName", w.DisplayName),
            new XElement("Description", w.Description),
            new XElement("WebResourceType", w.Type),
            new XElement("IntroducedVersion", IntroducedVersion),
            new XElement("IsEnabledForMobileClient", "0"),
            new XElement("IsAvailableForMobileOffline", "0"),
            new XElement("IsCustomizable", "1"),
            new XElement("CanBeDeleted", "1"),
            new XElement("IsHidden", "0"),
            new XElement("FileName", WebResourceFileName(w)));

    public static XElement PluginAssembly(PluginAssemblyModel a)
    {
        var qualifier = a.FullName.Contains(',') ? a.FullName : a.Name;
        return new XElement("PluginAssembly",
            new XAttribute("FullName", a.FullName),
            new XAttribute("PluginAssemblyId", a.Id.ToString("D")),
            new XAttribute("CustomizationLevel", "1"),
            new XElement("IsolationMode", "2"),
            new XElement("SourceType", "0"),
            new XElement("IntroducedVersion", IntroducedVersion),
            new XElement("FileName", a.FileName),
            new XElement("PluginTypes", a.Types.Select(t => new XElement("PluginType",
                new XAttribute("AssemblyQualifiedName", $"{t.TypeName}, {qualifier}"),
                new XAttribute("PluginTypeId", t.Id.ToString("D")),
                new XAttribute("Name", t.TypeName),
                new XElement("FriendlyName", t.FriendlyName)))));
    }

    public static XElement Step(SolutionModel model, StepModel s)
    {
        var assembly = model.PluginAssemblies.FirstOrDefault(a => a.Types.Any(t => t.TypeName == s.PluginTypeName));
        var element = new XElement("SdkMessageProcessingStep",
            new XAttribute("Name", s.Name),
            new XAttribute("SdkMessageProcessingStepId", Guid(s.Id)));
        if (s.PluginTypeName is not null)
        {
            element.Add(new XElement("PluginTypeName", assembly is null ? s.PluginTypeName : $"{s.PluginTypeName}, {assembly.FullName}"));
        }
        if (s.PluginTypeId is { } typeId) element.Add(new XElement("PluginTypeId", typeId.ToString("D")));
        element.Add(new XElement("PrimaryEntity", s.PrimaryTable.Length == 0 ? "none" : s.PrimaryTable));
        element.Add(new XElement("AsyncAutoDelete", Bit(s.Mode == 1)));
        if (s.UnsecureConfiguration is not null) element.Add(new XElement("Configuration", s.UnsecureConfiguration));
        element.Add(new XElement("Description", s.Description));
        element.Add(new XElement("FilteringAttributes", string.Join(",", s.FilteringAttributes)));
        element.Add(new XElement("InvocationSource", "1"));
        element.Add(new XElement("Mode", s.Mode));
        element.Add(new XElement("Rank", s.Rank));
        if (s.SdkMessageId is { } messageId) element.Add(new XElement("SdkMessageId", messageId.ToString("D")));
        element.Add(new XElement("EventHandlerTypeCode", "4602"));
        element.Add(new XElement("Stage", s.Stage));
        element.Add(new XElement("IsCustomizable", "1"));
        element.Add(new XElement("IsHidden", "0"));
        element.Add(new XElement("SupportedDeployment", "0"));
        element.Add(new XElement("IntroducedVersion", IntroducedVersion));
        element.Add(new XElement("SdkMessageProcessingStepImages", s.Images.Select(i => new XElement("SdkMessageProcessingStepImage",
            new XAttribute("Name", i.Name),
            new XElement("SdkMessageProcessingStepImageId", Guid(i.Id)),
            new XElement("Attributes", string.Join(",", i.Attributes)),
            new XElement("EntityAlias", i.EntityAlias),
            new XElement("ImageType", i.ImageType),
            new XElement("MessagePropertyName", i.MessagePropertyName),
            new XElement("IsCustomizable", "1")))));
        return element;
    }

    // ---- the app -----------------------------------------------------------------------------------

    /// <summary>The default app icon every Dataverse organization carries (AppModuleWebResources).</summary>
    private const string DefaultAppIcon = "953b9fac-1e5e-e611-80d6-00155ded156f";

    public static XElement SiteMap(AppDefinition app)
    {
        var siteMap = new XElement("SiteMap", new XAttribute("IntroducedVersion", "7.0.0.0"),
            app.Areas.Select(area => new XElement("Area",
                new XAttribute("Id", area.Id), new XAttribute("ShowGroups", "true"), new XAttribute("IntroducedVersion", "7.0.0.0"),
                new XElement("Titles", new XElement("Title", new XAttribute("LCID", Lcid), new XAttribute("Title", area.Title))),
                area.Groups.Select(group => new XElement("Group",
                    new XAttribute("Id", group.Id), new XAttribute("IntroducedVersion", "7.0.0.0"), new XAttribute("IsProfile", "false"),
                    new XElement("Titles", new XElement("Title", new XAttribute("LCID", Lcid), new XAttribute("Title", group.Title))),
                    group.SubAreas.Select(SubArea))))));
        // The standard elements Dataverse exports for a site map made in the app designer.
        return new XElement("AppModuleSiteMap",
            new XElement("SiteMapUniqueName", app.UniqueName),
            new XElement("EnableCollapsibleGroups", "False"),
            new XElement("ShowHome", "True"),
            new XElement("ShowPinned", "True"),
            new XElement("ShowRecents", "True"),
            new XElement("SiteMapName", app.DisplayName),
            siteMap,
            Names("LocalizedNames", "LocalizedName", app.DisplayName));
    }

    private static XElement SubArea(SiteMapSubArea s)
    {
        var element = new XElement("SubArea", new XAttribute("Id", s.Id));
        if (s.Table is not null) element.Add(new XAttribute("Entity", s.Table));
        if (s.WebResource is not null) element.Add(new XAttribute("Url", "$webresource:" + s.WebResource));
        element.Add(new XAttribute("Client", "All,Outlook,OutlookLaptopClient,OutlookWorkstationClient,Web"),
            new XAttribute("AvailableOffline", "true"), new XAttribute("PassParams", "false"), new XAttribute("Sku", "All,OnPremise,Live,SPLA"));
        if (s.Title is not null) element.Add(new XElement("Titles", new XElement("Title", new XAttribute("LCID", Lcid), new XAttribute("Title", s.Title))));
        return element;
    }

    public static XElement AppModule(AppDefinition app) =>
        new("AppModule",
            new XElement("UniqueName", app.UniqueName),
            new XElement("IntroducedVersion", IntroducedVersion),
            new XElement("WebResourceId", DefaultAppIcon),
            new XElement("OptimizedFor", ""),
            new XElement("statecode", "0"),
            new XElement("statuscode", "1"),
            new XElement("FormFactor", "1"),
            new XElement("ClientType", "4"),
            new XElement("NavigationType", "0"),
            new XElement("AppModuleComponents",
                app.Tables.Select(t => new XElement("AppModuleComponent", new XAttribute("type", "1"), new XAttribute("schemaName", t))),
                app.FormIds.Select(id => new XElement("AppModuleComponent", new XAttribute("type", "60"), new XAttribute("id", Guid(id)))),
                new XElement("AppModuleComponent", new XAttribute("type", "62"), new XAttribute("schemaName", app.UniqueName))),
            new XElement("AppModuleRoleMaps", app.RoleIds.Select(id => new XElement("Role", new XAttribute("id", Guid(id))))),
            Names("LocalizedNames", "LocalizedName", app.DisplayName),
            Names("Descriptions", "Description", app.Description));
}
