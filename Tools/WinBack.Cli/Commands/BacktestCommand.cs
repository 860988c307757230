using System.CommandLine;
using Spectre.Console;
using WinBack.Cli.History;
using WinBack.Core.Disengagement;
using WinBack.Core.Json;
using static WinBack.Cli.History.HistoryInput;

namespace WinBack.Cli.Commands;

/// <summary>`winback backtest`: how well the policy's score ranked accounts that later churned.</summary>
public sealed class BacktestCommand : ICommand
{
    private const string Name = "backtest";

    private readonly HistoryOptions _history = new("history CSV (account_id, churned and any signal columns)");
    private readonly Option<bool> _json = CliOptions.Flag("--json", "print one JSON object instead of the report");

    public Command Declare()
    {
        var command = new Command(Name,
            "Measure a policy on history: AUC, precision/recall in the top 5% and 10%, lifts.\n" +
            "Scores every account of the history (one row per account at a past date, with churned 0/1) and reports how well\n" +
            "the score ranks the accounts that churned: AUC, precision and recall in the top 5% and 10%, lift per gap and per\n" +
            "signal, and which signals predict best. " + FormatHelp)
        {
            _history.Input,
            _json,
        };
        _history.AddTo(command);
        return command;
    }

    public int Run(ParseResult parsed, CommandContext context)
    {
        var a = _history.Read(parsed);
        var policy = ReadPolicy(a, context, Name);
        if (policy == null) return 1;
        var data = Load(a, context, Name, requireOutcome: true);
        if (data == null) return 1;
        var report = Backtest.Run(data.Rows, policy, data.Population);
        if (report.Churned == 0 || report.Churned == report.Accounts)
            context.Error.WriteLine($"winback backtest: the history needs both churned and retained accounts for an AUC ({report.Churned} churned of {report.Accounts})");
        if (parsed.GetValue(_json)) context.Output.WriteLine(Json(report, data, policy));
        else WriteText(report, data, policy, context, context.Output);
        return 0;
    }

    internal static string Json(BacktestReport r, HistoryData data, Policy policy)
    {
        var w = new JsonWriter();
        w.StartObject();
        w.Property("accounts", r.Accounts);
        w.Property("churned", r.Churned);
        w.Property("churn_rate", r.ChurnRate);
        w.Property("auc", r.Auc);
        w.Property("precision_top_5pct", r.PrecisionTop5);
        w.Property("precision_top_10pct", r.PrecisionTop10);
        w.Property("recall_top_5pct", r.RecallTop5);
        w.Property("recall_top_10pct", r.RecallTop10);
        w.Property("lift_top_5pct", r.LiftTop5);
        w.Property("lift_top_10pct", r.LiftTop10);
        w.Property("mean_coverage", r.MeanCoverage);
        w.Property("policy", policy.Name);
        WriteInputJson(w, data);
        w.Name("bands").StartObject();
        foreach (var b in r.Bands)
        {
            w.Name(GapNames.Label(b.Band).ToLowerInvariant().Replace(' ', '_')).StartObject().Property("accounts", b.Accounts).Property("churned", b.Churned).EndObject();
        }
        w.EndObject();
        w.Name("gaps").StartObject();
        foreach (var g in r.Gaps)
        {
            w.Name(GapNames.Name(g.Gap)).StartObject()
                .Property("flagged", g.Flagged).Property("churned", g.ChurnedFlagged)
                .Property("churn_rate", g.ChurnRate).Property("lift", g.Lift).EndObject();
        }
        w.EndObject();
        w.Name("signals").StartObject();
        foreach (var s in r.Signals)
        {
            w.Name(Signals.Name(s.Signal)).StartObject()
                .Property("weight", s.Weight).Property("available", s.Available)
                .Property("at_threshold", s.AtThreshold).Property("churned_at_threshold", s.ChurnedAtThreshold)
                .Property("lift", s.Lift).Property("auc", s.Auc).EndObject();
        }
        w.EndObject();
        w.Name("best_signals").StartArray();
        foreach (var s in r.BestSignals()) w.Value(Signals.Name(s.Signal));
        w.EndArray();
        w.Name("metric_auc").StartObject();
        foreach (var m in r.Metrics)
        {
            w.Name(MetricNames.Name(m.Metric)).StartObject().Property("available", m.Available).Property("auc", m.Auc).EndObject();
        }
        w.EndObject();
        w.EndObject();
        return w.ToString();
    }

    private static void WriteText(BacktestReport r, HistoryData data, Policy policy, CommandContext context, TextWriter o)
    {
        o.WriteLine($"Backtest of \"{Printable(policy.Name)}\" on {r.Accounts} account(s), {r.Churned} churned ({F(r.ChurnRate * 100, "0.0")}%)");
        if (data.RowsRejected > 0) o.WriteLine($"  {data.RowsRejected} bad row(s) skipped (see above)");
        o.WriteLine($"  signal coverage     {F(r.MeanCoverage * 100, "0")}% of the policy's weight had data, on average");
        o.WriteLine();
        o.WriteLine($"  AUC                 {F(r.Auc)}   (0.5 = chance, 1 = perfect ranking)");
        o.WriteLine($"  top 5%  ({r.CountTop5,5})     precision {F(r.PrecisionTop5)}  recall {F(r.RecallTop5)}  lift {F(r.LiftTop5, "0.00")}");
        o.WriteLine($"  top 10% ({r.CountTop10,5})     precision {F(r.PrecisionTop10)}  recall {F(r.RecallTop10)}  lift {F(r.LiftTop10, "0.00")}");
        o.WriteLine();
        var bands = Tables.New(context, o, "Band", ">Accounts", ">Churned", ">Churn rate");
        foreach (var b in r.Bands)
            bands.AddRow(Tables.Band(GapNames.Label(b.Band)), Tables.Cell(b.Accounts), Tables.Cell(b.Churned),
                Tables.Cell(b.Accounts == 0 ? "n/a" : F(100.0 * b.Churned / b.Accounts, "0.0") + "%"));
        Tables.Write(context, o, bands);
        o.WriteLine();
        var gaps = Tables.New(context, o, "Gap", ">Flagged", ">Churned", ">Churn rate", ">Lift");
        foreach (var g in r.Gaps)
            gaps.AddRow(Tables.Cell(GapNames.Name(g.Gap)), Tables.Cell(g.Flagged), Tables.Cell(g.ChurnedFlagged),
                Tables.Cell(double.IsNaN(g.ChurnRate) ? "n/a" : F(g.ChurnRate * 100, "0.0") + "%"), Tables.Cell(F(g.Lift, "0.00")));
        Tables.Write(context, o, gaps);
        o.WriteLine();
        var signals = Tables.New(context, o, "Signal", ">Weight", ">With data", ">At threshold", ">Lift", ">AUC");
        foreach (var s in r.Signals.Where(s => s.Available > 0 || s.Weight > 0))
            signals.AddRow(Tables.Cell(Signals.Name(s.Signal)), Tables.Cell(F(s.Weight, "0.##")), Tables.Cell(s.Available), Tables.Cell(s.AtThreshold),
                Tables.Cell(F(s.Lift, "0.00")), Tables.Cell(F(s.Auc)));
        Tables.Write(context, o, signals);
        var best = r.BestSignals().ToList();
        o.WriteLine();
        if (best.Count == 0) o.WriteLine("  Which signals predict best: too few accounts with data to say.");
        else
        {
            o.WriteLine("  Which signals predict best (AUC among accounts with data):");
            foreach (var s in best.Where(s => s.Auc > 0.5).Take(5))
                o.WriteLine($"    {Signals.Name(s.Signal),-20} {F(s.Auc)}");
            foreach (var s in best.Where(s => s.Auc < 0.45))
                o.WriteLine($"    {Signals.Name(s.Signal),-20} {F(s.Auc)}  moves AGAINST churn in this history; consider calibrate");
        }
        var reversed = r.Metrics.Where(m => m.Available >= 20 && m.Auc < 0.45).ToList();
        if (reversed.Count > 0)
        {
            o.WriteLine();
            o.WriteLine("  Raw levels that are LOWER among churned accounts (AUC < 0.45):");
            foreach (var m in reversed) o.WriteLine($"    {MetricNames.Name(m.Metric),-24} {F(m.Auc)}");
        }
    }
}
