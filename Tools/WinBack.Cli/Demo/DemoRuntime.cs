using System.Diagnostics;
using Microsoft.Xrm.Sdk;

namespace WinBack.Cli.Demo;

/// <summary>Finds the packed solution the build made, so `winback demo` and `winback bench` run what admins import.</summary>
public static class SolutionLocator
{
    /// <summary>
    /// The solution zip for a command, or null after telling the user (on the error stream) why there is none and
    /// what to do; the command then exits with 1.
    /// </summary>
    public static string? FindFor(string command, CommandContext context)
    {
        try
        {
            return Find(context.WorkingDirectory);
        }
        catch (FileNotFoundException e)
        {
            context.Error.WriteLine($"winback {command}: " + e.Message);
            return null;
        }
    }

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

    public const string PopulationApi = "wb_RefreshPopulation";

    /// <summary>One page of the daily refresh.</summary>
    public static RecalculationPage Page(IOrganizationService service, int? pageSize, string? cookie)
    {
        var clock = Stopwatch.StartNew();
        var response = service.Execute(Request(AllAccountsApi, pageSize, cookie));
        return new RecalculationPage(
            (int)response["Processed"], (int)response["Changed"], (int)response["Flagged"], (int)response["NewlyFlagged"],
            (bool)response["MoreRecords"], response.Results.Contains("PagingCookie") ? response["PagingCookie"] as string ?? "" : "")
        {
            Elapsed = clock.Elapsed,
        };
    }

    /// <summary>
    /// Every page, calling <paramref name="onPage"/> after each; returns the pages. First the organisation's distribution
    /// (<see cref="RefreshPopulation"/>), so that every page (and every single recalculation until the next refresh)
    /// judges signals stated as shares against the same cut points.
    /// </summary>
    public static List<RecalculationPage> All(IOrganizationService service, int? pageSize, Action<RecalculationPage>? onPage = null)
    {
        RefreshPopulation(service);
        var pages = new List<RecalculationPage>();
        EveryPage(pageSize, DefaultPageSize, (size, cookie) =>
        {
            var page = Page(service, size, cookie);
            pages.Add(page);
            onPage?.Invoke(page);
            return page.MoreRecords ? page.PagingCookie : null;
        });
        return pages;
    }

    /// <summary>Every page of wb_RefreshPopulation at its default page (500 accounts: 2 calls per 1,000); returns the calls made.</summary>
    public static int RefreshPopulation(IOrganizationService service)
    {
        var calls = 0;
        EveryPage(null, MaxPageSize, (size, cookie) =>
        {
            calls++;
            var response = service.Execute(Request(PopulationApi, size, cookie));
            return (bool)response["MoreRecords"] ? response["PagingCookie"] as string : null;
        });
        return calls;
    }

    private static OrganizationRequest Request(string api, int? pageSize, string? cookie)
    {
        var request = new OrganizationRequest(api);
        if (pageSize != null) request["PageSize"] = pageSize.Value;
        if (!string.IsNullOrEmpty(cookie)) request["PagingCookie"] = cookie;
        return request;
    }

    /// <summary>
    /// Calls <paramref name="page"/> with the cookie it last returned until it returns none. When a page is too busy for
    /// Dataverse's aggregate limit, the same page is asked for again at a quarter of the size.
    /// </summary>
    private static void EveryPage(int? pageSize, int defaultSize, Func<int?, string?, string?> page)
    {
        string? cookie = null;
        var more = true;
        while (more)
        {
            try
            {
                cookie = page(pageSize, cookie);
                more = !string.IsNullOrEmpty(cookie);
            }
            catch (System.ServiceModel.FaultException<OrganizationServiceFault> fault)
                when (fault.Detail?.Message?.Contains("smaller PageSize", StringComparison.Ordinal) == true && (pageSize ?? defaultSize) > 1)
            {
                // The same page again (the same cookie), smaller.
                pageSize = Math.Max(1, (pageSize ?? defaultSize) / 4);
            }
        }
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
