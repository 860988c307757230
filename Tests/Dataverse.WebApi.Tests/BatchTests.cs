using System.Net.Http.Headers;
using System.Text;
using Microsoft.Xrm.Sdk;

namespace Dataverse.WebApi.Tests;

[Collection("server")]
public sealed class BatchTests
{
    private readonly ServerFixture _s;

    public BatchTests(ServerFixture server) => _s = server;

    private static string Part(string method, string url, string? json = null, string? contentId = null) =>
        "Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n" + (contentId is null ? "" : $"Content-ID: {contentId}\r\n") + "\r\n" +
        $"{method} {url} HTTP/1.1\r\n" + (json is null ? "" : "Content-Type: application/json\r\n") + "\r\n" + (json ?? "") + "\r\n";

    private async Task<(int Status, string Body)> PostBatchAsync(string body, string boundary)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/mixed; boundary={boundary}");
        var response = await _s.Http.PostAsync(_s.Api + "$batch", content);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string ChangeSet(string batch, string changeSet, params string[] parts) =>
        $"--{batch}\r\nContent-Type: multipart/mixed; boundary={changeSet}\r\n\r\n" +
        string.Concat(parts.Select(p => $"--{changeSet}\r\n{p}")) + $"--{changeSet}--\r\n";

    [Fact]
    public async Task A_change_set_whose_third_request_fails_keeps_nothing()
    {
        var before = _s.Org.Count("account");
        var body = ChangeSet("batch_1", "changeset_1",
                Part("POST", "/api/data/v9.2/accounts", """{"name":"Batch one"}""", "1"),
                Part("POST", "/api/data/v9.2/accounts", """{"name":"Batch two"}""", "2"),
                Part("POST", "/api/data/v9.2/accounts", """{"name":"Batch three","numberofemployees":"many"}""", "3"))
            + "--batch_1--\r\n";
        var (status, text) = await PostBatchAsync(body, "batch_1");
        Assert.Equal(200, status);
        Assert.Contains("HTTP/1.1 400 Bad Request", text);
        Assert.Contains("\"code\":\"0x80048d19\"", text);
        Assert.Equal(before, _s.Org.Count("account"));
        Assert.DoesNotContain(_s.Org.Rows("account"), a => a.GetAttributeValue<string>("name") is "Batch one" or "Batch two");
    }

    [Fact]
    public async Task A_change_set_commits_whole_and_later_requests_address_earlier_rows_by_content_id()
    {
        var body = ChangeSet("batch_2", "changeset_2",
                Part("POST", "/api/data/v9.2/accounts", """{"name":"Batch parent"}""", "1"),
                Part("PATCH", "$1", """{"numberofemployees":42}""", "2"))
            + "--batch_2\r\n" + Part("GET", "/api/data/v9.2/accounts?$select=name&$filter=name eq 'Batch parent'") + "--batch_2--\r\n";
        var (status, text) = await PostBatchAsync(body, "batch_2");
        Assert.Equal(200, status);
        Assert.Equal(2, text.Split("HTTP/1.1 204 No Content").Length - 1);
        Assert.Contains("HTTP/1.1 200 OK", text);
        Assert.Contains("\"name\":\"Batch parent\"", text);
        var row = Assert.Single(_s.Org.Rows("account"), a => a.GetAttributeValue<string>("name") == "Batch parent");
        Assert.Equal(42, row.GetAttributeValue<int>("numberofemployees"));
    }

    [Fact]
    public async Task A_batch_without_a_boundary_is_400()
    {
        var content = new StringContent("x", Encoding.UTF8, "application/json");
        var response = await _s.Http.PostAsync(_s.Api + "$batch", content);
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("0x80060888", await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// The remediation gate holds inside a change set: the third request creates an outreach on the remediation the first
    /// one recorded (not verified), the gate's plug-in refuses it, the change set answers 400 in Dataverse's error shape
    /// with the gate's words, and neither the remediation nor its edit is kept.
    /// </summary>
    [Fact]
    public async Task A_change_set_whose_outreach_the_gate_refuses_keeps_nothing()
    {
        var account = _s.Org.Rows("account").Where(a => a.GetAttributeValue<OptionSetValue>("statecode")?.Value == 0).OrderBy(a => a.Id).First().Id;
        var remediation = Guid.NewGuid();
        var outreaches = _s.Org.Count("wb_outreach");
        var body = ChangeSet("batch_gate", "changeset_gate",
                Part("POST", "/api/data/v9.2/wb_remediations",
                    $$"""{"wb_remediationid":"{{remediation}}","wb_name":"Batch: slow replies","wb_AccountId@odata.bind":"/accounts({{account}})","wb_rootcause":"Replies took 5 days.","wb_gap":682400001}""", "1"),
                Part("PATCH", "$1", """{"wb_fix":"A second support shift."}""", "2"),
                Part("POST", "/api/data/v9.2/wb_outreaches",
                    $$"""{"subject":"We fixed our replies","wb_RemediationId@odata.bind":"/wb_remediations({{remediation}})","wb_channel":682400000}""", "3"))
            + "--batch_gate--\r\n";

        var (status, text) = await PostBatchAsync(body, "batch_gate");

        Assert.Equal(200, status);
        Assert.Contains("HTTP/1.1 400 Bad Request", text);
        Assert.DoesNotContain("HTTP/1.1 204", text);
        var error = System.Text.Json.JsonDocument.Parse(text[text.IndexOf("{\"error\"", StringComparison.Ordinal)..text.LastIndexOf('}')].Trim() + "}").RootElement;
        Assert.Equal(new[] { "error" }, error.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(new[] { "code", "message" }, error.GetProperty("error").EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("0x80040265", error.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("Verify the remediation 'Batch: slow replies' first: it is Diagnosing, so the root cause is still being found.",
            error.GetProperty("error").GetProperty("message").GetString());
        Assert.Null(_s.Org.Peek("wb_remediation", remediation));
        Assert.Equal(outreaches, _s.Org.Count("wb_outreach"));
    }
}
