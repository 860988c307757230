using WinBack.Core.Extraction;

namespace WinBack.Core.Tests;

/// <summary>What resolving and reopening a case stamp on it: plain rules, without Dataverse.</summary>
public sealed class CaseRulesTests
{
    private static readonly DateTime Now = new(2026, 6, 15, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Resolving_a_case_after_its_resolve_by_date_records_the_time_and_the_breach()
    {
        var stamp = CaseRules.OnStateChange(CaseRules.Active, CaseRules.Resolved, resolveBy: Now.AddDays(-1), givenResolvedOn: null, reopenCount: 0, Now);

        Assert.NotNull(stamp);
        Assert.Equal(Now, stamp.ResolvedOn);
        Assert.True(stamp.SlaBreached);
        Assert.Null(stamp.ReopenCount);
    }

    [Fact]
    public void A_resolution_time_given_by_an_import_is_kept_and_judged_against_the_resolve_by_date()
    {
        var stamp = CaseRules.OnStateChange(CaseRules.Active, CaseRules.Resolved, resolveBy: Now.AddDays(-10), givenResolvedOn: Now.AddDays(-12), reopenCount: 0, Now);

        Assert.Equal(Now.AddDays(-12), stamp!.ResolvedOn);
        Assert.False(stamp.SlaBreached);
    }

    [Fact]
    public void Reopening_a_resolved_case_counts_one_more_reopen_and_clears_the_resolution()
    {
        var stamp = CaseRules.OnStateChange(CaseRules.Resolved, CaseRules.Active, resolveBy: Now.AddDays(-1), givenResolvedOn: null, reopenCount: 2, Now);

        Assert.Equal(3, stamp!.ReopenCount);
        Assert.Null(stamp.ResolvedOn);
        Assert.False(stamp.SlaBreached);
    }

    [Fact]
    public void Cancelling_a_case_or_saving_the_same_state_stamps_nothing()
    {
        Assert.Null(CaseRules.OnStateChange(CaseRules.Active, CaseRules.Cancelled, Now, null, 0, Now));
        Assert.Null(CaseRules.OnStateChange(CaseRules.Resolved, CaseRules.Resolved, Now, null, 0, Now));
        Assert.Null(CaseRules.OnStateChange(CaseRules.Active, CaseRules.Active, Now, null, 0, Now));
    }
}
