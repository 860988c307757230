using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Microsoft.Xrm.Sdk;

namespace Dataverse.WebApi;

public sealed partial class ODataService
{
    /// <summary>
    /// $batch (Learn, "Execute batch operations using the Web API"): a multipart/mixed body of requests and change
    /// sets. The requests of a change set run in one transaction and succeed or fail together; a later request of
    /// the change set may address a row an earlier one created as $Content-ID. The batch stops at the first failed
    /// request or change set unless Prefer: odata.continue-on-error. Every request runs as the batch's caller with
    /// its headers (MSCRMCallerID, bypass headers) applied once.
    /// </summary>
    private async Task<Result> BatchAsync(ODataRequest batch)
    {
        var boundary = Boundary(batch.Http.Request.ContentType, "$batch");
        var continueOnError = batch.Http.Request.Headers["Prefer"].ToString().Contains("odata.continue-on-error", StringComparison.Ordinal);
        var reader = new MultipartReader(boundary, batch.Http.Request.Body);
        var output = new StringBuilder();
        var responseBoundary = "batchresponse_" + Guid.NewGuid().ToString("D");
        MultipartSection? section;
        while ((section = await reader.ReadNextSectionAsync()) is not null)
        {
            var type = section.ContentType ?? "";
            bool ok;
            if (type.StartsWith("multipart/mixed", StringComparison.OrdinalIgnoreCase))
            {
                var parts = new List<(string? ContentId, string Text)>();
                var inner = new MultipartReader(Boundary(type, "change set"), section.Body);
                MultipartSection? part;
                while ((part = await inner.ReadNextSectionAsync()) is not null)
                    parts.Add((part.Headers?.TryGetValue("Content-ID", out var cid) == true ? cid.ToString() : null, await new StreamReader(part.Body).ReadToEndAsync()));
                ok = ChangeSet(batch, parts, output, responseBoundary);
            }
            else
            {
                var text = await new StreamReader(section.Body).ReadToEndAsync();
                var result = Inner(batch, text, null);
                AppendPart(output, responseBoundary, result, null);
                ok = result.Status < 400;
            }
            if (!ok && !continueOnError) break;
        }
        output.Append("--").Append(responseBoundary).Append("--\r\n");
        return new Result(200, RawBody: output.ToString(), ContentType: "multipart/mixed; boundary=" + responseBoundary);
    }

    private static string Boundary(string? contentType, string what)
    {
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var media) || HeaderUtilities.RemoveQuotes(media.Boundary).Length == 0)
            throw WebApiError.Query($"The {what} needs Content-Type multipart/mixed with a boundary.");
        return HeaderUtilities.RemoveQuotes(media.Boundary).ToString();
    }

    private bool ChangeSet(ODataRequest batch, List<(string? ContentId, string Text)> parts, StringBuilder output, string responseBoundary)
    {
        var results = new List<(string? ContentId, InnerResult Result)>();
        InnerResult? failed = null;
        try
        {
            _org.InTransaction(batch.CallerId, service =>
            {
                var ids = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (contentId, text) in parts)
                {
                    var result = Inner(batch, text, service, ids);
                    if (result.Status >= 400)
                    {
                        failed = result;
                        throw new ChangeSetFailed();
                    }
                    if (contentId is not null && result.Headers?.TryGetValue("OData-EntityId", out var location) == true) ids["$" + contentId] = location;
                    results.Add((contentId, result));
                }
                return 0;
            });
        }
        catch (ChangeSetFailed)
        {
            // Every write of the change set is undone; the batch answers with the failed request's response.
            AppendPart(output, responseBoundary, failed!, null);
            return false;
        }
        var changeSetBoundary = "changesetresponse_" + Guid.NewGuid().ToString("D");
        output.Append("--").Append(responseBoundary).Append("\r\nContent-Type: multipart/mixed; boundary=").Append(changeSetBoundary).Append("\r\n\r\n");
        foreach (var (contentId, result) in results) AppendPart(output, changeSetBoundary, result, contentId);
        output.Append("--").Append(changeSetBoundary).Append("--\r\n");
        return true;
    }

    private sealed class ChangeSetFailed : Exception
    {
    }

    private sealed record InnerResult(int Status, string Reason, Dictionary<string, string>? Headers, string? Body, string? ContentType);

    /// <summary>One request of the batch (an application/http part): request line, headers, blank line, body.</summary>
    private InnerResult Inner(ODataRequest batch, string text, IOrganizationService? service, Dictionary<string, string>? ids = null)
    {
        var http = new DefaultHttpContext();
        http.Request.Scheme = batch.Http.Request.Scheme;
        http.Request.Host = batch.Http.Request.Host;
        var responseBody = new MemoryStream();
        http.Response.Body = responseBody;
        try
        {
            var lines = text.Replace("\r\n", "\n").Split('\n');
            var at = 0;
            while (at < lines.Length && lines[at].Trim().Length == 0) at++;
            var requestLine = at < lines.Length ? lines[at++].Trim() : "";
            var firstSpace = requestLine.IndexOf(' ');
            var lastSpace = requestLine.LastIndexOf(' ');
            if (firstSpace <= 0 || lastSpace <= firstSpace || !requestLine[(lastSpace + 1)..].StartsWith("HTTP/", StringComparison.Ordinal))
                throw WebApiError.Query("A request of the $batch has no request line (METHOD URL HTTP/1.1).");
            var method = requestLine[..firstSpace];
            var url = requestLine[(firstSpace + 1)..lastSpace].Replace(" ", "%20");
            if (ids is not null)
                foreach (var (key, location) in ids)
                    if (url == key || url.StartsWith(key + "/", StringComparison.Ordinal)) url = location + url[key.Length..];
            var rootAt = url.IndexOf(ODataRequest.Root, StringComparison.Ordinal);
            if (rootAt < 0) throw WebApiError.Query($"The $batch request URL '{url}' is not under {ODataRequest.Root}.");
            url = url[(rootAt + ODataRequest.Root.Length)..];
            var query = url.IndexOf('?');
            http.Request.Method = method;
            http.Request.Path = "/" + (query < 0 ? url : url[..query]);
            http.Request.QueryString = query < 0 ? QueryString.Empty : new QueryString(url[query..]);
            for (; at < lines.Length && lines[at].Trim().Length > 0; at++)
            {
                var colon = lines[at].IndexOf(':');
                if (colon > 0) http.Request.Headers.Append(lines[at][..colon].Trim(), lines[at][(colon + 1)..].Trim());
            }
            var body = string.Join("\n", lines.Skip(at + 1)).Trim();
            http.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
            var path = query < 0 ? url : url[..query];
            var request = ODataRequest.From(http, Uri.UnescapeDataString(path));
            request.CallerId = batch.CallerId;
            request.Service = service;
            foreach (var (key, value) in batch.RequestParameters) request.RequestParameters[key] = value;
            if (request.Segments.FirstOrDefault() == "$batch") throw WebApiError.Query("A $batch cannot contain a $batch.");
            // Synchronous in effect: the body is in memory, so no await below ever yields.
            var result = DispatchAsync(request).GetAwaiter().GetResult();
            return new InnerResult(result.Status, Reason(result.Status), result.Headers,
                result.RawBody ?? result.Body?.ToJsonString(Json), result.RawBody is not null ? result.ContentType : "application/json; odata.metadata=minimal");
        }
        catch (Exception e) when (e is WebApiError or System.ServiceModel.FaultException<OrganizationServiceFault>)
        {
            var error = e as WebApiError ?? WebApiError.FromFault((System.ServiceModel.FaultException<OrganizationServiceFault>)e);
            var json = new System.Text.Json.Nodes.JsonObject { ["error"] = new System.Text.Json.Nodes.JsonObject { ["code"] = error.Code, ["message"] = error.Message } };
            return new InnerResult(error.Status, Reason(error.Status), null, json.ToJsonString(Json), "application/json; odata.metadata=minimal");
        }
    }

    private static string Reason(int status) => ReasonPhrases.GetReasonPhrase(status);

    private static void AppendPart(StringBuilder output, string boundary, InnerResult result, string? contentId)
    {
        output.Append("--").Append(boundary).Append("\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n");
        if (contentId is not null) output.Append("Content-ID: ").Append(contentId).Append("\r\n");
        output.Append("\r\nHTTP/1.1 ").Append(result.Status).Append(' ').Append(result.Reason).Append("\r\n");
        if (result.Headers is not null) foreach (var (k, v) in result.Headers) output.Append(k).Append(": ").Append(v).Append("\r\n");
        if (result.Body is not null) output.Append("Content-Type: ").Append(result.ContentType).Append("\r\n\r\n").Append(result.Body).Append("\r\n");
        else output.Append("\r\n");
    }
}
