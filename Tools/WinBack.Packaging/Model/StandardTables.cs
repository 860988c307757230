namespace WinBack.Packaging.Model;

/// <summary>
/// The standard Dataverse tables the suite knows, as <see cref="TableModel"/>s: real logical and schema names,
/// primary columns, ownership, object type codes, column types, lengths, ranges, choice values and the
/// statecode/statuscode pairs of each table (Microsoft Learn, "Dataverse table/entity reference"), plus the
/// relationships between them and what a delete cascades. This is the one list: the build checks (a step's
/// filtering and image columns must exist), the reader, the expander and the forms writer read it, and the
/// local Dataverse builds its built-in tables from it. Only the columns the suite, its demo and its tests use
/// are listed, not every column Dataverse has.
/// </summary>
public static class StandardTables
{
    private static readonly Lazy<IReadOnlyList<TableModel>> Shared = new(() => BuildTables().ToList());

    /// <summary>Every standard table described here (fresh copies: callers may change them).</summary>
    public static IReadOnlyList<TableModel> All => BuildTables().ToList();

    /// <summary>The relationships between the standard tables (fresh copies: callers may change them).</summary>
    public static IReadOnlyList<RelationshipModel> Relationships => BuildRelationships().ToList();

    /// <summary>The standard table with this logical name, or null. Shared instance: do not change it.</summary>
    public static TableModel? Find(string logicalName) =>
        Shared.Value.FirstOrDefault(t => string.Equals(t.LogicalName, logicalName, StringComparison.OrdinalIgnoreCase));

    public static bool ColumnExists(string table, string column) => Find(table)?.Column(column) is not null;

    private static IEnumerable<TableModel> BuildTables()
    {
        yield return new Table("businessunit", "BusinessUnit", "businessunitid", "name", 10, "Business Unit", "Business Units")
            .Ownership(TableOwnership.Business)
            .String("name", 160, RequiredLevel.SystemRequired).Lookup("parentbusinessunitid", "businessunit").Boolean("isdisabled")
            .String("divisionname", 100).String("emailaddress", 100).String("websiteurl", 200).Model;

        // The top of the hierarchy: one row per environment, created with it (Learn, "Organization table/entity reference":
        // OrganizationOwned; messages Retrieve, RetrieveMultiple, Update, Associate and Disassociate, never Create or Delete;
        // name String 160 SystemRequired; languagecode Integer 0 to 2147483647, the organization's base language as an LCID).
        yield return new Table("organization", "Organization", "organizationid", "name", 1019, "Organization", "Organizations")
            .Ownership(TableOwnership.Organization)
            .String("name", 160, RequiredLevel.SystemRequired).Integer("languagecode", 0).Model;

        yield return new Table("systemuser", "SystemUser", "systemuserid", "fullname", 8, "User", "Users")
            .Ownership(TableOwnership.Business)
            .String("fullname", 200).String("firstname", 64).String("lastname", 64).String("domainname", 1024, RequiredLevel.SystemRequired)
            .String("internalemailaddress", 100).Lookup("businessunitid", RequiredLevel.SystemRequired, "businessunit")
            .Lookup("parentsystemuserid", "systemuser").Boolean("isdisabled", "Enabled", "Disabled").String("title", 128)
            .Choice("accessmode", (0, "Read-Write"), (1, "Administrative"), (2, "Read"), (3, "Support User"), (4, "Non-interactive"), (5, "Delegated Admin"))
            .Guid("azureactivedirectoryobjectid").Guid("applicationid").Boolean("islicensed")
            // Learn, "SystemUser table/entity reference": OrganizationId is a Uniqueidentifier (not a lookup), read-only, filled by the platform.
            .Guid("organizationid").Model;

        yield return new Table("team", "Team", "teamid", "name", 9, "Team", "Teams")
            .Ownership(TableOwnership.Business)
            .String("name", 160, RequiredLevel.SystemRequired).Lookup("businessunitid", RequiredLevel.SystemRequired, "businessunit")
            .Lookup("administratorid", "systemuser")
            .Choice("teamtype", (0, "Owner"), (1, "Access"), (2, "Security Group"), (3, "Office Group"))
            .Boolean("isdefault").Memo("description").Guid("azureactivedirectoryobjectid").Model;

        // The intersect table of teammembership_association (see the relationships below).
        yield return new Table("teammembership", "TeamMembership", "teammembershipid", "", 23, "Team Membership", "Team Memberships")
            .Ownership(TableOwnership.None).Guid("systemuserid").Guid("teamid").Model;

        yield return new Table("role", "Role", "roleid", "name", 1036, "Security Role", "Security Roles")
            .Ownership(TableOwnership.Business)
            .String("name", 100, RequiredLevel.SystemRequired).Lookup("businessunitid", RequiredLevel.SystemRequired, "businessunit")
            .Lookup("parentroleid", "role").Boolean("ismanaged").Model;

        yield return new Table("transactioncurrency", "TransactionCurrency", "transactioncurrencyid", "currencyname", 9105, "Currency", "Currencies")
            .Ownership(TableOwnership.Organization)
            .String("currencyname", 100, RequiredLevel.SystemRequired).String("isocurrencycode", 5, RequiredLevel.SystemRequired)
            .String("currencysymbol", 13).Decimal("exchangerate", 10).Integer("currencyprecision", 0, 4).ActiveInactive()
            // Learn, "Currency (TransactionCurrency) table/entity reference": OrganizationId, Lookup to organization, read-only.
            .Lookup("organizationid", RequiredLevel.SystemRequired, "organization").Model;

        yield return new Table("account", "Account", "accountid", "name", 1, "Account", "Accounts")
            .Ownership(TableOwnership.User).TimeZone()
            .String("name", 160, RequiredLevel.ApplicationRequired).String("accountnumber", 20).Lookup("parentaccountid", "account")
            .Lookup("primarycontactid", "contact").Money("revenue").Money("creditlimit").Integer("numberofemployees", 0, 1000000000)
            .Choice("industrycode", (1, "Accounting"), (2, "Agriculture and Non-petrol Natural Resource Extraction"),
                (3, "Broadcasting Printing and Publishing"), (4, "Brokers"), (5, "Building Supply Retail"), (6, "Business Services"),
                (7, "Consulting"), (8, "Consumer Services"), (9, "Design, Direction and Creative Management"),
                (10, "Distributors, Dispatchers and Processors"), (11, "Doctor's Offices and Clinics"), (12, "Durable Manufacturing"),
                (13, "Eating and Drinking Places"), (14, "Entertainment Retail"), (15, "Equipment Rental and Leasing"), (16, "Financial"),
                (17, "Food and Tobacco Processing"), (18, "Inbound Capital Intensive Processing"), (19, "Inbound Repair and Services"),
                (20, "Insurance"), (21, "Legal Services"), (22, "Non-Durable Merchandise Retail"), (23, "Outbound Consumer Service"),
                (24, "Petrochemical Extraction and Distribution"), (25, "Service Retail"), (26, "SIG Affiliations"), (27, "Social Services"),
                (28, "Special Outbound Trade Contractors"), (29, "Specialty Realty"), (30, "Transportation"),
                (31, "Utility Creation and Distribution"), (32, "Vehicle Retail"), (33, "Wholesale"))
            .Choice("customertypecode", (1, "Competitor"), (2, "Consultant"), (3, "Customer"), (4, "Investor"), (5, "Partner"),
                (6, "Influencer"), (7, "Press"), (8, "Prospect"), (9, "Reseller"), (10, "Supplier"), (11, "Vendor"), (12, "Other"))
            .Choice("accountcategorycode", (1, "Preferred Customer"), (2, "Standard"))
            .String("telephone1", 50).String("emailaddress1", 100).String("websiteurl", 200)
            .String("address1_city", 80).String("address1_country", 80).Memo("description")
            .Boolean("donotemail", "Allow", "Do Not Allow").DateTime("lastusedincampaign")
            .Lookup("transactioncurrencyid", "transactioncurrency").ActiveInactive().Model;

        yield return new Table("contact", "Contact", "contactid", "fullname", 2, "Contact", "Contacts")
            .Ownership(TableOwnership.User).TimeZone()
            .String("fullname", 160).String("firstname", 50).String("lastname", 50, RequiredLevel.ApplicationRequired)
            .Customer("parentcustomerid").String("emailaddress1", 100).String("telephone1", 50).String("mobilephone", 50)
            .String("jobtitle", 100).Boolean("donotemail", "Allow", "Do Not Allow").Boolean("donotphone", "Allow", "Do Not Allow")
            .Choice("accountrolecode", (1, "Decision Maker"), (2, "Employee"), (3, "Influencer"))
            .Choice("preferredcontactmethodcode", (1, "Any"), (2, "Email"), (3, "Phone"), (4, "Fax"), (5, "Mail"))
            .Memo("description").Lookup("transactioncurrencyid", "transactioncurrency").ActiveInactive().Model;

        yield return new Table("slakpiinstance", "SLAKPIInstance", "slakpiinstanceid", "name", 9752, "SLA KPI Instance", "SLA KPI Instances")
            .Ownership(TableOwnership.User)
            .String("name", 100).Lookup("regarding", "incident", "account", "contact")
            .Choice("status", (0, "In Progress"), (1, "Noncompliant"), (2, "Nearing Noncompliance"), (3, "Paused"), (4, "Succeeded"), (5, "Canceled"))
            .DateTime("failuretime").DateTime("warningtime").DateTime("succeededon").DateTime("computedfailuretime").Model;

        yield return new Table("incident", "Incident", "incidentid", "title", 112, "Case", "Cases")
            .Ownership(TableOwnership.User).TimeZone()
            .String("title", 200, RequiredLevel.ApplicationRequired).String("ticketnumber", 100).Customer("customerid", RequiredLevel.SystemRequired)
            .Lookup("primarycontactid", "contact").Lookup("parentcaseid", "incident")
            .Choice("prioritycode", (1, "High"), (2, "Normal"), (3, "Low"))
            .Choice("casetypecode", (1, "Question"), (2, "Problem"), (3, "Request"))
            .Choice("caseorigincode", (1, "Phone"), (2, "Email"), (3, "Web"), (2483, "Facebook"), (3986, "Twitter"), (700610000, "IoT"))
            .Choice("severitycode", (1, "Default Value"))
            .Choice("customersatisfactioncode", (5, "Very Satisfied"), (4, "Satisfied"), (3, "Neutral"), (2, "Dissatisfied"), (1, "Very Dissatisfied"))
            .DateTime("resolveby").DateTime("responseby").DateTime("followupby").DateTime("escalatedon")
            .Boolean("isescalated").Boolean("firstresponsesent").Boolean("customercontacted")
            .Lookup("firstresponsebykpiid", "slakpiinstance").Lookup("resolvebykpiid", "slakpiinstance")
            .Memo("description", 2000).Lookup("transactioncurrencyid", "transactioncurrency")
            .States((0, "Active", 1), (1, "Resolved", 5), (2, "Cancelled", 6))
            .Statuses((1, "In Progress", 0), (2, "On Hold", 0), (3, "Waiting for Details", 0), (4, "Researching", 0),
                (5, "Problem Solved", 1), (1000, "Information Provided", 1), (6, "Cancelled", 2), (2000, "Merged", 2)).Model;

        yield return new Table("opportunity", "Opportunity", "opportunityid", "name", 3, "Opportunity", "Opportunities")
            .Ownership(TableOwnership.User).TimeZone()
            .String("name", 300, RequiredLevel.ApplicationRequired).Customer("customerid").Lookup("parentaccountid", "account")
            .Lookup("parentcontactid", "contact")
            .Money("estimatedvalue").Money("actualvalue").Money("budgetamount").DateTime("estimatedclosedate").DateTime("actualclosedate")
            .Integer("closeprobability", 0, 100).String("stepname", 200)
            .Choice("opportunityratingcode", (1, "Hot"), (2, "Warm"), (3, "Cold"))
            .Choice("salesstagecode", (0, "Qualify"), (1, "Develop"), (2, "Propose"), (3, "Close"))
            .Choice("purchasetimeframe", (0, "Immediate"), (1, "This Quarter"), (2, "Next Quarter"), (3, "This Year"), (4, "Unknown"))
            .Choice("budgetstatus", (0, "No Committed Budget"), (1, "May Buy"), (2, "Can Buy"), (3, "Will Buy"))
            .Memo("description").Lookup("transactioncurrencyid", "transactioncurrency")
            .States((0, "Open", 1), (1, "Won", 3), (2, "Lost", 4))
            .Statuses((1, "In Progress", 0), (2, "On Hold", 0), (3, "Won", 1), (4, "Canceled", 2), (5, "Out-Sold", 2)).Model;

        yield return new Table("activitypointer", "ActivityPointer", "activityid", "subject", 4200, "Activity", "Activities")
            .Ownership(TableOwnership.User).TimeZone().Activity()
            .States((0, "Open", 1), (1, "Completed", 2), (2, "Canceled", 3), (3, "Scheduled", 4))
            .Statuses((1, "Open", 0), (2, "Completed", 1), (3, "Canceled", 2), (4, "Scheduled", 3)).Model;

        yield return new Table("email", "Email", "activityid", "subject", 4202, "Email", "Email Messages")
            .Ownership(TableOwnership.User).TimeZone().Activity()
            .PartyList("from").PartyList("to").PartyList("cc").PartyList("bcc")
            .Boolean("directioncode", "Incoming", "Outgoing").String("sender", 250).String("torecipients", 500)
            .String("messageid", 320).String("inreplyto", 320).String("trackingtoken", 50).Guid("conversationtrackingid")
            .Lookup("parentactivityid", "email").DateTime("senton").DateTime("delayedemailsendtime").DateTime("lastopenedtime")
            .Integer("opencount", 0).Integer("attachmentopencount", 0).Integer("linksclickedcount", 0).Integer("replycount", 0)
            .Boolean("isemailfollowed").Boolean("emailreminderstatus")
            .States((0, "Open", 1), (1, "Completed", 2), (2, "Canceled", 5))
            .Statuses((1, "Draft", 0), (8, "Failed", 0), (2, "Completed", 1), (3, "Sent", 1), (4, "Received", 1),
                (6, "Pending Send", 1), (7, "Sending", 1), (5, "Canceled", 2)).Model;

        // The activities CloseIncident and WinOpportunity/LoseOpportunity create (Learn: "incidentresolution" and
        // "opportunityclose" table references); each closes its case or opportunity and is created Completed.
        yield return new Table("incidentresolution", "IncidentResolution", "activityid", "subject", 4206, "Case Resolution", "Case Resolutions")
            .Ownership(TableOwnership.User).TimeZone().Activity()
            .Lookup("incidentid", RequiredLevel.SystemRequired, "incident").Integer("timespent", 0)
            .States((0, "Open", 1), (1, "Completed", 2), (2, "Canceled", 3))
            .Statuses((1, "Open", 0), (2, "Closed", 1), (3, "Canceled", 2)).Model;

        yield return new Table("opportunityclose", "OpportunityClose", "activityid", "subject", 4208, "Opportunity Close", "Opportunity Closes")
            .Ownership(TableOwnership.User).TimeZone().Activity()
            .Lookup("opportunityid", RequiredLevel.SystemRequired, "opportunity").Money("actualrevenue")
            .States((0, "Open", 1), (1, "Completed", 2), (2, "Canceled", 3))
            .Statuses((1, "Open", 0), (2, "Completed", 1), (3, "Canceled", 2)).Model;

        yield return new Table("activityparty", "ActivityParty", "activitypartyid", "", 135, "Activity Party", "Activity Parties")
            .Ownership(TableOwnership.None)
            .Lookup("activityid", "activitypointer").Lookup("partyid", "account", "contact", "systemuser")
            .Choice("participationtypemask", (1, "Sender"), (2, "To Recipient"), (3, "CC Recipient"), (4, "BCC Recipient"),
                (5, "Required attendee"), (6, "Optional attendee"), (7, "Organizer"), (8, "Regarding"), (9, "Owner"), (10, "Resource"), (11, "Customer"))
            .String("addressused", 320).Boolean("ispartydeleted").EntityName("partyobjecttypecode").Model;

        yield return new Table("annotation", "Annotation", "annotationid", "subject", 5, "Note", "Notes")
            .Ownership(TableOwnership.User).TimeZone()
            .String("subject", 500).Memo("notetext", 100000).Lookup("objectid", "account", "contact", "incident", "opportunity", "email")
            .EntityName("objecttypecode").Boolean("isdocument").String("filename", 255).String("mimetype", 256)
            .Memo("documentbody", 1073741823).Integer("filesize", 0).Model;

        yield return new Table("asyncoperation", "AsyncOperation", "asyncoperationid", "name", 4700, "System Job", "System Jobs")
            .Ownership(TableOwnership.User)
            .String("name", 256).String("messagename", 160).EntityName("primaryentitytype")
            .Choice("operationtype", (1, "System Event"), (10, "Workflow"), (13, "Bulk Delete"))
            .States((0, "Ready", 0), (1, "Suspended", 10), (2, "Locked", 20), (3, "Completed", 30))
            .Statuses((0, "Waiting For Resources", 0), (10, "Waiting", 1), (20, "In Progress", 2), (21, "Pausing", 2),
                (22, "Canceling", 2), (30, "Succeeded", 3), (31, "Failed", 3), (32, "Canceled", 3))
            .Memo("message", 1048576).Memo("friendlymessage", 1048576).Integer("errorcode").Guid("correlationid").Integer("depth")
            .Lookup("regardingobjectid").Lookup("owningextensionid", "sdkmessageprocessingstep")
            .DateTime("startedon").DateTime("completedon").Double("executiontimespan").Integer("retrycount").Model;

        // A model-driven app (Learn, "Model-driven App (AppModule) table/entity reference": OrganizationOwned, entity set
        // appmodules, primary id appmoduleid, primary name name; uniquename is the name a solution's AppModule carries).
        // The row is the environment's: a solution names the app by its unique name, never by appmoduleid.
        yield return new Table("appmodule", "AppModule", "appmoduleid", "name", 9006, "Model-driven App", "Model-driven Apps")
            .Ownership(TableOwnership.Organization)
            .String("name", 100, RequiredLevel.SystemRequired).String("uniquename", 100, RequiredLevel.SystemRequired).Model;

        yield return new Table("environmentvariabledefinition", "EnvironmentVariableDefinition", "environmentvariabledefinitionid", "schemaname", 0,
                "Environment Variable Definition", "Environment Variable Definitions")
            .Ownership(TableOwnership.Organization)
            .String("schemaname", 100, RequiredLevel.SystemRequired).String("displayname", 100).Memo("description")
            .Memo("defaultvalue", 2000)
            .Choice("type", (100000000, "String"), (100000001, "Number"), (100000002, "Boolean"), (100000003, "JSON"),
                (100000004, "Data source"), (100000005, "Secret"))
            .ActiveInactive().Model;

        yield return new Table("environmentvariablevalue", "EnvironmentVariableValue", "environmentvariablevalueid", "schemaname", 0,
                "Environment Variable Value", "Environment Variable Values")
            .Ownership(TableOwnership.Organization)
            .String("schemaname", 100).Memo("value", 2000).Lookup("environmentvariabledefinitionid", "environmentvariabledefinition")
            .ActiveInactive().Model;
    }

    private static IEnumerable<RelationshipModel> BuildRelationships()
    {
        static RelationshipModel R(string name, string parent, string child, string lookup, CascadeType delete) => new()
        {
            SchemaName = name,
            ReferencedTable = parent,
            ReferencedColumn = parent is "activitypointer" or "email" ? "activityid" : parent + "id",
            ReferencingTable = child,
            ReferencingColumn = lookup,
            Cascade = new CascadeModel { Delete = delete },
        };

        yield return R("business_unit_parent_business_unit", "businessunit", "businessunit", "parentbusinessunitid", CascadeType.Restrict);
        yield return R("business_unit_system_users", "businessunit", "systemuser", "businessunitid", CascadeType.Restrict);
        yield return R("business_unit_teams", "businessunit", "team", "businessunitid", CascadeType.Restrict);
        yield return R("business_unit_roles", "businessunit", "role", "businessunitid", CascadeType.Cascade);
        yield return new RelationshipModel
        {
            SchemaName = "teammembership_association",
            ReferencedTable = "team",
            ReferencingTable = "systemuser",
            IsManyToMany = true,
            IntersectTable = "teammembership",
            Cascade = new CascadeModel { Delete = CascadeType.Cascade },
        };
        yield return R("account_parent_account", "account", "account", "parentaccountid", CascadeType.RemoveLink);
        yield return R("account_primary_contact", "contact", "account", "primarycontactid", CascadeType.RemoveLink);
        yield return R("contact_customer_accounts", "account", "contact", "parentcustomerid", CascadeType.Cascade);
        yield return R("contact_customer_contacts", "contact", "contact", "parentcustomerid", CascadeType.Cascade);
        yield return R("incident_customer_accounts", "account", "incident", "customerid", CascadeType.Cascade);
        yield return R("incident_customer_contacts", "contact", "incident", "customerid", CascadeType.Cascade);
        yield return R("contact_as_primary_contact", "contact", "incident", "primarycontactid", CascadeType.RemoveLink);
        yield return R("incident_parent_incident", "incident", "incident", "parentcaseid", CascadeType.RemoveLink);
        yield return R("opportunity_customer_accounts", "account", "opportunity", "customerid", CascadeType.Cascade);
        yield return R("opportunity_customer_contacts", "contact", "opportunity", "customerid", CascadeType.Cascade);
        yield return R("opportunity_parent_account", "account", "opportunity", "parentaccountid", CascadeType.Cascade);
        yield return R("opportunity_parent_contact", "contact", "opportunity", "parentcontactid", CascadeType.Cascade);
        foreach (var (logical, schema) in new[] { ("account", "Account"), ("contact", "Contact"), ("incident", "Incident"), ("opportunity", "Opportunity") })
        {
            yield return R($"{schema}_ActivityPointers", logical, "activitypointer", "regardingobjectid", CascadeType.Cascade);
            yield return R($"{schema}_Emails", logical, "email", "regardingobjectid", CascadeType.Cascade);
            yield return R($"{schema}_Annotation", logical, "annotation", "objectid", CascadeType.Cascade);
        }
        yield return R("Incident_IncidentResolutions", "incident", "incidentresolution", "incidentid", CascadeType.Cascade);
        yield return R("Opportunity_OpportunityClose", "opportunity", "opportunityclose", "opportunityid", CascadeType.Cascade);
        yield return R("Email_Annotation", "email", "annotation", "objectid", CascadeType.Cascade);
        yield return R("activitypointer_activity_parties", "activitypointer", "activityparty", "activityid", CascadeType.Cascade);
        yield return R("slakpiinstance_incident_resolvebykpi", "slakpiinstance", "incident", "resolvebykpiid", CascadeType.RemoveLink);
        yield return R("slakpiinstance_incident_firstresponsebykpi", "slakpiinstance", "incident", "firstresponsebykpiid", CascadeType.RemoveLink);
        yield return R("slakpiinstance_incident", "incident", "slakpiinstance", "regarding", CascadeType.Cascade);
        // Its navigation property is the lookup's schema name (Learn, "environmentvariablevalue EntityType"), not the logical name.
        var definitionValue = R("environmentvariabledefinition_environmentvariablevalue", "environmentvariabledefinition", "environmentvariablevalue",
            "environmentvariabledefinitionid", CascadeType.Cascade);
        definitionValue.ReferencingNavigationProperty = "EnvironmentVariableDefinitionId";
        yield return definitionValue;
    }

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

    /// <summary>
    /// The Web API entity set of each standard table, as each table's page of Learn's "Web API EntityType
    /// reference" names it (EntitySetName in its metadata; irregular plurals such as opportunities included).
    /// </summary>
    private static readonly Dictionary<string, string> EntitySetNames = new(StringComparer.Ordinal)
    {
        ["organization"] = "organizations", ["businessunit"] = "businessunits", ["systemuser"] = "systemusers", ["team"] = "teams", ["teammembership"] = "teammemberships",
        ["role"] = "roles", ["transactioncurrency"] = "transactioncurrencies", ["account"] = "accounts", ["contact"] = "contacts",
        ["slakpiinstance"] = "slakpiinstances", ["incident"] = "incidents", ["opportunity"] = "opportunities",
        ["activitypointer"] = "activitypointers", ["email"] = "emails", ["activityparty"] = "activityparties",
        ["annotation"] = "annotations", ["asyncoperation"] = "asyncoperations", ["incidentresolution"] = "incidentresolutions",
        ["opportunityclose"] = "opportunitycloses",
        ["environmentvariabledefinition"] = "environmentvariabledefinitions", ["environmentvariablevalue"] = "environmentvariablevalues",
        ["appmodule"] = "appmodules",
    };

    /// <summary>Describes one standard table in a few readable lines: <c>new Table(...).String("name", 160)...</c>.</summary>
    private sealed class Table
    {
        public Table(string logicalName, string schemaName, string primaryIdColumn, string primaryNameColumn, int objectTypeCode, string displayName, string pluralName)
        {
            Model = new TableModel
            {
                LogicalName = logicalName,
                SchemaName = schemaName,
                DisplayName = displayName,
                DisplayCollectionName = pluralName,
                EntitySetName = EntitySetNames.TryGetValue(logicalName, out var set) ? set : "",
                IsCustomTable = false,
                PrimaryIdColumn = primaryIdColumn,
                PrimaryNameColumn = primaryNameColumn,
                ObjectTypeCode = objectTypeCode,
            };
            Add(primaryIdColumn, ColumnType.UniqueIdentifier);
        }

        public TableModel Model { get; }

        /// <summary>Sets the ownership and adds the columns Dataverse gives every table of that ownership.</summary>
        public Table Ownership(TableOwnership ownership)
        {
            Model.Ownership = ownership;
            if (ownership == TableOwnership.None) return this;
            if (ownership == TableOwnership.User)
            {
                Add("ownerid", ColumnType.Owner, c => c.Targets.AddRange(new[] { "systemuser", "team" }));
                Lookup("owninguser", "systemuser").Lookup("owningteam", "team").Lookup("owningbusinessunit", "businessunit");
            }
            DateTime("createdon").DateTime("modifiedon");
            Lookup("createdby", "systemuser").Lookup("modifiedby", "systemuser");
            Lookup("createdonbehalfby", "systemuser").Lookup("modifiedonbehalfby", "systemuser");
            BigInt("versionnumber").DateTime("overriddencreatedon");
            return Add("importsequencenumber", ColumnType.Integer);
        }

        public Table TimeZone() =>
            Add("timezoneruleversionnumber", ColumnType.Integer).Add("utcconversiontimezonecode", ColumnType.Integer);

        /// <summary>The columns every activity table shares.</summary>
        public Table Activity()
        {
            Model.IsActivity = true;
            String("subject", 400).Memo("description", 1048576);
            Lookup("regardingobjectid", "account", "contact", "incident", "opportunity");
            EntityName("activitytypecode");
            DateTime("actualstart").DateTime("actualend").DateTime("scheduledstart").DateTime("scheduledend");
            Integer("actualdurationminutes");
            Boolean("isregularactivity");
            return Choice("prioritycode", (0, "Low"), (1, "Normal"), (2, "High"));
        }

        public Table String(string name, int maxLength, RequiredLevel required = RequiredLevel.None) =>
            Add(name, ColumnType.String, c => { c.MaxLength = maxLength; c.RequiredLevel = required; });

        public Table Memo(string name, int maxLength = 2000) => Add(name, ColumnType.Memo, c => c.MaxLength = maxLength);

        public Table Integer(string name, int min = int.MinValue, int max = int.MaxValue) =>
            Add(name, ColumnType.Integer, c => { c.MinValue = min; c.MaxValue = max; });

        public Table BigInt(string name) => Add(name, ColumnType.BigInt);
        public Table Decimal(string name, int precision = 2) => Add(name, ColumnType.Decimal, c => c.Precision = precision);
        public Table Double(string name) => Add(name, ColumnType.Double);

        public Table Money(string name) =>
            Add(name, ColumnType.Money, c => { c.Precision = 2; c.MinValue = -922337203685477m; c.MaxValue = 922337203685477m; });

        public Table DateTime(string name) => Add(name, ColumnType.DateTime);
        public Table Guid(string name) => Add(name, ColumnType.UniqueIdentifier);
        public Table EntityName(string name) => Add(name, ColumnType.EntityName);

        public Table PartyList(string name) =>
            Add(name, ColumnType.PartyList, c => c.Targets.AddRange(new[] { "account", "contact", "systemuser" }));

        public Table Boolean(string name, string falseLabel = "No", string trueLabel = "Yes") =>
            Add(name, ColumnType.Boolean, c => c.Options.AddRange(new[] { new OptionModel { Value = 0, Label = falseLabel }, new OptionModel { Value = 1, Label = trueLabel } }));

        public Table Choice(string name, params (int Value, string Label)[] options) =>
            Add(name, ColumnType.Picklist, c => c.Options.AddRange(options.Select(o => new OptionModel { Value = o.Value, Label = o.Label })));

        public Table Lookup(string name, params string[] targets) => Lookup(name, RequiredLevel.None, targets);

        public Table Lookup(string name, RequiredLevel required, params string[] targets) =>
            Add(name, ColumnType.Lookup, c => { c.Targets.AddRange(targets); c.RequiredLevel = required; });

        public Table Customer(string name, RequiredLevel required = RequiredLevel.None) =>
            Add(name, ColumnType.Customer, c => { c.Targets.AddRange(new[] { "account", "contact" }); c.RequiredLevel = required; });

        /// <summary>statecode: (value, label, the status reason a row gets in this state when none is given).</summary>
        public Table States(params (int Value, string Label, int DefaultStatus)[] states) =>
            Add("statecode", ColumnType.State, c => c.Options.AddRange(states.Select(s => new OptionModel { Value = s.Value, Label = s.Label, DefaultStatus = s.DefaultStatus })));

        /// <summary>statuscode: (value, label, the state it belongs to).</summary>
        public Table Statuses(params (int Value, string Label, int State)[] statuses) =>
            Add("statuscode", ColumnType.Status, c => c.Options.AddRange(statuses.Select(s => new OptionModel { Value = s.Value, Label = s.Label, State = s.State })));

        /// <summary>Active (status 1) / Inactive (status 2), the states of most tables.</summary>
        public Table ActiveInactive() =>
            States((0, "Active", 1), (1, "Inactive", 2)).Statuses((1, "Active", 0), (2, "Inactive", 1));

        private Table Add(string name, ColumnType type, Action<ColumnModel>? describe = null)
        {
            var column = new ColumnModel
            {
                LogicalName = name,
                SchemaName = name,
                DisplayName = DisplayNames.TryGetValue(name, out var display) ? display : name,
                Type = type,
            };
            describe?.Invoke(column);
            Model.Columns.RemoveAll(c => c.LogicalName == name);
            Model.Columns.Add(column);
            return this;
        }
    }
}
