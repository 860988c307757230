using System.ServiceModel;
using System.Text;
using System.Text.Json;
using Dataverse.Local;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Spectre.Console;
using WinBack.Core.Drafts;

namespace WinBack.Cli.Demo;

/// <summary>
/// The demo's second act: fix first, then reach out. For two flagged accounts (outside the control group) customer
/// success records a remediation and marks it fixed; a sales rep's outreach is refused before a second person has
/// checked the evidence (the server's message is shown); the evidence is added and verified by a colleague; the outreach
/// is created and stamped, its draft composed by the server from the account's own records. The two accounts left
/// through different gaps; their drafts are shown side by side (one after the other on a narrow terminal) with their
/// citations, offer and next step. Ends with the control group's size and the gate audit.
/// </summary>
public static class GateStory
{
    private const int Fixed = 682400002, Verified = 682400003, Email = 682400000;

    private static readonly Dictionary<string, (int Gap, string Title, string Cause, string Fix, string Evidence)> Fixes = new()
    {
        ["value"] = (682400000, "Usage fell after the plan change", "Logins fell when the reporting module moved to a higher plan in the spring.", "Reporting is back in the customer's plan, with a walk-through for their admins.", "Weekly reports run rose from 3 to 41 in the four weeks after the change."),
        ["trust"] = (682400001, "Slow support replies", "Support replies took five days after the March re-organisation.", "A second support shift and a 24-hour reply target.", "Median first reply fell from 5 days to 7 hours in May."),
        ["experience"] = (682400002, "Unhappy with case handling", "Satisfaction fell after cases were closed without a fix.", "Cases close only after the customer confirms the fix.", "Satisfaction on closed cases rose from 2.1 to 4.3 of 5."),
        ["growth"] = (682400003, "No plan for next year", "The renewal was never discussed after the champion left.", "A new sponsor met our product lead and agreed a roadmap review.", "Roadmap review held on the 3rd; minutes shared with the sponsor."),
    };

    private static bool IsService(string gap) => gap is "trust" or "experience";

    /// <summary>An account the story can use: outside the control group, with a contact who accepts email.</summary>
    private static bool Eligible(IOrganizationService admin, Guid account) =>
        admin.Retrieve("account", account, new ColumnSet("wb_holdout")).GetAttributeValue<bool?>("wb_holdout") != true && EmailableContact(admin, account) != null;

    public static void Tell(LocalOrganization org, IEnumerable<(Guid Id, string Name, IReadOnlyList<string> Gaps)> flagged, TextWriter output, CommandContext? context = null)
    {
        var drafts = new List<(string Title, Entity Draft)>();
        var gapsTold = new HashSet<string>();
        var admin = org.Service;
        var success = org.GetService(org.AddUser("Casey Success", "Win-back Customer Success"));
        var checker = org.GetService(org.AddUser("Jordan Checker", "Win-back Customer Success"));
        var repId = org.AddUser("Riley Rep", "Win-back Sales Rep");
        var rep = org.GetService(repId);
        org.SystemService.Update(new Entity("systemuser", repId) { ["title"] = "Account manager" });

        output.WriteLine("Fix first, then reach out");
        var told = 0;
        // Two accounts whose first gaps differ, preferably one service gap (trust, experience) and one that is not, so the
        // two drafts show different offers; failing that, any two different gaps.
        var candidates = flagged.ToList();
        var ordered = candidates.Where(a => a.Gaps.Count > 0 && IsService(a.Gaps[0]))
            .Concat(candidates.Where(a => a.Gaps.Count > 0 && !IsService(a.Gaps[0])))
            .Concat(candidates).ToList();
        bool? otherGroupAvailable = null;
        foreach (var account in ordered)
        {
            if (told == 2) break;
            if (account.Gaps.Count == 0 || gapsTold.Contains(account.Gaps[0])) continue;
            if (told == 1)
            {
                var firstIsService = gapsTold.All(IsService);
                otherGroupAvailable ??= ordered.Any(a => a.Gaps.Count > 0 && IsService(a.Gaps[0]) != firstIsService && Eligible(admin, a.Id));
                if (otherGroupAvailable == true && IsService(account.Gaps[0]) == firstIsService) continue;
            }
            var row = admin.Retrieve("account", account.Id, new ColumnSet("wb_holdout"));
            if (row.GetAttributeValue<bool?>("wb_holdout") == true) continue;
            var contact = EmailableContact(admin, account.Id);
            if (contact == null) continue;
            told++;
            gapsTold.Add(account.Gaps[0]);

            var fix = Fixes[account.Gaps[0]];
            output.WriteLine();
            output.WriteLine($"{account.Name} ({string.Join(", ", account.Gaps)} gap)");
            var remediation = success.Create(new Entity("wb_remediation")
            {
                ["wb_name"] = fix.Title,
                ["wb_accountid"] = new EntityReference("account", account.Id),
                ["wb_gap"] = new OptionSetValue(fix.Gap),
                ["wb_rootcause"] = fix.Cause,
                ["wb_fix"] = fix.Fix,
                ["wb_fixedon"] = DateTime.UtcNow.Date.AddDays(-7),
                ["wb_causecontrollable"] = true,
            });
            var cases = RecentCases(admin, account.Id);
            if (cases.Count > 0) admin.Associate("wb_remediation", remediation, new Relationship("wb_remediation_incident"), cases);
            success.Update(new Entity("wb_remediation", remediation) { ["statuscode"] = new OptionSetValue(Fixed) });
            output.WriteLine($"  Casey (customer success) records the remediation '{fix.Title}' and marks it Fixed.");

            var outreach = new Entity("wb_outreach")
            {
                ["regardingobjectid"] = new EntityReference("account", account.Id),
                ["wb_contactid"] = new EntityReference("contact", contact.Value.Id),
                ["wb_channel"] = new OptionSetValue(Email),
                ["wb_remediationid"] = new EntityReference("wb_remediation", remediation),
            };
            try
            {
                rep.Create(outreach);
                output.WriteLine("  Riley's outreach was accepted before verification: the gate did not hold.");
            }
            catch (FaultException<OrganizationServiceFault> refused)
            {
                output.WriteLine("  Riley (sales rep) drafts an outreach to " + contact.Value.Name + ". The server refuses:");
                output.WriteLine("    " + refused.Detail.Message);
            }

            success.Update(new Entity("wb_remediation", remediation) { ["wb_evidence"] = fix.Evidence });
            checker.Update(new Entity("wb_remediation", remediation) { ["statuscode"] = new OptionSetValue(Verified) });
            output.WriteLine($"  Casey adds the evidence: \"{fix.Evidence}\" Jordan, a second person, verifies it.");

            var id = rep.Create(outreach);
            var stamp = admin.Retrieve("wb_outreach", id, new ColumnSet("wb_gatestamp")).GetAttributeValue<string>("wb_gatestamp");
            output.WriteLine($"  Riley's outreach is created as a draft, stamped by the gate: {stamp}");
            output.WriteLine("  The server composed its draft from the account's records in the same save (below).");
            drafts.Add(($"{account.Name} ({account.Gaps[0]} gap)", admin.Retrieve("wb_outreach", id,
                new ColumnSet("subject", "description", "wb_offer", "wb_nextstep", "wb_citations", "wb_draftnotes"))));
        }

        if (drafts.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Drafts: every fact cited to the record it came from, reviewed by a person, never sent by the suite");
            ShowDrafts(context, output, drafts);
        }

        var held = new QueryExpression("account") { ColumnSet = new ColumnSet(false), PageInfo = new PagingInfo { Count = 5000, PageNumber = 1 } };
        held.Criteria.AddCondition("wb_holdout", ConditionOperator.Equal, true);
        var control = admin.RetrieveMultiple(held).Entities.Count;
        var audit = admin.Execute(new OrganizationRequest("wb_AuditGate"));
        output.WriteLine();
        output.WriteLine($"Control group: {control} flagged account(s) held out (no outreach), so outreach can be measured against them.");
        output.WriteLine($"Gate audit (wb_AuditGate): {(int)audit.Results["Count"]} outreach(es) without a valid gate stamp.");
    }

    /// <summary>The account's five most recent cases: what the remediation's customer reported.</summary>
    private static EntityReferenceCollection RecentCases(IOrganizationService service, Guid account)
    {
        var query = new QueryExpression("incident") { ColumnSet = new ColumnSet(false), TopCount = 5 };
        query.Criteria.AddCondition("customerid", ConditionOperator.Equal, account);
        query.AddOrder("createdon", OrderType.Descending);
        return new EntityReferenceCollection(service.RetrieveMultiple(query).Entities.Select(e => e.ToEntityReference()).ToList());
    }

    /// <summary>Side by side when the terminal has room for two 60-character columns, else one after the other.</summary>
    private static void ShowDrafts(CommandContext? context, TextWriter output, List<(string Title, Entity Draft)> drafts)
    {
        if (context == null)
        {
            foreach (var (title, draft) in drafts) output.WriteLine(title + "\n" + DraftText(draft) + "\n");
            return;
        }

        var console = context.Console(output);
        var sideBySide = console.Profile.Width >= 2 * 60 + 7;
        var groups = sideBySide ? new[] { drafts } : drafts.Select(d => new List<(string, Entity)> { d }).ToArray();
        foreach (var group in groups)
        {
            var table = Tables.New(context, output, group.Select(d => d.Item1).ToArray());
            table.AddRow(group.Select(d => (Spectre.Console.Rendering.IRenderable)Tables.Cell(DraftText(d.Item2))).ToArray());
            Tables.Write(context, output, table);
        }
    }

    private static string DraftText(Entity draft)
    {
        var text = new StringBuilder();
        text.Append("Subject: ").AppendLine(draft.GetAttributeValue<string>("subject"));
        text.AppendLine();
        text.AppendLine(draft.GetAttributeValue<string>("description"));
        text.AppendLine();
        var offer = draft.GetAttributeValue<OptionSetValue>("wb_offer");
        text.Append("Offer: ").AppendLine(offer == null ? "none" : OfferName((OfferKind)(offer.Value - 682400000)));
        text.Append("Next step: ").AppendLine(draft.GetAttributeValue<string>("wb_nextstep"));
        var notes = draft.GetAttributeValue<string>("wb_draftnotes");
        if (!string.IsNullOrEmpty(notes)) text.Append("Notes: ").AppendLine(notes);
        text.AppendLine("Citations (record: columns):");
        var records = JsonDocument.Parse(draft.GetAttributeValue<string>("wb_citations") ?? "[]").RootElement.EnumerateArray()
            .GroupBy(c => c.GetProperty("table").GetString() + " " + c.GetProperty("id").GetString()![..8]);
        foreach (var record in records)
            text.Append("  ").Append(record.Key).Append(": ").AppendLine(string.Join(", ", record.Select(c => c.GetProperty("column").GetString()).Distinct()));
        return text.ToString().TrimEnd();
    }

    private static string OfferName(OfferKind offer) => offer switch
    {
        OfferKind.None => "none, just the conversation",
        OfferKind.PriorityAttention => "priority attention",
        OfferKind.Redo => "redo the affected work",
        OfferKind.PlanAtMilestone => "a plan at the next milestone",
        OfferKind.RoadmapConversation => "a roadmap conversation",
        _ => "compensation in kind",
    };

    private static (Guid Id, string Name)? EmailableContact(IOrganizationService service, Guid account)
    {
        var query = new QueryExpression("contact") { ColumnSet = new ColumnSet("fullname", "donotemail"), TopCount = 20 };
        query.Criteria.AddCondition("parentcustomerid", ConditionOperator.Equal, account);
        query.Criteria.AddCondition("statecode", ConditionOperator.Equal, 0);
        query.AddOrder("fullname", OrderType.Ascending);
        var contact = service.RetrieveMultiple(query).Entities.FirstOrDefault(c => c.GetAttributeValue<bool?>("donotemail") != true);
        return contact == null ? null : (contact.Id, contact.GetAttributeValue<string>("fullname") ?? "");
    }
}
