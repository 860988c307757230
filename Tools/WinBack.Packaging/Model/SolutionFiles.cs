using System.IO.Compression;
using WinBack.Packaging;

namespace WinBack.Packaging.Model;

/// <summary>
/// The files of a solution, whether it is a zip or a folder: paths relative to the root, with '/',
/// looked up without regard to case (SolutionPackager writes Other/Solution.xml, Dataverse solution.xml).
/// </summary>
internal sealed class SolutionFiles
{
    private readonly Dictionary<string, Func<byte[]>> _files = new(StringComparer.OrdinalIgnoreCase);

    public string Origin { get; }

    private SolutionFiles(string origin) => Origin = origin;

    public static SolutionFiles Open(string zipOrFolder)
    {
        if (Directory.Exists(zipOrFolder))
        {
            var root = Path.GetFullPath(zipOrFolder);
            var files = new SolutionFiles(root);
            foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
                var path = file;
                files._files[relative] = () => File.ReadAllBytes(path);
            }
            return files;
        }

        if (!File.Exists(zipOrFolder))
        {
            throw new SolutionReadException($"{zipOrFolder}: no such file or folder.");
        }

        var bytes = File.ReadAllBytes(zipOrFolder);
        if (bytes.Length >= 2 && bytes[0] == (byte)'P' && bytes[1] == (byte)'K')
        {
            var files = new SolutionFiles(Path.GetFullPath(zipOrFolder));
            try
            {
                using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
                foreach (var entry in zip.Entries)
                {
                    if (entry.FullName.EndsWith('/')) continue;
                    using var stream = entry.Open();
                    var buffer = new MemoryStream();
                    stream.CopyTo(buffer);
                    var content = buffer.ToArray();
                    files._files[entry.FullName.Replace('\\', '/').TrimStart('/')] = () => content;
                }
            }
            catch (InvalidDataException e)
            {
                throw new SolutionReadException(
                    $"{zipOrFolder}: the zip is truncated or corrupt ({e.Message}). Export or download the solution again.", e);
            }
            return files;
        }

        if (NotXml(bytes) is { } what)
        {
            throw new SolutionReadException(
                $"{zipOrFolder} is {what}, not a solution; give a solution zip exported from Dataverse, its customizations.xml, or a solution folder.");
        }

        // A single XML file: a customizations.xml, or one table's <Entity>.
        var single = new SolutionFiles(Path.GetFullPath(zipOrFolder));
        single._files["customizations.xml"] = () => bytes;
        return single;
    }

    /// <summary>
    /// Null when the bytes start, after an optional byte-order mark and white space, with an XML tag; otherwise what
    /// they are, in words for the person who gave the file.
    /// </summary>
    private static string? NotXml(byte[] bytes)
    {
        if (bytes.Length == 0) return "an empty file";
        var head = Math.Min(bytes.Length, 1024);
        var text = new StreamReader(new MemoryStream(bytes, 0, head), detectEncodingFromByteOrderMarks: true).ReadToEnd();
        if (text.TrimStart().StartsWith('<')) return null;
        return Array.IndexOf(bytes, (byte)0, 0, head) >= 0 ? "a binary file" : "neither a zip nor XML";
    }

    public bool Exists(string path) => _files.ContainsKey(path.TrimStart('/'));

    public byte[]? Bytes(string path) => _files.TryGetValue(path.TrimStart('/'), out var read) ? read() : null;

    public string? Text(string path)
    {
        var bytes = Bytes(path);
        if (bytes is null) return null;
        using var reader = new StreamReader(new MemoryStream(bytes), detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    /// <summary>Paths under a folder (recursively), in ordinal order so that reading is deterministic.</summary>
    public IEnumerable<string> Under(string folder)
    {
        var prefix = folder.TrimEnd('/') + "/";
        return _files.Keys.Where(k => k.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .OrderBy(k => k, StringComparer.Ordinal);
    }

    public IEnumerable<string> All => _files.Keys.OrderBy(k => k, StringComparer.Ordinal);
}
