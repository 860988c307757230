using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Query;
using static WinBack.Plugins.Tests.GateWorld;

namespace WinBack.Plugins.Tests;

/// <summary>
/// Bad input of every kind: each is refused with a message that says what is wrong and what to do, and writes nothing
/// (<see cref="GateWorld.Refused"/> checks that no outreach, remediation or email was added and no markup came back).
/// </summary>
public sealed class GateBadInputTests
{
    private static Guid InStatus(GateWorld world, int status)
    {
        var id = world.Remediation();
        if (status == Fixing || status == Fixed) world.Move(id, status);
        if (status == Closed) world.Move(id, Closed);
        return id;
    }

    [Fact]
    public void No_remediation()
    {
        using var world = new GateWorld();
        Assert.Equal("A win-back outreach needs a remediation: choose, in wb_remediationid, the verified fix of this account that the outreach tells the customer about.",
            world.Refused(() => world.As(world.Rep).Create(world.Outreach(null))));
    }

    [Fact]
    public void An_empty_remediation_id()
    {
        using var world = new GateWorld();
        var outreach = world.Outreach(Guid.Empty);
        Assert.Equal("A win-back outreach needs a remediation: choose, in wb_remediationid, the verified fix of this account that the outreach tells the customer about.",
            world.Refused(() => world.As(world.Rep).Create(outreach)));
    }

    [Fact]
    public void A_malformed_remediation_id()
    {
        using var world = new GateWorld();
        var outreach = world.Outreach(null);
        outreach["wb_remediationid"] = "not-a-guid";
        Assert.Equal("A win-back outreach needs a remediation: choose, in wb_remediationid, the verified fix of this account that the outreach tells the customer about.",
            world.Refused(() => world.As(world.Rep).Create(outreach)));
    }

    [Fact]
    public void A_remediation_of_another_account()
    {
        using var world = new GateWorld();
        var other = world.Org.Account("Fabrikam");
        var theirs = world.VerifiedRemediation("Fabrikam's late invoices", other);
        Assert.Equal("The remediation 'Fabrikam's late invoices' belongs to another account ('Fabrikam'): choose a verified remediation of the account this outreach regards.",
            world.Refused(() => world.As(world.Success).Create(world.Outreach(theirs))));
    }

    [Fact]
    public void An_id_of_another_table()
    {
        using var world = new GateWorld();
        var outreach = world.Outreach(null);
        outreach["wb_remediationid"] = new EntityReference("account", world.Account);
        Assert.Equal($"The remediation {world.Account:D} does not exist (it may have been deleted): choose an existing, verified remediation of this account in wb_remediationid.",
            world.Refused(() => world.As(world.Rep).Create(outreach)));
    }

    [Fact]
    public void A_deleted_remediation()
    {
        using var world = new GateWorld();
        var gone = world.Remediation();
        world.Admin.Delete("wb_remediation", gone);
        Assert.Equal($"The remediation {gone:D} does not exist (it may have been deleted): choose an existing, verified remediation of this account in wb_remediationid.",
            world.Refused(() => world.As(world.Rep).Create(world.Outreach(gone))));
    }

    [Theory]
    [InlineData(Diagnosing, "it is Diagnosing, so the root cause is still being found.")]
    [InlineData(Fixing, "it is Fixing, so the fix is still under way.")]
    [InlineData(Fixed, "it is Fixed and waits for a second person to check the evidence.")]
    [InlineData(Closed, "it is Closed; reopen and verify it, or choose another remediation.")]
    public void Each_status_short_of_verified(int status, string why)
    {
        using var world = new GateWorld();
        var remediation = InStatus(world, status);
        Assert.Equal("Verify the remediation 'Slow support replies' first: " + why, world.Refused(() => world.As(world.Rep).Create(world.Outreach(remediation))));
    }

    [Fact]
    public void A_fix_of_a_gap_the_account_is_not_flagged_for()
    {
        using var world = new GateWorld();
        var remediation = world.VerifiedRemediation("Price rise explained", gap: Value);
        Assert.Equal("The remediation 'Price rise explained' fixes the value gap, but 'Contoso Support' is flagged for the trust gap: record and verify a remediation of one of those gaps, or set wb_gap on this one if it closes one of them.",
            world.Refused(() => world.As(world.Rep).Create(world.Outreach(remediation))));
    }

    [Fact]
    public void A_control_group_account()
    {
        using var world = new GateWorld(policy: """{ "controlShare": 1 }""");
        var held = world.Org.Account("Northwind");
        world.Flag(held, trust: true);
        var contact = world.Org.Contact(held, "Lee");
        var remediation = world.VerifiedRemediation(account: held);

        Assert.True(world.Read("account", held, "wb_holdout").GetAttributeValue<bool>("wb_holdout"));
        Assert.Equal("The account 'Northwind' is in the control group (wb_holdout): it gets no win-back outreach, so that comparing it with the other flagged accounts shows whether outreach works. The assignment is permanent; choose another account.",
            world.Refused(() => world.As(world.Success).Create(world.Outreach(remediation, contact, account: held))));
    }

    [Fact]
    public void The_control_group_assignment_is_made_once_and_kept_when_the_policy_changes()
    {
        using var world = new GateWorld(policy: """{ "controlShare": 1 }""");
        var held = world.Org.Account("Northwind");
        world.Flag(held, trust: true);
        world.SetPolicy("""{ "controlShare": 0 }""");
        world.Flag(held, trust: true, growth: true);

        Assert.True(world.Read("account", held, "wb_holdout").GetAttributeValue<bool>("wb_holdout"));
    }

    [Fact]
    public void A_client_set_control_group_assignment()
    {
        using var world = new GateWorld();
        Assert.Equal("wb_holdout is written by the server only: leave it out of the request.",
            world.Refused(() => world.Admin.Update(new Entity("account", world.Account) { ["wb_holdout"] = false })));
    }

    [Fact]
    public void A_client_set_control_group_assignment_on_a_new_account()
    {
        using var world = new GateWorld();
        var before = world.Org.Org.Count("account");
        Assert.Equal("wb_holdout, wb_holdoutassignedon are written by the server only: leave them out of the request.",
            world.Refused(() => world.Admin.Create(new Entity("account") { ["name"] = "Imported", ["wb_holdout"] = false, ["wb_holdoutassignedon"] = TestOrganization.Today })));
        Assert.Equal(before, world.Org.Org.Count("account"));
    }

    [Fact]
    public void An_account_imported_already_flagged_is_assigned_by_the_server()
    {
        using var world = new GateWorld(policy: """{ "controlShare": 1 }""");
        var imported = world.Admin.Create(new Entity("account") { ["name"] = "Imported", ["wb_flaggedon"] = TestOrganization.Today.AddDays(-1), ["wb_trustgap"] = true });

        var stored = world.Read("account", imported, "wb_holdout", "wb_holdoutassignedon");
        Assert.Equal((true, TestOrganization.Today), (stored.GetAttributeValue<bool>("wb_holdout"), stored.GetAttributeValue<DateTime>("wb_holdoutassignedon")));
    }

    [Fact]
    public void An_email_linked_afterwards_to_an_outreach_whose_contact_refuses_email()
    {
        using var world = new GateWorld();
        var outreach = world.As(world.Rep).Create(world.Outreach(world.VerifiedRemediation()));
        var email = world.As(world.Rep).Create(new Entity("email") { ["subject"] = "Draft", ["regardingobjectid"] = new EntityReference("account", world.Account) });
        world.Admin.Update(new Entity("contact", world.Contact) { ["donotemail"] = true });

        Assert.Equal("The contact 'Sam Reyes' does not allow email (donotemail is set): choose another channel or another contact.",
            world.Refused(() => world.As(world.Rep).Update(new Entity("email", email) { ["wb_outreachid"] = new EntityReference("wb_outreach", outreach) })));
        Assert.False(world.Read("email", email, "wb_outreachid").Contains("wb_outreachid"));
    }

    [Fact]
    public void A_contact_with_donotemail()
    {
        using var world = new GateWorld();
        world.Admin.Update(new Entity("contact", world.Contact) { ["donotemail"] = true });
        var remediation = world.VerifiedRemediation();
        Assert.Equal("The contact 'Sam Reyes' does not allow email (donotemail is set): choose another channel or another contact.",
            world.Refused(() => world.As(world.Rep).Create(world.Outreach(remediation))));
    }

    [Fact]
    public void A_contact_with_donotphone_called()
    {
        using var world = new GateWorld();
        world.Admin.Update(new Entity("contact", world.Contact) { ["donotphone"] = true });
        var remediation = world.VerifiedRemediation();
        Assert.Equal("The contact 'Sam Reyes' does not allow phone calls (donotphone is set): choose another channel or another contact.",
            world.Refused(() => world.As(world.Rep).Create(world.Outreach(remediation, channel: PhoneCall))));
    }

    [Fact]
    public void An_inactive_contact()
    {
        using var world = new GateWorld();
        world.Admin.Update(new Entity("contact", world.Contact) { ["statecode"] = new OptionSetValue(1), ["statuscode"] = new OptionSetValue(2) });
        var remediation = world.VerifiedRemediation();
        Assert.Equal("The contact 'Sam Reyes' is inactive (statecode): choose an active contact of 'Contoso Support'.",
            world.Refused(() => world.As(world.Rep).Create(world.Outreach(remediation))));
    }

    [Fact]
    public void A_contact_of_another_account()
    {
        using var world = new GateWorld();
        var stranger = world.Org.Contact(world.Org.Account("Fabrikam"), "Novak");
        var remediation = world.VerifiedRemediation();
        Assert.Equal($"The contact {stranger:D} in wb_contactid is not a contact of 'Contoso Support': choose one of the account's own contacts.",
            world.Refused(() => world.As(world.Success).Create(world.Outreach(remediation, stranger))));
    }

    [Fact]
    public void No_contact()
    {
        using var world = new GateWorld();
        var outreach = world.Outreach(world.VerifiedRemediation());
        outreach.Attributes.Remove("wb_contactid");
        Assert.Equal("Choose the person to reach in wb_contactid: a win-back outreach goes to one contact of the account.", world.Refused(() => world.As(world.Rep).Create(outreach)));
    }

    [Fact]
    public void No_channel()
    {
        using var world = new GateWorld();
        var outreach = world.Outreach(world.VerifiedRemediation());
        outreach.Attributes.Remove("wb_channel");
        Assert.Equal("Choose how to reach the person in wb_channel: Email, Phone call or Meeting.", world.Refused(() => world.As(world.Rep).Create(outreach)));
    }

    [Fact]
    public void A_second_open_outreach_to_the_same_account()
    {
        using var world = new GateWorld();
        var remediation = world.VerifiedRemediation();
        world.As(world.Rep).Create(world.Outreach(remediation, subject: "First note"));
        Assert.Equal("The account 'Contoso Support' already has 1 open win-back outreach and the gate policy allows 1: send or cancel 'First note' first.",
            world.Refused(() => world.As(world.Rep).Create(world.Outreach(remediation, subject: "Second note"))));
    }

    [Fact]
    public void An_outreach_within_the_policy_days_of_the_last_sent_one()
    {
        using var world = new GateWorld();
        var remediation = world.VerifiedRemediation();
        var sent = world.As(world.Rep).Create(world.Outreach(remediation, subject: "First note"));
        world.As(world.Rep).Update(new Entity("wb_outreach", sent) { ["statecode"] = new OptionSetValue(1), ["statuscode"] = new OptionSetValue(Sent), ["actualend"] = TestOrganization.Today.AddDays(-3) });
        Assert.Equal("The account 'Contoso Support' was sent a win-back outreach ('First note') on 2026-06-12 and the gate policy allows one every 14 days: wait until 2026-06-26.",
            world.Refused(() => world.As(world.Rep).Create(world.Outreach(remediation, subject: "Second note"))));
    }

    [Theory]
    [InlineData("wb_verifiedby")]
    [InlineData("wb_verifiedon")]
    [InlineData("wb_fixedby")]
    public void A_client_set_verification_column(string column)
    {
        using var world = new GateWorld();
        var remediation = world.Remediation();
        object value = column == "wb_verifiedon" ? TestOrganization.Today : new EntityReference("systemuser", world.Checker);
        Assert.Equal(column + " is written by the server only: leave it out of the request.",
            world.Refused(() => world.As(world.Success).Update(new Entity("wb_remediation", remediation) { [column] = value })));
        Assert.Null(world.Read("wb_remediation", remediation, column).GetAttributeValue<object>(column));
    }

    [Theory]
    [InlineData("wb_gatestamp")]
    [InlineData("wb_gatecheckedon")]
    public void A_client_set_gate_stamp(string column)
    {
        using var world = new GateWorld();
        var outreach = world.Outreach(world.VerifiedRemediation());
        outreach[column] = column == "wb_gatestamp" ? "gate:v1;remediation:" + Guid.NewGuid() + ";on:2026-06-15T00:00:00Z" : TestOrganization.Today;
        Assert.Equal(column + " is written by the server only: leave it out of the request.", world.Refused(() => world.As(world.Rep).Create(outreach)));
    }

    [Fact]
    public void Verifying_ones_own_fix()
    {
        using var world = new GateWorld();
        var remediation = world.Remediation();
        world.Move(remediation, Fixed, world.Success);
        Assert.Equal("You marked the remediation 'Slow support replies' as Fixed, so someone else must verify it: ask a colleague in Customer Success to check the evidence.",
            world.Refused(() => world.Move(remediation, Verified, world.Success)));
        Assert.Equal(Fixed, world.Read("wb_remediation", remediation, "statuscode").GetAttributeValue<OptionSetValue>("statuscode").Value);
    }

    [Fact]
    public void Verifying_what_nobody_marked_fixed()
    {
        using var world = new GateWorld();
        var remediation = world.Remediation();
        Assert.Equal("The remediation 'Slow support replies' must be marked Fixed before it is Verified, so that a second person checks the evidence: set it to Fixed first.",
            world.Refused(() => world.Move(remediation, Verified, world.Checker)));
    }

    [Fact]
    public void Verifying_without_evidence()
    {
        using var world = new GateWorld();
        var remediation = world.Remediation(withEvidence: false);
        world.Move(remediation, Fixed, world.Success);
        Assert.Equal("The remediation 'Slow support replies' cannot be Verified yet: fill in wb_fix, wb_evidence, wb_fixedon first, so a second person can check what broke, what changed and what proves it.",
            world.Refused(() => world.Move(remediation, Verified, world.Checker)));
    }

    [Fact]
    public void A_fixed_on_date_in_the_future()
    {
        using var world = new GateWorld();
        var remediation = world.Remediation();
        world.As(world.Success).Update(new Entity("wb_remediation", remediation) { ["wb_fixedon"] = TestOrganization.Today.AddDays(7) });
        world.Move(remediation, Fixed, world.Success);
        Assert.Equal("The remediation 'Slow support replies' has a fixed-on date in the future (2026-06-22): a fix can be verified once it has taken effect; correct wb_fixedon or wait.",
            world.Refused(() => world.Move(remediation, Verified, world.Checker)));
    }

    [Fact]
    public void A_sales_rep_verifying()
    {
        using var world = new GateWorld();
        var remediation = world.Remediation();
        world.Move(remediation, Fixed, world.Success);
        var message = world.Refused(() => world.Move(remediation, Verified, world.Rep));
        Assert.StartsWith($"Principal user (Id={world.Rep:D}, type=8", message);
        Assert.Contains("is missing prvWritewb_remediation privilege", message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_root_cause_of_one_megabyte()
    {
        using var world = new GateWorld();
        var remediation = world.Remediation();
        Assert.Equal("A validation error occurred. The length of the 'wb_rootcause' attribute of the 'wb_remediation' entity exceeded the maximum allowed length of '4000'.",
            world.Refused(() => world.As(world.Success).Update(new Entity("wb_remediation", remediation) { ["wb_rootcause"] = new string('x', 1024 * 1024) })));
    }

    [Fact]
    public void Markup_and_scripts_in_every_text_column_are_stored_as_text_and_quoted_as_plain_text()
    {
        using var world = new GateWorld();
        const string script = "<script>alert('x')</script><img src=x onerror=alert(1)>";
        var remediation = world.As(world.Success).Create(new Entity("wb_remediation")
        {
            ["wb_name"] = script, ["wb_accountid"] = new EntityReference("account", world.Account), ["wb_gap"] = new OptionSetValue(Trust),
            ["wb_rootcause"] = script, ["wb_fix"] = script, ["wb_evidence"] = script, ["wb_fixedon"] = TestOrganization.Today,
        });
        world.Move(remediation, Fixed, world.Success);
        var outreach = world.Outreach(remediation, subject: script);
        outreach["description"] = script;

        Assert.Equal("Verify the remediation '‹script›alert('x')‹/script›‹img src=x onerror=alert(1)›' first: it is Fixed and waits for a second person to check the evidence.",
            world.Refused(() => world.As(world.Rep).Create(outreach)));
        var stored = world.Read("wb_remediation", remediation, "wb_name", "wb_rootcause", "wb_fix", "wb_evidence");
        Assert.All(new[] { "wb_name", "wb_rootcause", "wb_fix", "wb_evidence" }, c => Assert.Equal(script, stored.GetAttributeValue<string>(c)));
    }

    [Fact]
    public void A_create_multiple_mixing_good_and_bad_rows()
    {
        using var world = new GateWorld(policy: """{ "controlShare": 0, "openOutreachesPerAccount": 9 }""");
        var good = world.VerifiedRemediation();
        var rows = new List<Entity> { world.Outreach(good, subject: "One"), world.Outreach(good, subject: "Two"), world.Outreach(null, subject: "Three") };
        Assert.Equal("A win-back outreach needs a remediation: choose, in wb_remediationid, the verified fix of this account that the outreach tells the customer about.",
            world.Refused(() => world.As(world.Rep).Execute(new CreateMultipleRequest { Targets = new EntityCollection(rows) { EntityName = "wb_outreach" } })));
    }

    [Theory]
    [InlineData("""{ "controlShare": 0.1, "holdout": 0.2 }""", "'holdout' is not a field of the gate policy; the fields are controlShare, controlSalt, daysBetweenOutreaches, openOutreachesPerAccount, fourEyes")]
    [InlineData("""{ "controlShare": -0.5 }""", "controlShare must be between 0 and 1, e.g. 0.1 for 10% (got -0.5)")]
    [InlineData("""{ "controlShare": 1.2 }""", "controlShare must be between 0 and 1, e.g. 0.1 for 10% (got 1.2)")]
    [InlineData("""{ "controlShare": """, "the gate policy is not valid JSON: ")]
    public void A_gate_policy_that_cannot_be_used_is_refused_and_the_last_valid_one_keeps_working(string json, string problem)
    {
        using var world = new GateWorld(policy: """{ "controlShare": 0, "daysBetweenOutreaches": 30 }""");
        var fault = Assert.Throws<System.ServiceModel.FaultException<OrganizationServiceFault>>(() => world.SetPolicy(json));
        Assert.StartsWith("The gate policy was not saved because it is not valid: " + problem, fault.Detail.Message);
        Assert.EndsWith(". Correct the JSON and save again; until then the previous gate policy stays in use.", fault.Detail.Message);

        var values = new QueryExpression("environmentvariablevalue") { ColumnSet = new ColumnSet("value") };
        values.Criteria.AddCondition("schemaname", ConditionOperator.Equal, "wb_GatePolicy_value");
        Assert.Equal("""{ "controlShare": 0, "daysBetweenOutreaches": 30 }""", world.Admin.RetrieveMultiple(values).Entities.Single().GetAttributeValue<string>("value"));
    }

    [Theory]
    [InlineData("reopen")]
    [InlineData("deactivate")]
    [InlineData("delete")]
    [InlineData("move")]
    [InlineData("edit")]
    public void Changing_a_remediation_an_approved_outreach_relies_on(string change)
    {
        using var world = new GateWorld();
        var remediation = world.VerifiedRemediation();
        var outreach = world.As(world.Rep).Create(world.Outreach(remediation, subject: "We fixed our support replies"));
        world.As(world.Rep).Update(new Entity("wb_outreach", outreach) { ["statuscode"] = new OptionSetValue(Approved) });
        var other = world.Org.Account("Fabrikam");

        var (action, write) = change switch
        {
            "reopen" => ("reopened", (Action)(() => world.Move(remediation, Fixing, world.Checker))),
            "deactivate" => ("deactivated", () => world.Move(remediation, Closed, world.Checker)),
            "delete" => ("deleted", () => world.Admin.Delete("wb_remediation", remediation)),
            "move" => ("moved to another account", () => world.As(world.Checker).Update(new Entity("wb_remediation", remediation) { ["wb_accountid"] = new EntityReference("account", other) })),
            _ => ("changed in its root cause, fix or evidence", () => world.As(world.Checker).Update(new Entity("wb_remediation", remediation) { ["wb_evidence"] = "Nothing really changed." })),
        };

        Assert.Equal($"The remediation 'Slow support replies' cannot be {action}: win-back outreaches in Ready for review, Approved or Sent rely on it ('We fixed our support replies'). Cancel those outreaches first.",
            world.Refused(write));
        Assert.Equal(Verified, world.Read("wb_remediation", remediation, "statuscode").GetAttributeValue<OptionSetValue>("statuscode").Value);
    }
}
