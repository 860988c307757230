using System.Diagnostics;
using WinBack.Core.Disengagement;
using WinBack.Core.Drafts;
using WinBack.Core.Gate;

namespace WinBack.Cli.Demo;

/// <summary>The pure draft composer's speed on one thread: drafts per CPU second, alone and with the quality gate.</summary>
public sealed record DraftBenchResult(double ComposePerCpuSecond, double ComposeAndGatePerCpuSecond, long Drafts);

public static class DraftBench
{
    public const int GoalDraftsPerSecond = 10_000;
    public const int GoalCallsPerDraft = 3;

    public static DraftBenchResult Measure(int seed)
    {
        var random = new Random(seed);
        var templates = DraftTemplates.Shipped();
        var inputs = new DraftInput[256];
        var languages = new[] { "en", "de", "fr", "es", "tlh" };
        for (var i = 0; i < inputs.Length; i++)
        {
            var account = Guid.NewGuid();
            var input = new DraftInput
            {
                Account = new DraftAccount { Id = account, Name = "Account " + i, CustomerSince = new DateTime(2018, 1, 1).AddDays(random.Next(2000)) },
                Contact = new DraftContact { Id = Guid.NewGuid(), FirstName = "Sam", Language = languages[i % languages.Length] },
                Remediation = new RemediationFacts
                {
                    Id = Guid.NewGuid(), AccountId = account, Status = RemediationStatus.Verified, Gap = (Gap)(i % 4),
                    RootCause = "Escalations waited in a shared queue nobody owned.",
                    Fix = "Every escalation now has a named owner within one hour.",
                    Evidence = "Median first reply fell from 19 hours to 48 minutes over six weeks.",
                    FixedOn = new DateTime(2026, 3, 2),
                },
                CauseControllable = i % 2 == 0,
                Sender = new DraftSender { Id = Guid.NewGuid(), Name = "Ana Lopez", Title = "Customer Success Lead" },
            };
            for (var c = 0; c < 1 + i % 5; c++)
                input.Cases.Add(new DraftCase
                {
                    Id = Guid.NewGuid(), Number = "CAS-" + i + "-" + c, Title = "Export failed " + c, OpenedOn = new DateTime(2026, 1, 1).AddDays(c),
                    ResolvedOn = new DateTime(2026, 1, 9).AddDays(c), SlaBreached = c == 0,
                });
            inputs[i] = input;
        }

        var compose = Rate(() => { foreach (var input in inputs) DraftComposer.Compose(input, templates, OfferPolicy.Default); }, inputs.Length);
        var gated = Rate(() =>
        {
            foreach (var input in inputs)
            {
                var d = DraftComposer.Compose(input, templates, OfferPolicy.Default);
                DraftQuality.Check(d.Subject, d.Text, d.Citations, DraftQualityPolicy.Default);
            }
        }, inputs.Length);
        return new DraftBenchResult(compose.PerSecond, gated.PerSecond, compose.Count + gated.Count);
    }

    private static (double PerSecond, long Count) Rate(Action round, int perRound)
    {
        for (var warm = 0; warm < 10; warm++) round();
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var start = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        long count = 0;
        TimeSpan cpu;
        do
        {
            round();
            count += perRound;
            process.Refresh();
            cpu = process.TotalProcessorTime - start;
        }
        while (cpu.TotalMilliseconds < 1500 && wall.ElapsedMilliseconds < 20000);
        return (count / Math.Max(cpu.TotalSeconds, 1e-6), count);
    }
}
