using Dataverse.Local;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace WinBack.Plugins.Tests;

/// <summary>
/// A local Dataverse with the WinBack solution imported from the zip the build packed, a clock pinned to
/// <see cref="Today"/>, and small helpers that create records the way a user or an integration would.
/// </summary>
public sealed class TestOrganization : IDisposable
{
    public static readonly DateTime Today = new(2026, 6, 15, 0, 0, 0, DateTimeKind.Utc);

    public const int AtRisk = 682400002;
    public const int Disengaged = 682400003;

    private static readonly Lazy<string> Zip = new(FindZip);

    public TestOrganization(Action<WinBack.Packaging.Model.SolutionModel>? adjust = null, int asyncSeed = 1, int baseLanguageCode = 1033)
    {
        Org = new LocalOrganization(new LocalOrganizationOptions { Clock = () => Now, AsyncSeed = asyncSeed, BaseLanguageCode = baseLanguageCode });
        var solution = WinBack.Packaging.SolutionReader.Read(Zip.Value);
        adjust?.Invoke(solution);
        Org.Import(solution);
        Service = Org.Service;
    }

    public LocalOrganization Org { get; }
    public IOrganizationService Service { get; }
    public DateTime Now { get; set; } = Today;

    public static string SolutionZip => Zip.Value;

    private static string FindZip()
    {
        var zip = Directory.EnumerateFiles(AppContext.BaseDirectory, "WinBack_*_managed.zip").FirstOrDefault()
            ?? Directory.EnumerateFiles(AppContext.BaseDirectory, "WinBack_*.zip").FirstOrDefault();
        return zip ?? throw new InvalidOperationException(
            "The packed solution is not next to the tests. Build the test project (it builds Solution/ first) with 'dotnet build'.");
    }

    public Guid Account(string name, DateTime? customerSince = null, DateTime? renewalOn = null)
    {
        var account = new Entity("account") { ["name"] = name, ["overriddencreatedon"] = customerSince ?? Today.AddYears(-3) };
        if (renewalOn != null) account["wb_renewalon"] = renewalOn.Value;
        return Service.Create(account);
    }

    public Guid Contact(Guid account, string lastName, bool primary = false)
    {
        var id = Service.Create(new Entity("contact")
        {
            ["firstname"] = "Sam",
            ["lastname"] = lastName,
            ["parentcustomerid"] = new EntityReference("account", account),
        });
        if (primary)
        {
            Service.Update(new Entity("account", account) { ["primarycontactid"] = new EntityReference("contact", id) });
        }

        return id;
    }

    /// <summary>A 30-day usage period ending <paramref name="endedDaysAgo"/> days before today.</summary>
    public Guid Usage(Guid account, int endedDaysAgo, int logins, int activeUsers = 10, decimal spend = 1000m, int downgrades = 0, int idleDays = 1)
    {
        var end = Today.AddDays(-endedDaysAgo);
        return Service.Create(new Entity("wb_usagesnapshot")
        {
            ["wb_name"] = "Usage " + end.ToString("yyyy-MM-dd"),
            ["wb_accountid"] = new EntityReference("account", account),
            ["wb_periodstart"] = end.AddDays(-30),
            ["wb_periodend"] = end,
            ["wb_logins"] = logins,
            ["wb_activeusers"] = activeUsers,
            ["wb_usagevolume"] = logins * 10m,
            ["wb_spend"] = new Money(spend),
            ["wb_downgrades"] = downgrades,
            ["wb_lastactivityon"] = end.AddDays(-idleDays),
        });
    }

    /// <summary>A year of steady monthly usage, so that only what a test adds stands out.</summary>
    public void SteadyUsage(Guid account, int logins = 100, int fromDaysAgo = 1, int periods = 12)
    {
        for (var k = 0; k < periods; k++)
        {
            Usage(account, fromDaysAgo + 30 * k, logins);
        }
    }

    public Guid Case(Guid account, int openedDaysAgo, int priority = 2, int slaDays = 3, int? resolvedAfterDays = null, int? satisfaction = null,
        bool complaint = false, int caseType = 1, Guid? contact = null)
    {
        var opened = Today.AddDays(-openedDaysAgo);
        var id = Service.Create(new Entity("incident")
        {
            ["title"] = "Case opened " + opened.ToString("yyyy-MM-dd"),
            // Filed under the account, or under one of its contacts as a service desk often does.
            ["customerid"] = contact != null ? new EntityReference("contact", contact.Value) : new EntityReference("account", account),
            ["overriddencreatedon"] = opened,
            ["prioritycode"] = new OptionSetValue(priority),
            ["casetypecode"] = new OptionSetValue(caseType),
            ["resolveby"] = opened.AddDays(slaDays),
            ["wb_iscomplaint"] = complaint,
        });
        if (resolvedAfterDays != null)
        {
            if (satisfaction != null) Service.Update(new Entity("incident", id) { ["customersatisfactioncode"] = new OptionSetValue(satisfaction.Value) });
            // Resolved the way Dataverse resolves a case (CloseIncident), at the time it happened.
            var now = Now;
            Now = opened.AddDays(resolvedAfterDays.Value);
            try
            {
                Resolve(id);
            }
            finally
            {
                Now = now;
            }
        }

        return id;
    }

    public Guid Email(EntityReference regarding, int sentDaysAgo, bool opened)
    {
        return Service.Create(new Entity("email")
        {
            ["subject"] = "Quarterly review",
            ["regardingobjectid"] = regarding,
            ["directioncode"] = true,
            ["senton"] = Today.AddDays(-sentDaysAgo),
            ["opencount"] = opened ? 1 : 0,
        });
    }

    public Guid Opportunity(Guid account, int state = 0, int closedDaysAgo = 30)
    {
        var id = Service.Create(new Entity("opportunity")
        {
            ["name"] = "Expansion",
            ["parentaccountid"] = new EntityReference("account", account),
            ["customerid"] = new EntityReference("account", account),
        });
        if (state != 0)
        {
            Close(id, won: state == 1, closedOn: Today.AddDays(-closedDaysAgo));
        }

        return id;
    }

    /// <summary>Resolves a case with CloseIncident (Problem Solved), as Dataverse requires.</summary>
    public void Resolve(Guid incident) =>
        Service.Execute(new OrganizationRequest("CloseIncident")
        {
            ["IncidentResolution"] = new Entity("incidentresolution") { ["subject"] = "Resolved", ["incidentid"] = new EntityReference("incident", incident) },
            ["Status"] = new OptionSetValue(5),
        });

    /// <summary>Reactivates a resolved case (SetState to Active, In Progress).</summary>
    public void Reopen(Guid incident) =>
        Service.Execute(new OrganizationRequest("SetState")
        {
            ["EntityMoniker"] = new EntityReference("incident", incident), ["State"] = new OptionSetValue(0), ["Status"] = new OptionSetValue(1),
        });

    /// <summary>Wins (Won) or loses (Canceled) an opportunity with WinOpportunity / LoseOpportunity, closed on the given day.</summary>
    public void Close(Guid opportunity, bool won, DateTime closedOn) =>
        Service.Execute(new OrganizationRequest(won ? "WinOpportunity" : "LoseOpportunity")
        {
            ["OpportunityClose"] = new Entity("opportunityclose")
            {
                ["subject"] = won ? "Won" : "Lost", ["opportunityid"] = new EntityReference("opportunity", opportunity), ["actualend"] = closedOn,
            },
            ["Status"] = new OptionSetValue(won ? 3 : 4),
        });

    /// <summary>Runs wb_RecalculateDisengagement on one account, as the form's button does.</summary>
    public OrganizationResponse Recalculate(Guid account) =>
        Service.Execute(new OrganizationRequest("wb_RecalculateDisengagement") { ["Target"] = new EntityReference("account", account) });

    /// <summary>Runs one page of wb_RecalculateAllDisengagement, as the daily refresh does.</summary>
    public OrganizationResponse RecalculatePage(int? pageSize = null, string? cookie = null)
    {
        var request = new OrganizationRequest("wb_RecalculateAllDisengagement");
        if (pageSize != null) request["PageSize"] = pageSize.Value;
        if (cookie != null) request["PagingCookie"] = cookie;
        return Service.Execute(request);
    }

    public Entity Read(Guid account) => Service.Retrieve("account", account, new ColumnSet(
        "name", "wb_disengagementscore", "wb_riskband", "wb_valuegap", "wb_trustgap", "wb_experiencegap", "wb_growthgap",
        "wb_disengagementreasons", "wb_flaggedon", "wb_lastscoredon"));

    public string Reasons(Guid account) => Read(account).GetAttributeValue<string>("wb_disengagementreasons") ?? "";

    public int Requests => Org.Cost.TotalRequests;

    public void Dispose() => Org.Dispose();
}
