namespace WinBack.Packaging.Model;

/// <summary>
/// The standard Dataverse tables the suite touches, with their real logical names and column types: the one
/// place both the build checks (a step's filtering columns must exist) and the local Dataverse read them from.
/// Only the columns the suite and its tests use are listed, not every column Dataverse has.
/// </summary>
public static class StandardTables
{
    // Common columns of every user-owned table.
    private const string UserOwned =
        "createdon:DateTime createdby:Lookup>systemuser modifiedon:DateTime modifiedby:Lookup>systemuser " +
        "createdonbehalfby:Lookup>systemuser modifiedonbehalfby:Lookup>systemuser overriddencreatedon:DateTime " +
        "ownerid:Owner owninguser:Lookup>systemuser owningteam:Lookup>team owningbusinessunit:Lookup>businessunit " +
        "importsequencenumber:Integer timezoneruleversionnumber:Integer utcconversiontimezonecode:Integer versionnumber:BigInt";

    private const string Activity = UserOwned +
        " activityid:UniqueIdentifier subject:String(400) description:Memo regardingobjectid:Lookup>account,contact,opportunity,incident " +
        "activitytypecode:Virtual actualstart:DateTime actualend:DateTime scheduledstart:DateTime scheduledend:DateTime " +
        "prioritycode:Picklist statecode:State statuscode:Status from:PartyList to:PartyList cc:PartyList bcc:PartyList " +
        "directioncode:Boolean isregularactivity:Boolean";

    private static readonly (string Table, string Schema, string Display, string Plural, string Id, string Name, TableOwnership Ownership, bool IsActivity, string Columns)[] Definitions =
    {
        ("account", "Account", "Account", "Accounts", "accountid", "name", TableOwnership.User, false, UserOwned +
            " accountid:UniqueIdentifier name:String(160) accountnumber:String(20) parentaccountid:Lookup>account " +
            "primarycontactid:Lookup>contact revenue:Money numberofemployees:Integer industrycode:Picklist " +
            "customertypecode:Picklist telephone1:String(50) emailaddress1:String(100) websiteurl:String(200) " +
            "address1_city:String(80) address1_country:String(80) description:Memo creditlimit:Money " +
            "transactioncurrencyid:Lookup>transactioncurrency statecode:State statuscode:Status lastusedincampaign:DateTime"),
        ("contact", "Contact", "Contact", "Contacts", "contactid", "fullname", TableOwnership.User, false, UserOwned +
            " contactid:UniqueIdentifier fullname:String(160) firstname:String(50) lastname:String(50) " +
            "emailaddress1:String(100) telephone1:String(50) jobtitle:String(100) parentcustomerid:Customer>account,contact " +
            "donotemail:Boolean statecode:State statuscode:Status"),
        ("incident", "Incident", "Case", "Cases", "incidentid", "title", TableOwnership.User, false, UserOwned +
            " incidentid:UniqueIdentifier title:String(200) ticketnumber:String(100) customerid:Customer>account,contact " +
            "primarycontactid:Lookup>contact prioritycode:Picklist severitycode:Picklist caseorigincode:Picklist " +
            "casetypecode:Picklist escalatedon:DateTime isescalated:Boolean resolveby:DateTime " +
            "firstresponsebykpiid:Lookup>slakpiinstance resolvebykpiid:Lookup>slakpiinstance customersatisfactioncode:Picklist " +
            "description:Memo statecode:State statuscode:Status"),
        ("email", "Email", "Email", "Email Messages", "activityid", "subject", TableOwnership.User, true, Activity +
            " sender:String(250) torecipients:String(500) messageid:String(320) opencount:Integer replycount:Integer " +
            "lastopenedtime:DateTime delayedemailsendtime:DateTime senton:DateTime"),
        ("activitypointer", "ActivityPointer", "Activity", "Activities", "activityid", "subject", TableOwnership.User, true, Activity),
        ("activityparty", "ActivityParty", "Activity Party", "Activity Parties", "activitypartyid", "", TableOwnership.None, false,
            "activitypartyid:UniqueIdentifier activityid:Lookup>activitypointer partyid:Lookup>account,contact,systemuser " +
            "participationtypemask:Picklist addressused:String(320) ispartydeleted:Boolean"),
        ("opportunity", "Opportunity", "Opportunity", "Opportunities", "opportunityid", "name", TableOwnership.User, false, UserOwned +
            " opportunityid:UniqueIdentifier name:String(300) customerid:Customer>account,contact parentaccountid:Lookup>account " +
            "estimatedvalue:Money actualvalue:Money estimatedclosedate:DateTime actualclosedate:DateTime closeprobability:Integer " +
            "stepname:String(200) salesstagecode:Picklist opportunityratingcode:Picklist description:Memo " +
            "transactioncurrencyid:Lookup>transactioncurrency statecode:State statuscode:Status"),
        ("annotation", "Annotation", "Note", "Notes", "annotationid", "subject", TableOwnership.User, false, UserOwned +
            " annotationid:UniqueIdentifier subject:String(500) notetext:Memo objectid:Lookup>account,contact,opportunity,incident " +
            "objecttypecode:Virtual isdocument:Boolean filename:String(255) mimetype:String(256) documentbody:Memo filesize:Integer"),
        ("systemuser", "SystemUser", "User", "Users", "systemuserid", "fullname", TableOwnership.None, false,
            "systemuserid:UniqueIdentifier fullname:String(200) firstname:String(64) lastname:String(64) " +
            "internalemailaddress:String(100) domainname:String(1024) businessunitid:Lookup>businessunit " +
            "parentsystemuserid:Lookup>systemuser isdisabled:Boolean title:String(128) createdon:DateTime modifiedon:DateTime"),
        ("team", "Team", "Team", "Teams", "teamid", "name", TableOwnership.None, false,
            "teamid:UniqueIdentifier name:String(160) businessunitid:Lookup>businessunit administratorid:Lookup>systemuser " +
            "teamtype:Picklist isdefault:Boolean createdon:DateTime modifiedon:DateTime"),
        ("businessunit", "BusinessUnit", "Business Unit", "Business Units", "businessunitid", "name", TableOwnership.None, false,
            "businessunitid:UniqueIdentifier name:String(160) parentbusinessunitid:Lookup>businessunit isdisabled:Boolean " +
            "createdon:DateTime modifiedon:DateTime"),
        ("environmentvariabledefinition", "EnvironmentVariableDefinition", "Environment Variable Definition", "Environment Variable Definitions", "environmentvariabledefinitionid", "schemaname", TableOwnership.Organization, false,
            "environmentvariabledefinitionid:UniqueIdentifier schemaname:String(100) displayname:String(100) description:Memo " +
            "defaultvalue:Memo type:Picklist statecode:State statuscode:Status createdon:DateTime modifiedon:DateTime"),
        ("environmentvariablevalue", "EnvironmentVariableValue", "Environment Variable Value", "Environment Variable Values", "environmentvariablevalueid", "schemaname", TableOwnership.Organization, false,
            "environmentvariablevalueid:UniqueIdentifier schemaname:String(100) value:Memo " +
            "environmentvariabledefinitionid:Lookup>environmentvariabledefinition statecode:State statuscode:Status createdon:DateTime modifiedon:DateTime"),
        ("transactioncurrency", "TransactionCurrency", "Currency", "Currencies", "transactioncurrencyid", "currencyname", TableOwnership.Organization, false,
            "transactioncurrencyid:UniqueIdentifier currencyname:String(100) isocurrencycode:String(5) currencysymbol:String(13) " +
            "exchangerate:Decimal"),
    };

    /// <summary>Display names of the standard columns people see on the suite's forms and views.</summary>
    private static readonly Dictionary<string, string> DisplayNames = new(StringComparer.Ordinal)
    {
        ["name"] = "Name", ["fullname"] = "Full Name", ["title"] = "Title", ["subject"] = "Subject",
        ["ownerid"] = "Owner", ["createdon"] = "Created On", ["modifiedon"] = "Modified On", ["statecode"] = "Status", ["statuscode"] = "Status Reason",
        ["primarycontactid"] = "Primary Contact", ["parentaccountid"] = "Parent Account", ["telephone1"] = "Phone", ["emailaddress1"] = "Email",
        ["websiteurl"] = "Website", ["accountnumber"] = "Account Number", ["revenue"] = "Annual Revenue", ["numberofemployees"] = "Number of Employees",
        ["industrycode"] = "Industry", ["customerid"] = "Customer", ["description"] = "Description", ["estimatedvalue"] = "Est. Revenue",
        ["estimatedclosedate"] = "Est. Close Date", ["ticketnumber"] = "Case Number", ["prioritycode"] = "Priority",
    };

    private static readonly Lazy<IReadOnlyList<TableModel>> Tables = new(Build);

    /// <summary>Every standard table described here (fresh copies: callers may change them).</summary>
    public static IReadOnlyList<TableModel> All => Build();

    /// <summary>The standard table with this logical name, or null. Shared instance: do not change it.</summary>
    public static TableModel? Find(string logicalName) =>
        Tables.Value.FirstOrDefault(t => string.Equals(t.LogicalName, logicalName, StringComparison.OrdinalIgnoreCase));

    public static bool ColumnExists(string table, string column) => Find(table)?.Column(column) is not null;

    private static IReadOnlyList<TableModel> Build()
    {
        var tables = new List<TableModel>();
        foreach (var d in Definitions)
        {
            var table = new TableModel
            {
                LogicalName = d.Table,
                SchemaName = d.Schema,
                DisplayName = d.Display,
                DisplayCollectionName = d.Plural,
                IsCustomTable = false,
                PrimaryIdColumn = d.Id,
                PrimaryNameColumn = d.Name,
                Ownership = d.Ownership,
                IsActivity = d.IsActivity,
            };
            foreach (var spec in d.Columns.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var column = Parse(spec);
                if (table.Column(column.LogicalName) is null) table.Columns.Add(column);
            }
            tables.Add(table);
        }
        return tables;
    }

    // "name:Type", "name:String(160)", "name:Lookup>account,contact"
    private static ColumnModel Parse(string spec)
    {
        var colon = spec.IndexOf(':');
        var name = spec[..colon];
        var type = spec[(colon + 1)..];
        var column = new ColumnModel { LogicalName = name, SchemaName = name, DisplayName = DisplayNames.TryGetValue(name, out var display) ? display : name };
        var arrow = type.IndexOf('>');
        if (arrow >= 0)
        {
            column.Targets.AddRange(type[(arrow + 1)..].Split(','));
            type = type[..arrow];
        }
        var paren = type.IndexOf('(');
        if (paren >= 0)
        {
            column.MaxLength = int.Parse(type[(paren + 1)..^1], System.Globalization.CultureInfo.InvariantCulture);
            type = type[..paren];
        }
        column.Type = Enum.Parse<ColumnType>(type);
        if (column.Type == ColumnType.Owner) column.Targets.AddRange(new[] { "systemuser", "team" });
        if (column.Type == ColumnType.State) column.Options.AddRange(new[] { new OptionModel { Value = 0, Label = "Active" }, new OptionModel { Value = 1, Label = "Inactive" } });
        if (column.Type == ColumnType.Status) column.Options.AddRange(new[] { new OptionModel { Value = 1, Label = "Active", State = 0 }, new OptionModel { Value = 2, Label = "Inactive", State = 1 } });
        if (column.Type == ColumnType.Boolean) column.Options.AddRange(new[] { new OptionModel { Value = 0, Label = "No" }, new OptionModel { Value = 1, Label = "Yes" } });
        return column;
    }
}
