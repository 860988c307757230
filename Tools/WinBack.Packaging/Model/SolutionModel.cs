namespace WinBack.Packaging.Model;

// The solution as Dataverse sees it: what a solution zip (ours or one Dataverse exported) contains.
// Plain mutable classes; lists are never null. Names follow the team contract ("Solution model");
// the few members beyond it are marked "Beyond the contract" and only add information.

public sealed class SolutionModel
{
    public string UniqueName { get; set; } = "";
    public string DisplayName { get; set; } = "";
    /// <summary>Beyond the contract: the solution's description.</summary>
    public string Description { get; set; } = "";
    /// <summary>"1.0.0.0"; empty when the files carry no solution manifest.</summary>
    public string Version { get; set; } = "";
    public bool Managed { get; set; }
    public PublisherModel Publisher { get; set; } = new();
    public List<TableModel> Tables { get; set; } = new();
    public List<RelationshipModel> Relationships { get; set; } = new();
    public List<PluginAssemblyModel> PluginAssemblies { get; set; } = new();
    public List<StepModel> Steps { get; set; } = new();
    public List<CustomApiModel> CustomApis { get; set; } = new();
    public List<WebResourceModel> WebResources { get; set; } = new();
    public List<RoleModel> Roles { get; set; } = new();
    public List<EnvironmentVariableModel> EnvironmentVariables { get; set; } = new();
    /// <summary>Beyond the contract: the model-driven apps (AppModules) the solution carries.</summary>
    public List<AppModuleModel> Apps { get; set; } = new();

    /// <summary>The table with this logical name, or null.</summary>
    public TableModel? Table(string logicalName) =>
        Tables.FirstOrDefault(t => string.Equals(t.LogicalName, logicalName, StringComparison.OrdinalIgnoreCase));
}

public sealed class PublisherModel
{
    public string UniqueName { get; set; } = "";
    public string Prefix { get; set; } = "";
    public int OptionValuePrefix { get; set; }
    /// <summary>Beyond the contract: the publisher's display name.</summary>
    public string DisplayName { get; set; } = "";
    /// <summary>Beyond the contract: the publisher's description.</summary>
    public string Description { get; set; } = "";
}

public enum TableOwnership
{
    User, Organization, None,
    /// <summary>Beyond the contract: business-owned platform tables (systemuser, team, businessunit, role).</summary>
    Business,
}

public sealed class TableModel
{
    public string LogicalName { get; set; } = "";
    /// <summary>Beyond the contract: the schema name (e.g. "wb_UsageSnapshot", "Account").</summary>
    public string SchemaName { get; set; } = "";
    public string DisplayName { get; set; } = "";
    /// <summary>Beyond the contract: the plural display name.</summary>
    public string DisplayCollectionName { get; set; } = "";
    /// <summary>Beyond the contract: the table's description.</summary>
    public string Description { get; set; } = "";
    /// <summary>True for a table the solution defines; false for an existing table it only adds columns to.</summary>
    public bool IsCustomTable { get; set; }
    public string PrimaryIdColumn { get; set; } = "";
    public string PrimaryNameColumn { get; set; } = "";
    public TableOwnership Ownership { get; set; } = TableOwnership.User;
    public bool IsActivity { get; set; }
    /// <summary>
    /// Beyond the contract: the Web API's entity set name (accounts, wb_disengagementhistories) as the solution source,
    /// a solution zip or the standard tables state it; empty means the plural Dataverse forms (EntitySetNames).
    /// </summary>
    public string EntitySetName { get; set; } = "";
    /// <summary>Beyond the contract: the table's object type code (account 1, contact 2 ...); 0 when not known.</summary>
    public int ObjectTypeCode { get; set; }
    public List<ColumnModel> Columns { get; set; } = new();

    /// <summary>The column with this logical name, or null.</summary>
    public ColumnModel? Column(string logicalName) =>
        Columns.FirstOrDefault(c => string.Equals(c.LogicalName, logicalName, StringComparison.OrdinalIgnoreCase));
}

public enum ColumnType
{
    String, Memo, Integer, BigInt, Decimal, Double, Money, Boolean, DateTime, Picklist, MultiSelectPicklist,
    State, Status, Lookup, Customer, Owner, UniqueIdentifier, PartyList, Image, File,
    /// <summary>Beyond the contract: columns Dataverse computes (virtual, managedproperty, ...).</summary>
    Virtual,
    /// <summary>Beyond the contract: the logical name of a table (activitytypecode, objecttypecode).</summary>
    EntityName,
}

public enum RequiredLevel { None, Recommended, ApplicationRequired, SystemRequired }

public sealed class ColumnModel
{
    public string LogicalName { get; set; } = "";
    /// <summary>Beyond the contract: the schema name (e.g. "wb_DisengagementScore").</summary>
    public string SchemaName { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Description { get; set; } = "";
    public ColumnType Type { get; set; }
    public int? MaxLength { get; set; }
    public decimal? MinValue { get; set; }
    public decimal? MaxValue { get; set; }
    public int? Precision { get; set; }
    public RequiredLevel RequiredLevel { get; set; }
    public List<OptionModel> Options { get; set; } = new();
    /// <summary>Lookup target tables (logical names).</summary>
    public List<string> Targets { get; set; } = new();
    public bool IsCustom { get; set; }
    /// <summary>Beyond the contract: the global choice (option set) the column uses, or null for its own choices.</summary>
    public string? OptionSetName { get; set; }
    /// <summary>Beyond the contract: DateOnly / DateAndTime for date columns, email/url/... for text; empty when not stated.</summary>
    public string Format { get; set; } = "";
}

public sealed class OptionModel
{
    public int Value { get; set; }
    public string Label { get; set; } = "";
    /// <summary>For status options: the state (statecode) the status belongs to.</summary>
    public int? State { get; set; }
    /// <summary>Beyond the contract: for state options, the status reason a row gets in this state when none is given.</summary>
    public int? DefaultStatus { get; set; }
}

public enum CascadeType { Cascade, Active, UserOwned, NoCascade, RemoveLink, Restrict }

public sealed class CascadeModel
{
    public CascadeType Delete { get; set; } = CascadeType.RemoveLink;
    public CascadeType Assign { get; set; } = CascadeType.NoCascade;
    public CascadeType Share { get; set; } = CascadeType.NoCascade;
    public CascadeType Unshare { get; set; } = CascadeType.NoCascade;
    public CascadeType Reparent { get; set; } = CascadeType.NoCascade;
    public CascadeType Merge { get; set; } = CascadeType.Cascade;
}

public sealed class RelationshipModel
{
    public string SchemaName { get; set; } = "";
    public string ReferencedTable { get; set; } = "";
    public string ReferencedColumn { get; set; } = "";
    public string ReferencingTable { get; set; } = "";
    public string ReferencingColumn { get; set; } = "";
    public CascadeModel Cascade { get; set; } = new();
    public bool IsManyToMany { get; set; }
    public string? IntersectTable { get; set; }
    /// <summary>The referencing table's single-valued navigation property (RelationshipRoleType 1), when the solution names it.</summary>
    public string? ReferencingNavigationProperty { get; set; }
    /// <summary>The referenced table's collection-valued navigation property (RelationshipRoleType 0), when the solution names it.</summary>
    public string? ReferencedNavigationProperty { get; set; }
}

public sealed class PluginAssemblyModel
{
    /// <summary>Simple assembly name, e.g. "WinBack.Plugins".</summary>
    public string Name { get; set; } = "";
    /// <summary>Display name: "WinBack.Plugins, Version=1.0.0.0, Culture=neutral, PublicKeyToken=...".</summary>
    public string FullName { get; set; } = "";
    public Guid Id { get; set; }
    /// <summary>Path inside the zip as customizations.xml names it: /PluginAssemblies/Name-ID/Name.dll.</summary>
    public string FileName { get; set; } = "";
    /// <summary>The assembly bytes when the solution carries them.</summary>
    public byte[]? Content { get; set; }
    public List<PluginTypeModel> Types { get; set; } = new();
}

public sealed class PluginTypeModel
{
    /// <summary>Full type name, e.g. "WinBack.Plugins.ScoreAccountPlugin".</summary>
    public string TypeName { get; set; } = "";
    public Guid Id { get; set; }
    public string FriendlyName { get; set; } = "";
}

public sealed class StepModel
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    /// <summary>Message name (Create, Update, ...). For a message this reader does not know by id, the id itself.</summary>
    public string Message { get; set; } = "";
    /// <summary>Logical name of the table, or "" for a step on any table.</summary>
    public string PrimaryTable { get; set; } = "";
    public int Stage { get; set; }
    public int Mode { get; set; }
    public int Rank { get; set; } = 1;
    public List<string> FilteringAttributes { get; set; } = new();
    /// <summary>Full name of the plug-in type; null when the export names it only by a key this solution cannot resolve.</summary>
    public string? PluginTypeName { get; set; }
    public string? UnsecureConfiguration { get; set; }
    public List<StepImageModel> Images { get; set; } = new();
    /// <summary>Beyond the contract: the plug-in type's id as the export names it.</summary>
    public Guid? PluginTypeId { get; set; }
    /// <summary>Beyond the contract: the message's sdkmessageid.</summary>
    public Guid? SdkMessageId { get; set; }
    /// <summary>Beyond the contract: the step's description.</summary>
    public string Description { get; set; } = "";
}

public sealed class StepImageModel
{
    public string Name { get; set; } = "";
    public string EntityAlias { get; set; } = "";
    /// <summary>0 pre, 1 post, 2 both.</summary>
    public int ImageType { get; set; }
    /// <summary>Columns in the image; empty means all columns.</summary>
    public List<string> Attributes { get; set; } = new();
    public string MessagePropertyName { get; set; } = "Target";
    /// <summary>Beyond the contract: the image's id.</summary>
    public Guid Id { get; set; }
}

public enum CustomApiFieldType
{
    Boolean = 0, DateTime = 1, Decimal = 2, Entity = 3, EntityCollection = 4, EntityReference = 5,
    Float = 6, Integer = 7, Money = 8, Picklist = 9, String = 10, StringArray = 11, Guid = 12,
}

public sealed class CustomApiModel
{
    public string UniqueName { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Description { get; set; } = "";
    /// <summary>0 Global, 1 Entity, 2 EntityCollection.</summary>
    public int BindingType { get; set; }
    public string? BoundTable { get; set; }
    public bool IsFunction { get; set; }
    public bool IsPrivate { get; set; }
    /// <summary>0 none, 1 async only, 2 sync and async.</summary>
    public int AllowedProcessingStepType { get; set; }
    public string? PluginTypeName { get; set; }
    public string? ExecutePrivilegeName { get; set; }
    public List<CustomApiParameterModel> RequestParameters { get; set; } = new();
    public List<CustomApiParameterModel> ResponseProperties { get; set; } = new();
    /// <summary>Beyond the contract: the plug-in type's id (or export key) as the export names it.</summary>
    public Guid? PluginTypeId { get; set; }
    /// <summary>Beyond the contract: the API's name column.</summary>
    public string Name { get; set; } = "";
}

public sealed class CustomApiParameterModel
{
    public string UniqueName { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Description { get; set; } = "";
    public CustomApiFieldType Type { get; set; }
    public bool IsOptional { get; set; }
    /// <summary>Table logical name for Entity / EntityReference / EntityCollection types.</summary>
    public string? Table { get; set; }
    /// <summary>Beyond the contract: the parameter's name column.</summary>
    public string Name { get; set; } = "";
}

/// <summary>
/// A model-driven app as a solution carries it (customizations.xml AppModules/AppModule): its unique name and name.
/// A solution carries no appmoduleid; the environment gives the app its id when it imports it.
/// </summary>
public sealed class AppModuleModel
{
    public string UniqueName { get; set; } = "";
    public string DisplayName { get; set; } = "";
}

public sealed class WebResourceModel
{
    public string Name { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Description { get; set; } = "";
    /// <summary>1 html, 2 css, 3 js, 4 xml, 5 png, 6 jpg, 7 gif, 8 xap, 9 xsl, 10 ico, 11 svg, 12 resx.</summary>
    public int Type { get; set; }
    public byte[]? Content { get; set; }
    /// <summary>Beyond the contract: the web resource's id.</summary>
    public Guid Id { get; set; }
}

public enum PrivilegeDepth { Basic, Local, Deep, Global }

public sealed class RoleModel
{
    public string Name { get; set; } = "";
    public Guid Id { get; set; }
    public List<RolePrivilegeModel> Privileges { get; set; } = new();
}

public sealed class RolePrivilegeModel
{
    /// <summary>As Dataverse names it: prvReadAccount, prvCreatewb_usagesnapshot, ...</summary>
    public string Name { get; set; } = "";
    public PrivilegeDepth Depth { get; set; }
}

public enum EnvironmentVariableType { String, Number, Boolean, Json, DataSource, Secret }

public sealed class EnvironmentVariableModel
{
    public string SchemaName { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Description { get; set; } = "";
    public EnvironmentVariableType Type { get; set; }
    public string? DefaultValue { get; set; }
    /// <summary>The current value the solution carries (environmentvariablevalues.json), if any.</summary>
    public string? Value { get; set; }
}
