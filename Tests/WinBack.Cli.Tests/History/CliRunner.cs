using System.Runtime.CompilerServices;
using System.Text.Json;
using WinBack.Cli;

namespace WinBack.Cli.Tests;

/// <summary>Runs `winback` in-process in a temporary folder and captures what it prints.</summary>
internal sealed class CliRunner : IDisposable
{
    public CliRunner()
    {
        Folder = Path.Combine(Path.GetTempPath(), "winback-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        File.Copy(Path.Combine(FixtureFolder(), "history-small.csv"), Path.Combine(Folder, "history.csv"));
    }

    public string Folder { get; }

    /// <summary>The committed fixtures next to this source file (no copy step in the project file).</summary>
    private static string FixtureFolder([CallerFilePath] string source = "")
    {
        var beside = Path.Combine(Path.GetDirectoryName(source) ?? "", "Fixtures");
        if (Directory.Exists(beside)) return beside;
        // Source paths can be mapped in deterministic CI builds: walk up from the test binaries instead.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "Tests", "WinBack.Cli.Tests", "History", "Fixtures");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("History/Fixtures not found beside " + source);
    }
    public string Out { get; private set; } = "";
    public string Err { get; private set; } = "";

    public string Write(string name, string content)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    public string Read(string name) => File.ReadAllText(Path.Combine(Folder, name));

    public int Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = Program.Run(args, new CommandContext(output, error, Folder));
        Out = output.ToString();
        Err = error.ToString();
        return code;
    }

    public JsonElement Json() => JsonDocument.Parse(Out).RootElement;

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
