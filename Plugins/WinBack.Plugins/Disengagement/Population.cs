using System;
using System.Globalization;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using WinBack.Core.Disengagement;
using WinBack.Plugins.Registration;

namespace WinBack.Plugins.Disengagement
{
    /// <summary>
    /// Reads the organisation's distribution that the last completed wb_RefreshPopulation stored (one row of
    /// wb_population), so that every recalculation, of one account or of a page, uses the same cut points.
    /// </summary>
    internal static class PopulationReader
    {
        /// <summary>
        /// The stored distribution (null when none was stored yet or it cannot be read, traced: signals stated as shares
        /// are then left out of the score, and everything else scores as before) and where the organisation's usage
        /// telemetry ended when the last refresh of the distribution started (null when none ran), in one request.
        /// </summary>
        public static StoredPopulation Read(IOrganizationService service, ITracingService tracing)
        {
            var fetch =
                "<fetch top=\"1\"><entity name=\"" + Schema.Population.Table + "\">"
                + "<attribute name=\"" + Schema.Population.Distribution + "\" />"
                + "<attribute name=\"" + Schema.Population.UsageEnd + "\" />"
                + "<filter>" + Fetch.Condition(Schema.Population.Name, "eq", Schema.Population.RowName) + "</filter>"
                + "</entity></fetch>";
            var rows = service.RetrieveMultiple(new FetchExpression(fetch)).Entities;
            var usageEnd = rows.Count == 0 ? null : Fetch.Moment(Fetch.Get(rows[0], Schema.Population.UsageEnd));
            var json = rows.Count == 0 ? null : rows[0].GetAttributeValue<string>(Schema.Population.Distribution);
            if (string.IsNullOrEmpty(json))
            {
                tracing.Trace("{0}", "No organisation distribution is stored yet (run wb_RefreshPopulation); signals stated as shares are left out.");
                return new StoredPopulation(null, usageEnd);
            }

            try
            {
                return new StoredPopulation(PopulationDistribution.Parse(json!), usageEnd);
            }
            catch (FormatException e)
            {
                tracing.Trace("{0}", "The stored organisation distribution cannot be read (" + e.Message + "); signals stated as shares are left out until the next wb_RefreshPopulation.");
                return new StoredPopulation(null, usageEnd);
            }
        }
    }

    /// <summary>What the last refresh of the distribution stored for every recalculation to read.</summary>
    internal sealed class StoredPopulation
    {
        public StoredPopulation(PopulationDistribution? distribution, DateTime? usageEnd)
        {
            Distribution = distribution;
            UsageEnd = usageEnd;
        }

        public PopulationDistribution? Distribution { get; }

        /// <summary>Where the organisation's usage telemetry ended when that refresh started; null when none ran.</summary>
        public DateTime? UsageEnd { get; }
    }

    /// <summary>
    /// Custom API wb_RefreshPopulation, unbound: builds the organisation's distribution one page of active accounts at
    /// a time, for the daily refresh to call before wb_RecalculateAllDisengagement. Each page's signals are read exactly
    /// as a recalculation reads them and added to a fixed-size sample kept on the wb_population row; the last page
    /// turns the sample into the distribution every recalculation then reads. Writes no account.
    /// </summary>
    [CustomApi("wb_RefreshPopulation",
        BindingType = CustomApiBinding.Global,
        DisplayName = "Refresh the organisation's distribution",
        Description = "Reads one page of active accounts into the organisation's distribution. Call again with the returned paging cookie while MoreRecords is true; the last page stores the distribution.",
        ExecutePrivilegeName = "prvCreatewb_DisengagementHistory")]
    [CustomApiRequestParameter("PageSize", CustomApiParameterType.Integer, IsOptional = true, DisplayName = "Page size", Description = "Accounts per call, 1 to 500 (default 500).")]
    [CustomApiRequestParameter("PagingCookie", CustomApiParameterType.String, IsOptional = true, DisplayName = "Paging cookie", Description = "The PagingCookie of the previous call; empty for the first page, which starts a new distribution.")]
    [CustomApiResponseProperty("Processed", CustomApiParameterType.Integer, DisplayName = "Processed", Description = "Accounts read in this page.")]
    [CustomApiResponseProperty("MoreRecords", CustomApiParameterType.Boolean, DisplayName = "More records", Description = "True when another page follows.")]
    [CustomApiResponseProperty("PagingCookie", CustomApiParameterType.String, DisplayName = "Paging cookie", Description = "Pass to the next call; empty after the last page.")]
    public sealed class RefreshPopulation : PluginBase
    {
        /// <summary>
        /// The page size when the caller gives none: the largest, 2 calls per 1,000 accounts. A page writes no account
        /// (only the one wb_population row), so it stays far from the two-minute limit at 500.
        /// </summary>
        public const int DefaultPageSize = DisengagementRecalculator.MaxPageSize;

        public RefreshPopulation()
            : base(typeof(RefreshPopulation))
        {
        }

        protected override void ExecuteDataversePlugin(ILocalPluginContext context)
        {
            var execution = context.PluginExecutionContext;
            var pageSize = PageSizeParameter.Read(execution, DefaultPageSize);
            var text = execution.InputParameters.Contains("PagingCookie") ? execution.InputParameters["PagingCookie"] as string : null;
            var cookie = PageCookie.Parse(text);
            var service = context.SystemService;
            var first = string.IsNullOrEmpty(text);

            // The row, with the sample in progress unless this page starts a new one.
            var fetch =
                "<fetch top=\"1\"><entity name=\"" + Schema.Population.Table + "\">"
                + "<attribute name=\"" + Schema.Population.Id + "\" />"
                + (first ? string.Empty : "<attribute name=\"" + Schema.Population.Sample + "\" /><attribute name=\"" + Schema.Population.UsageEnd + "\" />")
                + "<filter>" + Fetch.Condition(Schema.Population.Name, "eq", Schema.Population.RowName) + "</filter>"
                + "</entity></fetch>";
            var rows = service.RetrieveMultiple(new FetchExpression(fetch)).Entities;
            var sample = first ? new PopulationSample() : ReadSample(rows.Count == 0 ? null : rows[0].GetAttributeValue<string>(Schema.Population.Sample));

            var scoringDate = ScoringDate.Of(execution);
            // Where the usage telemetry ends is found once, by the first page (the one query that reads every snapshot),
            // and kept on the row for the later pages and for every recalculation until the next refresh.
            var usageEnd = first
                ? PageSignalReader.LatestUsage(service, scoringDate)
                : (rows.Count == 0 ? null : Fetch.Moment(Fetch.Get(rows[0], Schema.Population.UsageEnd)));
            var outcome = new DisengagementRecalculator(service, context.TracingService, scoringDate).SamplePage(pageSize, cookie, sample, usageEnd);

            var row = new Entity(Schema.Population.Table);
            if (first)
            {
                row[Schema.Population.UsageEnd] = usageEnd;
            }

            if (outcome.MoreRecords)
            {
                row[Schema.Population.Sample] = sample.ToText();
            }
            else
            {
                var distribution = sample.ToDistribution(scoringDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                row[Schema.Population.Distribution] = distribution.ToJson();
                row[Schema.Population.Accounts] = distribution.Accounts;
                row[Schema.Population.RefreshedOn] = scoringDate;
                row[Schema.Population.Sample] = null;
                context.Trace("The organisation's distribution was stored: " + distribution.Accounts + " accounts, " + sample.Kept + " in the sample.");
            }

            if (rows.Count == 0)
            {
                row[Schema.Population.Name] = Schema.Population.RowName;
                service.Create(row);
            }
            else
            {
                row.Id = rows[0].Id;
                service.Update(row);
            }

            execution.OutputParameters["Processed"] = outcome.Processed;
            execution.OutputParameters["MoreRecords"] = outcome.MoreRecords;
            execution.OutputParameters["PagingCookie"] = outcome.PagingCookie ?? string.Empty;
        }

        private static PopulationSample ReadSample(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                throw new InvalidPluginExecutionException(
                    "No refresh of the organisation's distribution is in progress, so this paging cookie cannot continue one. Call wb_RefreshPopulation with an empty PagingCookie to start from the first page.");
            }

            try
            {
                return PopulationSample.Parse(text!);
            }
            catch (FormatException e)
            {
                throw new InvalidPluginExecutionException(
                    "The organisation's distribution in progress cannot be read (" + e.Message + "). Call wb_RefreshPopulation with an empty PagingCookie to start again from the first page.");
            }
        }
    }
}
