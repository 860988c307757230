using System;
using System.Collections.Generic;
using WinBack.Core.Disengagement;

namespace WinBack.Core.Gate
{
    /// <summary>What the gate knows of a remediation.</summary>
    public sealed class RemediationFacts
    {
        public Guid Id { get; set; }
        public string Name { get; set; } = "";
        public Guid AccountId { get; set; }
        public RemediationStatus Status { get; set; }
        public Gap? Gap { get; set; }
        public string? RootCause { get; set; }
        public string? Fix { get; set; }
        public string? Evidence { get; set; }
        public DateTime? FixedOn { get; set; }
        /// <summary>Who moved it to Fixed (wb_fixedby), when known.</summary>
        public Guid? FixedBy { get; set; }
    }

    /// <summary>What the gate knows of the outreach's account.</summary>
    public sealed class AccountFacts
    {
        public Guid Id { get; set; }
        public string Name { get; set; } = "";
        /// <summary>When the account was flagged (At risk or Disengaged); null when it is not flagged.</summary>
        public DateTime? FlaggedOn { get; set; }
        public GapFlags FlaggedGaps { get; set; }
        /// <summary>The stored control-group assignment (wb_holdout), or null when the account was never assigned.</summary>
        public bool? Holdout { get; set; }
    }

    /// <summary>What the gate knows of the person written to. Null contact facts mean the id matched no contact of the account.</summary>
    public sealed class ContactFacts
    {
        public Guid Id { get; set; }
        public string Name { get; set; } = "";
        public bool Active { get; set; } = true;
        public bool DoNotEmail { get; set; }
        public bool DoNotPhone { get; set; }
    }

    /// <summary>Another outreach of the same account, for fatigue.</summary>
    public sealed class OtherOutreach
    {
        public Guid Id { get; set; }
        public string Subject { get; set; } = "";
        public OutreachStatus Status { get; set; }
        /// <summary>When it was sent (actualend, else modifiedon), for Sent ones.</summary>
        public DateTime? SentOn { get; set; }
    }

    /// <summary>The outreach as it will be stored, and everything the gate reads about it.</summary>
    public sealed class OutreachCase
    {
        public Guid OutreachId { get; set; }
        public Guid? RemediationId { get; set; }
        /// <summary>The remediation as read, or null when the id matched no remediation.</summary>
        public RemediationFacts? Remediation { get; set; }
        /// <summary>The account the outreach regards (null when it regards none).</summary>
        public Guid? AccountId { get; set; }
        /// <summary>The remediation's account as read (the outreach must regard it).</summary>
        public AccountFacts? Account { get; set; }
        public Guid? ContactId { get; set; }
        /// <summary>The contact as read among the account's contacts, or null when it is not one of them.</summary>
        public ContactFacts? Contact { get; set; }
        public Channel? Channel { get; set; }
        public OutreachStatus Status { get; set; } = OutreachStatus.Draft;
        public IList<OtherOutreach> Others { get; set; } = new List<OtherOutreach>();
        /// <summary>Whether the fatigue rules apply to this write (a new outreach, a new account, a move to Sent).</summary>
        public bool CheckFatigue { get; set; } = true;
        /// <summary>Whether the open-outreach limit applies (a new outreach or a new account; not a status move).</summary>
        public bool CheckOpenLimit { get; set; } = true;
    }
}
