using WinBack.Core.Disengagement;

namespace WinBack.Core.Tests;

/// <summary>The sample a paged refresh builds, page by page, into the organisation's distribution.</summary>
public class PopulationSampleTests
{
    private static List<(Guid Id, AccountSignals Signals)> Accounts(int count)
    {
        var accounts = new List<(Guid, AccountSignals)>();
        for (int i = 1; i <= count; i++)
        {
            var id = new Guid(i, 7, 7, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 });
            accounts.Add((id, new AccountSignals().Set(Metric.Usage, current: i).Set(Metric.Logins, change: -i)));
        }

        return accounts;
    }

    [Fact]
    public void A_sample_holding_every_account_gives_the_same_distribution_as_the_whole_organisation()
    {
        var accounts = Accounts(200);
        var sample = new PopulationSample();
        foreach (var (id, signals) in accounts) sample.Add(id, signals);

        var whole = PopulationDistribution.FromAccounts(accounts.Select(a => a.Signals));

        Assert.Equal(whole.ToJson(), sample.ToDistribution().ToJson());
    }

    [Fact]
    public void Pages_carried_as_text_between_calls_give_the_same_sample_in_any_page_order()
    {
        var accounts = Accounts(3000);
        var forwards = new PopulationSample(capacity: 500);
        foreach (var (id, signals) in accounts) forwards.Add(id, signals);

        // Backwards, in pages of 400, the sample written to text and read back between pages as the refresh does.
        var text = new PopulationSample(capacity: 500).ToText();
        for (int start = accounts.Count - 400; start > -400; start -= 400)
        {
            var page = PopulationSample.Parse(text);
            for (int i = Math.Max(0, start); i < start + 400; i++) page.Add(accounts[i].Id, accounts[i].Signals);
            text = page.ToText();
        }

        var backwards = PopulationSample.Parse(text);
        Assert.Equal(500, backwards.Kept);
        Assert.Equal(3000, backwards.Accounts);
        Assert.Equal(forwards.ToText(), backwards.ToText());
    }

    [Fact]
    public void A_sample_of_a_sixth_of_the_organisation_puts_an_account_within_two_points_of_its_true_standing()
    {
        var accounts = Accounts(3000);
        var sample = new PopulationSample(capacity: 500);
        foreach (var (id, signals) in accounts) sample.Add(id, signals);

        var standing = sample.ToDistribution().Standing(Signal.LowUsage, 300);   // truly lower than 90% of accounts

        Assert.Equal(3000, sample.ToDistribution().Accounts);
        Assert.InRange(standing, 88, 92);
    }

    [Fact]
    public void A_full_sample_with_every_value_known_and_long_fits_the_column_that_keeps_it_between_pages()
    {
        var value = (-123456.123456).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var lines = new List<string> { "v1;1000;40000" };
        for (int i = 0; i < PopulationSample.DefaultCapacity; i++)
            lines.Add(((ulong)i * 7919UL).ToString("x16") + string.Concat(Enumerable.Repeat(";" + value, PopulationDistribution.RowLength)));

        var text = PopulationSample.Parse(string.Join("\n", lines)).ToText();

        Assert.InRange(text.Length, 1, 1048576);   // wb_population.wb_sample holds 1,048,576 characters
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("v2;10;0", "must start with")]
    [InlineData("v1;10;1\n00000000000000ff;1;2", "line 2 must be a key and")]
    public void Text_that_is_not_a_sample_is_refused_saying_where(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => PopulationSample.Parse(text));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
