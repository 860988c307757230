namespace Dataverse.Local.Metadata;

using static ColumnRequirement;

/// <summary>
/// The standard Dataverse tables the suite touches, with their real logical names, primary columns, column
/// types, choice values (Microsoft Learn, "Dataverse table/entity reference") and the relationships and cascade
/// behaviours that decide what a delete does. Only the columns the suite, its demo and its tests use are listed.
/// </summary>
public static class StandardTables
{
    public static void AddTo(MetadataCatalog catalog)
    {
        foreach (var table in Build()) catalog.AddTable(table);
        foreach (var relationship in Relationships()) catalog.AddRelationship(relationship);
    }

    public static IEnumerable<TableMetadata> Build()
    {
        yield return new TableBuilder("businessunit", "BusinessUnit", "businessunitid", "name").TypeCode(10).Display("Business Unit")
            .Ownership(TableOwnershipKind.BusinessOwned)
            .String("name", 160, SystemRequired).Lookup("parentbusinessunitid", "businessunit").Boolean("isdisabled")
            .String("divisionname", 100).String("emailaddress", 100).String("websiteurl", 200).Table;

        yield return new TableBuilder("systemuser", "SystemUser", "systemuserid", "fullname").TypeCode(8).Display("User").Privileges("User")
            .Ownership(TableOwnershipKind.BusinessOwned)
            .String("fullname", 200).String("firstname", 64).String("lastname", 64).String("domainname", 1024, SystemRequired)
            .String("internalemailaddress", 100).Lookup("businessunitid", SystemRequired, "businessunit")
            .Lookup("parentsystemuserid", "systemuser").Boolean("isdisabled", "Enabled", "Disabled").String("title", 128)
            .Choice("accessmode", (0, "Read-Write"), (1, "Administrative"), (2, "Read"), (3, "Support User"), (4, "Non-interactive"), (5, "Delegated Admin"))
            .Guid("azureactivedirectoryobjectid").Guid("applicationid").Boolean("islicensed").Table;

        yield return new TableBuilder("team", "Team", "teamid", "name").TypeCode(9).Ownership(TableOwnershipKind.BusinessOwned)
            .String("name", 160, SystemRequired).Lookup("businessunitid", SystemRequired, "businessunit").Lookup("administratorid", "systemuser")
            .Choice("teamtype", (0, "Owner"), (1, "Access"), (2, "Security Group"), (3, "Office Group"))
            .Boolean("isdefault").Memo("description").Guid("azureactivedirectoryobjectid").Table;

        var membership = new TableBuilder("teammembership", "TeamMembership", "teammembershipid", "")
            .Guid("systemuserid").Guid("teamid").Table;
        membership.Ownership = TableOwnershipKind.None;
        membership.IsIntersect = true;
        membership.ObjectTypeCode = 23;
        yield return membership;

        yield return new TableBuilder("role", "Role", "roleid", "name").TypeCode(1036).Display("Security Role").Ownership(TableOwnershipKind.BusinessOwned)
            .String("name", 100, SystemRequired).Lookup("businessunitid", SystemRequired, "businessunit").Lookup("parentroleid", "role")
            .Boolean("ismanaged").Table;

        yield return new TableBuilder("transactioncurrency", "TransactionCurrency", "transactioncurrencyid", "currencyname").TypeCode(9105).Display("Currency")
            .Ownership(TableOwnershipKind.OrganizationOwned)
            .String("currencyname", 100, SystemRequired).String("isocurrencycode", 5, SystemRequired).String("currencysymbol", 13)
            .Decimal("exchangerate", 10).Integer("currencyprecision", 0, 4).ActiveInactive().Table;

        yield return new TableBuilder("account", "Account", "accountid", "name").TypeCode(1).Ownership(TableOwnershipKind.UserOwned)
            .String("name", 160, ApplicationRequired).String("accountnumber", 20).Lookup("parentaccountid", "account")
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
            .Lookup("transactioncurrencyid", "transactioncurrency").ActiveInactive().Table;

        yield return new TableBuilder("contact", "Contact", "contactid", "fullname").TypeCode(2).Ownership(TableOwnershipKind.UserOwned)
            .String("fullname", 160).String("firstname", 50).String("lastname", 50, ApplicationRequired)
            .Customer("parentcustomerid").String("emailaddress1", 100).String("telephone1", 50).String("mobilephone", 50)
            .String("jobtitle", 100).Boolean("donotemail", "Allow", "Do Not Allow")
            .Choice("accountrolecode", (1, "Decision Maker"), (2, "Employee"), (3, "Influencer"))
            .Choice("preferredcontactmethodcode", (1, "Any"), (2, "Email"), (3, "Phone"), (4, "Fax"), (5, "Mail"))
            .Memo("description").Lookup("transactioncurrencyid", "transactioncurrency").ActiveInactive().Table;

        yield return new TableBuilder("slakpiinstance", "SLAKPIInstance", "slakpiinstanceid", "name").TypeCode(9752).Display("SLA KPI Instance")
            .Ownership(TableOwnershipKind.UserOwned)
            .String("name", 100).Lookup("regarding", "incident", "account", "contact")
            .Choice("status", (0, "In Progress"), (1, "Noncompliant"), (2, "Nearing Noncompliance"), (3, "Paused"), (4, "Succeeded"), (5, "Canceled"))
            .DateTime("failuretime").DateTime("warningtime").DateTime("succeededon").DateTime("computedfailuretime").Table;

        yield return new TableBuilder("incident", "Incident", "incidentid", "title").TypeCode(112).Display("Case").Ownership(TableOwnershipKind.UserOwned)
            .String("title", 200, ApplicationRequired).String("ticketnumber", 100).Customer("customerid", SystemRequired)
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
                (5, "Problem Solved", 1), (1000, "Information Provided", 1), (6, "Cancelled", 2), (2000, "Merged", 2)).Table;

        yield return new TableBuilder("opportunity", "Opportunity", "opportunityid", "name").TypeCode(3).Ownership(TableOwnershipKind.UserOwned)
            .String("name", 300, ApplicationRequired).Customer("customerid").Lookup("parentaccountid", "account").Lookup("parentcontactid", "contact")
            .Money("estimatedvalue").Money("actualvalue").Money("budgetamount").DateTime("estimatedclosedate").DateTime("actualclosedate")
            .Integer("closeprobability", 0, 100).String("stepname", 200)
            .Choice("opportunityratingcode", (1, "Hot"), (2, "Warm"), (3, "Cold"))
            .Choice("salesstagecode", (0, "Qualify"), (1, "Develop"), (2, "Propose"), (3, "Close"))
            .Choice("purchasetimeframe", (0, "Immediate"), (1, "This Quarter"), (2, "Next Quarter"), (3, "This Year"), (4, "Unknown"))
            .Choice("budgetstatus", (0, "No Committed Budget"), (1, "May Buy"), (2, "Can Buy"), (3, "Will Buy"))
            .Memo("description").Lookup("transactioncurrencyid", "transactioncurrency")
            .States((0, "Open", 1), (1, "Won", 3), (2, "Lost", 4))
            .Statuses((1, "In Progress", 0), (2, "On Hold", 0), (3, "Won", 1), (4, "Canceled", 2), (5, "Out-Sold", 2)).Table;

        yield return new TableBuilder("activitypointer", "ActivityPointer", "activityid", "subject").TypeCode(4200).Display("Activity")
            .Ownership(TableOwnershipKind.UserOwned).Activity()
            .States((0, "Open", 1), (1, "Completed", 2), (2, "Canceled", 3), (3, "Scheduled", 4))
            .Statuses((1, "Open", 0), (2, "Completed", 1), (3, "Canceled", 2), (4, "Scheduled", 3)).Table;

        yield return new TableBuilder("email", "Email", "activityid", "subject").TypeCode(4202).Ownership(TableOwnershipKind.UserOwned).Activity()
            .PartyList("from").PartyList("to").PartyList("cc").PartyList("bcc")
            .Boolean("directioncode", "Incoming", "Outgoing").String("sender", 250).String("torecipients", 500)
            .String("messageid", 320).String("inreplyto", 320).String("trackingtoken", 50).Guid("conversationtrackingid")
            .Lookup("parentactivityid", "email").DateTime("senton").DateTime("delayedemailsendtime").DateTime("lastopenedtime")
            .Integer("opencount", 0).Integer("attachmentopencount", 0).Integer("linksclickedcount", 0).Integer("replycount", 0)
            .Boolean("isemailfollowed").Boolean("emailreminderstatus")
            .States((0, "Open", 1), (1, "Completed", 2), (2, "Canceled", 5))
            .Statuses((1, "Draft", 0), (8, "Failed", 0), (2, "Completed", 1), (3, "Sent", 1), (4, "Received", 1),
                (6, "Pending Send", 1), (7, "Sending", 1), (5, "Canceled", 2)).Table;

        var party = new TableBuilder("activityparty", "ActivityParty", "activitypartyid", "").TypeCode(135).Display("Activity Party")
            .Lookup("activityid", "activitypointer").Lookup("partyid", "account", "contact", "systemuser")
            .Choice("participationtypemask", (1, "Sender"), (2, "To Recipient"), (3, "CC Recipient"), (4, "BCC Recipient"),
                (5, "Required attendee"), (6, "Optional attendee"), (7, "Organizer"), (8, "Regarding"), (9, "Owner"), (10, "Resource"), (11, "Customer"))
            .String("addressused", 320).Boolean("ispartydeleted").Platform("partyobjecttypecode", ColumnKind.EntityName).Table;
        party.Ownership = TableOwnershipKind.None;
        party.PrivilegeName = "Activity";
        yield return party;

        yield return new TableBuilder("annotation", "Annotation", "annotationid", "subject").TypeCode(5).Display("Note").Privileges("Note")
            .Ownership(TableOwnershipKind.UserOwned)
            .String("subject", 500).Memo("notetext", 100000).Lookup("objectid", "account", "contact", "incident", "opportunity", "email")
            .EntityName("objecttypecode").Boolean("isdocument").String("filename", 255).String("mimetype", 256)
            .Memo("documentbody", 1073741823).Integer("filesize", 0).Table;

        yield return new TableBuilder("asyncoperation", "AsyncOperation", "asyncoperationid", "name").TypeCode(4700).Display("System Job")
            .Ownership(TableOwnershipKind.UserOwned)
            .String("name", 256).String("messagename", 160).EntityName("primaryentitytype")
            .Choice("operationtype", (1, "System Event"), (10, "Workflow"), (13, "Bulk Delete"))
            .States((0, "Ready", 0), (1, "Suspended", 10), (2, "Locked", 20), (3, "Completed", 30))
            .Statuses((0, "Waiting For Resources", 0), (10, "Waiting", 1), (20, "In Progress", 2), (21, "Pausing", 2),
                (22, "Canceling", 2), (30, "Succeeded", 3), (31, "Failed", 3), (32, "Canceled", 3))
            .Memo("message", 1048576).Memo("friendlymessage", 1048576).Integer("errorcode").Guid("correlationid").Integer("depth")
            .Lookup("regardingobjectid").Lookup("owningextensionid", "sdkmessageprocessingstep")
            .DateTime("startedon").DateTime("completedon").Double("executiontimespan").Integer("retrycount").Table;
    }

    public static IEnumerable<RelationshipMetadata> Relationships()
    {
        RelationshipMetadata R(string name, string parent, string child, string lookup, CascadeKind delete) =>
            new(name, parent, parent == "activitypointer" || parent == "email" ? "activityid" : parent + "id", child, lookup) { CascadeDelete = delete };

        yield return R("business_unit_parent_business_unit", "businessunit", "businessunit", "parentbusinessunitid", CascadeKind.Restrict);
        yield return R("business_unit_system_users", "businessunit", "systemuser", "businessunitid", CascadeKind.Restrict);
        yield return R("business_unit_teams", "businessunit", "team", "businessunitid", CascadeKind.Restrict);
        yield return R("business_unit_roles", "businessunit", "role", "businessunitid", CascadeKind.Cascade);
        yield return new RelationshipMetadata("teammembership_association", "team", "teamid", "systemuser", "systemuserid")
        {
            IsManyToMany = true,
            IntersectTable = "teammembership",
            IntersectColumn1 = "teamid",
            IntersectColumn2 = "systemuserid",
            CascadeDelete = CascadeKind.Cascade,
        };
        yield return R("account_parent_account", "account", "account", "parentaccountid", CascadeKind.RemoveLink);
        yield return R("account_primary_contact", "contact", "account", "primarycontactid", CascadeKind.RemoveLink);
        yield return R("contact_customer_accounts", "account", "contact", "parentcustomerid", CascadeKind.Cascade);
        yield return R("contact_customer_contacts", "contact", "contact", "parentcustomerid", CascadeKind.Cascade);
        yield return R("incident_customer_accounts", "account", "incident", "customerid", CascadeKind.Cascade);
        yield return R("incident_customer_contacts", "contact", "incident", "customerid", CascadeKind.Cascade);
        yield return R("contact_as_primary_contact", "contact", "incident", "primarycontactid", CascadeKind.RemoveLink);
        yield return R("incident_parent_incident", "incident", "incident", "parentcaseid", CascadeKind.RemoveLink);
        yield return R("opportunity_customer_accounts", "account", "opportunity", "customerid", CascadeKind.Cascade);
        yield return R("opportunity_customer_contacts", "contact", "opportunity", "customerid", CascadeKind.Cascade);
        yield return R("opportunity_parent_account", "account", "opportunity", "parentaccountid", CascadeKind.Cascade);
        yield return R("opportunity_parent_contact", "contact", "opportunity", "parentcontactid", CascadeKind.Cascade);
        foreach (var parent in new[] { ("account", "Account"), ("contact", "Contact"), ("incident", "Incident"), ("opportunity", "Opportunity") })
        {
            yield return R($"{parent.Item2}_ActivityPointers", parent.Item1, "activitypointer", "regardingobjectid", CascadeKind.Cascade);
            yield return R($"{parent.Item2}_Emails", parent.Item1, "email", "regardingobjectid", CascadeKind.Cascade);
            yield return R($"{parent.Item2}_Annotation", parent.Item1, "annotation", "objectid", CascadeKind.Cascade);
        }
        yield return R("Email_Annotation", "email", "annotation", "objectid", CascadeKind.Cascade);
        yield return R("activitypointer_activity_parties", "activitypointer", "activityparty", "activityid", CascadeKind.Cascade);
        yield return R("slakpiinstance_incident_resolvebykpi", "slakpiinstance", "incident", "resolvebykpiid", CascadeKind.RemoveLink);
        yield return R("slakpiinstance_incident_firstresponsebykpi", "slakpiinstance", "incident", "firstresponsebykpiid", CascadeKind.RemoveLink);
        yield return R("slakpiinstance_incident", "incident", "slakpiinstance", "regarding", CascadeKind.Cascade);
    }
}
