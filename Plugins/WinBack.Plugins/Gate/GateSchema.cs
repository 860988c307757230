namespace WinBack.Plugins.Gate
{
    /// <summary>Logical names of the tables and columns the gate reads and writes.</summary>
    internal static class GateSchema
    {
        public static class Remediation
        {
            public const string Table = "wb_remediation";
            public const string Id = "wb_remediationid";
            public const string Name = "wb_name";
            public const string Account = "wb_accountid";
            public const string Gap = "wb_gap";
            public const string RootCause = "wb_rootcause";
            public const string Fix = "wb_fix";
            public const string Evidence = "wb_evidence";
            public const string FixedOn = "wb_fixedon";
            public const string FixedBy = "wb_fixedby";
            public const string VerifiedBy = "wb_verifiedby";
            public const string VerifiedOn = "wb_verifiedon";
        }

        public static class Outreach
        {
            public const string Table = "wb_outreach";
            public const string Id = "activityid";
            public const string Subject = "subject";
            public const string Regarding = "regardingobjectid";
            public const string Remediation = "wb_remediationid";
            public const string Contact = "wb_contactid";
            public const string Channel = "wb_channel";
            public const string GateStamp = "wb_gatestamp";
            public const string GateCheckedOn = "wb_gatecheckedon";
            public const string ActualEnd = "actualend";
            public const string ModifiedOn = "modifiedon";
        }

        public static class Account
        {
            public const string Table = "account";
            public const string Id = "accountid";
            public const string Name = "name";
            public const string FlaggedOn = "wb_flaggedon";
            public const string ValueGap = "wb_valuegap";
            public const string TrustGap = "wb_trustgap";
            public const string ExperienceGap = "wb_experiencegap";
            public const string GrowthGap = "wb_growthgap";
            public const string Holdout = "wb_holdout";
            public const string HoldoutAssignedOn = "wb_holdoutassignedon";
        }

        public static class Contact
        {
            public const string Table = "contact";
            public const string Id = "contactid";
            public const string FullName = "fullname";
            public const string Company = "parentcustomerid";
            public const string DoNotEmail = "donotemail";
            public const string DoNotPhone = "donotphone";
        }

        public static class Email
        {
            public const string Table = "email";
            public const string Outreach = "wb_outreachid";
        }

        public const string State = "statecode";
        public const string Status = "statuscode";
    }
}
