namespace Dataverse.Local.Metadata;

/// <summary>Describes a table in a few readable lines: <c>Table("account").String("name", 160)...</c>.</summary>
public sealed class TableBuilder
{
    public TableBuilder(string logicalName, string schemaName, string primaryIdColumn, string primaryNameColumn)
    {
        Table = new TableMetadata(logicalName, schemaName, primaryIdColumn, primaryNameColumn) { DisplayName = schemaName };
        Add(new ColumnMetadata(primaryIdColumn, ColumnKind.UniqueIdentifier) { IsPlatformManaged = true });
    }

    public TableMetadata Table { get; }

    public TableBuilder TypeCode(int objectTypeCode) { Table.ObjectTypeCode = objectTypeCode; return this; }
    public TableBuilder Privileges(string name) { Table.PrivilegeName = name; return this; }
    public TableBuilder Display(string name) { Table.DisplayName = name; return this; }

    public TableBuilder Ownership(TableOwnershipKind ownership)
    {
        Table.Ownership = ownership;
        if (ownership == TableOwnershipKind.UserOwned)
        {
            Add(new ColumnMetadata("ownerid", ColumnKind.Owner) { Targets = new[] { "systemuser", "team" }, IsPlatformManaged = true });
            Platform("owninguser", ColumnKind.Lookup, "systemuser");
            Platform("owningteam", ColumnKind.Lookup, "team");
            Platform("owningbusinessunit", ColumnKind.Lookup, "businessunit");
        }
        return Audit();
    }

    /// <summary>createdon, createdby, modifiedon, modifiedby and their companions, filled by the platform.</summary>
    public TableBuilder Audit()
    {
        Platform("createdon", ColumnKind.DateTime);
        Platform("modifiedon", ColumnKind.DateTime);
        Platform("createdby", ColumnKind.Lookup, "systemuser");
        Platform("modifiedby", ColumnKind.Lookup, "systemuser");
        Platform("createdonbehalfby", ColumnKind.Lookup, "systemuser");
        Platform("modifiedonbehalfby", ColumnKind.Lookup, "systemuser");
        Platform("versionnumber", ColumnKind.BigInt);
        Add(new ColumnMetadata("overriddencreatedon", ColumnKind.DateTime));
        Add(new ColumnMetadata("importsequencenumber", ColumnKind.Integer));
        return this;
    }

    public TableBuilder Activity()
    {
        Table.IsActivity = true;
        Table.PrivilegeName = "Activity";
        String("subject", 400);
        Memo("description", 1048576);
        Lookup("regardingobjectid", "account", "contact", "incident", "opportunity");
        Add(new ColumnMetadata("activitytypecode", ColumnKind.EntityName) { IsPlatformManaged = true });
        DateTime("actualstart"); DateTime("actualend"); DateTime("scheduledstart"); DateTime("scheduledend");
        Integer("actualdurationminutes");
        Boolean("isregularactivity", "No", "Yes");
        Choice("prioritycode", (0, "Low"), (1, "Normal"), (2, "High"));
        return this;
    }

    public TableBuilder String(string name, int maxLength, ColumnRequirement requirement = ColumnRequirement.None) =>
        Add(new ColumnMetadata(name, ColumnKind.String) { MaxLength = maxLength, Requirement = requirement });

    public TableBuilder Memo(string name, int maxLength = 2000) =>
        Add(new ColumnMetadata(name, ColumnKind.Memo) { MaxLength = maxLength });

    public TableBuilder Integer(string name, int min = int.MinValue, int max = int.MaxValue) =>
        Add(new ColumnMetadata(name, ColumnKind.Integer) { MinValue = min, MaxValue = max });

    public TableBuilder BigInt(string name) => Add(new ColumnMetadata(name, ColumnKind.BigInt));
    public TableBuilder Decimal(string name, int precision = 2) => Add(new ColumnMetadata(name, ColumnKind.Decimal) { Precision = precision });
    public TableBuilder Double(string name) => Add(new ColumnMetadata(name, ColumnKind.Double));
    public TableBuilder Money(string name) => Add(new ColumnMetadata(name, ColumnKind.Money) { Precision = 2, MinValue = -922337203685477m, MaxValue = 922337203685477m });
    public TableBuilder DateTime(string name) => Add(new ColumnMetadata(name, ColumnKind.DateTime));
    public TableBuilder Guid(string name) => Add(new ColumnMetadata(name, ColumnKind.UniqueIdentifier));
    public TableBuilder PartyList(string name) => Add(new ColumnMetadata(name, ColumnKind.PartyList) { Targets = new[] { "account", "contact", "systemuser" } });
    public TableBuilder EntityName(string name) => Add(new ColumnMetadata(name, ColumnKind.EntityName));

    public TableBuilder Boolean(string name, string falseLabel = "No", string trueLabel = "Yes") =>
        Add(new ColumnMetadata(name, ColumnKind.Boolean) { Options = new[] { new OptionMetadata(0, falseLabel), new OptionMetadata(1, trueLabel) } });

    public TableBuilder Choice(string name, params (int Value, string Label)[] options) =>
        Add(new ColumnMetadata(name, ColumnKind.Picklist) { Options = options.Select(o => new OptionMetadata(o.Value, o.Label)).ToArray() });

    public TableBuilder Lookup(string name, params string[] targets) =>
        Add(new ColumnMetadata(name, ColumnKind.Lookup) { Targets = targets });

    public TableBuilder Lookup(string name, ColumnRequirement requirement, params string[] targets) =>
        Add(new ColumnMetadata(name, ColumnKind.Lookup) { Targets = targets, Requirement = requirement });

    public TableBuilder Customer(string name, ColumnRequirement requirement = ColumnRequirement.None) =>
        Add(new ColumnMetadata(name, ColumnKind.Customer) { Targets = new[] { "account", "contact" }, Requirement = requirement });

    /// <summary>statecode: (value, label, default status reason).</summary>
    public TableBuilder States(params (int Value, string Label, int DefaultStatus)[] states) =>
        Add(new ColumnMetadata("statecode", ColumnKind.State)
        {
            Options = states.Select(s => new OptionMetadata(s.Value, s.Label) { DefaultStatus = s.DefaultStatus }).ToArray(),
        });

    /// <summary>statuscode: (value, label, state it belongs to).</summary>
    public TableBuilder Statuses(params (int Value, string Label, int State)[] statuses) =>
        Add(new ColumnMetadata("statuscode", ColumnKind.Status)
        {
            Options = statuses.Select(s => new OptionMetadata(s.Value, s.Label, s.State)).ToArray(),
        });

    /// <summary>Active (1) / Inactive (2), the states of most tables.</summary>
    public TableBuilder ActiveInactive() =>
        States((0, "Active", 1), (1, "Inactive", 2)).Statuses((1, "Active", 0), (2, "Inactive", 1));

    public TableBuilder Platform(string name, ColumnKind kind, params string[] targets) =>
        Add(new ColumnMetadata(name, kind) { Targets = targets, IsPlatformManaged = true });

    public TableBuilder Add(ColumnMetadata column)
    {
        Table.SetColumn(column);
        return this;
    }
}
