using Microsoft.Xrm.Sdk;

namespace WinBack.Plugins.Tests;

/// <summary>
/// A case is often filed under the person who called (a contact) rather than under their company. Such a case counts
/// towards the support signals of the contact's account, on the form's button and in the daily refresh alike.
/// </summary>
public sealed class ContactCaseTests
{
    private static (Guid Account, Guid Other) UnhappyCasesFiledUnderContacts(TestOrganization org)
    {
        var account = org.Account("Adatum");
        var caller = org.Contact(account, "Ito");
        var other = org.Account("Someone else");
        var otherCaller = org.Contact(other, "Lind");
        org.SteadyUsage(account);
        org.SteadyUsage(other);
        org.Case(account, openedDaysAgo: 50, resolvedAfterDays: 1, satisfaction: 1, contact: caller);
        org.Case(account, openedDaysAgo: 20, resolvedAfterDays: 1, satisfaction: 2, contact: caller);
        org.Case(account, openedDaysAgo: 30, slaDays: 3, contact: caller);                              // still open, overdue
        org.Case(account, openedDaysAgo: 60, slaDays: 3, contact: caller);                              // still open, overdue
        org.Case(other, openedDaysAgo: 10, resolvedAfterDays: 1, satisfaction: 5, contact: otherCaller); // another account's
        return (account, other);
    }

    [Fact]
    public void Cases_filed_under_the_accounts_contact_count_when_one_account_is_recalculated()
    {
        using var org = new TestOrganization();
        var (account, other) = UnhappyCasesFiledUnderContacts(org);

        org.Recalculate(account);
        org.Recalculate(other);

        var reasons = org.Reasons(account);
        Assert.Contains("Satisfaction 12.5 of 100 in the last 90 days", reasons);
        Assert.Contains("SLA breaches: 2 in the last 90 days", reasons);
        Assert.True(org.Read(account).GetAttributeValue<bool>("wb_experiencegap"));
        Assert.DoesNotContain("Satisfaction 12.5", org.Reasons(other));
    }

    [Fact]
    public void Cases_filed_under_the_accounts_contact_count_in_the_daily_refresh()
    {
        using var org = new TestOrganization();
        var (account, other) = UnhappyCasesFiledUnderContacts(org);

        org.RecalculatePage(pageSize: 100);

        var reasons = org.Reasons(account);
        Assert.Contains("Satisfaction 12.5 of 100 in the last 90 days", reasons);
        Assert.Contains("SLA breaches: 2 in the last 90 days", reasons);
        Assert.True(org.Read(account).GetAttributeValue<bool>("wb_experiencegap"));
        Assert.DoesNotContain("Satisfaction 12.5", org.Reasons(other));
    }

    [Fact]
    public void Opening_a_case_under_a_contact_recalculates_the_contacts_account()
    {
        using var org = new TestOrganization();
        var account = org.Account("Litware");
        var caller = org.Contact(account, "Silva");
        org.Org.DrainAsyncQueue();

        org.Case(account, openedDaysAgo: 0, contact: caller);
        Assert.Equal(1, org.Org.PendingAsyncJobs);
        Assert.All(org.Org.DrainAsyncQueue(), job => Assert.Null(job.Message));

        Assert.Equal(TestOrganization.Today, org.Read(account).GetAttributeValue<DateTime?>("wb_lastscoredon"));
    }
}
