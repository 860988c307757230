using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Query;
using WinBack.Core.Disengagement;
using WinBack.Core.Extraction;

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
        public string? ReasonData { get; set; }

        /// <summary>True when the account changed between reading and writing it, so nothing was written.</summary>
        public bool Conflicted { get; set; }
    }

    /// <summary>
    /// Recalculates disengagement for one account or for one page of active accounts: reads the policy and the
    /// signals through one aggregate reader, scores with Core, and writes each account row by row: when it was
    /// checked always, its result (and one history row) only when the result changed. No bulk message: Dataverse's
    /// guidance keeps CreateMultiple and UpdateMultiple out of plug-ins, so pages are small instead.
    /// One instance per plug-in call.
    /// </summary>
    internal sealed class DisengagementRecalculator
    {
        /// <summary>
        /// The largest page. Every account of a page is written (at least its check date), and each write runs every
        /// solution's synchronous steps on account inside this one call, which Dataverse stops at two minutes.
        /// </summary>
        public const int MaxPageSize = 500;

        /// <summary>The page size when the caller gives none: 5 calls per 1,000 accounts.</summary>
        public const int DefaultPageSize = 200;

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
        /// Recalculates one account through the same reader as a page: the policy, where telemetry ends, the account,
        /// ten aggregate queries, one update and, when the result changed, one history row (16 requests with the caller's access check);
        /// again (at most <see cref="Attempts"/> times) when an asynchronous job finds the account changed before its write.
        /// </summary>
        public RecalculationOutcome RecalculateAccount(Guid accountId)
        {
            var outcome = RecalculateAccountOnce(accountId);
            for (var attempt = 1; attempt < Attempts && outcome.Conflicted; attempt++)
            {
                outcome = RecalculateAccountOnce(accountId);
            }

            return outcome;
        }

        /// <summary>How often one account is read again when it changed while it was scored.</summary>
        private const int Attempts = 3;

        /// <summary>Dataverse's ConcurrencyVersionMismatch: the row changed since its RowVersion was read.</summary>
        private const int ConcurrencyVersionMismatch = unchecked((int)0x80060882);

        private RecalculationOutcome RecalculateAccountOnce(Guid accountId)
        {
            var policy = PolicyReader.Read(service, tracing).Policy;
            var stored = PopulationReader.Read(service, tracing);
            var windows = SignalWindows.For(policy, scoringDate, PageSignalReader.UsageEndFor(service, scoringDate, stored.UsageEnd, accountId));
            var fetch =
                "<fetch><entity name=\"" + Schema.Account.Table + "\">" + AccountRow.FetchAttributes()
                + "<filter>" + Fetch.Condition(Schema.Account.Id, "eq", accountId.ToString("D")) + Fetch.Condition(Schema.Account.State, "eq", 0) + "</filter>"
                + AccountRow.ChampionLink()
                + "</entity></fetch>";
            var rows = Rows(service.RetrieveMultiple(new FetchExpression(fetch)));
            var outcome = new RecalculationOutcome();
            if (rows.Count == 0)
            {
                tracing.Trace("{0}", "Account " + accountId + " was not found or is inactive; nothing to score.");
                return outcome;
            }

            var scored = ReadAndScore(rows, policy, stored.Distribution, windows, outcome);
            outcome.Result = scored[0].Result;
            outcome.Reasons = scored[0].Reasons;
            outcome.ReasonData = scored[0].ReasonData;
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
            var stored = PopulationReader.Read(service, tracing);
            // The refresh of the distribution that runs before these pages stored where the telemetry ends: read once
            // there, not scanned again by every page. Without one, this page finds it itself.
            var windows = SignalWindows.For(policy, scoringDate, stored.UsageEnd ?? PageSignalReader.LatestUsage(service, scoringDate));
            var page = ReadPage(pageSize, cookie, out var outcome);
            ReadAndScore(Rows(page), policy, stored.Distribution, windows, outcome);
            tracing.Trace("{0}", string.Format(CultureInfo.InvariantCulture,
                "Page {0}: {1} accounts, {2} changed, {3} flagged.", cookie.PageNumber, outcome.Processed, outcome.Changed, outcome.Flagged));
            return outcome;
        }

        /// <summary>One page of active accounts, ordered by id, and the outcome's paging.</summary>
        private EntityCollection ReadPage(int pageSize, PageCookie cookie, out RecalculationOutcome outcome)
        {
            var fetch =
                "<fetch count=\"" + pageSize.ToString(CultureInfo.InvariantCulture) + "\" page=\"" + cookie.PageNumber.ToString(CultureInfo.InvariantCulture) + "\""
                + (cookie.DataverseCookie == null ? string.Empty : " paging-cookie=\"" + Fetch.Escape(cookie.DataverseCookie) + "\"")
                + "><entity name=\"" + Schema.Account.Table + "\">" + AccountRow.FetchAttributes()
                + "<filter>" + Fetch.Condition(Schema.Account.State, "eq", 0) + "</filter>"
                + "<order attribute=\"" + Schema.Account.Id + "\" />"
                + AccountRow.ChampionLink()
                + "</entity></fetch>";
            var page = service.RetrieveMultiple(new FetchExpression(fetch));
            outcome = new RecalculationOutcome
            {
                MoreRecords = page.MoreRecords,
                PagingCookie = page.MoreRecords ? PageCookie.Format(cookie.PageNumber + 1, page.PagingCookie) : null,
            };
            return page;
        }

        /// <summary>
        /// Reads one page of active accounts' signals, the same way a page is scored, and adds them to
        /// <paramref name="sample"/> (the organisation's distribution in the making); writes nothing.
        /// </summary>
        public RecalculationOutcome SamplePage(int pageSize, PageCookie cookie, PopulationSample sample, DateTime? usageEnd)
        {
            var policy = PolicyReader.Read(service, tracing).Policy;
            var windows = SignalWindows.For(policy, scoringDate, usageEnd);
            var rows = Rows(ReadPage(pageSize, cookie, out var outcome));
            var facts = new Dictionary<Guid, AccountFacts>(rows.Count);
            foreach (var row in rows)
            {
                facts.Add(row.Facts.AccountId, row.Facts);
            }

            new PageSignalReader(service, windows).Read(facts);
            foreach (var row in rows)
            {
                var signals = new AccountSignals();
                row.Facts.ToSignals(windows, signals);
                sample.Add(row.Facts.AccountId, signals);
                outcome.Processed++;
            }

            return outcome;
        }

        private static List<AccountRow> Rows(EntityCollection accounts)
        {
            var rows = new List<AccountRow>(accounts.Entities.Count);
            var seen = new HashSet<Guid>();
            foreach (var entity in accounts.Entities)
            {
                if (seen.Add(entity.Id))
                {
                    rows.Add(AccountRow.From(entity));
                }
            }

            return rows;
        }

        private List<ScoredAccount> ReadAndScore(IReadOnlyList<AccountRow> rows, Policy policy, PopulationDistribution? population, SignalWindows windows, RecalculationOutcome outcome)
        {
            var facts = new Dictionary<Guid, AccountFacts>(rows.Count);
            foreach (var row in rows)
            {
                facts.Add(row.Facts.AccountId, row.Facts);
            }

            new PageSignalReader(service, windows).Read(facts);

            // Without the organisation's distribution, signals stated as shares are left out (not named as missing).
            var scorer = new DisengagementScorer(policy, population);
            var signals = new AccountSignals();
            var results = new List<ScoredAccount>(rows.Count);
            foreach (var row in rows)
            {
                row.Facts.ToSignals(windows, signals);
                var explanation = scorer.Explain(signals);
                var result = explanation.Result;
                var reasons = FitReasons(explanation.Text);
                var reasonData = ReasonData.Lines(explanation, ReasonDataLength);
                results.Add(new ScoredAccount(result, reasons, reasonData));
                outcome.Processed++;

                var flagged = Flagging.IsFlagged(result.Band);
                if (flagged)
                {
                    outcome.Flagged++;
                }

                // Checked is not changed: every account scored records when (wb_lastscoredon); only a changed result is
                // rewritten, dated (wb_lastchangedon) and added to the history. Points alone move a little every day, so
                // the reasons' data is rewritten with its sentences, or when an account scored before it existed has none yet.
                var changed = Flagging.Changed(row.Score, (RiskBand?)row.Band, row.Gaps, row.Reasons, result, reasons)
                    || (string.IsNullOrEmpty(row.ReasonData) && reasonData.Length > 0);
                var account = new Entity(Schema.Account.Table, row.Facts.AccountId);
                account[Schema.Account.LastScoredOn] = scoringDate;
                if (changed)
                {
                    outcome.Changed++;
                    if (flagged && row.FlaggedOn == null)
                    {
                        outcome.NewlyFlagged++;
                    }

                    SetResult(account, Schema.Account.Score, Schema.Account.Reasons, Schema.Account.ReasonData, result, reasons, reasonData);
                    account[Schema.Account.LastChangedOn] = scoringDate;
                    account[Schema.Account.FlaggedOn] = Flagging.FlaggedOn(row.FlaggedOn, result.Band, scoringDate);
                }

                if (!Write(account, row, outcome, changed))
                {
                    return results;
                }

                if (changed)
                {
                    service.Create(HistoryEntry(row, result, reasons, reasonData));
                }
            }

            return results;
        }

        /// <summary>
        /// Writes one account; with <see cref="guardConcurrentWrites"/> only if its row version is still the one read.
        /// False when it was not (nothing written, <see cref="RecalculationOutcome.Conflicted"/> set).
        /// </summary>
        private bool Write(Entity account, AccountRow row, RecalculationOutcome outcome, bool changed)
        {
            if (!guardConcurrentWrites || row.Version == null)
            {
                service.Update(account);
                return true;
            }

            account.RowVersion = row.Version.Value.ToString(CultureInfo.InvariantCulture);
            try
            {
                service.Execute(new UpdateRequest { Target = account, ConcurrencyBehavior = ConcurrencyBehavior.IfRowVersionMatches });
                return true;
            }
            catch (System.ServiceModel.FaultException<OrganizationServiceFault> fault) when (fault.Detail?.ErrorCode == ConcurrencyVersionMismatch)
            {
                // The account changed since it was read (another job scored it, or someone edited it): score it again.
                tracing.Trace("{0}", "The account changed while it was scored; reading it again.");
                if (changed)
                {
                    outcome.Changed--;
                }

                outcome.Conflicted = true;
                return false;
            }
        }

        private Entity HistoryEntry(AccountRow row, ScoreResult result, string reasons, string reasonData)
        {
            var entry = new Entity(Schema.History.Table);
            entry[Schema.History.Name] = Truncate((row.Facts.Name ?? "Account") + " " + scoringDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " " + GapNames.Label(result.Band), 100);
            entry[Schema.History.Account] = new EntityReference(Schema.Account.Table, row.Facts.AccountId);
            entry[Schema.History.ScoredOn] = scoringDate;
            SetResult(entry, Schema.History.Score, Schema.History.Reasons, Schema.History.ReasonData, result, reasons, reasonData);
            return entry;
        }

        /// <summary>The result's columns; the band and gap columns have the same names on account and history.</summary>
        private static void SetResult(Entity row, string scoreColumn, string reasonsColumn, string reasonDataColumn, ScoreResult result, string reasons, string reasonData)
        {
            row[scoreColumn] = result.RoundedScore;
            row[Schema.Account.Band] = new OptionSetValue((int)result.Band);
            row[Schema.Account.ValueGap] = result.IsFlagged(Gap.Value);
            row[Schema.Account.TrustGap] = result.IsFlagged(Gap.Trust);
            row[Schema.Account.ExperienceGap] = result.IsFlagged(Gap.Experience);
            row[Schema.Account.GrowthGap] = result.IsFlagged(Gap.Growth);
            row[reasonsColumn] = reasons;
            row[reasonDataColumn] = reasonData;
        }

        /// <summary>The reasons columns hold 4,000 characters: whole lines that fit, then an ellipsis line.</summary>
        internal const int ReasonsLength = 4000;

        /// <summary>The reasons' data columns hold 20,000 characters: whole lines that fit.</summary>
        internal const int ReasonDataLength = 20000;

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
        public ScoredAccount(ScoreResult result, string reasons, string reasonData)
        {
            Result = result;
            Reasons = reasons;
            ReasonData = reasonData;
        }

        public ScoreResult Result { get; }
        public string Reasons { get; }
        public string ReasonData { get; }
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
