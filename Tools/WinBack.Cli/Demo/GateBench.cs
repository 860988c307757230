using Dataverse.Local;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace WinBack.Cli.Demo;

/// <summary>What the gate costs per outreach create: org-service calls it makes, and its in-process time (p50, p95).</summary>
public sealed record GateBenchResult(int Creates, double CallsPerCreate, int MaxCallsPerCreate, double P50Ms, double P95Ms, int MaxDraftCalls);

public static class GateBench
{
    public const int GoalCallsPerCreate = 2;

    /// <summary>
    /// Creates one outreach on each of <paramref name="accounts"/> (each with a verified remediation and a contact who
    /// allows email) as a sales rep, and reads the gate's own cost from the local Dataverse's meter for each create.
    /// </summary>
    public static GateBenchResult Measure(LocalOrganization org, IReadOnlyList<Guid> accounts)
    {
        var admin = org.Service;
        var success = org.GetService(org.AddUser("Bench Success", "Win-back Customer Success"));
        var checker = org.GetService(org.AddUser("Bench Checker", "Win-back Customer Success"));
        var rep = org.GetService(org.AddUser("Bench Rep", "Win-back Sales Rep"));
        SetPolicy(admin, """{ "controlShare": 0 }""");

        var calls = new List<int>();
        var draftCalls = new List<int>();
        var times = new List<double>();
        foreach (var account in accounts)
        {
            var flags = admin.Retrieve("account", account, new ColumnSet("wb_valuegap", "wb_trustgap", "wb_experiencegap", "wb_growthgap", "wb_holdout"));
            if (flags.GetAttributeValue<bool>("wb_holdout")) continue;   // the control group gets no outreach
            var gap = new[] { "wb_valuegap", "wb_trustgap", "wb_experiencegap", "wb_growthgap" }
                .Select((column, i) => (column, i)).FirstOrDefault(c => flags.GetAttributeValue<bool>(c.column)).i;
            var remediation = success.Create(new Entity("wb_remediation")
            {
                ["wb_name"] = "Bench fix", ["wb_accountid"] = new EntityReference("account", account), ["wb_gap"] = new OptionSetValue(682400000 + gap),
                ["wb_rootcause"] = "Replies waited in a shared queue.", ["wb_fix"] = "Every escalation has a named owner.", ["wb_evidence"] = "First replies fell to 48 minutes.", ["wb_fixedon"] = DateTime.UtcNow.Date.AddDays(-1),
            });
            success.Update(new Entity("wb_remediation", remediation) { ["statuscode"] = new OptionSetValue(682400002) });
            checker.Update(new Entity("wb_remediation", remediation) { ["statuscode"] = new OptionSetValue(682400003) });
            var contact = admin.Create(new Entity("contact") { ["firstname"] = "Sam", ["lastname"] = "Bench", ["parentcustomerid"] = new EntityReference("account", account) });

            org.ResetCost();
            rep.Create(new Entity("wb_outreach")
            {
                ["regardingobjectid"] = new EntityReference("account", account),
                ["wb_contactid"] = new EntityReference("contact", contact),
                ["wb_channel"] = new OptionSetValue(682400000),
                ["wb_remediationid"] = new EntityReference("wb_remediation", remediation),
            });
            var gate = org.Cost.Plugin("GateOutreach");
            // The create has no body, so the draft step composes it: its org-service calls are the draft's reads.
            draftCalls.Add(org.Cost.Plugin("DraftOutreach")?.Requests ?? 0);
            calls.Add(gate?.Requests ?? 0);
            times.Add(gate?.Elapsed.TotalMilliseconds ?? 0);
        }

        times.Sort();
        return new GateBenchResult(calls.Count, calls.Count == 0 ? 0 : calls.Average(), calls.Count == 0 ? 0 : calls.Max(), Percentile(times, 0.50), Percentile(times, 0.95),
            draftCalls.Count == 0 ? 0 : draftCalls.Max());
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static void SetPolicy(IOrganizationService admin, string json)
    {
        var query = new QueryExpression("environmentvariabledefinition") { ColumnSet = new ColumnSet("schemaname") };
        query.Criteria.AddCondition("schemaname", ConditionOperator.Equal, "wb_GatePolicy");
        var definition = admin.RetrieveMultiple(query).Entities.Single().Id;
        admin.Create(new Entity("environmentvariablevalue")
        {
            ["schemaname"] = "wb_GatePolicy_value",
            ["environmentvariabledefinitionid"] = new EntityReference("environmentvariabledefinition", definition),
            ["value"] = json,
        });
    }
}
