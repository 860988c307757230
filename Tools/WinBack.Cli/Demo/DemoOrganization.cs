using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;

namespace WinBack.Cli.Demo;

/// <summary>How a seeded account behaves over the year: engaged, or drifting away through one gap.</summary>
public enum Drift
{
    Engaged,
    /// <summary>Value gap: logins, users and usage thin out, spend falls, a downgrade.</summary>
    Value,
    /// <summary>Trust gap: cases resolved late or left open past their SLA, reopened cases, complaints.</summary>
    Trust,
    /// <summary>Experience gap: unhappy ratings, high-priority problems.</summary>
    Experience,
    /// <summary>Growth gap: champion gone, emails unopened, deals lost, no pipeline, renewal close.</summary>
    Growth,
    /// <summary>Going quiet: usage falls and the cases stop.</summary>
    Silent,
}

/// <summary>One seeded account and how it was meant to behave.</summary>
public sealed record DemoAccount(Guid Id, string Name, Drift Drift);

/// <summary>What was seeded, per table.</summary>
public sealed class DemoSeedSummary
{
    public List<DemoAccount> Accounts { get; } = new();
    public Dictionary<string, int> Rows { get; } = new(StringComparer.Ordinal);
    public int Total => Rows.Values.Sum();
}

/// <summary>
/// Seeds a realistic organisation into a Dataverse through IOrganizationService: accounts with contacts, a year of
/// monthly usage snapshots, cases with priorities, SLAs and satisfaction, outgoing emails with opens, and
/// opportunities; about one account in three drifts away through one gap. Everything comes from one seed, so the
/// same seed and the same scoring date give the same organisation, ids included.
/// <para>
/// Rows are written with CreateMultiple/UpdateMultiple in batches and with BypassCustomPluginExecution, as a data
/// migration would: the seed is history, not a stream of live events to react to.
/// </para>
/// </summary>
public sealed class DemoOrganization
{
    private const int Batch = 1000;
    private const int Months = 12;

    private static readonly string[] Prefixes =
    {
        "Northwind", "Contoso", "Fabrikam", "Adatum", "Litware", "Proseware", "Tailspin", "Wingtip", "Alpine", "Blue Yonder",
        "Coho", "Fourth Coffee", "Humongous", "Lucerne", "Margie's", "Relecloud", "Southridge", "Trey", "VanArsdel", "Woodgrove",
        "Bellows", "Cascade", "Datum", "Graphic", "Lamna", "Munson's", "Nod", "Olympia", "Pacific", "Quadrant",
    };

    private static readonly string[] Suffixes =
    {
        "Logistics", "Health", "Foods", "Energy", "Travel", "Insurance", "Retail", "Studios", "Labs", "Bank",
        "Outfitters", "Airlines", "Pharma", "Systems", "Media", "Motors", "Partners", "Works", "Traders", "Holdings",
    };

    private static readonly string[] FirstNames =
    {
        "Ana", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kira", "Liam", "Maya", "Noah",
        "Olga", "Pavel", "Quinn", "Rosa", "Sami", "Tara", "Umar", "Vera", "Wen", "Yara", "Zoe",
    };

    private static readonly string[] LastNames =
    {
        "Adams", "Berg", "Costa", "Diaz", "Evans", "Fischer", "Garcia", "Hughes", "Ito", "Jensen", "Khan", "Lopez",
        "Meyer", "Novak", "Okafor", "Patel", "Rossi", "Silva", "Tanaka", "Usman", "Varga", "Weber", "Young", "Zhou",
    };

    private readonly IOrganizationService service;
    private readonly Random random;
    private readonly DateTime today;
    private readonly Action<string, int, int>? progress;
    private int written;
    private int toWrite;

    /// <param name="service">Where to write.</param>
    /// <param name="seed">Fixes every random choice.</param>
    /// <param name="today">The scoring date the history leads up to (UTC).</param>
    /// <param name="progress">Told the table, the rows written so far and the rows to write, after each batch.</param>
    public DemoOrganization(IOrganizationService service, int seed, DateTime today, Action<string, int, int>? progress = null)
    {
        this.service = service;
        random = new Random(seed);
        this.today = DateTime.SpecifyKind(today, DateTimeKind.Utc);
        this.progress = progress;
    }

    /// <summary>The share of accounts drifting through each gap (the rest are engaged).</summary>
    public static IReadOnlyList<(Drift Drift, double Share)> DriftShares { get; } = new[]
    {
        (Drift.Value, 0.07), (Drift.Trust, 0.07), (Drift.Experience, 0.07), (Drift.Growth, 0.07), (Drift.Silent, 0.06),
    };

    public DemoSeedSummary Seed(int accountCount)
    {
        var summary = new DemoSeedSummary();
        var accounts = new List<Entity>(accountCount);
        var contacts = new List<Entity>(accountCount * 3);
        var snapshots = new List<Entity>(accountCount * Months);
        var cases = new List<Entity>(accountCount * 12);
        var emails = new List<Entity>(accountCount * 24);
        var opportunities = new List<Entity>(accountCount * 4);
        var primaryContacts = new List<Entity>(accountCount);
        var closedCases = new List<Entity>();
        var closedOpportunities = new List<Entity>();
        var departedContacts = new List<Entity>();

        for (var i = 0; i < accountCount; i++)
        {
            var drift = PickDrift();
            var account = NewAccount(i, drift);
            accounts.Add(account);
            summary.Accounts.Add(new DemoAccount(account.Id, (string)account["name"], drift));

            var accountContacts = NewContacts(account);
            contacts.AddRange(accountContacts);
            var primary = accountContacts[0];
            primaryContacts.Add(new Entity("account", account.Id) { ["primarycontactid"] = primary.ToEntityReference() });
            if (drift == Drift.Growth)
            {
                departedContacts.Add(new Entity("contact", primary.Id) { ["statecode"] = new OptionSetValue(1), ["statuscode"] = new OptionSetValue(2) });
            }

            snapshots.AddRange(NewSnapshots(account, drift));
            foreach (var (created, closed) in NewCases(account, drift))
            {
                cases.Add(created);
                if (closed != null) closedCases.Add(closed);
            }

            emails.AddRange(NewEmails(account, accountContacts, drift));
            foreach (var (created, closed) in NewOpportunities(account, drift))
            {
                opportunities.Add(created);
                if (closed != null) closedOpportunities.Add(closed);
            }
        }

        toWrite = accounts.Count + contacts.Count + primaryContacts.Count + departedContacts.Count + snapshots.Count + cases.Count
            + 2 * closedCases.Count + emails.Count + opportunities.Count + closedOpportunities.Count;
        Write(summary, "account", accounts, create: true);
        Write(summary, "contact", contacts, create: true);
        Write(summary, "account", primaryContacts, create: false);
        Write(summary, "contact", departedContacts, create: false);
        Write(summary, "wb_usagesnapshot", snapshots, create: true);
        Write(summary, "incident", cases, create: true);
        Write(summary, "incident", closedCases, create: false);
        Close("incident", closedCases.Select(ResolveCase).ToList());
        Write(summary, "email", emails, create: true);
        Write(summary, "opportunity", opportunities, create: true);
        Close("opportunity", closedOpportunities.Select(CloseOpportunity).ToList());
        return summary;
    }

    private Drift PickDrift()
    {
        var roll = random.NextDouble();
        foreach (var (drift, share) in DriftShares)
        {
            if (roll < share) return drift;
            roll -= share;
        }

        return Drift.Engaged;
    }

    private Guid NewId()
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    private Entity NewAccount(int index, Drift drift)
    {
        var name = Prefixes[random.Next(Prefixes.Length)] + " " + Suffixes[random.Next(Suffixes.Length)];
        var account = new Entity("account", NewId())
        {
            ["name"] = name + " " + (index + 1).ToString("000", System.Globalization.CultureInfo.InvariantCulture),
            ["accountnumber"] = "WB-" + (10000 + index).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["overriddencreatedon"] = today.AddDays(-random.Next(drift == Drift.Value ? 120 : 400, 3000)),
        };

        // Renewal: most accounts have one within 18 months; the growth drifters renew very soon.
        if (drift == Drift.Growth)
        {
            account["wb_renewalon"] = today.AddDays(random.Next(20, 50)).Date;
        }
        else if (random.NextDouble() < 0.8)
        {
            account["wb_renewalon"] = today.AddDays(random.Next(120, 540)).Date;
        }

        return account;
    }

    private List<Entity> NewContacts(Entity account)
    {
        var count = random.Next(2, 5);
        var list = new List<Entity>(count);
        for (var i = 0; i < count; i++)
        {
            var first = FirstNames[random.Next(FirstNames.Length)];
            var last = LastNames[random.Next(LastNames.Length)];
            list.Add(new Entity("contact", NewId())
            {
                ["firstname"] = first,
                ["lastname"] = last,
                ["emailaddress1"] = (first + "." + last + "@example.com").ToLowerInvariant(),
                ["parentcustomerid"] = account.ToEntityReference(),
            });
        }

        return list;
    }

    private IEnumerable<Entity> NewSnapshots(Entity account, Drift drift)
    {
        var users = random.Next(5, 150);
        var loginsPerUser = 12 + random.NextDouble() * 14;
        var spendPerUser = 30 + random.Next(0, 40);
        for (var k = 0; k < Months; k++)
        {
            // Periods of 30 days ending yesterday, the month before, ...: each usage window holds exactly one.
            var end = today.AddDays(-1 - 30 * k);
            var start = end.AddDays(-30);
            var factor = 1.0;
            var userFactor = 1.0;
            var spendFactor = 1.0;
            var idleDays = random.Next(0, 3);
            var downgrades = 0;
            if (drift == Drift.Value)
            {
                factor = k == 0 ? 0.42 : k == 1 ? 0.78 : 1.0;
                userFactor = k == 0 ? 0.6 : k == 1 ? 0.85 : 1.0;
                spendFactor = k <= 2 ? 0.7 : 1.0;
                downgrades = k == 1 ? 1 : 0;
                idleDays = k == 0 ? random.Next(15, 25) : idleDays;
            }
            else if (drift == Drift.Silent)
            {
                factor = k == 0 ? 0.5 : k == 1 ? 0.9 : 1.0;
                userFactor = k == 0 ? 0.7 : 1.0;
                idleDays = k == 0 ? random.Next(15, 22) : idleDays;
            }
            else if (drift != Drift.Engaged && k == 0)
            {
                // Drifting through another gap shows in usage too, more faintly.
                factor = 0.72 + random.NextDouble() * 0.08;
                userFactor = 0.85;
                idleDays = random.Next(6, 12);
            }

            var noise = 0.94 + random.NextDouble() * 0.12;
            var activeUsers = Math.Max(1, (int)Math.Round(users * userFactor * (0.97 + random.NextDouble() * 0.06)));
            var logins = (int)Math.Round(users * loginsPerUser * factor * noise);
            yield return new Entity("wb_usagesnapshot", NewId())
            {
                ["wb_name"] = (string)account["name"] + " " + end.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ["wb_accountid"] = account.ToEntityReference(),
                ["wb_periodstart"] = start,
                ["wb_periodend"] = end,
                ["wb_logins"] = logins,
                ["wb_activeusers"] = activeUsers,
                ["wb_usagevolume"] = (decimal)(logins * 11 + random.Next(0, 50)),
                ["wb_lastactivityon"] = end.AddDays(-idleDays),
                ["wb_spend"] = new Money(Math.Round((decimal)(users * spendPerUser * spendFactor), 2)),
                ["wb_downgrades"] = downgrades,
            };
        }
    }

    private IEnumerable<(Entity Created, Entity? Closed)> NewCases(Entity account, Drift drift)
    {
        var perMonth = 0.4 + random.NextDouble() * 1.4;
        for (var day = 360; day > 0; day -= 30)
        {
            var recent = day <= 90;
            var rate = perMonth;
            if (recent && drift == Drift.Silent) rate = 0;
            if (recent && (drift == Drift.Trust || drift == Drift.Experience)) rate = perMonth + 1.5;
            var count = Poisson(rate);
            for (var c = 0; c < count; c++)
            {
                var createdOn = today.AddDays(-day + random.NextDouble() * 30).AddMinutes(-random.Next(0, 600));
                if (createdOn >= today) createdOn = today.AddHours(-2);
                yield return NewCase(account, drift, createdOn, recent);
            }
        }
    }

    private (Entity Created, Entity? Closed) NewCase(Entity account, Drift drift, DateTime createdOn, bool recent)
    {
        var trust = recent && drift == Drift.Trust;
        var experience = recent && drift == Drift.Experience;
        var priority = experience ? (random.NextDouble() < 0.7 ? 1 : 2) : random.NextDouble() < 0.15 ? 1 : random.NextDouble() < 0.75 ? 2 : 3;
        var caseType = experience && random.NextDouble() < 0.6 ? 2 : random.NextDouble() < 0.1 ? 2 : random.NextDouble() < 0.6 ? 1 : 3;
        var slaDays = priority == 1 ? 1 : priority == 2 ? 3 : 7;
        var resolveBy = createdOn.AddDays(slaDays);
        var incident = new Entity("incident", NewId())
        {
            ["title"] = CaseTitle(caseType),
            ["customerid"] = account.ToEntityReference(),
            ["overriddencreatedon"] = createdOn,
            ["prioritycode"] = new OptionSetValue(priority),
            ["casetypecode"] = new OptionSetValue(caseType),
            ["resolveby"] = resolveBy,
            ["wb_iscomplaint"] = (trust && random.NextDouble() < 0.5) || (experience && random.NextDouble() < 0.25),
            ["wb_reopencount"] = trust && random.NextDouble() < 0.4 ? 1 : 0,
        };

        var age = (today - createdOn).TotalDays;
        var stillOpen = age < slaDays * 0.8 || (trust && random.NextDouble() < 0.2);
        if (stillOpen)
        {
            return (incident, null);
        }

        var late = trust ? random.NextDouble() < 0.7 : experience ? random.NextDouble() < 0.3 : random.NextDouble() < 0.04;
        var resolvedOn = late ? resolveBy.AddHours(random.Next(6, 96)) : createdOn.AddHours(random.NextDouble() * slaDays * 20);
        if (resolvedOn >= today) resolvedOn = today.AddHours(-1);
        // What the case carried when it was resolved; the demo resolves it afterwards with CloseIncident.
        var closed = new Entity("incident", incident.Id)
        {
            ["wb_resolvedon"] = resolvedOn,
            ["wb_slabreached"] = resolvedOn > resolveBy,
        };

        if (random.NextDouble() < 0.7)
        {
            var satisfaction = experience ? random.Next(1, 3)
                : drift == Drift.Trust && recent ? random.Next(2, 5)
                : random.NextDouble() < 0.85 ? random.Next(4, 6) : 3;
            closed["customersatisfactioncode"] = new OptionSetValue(satisfaction);
        }

        return (incident, closed);
    }

    private string CaseTitle(int caseType) => caseType switch
    {
        1 => new[] { "How do I export the monthly report?", "Question about user licences", "Where is the audit log?" }[random.Next(3)],
        2 => new[] { "Sync fails every night", "Dashboard shows no data", "Invoices not generated", "Login page times out" }[random.Next(4)],
        _ => new[] { "Please add two users", "Request for a training session", "Change billing contact" }[random.Next(3)],
    };

    private IEnumerable<Entity> NewEmails(Entity account, List<Entity> contacts, Drift drift)
    {
        var perMonth = random.Next(1, 4);
        var openRate = 0.45 + random.NextDouble() * 0.35;
        for (var day = 360; day > 0; day -= 30)
        {
            var recent = day <= 90;
            var rate = recent && drift == Drift.Growth ? 0.04 : recent && drift == Drift.Silent ? 0.15 : openRate;
            for (var e = 0; e < perMonth; e++)
            {
                var sentOn = today.AddDays(-day + random.NextDouble() * 30);
                if (sentOn >= today) sentOn = today.AddHours(-3);
                var regarding = random.NextDouble() < 0.4 ? account.ToEntityReference() : contacts[random.Next(contacts.Count)].ToEntityReference();
                var opened = random.NextDouble() < rate;
                var email = new Entity("email", NewId())
                {
                    ["subject"] = new[] { "Your quarterly review", "New features this month", "Renewal options", "Training invitation", "Service update" }[random.Next(5)],
                    ["regardingobjectid"] = regarding,
                    ["directioncode"] = true,
                    ["senton"] = sentOn,
                    ["opencount"] = opened ? random.Next(1, 4) : 0,
                };
                if (opened)
                {
                    email["lastopenedtime"] = sentOn.AddHours(random.Next(1, 72));
                }

                yield return email;
            }
        }
    }

    private IEnumerable<(Entity Created, Entity? Closed)> NewOpportunities(Entity account, Drift drift)
    {
        var closedCount = drift == Drift.Growth ? random.Next(2, 4) : random.Next(0, 4);
        for (var i = 0; i < closedCount; i++)
        {
            var won = drift == Drift.Growth ? false : random.NextDouble() < 0.6;
            var closedOn = today.AddDays(-random.Next(drift == Drift.Growth ? 10 : 20, drift == Drift.Growth ? 120 : 360)).Date;
            var opportunity = NewOpportunity(account);
            yield return (opportunity, new Entity("opportunity", opportunity.Id)
            {
                ["statecode"] = new OptionSetValue(won ? 1 : 2),
                ["statuscode"] = new OptionSetValue(won ? 3 : 4),
                ["actualclosedate"] = closedOn,
            });
        }

        var openCount = drift == Drift.Growth ? 0 : random.Next(0, 3);
        for (var i = 0; i < openCount; i++)
        {
            yield return (NewOpportunity(account), null);
        }
    }

    private Entity NewOpportunity(Entity account) => new("opportunity", NewId())
    {
        ["name"] = new[] { "Expansion", "Add-on module", "Premium support", "Multi-year renewal", "New region" }[random.Next(5)] + " - " + (string)account["name"],
        ["parentaccountid"] = account.ToEntityReference(),
        ["customerid"] = account.ToEntityReference(),
        ["estimatedvalue"] = new Money(random.Next(5, 120) * 1000m),
        ["estimatedclosedate"] = today.AddDays(random.Next(15, 200)).Date,
    };

    private int Poisson(double mean)
    {
        if (mean <= 0) return 0;
        var limit = Math.Exp(-mean);
        var product = random.NextDouble();
        var count = 0;
        while (product > limit)
        {
            count++;
            product *= random.NextDouble();
        }

        return count;
    }

    /// <summary>
    /// Resolves a seeded case as Dataverse requires (Update may not set Resolved): CloseIncident, with the resolution
    /// dated when the case was resolved.
    /// </summary>
    private static OrganizationRequest ResolveCase(Entity closed) => new("CloseIncident")
    {
        ["IncidentResolution"] = new Entity("incidentresolution")
        {
            ["subject"] = "Resolved",
            ["incidentid"] = closed.ToEntityReference(),
            ["actualend"] = closed.GetAttributeValue<DateTime>("wb_resolvedon"),
        },
        ["Status"] = new OptionSetValue(5),
    };

    /// <summary>Closes a seeded opportunity with WinOpportunity or LoseOpportunity, dated when it closed.</summary>
    private static OrganizationRequest CloseOpportunity(Entity closed)
    {
        var won = closed.GetAttributeValue<OptionSetValue>("statecode").Value == 1;
        return new OrganizationRequest(won ? "WinOpportunity" : "LoseOpportunity")
        {
            ["OpportunityClose"] = new Entity("opportunityclose")
            {
                ["subject"] = won ? "Won" : "Lost",
                ["opportunityid"] = closed.ToEntityReference(),
                ["actualend"] = closed.GetAttributeValue<DateTime>("actualclosedate"),
            },
            ["Status"] = closed.GetAttributeValue<OptionSetValue>("statuscode"),
        };
    }

    /// <summary>Sends closing messages in ExecuteMultiple batches, bypassing custom plug-ins as a data migration would.</summary>
    private void Close(string table, List<OrganizationRequest> requests)
    {
        for (var offset = 0; offset < requests.Count; offset += Batch)
        {
            var batch = new ExecuteMultipleRequest
            {
                Requests = new OrganizationRequestCollection(),
                Settings = new ExecuteMultipleSettings { ContinueOnError = false, ReturnResponses = false },
            };
            foreach (var request in requests.Skip(offset).Take(Batch))
            {
                request.Parameters["BypassCustomPluginExecution"] = true;
                batch.Requests.Add(request);
            }

            var response = (ExecuteMultipleResponse)service.Execute(batch);
            if (response.IsFaulted)
            {
                var fault = response.Responses.First(r => r.Fault != null).Fault;
                throw new InvalidOperationException($"Closing a seeded {table} failed: {fault.Message}");
            }

            written += batch.Requests.Count;
            progress?.Invoke(table, written, toWrite);
        }
    }

    private void Write(DemoSeedSummary summary, string table, List<Entity> rows, bool create)
    {
        for (var offset = 0; offset < rows.Count; offset += Batch)
        {
            var targets = new EntityCollection(rows.GetRange(offset, Math.Min(Batch, rows.Count - offset))) { EntityName = table };
            OrganizationRequest request = create
                ? new CreateMultipleRequest { Targets = targets }
                : new UpdateMultipleRequest { Targets = targets };
            request.Parameters["BypassCustomPluginExecution"] = true;
            service.Execute(request);
            written += targets.Entities.Count;
            progress?.Invoke(table, written, toWrite);
        }

        if (create)
        {
            summary.Rows[table] = (summary.Rows.TryGetValue(table, out var n) ? n : 0) + rows.Count;
        }
    }
}
