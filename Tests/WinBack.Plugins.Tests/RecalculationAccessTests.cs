using System.ServiceModel;
using Microsoft.Xrm.Sdk;

namespace WinBack.Plugins.Tests;

/// <summary>
/// wb_RecalculateDisengagement returns an account's reasons (its cases, emails and usage in words), so it answers only a
/// caller who may read that account: the same reach the caller has on the account form.
/// </summary>
public sealed class RecalculationAccessTests
{
    private sealed class Units
    {
        public Units(TestOrganization org)
        {
            North = org.Org.AddBusinessUnit("North");
            South = org.Org.AddBusinessUnit("South");
            var owner = org.Org.AddUser("Olive Owner", North, "Win-back Customer Success");
            Account = org.Service.Create(new Entity("account")
            {
                ["name"] = "Northwind",
                ["ownerid"] = new EntityReference("systemuser", owner),
            });
        }

        public Guid North { get; }
        public Guid South { get; }
        public Guid Account { get; }
    }

    private static OrganizationResponse RecalculateAs(TestOrganization org, Guid user, Guid account) =>
        org.Org.GetService(user).Execute(new OrganizationRequest("wb_RecalculateDisengagement") { ["Target"] = new EntityReference("account", account) });

    [Theory]
    [InlineData("Win-back Customer Success", "North")]
    [InlineData("Win-back Customer Success", "Root")]
    [InlineData("Win-back Administrator", "South")]
    public void A_caller_who_can_read_the_account_gets_its_result(string role, string unit)
    {
        using var org = new TestOrganization();
        var units = new Units(org);
        var user = org.Org.AddUser("Caller", unit switch { "North" => units.North, "South" => units.South, _ => org.Org.RootBusinessUnitId }, role);

        var response = RecalculateAs(org, user, units.Account);

        Assert.True(response.Results.ContainsKey("Score"));
    }

    [Fact]
    public void Customer_success_in_another_business_unit_is_refused_and_nothing_is_read_or_written()
    {
        using var org = new TestOrganization();
        var units = new Units(org);
        var outsider = org.Org.AddUser("Sam South", units.South, "Win-back Customer Success");
        org.Case(units.Account, openedDaysAgo: 3, satisfaction: 1, resolvedAfterDays: 1);
        org.Org.DrainAsyncQueue();
        var before = org.Read(units.Account).GetAttributeValue<string>("wb_disengagementreasons");

        var refused = Assert.Throws<FaultException<OrganizationServiceFault>>(() => RecalculateAs(org, outsider, units.Account));

        Assert.Contains("You cannot read this account", refused.Detail.Message);
        Assert.DoesNotContain("Satisfaction", refused.Detail.Message);
        Assert.Equal(before, org.Read(units.Account).GetAttributeValue<string>("wb_disengagementreasons"));
    }

    [Fact]
    public void A_sales_rep_who_reads_the_account_may_still_not_recalculate_it()
    {
        using var org = new TestOrganization();
        var units = new Units(org);
        var rep = org.Org.AddUser("Riley Rep", units.North, "Win-back Sales Rep");

        var refused = Assert.Throws<FaultException<OrganizationServiceFault>>(() => RecalculateAs(org, rep, units.Account));

        Assert.Contains("prvCreatewb_DisengagementHistory", refused.Detail.Message);
    }
}
