using System.Text;
using System.Text.Json;
using WinBack.Cli.History;
using WinBack.Core.Disengagement;

namespace WinBack.Cli.Tests;

public class BacktestCommandTests
{
    [Fact]
    public void Json_output_has_the_promised_keys()
    {
        using var cli = new CliRunner();
        Assert.Equal(0, cli.Run("backtest", "--input", "history.csv", "--json"));
        var j = cli.Json();
        Assert.Equal(12, j.GetProperty("accounts").GetInt32());
        Assert.Equal(5, j.GetProperty("churned").GetInt32());
        foreach (var key in new[] { "auc", "precision_top_5pct", "precision_top_10pct", "recall_top_5pct", "recall_top_10pct", "lift_top_5pct", "lift_top_10pct" })
            Assert.InRange(j.GetProperty(key).GetDouble(), 0, 20);
        Assert.InRange(j.GetProperty("auc").GetDouble(), 0.8, 1);
        Assert.Equal(JsonValueKind.Object, j.GetProperty("gaps").GetProperty("trust").ValueKind);
        Assert.Equal(JsonValueKind.Object, j.GetProperty("signals").GetProperty("slaBreaches").ValueKind);
        Assert.Equal(JsonValueKind.Array, j.GetProperty("best_signals").ValueKind);
        Assert.Equal(0, j.GetProperty("rows_rejected").GetInt32());
    }

    [Fact]
    public void Text_report_shows_auc_precision_and_the_best_signals()
    {
        using var cli = new CliRunner();
        Assert.Equal(0, cli.Run("backtest", "--input", "history.csv"));
        Assert.Contains("Backtest of \"WinBack default\" on 12 account(s), 5 churned", cli.Out);
        Assert.Contains("AUC", cli.Out);
        Assert.Contains("top 5%", cli.Out);
        Assert.Contains("Which signals predict best", cli.Out);
        Assert.Equal("", cli.Err);
    }

    [Fact]
    public void Bad_rows_are_reported_with_their_line_and_the_other_rows_still_count()
    {
        using var cli = new CliRunner();
        cli.Write("bad.csv",
            "account_id,churned,logins,logins_previous,sla_breaches\n" + // line 1
            "A,0,10,12,0\n" +                                             // line 2 ok
            "B,1,abc,12,0\n" +                                            // line 3 not a number
            "C,0,10,12\n" +                                               // line 4 too few fields
            "D,2,10,12,0\n" +                                             // line 5 churned not 0/1
            "\"E\nstill E\",1,5,20,3\n" +                                 // lines 6-7 ok, id with a line break
            "F,0,-4,12,0\n" +                                             // line 8 negative level
            "G,1,5,20,\"3\"x\n" +                                         // line 9 text after a quote
            "H,0,30,30,0\n");                                             // line 10 ok
        Assert.Equal(0, cli.Run("backtest", "--input", "bad.csv", "--json"));
        var j = cli.Json();
        Assert.Equal(3, j.GetProperty("accounts").GetInt32());
        Assert.Equal(1, j.GetProperty("churned").GetInt32());
        Assert.Equal(5, j.GetProperty("rows_rejected").GetInt32());
        Assert.Equal(8, j.GetProperty("rows_read").GetInt32());
        Assert.Contains("bad.csv line 3: logins is 'abc', not a number", cli.Err);
        Assert.Contains("bad.csv line 4: expected 5 fields as in the header, found 4", cli.Err);
        Assert.Contains("bad.csv line 5: churned is '2'; it must be 0 or 1", cli.Err);
        Assert.Contains("bad.csv line 8: logins is -4; a level cannot be negative", cli.Err);
        Assert.Contains("bad.csv line 9: text after a closing quote", cli.Err);
        Assert.Contains("5 bad row(s) skipped; 3 row(s) used of 8", cli.Err);
        var errors = j.GetProperty("errors").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(["line 3", "line 4", "line 5", "line 8", "line 9"], errors.Select(e => e![..6]).ToList());
    }

    [Fact]
    public void An_unclosed_quote_is_reported_at_the_line_it_opens()
    {
        using var cli = new CliRunner();
        cli.Write("open.csv", "account_id,churned\nA,0\nB,1\n\"C,1\nD,0\n");
        Assert.Equal(0, cli.Run("backtest", "--input", "open.csv", "--json"));
        Assert.Contains("open.csv line 4: a quoted field is not closed before the end of the file", cli.Err);
        Assert.Equal(2, cli.Json().GetProperty("accounts").GetInt32());
    }

    [Fact]
    public void Unknown_columns_are_reported_and_ignored()
    {
        using var cli = new CliRunner();
        cli.Write("extra.csv", "account_id,churned,sla_breaches,favourite_colour,Region\nA,1,3,blue,North\nB,0,0,red,South\n");
        Assert.Equal(0, cli.Run("backtest", "--input", "extra.csv", "--json"));
        Assert.Contains("ignored 2 unknown column(s): favourite_colour, Region", cli.Err);
        var unknown = cli.Json().GetProperty("unknown_columns").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(["favourite_colour", "Region"], unknown);
        Assert.Equal(1.0, cli.Json().GetProperty("auc").GetDouble());
    }

    [Fact]
    public void Whole_file_problems_give_clear_errors()
    {
        using var cli = new CliRunner();
        Assert.Equal(1, cli.Run("backtest", "--input", "nowhere.csv"));
        Assert.Contains("file not found:", cli.Err);
        Assert.Contains("nowhere.csv", cli.Err);

        cli.Write("empty.csv", "");
        Assert.Equal(1, cli.Run("backtest", "--input", "empty.csv"));
        Assert.Contains("empty.csv is empty", cli.Err);

        cli.Write("noid.csv", "customer,churned,logins\nA,1,3\n");
        Assert.Equal(1, cli.Run("backtest", "--input", "noid.csv"));
        Assert.Contains("noid.csv has no account_id column (headers: customer, churned, logins)", cli.Err);

        cli.Write("nochurn.csv", "account_id,logins\nA,3\n");
        Assert.Equal(1, cli.Run("backtest", "--input", "nochurn.csv"));
        Assert.Contains("nochurn.csv has no churned column", cli.Err);

        cli.Write("twice.csv", "account_id,churned,Logins,logins\nA,1,3,4\n");
        Assert.Equal(1, cli.Run("backtest", "--input", "twice.csv"));
        Assert.Contains("the columns 'Logins' and 'logins' both mean logins", cli.Err);

        cli.Write("headeronly.csv", "account_id,churned\n");
        Assert.Equal(1, cli.Run("backtest", "--input", "headeronly.csv"));
        Assert.Contains("no usable rows in headeronly.csv", cli.Err);
    }

    [Fact]
    public void Usage_mistakes_exit_2_with_the_usage()
    {
        using var cli = new CliRunner();
        Assert.Equal(2, cli.Run("backtest"));
        Assert.Contains("--input is required", cli.Err);
        Assert.Equal(2, cli.Run("backtest", "--input", "history.csv", "--frobnicate"));
        Assert.Contains("unknown option '--frobnicate'", cli.Err);
        Assert.Equal(2, cli.Run("backtest", "--input", "history.csv", "--map", "Foo=colour"));
        Assert.Contains("'colour' is not a history column", cli.Err);
    }

    [Fact]
    public void An_invalid_policy_file_names_the_field()
    {
        using var cli = new CliRunner();
        cli.Write("policy.json", "{\"bands\": {\"atRisk\": 120}}");
        Assert.Equal(1, cli.Run("backtest", "--input", "history.csv", "--policy", "policy.json"));
        Assert.Contains("policy.json: policy.bands.atRisk must be between 0 and 100 and above bands.watch (15) (got 120)", cli.Err);
    }
}

public class ColumnMappingTests
{
    private const string Export =
        "Customer  Ref,Call  Failure,Complains,Status,Left?\n" +
        "C1,12,1,2,1\n" +
        "C2,0,0,1,0\n" +
        "C3,3,0,1,0\n" +
        "C3,3,0,1,0\n";

    [Fact]
    public void Map_option_maps_headers_with_double_spaces_and_any_case()
    {
        using var cli = new CliRunner();
        cli.Write("export.csv", Export);
        Assert.Equal(0, cli.Run("backtest", "--input", "export.csv", "--json",
            "--map", "customer ref=account_id,Call Failure=service_failures,Complains=complaints",
            "--map", "Left?=churned,Status=ignore"));
        var j = cli.Json();
        Assert.Equal(4, j.GetProperty("accounts").GetInt32());
        Assert.Empty(j.GetProperty("unknown_columns").EnumerateArray());
        Assert.Equal(1.0, j.GetProperty("auc").GetDouble());
    }

    [Fact]
    public void Columns_file_maps_headers_and_drop_duplicates_removes_repeated_rows()
    {
        using var cli = new CliRunner();
        cli.Write("export.csv", Export);
        cli.Write("map.txt", "# our CRM export\nCustomer Ref = account_id\nCall Failure=service_failures\n\nComplains=complaints\nLeft?=churned\n");
        Assert.Equal(0, cli.Run("backtest", "--input", "export.csv", "--json", "--columns", "map.txt", "--drop-duplicates"));
        var j = cli.Json();
        Assert.Equal(3, j.GetProperty("accounts").GetInt32());
        Assert.Equal(1, j.GetProperty("duplicates_dropped").GetInt32());
        Assert.Contains("ignored 1 unknown column(s): Status", cli.Err);
        Assert.Contains("dropped 1 duplicate row(s)", cli.Err);
    }

    [Fact]
    public void Line_ids_stand_in_for_a_missing_account_id_and_unused_mappings_are_reported()
    {
        using var cli = new CliRunner();
        cli.Write("noid.csv", "Churn,Complains\n1,1\n0,0\n");
        Assert.Equal(0, cli.Run("score", "--input", "noid.csv", "--output", "out.csv", "--line-ids", "--map", "Complains=complaints,Churn=churned,Tenure=tenure_months"));
        Assert.Contains("mapped header(s) not in the file: Tenure", cli.Err);
        var lines = cli.Read("out.csv").TrimEnd('\n').Split('\n');
        Assert.StartsWith("2,", lines[1]);
        Assert.StartsWith("3,", lines[2]);
    }

    [Fact]
    public void A_map_entry_must_have_a_known_target_and_a_header_only_once()
    {
        var map = new ColumnMap();
        Assert.Throws<HistoryFileException>(() => map.AddList("A=logins,a=usage"));
        Assert.Throws<HistoryFileException>(() => new ColumnMap().AddList("no equals sign"));
        Assert.True(ColumnMap.TryParseTarget("Active Users_previous", out var t));
        Assert.Equal("active_users_previous", t.ToString());
    }
}

public class HistoryReaderTests
{
    [Fact]
    public void Crlf_line_ends_a_byte_order_mark_and_change_only_columns_are_read()
    {
        var text = "\uFEFFaccount_id,churned,logins_previous,logins_change,Active Users\r\nA,1,120,-60,4\r\nB,0,80,5,\r\n";
        var data = HistoryReader.Read(new StringReader(text), "h.csv", new HistoryReadOptions { RequireOutcome = true });
        Assert.Empty(data.Errors);
        Assert.Empty(data.UnknownColumns);
        Assert.Equal(2, data.Rows.Count);
        var a = data.Rows[0].Signals;
        Assert.Equal(60, a.Current(Metric.Logins));
        Assert.Equal(4, a.Current(Metric.ActiveUsers));
        Assert.False(data.Rows[1].Signals.HasCurrent(Metric.ActiveUsers));
        Assert.Equal(85, data.Rows[1].Signals.Current(Metric.Logins));
    }

    [Fact]
    public void Missing_words_mean_unknown_and_values_are_checked_against_their_scale()
    {
        var text = "account_id,satisfaction,champion_left,severity\nA,NA,null,\nB,101,0,1\nC,50,2,1\nD,50,1,5\nE,50,1,2.5\n";
        var data = HistoryReader.Read(new StringReader(text), "h.csv", new HistoryReadOptions());
        Assert.Equal(["A", "E"], data.Rows.Select(r => r.AccountId).ToList());
        Assert.False(data.Rows[0].Signals.HasAny(Metric.Satisfaction));
        Assert.Equal(
        [
            "line 3: satisfaction is 101; satisfaction runs from 0 to 100",
            "line 4: champion_left is 2; it must be 0 or 1",
            "line 5: severity is 5; severity is the mean priority from 1 (low) to 4 (critical), 0 with no cases",
        ], data.Errors);
    }

    [Fact]
    public void A_missing_columns_file_is_a_usage_error()
    {
        using var cli = new CliRunner();
        Assert.Equal(2, cli.Run("score", "--input", "history.csv", "--output", "o.csv", "--columns", "nope.txt"));
        Assert.Contains("column map file not found", cli.Err);
    }
}

public class ScoreCommandTests
{
    [Fact]
    public void Score_writes_score_band_gaps_and_reasons_per_account()
    {
        using var cli = new CliRunner();
        Assert.Equal(0, cli.Run("score", "--input", "history.csv", "--output", "scored.csv"));
        Assert.Contains("Scored 12 account(s)", cli.Out);
        var text = cli.Read("scored.csv");
        var records = CsvReader.Read(new StringReader(text), []);
        Assert.Equal("account_id,score,band,value_gap,trust_gap,experience_gap,growth_gap,value_points,trust_points,experience_points,growth_points,coverage,reasons",
            string.Join(",", records[0].Fields));
        Assert.Equal(13, records.Count);
        var a2 = records.Single(r => r.Fields[0] == "A-002");
        Assert.Equal("Disengaged", a2.Fields[2]);
        Assert.Equal("1", a2.Fields[4]); // trust gap
        Assert.Contains("SLA breaches: 3 in the last 90 days (threshold 2)", a2.Fields[12]);
        Assert.Contains("Logins fell 46% (118 to 64) in the last 30 days against the 30 before (threshold 25%)", a2.Fields[12]);
        var a8 = records.Single(r => r.Fields[0] == "A-008, Ltd");
        Assert.Equal("Healthy", a8.Fields[2]);
        var a11 = records.Single(r => r.Fields[0] == "A-011");
        Assert.Contains("Satisfaction not available", a11.Fields[12]);
    }

    [Fact]
    public void Score_does_not_need_outcomes_and_scores_match_the_core_scorer()
    {
        using var cli = new CliRunner();
        cli.Write("accounts.csv", "account_id,sla_breaches,satisfaction\nX,4,\nY,0,95\n");
        Assert.Equal(0, cli.Run("score", "--input", "accounts.csv", "--output", "out/scored.csv"));
        var records = CsvReader.Read(new StringReader(cli.Read("out/scored.csv")), []);
        Assert.Equal("100", records[1].Fields[1]);
        Assert.Equal("0", records[2].Fields[1]);
        var expected = new DisengagementScorer(Policy.Default).Score(new AccountSignals().Set(Metric.SlaBreaches, 4)).RoundedScore;
        Assert.Equal(expected.ToString(), records[1].Fields[1]);
    }
}

public class CalibrateCommandTests
{
    /// <summary>A synthetic history: churn follows SLA breaches and login falls, not case volume.</summary>
    internal static string SyntheticHistory(int rows, int seed)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder("account_id,churned,logins,logins_previous,cases,cases_previous,sla_breaches,satisfaction\n");
        for (int i = 0; i < rows; i++)
        {
            int previous = 50 + rng.Next(100);
            double fall = rng.NextDouble() * 0.7;
            int logins = (int)(previous * (1 - fall));
            int breaches = rng.Next(5);
            int casesPrevious = rng.Next(8);
            int cases = Math.Max(0, casesPrevious + rng.Next(-3, 4));
            double risk = -3 + 4 * fall + 0.6 * breaches + rng.NextDouble() * 1.5;
            int churned = 1 / (1 + Math.Exp(-risk)) > 0.5 ? 1 : 0;
            string satisfaction = rng.Next(4) == 0 ? "" : (60 + rng.Next(40)).ToString();
            sb.Append($"S{i},{churned},{logins},{previous},{cases},{casesPrevious},{breaches},{satisfaction}\n");
        }
        return sb.ToString();
    }

    [Fact]
    public void Calibrate_reports_cv_auc_and_writes_a_valid_policy_that_backtest_reads()
    {
        using var cli = new CliRunner();
        cli.Write("synthetic.csv", SyntheticHistory(400, 7));
        Assert.Equal(0, cli.Run("calibrate", "--input", "synthetic.csv", "--output", "calibrated.json", "--json"));
        var j = cli.Json();
        Assert.Equal(400, j.GetProperty("accounts").GetInt32());
        Assert.InRange(j.GetProperty("cv_auc").GetDouble(), 0.7, 1);
        Assert.Equal(5, j.GetProperty("cv_fold_auc").GetArrayLength());
        var policy = Policy.Parse(cli.Read("calibrated.json"));
        Assert.StartsWith("Calibrated on 400 accounts", policy.Name);
        Assert.True(policy[Signal.SlaBreaches].Weight > 0);
        Assert.All(policy.SignalSettings, s => Assert.True(s.Weight >= 0));

        Assert.Equal(0, cli.Run("backtest", "--input", "synthetic.csv", "--policy", "calibrated.json", "--json"));
        Assert.InRange(cli.Json().GetProperty("auc").GetDouble(), 0.7, 1);
    }

    [Fact]
    public void Calibrate_writes_the_Web_API_body_that_loads_the_policy_into_the_policy_store()
    {
        using var cli = new CliRunner();
        cli.Write("synthetic.csv", SyntheticHistory(400, 7));

        Assert.Equal(0, cli.Run("calibrate", "--input", "synthetic.csv", "--output", "calibrated.json", "--store-request", "request.json", "--name", "Renewals 2026"));

        using var body = System.Text.Json.JsonDocument.Parse(cli.Read("request.json"));
        var root = body.RootElement;
        Assert.Equal(new[] { "wb_name", "wb_description", "wb_policy" }, root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Renewals 2026", root.GetProperty("wb_name").GetString());
        Assert.Equal(cli.Read("calibrated.json"), root.GetProperty("wb_policy").GetString());
        Assert.StartsWith("Calibrated by winback calibrate on synthetic.csv: 400 accounts", root.GetProperty("wb_description").GetString());
    }

    [Fact]
    public void A_calibrated_policy_too_long_for_an_environment_variable_says_so()
    {
        using var cli = new CliRunner();
        cli.Write("synthetic.csv", SyntheticHistory(400, 7));
        Assert.Equal(0, cli.Run("calibrate", "--input", "synthetic.csv", "--output", "calibrated.json", "--json"));
        var length = cli.Read("calibrated.json").Length;
        Assert.Equal(length, cli.Json().GetProperty("policy_characters").GetInt32());
        if (length > 2000)
        {
            Assert.Contains($"the policy is {length:N0} characters, more than the 2,000 an environment variable value holds, so load it into the policy store instead", cli.Err);
            Assert.Contains("Settings > Scoring policies > New", cli.Err);
            Assert.Contains("--store-request", cli.Err);
        }
        else
        {
            Assert.DoesNotContain("an environment variable value holds", cli.Err);
        }
    }

    [Fact]
    public void Calibrate_is_repeatable_with_the_same_seed()
    {
        using var cli = new CliRunner();
        cli.Write("synthetic.csv", SyntheticHistory(200, 11));
        cli.Run("calibrate", "--input", "synthetic.csv", "--output", "a.json", "--json", "--folds", "4", "--seed", "3");
        var first = cli.Json().GetProperty("cv_auc").GetDouble();
        cli.Run("calibrate", "--input", "synthetic.csv", "--output", "b.json", "--json", "--folds", "4", "--seed", "3");
        Assert.Equal(first, cli.Json().GetProperty("cv_auc").GetDouble());
        Assert.Equal(cli.Read("a.json"), cli.Read("b.json"));
    }

    [Fact]
    public void Band_shares_place_the_cut_offs_at_the_history_s_score_quantiles()
    {
        using var cli = new CliRunner();
        cli.Write("synthetic.csv", SyntheticHistory(400, 7));
        Assert.Equal(0, cli.Run("calibrate", "--input", "synthetic.csv", "--output", "banded.json", "--json", "--band-shares", "30,15,5"));
        var policy = Policy.Parse(cli.Read("banded.json"));
        Assert.True(policy.Bands.Watch < policy.Bands.AtRisk && policy.Bands.AtRisk < policy.Bands.Disengaged);
        Assert.Equal(policy.Bands.Watch, cli.Json().GetProperty("bands").GetProperty("watch").GetDouble());
        Assert.Contains("Bands set from the history: Watch", cli.Err);

        Assert.Equal(0, cli.Run("backtest", "--input", "synthetic.csv", "--policy", "banded.json", "--json"));
        var bands = cli.Json().GetProperty("bands");
        int disengaged = bands.GetProperty("disengaged").GetProperty("accounts").GetInt32();
        int atRiskOrWorse = disengaged + bands.GetProperty("at_risk").GetProperty("accounts").GetInt32();
        Assert.InRange(disengaged, 20, 60);     // about 5% of 400, ties allowing
        Assert.InRange(atRiskOrWorse, 60, 120); // about 15%

        Assert.Equal(2, cli.Run("calibrate", "--input", "synthetic.csv", "--output", "x.json", "--band-shares", "5,15,30"));
        Assert.Contains("--band-shares takes three percentages, largest first", cli.Err);
    }

    [Fact]
    public void Calibrate_needs_both_outcomes()
    {
        using var cli = new CliRunner();
        cli.Write("allstay.csv", "account_id,churned,sla_breaches\nA,0,1\nB,0,2\nC,0,0\n");
        Assert.Equal(1, cli.Run("calibrate", "--input", "allstay.csv", "--output", "p.json"));
        Assert.Contains("calibration needs churned and retained accounts; this history has 0 churned of 3", cli.Err);
    }
}

public class EvaluationTests
{
    [Fact]
    public void Auc_counts_ties_as_half()
    {
        Assert.Equal(1.0, Evaluation.Auc([0.9, 0.8, 0.1], [true, true, false]));
        Assert.Equal(0.5, Evaluation.Auc([0.5, 0.5], [true, false]));
        Assert.Equal(0.75, Evaluation.Auc([0.9, 0.2, 0.5, 0.1], [true, true, false, false]));
        Assert.True(double.IsNaN(Evaluation.Auc([0.1, 0.2], [false, false])));
    }

    [Fact]
    public void Top_share_shares_ties_at_the_cut_off_in_proportion()
    {
        // 10 accounts, top 10% = 1 account; two tie at the top, one churned: expected precision 0.5.
        var scores = new double[] { 9, 9, 1, 1, 1, 1, 1, 1, 1, 1 };
        var churned = new[] { true, false, false, false, false, false, false, false, false, true };
        var (precision, recall, count) = Evaluation.Top(scores, churned, 0.10);
        Assert.Equal(1, count);
        Assert.Equal(0.5, precision, 9);
        Assert.Equal(0.25, recall, 9);
    }
}
