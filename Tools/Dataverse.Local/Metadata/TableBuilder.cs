namespace Dataverse.Local.Metadata;

/// <summary>
/// The columns Dataverse gives a table it creates: the primary id, the owner (or organization) and audit columns of its ownership,
/// Active/Inactive states, and the id columns of an intersect table. The standard tables themselves are
/// described once, in WinBack.Packaging.Model.StandardTables.
/// </summary>
public sealed class TableBuilder
{
    public TableBuilder(string logicalName, string schemaName, string primaryIdColumn, string primaryNameColumn)
    {
        Table = new TableMetadata(logicalName, schemaName, primaryIdColumn, primaryNameColumn) { DisplayName = schemaName };
        Add(new ColumnMetadata(primaryIdColumn, ColumnKind.UniqueIdentifier) { IsPlatformManaged = true });
    }

    public TableMetadata Table { get; }

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
        // An organization-owned table carries the organization instead of an owner: organizationid, a read-only lookup the
        // platform fills (Learn, "languagelocale EntityType": _organizationid_value and the organizationid navigation property).
        if (ownership == TableOwnershipKind.OrganizationOwned) Platform("organizationid", ColumnKind.Lookup, "organization");
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

    public TableBuilder Guid(string name) => Add(new ColumnMetadata(name, ColumnKind.UniqueIdentifier));

    /// <summary>Active (status 1) / Inactive (status 2), the states of every table a solution creates.</summary>
    public TableBuilder ActiveInactive()
    {
        Add(new ColumnMetadata("statecode", ColumnKind.State)
        {
            Options = new[] { new OptionMetadata(0, "Active") { DefaultStatus = 1 }, new OptionMetadata(1, "Inactive") { DefaultStatus = 2 } },
        });
        return Add(new ColumnMetadata("statuscode", ColumnKind.Status)
        {
            Options = new[] { new OptionMetadata(1, "Active", 0), new OptionMetadata(2, "Inactive", 1) },
        });
    }

    public TableBuilder Platform(string name, ColumnKind kind, params string[] targets) =>
        Add(new ColumnMetadata(name, kind) { Targets = targets, IsPlatformManaged = true });

    public TableBuilder Add(ColumnMetadata column)
    {
        Table.SetColumn(column);
        return this;
    }
}
