using WinBack.Cli.History;

namespace WinBack.Cli.Tests.Input;

/// <summary>What the command line, help, completions and plain output promise, on System.CommandLine and Spectre.Console.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public void A_command_s_help_lists_its_options_with_their_defaults_and_marks_the_required_ones()
    {
        using var cli = new CliRunner();

        Assert.Equal(0, cli.Run("help", "calibrate"));
        Assert.Contains("--input <FILE> (REQUIRED)", cli.Out);
        Assert.Contains("--folds <N>", cli.Out);
        Assert.Contains("[default: 5]", cli.Out);
        Assert.Contains("--map <A=col,...>", cli.Out);
        Assert.Equal(0, cli.Run("score", "--help"));
        Assert.Contains("--output <FILE> (REQUIRED)", cli.Out);
    }

    [Fact]
    public void Without_a_command_the_help_lists_every_command_and_exits_2()
    {
        using var cli = new CliRunner();

        Assert.Equal(2, cli.Run());
        foreach (var command in new[] { "backtest", "bench", "calibrate", "completion", "demo", "inspect", "score" })
            Assert.Contains("  " + command + " ", cli.Out);
    }

    [Fact]
    public void Completions_offer_the_options_of_the_command_being_typed()
    {
        using var cli = new CliRunner();

        Assert.Equal(0, cli.Run("[suggest:8]", "demo --a"));
        Assert.Equal(["--accounts"], cli.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Equal(0, cli.Run("completion", "bash"));
        Assert.Contains("complete -o default -F _winback_complete winback", cli.Out);
    }

    [Fact]
    public void An_argument_starting_with_at_is_a_file_name_not_a_response_file_to_expand()
    {
        using var cli = new CliRunner();
        cli.Write("args.txt", "--input history.csv");

        Assert.Equal(1, cli.Run("score", "--input", "@args.txt", "--output", "scored.csv"));
        Assert.Contains("file not found: " + Path.Combine(cli.Folder, "@args.txt"), cli.Err);
    }

    [Fact]
    public void A_choice_outside_the_allowed_ones_is_one_line_that_lists_them()
    {
        using var cli = new CliRunner();

        Assert.Equal(2, cli.Run("completion", "fish"));
        Assert.Contains("winback completion: Argument 'fish' not recognized. Must be one of: 'bash' 'zsh'", cli.Err);
    }

    [Fact]
    public void Redirected_backtest_output_draws_its_tables_in_plain_ascii_without_escape_sequences()
    {
        using var cli = new CliRunner();

        Assert.Equal(0, cli.Run("backtest", "--input", "history.csv"));
        Assert.DoesNotContain('\u001b', cli.Out);
        Assert.Contains("| Band       | Accounts | Churned | Churn rate |", cli.Out);
        Assert.Contains("| Disengaged |        5 |       5 |     100.0% |", cli.Out);
        Assert.All(cli.Out, c => Assert.True(c < 128, $"'{c}' is not ASCII"));
    }
}

public sealed class CsvQuotingTests
{
    [Fact]
    public void A_stray_quote_spoils_only_its_own_record_and_the_next_line_is_read()
    {
        var errors = new List<CsvSyntaxError>();
        var records = CsvReader.Read(new StringReader("a,b\nA,b\"c\nB,2\n"), errors);

        Assert.Equal([("line 2", "a double quote inside an unquoted field; quote the whole field and double the quote (\"\")")],
            errors.Select(e => ($"line {e.Line}", e.Message)));
        Assert.Equal([1, 3], records.Select(r => r.Line));
        Assert.Equal(["B", "2"], records[1].Fields);
    }

    [Fact]
    public void Cr_alone_ends_a_record_and_a_quoted_empty_field_is_a_record_not_an_empty_line()
    {
        var records = CsvReader.Read(new StringReader("a\r\"\"\r\rb\r"), []);

        Assert.Equal([(1, "a"), (2, ""), (4, "b")], records.Select(r => (r.Line, r.Fields[0])));
    }
}
