using System.Globalization;
using WinBack.Packaging.Model;
using WinBack.Packaging.Registration;
using WinBack.Packaging.Source;

namespace WinBack.Packaging.Packing;

/// <summary>
/// Expands the compact source (Solution/*.json), the registration read from the built plug-in assembly and the
/// web resource manifest into the full package: system columns and relationships of new tables, the standard
/// views Dataverse expects, steps and Custom APIs, privileges by Dataverse's names, and stable ids throughout.
/// </summary>
public sealed class Expander
{
    private readonly SolutionSource _source;
    private readonly ScannedAssembly? _assembly;
    private readonly byte[]? _assemblyBytes;
    private readonly WebResourceManifest _webResources;
    private readonly string? _webResourcesFolder;
    private readonly SolutionPackage _package = new();
    private string Solution => _source.UniqueName;

    public Expander(SolutionSource source, ScannedAssembly? assembly, byte[]? assemblyBytes, WebResourceManifest webResources, string? webResourcesFolder)
    {
        _source = source;
        _assembly = assembly;
        _assemblyBytes = assemblyBytes;
        _webResources = webResources;
        _webResourcesFolder = webResourcesFolder;
    }

    public Guid Id(string kind, string name) => StableIds.For(Solution, kind, name);

    public SolutionPackage Expand(string version, bool managed)
    {
        var model = _package.Model;
        model.UniqueName = _source.UniqueName;
        model.DisplayName = _source.DisplayName;
        model.Description = _source.Description;
        model.Version = version;
        model.Managed = managed;
        model.Publisher = new PublisherModel
        {
            UniqueName = _source.Publisher.UniqueName,
            DisplayName = _source.Publisher.DisplayName,
            Description = _source.Publisher.Description,
            Prefix = _source.Publisher.Prefix,
            OptionValuePrefix = _source.Publisher.OptionValuePrefix,
        };

        foreach (var set in _source.OptionSets)
        {
            _package.OptionSets.Add(new GlobalOptionSet
            {
                Name = set.Name,
                DisplayName = set.DisplayName,
                Description = set.Description,
                Options = set.Options.Select(o => new OptionModel { Value = o.Value, Label = o.Label }).ToList(),
            });
        }

        foreach (var table in _source.Tables) ExpandTable(table);
        foreach (var table in _source.Tables) ExpandRelationships(table);
        ExpandWebResources();
        foreach (var table in _source.Tables) ExpandFormsAndViews(table);
        ExpandPlugins();
        ExpandRoles();
        ExpandEnvironmentVariables();
        ExpandApp();
        ExpandCommandBars();
        SortAsReadersSee(model);
        return _package;
    }

    /// <summary>
    /// Puts every list in the order a reader of the unpacked folder meets the files (ordinal by file name), so
    /// that the zip, the unpacked folder and the model all agree.
    /// </summary>
    private static void SortAsReadersSee(SolutionModel model)
    {
        model.Tables.Sort((a, b) => string.CompareOrdinal(a.SchemaName, b.SchemaName));
        model.Relationships = model.Relationships
            .OrderBy(r => CustomizationsWriter.SchemaNameOf(model, r.ReferencedTable), StringComparer.Ordinal)
            .ThenBy(r => r.SchemaName, StringComparer.Ordinal).ToList();
        model.Roles.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        model.WebResources.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        model.Steps.Sort((a, b) => string.CompareOrdinal(CustomizationsWriter.Guid(a.Id), CustomizationsWriter.Guid(b.Id)));
        model.EnvironmentVariables.Sort((a, b) => string.CompareOrdinal(a.SchemaName, b.SchemaName));
        model.CustomApis.Sort((a, b) => string.CompareOrdinal(a.UniqueName, b.UniqueName));
        foreach (var api in model.CustomApis)
        {
            api.RequestParameters.Sort((a, b) => string.CompareOrdinal(a.UniqueName, b.UniqueName));
            api.ResponseProperties.Sort((a, b) => string.CompareOrdinal(a.UniqueName, b.UniqueName));
        }
    }

    // ---- tables ------------------------------------------------------------------------------------

    private void ExpandTable(TableSource source)
    {
        if (source.Existing)
        {
            var logical = (source.LogicalName ?? source.SchemaName ?? "").ToLowerInvariant();
            var standard = StandardTables.Find(logical)
                ?? throw new SourceException(source.File, $"'{logical}' is not a standard table the build knows.",
                    "Use one of " + string.Join(", ", StandardTables.All.Select(t => t.LogicalName)) + ", or describe a new table (existing: false).");
            var existing = new TableModel
            {
                LogicalName = standard.LogicalName,
                SchemaName = standard.SchemaName,
                DisplayName = standard.DisplayName,
                DisplayCollectionName = standard.DisplayCollectionName,
                IsCustomTable = false,
                PrimaryIdColumn = standard.PrimaryIdColumn,
                PrimaryNameColumn = standard.PrimaryNameColumn,
                Ownership = standard.Ownership,
                IsActivity = standard.IsActivity,
            };
            foreach (var c in source.Columns) existing.Columns.Add(Column(source, c));
            _package.Model.Tables.Add(existing);
            return;
        }

        var schema = source.SchemaName ?? throw new SourceException(source.File, "a new table needs a schemaName.", "Add \"schemaName\": \"wb_Something\".");
        var name = schema.ToLowerInvariant();
        var table = new TableModel
        {
            LogicalName = name,
            SchemaName = schema,
            DisplayName = source.DisplayName,
            DisplayCollectionName = source.DisplayCollectionName.Length > 0 ? source.DisplayCollectionName : source.DisplayName,
            Description = source.Description,
            IsCustomTable = true,
            PrimaryIdColumn = source.Activity ? "activityid" : name + "id",
            Ownership = source.Ownership.Equals("Organization", StringComparison.OrdinalIgnoreCase) ? TableOwnership.Organization : TableOwnership.User,
            IsActivity = source.Activity,
            EntitySetName = source.EntitySetName ?? EntitySetNames.Of(name),
        };
        if (source.Activity && table.Ownership != TableOwnership.User)
            throw new SourceException(source.File, "an activity table is always user-owned.", "Remove \"ownership\" or set it to \"User\".");
        ColumnModel primaryName;
        if (source.Activity)
        {
            // Dataverse names an activity's primary column subject; the source may describe it, but not rename it.
            if (source.PrimaryName is { SchemaName.Length: > 0 } named && !named.SchemaName.Equals("Subject", StringComparison.OrdinalIgnoreCase))
                throw new SourceException(source.File, "an activity table's primary column is always 'subject'.", "Leave primaryName out, or name it \"Subject\".");
            primaryName = System("subject", "Subject", source.PrimaryName?.DisplayName is { Length: > 0 } label ? label : "Subject",
                source.PrimaryName?.Description is { Length: > 0 } about ? about : "Subject associated with the activity.", ColumnType.String);
            primaryName.MaxLength = 400;
            primaryName.Format = "text";
            primaryName.RequiredLevel = source.PrimaryName is null ? RequiredLevel.None : Enum.Parse<RequiredLevel>(source.PrimaryName.Required, true);
        }
        else
        {
            var primary = source.PrimaryName ?? throw new SourceException(source.File, "a new table needs a primaryName column.", "Add \"primaryName\": { \"schemaName\": \"wb_Name\", ... }.");
            primaryName = Column(source, primary);
        }
        table.PrimaryNameColumn = primaryName.LogicalName;

        table.Columns.Add(new ColumnModel
        {
            LogicalName = table.PrimaryIdColumn,
            SchemaName = source.Activity ? "ActivityId" : schema + "Id",
            DisplayName = source.DisplayName,
            Description = "Unique identifier for entity instances",
            Type = ColumnType.UniqueIdentifier,
            RequiredLevel = RequiredLevel.SystemRequired,
            // An activity's key is activitypointer's: not a custom column.
            IsCustom = !source.Activity,
        });
        table.Columns.Add(primaryName);
        foreach (var c in source.Columns) table.Columns.Add(Column(source, c));
        if (table.Columns.Any(c => c.Type == ColumnType.Money))
        {
            table.Columns.Add(System("transactioncurrencyid", "TransactionCurrencyId", "Currency", "Unique identifier of the currency associated with the entity.", ColumnType.Lookup, "transactioncurrency"));
            table.Columns.Add(new ColumnModel
            {
                LogicalName = "exchangerate", SchemaName = "ExchangeRate", DisplayName = "Exchange Rate",
                Description = "Exchange rate for the currency associated with the entity with respect to the base currency.",
                Type = ColumnType.Decimal, MinValue = 0.000000000001m, MaxValue = 100000000000m, Precision = 12,
            });
            foreach (var money in table.Columns.Where(c => c.Type == ColumnType.Money && c.IsCustom).ToList())
            {
                table.Columns.Add(new ColumnModel
                {
                    LogicalName = money.LogicalName + "_base", SchemaName = money.SchemaName + "_Base",
                    DisplayName = money.DisplayName + " (Base)", Description = "Value of the " + money.DisplayName + " in base currency.",
                    Type = ColumnType.Money, MinValue = money.MinValue, MaxValue = money.MaxValue, Precision = money.Precision, IsCustom = true,
                });
            }
        }
        if (source.Activity) table.Columns.AddRange(ActivityColumns());
        table.Columns.AddRange(SystemColumns(table));
        if (source.Statuses.Count > 0) ApplyStatuses(source, table);
        _package.Model.Tables.Add(table);
    }

    /// <summary>
    /// The columns every activity table shares with activitypointer (as Dataverse's exports of a custom activity
    /// list them): what it is about, when it was planned and done. Participants (from/to) belong to email-like
    /// activities and are not added.
    /// </summary>
    private static IEnumerable<ColumnModel> ActivityColumns()
    {
        var description = System("description", "Description", "Description", "Description of the activity.", ColumnType.Memo);
        description.MaxLength = 100000; description.Format = "text";
        yield return description;
        yield return System("regardingobjectid", "RegardingObjectId", "Regarding", "Unique identifier of the object with which the activity is associated.",
            ColumnType.Lookup, "account", "contact");
        var type = System("activitytypecode", "ActivityTypeCode", "Activity Type", "Type of activity.", ColumnType.EntityName);
        type.OptionSetName = "activitypointer_activitytypecode";
        yield return type;
        yield return System("scheduledstart", "ScheduledStart", "Start Date", "Scheduled start time of the activity.", ColumnType.DateTime);
        yield return System("scheduledend", "ScheduledEnd", "Due Date", "Scheduled end time of the activity.", ColumnType.DateTime);
        yield return System("actualstart", "ActualStart", "Actual Start", "Actual start time of the activity.", ColumnType.DateTime);
        yield return System("actualend", "ActualEnd", "Actual End", "Actual end time of the activity.", ColumnType.DateTime);
        var duration = System("actualdurationminutes", "ActualDurationMinutes", "Actual Duration", "Actual duration of the activity in minutes.", ColumnType.Integer);
        duration.MinValue = 0; duration.MaxValue = 2147483647; duration.Format = "duration";
        yield return duration;
        var priority = System("prioritycode", "PriorityCode", "Priority", "Priority of the activity.", ColumnType.Picklist);
        priority.Options = new() { new OptionModel { Value = 0, Label = "Low" }, new OptionModel { Value = 1, Label = "Normal" }, new OptionModel { Value = 2, Label = "High" } };
        yield return priority;
        var regular = System("isregularactivity", "IsRegularActivity", "Is Regular Activity", "Information regarding whether the activity is a regular activity type or event type.", ColumnType.Boolean);
        regular.Options = new() { new OptionModel { Value = 0, Label = "No" }, new OptionModel { Value = 1, Label = "Yes" } };
        yield return regular;
    }

    /// <summary>Replaces the default status reasons with the table's own; each state's default is the one marked, else its first.</summary>
    private static void ApplyStatuses(TableSource source, TableModel table)
    {
        var state = table.Column("statecode")!;
        var status = table.Column("statuscode")!;
        foreach (var s in source.Statuses)
        {
            if (state.Options.All(o => o.Value != s.State))
                throw new SourceException(source.File, $"status '{s.Label}' belongs to state {s.State}, which the table does not have.",
                    "Use " + string.Join(", ", state.Options.Select(o => $"{o.Value} ({o.Label})")) + ".");
        }
        foreach (var option in state.Options)
        {
            var mine = source.Statuses.Where(s => s.State == option.Value).ToList();
            if (mine.Count == 0)
                throw new SourceException(source.File, $"state {option.Value} ({option.Label}) has no status reason.", "Give every state at least one status.");
            option.DefaultStatus = (mine.FirstOrDefault(s => s.Default) ?? mine[0]).Value;
        }
        status.Options = source.Statuses.Select(s => new OptionModel { Value = s.Value, Label = s.Label, State = s.State }).ToList();
    }

    private static ColumnModel System(string logical, string schema, string display, string description, ColumnType type, params string[] targets) => new()
    {
        LogicalName = logical,
        SchemaName = schema,
        DisplayName = display,
        Description = description,
        Type = type,
        Targets = targets.ToList(),
        Format = type == ColumnType.DateTime ? "datetime" : "",
    };

    /// <summary>The columns Dataverse gives every user-owned table (as its own exports list them).</summary>
    private static IEnumerable<ColumnModel> SystemColumns(TableModel table)
    {
        var display = table.DisplayName;
        yield return System("createdby", "CreatedBy", "Created By", "Unique identifier of the user who created the record.", ColumnType.Lookup, "systemuser");
        yield return System("createdon", "CreatedOn", "Created On", "Date and time when the record was created.", ColumnType.DateTime);
        yield return System("createdonbehalfby", "CreatedOnBehalfBy", "Created By (Delegate)", "Unique identifier of the delegate user who created the record.", ColumnType.Lookup, "systemuser");
        var import = System("importsequencenumber", "ImportSequenceNumber", "Import Sequence Number", "Sequence number of the import that created this record.", ColumnType.Integer);
        import.MinValue = -2147483648; import.MaxValue = 2147483647; import.Format = "none";
        yield return import;
        yield return System("modifiedby", "ModifiedBy", "Modified By", "Unique identifier of the user who modified the record.", ColumnType.Lookup, "systemuser");
        yield return System("modifiedon", "ModifiedOn", "Modified On", "Date and time when the record was modified.", ColumnType.DateTime);
        yield return System("modifiedonbehalfby", "ModifiedOnBehalfBy", "Modified By (Delegate)", "Unique identifier of the delegate user who modified the record.", ColumnType.Lookup, "systemuser");
        var overridden = System("overriddencreatedon", "OverriddenCreatedOn", "Record Created On", "Date and time that the record was migrated.", ColumnType.DateTime);
        overridden.Format = "date";
        yield return overridden;
        if (table.Ownership == TableOwnership.User)
        {
            var owner = System("ownerid", "OwnerId", "Owner", "Owner Id", ColumnType.Owner, "systemuser", "team");
            owner.RequiredLevel = RequiredLevel.SystemRequired;
            yield return owner;
            yield return System("owningbusinessunit", "OwningBusinessUnit", "Owning Business Unit", "Unique identifier for the business unit that owns the record", ColumnType.Lookup, "businessunit");
            yield return System("owningteam", "OwningTeam", "Owning Team", "Unique identifier for the team that owns the record.", ColumnType.Lookup, "team");
            yield return System("owninguser", "OwningUser", "Owning User", "Unique identifier for the user that owns the record.", ColumnType.Lookup, "systemuser");
        }
        var state = System("statecode", "statecode", "Status", $"Status of the {display}", ColumnType.State);
        state.RequiredLevel = RequiredLevel.SystemRequired;
        var status = System("statuscode", "statuscode", "Status Reason", $"Reason for the status of the {display}", ColumnType.Status);
        if (table.IsActivity)
        {
            // An activity is Open, Completed or Canceled (activitypointer's states; Scheduled belongs to appointments).
            state.Options = new() { new OptionModel { Value = 0, Label = "Open", DefaultStatus = 1 }, new OptionModel { Value = 1, Label = "Completed", DefaultStatus = 2 }, new OptionModel { Value = 2, Label = "Canceled", DefaultStatus = 3 } };
            status.Options = new() { new OptionModel { Value = 1, Label = "Open", State = 0 }, new OptionModel { Value = 2, Label = "Completed", State = 1 }, new OptionModel { Value = 3, Label = "Canceled", State = 2 } };
        }
        else
        {
            state.Options = new() { new OptionModel { Value = 0, Label = "Active", DefaultStatus = 1 }, new OptionModel { Value = 1, Label = "Inactive", DefaultStatus = 2 } };
            status.Options = new() { new OptionModel { Value = 1, Label = "Active", State = 0 }, new OptionModel { Value = 2, Label = "Inactive", State = 1 } };
        }
        yield return state;
        yield return status;
        var timeZoneRule = System("timezoneruleversionnumber", "TimeZoneRuleVersionNumber", "Time Zone Rule Version Number", "For internal use only.", ColumnType.Integer);
        timeZoneRule.MinValue = -1; timeZoneRule.MaxValue = 2147483647; timeZoneRule.Format = "none";
        yield return timeZoneRule;
        var utc = System("utcconversiontimezonecode", "UTCConversionTimeZoneCode", "UTC Conversion Time Zone Code", "Time zone code that was in use when the record was created.", ColumnType.Integer);
        utc.MinValue = -1; utc.MaxValue = 2147483647; utc.Format = "none";
        yield return utc;
    }

    private ColumnModel Column(TableSource table, ColumnSource c)
    {
        if (!Enum.TryParse<ColumnType>(c.Type, ignoreCase: true, out var type))
        {
            throw new SourceException(table.File, $"column '{c.SchemaName}' has type '{c.Type}', which the build does not know.",
                "Use String, Memo, Integer, BigInt, Decimal, Double, Money, Boolean, DateTime, Picklist, MultiSelectPicklist or Lookup.");
        }
        var column = new ColumnModel
        {
            LogicalName = c.SchemaName.ToLowerInvariant(),
            SchemaName = c.SchemaName,
            DisplayName = c.DisplayName,
            Description = c.Description,
            Type = type,
            IsCustom = true,
            MaxLength = c.MaxLength,
            MinValue = c.MinValue,
            MaxValue = c.MaxValue,
            Precision = c.Precision,
            RequiredLevel = Enum.TryParse<RequiredLevel>(c.Required, true, out var required) ? required
                : throw new SourceException(table.File, $"column '{c.SchemaName}' has required level '{c.Required}'.", "Use None, Recommended or ApplicationRequired."),
        };
        switch (type)
        {
            case ColumnType.String:
                column.MaxLength ??= 100;
                column.Format = (c.Format ?? "text").ToLowerInvariant();
                break;
            case ColumnType.Memo:
                column.MaxLength ??= 2000;
                column.Format = "text";
                break;
            case ColumnType.Integer:
                column.MinValue ??= -2147483648;
                column.MaxValue ??= 2147483647;
                column.Format = "none";
                break;
            case ColumnType.Decimal:
            case ColumnType.Money:
            case ColumnType.Double:
                column.Precision ??= 2;
                column.MinValue ??= type == ColumnType.Money ? -922337203685477 : -100000000000;
                column.MaxValue ??= type == ColumnType.Money ? 922337203685477 : 100000000000;
                break;
            case ColumnType.DateTime:
                column.Format = string.Equals(c.Format, "DateOnly", StringComparison.OrdinalIgnoreCase) ? "dateonly" : "datetime";
                break;
            case ColumnType.Boolean:
                column.Options = c.Options.Count == 2
                    ? c.Options.Select(o => new OptionModel { Value = o.Value, Label = o.Label }).ToList()
                    : new() { new OptionModel { Value = 0, Label = "No" }, new OptionModel { Value = 1, Label = "Yes" } };
                break;
            case ColumnType.Picklist:
            case ColumnType.MultiSelectPicklist:
                if (c.OptionSet is { Length: > 0 } setName)
                {
                    var set = _source.OptionSets.FirstOrDefault(s => s.Name == setName)
                        ?? throw new SourceException(table.File, $"column '{c.SchemaName}' uses the choice '{setName}', which solution.json does not define.", "Add it to optionSets in solution.json or fix the name.");
                    column.OptionSetName = set.Name;
                    column.Options = set.Options.Select(o => new OptionModel { Value = o.Value, Label = o.Label }).ToList();
                }
                else
                {
                    column.Options = c.Options.Select(o => new OptionModel { Value = o.Value, Label = o.Label }).ToList();
                }
                break;
            case ColumnType.Lookup:
                if (string.IsNullOrEmpty(c.Target) || c.Relationship is null)
                {
                    throw new SourceException(table.File, $"lookup column '{c.SchemaName}' needs a target table and a relationship.",
                        "Add \"target\": \"account\" and \"relationship\": { \"schemaName\": ..., \"delete\": ... }.");
                }
                column.Targets.Add(c.Target.ToLowerInvariant());
                break;
        }
        return column;
    }

    private void ExpandRelationships(TableSource source)
    {
        var table = _package.Model.Table((source.LogicalName ?? source.SchemaName ?? "").ToLowerInvariant())!;
        foreach (var c in source.Columns.Where(c => c.Relationship is not null))
        {
            var r = c.Relationship!;
            var referenced = c.Target!.ToLowerInvariant();
            // A custom lookup's relationship names its navigation properties: the lookup's schema name on the
            // referencing side, the relationship's on the referenced side (customizations.xml EntityRelationshipRoles).
            var custom = table.Column(c.SchemaName.ToLowerInvariant())?.IsCustom ?? true;
            _package.Model.Relationships.Add(new RelationshipModel
            {
                SchemaName = r.SchemaName,
                ReferencingNavigationProperty = custom ? c.SchemaName : null,
                ReferencedNavigationProperty = custom ? r.SchemaName : null,
                ReferencedTable = referenced,
                ReferencedColumn = _package.Model.Table(referenced)?.PrimaryIdColumn is { Length: > 0 } id && _package.Model.Table(referenced)!.IsCustomTable
                    ? id : StandardTables.Find(referenced)?.PrimaryIdColumn ?? referenced + "id",
                ReferencingTable = table.LogicalName,
                ReferencingColumn = c.SchemaName.ToLowerInvariant(),
                Cascade = new CascadeModel
                {
                    Delete = Cascade(source, r.Delete), Assign = Cascade(source, r.Assign), Share = Cascade(source, r.Share),
                    Unshare = Cascade(source, r.Unshare), Reparent = Cascade(source, r.Reparent), Merge = CascadeType.Cascade,
                },
            });
            _package.RelationshipDescriptions[r.SchemaName] = r.Description;
        }
        if (!table.IsCustomTable) return;

        // The relationships Dataverse creates with every user-owned table.
        var t = table.LogicalName;
        void SystemRelationship(string name, string referenced, string referencedColumn, string column, string description)
        {
            if (table.Column(column) is null) return;
            _package.Model.Relationships.Add(new RelationshipModel
            {
                SchemaName = name,
                ReferencedTable = referenced,
                ReferencedColumn = referencedColumn,
                ReferencingTable = t,
                ReferencingColumn = column,
                Cascade = new CascadeModel
                {
                    Delete = CascadeType.NoCascade, Assign = CascadeType.NoCascade, Share = CascadeType.NoCascade,
                    Unshare = CascadeType.NoCascade, Reparent = CascadeType.NoCascade, Merge = CascadeType.Cascade,
                },
            });
            _package.RelationshipDescriptions[name] = description;
        }
        SystemRelationship($"business_unit_{t}", "businessunit", "businessunitid", "owningbusinessunit", "Unique identifier for the business unit that owns the record");
        SystemRelationship($"lk_{t}_createdby", "systemuser", "systemuserid", "createdby", "Unique identifier of the user who created the record.");
        SystemRelationship($"lk_{t}_createdonbehalfby", "systemuser", "systemuserid", "createdonbehalfby", "Unique identifier of the delegate user who created the record.");
        SystemRelationship($"lk_{t}_modifiedby", "systemuser", "systemuserid", "modifiedby", "Unique identifier of the user who modified the record.");
        SystemRelationship($"lk_{t}_modifiedonbehalfby", "systemuser", "systemuserid", "modifiedonbehalfby", "Unique identifier of the delegate user who modified the record.");
        SystemRelationship($"owner_{t}", "owner", "ownerid", "ownerid", "Owner Id");
        SystemRelationship($"team_{t}", "team", "teamid", "owningteam", "Unique identifier for the team that owns the record.");
        SystemRelationship($"TransactionCurrency_{t}", "transactioncurrency", "transactioncurrencyid", "transactioncurrencyid", "Unique identifier of the currency associated with the entity.");
        SystemRelationship($"user_{t}", "systemuser", "systemuserid", "owninguser", "Unique identifier for the user that owns the record.");
        if (table.IsActivity)
        {
            // What the activity is regarding: it sits on that record's timeline and goes with it.
            foreach (var regarding in table.Column("regardingobjectid")!.Targets)
            {
                var schema = StandardTables.Find(regarding)?.SchemaName ?? regarding;
                _package.Model.Relationships.Add(new RelationshipModel
                {
                    SchemaName = $"{schema}_{table.SchemaName}", ReferencedTable = regarding, ReferencedColumn = regarding + "id",
                    ReferencingTable = t, ReferencingColumn = "regardingobjectid",
                    Cascade = new CascadeModel { Delete = CascadeType.Cascade, Assign = CascadeType.Cascade, Share = CascadeType.Cascade, Unshare = CascadeType.Cascade, Reparent = CascadeType.Cascade },
                });
                _package.RelationshipDescriptions[$"{schema}_{table.SchemaName}"] = "Unique identifier of the object with which the activity is associated.";
            }
        }
        foreach (var m in source.ManyToMany)
        {
            var other = m.Table.ToLowerInvariant();
            _package.Model.Relationships.Add(new RelationshipModel
            {
                // An N:N names its two tables and the intersect table; the intersect table's columns are the two keys.
                SchemaName = m.SchemaName, IsManyToMany = true, IntersectTable = m.SchemaName.ToLowerInvariant(),
                ReferencedTable = t, ReferencingTable = other,
                Cascade = new CascadeModel { Delete = CascadeType.Cascade },
            });
            _package.RelationshipDescriptions[m.SchemaName] = m.Description;
        }
    }

    private static CascadeType Cascade(TableSource table, string value) =>
        Enum.TryParse<CascadeType>(value, true, out var cascade) ? cascade
            : throw new SourceException(table.File, $"cascade '{value}' is not one Dataverse knows.", "Use Cascade, Active, UserOwned, NoCascade, RemoveLink or Restrict.");

    // ---- forms and views ---------------------------------------------------------------------------

    private void ExpandFormsAndViews(TableSource source)
    {
        var table = _package.Model.Table((source.LogicalName ?? source.SchemaName ?? "").ToLowerInvariant())!;
        var t = table.LogicalName;
        if (source.MainForm is not null) _package.Forms.Add(Form(t, "main", source.MainForm, source.File));
        if (source.QuickCreateForm is not null) _package.Forms.Add(Form(t, FormTypes.QuickCreate, source.QuickCreateForm, source.File));

        foreach (var v in source.Views)
        {
            _package.Views.Add(new ViewDefinition
            {
                Table = t,
                Id = Id("view", $"{t}/{v.Name}"),
                Name = v.Name,
                Description = v.Description,
                QueryType = QueryType(source, v.Kind),
                IsDefault = v.Default,
                Columns = v.Columns.Select(c => c.ToLowerInvariant()).ToList(),
                Filter = v.Filter.Select(f => new ViewCondition { Column = f.Column.ToLowerInvariant(), Operator = f.Operator, Value = f.Value, Values = f.Values.ToList() }).ToList(),
                Order = v.Order.Select(o => (o.Column.ToLowerInvariant(), o.Descending)).ToList(),
            });
        }
        if (!table.IsCustomTable) return;

        // The system views every table has: Dataverse looks them up by query type.
        var name = table.PrimaryNameColumn;
        var active = new List<ViewCondition> { new() { Column = "statecode", Operator = "eq", Value = "0" } };
        void SystemView(string kind, int queryType, string viewName, List<ViewCondition> filter)
        {
            if (_package.Views.Any(v => v.Table == t && v.QueryType == queryType)) return;
            _package.Views.Add(new ViewDefinition
            {
                Table = t, Id = Id("view", $"{t}/{kind}"), Name = viewName, QueryType = queryType, IsDefault = true,
                Columns = new() { name, "createdon" }, Filter = filter, Order = new() { (name, false) },
            });
        }
        SystemView("advancedfind", 1, $"{table.DisplayName} Advanced Find View", new());
        SystemView("associated", 2, $"{table.DisplayName} Associated View", active);
        SystemView("quickfind", 4, $"Quick Find Active {table.DisplayCollectionName}", active.Append(new ViewCondition { Column = name, Operator = "like", Value = "{0}" }).ToList());
        SystemView("lookup", 64, $"{table.DisplayName} Lookup View", active);
        SystemView("inactive", -1, $"Inactive {table.DisplayCollectionName}", new() { new() { Column = "statecode", Operator = "eq", Value = "1" } });
        var inactive = _package.Views.Last();
        if (inactive.QueryType == -1) { inactive.QueryType = 0; inactive.IsDefault = false; }
    }

    private static int QueryType(TableSource table, string kind) => kind.ToLowerInvariant() switch
    {
        "public" => 0,
        "advancedfind" => 1,
        "associated" => 2,
        "quickfind" => 4,
        "lookup" => 64,
        _ => throw new SourceException(table.File, $"view kind '{kind}' is not one the build knows.", "Use Public, AdvancedFind, Associated, QuickFind or Lookup."),
    };

    private FormDefinition Form(string table, string type, FormSource source, string file)
    {
        var key = $"{table}/{type}"; // not the name: a renamed form keeps its id, so upgrades update it in place
        // The id keeps the key "quick" that quick-create forms had before they were written as quickCreate, so an
        // upgrade updates the imported form in place.
        var idKey = type == FormTypes.QuickCreate ? $"{table}/quick" : key;
        var form = new FormDefinition
        {
            Table = table, Type = type, Id = Id("form", idKey), Name = source.Name, Description = source.Description,
            DisplayOrder = source.DisplayConditions?.Order, FallbackForm = source.DisplayConditions?.Fallback ?? false,
        };
        for (var ti = 0; ti < source.Tabs.Count; ti++)
        {
            var tab = new FormTab { Id = Id("form", $"{key}/tab{ti}"), Name = $"tab_{ti + 1}", Label = source.Tabs[ti].Label };
            for (var si = 0; si < source.Tabs[ti].Sections.Count; si++)
            {
                var s = source.Tabs[ti].Sections[si];
                var section = new FormSection { Id = Id("form", $"{key}/tab{ti}/section{si}"), Name = $"tab_{ti + 1}_section_{si + 1}", Label = s.Label };
                foreach (var column in s.Columns)
                {
                    section.Cells.Add((Id("form", $"{key}/cell/{column.ToLowerInvariant()}"), column.ToLowerInvariant()));
                }
                foreach (var column in s.ReadOnly)
                {
                    if (!s.Columns.Contains(column, StringComparer.OrdinalIgnoreCase))
                        throw new SourceException(file, $"form '{source.Name}', section '{s.Label}': readOnly names {column}, which is not one of the section's columns.", "Add it to \"columns\" or remove it from \"readOnly\".");
                    section.ReadOnly.Add(column.ToLowerInvariant());
                }
                if (s.WebResource is { } w)
                {
                    var resource = WebResourceNamed(form, w.Name);
                    if (resource is not null)
                    {
                        section.WebResource = new FormWebResource
                        {
                            CellId = Id("form", $"{key}/webresource/{w.ControlId}"),
                            ControlId = w.ControlId,
                            Name = w.Name,
                            WebResourceId = resource.Id,
                            Label = w.Label,
                            Rows = Math.Max(1, w.Rows),
                        };
                    }
                }
                tab.Sections.Add(section);
            }
            form.Tabs.Add(tab);
        }
        foreach (var library in source.Libraries)
        {
            if (WebResourceNamed(form, library) is not null) form.Libraries.Add((library, Id("form", $"{key}/library/{library}")));
        }
        foreach (var handler in source.OnLoad)
        {
            if (WebResourceNamed(form, handler.Library) is not null)
            {
                form.OnLoad.Add((handler.Library, handler.Function, Id("form", $"{key}/onload/{handler.Library}/{handler.Function}")));
                if (!form.Libraries.Any(l => l.Name == handler.Library)) form.Libraries.Add((handler.Library, Id("form", $"{key}/library/{handler.Library}")));
            }
        }
        return form;
    }

    /// <summary>The web resource the solution carries under this name; notes it as missing on the form otherwise.</summary>
    private WebResourceModel? WebResourceNamed(FormDefinition form, string name)
    {
        var resource = _package.Model.WebResources.FirstOrDefault(r => r.Name == name);
        if (resource is null && !form.MissingWebResources.Contains(name)) form.MissingWebResources.Add(name);
        return resource;
    }

    // ---- plug-ins ----------------------------------------------------------------------------------

    private void ExpandPlugins()
    {
        // Dataverse refuses a plug-in assembly without plug-in types: until the assembly has one, the solution carries none.
        if (_assembly is null || !_assembly.Types.Any(t => t.IsPlugin || t.Steps.Count > 0 || t.CustomApi is not null)) return;
        var name = _assembly.Name;
        var withoutDots = name.Replace(".", "", StringComparison.Ordinal);
        var assemblyId = Id("pluginassembly", name);
        var assembly = new PluginAssemblyModel
        {
            Name = name,
            FullName = _assembly.FullName,
            Id = assemblyId,
            FileName = $"/PluginAssemblies/{withoutDots}-{assemblyId.ToString().ToUpperInvariant()}/{withoutDots}.dll",
            Content = _assemblyBytes,
        };
        foreach (var type in _assembly.Types.Where(t => (t.IsPlugin && !t.IsAbstract) || t.Steps.Count > 0 || t.CustomApi is not null)
                     .OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            assembly.Types.Add(new PluginTypeModel { TypeName = type.FullName, Id = Id("plugintype", type.FullName), FriendlyName = type.FullName });
        }
        _package.Model.PluginAssemblies.Add(assembly);

        foreach (var type in _assembly.Types.OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            foreach (var s in type.Steps)
            {
                var table = s.Table.ToLowerInvariant();
                var key = $"{type.FullName}/{s.Message}/{table}/{s.Stage}/{s.Mode}/{s.Rank}";
                var step = new StepModel
                {
                    Id = Id("step", key),
                    Name = $"{type.FullName}: {s.Message} of {(table.Length == 0 ? "any Entity" : table)}",
                    Message = s.Message,
                    SdkMessageId = SdkMessages.IdOf(s.Message),
                    PrimaryTable = table,
                    Stage = s.Stage,
                    Mode = s.Mode,
                    Rank = s.Rank,
                    FilteringAttributes = Split(s.FilteringAttributes),
                    PluginTypeName = type.FullName,
                    PluginTypeId = Id("plugintype", type.FullName),
                    UnsecureConfiguration = string.IsNullOrEmpty(s.UnsecureConfiguration) ? null : s.UnsecureConfiguration,
                    Description = s.Description ?? "",
                };
                var property = s.Message switch
                {
                    "Create" => "id", // as Dataverse exports a Create step's image
                    "SetState" or "SetStateDynamicEntity" => "EntityMoniker",
                    _ => "Target",
                };
                if (s.PreImage is not null)
                {
                    step.Images.Add(new StepImageModel { Name = "PreImage", EntityAlias = "PreImage", ImageType = 0, Attributes = Split(s.PreImage), MessagePropertyName = property, Id = Id("stepimage", key + "/PreImage") });
                }
                if (s.PostImage is not null)
                {
                    step.Images.Add(new StepImageModel { Name = "PostImage", EntityAlias = "PostImage", ImageType = 1, Attributes = Split(s.PostImage), MessagePropertyName = property, Id = Id("stepimage", key + "/PostImage") });
                }
                _package.Model.Steps.Add(step);
            }

            if (type.CustomApi is { } api)
            {
                var model = new CustomApiModel
                {
                    UniqueName = api.UniqueName,
                    Name = api.UniqueName,
                    DisplayName = api.DisplayName ?? api.UniqueName,
                    Description = api.Description ?? api.DisplayName ?? api.UniqueName,
                    BindingType = api.BindingType,
                    BoundTable = string.IsNullOrEmpty(api.BoundTable) ? null : api.BoundTable.ToLowerInvariant(),
                    IsFunction = api.IsFunction,
                    IsPrivate = api.IsPrivate,
                    AllowedProcessingStepType = 0,
                    PluginTypeName = type.FullName,
                    PluginTypeId = Id("plugintype", type.FullName),
                    ExecutePrivilegeName = string.IsNullOrEmpty(api.ExecutePrivilegeName) ? null : api.ExecutePrivilegeName,
                };
                model.RequestParameters.AddRange(type.RequestParameters.Select(p => Parameter(p, p.IsOptional)));
                model.ResponseProperties.AddRange(type.ResponseProperties.Select(p => Parameter(p, false)));
                _package.Model.CustomApis.Add(model);
            }
        }
        _package.Model.CustomApis.Sort((a, b) => string.CompareOrdinal(a.UniqueName, b.UniqueName));
    }

    private static CustomApiParameterModel Parameter(DeclaredParameter p, bool optional) => new()
    {
        UniqueName = p.UniqueName,
        Name = p.UniqueName,
        DisplayName = p.DisplayName ?? p.UniqueName,
        Description = p.Description ?? p.DisplayName ?? p.UniqueName,
        Type = (CustomApiFieldType)p.Type,
        IsOptional = optional,
        Table = string.IsNullOrEmpty(p.Table) ? null : p.Table.ToLowerInvariant(),
    };

    private static List<string> Split(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToLowerInvariant()).ToList();

    // ---- web resources, roles, environment variables, app ------------------------------------------

    private void ExpandWebResources()
    {
        foreach (var entry in _webResources.WebResources)
        {
            var path = _webResourcesFolder is null ? entry.File : Path.Combine(_webResourcesFolder, entry.File);
            _package.Model.WebResources.Add(new WebResourceModel
            {
                Id = Id("webresource", entry.Name),
                Name = entry.Name,
                DisplayName = entry.DisplayName.Length > 0 ? entry.DisplayName : entry.Name,
                Description = entry.Description,
                Type = WebResourceManifest.TypeOf(entry.Name),
                Content = File.Exists(path) ? File.ReadAllBytes(path) : null,
            });
        }
    }

    private void ExpandRoles()
    {
        foreach (var r in _source.Roles)
        {
            var role = new RoleModel { Name = r.Name, Id = Id("role", r.Name) };
            foreach (var t in r.Tables)
            {
                var logical = t.Table.ToLowerInvariant();
                // Dataverse names privileges after the table's schema name, for its own tables (prvReadAccount) and
                // for custom ones alike (prvReadwb_UsageSnapshot), as roles in real exports spell them. Every activity
                // table, custom ones included, is secured by the Activity privileges (prvCreateActivity).
                var suffix = _package.Model.Table(logical) is { IsActivity: true } || StandardTables.Find(logical)?.IsActivity == true
                    ? "Activity" : StandardTables.Find(logical)?.SchemaName ?? _package.Model.Table(logical)?.SchemaName ?? logical;
                foreach (var right in t.Rights)
                {
                    AddPrivilege(role, $"prv{right}{suffix}", t.Depth);
                }
            }
            foreach (var p in r.Privileges) AddPrivilege(role, p.Name, p.Depth);
            // Every role carries what a user needs to open the app at all, at least at the depth a real role has it.
            foreach (var (name, depth) in AppAccess.Privileges)
            {
                var held = role.Privileges.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
                if (held is null) role.Privileges.Add(new RolePrivilegeModel { Name = name, Depth = depth });
                else if (held.Depth < depth) held.Depth = depth;
            }
            role.Privileges.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            _package.Model.Roles.Add(role);
            _package.RoleDescriptions[r.Name] = r.Description;
        }

        void AddPrivilege(RoleModel role, string name, string depth)
        {
            if (!Enum.TryParse<PrivilegeDepth>(depth, true, out var d))
            {
                throw new SourceException(Path.Combine(_source.Folder, "roles.json"), $"role '{role.Name}': depth '{depth}' is not one Dataverse knows.", "Use Basic, Local, Deep or Global.");
            }
            if (role.Privileges.Any(p => p.Name == name)) return;
            role.Privileges.Add(new RolePrivilegeModel { Name = name, Depth = d });
        }
    }

    private void ExpandEnvironmentVariables()
    {
        foreach (var v in _source.EnvironmentVariables)
        {
            var file = Path.Combine(_source.Folder, "solution.json");
            var value = v.DefaultValue;
            if (v.DefaultValueFile is { Length: > 0 } valueFile)
            {
                var path = Path.Combine(_source.Folder, valueFile);
                if (!File.Exists(path)) throw new SourceException(file, $"environment variable '{v.SchemaName}' takes its default from '{valueFile}', which does not exist.", "Create the file or fix defaultValueFile.");
                value = File.ReadAllText(path).Trim();
                _source.Files.Add(Path.GetFullPath(path));
            }
            _package.Model.EnvironmentVariables.Add(new EnvironmentVariableModel
            {
                SchemaName = v.SchemaName,
                DisplayName = v.DisplayName,
                Description = v.Description,
                Type = Enum.TryParse<EnvironmentVariableType>(v.Type, true, out var type) ? type
                    : throw new SourceException(file, $"environment variable '{v.SchemaName}' has type '{v.Type}'.", "Use String, Number, Boolean, Json, DataSource or Secret."),
                DefaultValue = value,
            });
        }
    }

    private void ExpandApp()
    {
        var app = _source.App;
        if (app is null) return;
        var definition = new AppDefinition
        {
            UniqueName = app.UniqueName,
            DisplayName = app.DisplayName,
            Description = app.Description,
        };
        foreach (var roleName in app.Roles)
        {
            var role = _package.Model.Roles.FirstOrDefault(r => r.Name == roleName)
                ?? throw new SourceException(Path.Combine(_source.Folder, "app.json"), $"the app names role '{roleName}', which roles.json does not define.", "Fix the name or add the role.");
            definition.RoleIds.Add(role.Id);
        }
        foreach (var a in app.Areas)
        {
            var area = new SiteMapArea { Id = a.Id, Title = a.Title };
            foreach (var g in a.Groups)
            {
                var group = new SiteMapGroup { Id = g.Id, Title = g.Title };
                foreach (var s in g.SubAreas)
                {
                    group.SubAreas.Add(new SiteMapSubArea { Id = s.Id, Title = s.Title, Table = s.Table?.ToLowerInvariant(), WebResource = s.WebResource });
                    if (s.Table is { Length: > 0 } t && !definition.Tables.Contains(t.ToLowerInvariant())) definition.Tables.Add(t.ToLowerInvariant());
                }
                area.Groups.Add(group);
            }
            definition.Areas.Add(area);
        }
        // The app opens the suite's own forms: on account that is "Account (Win-back)", not the stock Account form.
        definition.FormIds.AddRange(_package.Forms.Where(f => definition.Tables.Contains(f.Table)).Select(f => f.Id));
        _package.App = definition;
        // The model as Dataverse reads the packed solution back: the app by its unique name and name.
        _package.Model.Apps.Add(new AppModuleModel { UniqueName = definition.UniqueName, DisplayName = definition.DisplayName });
    }

    /// <summary>
    /// Solution/commands/&lt;table&gt;.json as the table's RibbonDiffXml, its labels from the web resources' strings.
    /// Without WebResources/webresources.json the solution carries no library, so the buttons are left out (as the
    /// form leaves its panel out); with it, a command bar whose library is missing fails the build (WB030).
    /// </summary>
    private void ExpandCommandBars()
    {
        if (_webResources.File is null) return;
        foreach (var bar in _source.CommandBars)
        {
            var labels = CommandLabels.Load(_webResourcesFolder, bar.Strings);
            _package.Ribbons[bar.Table.ToLowerInvariant()] = RibbonWriter.Write(bar, labels);
        }
    }
}
