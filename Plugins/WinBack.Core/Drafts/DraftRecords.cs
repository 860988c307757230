using System;
using System.Collections.Generic;
using WinBack.Core.Gate;

namespace WinBack.Core.Drafts
{
    /// <summary>The account as the composer reads it (account: name, customer since).</summary>
    public sealed class DraftAccount
    {
        public Guid Id { get; set; }
        public string Name { get; set; } = "";
        /// <summary>When the relationship began (account.createdon, as the tenure signal reads it), when known.</summary>
        public DateTime? CustomerSince { get; set; }
    }

    /// <summary>The person written to (contact: firstname, language).</summary>
    public sealed class DraftContact
    {
        public Guid Id { get; set; }
        public string? FirstName { get; set; }
        /// <summary>A language code such as "de" or "fr-CA"; null means the base language.</summary>
        public string? Language { get; set; }
    }

    /// <summary>A case behind the remediation (incident).</summary>
    public sealed class DraftCase
    {
        public Guid Id { get; set; }
        public string Number { get; set; } = "";
        public string Title { get; set; } = "";
        public DateTime OpenedOn { get; set; }
        public DateTime? ResolvedOn { get; set; }
        public bool SlaBreached { get; set; }
        /// <summary>Satisfaction 1 (very dissatisfied) to 5, when surveyed.</summary>
        public int? Satisfaction { get; set; }
    }

    /// <summary>An earlier outreach to the account and how it ended.</summary>
    public sealed class EarlierOutreach
    {
        public Guid Id { get; set; }
        public DateTime? SentOn { get; set; }
        public string Outcome { get; set; } = "";
    }

    /// <summary>Who signs the draft (systemuser: fullname, title).</summary>
    public sealed class DraftSender
    {
        public Guid Id { get; set; }
        public string? Name { get; set; }
        public string? Title { get; set; }
    }

    /// <summary>Everything the composer reads. Only these records are ever quoted.</summary>
    public sealed class DraftInput
    {
        public DraftAccount Account { get; set; } = new DraftAccount();
        public DraftContact? Contact { get; set; }
        /// <summary>The remediation's gap, root cause, fix, evidence and fixed-on date (shared with the gate).</summary>
        public RemediationFacts Remediation { get; set; } = new RemediationFacts();
        /// <summary>Whether the cause was in the company's control (wb_causecontrollable); null when not recorded.</summary>
        public bool? CauseControllable { get; set; }
        public IList<DraftCase> Cases { get; set; } = new List<DraftCase>();
        /// <summary>The disengagement reasons as stored (their codes), for the record; the offer follows the gap.</summary>
        public IList<string> Reasons { get; set; } = new List<string>();
        public IList<EarlierOutreach> Earlier { get; set; } = new List<EarlierOutreach>();
        public DraftSender Sender { get; set; } = new DraftSender();
    }

    /// <summary>Where a sentence's fact came from: table, record id and column. Quote is plain text, never markup.</summary>
    public sealed class Citation
    {
        public Citation(string table, Guid id, string column, string quote)
        {
            Table = table;
            Id = id;
            Column = column;
            Quote = quote;
        }

        public string Table { get; }
        public Guid Id { get; }
        public string Column { get; }
        /// <summary>The sentence that states the fact, as plain text.</summary>
        public string Quote { get; }
        /// <summary>The value as written into the sentence (plain text); empty when the sentence itself is the fact.</summary>
        public string Value { get; set; } = "";
        /// <summary>True when the sentence shows a summary and the full value is in the cited column.</summary>
        public bool Summarised { get; set; }
    }
}
