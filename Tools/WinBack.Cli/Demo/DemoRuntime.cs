using System.Diagnostics;
using Microsoft.Xrm.Sdk;

namespace WinBack.Cli.Demo;

/// <summary>Finds the packed solution the build made, so `winback demo` and `winback bench` run what admins import.</summary>
public static class SolutionLocator
{
    /// <summary>The zip next to winback.dll (copied there by the CLI's build), else under Solution/bin of the repository.</summary>
    public static string Find(string workingDirectory)
    {
        var candidates = new List<string>();
        var here = AppContext.BaseDirectory;
        candidates.AddRange(Zips(here));

        foreach (var start in new[] { here, workingDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            {
                var bin = Path.Combine(dir.FullName, "Solution", "bin");
                if (Directory.Exists(bin))
                {
                    candidates.AddRange(Directory.EnumerateDirectories(bin)
                        .OrderBy(d => Path.GetFileName(d) == "Release" ? 0 : 1)
                        .SelectMany(d => Zips(d, SearchOption.AllDirectories)));
                    break;
                }
            }
        }

        var found = candidates.FirstOrDefault();
        if (found == null)
        {
            throw new FileNotFoundException(
                "The packed WinBack solution was not found next to winback.dll or under Solution/bin. Build it first: run 'dotnet build' at the repository root, then run this command again.");
        }

        return found;
    }

    private static IEnumerable<string> Zips(string directory, SearchOption option = SearchOption.TopDirectoryOnly)
    {
        if (!Directory.Exists(directory))
        {
            return Array.Empty<string>();
        }

        // The managed zip is what admins import; the unmanaged one serves when only it exists.
        return Directory.EnumerateFiles(directory, "WinBack*.zip", option)
            .OrderBy(f => Path.GetFileName(f).Contains("managed", StringComparison.OrdinalIgnoreCase) && !Path.GetFileName(f).Contains("unmanaged", StringComparison.OrdinalIgnoreCase) ? 0 : 1)
            .ThenBy(f => f, StringComparer.Ordinal);
    }
}

/// <summary>The result of one page of the bulk recalculation, as the Custom API returns it, and how long the call took.</summary>
public sealed record RecalculationPage(int Processed, int Changed, int Flagged, int NewlyFlagged, bool MoreRecords, string PagingCookie)
{
    /// <summary>Wall time of the one synchronous call (the API and every request its plug-in made), which Dataverse stops at two minutes.</summary>
    public TimeSpan Elapsed { get; init; }
}

/// <summary>Calls the recalculation Custom APIs the way a scheduled flow or a form button would.</summary>
public static class Recalculation
{
    public const string AllAccountsApi = "wb_RecalculateAllDisengagement";
    public const string OneAccountApi = "wb_RecalculateDisengagement";

    /// <summary>One page of the daily refresh.</summary>
    public static RecalculationPage Page(IOrganizationService service, int? pageSize, string? cookie)
    {
        var request = new OrganizationRequest(AllAccountsApi);
        if (pageSize != null) request["PageSize"] = pageSize.Value;
        if (!string.IsNullOrEmpty(cookie)) request["PagingCookie"] = cookie;
        var clock = Stopwatch.StartNew();
        var response = service.Execute(request);
        return new RecalculationPage(
            (int)response["Processed"], (int)response["Changed"], (int)response["Flagged"], (int)response["NewlyFlagged"],
            (bool)response["MoreRecords"], response.Results.Contains("PagingCookie") ? response["PagingCookie"] as string ?? "" : "")
        {
            Elapsed = clock.Elapsed,
        };
    }

    /// <summary>
    /// Every page, calling <paramref name="onPage"/> after each; returns the pages. When a page is too busy for
    /// Dataverse's aggregate limit, the same page is asked for again at a quarter of the size.
    /// </summary>
    public static List<RecalculationPage> All(IOrganizationService service, int? pageSize, Action<RecalculationPage>? onPage = null)
    {
        // First the organisation's distribution, so that every page below (and every single recalculation until the next
        // refresh) judges signals stated as shares against the same cut points.
        RefreshPopulation(service);

        var pages = new List<RecalculationPage>();
        string? cookie = null;
        do
        {
            RecalculationPage page;
            try
            {
                page = Page(service, pageSize, cookie);
            }
            catch (System.ServiceModel.FaultException<OrganizationServiceFault> fault)
                when (fault.Detail?.Message?.Contains("smaller PageSize", StringComparison.Ordinal) == true && (pageSize ?? DefaultPageSize) > 1)
            {
                pageSize = Math.Max(1, (pageSize ?? DefaultPageSize) / 4);
                continue;
            }

            pages.Add(page);
            onPage?.Invoke(page);
            cookie = page.MoreRecords ? page.PagingCookie : null;
        }
        while (cookie != null);

        return pages;
    }

    public const string PopulationApi = "wb_RefreshPopulation";

    /// <summary>
    /// Every page of wb_RefreshPopulation at its default page (500 accounts: 2 calls per 1,000); returns the calls made.
    /// When a page is too busy for Dataverse's aggregate limit, the same page is asked for again at a quarter of the size.
    /// </summary>
    public static int RefreshPopulation(IOrganizationService service)
    {
        int? pageSize = null;
        string? cookie = null;
        var calls = 0;
        do
        {
            var request = new OrganizationRequest(PopulationApi);
            if (pageSize != null) request["PageSize"] = pageSize.Value;
            if (!string.IsNullOrEmpty(cookie)) request["PagingCookie"] = cookie;
            OrganizationResponse response;
            try
            {
                calls++;
                response = service.Execute(request);
            }
            catch (System.ServiceModel.FaultException<OrganizationServiceFault> fault)
                when (fault.Detail?.Message?.Contains("smaller PageSize", StringComparison.Ordinal) == true && (pageSize ?? MaxPageSize) > 1)
            {
                pageSize = Math.Max(1, (pageSize ?? MaxPageSize) / 4);
                continue;
            }

            cookie = (bool)response["MoreRecords"] ? response["PagingCookie"] as string : null;
        }
        while (!string.IsNullOrEmpty(cookie));

        return calls;
    }

    /// <summary>The API's page size when none is given.</summary>
    public const int DefaultPageSize = 200;

    /// <summary>The API's largest page.</summary>
    public const int MaxPageSize = 500;

    /// <summary>Recalculates one account through the bound Custom API.</summary>
    public static OrganizationResponse One(IOrganizationService service, Guid accountId)
    {
        var request = new OrganizationRequest(OneAccountApi) { ["Target"] = new EntityReference("account", accountId) };
        return service.Execute(request);
    }
}
