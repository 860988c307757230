using System.ServiceModel;
using Dataverse.Local;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace WinBack.Cli.Demo;

/// <summary>
/// The demo's second act: fix first, then reach out. For two flagged accounts (outside the control group) customer
/// success records a remediation and marks it fixed; a sales rep's outreach is refused before a second person has
/// checked the evidence (the server's message is shown); the evidence is added and verified by a colleague; the outreach
/// is created and stamped. Ends with the control group's size and the gate audit.
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

    public static void Tell(LocalOrganization org, IEnumerable<(Guid Id, string Name, IReadOnlyList<string> Gaps)> flagged, TextWriter output)
    {
        var admin = org.Service;
        var success = org.GetService(org.AddUser("Casey Success", "Win-back Customer Success"));
        var checker = org.GetService(org.AddUser("Jordan Checker", "Win-back Customer Success"));
        var rep = org.GetService(org.AddUser("Riley Rep", "Win-back Sales Rep"));

        output.WriteLine("Fix first, then reach out");
        var told = 0;
        foreach (var account in flagged)
        {
            if (told == 2) break;
            var row = admin.Retrieve("account", account.Id, new ColumnSet("wb_holdout"));
            if (row.GetAttributeValue<bool?>("wb_holdout") == true || account.Gaps.Count == 0) continue;
            var contact = EmailableContact(admin, account.Id);
            if (contact == null) continue;
            told++;

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
            success.Update(new Entity("wb_remediation", remediation) { ["statuscode"] = new OptionSetValue(Fixed) });
            output.WriteLine($"  Casey (customer success) records the remediation '{fix.Title}' and marks it Fixed.");

            var outreach = new Entity("wb_outreach")
            {
                ["subject"] = $"What we changed: {fix.Title.ToLowerInvariant()}",
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
        }

        var held = new QueryExpression("account") { ColumnSet = new ColumnSet(false), PageInfo = new PagingInfo { Count = 5000, PageNumber = 1 } };
        held.Criteria.AddCondition("wb_holdout", ConditionOperator.Equal, true);
        var control = admin.RetrieveMultiple(held).Entities.Count;
        var audit = admin.Execute(new OrganizationRequest("wb_AuditGate"));
        output.WriteLine();
        output.WriteLine($"Control group: {control} flagged account(s) held out (no outreach), so outreach can be measured against them.");
        output.WriteLine($"Gate audit (wb_AuditGate): {(int)audit.Results["Count"]} outreach(es) without a valid gate stamp.");
    }

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
