using WinBack.Core.Disengagement;

namespace WinBack.Core.Tests;

public class CaseScalesTests
{
    [Theory]
    [InlineData(1, 0)]
    [InlineData(3, 50)]
    [InlineData(5, 100)]
    [InlineData(4.5, 87.5)]
    public void Case_satisfaction_ratings_map_to_0_100(double rating, double expected) =>
        Assert.Equal(expected, CaseScales.SatisfactionFromRating(rating));

    [Theory]
    [InlineData(1, 3)]
    [InlineData(2, 2)]
    [InlineData(3, 1)]
    [InlineData(1.5, 2.5)]
    public void Case_priorities_map_to_severity_high_is_worse(double priority, double expected) =>
        Assert.Equal(expected, CaseScales.SeverityFromPriority(priority));

    [Fact]
    public void Values_outside_the_choices_are_missing_not_zero()
    {
        Assert.True(double.IsNaN(CaseScales.SatisfactionFromRating(0)));
        Assert.True(double.IsNaN(CaseScales.SatisfactionFromRating(-1)));
        Assert.True(double.IsNaN(CaseScales.SeverityFromPriority(4)));
    }
}
