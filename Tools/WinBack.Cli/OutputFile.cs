using System.Text;

namespace WinBack.Cli;

/// <summary>
/// Where a command writes its result file. Checked before any work is done, and written atomically: the content
/// goes to a temporary file in the same folder, which then replaces the target in one move. A failure never
/// leaves a truncated file and never destroys the file that was there before.
/// </summary>
public static class OutputFile
{
    /// <summary>"--output -" writes the result to standard output; the command's own report then goes to the error stream.</summary>
    public const string StandardOutput = "-";

    /// <summary>Where the command's report goes: the error stream when the result itself is written to standard output.</summary>
    public static TextWriter ReportWriter(string full, CommandContext context) =>
        full == StandardOutput || IsDevice(full) ? context.Error : context.Output;

    /// <summary>
    /// Resolves --output and checks it can be a file: not one of the input files (that would overwrite the data
    /// being read: a usage error), not an existing folder, not under a path whose folder part is a file.
    /// Returns the full path, or null after printing why it cannot be written.
    /// </summary>
    public static string? Check(string path, CommandContext context, string command, params (string Option, string? Path)[] inputs)
    {
        if (path == StandardOutput) return StandardOutput;
        var full = context.ResolvePath(path);
        foreach (var (option, input) in inputs)
        {
            if (input != null && SamePath(full, context.ResolvePath(input)))
                throw new UsageException($"--output is the same file as {option} ({input}); writing there would destroy it. Choose another --output path");
        }
        if (Path.EndsInDirectorySeparator(path) || Path.GetFileName(full) is "" or "." or "..")
        {
            context.Error.WriteLine($"winback {command}: cannot write {full}: --output names a folder; give a file name, e.g. {Path.Combine(full, DefaultName(command))}");
            return null;
        }
        if (Directory.Exists(full))
        {
            context.Error.WriteLine($"winback {command}: cannot write {full}: it is a folder; give a file name, e.g. {Path.Combine(full, DefaultName(command))}");
            return null;
        }
        for (var dir = Path.GetDirectoryName(full); !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(dir))
            {
                context.Error.WriteLine($"winback {command}: cannot write {full}: {dir} is a file, not a folder; choose an --output path in a folder");
                return null;
            }
            if (Directory.Exists(dir)) break;
        }
        return full;
    }

    /// <summary>
    /// Writes <paramref name="content"/> (UTF-8, no byte order mark) to <paramref name="full"/> atomically, creating
    /// its folder when missing. Returns false after printing why when it cannot.
    /// </summary>
    public static bool Write(string full, string content, CommandContext context, string command)
    {
        string? temp = null;
        try
        {
            if (full == StandardOutput)
            {
                context.Output.Write(content);
                context.Output.Flush();
                return true;
            }
            if (IsDevice(full))
            {
                // /dev/stdout, /dev/null, a pipe: written in place. Moving a file onto it would replace the device.
                using var device = new StreamWriter(new FileStream(full, FileMode.Open, FileAccess.Write, FileShare.ReadWrite), new UTF8Encoding(false));
                device.Write(content);
                return true;
            }
            var dir = Path.GetDirectoryName(full)!;
            Directory.CreateDirectory(dir);
            temp = Path.Combine(dir, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp");
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
            {
                writer.Write(content);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
            temp = null;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            var existing = File.Exists(full) ? " The existing file was left as it was." : "";
            context.Error.WriteLine($"winback {command}: cannot write {full}: {e.Message}{existing} Check the folder exists and is writable, or choose another --output path.");
            return false;
        }
        finally
        {
            if (temp != null)
            {
                try { File.Delete(temp); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            }
        }
    }

    /// <summary>True for an existing path that is, or links to, a device or process file (/dev, /proc) rather than a regular file.</summary>
    private static bool IsDevice(string full)
    {
        if (OperatingSystem.IsWindows()) return false;
        static bool Special(string p) => p.StartsWith("/dev/", StringComparison.Ordinal) || p.StartsWith("/proc/", StringComparison.Ordinal);
        if (Special(full)) return true;
        try
        {
            return File.Exists(full) && new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true) is { } target && Special(target.FullName);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static bool SamePath(string a, string b)
    {
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        if (string.Equals(Path.TrimEndingDirectorySeparator(a), Path.TrimEndingDirectorySeparator(b), comparison)) return true;
        // The same file under another name (a symbolic link to it).
        try
        {
            var ta = File.Exists(a) ? new FileInfo(a).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? a : a;
            var tb = File.Exists(b) ? new FileInfo(b).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? b : b;
            return string.Equals(ta, tb, comparison);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string DefaultName(string command) => command == "calibrate" ? "policy.json" : "scored.csv";
}
