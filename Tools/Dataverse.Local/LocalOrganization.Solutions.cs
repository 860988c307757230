using Dataverse.Local.Metadata;
using Dataverse.Local.Pipeline;
using Dataverse.Local.Security;
using WinBack.Packaging;
using WinBack.Packaging.Model;

namespace Dataverse.Local;

public sealed partial class LocalOrganization
{
    /// <summary>Reads a solution (zip or unpacked folder, ours or one Dataverse exported) and imports it.</summary>
    public SolutionModel ImportSolution(string zipOrFolder)
    {
        var solution = SolutionReader.Read(zipOrFolder);
        Import(solution);
        return solution;
    }

    /// <summary>
    /// Imports a solution: its tables and columns, relationships, security roles, plug-in assemblies (loaded
    /// from the bytes the solution carries), steps with their images, and Custom APIs.
    /// </summary>
    public void Import(SolutionModel solution)
    {
        lock (_sync)
        {
            foreach (var table in solution.Tables) ImportTable(table);
            foreach (var relationship in solution.Relationships) ImportRelationship(relationship);
            Metadata.AddDefaultRelationships();
            foreach (var role in solution.Roles)
            {
                AddRole(new SecurityRole(role.Id == Guid.Empty ? Guid.NewGuid() : role.Id, role.Name,
                    role.Privileges.Select(p => new KeyValuePair<string, AccessDepth>(p.Name, (AccessDepth)(int)p.Depth))));
            }
            foreach (var assembly in solution.PluginAssemblies)
            {
                if (assembly.Content is { Length: > 0 } content) _pluginTypes.LoadAssembly(assembly.Name, content);
            }
            foreach (var step in solution.Steps)
            {
                if (string.IsNullOrEmpty(step.PluginTypeName)) continue;
                RegisterStep(new StepRegistration(step.Message, step.PrimaryTable, step.Stage, step.PluginTypeName)
                {
                    Id = step.Id == Guid.Empty ? Guid.NewGuid() : step.Id,
                    Name = step.Name,
                    IsAsynchronous = step.Mode == 1,
                    Rank = step.Rank,
                    FilteringAttributes = step.FilteringAttributes.Select(a => a.Trim()).Where(a => a.Length > 0).ToHashSet(StringComparer.Ordinal),
                    UnsecureConfiguration = step.UnsecureConfiguration,
                    Images = step.Images.Select(i => new ImageRegistration(
                        string.IsNullOrEmpty(i.EntityAlias) ? i.Name : i.EntityAlias, i.ImageType is 0 or 2, i.ImageType is 1 or 2, i.Attributes)
                    {
                        MessagePropertyName = i.MessagePropertyName,
                    }).ToList(),
                });
            }
            foreach (var api in solution.CustomApis)
            {
                RegisterCustomApi(new CustomApiDefinition(api.UniqueName)
                {
                    BindingType = api.BindingType,
                    BoundTable = string.IsNullOrEmpty(api.BoundTable) ? null : api.BoundTable,
                    IsFunction = api.IsFunction,
                    IsPrivate = api.IsPrivate,
                    PluginTypeName = string.IsNullOrEmpty(api.PluginTypeName) ? null : api.PluginTypeName,
                    ExecutePrivilegeName = string.IsNullOrEmpty(api.ExecutePrivilegeName) ? null : api.ExecutePrivilegeName,
                    RequestParameters = api.RequestParameters.Select(Field).ToList(),
                    ResponseProperties = api.ResponseProperties.Select(Field).ToList(),
                });
            }
            foreach (var variable in solution.EnvironmentVariables) ImportEnvironmentVariable(variable);
            foreach (var app in solution.Apps) ImportApp(app);
        }
    }

    /// <summary>
    /// A model-driven app becomes a row of appmodule (Learn, "Model-driven App (AppModule) table/entity reference"). The
    /// solution names the app by its unique name only; its appmoduleid is the environment's, the appid a URL names
    /// (Learn, "Open forms, views, dialogs, and reports with a URL"). Here it is derived from the unique name, so an
    /// address stays valid across restarts of the local organization; a client finds it by unique name, as in Dataverse.
    /// </summary>
    private void ImportApp(AppModuleModel app)
    {
        if (app.UniqueName.Length == 0) return;
        var id = DeterministicId("appmodule:" + app.UniqueName);
        WritePlatformRow("appmodule", id, new Microsoft.Xrm.Sdk.Entity("appmodule", id)
        {
            ["appmoduleid"] = id,
            ["uniquename"] = app.UniqueName,
            ["name"] = app.DisplayName,
        });
    }

    private static ApiField Field(CustomApiParameterModel p) =>
        new(p.UniqueName, (ApiFieldType)(int)p.Type, p.IsOptional, string.IsNullOrEmpty(p.Table) ? null : p.Table);

    /// <summary>
    /// Builds the organization's built-in tables from the standard tables the solution model describes
    /// (<see cref="StandardTables"/>), through the same conversion a solution's tables go through.
    /// </summary>
    private void ImportStandardTables()
    {
        foreach (var table in StandardTables.All) ImportTable(table, complete: true);
        foreach (var relationship in StandardTables.Relationships) ImportRelationship(relationship);
        Metadata.AddDefaultRelationships();
    }

    /// <summary>
    /// Turns a table of the solution model into metadata. <paramref name="complete"/> says the model lists every
    /// column the table has (the standard tables); otherwise a new table also gets the columns Dataverse adds to
    /// every table of its ownership.
    /// </summary>
    private void ImportTable(TableModel model, bool complete = false)
    {
        var existing = Metadata.Table(model.LogicalName);
        var table = existing ?? new TableMetadata(model.LogicalName,
            string.IsNullOrEmpty(model.SchemaName) ? model.LogicalName : model.SchemaName,
            model.PrimaryIdColumn, model.PrimaryNameColumn)
        {
            DisplayName = model.DisplayName,
            IsCustom = model.IsCustomTable,
            IsActivity = model.IsActivity,
            ObjectTypeCode = model.ObjectTypeCode,
            Ownership = model.Ownership switch
            {
                TableOwnership.User => TableOwnershipKind.UserOwned,
                TableOwnership.Organization => TableOwnershipKind.OrganizationOwned,
                TableOwnership.Business => TableOwnershipKind.BusinessOwned,
                _ => TableOwnershipKind.None,
            },
        };
        if (model.EntitySetName.Length > 0) table.EntitySetName = model.EntitySetName;
        if (existing is null)
        {
            table.PrivilegeName = PrivilegeName(table);
            if (!complete)
            {
                // A new table gets the columns Dataverse adds to every table of its ownership.
                var builder = new TableBuilder(table.LogicalName, table.SchemaName, table.PrimaryIdColumn, table.PrimaryNameColumn);
                builder.Ownership(table.Ownership is TableOwnershipKind.UserOwned or TableOwnershipKind.OrganizationOwned ? table.Ownership : TableOwnershipKind.None);
                if (table.Ownership != TableOwnershipKind.None) builder.ActiveInactive();
                foreach (var column in builder.Table.Columns) table.SetColumn(column);
            }
        }
        foreach (var column in model.Columns)
        {
            // The solution's statecode/statuscode may carry only labels; keep the platform's states when it has none.
            if (existing is not null && !model.IsCustomTable && existing.Column(column.LogicalName) is { } standard &&
                column.Type is ColumnType.State or ColumnType.Status or ColumnType.Owner or ColumnType.UniqueIdentifier) continue;
            if (!complete && column.Type == ColumnType.UniqueIdentifier && column.LogicalName == table.PrimaryIdColumn) continue;
            var kind = Kind(column.Type);
            table.SetColumn(new ColumnMetadata(column.LogicalName, kind)
            {
                DisplayName = column.DisplayName,
                MaxLength = column.MaxLength,
                MinValue = column.MinValue,
                MaxValue = column.MaxValue,
                Precision = column.Precision,
                Requirement = (ColumnRequirement)(int)column.RequiredLevel,
                Options = column.Options.Select(o => new OptionMetadata(o.Value, o.Label, kind == ColumnKind.Status ? o.State : null)
                {
                    DefaultStatus = kind == ColumnKind.State ? o.DefaultStatus : null,
                }).ToList(),
                Targets = column.Type == ColumnType.Owner ? new[] { "systemuser", "team" } : column.Targets.ToList(),
                IsCustom = column.IsCustom,
                IsPlatformManaged = column.LogicalName == table.PrimaryIdColumn || IsPlatformColumn(column.LogicalName),
                IsDateOnly = column.Type == ColumnType.DateTime && string.Equals(column.Format, "dateonly", StringComparison.OrdinalIgnoreCase),
            });
        }
        if (existing is null) Metadata.AddTable(table);
    }

    /// <summary>Columns the platform fills itself: never required from a caller, never written by one.</summary>
    private static bool IsPlatformColumn(string name) => name is "createdon" or "modifiedon" or "createdby" or "modifiedby"
        or "createdonbehalfby" or "modifiedonbehalfby" or "ownerid" or "owninguser" or "owningteam" or "owningbusinessunit"
        or "versionnumber" or "organizationid" or "activitytypecode" or "partyobjecttypecode";

    /// <summary>
    /// The name privileges use for a table (prvRead + name): the schema name, except "Activity" for every activity
    /// table and activity party, "Note" for annotation and "User" for systemuser, as Dataverse names them.
    /// </summary>
    private static string PrivilegeName(TableMetadata table) => table.LogicalName switch
    {
        "systemuser" => "User",
        "annotation" => "Note",
        "activityparty" => "Activity",
        _ when table.IsActivity => "Activity",
        _ => table.SchemaName,
    };

    private static ColumnKind Kind(ColumnType type) => type switch
    {
        ColumnType.String => ColumnKind.String,
        ColumnType.Memo => ColumnKind.Memo,
        ColumnType.Integer => ColumnKind.Integer,
        ColumnType.BigInt => ColumnKind.BigInt,
        ColumnType.Decimal => ColumnKind.Decimal,
        ColumnType.Double => ColumnKind.Double,
        ColumnType.Money => ColumnKind.Money,
        ColumnType.Boolean => ColumnKind.Boolean,
        ColumnType.DateTime => ColumnKind.DateTime,
        ColumnType.Picklist => ColumnKind.Picklist,
        ColumnType.MultiSelectPicklist => ColumnKind.MultiSelectPicklist,
        ColumnType.State => ColumnKind.State,
        ColumnType.Status => ColumnKind.Status,
        ColumnType.Lookup => ColumnKind.Lookup,
        ColumnType.Customer => ColumnKind.Customer,
        ColumnType.Owner => ColumnKind.Owner,
        ColumnType.UniqueIdentifier => ColumnKind.UniqueIdentifier,
        ColumnType.PartyList => ColumnKind.PartyList,
        ColumnType.Image => ColumnKind.Image,
        ColumnType.File => ColumnKind.File,
        ColumnType.EntityName => ColumnKind.EntityName,
        _ => ColumnKind.Virtual,
    };

    private void ImportRelationship(RelationshipModel model)
    {
        if (model.IsManyToMany)
        {
            var intersect = string.IsNullOrEmpty(model.IntersectTable) ? model.SchemaName.ToLowerInvariant() : model.IntersectTable!;
            var first = Metadata.Table(model.ReferencedTable)?.PrimaryIdColumn ?? model.ReferencedTable + "id";
            var second = Metadata.Table(model.ReferencingTable)?.PrimaryIdColumn ?? model.ReferencingTable + "id";
            if (first == second) second = second + "two";
            if (Metadata.Table(intersect) is { } described)
            {
                // A standard intersect table (teammembership) is described with its columns; the relationship makes it one.
                described.IsIntersect = true;
                described.Ownership = TableOwnershipKind.None;
            }
            else
            {
                var table = new TableBuilder(intersect, intersect, intersect + "id", "").Guid(first).Guid(second).Table;
                table.IsIntersect = true;
                table.Ownership = TableOwnershipKind.None;
                Metadata.AddTable(table);
            }
            Metadata.AddRelationship(new RelationshipMetadata(model.SchemaName, model.ReferencedTable, first, model.ReferencingTable, second)
            {
                IsManyToMany = true,
                IntersectTable = intersect,
                IntersectColumn1 = first,
                IntersectColumn2 = second,
                CascadeDelete = (CascadeKind)(int)model.Cascade.Delete,
            });
            return;
        }
        Metadata.AddRelationship(new RelationshipMetadata(model.SchemaName, model.ReferencedTable,
            string.IsNullOrEmpty(model.ReferencedColumn) ? (Metadata.Table(model.ReferencedTable)?.PrimaryIdColumn ?? model.ReferencedTable + "id") : model.ReferencedColumn,
            model.ReferencingTable, model.ReferencingColumn)
        {
            CascadeDelete = (CascadeKind)(int)model.Cascade.Delete,
            ReferencingNavigationProperty = model.ReferencingNavigationProperty,
            ReferencedNavigationProperty = model.ReferencedNavigationProperty,
        });
    }

    /// <summary>Environment variables as Dataverse stores them: a definition row and, when set, a value row.</summary>
    private void ImportEnvironmentVariable(EnvironmentVariableModel variable)
    {
        var definitionId = DeterministicId("environmentvariabledefinition:" + variable.SchemaName);
        var definition = new Microsoft.Xrm.Sdk.Entity("environmentvariabledefinition", definitionId)
        {
            ["environmentvariabledefinitionid"] = definitionId,
            ["schemaname"] = variable.SchemaName,
            ["displayname"] = variable.DisplayName,
            ["description"] = variable.Description,
            ["type"] = new Microsoft.Xrm.Sdk.OptionSetValue(EnvironmentVariableTypeCode(variable.Type)),
            ["statecode"] = new Microsoft.Xrm.Sdk.OptionSetValue(0),
            ["statuscode"] = new Microsoft.Xrm.Sdk.OptionSetValue(1),
        };
        if (variable.DefaultValue is not null) definition["defaultvalue"] = variable.DefaultValue;
        WritePlatformRow("environmentvariabledefinition", definitionId, definition);
        if (variable.Value is null) return;
        var valueId = DeterministicId("environmentvariablevalue:" + variable.SchemaName);
        WritePlatformRow("environmentvariablevalue", valueId, new Microsoft.Xrm.Sdk.Entity("environmentvariablevalue", valueId)
        {
            ["environmentvariablevalueid"] = valueId,
            ["schemaname"] = variable.SchemaName,
            ["value"] = variable.Value,
            ["environmentvariabledefinitionid"] = new Microsoft.Xrm.Sdk.EntityReference("environmentvariabledefinition", definitionId),
            ["statecode"] = new Microsoft.Xrm.Sdk.OptionSetValue(0),
            ["statuscode"] = new Microsoft.Xrm.Sdk.OptionSetValue(1),
        });
    }

    // Dataverse's environmentvariabledefinition "type" choice: String 100000000, Number ...001, Boolean ...002,
    // JSON ...003, Data source ...004, Secret ...005.
    private static int EnvironmentVariableTypeCode(EnvironmentVariableType type) => 100000000 + (int)type;

    private static Guid DeterministicId(string key) =>
        new(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(key)));
}
