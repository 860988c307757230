using System.Text.Json;
using WinBack.Packaging.Source;

namespace WinBack.Packaging.Packing;

/// <summary>WebResources/webresources.json: which files the solution carries as web resources (written by the web resources' owners).</summary>
public sealed class WebResourceManifest
{
    public List<WebResourceEntry> WebResources { get; set; } = new();

    /// <summary>The manifest file, or null when there is none yet.</summary>
    public string? File { get; set; }

    public static WebResourceManifest Load(string? webResourcesFolder)
    {
        if (string.IsNullOrEmpty(webResourcesFolder)) return new WebResourceManifest();
        var file = Path.Combine(webResourcesFolder, "webresources.json");
        if (!System.IO.File.Exists(file)) return new WebResourceManifest();
        try
        {
            var manifest = JsonSerializer.Deserialize<WebResourceManifest>(System.IO.File.ReadAllText(file), new JsonSerializerOptions
            {
                PropertyNameCaseInsensitive = true,
                ReadCommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            }) ?? new WebResourceManifest();
            manifest.File = Path.GetFullPath(file);
            return manifest;
        }
        catch (JsonException e)
        {
            throw new SourceException(file, $"not valid JSON: {e.Message}",
                "Write { \"webResources\": [ { \"name\": \"wb_/...\", \"file\": \"src/...\", \"displayName\": \"...\", \"description\": \"...\" } ] }.");
        }
    }

    /// <summary>Web resource type from the file extension (1 html, 2 css, 3 js, ...); 0 when Dataverse has no type for it.</summary>
    public static int TypeOf(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".htm" or ".html" => 1,
        ".css" => 2,
        ".js" => 3,
        ".xml" => 4,
        ".png" => 5,
        ".jpg" or ".jpeg" => 6,
        ".gif" => 7,
        ".xap" => 8,
        ".xsl" or ".xslt" => 9,
        ".ico" => 10,
        ".svg" => 11,
        ".resx" => 12,
        _ => 0,
    };
}

public sealed class WebResourceEntry
{
    public string Name { get; set; } = "";
    public string File { get; set; } = "";
    /// <summary>The TypeScript source that WebResources/build.mjs bundles into <see cref="File"/> (under dist/); empty for files packed as written.</summary>
    public string Source { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Description { get; set; } = "";
}
