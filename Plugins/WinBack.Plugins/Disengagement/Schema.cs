namespace WinBack.Plugins.Disengagement
{
    /// <summary>Logical names of the tables and columns the disengagement plug-ins read and write.</summary>
    internal static class Schema
    {
        public static class Account
        {
            public const string Table = "account";
            public const string Id = "accountid";
            public const string Name = "name";
            public const string CreatedOn = "createdon";
            public const string State = "statecode";
            public const string PrimaryContact = "primarycontactid";
            public const string RenewalOn = "wb_renewalon";
            public const string Score = "wb_disengagementscore";
            public const string Band = "wb_riskband";
            public const string ValueGap = "wb_valuegap";
            public const string TrustGap = "wb_trustgap";
            public const string ExperienceGap = "wb_experiencegap";
            public const string GrowthGap = "wb_growthgap";
            public const string Reasons = "wb_disengagementreasons";
            public const string FlaggedOn = "wb_flaggedon";
            public const string ReasonData = "wb_disengagementreasondata";
            public const string LastScoredOn = "wb_lastscoredon";
            public const string Version = "versionnumber";
            public const string LastChangedOn = "wb_lastchangedon";
            public const string NeedsRescore = "wb_needsrescore";
        }

        public static class Population
        {
            public const string Table = "wb_population";
            public const string Id = "wb_populationid";
            public const string Name = "wb_name";
            public const string Distribution = "wb_distribution";
            public const string Accounts = "wb_accounts";
            public const string RefreshedOn = "wb_refreshedon";
            public const string Sample = "wb_sample";
            public const string UsageEnd = "wb_usageend";

            /// <summary>The one row's name.</summary>
            public const string RowName = "Organisation";
        }

        /// <summary>The policy store: scoring policies of any size, the active row in use.</summary>
        public static class ScoringPolicy
        {
            public const string Table = "wb_scoringpolicy";
            public const string Id = "wb_scoringpolicyid";
            public const string Name = "wb_name";
            public const string Policy = "wb_policy";
            public const string ActivatedOn = "wb_activatedon";
            public const string ActivatedBy = "wb_activatedby";
            public const string State = "statecode";
            public const string Status = "statuscode";

            public const int Active = 0;
            public const int Inactive = 1;
            public const int InactiveStatus = 2;

            /// <summary>
            /// Rows the reader fetches: the active one and, behind it, the rows most recently in use, which stand in
            /// when the active one is invalid.
            /// </summary>
            public const int RowsRead = 3;
        }

        public static class History
        {
            public const string Table = "wb_disengagementhistory";
            public const string Name = "wb_name";
            public const string Account = "wb_accountid";
            public const string ScoredOn = "wb_scoredon";
            public const string Score = "wb_score";
            // The band and gap columns have the account's names (Schema.Account).
            public const string Reasons = "wb_reasons";
            public const string ReasonData = "wb_reasondata";
        }

        public static class Usage
        {
            public const string Table = "wb_usagesnapshot";
            public const string Id = "wb_usagesnapshotid";
            public const string Account = "wb_accountid";
            public const string PeriodStart = "wb_periodstart";
            public const string PeriodEnd = "wb_periodend";
            public const string Logins = "wb_logins";
            public const string ActiveUsers = "wb_activeusers";
            public const string Volume = "wb_usagevolume";
            public const string LastActivityOn = "wb_lastactivityon";
            public const string Spend = "wb_spend";
            public const string Downgrades = "wb_downgrades";
        }

        /// <summary>The case resolution CloseIncident creates; its actualend is when the case was resolved.</summary>
        public static class CaseResolution
        {
            public const string Table = "incidentresolution";
            public const string Case = "incidentid";
            public const string ActualEnd = "actualend";
            public const string CreatedOn = "createdon";
        }

        public static class Case
        {
            public const string Table = "incident";
            public const string Id = "incidentid";
            public const string Customer = "customerid";
            public const string CreatedOn = "createdon";
            public const string State = "statecode";
            public const string Priority = "prioritycode";
            public const string CaseType = "casetypecode";
            public const string ResolveBy = "resolveby";
            public const string Satisfaction = "customersatisfactioncode";
            public const string ResolvedOn = "wb_resolvedon";
            public const string SlaBreached = "wb_slabreached";
            public const string ReopenCount = "wb_reopencount";
            public const string Complaint = "wb_iscomplaint";
        }

        public static class Email
        {
            public const string Table = "email";
            public const string Id = "activityid";
            public const string Regarding = "regardingobjectid";
            public const string Direction = "directioncode";
            public const string SentOn = "senton";
            public const string OpenCount = "opencount";
        }

        public static class Contact
        {
            public const string Table = "contact";
            public const string Id = "contactid";
            public const string ParentCustomer = "parentcustomerid";
            public const string State = "statecode";
        }

        public static class Opportunity
        {
            public const string Table = "opportunity";
            public const string Id = "opportunityid";
            public const string Account = "parentaccountid";
            public const string State = "statecode";
            public const string ClosedOn = "actualclosedate";
        }

        public static class EnvironmentVariable
        {
            public const string Definition = "environmentvariabledefinition";
            public const string DefinitionId = "environmentvariabledefinitionid";
            public const string SchemaName = "schemaname";
            public const string DefaultValue = "defaultvalue";
            public const string Value = "environmentvariablevalue";
            public const string ValueColumn = "value";
        }
    }
}
