using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Dataverse.WebApi;

/// <summary>
/// What a request asks for, read from its path, query and headers: the resource segments, the query options and
/// the Prefer header (Learn, "Compose HTTP requests and handle errors": Prefer odata.include-annotations,
/// odata.maxpagesize, return=representation).
/// </summary>
public sealed class ODataRequest
{
    public const string Root = "/api/data/v9.2/";

    public required HttpContext Http { get; init; }
    public required string Method { get; init; }
    /// <summary>The path after /api/data/v9.2/, split into segments (a key stays with its segment: accounts(id)).</summary>
    public required IReadOnlyList<string> Segments { get; init; }
    public required Dictionary<string, string> Query { get; init; }
    public int? MaxPageSize { get; init; }
    public bool ReturnRepresentation { get; init; }
    public bool Annotations { get; init; }
    public Guid CallerId { get; set; }
    /// <summary>Inside a $batch change set: the service of the change set's transaction.</summary>
    public Microsoft.Xrm.Sdk.IOrganizationService? Service { get; set; }
    public Dictionary<string, object> RequestParameters { get; } = new(StringComparer.Ordinal);
    public string BaseUrl => $"{Http.Request.Scheme}://{Http.Request.Host}{Root}";

    private static readonly HashSet<string> KnownOptions = new(StringComparer.Ordinal)
    {
        "$select", "$filter", "$orderby", "$top", "$count", "$expand", "$skiptoken", "fetchXml", "$format",
    };

    public static ODataRequest From(HttpContext http, string path)
    {
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, values) in http.Request.Query)
        {
            if (key.StartsWith('$') && !KnownOptions.Contains(key))
                throw WebApiError.Query($"The query parameter '{key}' is not supported.");
            if (!key.StartsWith('@')) query[key] = values.ToString();
        }
        int? maxPage = null;
        bool representation = false, annotations = false;
        foreach (var prefer in http.Request.Headers["Prefer"])
        {
            foreach (var part in (prefer ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var (name, value) = part.IndexOf('=') is var eq and > 0 ? (part[..eq].Trim(), part[(eq + 1)..].Trim().Trim('"')) : (part, "");
                switch (name)
                {
                    case "odata.maxpagesize":
                        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var size) || size <= 0)
                            throw new WebApiError(400, "0x80048d0b", $"Invalid Prefer header value '{part}': odata.maxpagesize takes a positive integer.");
                        maxPage = size;
                        break;
                    case "return" when value == "representation": representation = true; break;
                    case "odata.include-annotations":
                        annotations = value == "*" || value.Contains("FormattedValue", StringComparison.Ordinal) || value.Contains("Microsoft.Dynamics.CRM", StringComparison.Ordinal);
                        break;
                }
            }
        }
        return new ODataRequest
        {
            Http = http,
            Method = http.Request.Method,
            Segments = SplitPath(path),
            Query = query,
            MaxPageSize = maxPage,
            ReturnRepresentation = representation,
            Annotations = annotations,
        };
    }

    /// <summary>Splits on '/' outside parentheses and quotes, so a key or function parameter may hold a slash.</summary>
    public static List<string> SplitPath(string path)
    {
        var segments = new List<string>();
        var depth = 0;
        var quoted = false;
        var start = 0;
        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (c == '\'') quoted = !quoted;
            else if (!quoted && c == '(') depth++;
            else if (!quoted && c == ')') depth--;
            else if (!quoted && depth == 0 && c == '/')
            {
                segments.Add(path[start..i]);
                start = i + 1;
            }
        }
        segments.Add(path[start..]);
        return segments.Where(s => s.Length > 0).ToList();
    }

    /// <summary>Splits a segment "name(args)" into its name and the text inside the parentheses (null when none).</summary>
    public static (string Name, string? Args) NameAndArgs(string segment)
    {
        var open = segment.IndexOf('(');
        if (open < 0) return (segment, null);
        if (!segment.EndsWith(')')) throw WebApiError.Query("Bad Request - Error in query syntax.");
        return (segment[..open], segment[(open + 1)..^1]);
    }

    /// <summary>Splits a comma list at depth 0 ($select, $expand, $orderby).</summary>
    public static List<string> SplitTop(string text, char separator = ',')
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '(') depth++;
            else if (text[i] == ')') depth--;
            else if (text[i] == separator && depth == 0)
            {
                parts.Add(text[start..i].Trim());
                start = i + 1;
            }
        }
        parts.Add(text[start..].Trim());
        return parts.Where(p => p.Length > 0).ToList();
    }
}
