using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Query;
using WinBack.Core.Disengagement;
using WinBack.Plugins.Extraction;

namespace WinBack.Plugins.Disengagement
{
    /// <summary>What one recalculation did.</summary>
    internal sealed class RecalculationOutcome
    {
        public int Processed { get; set; }
        public int Changed { get; set; }
        public int Flagged { get; set; }
        public int NewlyFlagged { get; set; }
        public bool MoreRecords { get; set; }
        public string? PagingCookie { get; set; }

        /// <summary>For one account: its result (null when the account was not found or is inactive).</summary>
        public ScoreResult? Result { get; set; }
        public string? Reasons { get; set; }

        /// <summary>True when the account changed between reading and writing it, so nothing was written.</summary>
        public bool Conflicted { get; set; }
    }

    /// <summary>
    /// Recalculates disengagement for one account or for one page of active accounts: reads the policy and the
    /// signals, scores with Core, and writes only the accounts whose result changed (plus one history row each).
    /// One instance per plug-in call.
    /// </summary>
    internal sealed class DisengagementRecalculator
    {
        /// <summary>The largest page: Dataverse returns at most 5,000 rows a page.</summary>
        public const int MaxPageSize = 5000;

        /// <summary>The page size when the caller gives none.</summary>
        public const int DefaultPageSize = 2000;

        private readonly IOrganizationService service;
        private readonly ITracingService tracing;
        private readonly DateTime scoringDate;

        private readonly bool guardConcurrentWrites;

        /// <param name="guardConcurrentWrites">
        /// True for asynchronous jobs, which Dataverse runs several at once: one account's result is then written only
        /// if the account did not change since it was read (optimistic concurrency), so two jobs for the same account
        /// never both write it and its history.
        /// </param>
        public DisengagementRecalculator(IOrganizationService service, ITracingService tracing, DateTime scoringDate, bool guardConcurrentWrites = false)
        {
            this.guardConcurrentWrites = guardConcurrentWrites;
            this.service = service;
            this.tracing = tracing;
            this.scoringDate = DateTime.SpecifyKind(scoringDate, DateTimeKind.Utc);
        }

        /// <summary>
        /// Recalculates one account: at most six requests (policy, three reads, two writes when it changed), and again
        /// (at most <see cref="Attempts"/> times) when an asynchronous job finds the account changed before its write.
        /// </summary>
        public RecalculationOutcome RecalculateAccount(Guid accountId) => Recalculate(accountId, null);

        /// <summary>Recalculates the account a contact works for, in the same six requests.</summary>
        public RecalculationOutcome RecalculateAccountOfContact(Guid contactId) => Recalculate(null, contactId);

        /// <summary>How often one account is read again when it changed while it was scored.</summary>
        private const int Attempts = 3;

        private RecalculationOutcome Recalculate(Guid? accountId, Guid? contactId)
        {
            var outcome = RecalculateOnce(accountId, contactId);
            for (var attempt = 1; attempt < Attempts && outcome.Conflicted; attempt++)
            {
                outcome = RecalculateOnce(accountId, contactId);
            }

            return outcome;
        }

        private RecalculationOutcome RecalculateOnce(Guid? accountId, Guid? contactId)
        {
            var policy = PolicyReader.Read(service, tracing).Policy;
            var windows = PolicyReader.WindowsFor(policy, scoringDate);
            var reader = new AccountSignalReader(service, windows);
            var row = accountId != null ? reader.Read(accountId.Value) : reader.ReadForContact(contactId!.Value);
            var outcome = new RecalculationOutcome();
            if (row == null)
            {
                tracing.Trace("{0}", (accountId != null ? "Account " + accountId : "The account of contact " + contactId)
                    + " was not found or is inactive; nothing to score.");
                return outcome;
            }

            var scored = Score(new[] { row }, policy, windows, outcome);
            outcome.Result = scored[0].Result;
            outcome.Reasons = scored[0].Reasons;
            return outcome;
        }

        /// <summary>
        /// Recalculates one page of active accounts, ordered by id. <paramref name="pagingCookie"/> is what the previous
        /// page returned (null for the first page).
        /// </summary>
        public RecalculationOutcome RecalculatePage(int pageSize, string? pagingCookie)
        {
            var cookie = PageCookie.Parse(pagingCookie);
            var policy = PolicyReader.Read(service, tracing).Policy;
            var windows = PolicyReader.WindowsFor(policy, scoringDate);

            var fetch =
                "<fetch count=\"" + pageSize.ToString(CultureInfo.InvariantCulture) + "\" page=\"" + cookie.PageNumber.ToString(CultureInfo.InvariantCulture) + "\""
                + (cookie.DataverseCookie == null ? string.Empty : " paging-cookie=\"" + Fetch.Escape(cookie.DataverseCookie) + "\"")
                + "><entity name=\"" + Schema.Account.Table + "\">" + AccountRow.FetchAttributes()
                + "<filter>" + Fetch.Condition(Schema.Account.State, "eq", 0) + "</filter>"
                + "<order attribute=\"" + Schema.Account.Id + "\" />"
                + AccountRow.ChampionLink()
                + "</entity></fetch>";
            var page = service.RetrieveMultiple(new FetchExpression(fetch));

            var rows = new List<AccountRow>(page.Entities.Count);
            var facts = new Dictionary<Guid, AccountFacts>(page.Entities.Count);
            foreach (var entity in page.Entities)
            {
                if (facts.ContainsKey(entity.Id))
                {
                    continue;
                }

                var row = AccountRow.From(entity);
                rows.Add(row);
                facts.Add(entity.Id, row.Facts);
            }

            new PageSignalReader(service, windows).Read(facts);
            var outcome = new RecalculationOutcome
            {
                MoreRecords = page.MoreRecords,
                PagingCookie = page.MoreRecords ? PageCookie.Format(cookie.PageNumber + 1, page.PagingCookie) : null,
            };
            Score(rows, policy, windows, outcome);
            tracing.Trace("{0}", string.Format(CultureInfo.InvariantCulture,
                "Page {0}: {1} accounts, {2} changed, {3} flagged.", cookie.PageNumber, outcome.Processed, outcome.Changed, outcome.Flagged));
            return outcome;
        }

        private List<ScoredAccount> Score(IReadOnlyList<AccountRow> rows, Policy policy, SignalWindows windows, RecalculationOutcome outcome)
        {
            var scorer = new DisengagementScorer(policy);
            var signals = new AccountSignals();
            var updates = new EntityCollection { EntityName = Schema.Account.Table };
            var history = new EntityCollection { EntityName = Schema.History.Table };
            var results = new List<ScoredAccount>(rows.Count);

            foreach (var row in rows)
            {
                row.Facts.ToSignals(windows, signals);
                var explanation = scorer.Explain(signals);
                var result = explanation.Result;
                var reasons = FitReasons(explanation.Text);
                results.Add(new ScoredAccount(result, reasons));
                outcome.Processed++;

                var flagged = Flagging.IsFlagged(result.Band);
                if (flagged)
                {
                    outcome.Flagged++;
                }

                if (!Flagging.Changed(row.Score, (RiskBand?)row.Band, row.Gaps, row.Reasons, result, reasons))
                {
                    continue;
                }

                outcome.Changed++;
                var flaggedOn = Flagging.FlaggedOn(row.FlaggedOn, result.Band, scoringDate);
                if (flagged && row.FlaggedOn == null)
                {
                    outcome.NewlyFlagged++;
                }

                var account = new Entity(Schema.Account.Table, row.Facts.AccountId);
                account[Schema.Account.Score] = result.RoundedScore;
                account[Schema.Account.Band] = new OptionSetValue((int)result.Band);
                account[Schema.Account.ValueGap] = result.IsFlagged(Gap.Value);
                account[Schema.Account.TrustGap] = result.IsFlagged(Gap.Trust);
                account[Schema.Account.ExperienceGap] = result.IsFlagged(Gap.Experience);
                account[Schema.Account.GrowthGap] = result.IsFlagged(Gap.Growth);
                account[Schema.Account.Reasons] = reasons;
                account[Schema.Account.LastScoredOn] = scoringDate;
                account[Schema.Account.FlaggedOn] = flaggedOn;
                updates.Entities.Add(account);

                var entry = new Entity(Schema.History.Table);
                entry[Schema.History.Name] = Truncate((row.Facts.Name ?? "Account") + " " + scoringDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " " + GapNames.Label(result.Band), 100);
                entry[Schema.History.Account] = new EntityReference(Schema.Account.Table, row.Facts.AccountId);
                entry[Schema.History.ScoredOn] = scoringDate;
                entry[Schema.History.Score] = result.RoundedScore;
                entry[Schema.History.Band] = new OptionSetValue((int)result.Band);
                entry[Schema.History.ValueGap] = result.IsFlagged(Gap.Value);
                entry[Schema.History.TrustGap] = result.IsFlagged(Gap.Trust);
                entry[Schema.History.ExperienceGap] = result.IsFlagged(Gap.Experience);
                entry[Schema.History.GrowthGap] = result.IsFlagged(Gap.Growth);
                entry[Schema.History.Reasons] = reasons;
                history.Entities.Add(entry);
            }

            if (updates.Entities.Count == 1 && rows.Count == 1)
            {
                // One account: plain Update and Create (bulk messages are not for plug-ins).
                var account = updates.Entities[0];
                var update = new UpdateRequest { Target = account };
                if (guardConcurrentWrites && rows[0].Version != null)
                {
                    account.RowVersion = rows[0].Version!.Value.ToString(CultureInfo.InvariantCulture);
                    update.ConcurrencyBehavior = ConcurrencyBehavior.IfRowVersionMatches;
                }

                try
                {
                    service.Execute(update);
                }
                catch (System.ServiceModel.FaultException<OrganizationServiceFault> fault) when (fault.Detail?.ErrorCode == ConcurrencyVersionMismatch)
                {
                    // The account changed since it was read (another job scored it, or someone edited it): score it again.
                    tracing.Trace("{0}", "The account changed while it was scored; reading it again.");
                    outcome.Changed--;
                    outcome.Conflicted = true;
                    return results;
                }

                service.Create(history.Entities[0]);
            }
            else if (updates.Entities.Count > 0)
            {
                // The daily refresh's page: the one place the plug-in still sends bulk messages (being redesigned; see
                // PluginRulesTests.The_plugin_assembly_sends_no_bulk_messages).
                service.Execute(new UpdateMultipleRequest { Targets = updates });
                service.Execute(new CreateMultipleRequest { Targets = history });
            }

            return results;
        }

        /// <summary>Dataverse's ConcurrencyVersionMismatch: the row changed since its RowVersion was read.</summary>
        private const int ConcurrencyVersionMismatch = unchecked((int)0x80060882);

        /// <summary>The reasons columns hold 4,000 characters: whole lines that fit, then an ellipsis line.</summary>
        internal const int ReasonsLength = 4000;

        private static string FitReasons(string text)
        {
            if (text.Length <= ReasonsLength)
            {
                return text;
            }

            var cut = text.LastIndexOf('\n', ReasonsLength - 2);
            return (cut > 0 ? text.Substring(0, cut) : text.Substring(0, ReasonsLength - 2)) + "\n…";
        }

        private static string Truncate(string text, int length) => text.Length <= length ? text : text.Substring(0, length);
    }

    internal sealed class ScoredAccount
    {
        public ScoredAccount(ScoreResult result, string reasons)
        {
            Result = result;
            Reasons = reasons;
        }

        public ScoreResult Result { get; }
        public string Reasons { get; }
    }

    /// <summary>
    /// The paging cookie the Custom API hands out: the next page number and Dataverse's own cookie, so a caller
    /// only passes back one opaque string.
    /// </summary>
    internal sealed class PageCookie
    {
        private PageCookie(int pageNumber, string? dataverseCookie)
        {
            PageNumber = pageNumber;
            DataverseCookie = dataverseCookie;
        }

        public int PageNumber { get; }
        public string? DataverseCookie { get; }

        public static string Format(int pageNumber, string? dataverseCookie) =>
            pageNumber.ToString(CultureInfo.InvariantCulture) + "|" + (dataverseCookie ?? string.Empty);

        public static PageCookie Parse(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return new PageCookie(1, null);
            }

            var bar = text!.IndexOf('|');
            // Dataverse's part is its own <cookie .../> element, or empty: anything else was not handed out here.
            if (bar <= 0 || !int.TryParse(text.Substring(0, bar), NumberStyles.None, CultureInfo.InvariantCulture, out var page) || page < 1
                || (bar + 1 < text.Length && string.CompareOrdinal(text, bar + 1, "<cookie", 0, 7) != 0))
            {
                throw new InvalidPluginExecutionException(
                    "The paging cookie is not one this API handed out. Pass the PagingCookie returned by the previous call unchanged, or leave it empty to start from the first page.");
            }

            var cookie = text.Substring(bar + 1);
            return new PageCookie(page, cookie.Length == 0 ? null : cookie);
        }
    }
}
