using System.CommandLine;
using WinBack.Cli.History;
using WinBack.Core.Disengagement;
using WinBack.Core.Json;
using static WinBack.Cli.History.HistoryInput;

namespace WinBack.Cli.Commands;

/// <summary>`winback calibrate`: fits the policy's weights to an organisation's own history.</summary>
public sealed class CalibrateCommand : ICommand
{
    private const string Name = "calibrate";

    private readonly HistoryOptions _history = new("history CSV (account_id, churned and any signal columns)");
    private readonly Option<string> _output = CliOptions.Value("--output", "where to write the calibrated policy JSON (- for standard output)", required: true);
    private readonly Option<bool> _json = CliOptions.Flag("--json", "print one JSON object instead of the report");
    private readonly Option<int> _folds = CliOptions.WholeNumber("--folds", "cross-validation folds", 2, 20, 5);
    private readonly Option<int> _seed = CliOptions.WholeNumber("--seed", "fold assignment seed", 0, int.MaxValue, 20261122);
    private readonly Option<double> _l2 = CliOptions.Number("--l2", "L2 penalty of the logistic regression it is compared with", 0, 100, 0.01);
    private readonly Option<string> _storeRequest = CliOptions.Value("--store-request",
        "also write the Dataverse Web API body that loads the policy into the policy store (POST it to /api/data/v9.2/" + Demo.PolicyStore.EntitySet + ")", "FILE");
    private readonly Option<string> _name = CliOptions.Value("--name", "the stored policy's name in the policy store (default: Calibrated on <input file>)", "NAME");
    private readonly Option<string> _bandShares = CliOptions.Value("--band-shares",
        "also set the band cut-offs so W%, A% and D% of the history's accounts are at or above Watch, At risk and Disengaged (e.g. 30,15,5)", "W,A,D");

    public Command Declare()
    {
        var command = new Command(Name,
            "Fit the policy's weights to your history; report cross-validated AUC; write policy JSON.\n" +
            "Fits the weights of the policy's signals with L2-regularised logistic regression on the signals' severities\n" +
            "(weights kept at or above 0, thresholds kept), reports the k-fold cross-validated AUC of the resulting policy as\n" +
            "the scorer runs it, and writes a valid policy JSON for the policy store (table " + Demo.PolicyStore.Table + "; --store-request\n" +
            "writes the Web API body that loads it). " + FormatHelp)
        {
            _history.Input,
            _output,
            _json,
            _folds,
            _seed,
            _l2,
            _bandShares,
            _storeRequest,
            _name,
        };
        _history.AddTo(command);
        return command;
    }

    public int Run(ParseResult parsed, CommandContext context)
    {
        var a = _history.Read(parsed);
        var output = OutputFile.Check(parsed.GetValue(_output)!, context, Name, HistoryInput.InputFiles(a));
        if (output == null) return 1;
        var storeRequest = parsed.GetValue(_storeRequest) is { } requestPath ? OutputFile.Check(requestPath, context, Name, HistoryInput.InputFiles(a)) : null;
        if (parsed.GetValue(_storeRequest) != null && storeRequest == null) return 1;
        var options = new CalibrationOptions
        {
            Folds = parsed.GetValue(_folds),
            Seed = parsed.GetValue(_seed),
            L2 = parsed.GetValue(_l2),
            BandShares = BandShares(parsed.GetValue(_bandShares)),
        };
        var basePolicy = ReadPolicy(a, context, Name);
        if (basePolicy == null) return 1;
        var data = Load(a, context, Name, requireOutcome: true);
        if (data == null) return 1;
        CalibrationResult result;
        try
        {
            result = Calibrator.Calibrate(data.Rows, basePolicy, options);
        }
        catch (HistoryFileException e)
        {
            context.Error.WriteLine($"winback calibrate: {e.Message}");
            return 1;
        }
        var policyJson = result.Policy.ToJson();
        if (!OutputFile.Write(output, policyJson, context, Name)) return 1;
        if (storeRequest != null)
        {
            var inputName = Path.GetFileName(a.Input);
            var description = string.Format(System.Globalization.CultureInfo.InvariantCulture,
                "Calibrated by winback calibrate on {0}: {1:N0} accounts, {2:N0} churned; cross-validated AUC {3:0.000} (a logistic regression on the same folds: {4:0.000}).",
                inputName, result.Accounts, result.Churned, result.CvAuc, result.LrCvAuc);
            var body = Demo.PolicyStore.RequestBody(parsed.GetValue(_name) ?? "Calibrated on " + inputName, description, policyJson);
            if (!OutputFile.Write(storeRequest, body, context, Name)) return 1;
        }
        foreach (var note in result.Notes) context.Error.WriteLine($"winback calibrate: {note}");
        var valueLimit = EnvironmentValueLimit;
        if (policyJson.Length > valueLimit)
        {
            context.Error.WriteLine($"winback calibrate: the policy is {policyJson.Length:N0} characters, more than the {valueLimit:N0} an environment variable value holds, "
                + "so load it into the policy store instead: in the Win-back app open Settings > Scoring policies > New, paste the file's content into Policy (JSON) and save "
                + (storeRequest != null
                    ? $"(or POST {storeRequest} to /api/data/v9.2/{Demo.PolicyStore.EntitySet})."
                    : $"(or add --store-request FILE for a Web API body to POST to /api/data/v9.2/{Demo.PolicyStore.EntitySet}).")
                + " The server checks it and puts it in use. Try it locally first: winback demo --policy FILE.");
        }
        var report = OutputFile.ReportWriter(output, context);
        if (parsed.GetValue(_json)) report.WriteLine(Json(result, data, output, options));
        else WriteText(result, data, output, options, report);
        return 0;
    }

    /// <summary>What an environment variable's value holds: its column's length in the standard-table list the packer checks.</summary>
    private static int EnvironmentValueLimit => WinBack.Packaging.Model.StandardTables.Find("environmentvariablevalue")?.Column("value")?.MaxLength ?? 2000;

    private static (double, double, double)? BandShares(string? text)
    {
        if (text == null) return null;
        var parts = text.Split(',');
        var values = new double[parts.Length];
        bool ok = parts.Length == 3;
        for (int i = 0; ok && i < 3; i++)
            ok = double.TryParse(parts[i].Trim().TrimEnd('%'), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out values[i])
                && values[i] > 0 && values[i] < 100;
        if (!ok || !(values[0] > values[1] && values[1] > values[2]))
            throw new UsageException($"--band-shares takes three percentages, largest first, each between 0 and 100 (e.g. 30,15,5); got '{text}'");
        return (values[0] / 100, values[1] / 100, values[2] / 100);
    }

    private static string Json(CalibrationResult r, HistoryData data, string output, CalibrationOptions options)
    {
        var w = new JsonWriter();
        w.StartObject();
        w.Property("accounts", r.Accounts);
        w.Property("churned", r.Churned);
        w.Property("cv_auc", r.CvAuc);
        w.Property("policy_characters", r.Policy.ToJson().Length);
        w.Property("environment_variable_characters", EnvironmentValueLimit);
        w.Property("cv_auc_pooled", r.CvAucPooled);
        w.Name("cv_fold_auc").StartArray();
        foreach (var f in r.FoldAucs) w.Value(f);
        w.EndArray();
        w.Property("lr_cv_auc", r.LrCvAuc);
        w.Name("lr_fold_auc").StartArray();
        foreach (var f in r.LrFoldAucs) w.Value(f);
        w.EndArray();
        w.Name("lr_columns").StartArray();
        foreach (var c in r.LrColumns) w.Value(c);
        w.EndArray();
        w.Property("folds", r.FoldAucs.Count);
        w.Property("seed", options.Seed);
        w.Property("l2", options.L2);
        w.Property("base_auc", r.BaseAuc);
        w.Property("train_auc", r.TrainAuc);
        w.Property("output", output);
        WriteInputJson(w, data);
        w.Name("bands").StartObject()
            .Property("watch", r.Policy.Bands.Watch).Property("atRisk", r.Policy.Bands.AtRisk).Property("disengaged", r.Policy.Bands.Disengaged)
            .EndObject();
        w.Name("weights").StartObject();
        foreach (var s in Signals.All()) w.Property(Signals.Name(s), r.Policy[s].Weight);
        w.EndObject();
        w.Name("fitted").StartArray();
        foreach (var s in r.Fitted) w.Value(Signals.Name(s));
        w.EndArray();
        w.Name("unseen").StartArray();
        foreach (var s in r.Unseen) w.Value(Signals.Name(s));
        w.EndArray();
        w.Name("constant").StartArray();
        foreach (var s in r.Constant) w.Value(Signals.Name(s));
        w.EndArray();
        w.Name("made_relative").StartArray();
        foreach (var s in r.MadeRelative) w.Value(Signals.Name(s));
        w.EndArray();
        w.EndObject();
        return w.ToString();
    }

    private static void WriteText(CalibrationResult r, HistoryData data, string output, CalibrationOptions options, TextWriter o)
    {
        o.WriteLine($"Calibrated on {r.Accounts} account(s), {r.Churned} churned");
        o.WriteLine($"  cv_auc              {F(r.CvAuc)}   ({r.FoldAucs.Count}-fold, seed {options.Seed}; folds {string.Join(" ", r.FoldAucs.Select(f => F(f)))})");
        o.WriteLine($"  lr_cv_auc           {F(r.LrCvAuc)}   (logistic regression on the file's columns, same folds; folds {string.Join(" ", r.LrFoldAucs.Select(f => F(f)))})");
        o.WriteLine($"  base policy AUC     {F(r.BaseAuc)}   (\"{r.BasePolicy.Name}\", same history, no fitting)");
        o.WriteLine($"  in-sample AUC       {F(r.TrainAuc)}   (optimistic; trust cv_auc)");
        o.WriteLine();
        o.WriteLine("  Signal                before   after   shape: start / threshold / full (steps)");
        foreach (var s in r.Fitted)
        {
            var before = r.BasePolicy[s];
            var after = r.Policy[s];
            string unit = after.Scale == SignalScale.Share ? "  (share of accounts)" : "";
            string steps = after.Shape == null ? "flat: no signal in the declared direction" : $"{after.Shape.Severities.Count} steps";
            o.WriteLine($"  {Signals.Name(s),-20} {F(before.Weight, "0.##"),7} {F(after.Weight, "0.##"),7}   {F(after.Start, "0.##")} / {F(after.Threshold, "0.##")} / {F(after.Full, "0.##")} ({steps}){unit}");
        }
        if (r.Constant.Count > 0)
        {
            o.WriteLine();
            o.WriteLine($"  The same for every account here (no signal, left as they were): {string.Join(", ", r.Constant.Select(Signals.Name))}");
        }
        o.WriteLine();
        o.WriteLine($"  Bands               Watch {F(r.Policy.Bands.Watch, "0.##")}, At risk {F(r.Policy.Bands.AtRisk, "0.##")}, Disengaged {F(r.Policy.Bands.Disengaged, "0.##")}");
        if (r.Unseen.Count > 0)
        {
            o.WriteLine();
            o.WriteLine($"  Not in this history (kept their weights): {string.Join(", ", r.Unseen.Select(Signals.Name))}");
        }
        o.WriteLine();
        o.WriteLine($"Wrote {output}");
        o.WriteLine("Check it with: winback backtest --input <history> --policy " + Path.GetFileName(output));
    }
}
