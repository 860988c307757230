using System;
using System.Text;
using Microsoft.Xrm.Sdk;
using WinBack.Core.Disengagement;
using WinBack.Core.Extraction;

namespace WinBack.Plugins.Disengagement
{
    /// <summary>What is stored on an account: its scoring inputs and its last result, to tell whether anything changed.</summary>
    internal sealed class AccountRow
    {
        public AccountRow(AccountFacts facts)
        {
            Facts = facts;
        }

        public AccountFacts Facts { get; }
        public int? Score { get; set; }
        public int? Band { get; set; }
        public bool ValueGap { get; set; }
        public bool TrustGap { get; set; }
        public bool ExperienceGap { get; set; }
        public bool GrowthGap { get; set; }
        public string? Reasons { get; set; }
        public string? ReasonData { get; set; }
        public DateTime? FlaggedOn { get; set; }

        /// <summary>The row version read with the stored result (versionnumber), for a write that must not overwrite a newer one.</summary>
        public long? Version { get; set; }

        /// <summary>The stored gap flags, as Core compares them.</summary>
        public GapFlags Gaps =>
            (ValueGap ? GapNames.Flag(Gap.Value) : GapFlags.None)
            | (TrustGap ? GapNames.Flag(Gap.Trust) : GapFlags.None)
            | (ExperienceGap ? GapNames.Flag(Gap.Experience) : GapFlags.None)
            | (GrowthGap ? GapNames.Flag(Gap.Growth) : GapFlags.None);

        /// <summary>The account columns every read path asks for, as FetchXML attributes.</summary>
        public static string FetchAttributes()
        {
            var xml = new StringBuilder();
            foreach (var column in new[]
            {
                Schema.Account.Name, Schema.Account.CreatedOn, Schema.Account.RenewalOn, Schema.Account.PrimaryContact,
                Schema.Account.Score, Schema.Account.Band, Schema.Account.ValueGap, Schema.Account.TrustGap,
                Schema.Account.ExperienceGap, Schema.Account.GrowthGap, Schema.Account.Reasons, Schema.Account.ReasonData,
                Schema.Account.FlaggedOn, Schema.Account.Version,
            })
            {
                xml.Append("<attribute name=\"").Append(column).Append("\" />");
            }

            return xml.ToString();
        }

        /// <summary>The primary contact's status, joined to the account (no request of its own).</summary>
        public static string ChampionLink() =>
            "<link-entity name=\"" + Schema.Contact.Table + "\" from=\"" + Schema.Contact.Id + "\" to=\"" + Schema.Account.PrimaryContact
            + "\" link-type=\"outer\" alias=\"champion\"><attribute name=\"" + Schema.Contact.State + "\" /></link-entity>";

        public static AccountRow From(Entity account)
        {
            var facts = new AccountFacts(account.Id)
            {
                Name = account.GetAttributeValue<string>(Schema.Account.Name),
                CreatedOn = Fetch.Moment(Fetch.Get(account, Schema.Account.CreatedOn)),
                RenewalOn = Fetch.Moment(Fetch.Get(account, Schema.Account.RenewalOn)),
            };

            if (account.GetAttributeValue<EntityReference>(Schema.Account.PrimaryContact) != null)
            {
                var championState = Fetch.Option(Fetch.Get(account, "champion." + Schema.Contact.State));
                facts.ChampionLeft = championState != null && championState.Value != 0;
            }

            return new AccountRow(facts)
            {
                Score = (int?)Fetch.Number(Fetch.Get(account, Schema.Account.Score)),
                Band = Fetch.Option(Fetch.Get(account, Schema.Account.Band)),
                ValueGap = Fetch.Flag(Fetch.Get(account, Schema.Account.ValueGap)),
                TrustGap = Fetch.Flag(Fetch.Get(account, Schema.Account.TrustGap)),
                ExperienceGap = Fetch.Flag(Fetch.Get(account, Schema.Account.ExperienceGap)),
                GrowthGap = Fetch.Flag(Fetch.Get(account, Schema.Account.GrowthGap)),
                Reasons = account.GetAttributeValue<string>(Schema.Account.Reasons),
                ReasonData = account.GetAttributeValue<string>(Schema.Account.ReasonData),
                FlaggedOn = Fetch.Moment(Fetch.Get(account, Schema.Account.FlaggedOn)),
                Version = Fetch.Get(account, Schema.Account.Version) is long version ? version : (long?)null,
            };
        }
    }
}
