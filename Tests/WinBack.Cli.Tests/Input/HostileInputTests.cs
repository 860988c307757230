using System.IO.Compression;
using System.Text;
using WinBack.Cli.History;

namespace WinBack.Cli.Tests.Input;

/// <summary>
/// Bad input of every kind gets one clear line that says what is wrong and what to do, exit 2 for a usage mistake
/// and 1 for a failure, no stack trace, and no file lost or half written.
/// </summary>
public sealed class HostileInputTests
{
    private static void AssertNoStackTrace(CliRunner cli)
    {
        Assert.DoesNotContain("   at ", cli.Err);
        Assert.DoesNotContain("Exception", cli.Err);
    }

    // --- options ---

    [Fact]
    public void An_option_of_another_command_is_unknown_here_and_the_error_names_the_command_that_takes_it()
    {
        using var cli = new CliRunner();

        Assert.Equal(2, cli.Run("score", "--input", "history.csv", "--output", "scored.csv", "--folds", "3"));
        Assert.Contains("unknown option '--folds' (--folds is an option of: calibrate)", cli.Err);
        Assert.Equal(2, cli.Run("inspect", "--accounts", "5"));
        Assert.Contains("(--accounts is an option of: bench, demo, serve)", cli.Err);
    }

    [Fact]
    public void An_input_option_followed_by_another_option_says_the_value_is_missing_instead_of_taking_the_option_as_a_file()
    {
        using var cli = new CliRunner();

        Assert.Equal(2, cli.Run("score", "--input", "--output", "scored.csv"));
        Assert.Contains("--input needs a value, but is followed by the option --output", cli.Err);
        Assert.False(File.Exists(Path.Combine(cli.Folder, "scored.csv")));
    }

    [Theory]
    [InlineData("demo")]
    [InlineData("bench")]
    public void Demo_and_bench_refuse_an_option_given_twice_instead_of_silently_taking_the_last(string command)
    {
        using var cli = new CliRunner();

        Assert.Equal(2, cli.Run(command, "--accounts", "5", "--accounts", "6"));
        Assert.Contains("--accounts is given more than once", cli.Err);
    }

    [Theory]
    [InlineData("demo")]
    [InlineData("bench")]
    public void Demo_and_bench_call_a_stray_word_an_unexpected_argument_not_an_unknown_option(string command)
    {
        using var cli = new CliRunner();

        Assert.Equal(2, cli.Run(command, "history.csv"));
        Assert.Contains("unexpected argument 'history.csv'; this command takes options only", cli.Err);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("1e9")]
    [InlineData("abc")]
    public void Demo_and_bench_name_the_allowed_range_for_an_account_count_out_of_range_or_not_a_number(string value)
    {
        using var cli = new CliRunner();

        foreach (var command in new[] { "demo", "bench" })
        {
            Assert.Equal(2, cli.Run(command, "--accounts", value, "--json"));
            Assert.Contains($"--accounts must be a whole number between 1 and 1000000; '{value}' was given", cli.Err);
            Assert.Equal("", cli.Out);
        }
    }

    [Fact]
    public void Demo_takes_an_option_written_with_an_equals_sign_like_the_other_commands()
    {
        using var cli = new CliRunner();

        Assert.Equal(2, cli.Run("demo", "--accounts=0"));
        Assert.Contains("--accounts must be a whole number between 1 and 1000000; '0' was given", cli.Err);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-0.5")]
    public void Calibrate_refuses_an_l2_penalty_that_is_not_a_number_in_range(string value)
    {
        using var cli = new CliRunner();

        Assert.Equal(2, cli.Run("calibrate", "--input", "history.csv", "--output", "policy.json", "--l2", value));
        Assert.Contains($"--l2 must be a number from 0 to 100 (got '{value}')", cli.Err);
        Assert.False(File.Exists(Path.Combine(cli.Folder, "policy.json")));
    }

    [Theory]
    [InlineData("--output")]
    [InlineData("--input")]
    public void An_empty_file_option_is_a_usage_error_rather_than_the_working_folder(string option)
    {
        using var cli = new CliRunner();
        var args = new List<string> { "score", "--input", "history.csv", "--output", "scored.csv" };
        args[args.IndexOf(option) + 1] = "";

        Assert.Equal(2, cli.Run([.. args]));
        Assert.Contains($"{option} needs a value; it was given an empty one", cli.Err);
        Assert.DoesNotContain("is a folder", cli.Err);
    }

    [Fact]
    public void Help_for_a_command_that_does_not_exist_is_a_usage_error_not_the_general_help()
    {
        using var cli = new CliRunner();

        Assert.Equal(2, cli.Run("help", "scroe"));
        Assert.Contains("winback: no command 'scroe'. Run 'winback help' to see the commands.", cli.Err);
    }

    [Fact]
    public void A_command_typed_in_capitals_is_unknown_but_the_error_suggests_the_right_one()
    {
        using var cli = new CliRunner();

        Assert.Equal(2, cli.Run("SCORE", "--input", "history.csv"));
        Assert.Contains("unknown command 'SCORE'. Did you mean 'score'?", cli.Err);
    }

    [Fact]
    public void Demo_with_json_prints_only_json_on_standard_output_and_its_progress_on_the_error_stream()
    {
        using var cli = new CliRunner();

        Assert.Equal(0, cli.Run("demo", "--accounts", "5", "--json"));
        Assert.Equal(5, cli.Json().GetProperty("processed").GetInt32());
        Assert.Contains("Recalculating: 5/5 (100%)", cli.Err);
        Assert.DoesNotContain('\r', cli.Err);
    }

    [Fact]
    public void Bench_with_json_prints_only_json_on_standard_output_and_its_log_on_the_error_stream()
    {
        using var cli = new CliRunner();

        Assert.Equal(0, cli.Run("bench", "--accounts", "5", "--json"));
        Assert.Equal(5, cli.Json().GetProperty("accounts").GetInt32());
        Assert.Contains("Bulk: 5 accounts", cli.Err);
    }

    // --- input files ---

    [Fact]
    public void A_binary_file_given_as_input_is_called_binary_and_its_bytes_are_not_echoed_to_the_terminal()
    {
        using var cli = new CliRunner();
        File.WriteAllBytes(Path.Combine(cli.Folder, "data.csv"), [0x00, 0x01, 0x1B, (byte)'[', (byte)'3', (byte)'1', (byte)'m', 0xFF, 0xFE, (byte)'\n', (byte)'x']);

        Assert.Equal(1, cli.Run("score", "--input", "data.csv", "--output", "scored.csv"));
        Assert.Contains("data.csv is a binary file, not CSV text; export the data as CSV", cli.Err);
        Assert.DoesNotContain('\u001b', cli.Err);
        AssertNoStackTrace(cli);
    }

    [Fact]
    public void A_json_file_given_as_input_is_called_json_rather_than_a_csv_syntax_error()
    {
        using var cli = new CliRunner();
        cli.Write("accounts.csv", "{\"accounts\": [{\"id\": \"A\"}]}\n");

        Assert.Equal(1, cli.Run("backtest", "--input", "accounts.csv"));
        Assert.Contains("accounts.csv looks like JSON, not CSV", cli.Err);
    }

    [Fact]
    public void A_csv_with_only_a_header_says_there_are_no_account_rows_to_add()
    {
        using var cli = new CliRunner();
        cli.Write("header.csv", "account_id,churned,logins\r\n");

        Assert.Equal(1, cli.Run("score", "--input", "header.csv", "--output", "scored.csv"));
        Assert.Contains("it has a header line but no account rows; add one row per account below the header", cli.Err);
        Assert.False(File.Exists(Path.Combine(cli.Folder, "scored.csv")));
    }

    [Fact]
    public void A_csv_that_is_not_utf8_is_refused_with_how_to_save_it_instead_of_mangling_its_letters()
    {
        using var cli = new CliRunner();
        File.WriteAllBytes(Path.Combine(cli.Folder, "ansi.csv"), [.. "account_id,logins\nZ"u8, 0xFC, .. "rich,3\n"u8]);

        Assert.Equal(1, cli.Run("score", "--input", "ansi.csv", "--output", "scored.csv"));
        Assert.Contains("ansi.csv is not UTF-8 text", cli.Err);
        Assert.Contains("save it as \"CSV UTF-8 (Comma delimited)\"", cli.Err);
        Assert.False(File.Exists(Path.Combine(cli.Folder, "scored.csv")));
    }

    [Fact]
    public void A_utf16_csv_with_a_byte_order_mark_is_read_as_text_not_refused_as_binary()
    {
        using var cli = new CliRunner();
        File.WriteAllText(Path.Combine(cli.Folder, "unicode.csv"), "account_id,logins\r\nA-1,3\r\n", Encoding.Unicode);

        Assert.Equal(0, cli.Run("score", "--input", "unicode.csv", "--output", "scored.csv"));
        Assert.StartsWith("A-1,", cli.Read("scored.csv").Split('\n')[1]);
    }

    [Fact]
    public void Control_characters_in_a_header_are_shown_escaped_in_messages_not_sent_to_the_terminal()
    {
        using var cli = new CliRunner();
        cli.Write("odd.csv", "account_id,churned,\u001b[2Jwipe\n A,1,3\n");

        Assert.Equal(0, cli.Run("backtest", "--input", "odd.csv"));
        Assert.Contains("ignored 1 unknown column(s): \\u001B[2Jwipe", cli.Err);
        Assert.DoesNotContain('\u001b', cli.Err);
    }

    [Fact]
    public void A_folder_given_as_column_map_is_called_a_folder_not_a_missing_file()
    {
        using var cli = new CliRunner();
        Directory.CreateDirectory(Path.Combine(cli.Folder, "maps"));

        Assert.Equal(2, cli.Run("backtest", "--input", "history.csv", "--columns", "maps"));
        Assert.Contains("--columns " + Path.Combine(cli.Folder, "maps") + " is a folder; give the column map file", cli.Err);
    }

    [Fact]
    public void A_binary_column_map_is_called_binary_and_its_bytes_are_not_echoed()
    {
        using var cli = new CliRunner();
        File.WriteAllBytes(Path.Combine(cli.Folder, "map.txt"), [0x00, 0x1B, (byte)'[', (byte)'2', (byte)'J', (byte)'=', (byte)'x']);

        Assert.Equal(2, cli.Run("backtest", "--input", "history.csv", "--columns", "map.txt"));
        Assert.Contains("map.txt is a binary file, not a column map", cli.Err);
        Assert.DoesNotContain('\u001b', cli.Err);
    }

    [Fact]
    public void A_csv_with_a_bom_crlf_line_ends_a_quoted_line_break_and_a_megabyte_long_line_is_read_whole()
    {
        using var cli = new CliRunner();
        var longId = new string('L', 1_000_000);
        cli.Write("excel.csv", "\uFEFFaccount_id,logins\r\n\"two\r\nlines\",3\r\n" + longId + ",4\r\n");

        Assert.Equal(0, cli.Run("score", "--input", "excel.csv", "--output", "scored.csv"));
        var records = CsvReader.Read(new StringReader(cli.Read("scored.csv")), []);
        Assert.Equal(["account_id", "two\r\nlines", longId], records.Select(r => r.Fields[0]));
        Assert.Equal("", cli.Err);
    }

    [Fact]
    public void A_header_naming_the_same_column_twice_is_refused_with_both_names_and_how_to_fix_it()
    {
        using var cli = new CliRunner();
        cli.Write("twice.csv", "account_id,logins,account_id\nA,3,B\n");

        Assert.Equal(1, cli.Run("score", "--input", "twice.csv", "--output", "scored.csv"));
        Assert.Contains("twice.csv: the header has the column 'account_id' twice (columns 1 and 3); rename or remove one of them", cli.Err);
        Assert.False(File.Exists(Path.Combine(cli.Folder, "scored.csv")));
    }

    // --- policy ---

    [Fact]
    public void A_folder_given_as_policy_is_called_a_folder_not_a_missing_file()
    {
        using var cli = new CliRunner();
        Directory.CreateDirectory(Path.Combine(cli.Folder, "policies"));

        Assert.Equal(1, cli.Run("backtest", "--input", "history.csv", "--policy", "policies"));
        Assert.Contains("is a folder; give the policy JSON file", cli.Err);
    }

    [Fact]
    public void A_binary_policy_file_is_called_binary_rather_than_invalid_json()
    {
        using var cli = new CliRunner();
        File.WriteAllBytes(Path.Combine(cli.Folder, "policy.json"), [0x7B, 0x00, 0x01, 0x7D]);

        Assert.Equal(1, cli.Run("backtest", "--input", "history.csv", "--policy", "policy.json"));
        Assert.Contains("policy.json is a binary file, not policy JSON", cli.Err);
    }

    [Fact]
    public void A_policy_file_far_too_big_to_be_a_policy_is_refused_without_being_parsed()
    {
        using var cli = new CliRunner();
        cli.Write("big.json", "{\"name\": \"" + new string('x', 2 * 1024 * 1024) + "\"}");

        Assert.Equal(1, cli.Run("backtest", "--input", "history.csv", "--policy", "big.json"));
        Assert.Contains("big.json is 2,048 KB; a policy JSON is a few KB, so this is not one", cli.Err);
    }

    [Fact]
    public void An_out_of_range_policy_value_is_reported_with_the_field_that_holds_it()
    {
        using var cli = new CliRunner();
        cli.Write("policy.json", "{\"bands\": {\"watch\": 500}}");

        Assert.Equal(1, cli.Run("backtest", "--input", "history.csv", "--policy", "policy.json"));
        Assert.Contains("policy.bands.watch must be between 0 and 100 (got 500)", cli.Err);
    }

    // --- output ---

    [Theory]
    [InlineData("score")]
    [InlineData("calibrate")]
    public void Output_onto_the_input_file_is_refused_before_anything_is_written_and_the_input_is_kept(string command)
    {
        using var cli = new CliRunner();
        var before = cli.Read("history.csv");

        Assert.Equal(2, cli.Run(command, "--input", "history.csv", "--output", "./history.csv"));
        Assert.Contains("--output is the same file as --input (history.csv); writing there would destroy it", cli.Err);
        Assert.Equal(before, cli.Read("history.csv"));
    }

    [Fact]
    public void Calibrate_refuses_to_write_over_the_policy_it_starts_from()
    {
        using var cli = new CliRunner();
        cli.Write("base.json", "{\"version\": 1}");

        Assert.Equal(2, cli.Run("calibrate", "--input", "history.csv", "--policy", "base.json", "--output", "base.json"));
        Assert.Contains("--output is the same file as --policy", cli.Err);
        Assert.Equal("{\"version\": 1}", cli.Read("base.json"));
    }

    [Fact]
    public void Output_onto_an_existing_folder_says_it_is_a_folder_and_suggests_a_file_name()
    {
        using var cli = new CliRunner();
        Directory.CreateDirectory(Path.Combine(cli.Folder, "out"));

        Assert.Equal(1, cli.Run("score", "--input", "history.csv", "--output", "out"));
        Assert.Contains("it is a folder; give a file name, e.g. ", cli.Err);
        Assert.Contains(Path.Combine("out", "scored.csv"), cli.Err);
        Assert.Empty(Directory.GetFiles(Path.Combine(cli.Folder, "out")));
    }

    [Fact]
    public void Output_ending_in_a_folder_separator_is_refused_before_any_folder_is_created()
    {
        using var cli = new CliRunner();

        Assert.Equal(1, cli.Run("score", "--input", "history.csv", "--output", "results/"));
        Assert.Contains("--output names a folder; give a file name, e.g. ", cli.Err);
        Assert.False(Directory.Exists(Path.Combine(cli.Folder, "results")));
    }

    [Fact]
    public void Output_under_a_path_that_is_a_file_names_that_file_instead_of_a_confusing_io_message()
    {
        using var cli = new CliRunner();
        cli.Write("notes", "keep me");

        Assert.Equal(1, cli.Run("calibrate", "--input", "history.csv", "--output", "notes/policy.json"));
        Assert.Contains("notes is a file, not a folder; choose an --output path in a folder", cli.Err);
        Assert.Equal("keep me", cli.Read("notes"));
        AssertNoStackTrace(cli);
    }

    [Fact]
    public void Output_into_a_missing_folder_creates_the_folder_and_leaves_no_temporary_file()
    {
        using var cli = new CliRunner();

        Assert.Equal(0, cli.Run("score", "--input", "history.csv", "--output", "new/deeper/scored.csv"));
        Assert.Equal(["scored.csv"], Directory.GetFiles(Path.Combine(cli.Folder, "new", "deeper")).Select(Path.GetFileName));
    }

    [Fact]
    public void An_existing_output_file_is_replaced_whole_and_no_temporary_file_is_left_beside_it()
    {
        using var cli = new CliRunner();
        cli.Write("scored.csv", new string('x', 100_000));

        Assert.Equal(0, cli.Run("score", "--input", "history.csv", "--output", "scored.csv"));
        var written = cli.Read("scored.csv");
        Assert.StartsWith("account_id,score,band,", written);
        Assert.DoesNotContain("xxx", written);
        Assert.Empty(Directory.GetFiles(cli.Folder, "*.tmp"));
    }

    [Fact]
    public void A_failed_write_keeps_the_existing_output_file_whole_and_leaves_no_temporary_file()
    {
        using var cli = new CliRunner();
        // A 250-character name is allowed, but the temporary file beside it (".name.xxxxxxxx.tmp") is too long
        // for the file system: the write fails before the target is touched.
        var name = new string('s', 246) + ".csv";
        var target = cli.Write(name, "previous result");
        var error = new StringWriter();

        var written = OutputFile.Write(target, "new result", new CommandContext(new StringWriter(), error, cli.Folder), "score");

        Assert.False(written);
        Assert.Equal("previous result", cli.Read(name));
        Assert.Contains("cannot write", error.ToString());
        Assert.Contains("The existing file was left as it was.", error.ToString());
        Assert.Equal(["history.csv", name], Directory.GetFiles(cli.Folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Output_onto_a_link_to_a_device_writes_through_it_instead_of_replacing_the_link_with_a_file()
    {
        if (OperatingSystem.IsWindows()) return;
        using var cli = new CliRunner();
        var link = Path.Combine(cli.Folder, "discard.csv");
        File.CreateSymbolicLink(link, "/dev/null");

        Assert.Equal(0, cli.Run("score", "--input", "history.csv", "--output", "discard.csv"));
        Assert.Equal("/dev/null", new FileInfo(link).LinkTarget);
        Assert.Empty(Directory.GetFiles(cli.Folder, "*.tmp"));
    }

    [Fact]
    public void Score_with_output_dash_prints_only_the_csv_on_standard_output_and_its_summary_on_the_error_stream()
    {
        using var cli = new CliRunner();

        Assert.Equal(0, cli.Run("score", "--input", "history.csv", "--output", "-"));
        Assert.StartsWith("account_id,score,band,", cli.Out);
        Assert.Equal(13, CsvReader.Read(new StringReader(cli.Out), []).Count);
        Assert.Contains("Scored 12 account(s) into standard output", cli.Err);
        Assert.False(File.Exists(Path.Combine(cli.Folder, "-")));
    }

    [Fact]
    public void Calibrate_with_output_dash_keeps_standard_output_pure_policy_json_even_with_json_report()
    {
        using var cli = new CliRunner();
        cli.Write("history.csv", CalibrateCommandTests.SyntheticHistory(80, 3));

        Assert.Equal(0, cli.Run("calibrate", "--input", "history.csv", "--output", "-", "--json", "--folds", "2"));
        Assert.True(cli.Json().TryGetProperty("signals", out _), cli.Out);
        Assert.Contains("\"cv_auc\"", cli.Err);
    }

    [Fact]
    public void Input_dash_is_a_usage_error_that_asks_for_a_file()
    {
        using var cli = new CliRunner();

        Assert.Equal(2, cli.Run("backtest", "--input", "-"));
        Assert.Contains("--input - (standard input) is not supported; save the CSV to a file and give its path", cli.Err);
    }

    // --- CSV output ---

    [Fact]
    public void Html_and_control_characters_in_account_ids_come_out_as_plain_text_in_valid_quoted_csv()
    {
        using var cli = new CliRunner();
        cli.Write("odd.csv", "account_id,logins\n\"<script>alert(1)</script>, \"\"A\"\"\",3\n\"<b>B\u001b[31m</b>\",4\n\"line\nbreak\",5\n");

        Assert.Equal(0, cli.Run("score", "--input", "odd.csv", "--output", "scored.csv"));
        var errors = new List<CsvSyntaxError>();
        var records = CsvReader.Read(new StringReader(cli.Read("scored.csv")), errors);

        Assert.Empty(errors);
        Assert.Equal(["account_id", "<script>alert(1)</script>, \"A\"", "<b>B\u001b[31m</b>", "line\nbreak"], records.Select(r => r.Fields[0]));
        Assert.All(records, r => Assert.Equal(13, r.Fields.Count));
        Assert.Contains("\"<b>B\u001b[31m</b>\",", cli.Read("scored.csv"), StringComparison.Ordinal);
    }

    // --- inspect ---

    [Fact]
    public void Inspect_of_a_corrupt_zip_says_it_is_truncated_or_corrupt_without_a_stack_trace()
    {
        using var cli = new CliRunner();
        var zip = Zip(cli, "whole.zip", ("solution.xml", "<ImportExportXml />"));
        var bytes = File.ReadAllBytes(zip);
        File.WriteAllBytes(Path.Combine(cli.Folder, "half.zip"), bytes[..(bytes.Length / 2)]);

        Assert.Equal(1, cli.Run("inspect", "half.zip"));
        Assert.Contains("half.zip: the zip is truncated or corrupt", cli.Err);
        Assert.Contains("Export or download the solution again", cli.Err);
        AssertNoStackTrace(cli);
    }

    [Fact]
    public void Inspect_of_a_file_that_is_neither_zip_nor_xml_says_so_rather_than_blaming_customizations_xml()
    {
        using var cli = new CliRunner();

        Assert.Equal(1, cli.Run("inspect", "history.csv"));
        Assert.Contains("history.csv is neither a zip nor XML, not a solution", cli.Err);
        Assert.DoesNotContain("customizations.xml is not well-formed", cli.Err);
    }

    [Fact]
    public void Inspect_of_an_empty_file_says_it_is_empty()
    {
        using var cli = new CliRunner();
        cli.Write("empty.zip", "");

        Assert.Equal(1, cli.Run("inspect", "empty.zip"));
        Assert.Contains("empty.zip is an empty file, not a solution", cli.Err);
    }

    [Fact]
    public void Inspect_of_a_zip_without_any_solution_file_fails_instead_of_listing_an_empty_solution()
    {
        using var cli = new CliRunner();
        Zip(cli, "photos.zip", ("readme.txt", "holiday"));

        Assert.Equal(1, cli.Run("inspect", "photos.zip"));
        Assert.Contains("photos.zip contains no solution: no solution manifest and no components were read from it", cli.Err);
        Assert.Equal("", cli.Out);
    }

    [Fact]
    public void Inspect_of_an_empty_folder_fails_instead_of_listing_an_empty_solution()
    {
        using var cli = new CliRunner();
        Directory.CreateDirectory(Path.Combine(cli.Folder, "unpacked"));

        Assert.Equal(1, cli.Run("inspect", "unpacked", "--json"));
        Assert.Contains("unpacked contains no solution", cli.Err);
        Assert.Equal("", cli.Out);
    }

    private static string Zip(CliRunner cli, string name, params (string Path, string Content)[] entries)
    {
        var path = Path.Combine(cli.Folder, name);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (entryPath, content) in entries)
        {
            using var writer = new StreamWriter(zip.CreateEntry(entryPath).Open());
            writer.Write(content);
        }
        return path;
    }
}
