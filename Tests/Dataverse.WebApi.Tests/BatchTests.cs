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
}
