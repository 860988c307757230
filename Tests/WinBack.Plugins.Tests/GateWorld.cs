using System.ServiceModel;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace WinBack.Plugins.Tests;

/// <summary>
/// A local Dataverse with the solution imported, a flagged account with contacts, and the people of the gate: a sales
/// rep who writes outreach, two customer success managers (one marks fixes done, the other verifies), and the admin.
/// The control group is off (share 0) unless a test sets the policy, so that only what a test arranges decides.
/// </summary>
public sealed class GateWorld : IDisposable
{
    public const int Diagnosing = 1, Fixing = 682400001, Fixed = 682400002, Verified = 682400003, Closed = 2;
    public const int Draft = 1, ReadyForReview = 682400001, Approved = 682400002, Sent = 2, Canceled = 3;
    public const int Email = 682400000, PhoneCall = 682400001, Meeting = 682400002;
    public const int Value = 682400000, Trust = 682400001, Experience = 682400002, Growth = 682400003;

    public GateWorld(string policy = """{ "controlShare": 0 }""", int baseLanguageCode = 1033)
    {
        Org = new TestOrganization(baseLanguageCode: baseLanguageCode);
        Rep = Org.Org.AddUser("Riley Rep", "Win-back Sales Rep");
        Success = Org.Org.AddUser("Casey Success", "Win-back Customer Success");
        Checker = Org.Org.AddUser("Jordan Checker", "Win-back Customer Success");
        foreach (var (user, title) in new[] { (Rep, "Account manager"), (Success, "Customer success manager"), (Checker, "Customer success lead") })
            Org.Org.SystemService.Update(new Entity("systemuser", user) { ["title"] = title });
        SetPolicy(policy);
        Account = Org.Account("Contoso Support");
        Flag(Account, trust: true);
        Contact = Org.Contact(Account, "Reyes");
    }

    public TestOrganization Org { get; }
    public IOrganizationService Admin => Org.Service;
    public Guid Rep { get; }
    public Guid Success { get; }
    public Guid Checker { get; }
    public Guid Account { get; }
    public Guid Contact { get; }

    public IOrganizationService As(Guid user) => Org.Org.GetService(user);

    public void Dispose() => Org.Dispose();

    /// <summary>Sets the current value of wb_GatePolicy as an administrator would.</summary>
    public void SetPolicy(string json)
    {
        var query = new QueryExpression("environmentvariabledefinition") { ColumnSet = new ColumnSet("schemaname") };
        query.Criteria.AddCondition("schemaname", ConditionOperator.Equal, "wb_GatePolicy");
        var definition = Admin.RetrieveMultiple(query).Entities.Single().Id;
        var values = new QueryExpression("environmentvariablevalue") { ColumnSet = new ColumnSet("value") };
        values.Criteria.AddCondition("environmentvariabledefinitionid", ConditionOperator.Equal, definition);
        var existing = Admin.RetrieveMultiple(values).Entities.FirstOrDefault();
        if (existing != null)
        {
            Admin.Update(new Entity("environmentvariablevalue", existing.Id) { ["value"] = json });
            return;
        }

        Admin.Create(new Entity("environmentvariablevalue")
        {
            ["schemaname"] = "wb_GatePolicy_value",
            ["environmentvariabledefinitionid"] = new EntityReference("environmentvariabledefinition", definition),
            ["value"] = json,
        });
    }

    /// <summary>Flags an account the way the recalculation does (as SYSTEM): flagged-on date and gap columns.</summary>
    public void Flag(Guid account, bool value = false, bool trust = false, bool experience = false, bool growth = false) =>
        Org.Org.SystemService.Update(new Entity("account", account)
        {
            ["wb_flaggedon"] = TestOrganization.Today.AddDays(-3),
            ["wb_riskband"] = new OptionSetValue(TestOrganization.AtRisk),
            ["wb_valuegap"] = value, ["wb_trustgap"] = trust, ["wb_experiencegap"] = experience, ["wb_growthgap"] = growth,
        });

    /// <summary>A remediation recorded by customer success, in Diagnosing.</summary>
    public Guid Remediation(string name = "Slow support replies", Guid? account = null, int gap = Trust, bool withEvidence = true)
    {
        var remediation = new Entity("wb_remediation")
        {
            ["wb_name"] = name,
            ["wb_accountid"] = new EntityReference("account", account ?? Account),
            ["wb_gap"] = new OptionSetValue(gap),
            ["wb_rootcause"] = "Support replies took 5 days since the March re-organisation.",
        };
        if (withEvidence)
        {
            remediation["wb_fix"] = "A second support shift and a 24-hour reply target.";
            remediation["wb_evidence"] = "Median first reply fell from 5 days to 7 hours in May.";
            remediation["wb_fixedon"] = TestOrganization.Today.AddDays(-10);
        }

        var id = As(Success).Create(remediation);
        // The case behind it, so that a composed draft names what went wrong (without one it carries a placeholder).
        var incident = Org.Case(account ?? Account, openedDaysAgo: 40, resolvedAfterDays: 6);
        Admin.Associate("wb_remediation", id, new Relationship("wb_remediation_incident"),
            new EntityReferenceCollection { new EntityReference("incident", incident) });
        return id;
    }

    public void Move(Guid remediation, int status, Guid? by = null) =>
        As(by ?? Success).Update(new Entity("wb_remediation", remediation)
        {
            ["statecode"] = new OptionSetValue(status == Closed ? 1 : 0),
            ["statuscode"] = new OptionSetValue(status),
        });

    /// <summary>Recorded, marked Fixed by one person, Verified by another.</summary>
    public Guid VerifiedRemediation(string name = "Slow support replies", Guid? account = null, int gap = Trust)
    {
        var id = Remediation(name, account, gap);
        Move(id, Fixed, Success);
        Move(id, Verified, Checker);
        return id;
    }

    public Entity Outreach(Guid? remediation, Guid? contact = null, int channel = Email, Guid? account = null, string subject = "We fixed our support replies")
    {
        var outreach = new Entity("wb_outreach")
        {
            ["subject"] = subject,
            ["regardingobjectid"] = new EntityReference("account", account ?? Account),
            ["wb_contactid"] = new EntityReference("contact", contact ?? Contact),
            ["wb_channel"] = new OptionSetValue(channel),
            // No description: the server composes the draft from the records in the same save.
        };
        if (remediation != null) outreach["wb_remediationid"] = new EntityReference("wb_remediation", remediation.Value);
        return outreach;
    }

    public Entity Read(string table, Guid id, params string[] columns) => Admin.Retrieve(table, id, new ColumnSet(columns));

    public int Outreaches => Org.Org.Count("wb_outreach");

    /// <summary>Runs a write that the server must refuse; returns the message and checks nothing was written.</summary>
    public string Refused(Action write)
    {
        var before = (Org.Org.Count("wb_outreach"), Org.Org.Count("wb_remediation"), Org.Org.Count("email"));
        var fault = Assert.Throws<FaultException<OrganizationServiceFault>>(write);
        Assert.Equal(before, (Org.Org.Count("wb_outreach"), Org.Org.Count("wb_remediation"), Org.Org.Count("email")));
        Assert.DoesNotContain("<", fault.Detail.Message);
        return fault.Detail.Message;
    }
}
