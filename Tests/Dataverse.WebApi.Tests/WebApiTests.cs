using System.Net;
using System.Xml.Linq;
using System.Text.Json;
using Microsoft.Xrm.Sdk;
using static Dataverse.WebApi.Tests.ServerFixture;

namespace Dataverse.WebApi.Tests;

[Collection("server")]
public sealed class WebApiTests
{
    private readonly ServerFixture _s;

    public WebApiTests(ServerFixture server) => _s = server;

    private Guid TopAccount() =>
        _s.Org.Rows("account").Where(a => a.GetAttributeValue<int?>("wb_disengagementscore") is not null)
            .OrderByDescending(a => a.GetAttributeValue<int?>("wb_disengagementscore")).ThenBy(a => a.Id).First().Id;

    [Fact]
    public async Task Entity_sets_come_from_metadata_including_irregular_plurals()
    {
        var (status, body, _) = await _s.GetAsync("");
        Assert.Equal(200, status);
        var names = body.GetProperty("value").EnumerateArray().Select(v => v.GetProperty("name").GetString()).ToHashSet();
        foreach (var set in new[] { "accounts", "contacts", "incidents", "emails", "opportunities", "wb_usagesnapshots" }) Assert.Contains(set, names);
        Assert.Contains(_s.Org.Metadata.Table("wb_disengagementhistory")!.EntitySetName, names);
    }

    [Fact]
    public async Task Metadata_is_csdl_with_keys_properties_navigation_and_actions()
    {
        var response = await _s.Http.GetAsync(_s.Api + "$metadata");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var xml = System.Xml.Linq.XDocument.Parse(await response.Content.ReadAsStringAsync());
        XNamespace edm = "http://docs.oasis-open.org/odata/ns/edm";
        var account = xml.Descendants(edm + "EntityType").Single(e => (string?)e.Attribute("Name") == "account");
        Assert.Equal("accountid", (string?)account.Element(edm + "Key")!.Element(edm + "PropertyRef")!.Attribute("Name"));
        Assert.Contains(account.Elements(edm + "Property"), p => (string?)p.Attribute("Name") == "_primarycontactid_value" && (string?)p.Attribute("Type") == "Edm.Guid");
        Assert.Contains(account.Elements(edm + "NavigationProperty"), p => (string?)p.Attribute("Name") == "primarycontactid" && (string?)p.Attribute("Type") == "mscrm.contact");
        Assert.Contains(xml.Descendants(edm + "Action"), a => (string?)a.Attribute("Name") == "wb_RecalculateDisengagement" && (string?)a.Attribute("IsBound") == "true");
        Assert.Contains(xml.Descendants(edm + "EntitySet"), s => (string?)s.Attribute("Name") == "accounts");
    }

    [Fact]
    public async Task Retrieve_with_select_returns_only_those_columns_and_the_key()
    {
        var id = TopAccount();
        var row = _s.Org.Peek("account", id)!;
        var (status, body, _) = await _s.GetAsync($"accounts({id})?$select=name,wb_disengagementscore");
        Assert.Equal(200, status);
        Assert.Equal($"{_s.Api}$metadata#accounts(name,wb_disengagementscore,accountid)/$entity", body.GetProperty("@odata.context").GetString());
        Assert.Equal(row.GetAttributeValue<string>("name"), body.GetProperty("name").GetString());
        Assert.Equal(row.GetAttributeValue<int>("wb_disengagementscore"), body.GetProperty("wb_disengagementscore").GetInt32());
        Assert.Equal(id.ToString("D"), body.GetProperty("accountid").GetString());
        Assert.Equal(4, body.EnumerateObject().Count());
    }

    [Fact]
    public async Task Formatted_values_and_lookup_annotations_come_with_the_prefer_header()
    {
        var id = TopAccount();
        var (_, plain, _) = await _s.GetAsync($"accounts({id})?$select=wb_riskband,_primarycontactid_value");
        Assert.False(plain.TryGetProperty("wb_riskband@OData.Community.Display.V1.FormattedValue", out _));
        var (status, body, _) = await _s.GetAsync($"accounts({id})?$select=wb_riskband,_primarycontactid_value", ("Prefer", "odata.include-annotations=\"*\""));
        Assert.Equal(200, status);
        Assert.Contains(body.GetProperty("wb_riskband@OData.Community.Display.V1.FormattedValue").GetString(), new[] { "Healthy", "Watch", "At risk", "Disengaged" });
        Assert.Equal("contact", body.GetProperty("_primarycontactid_value@Microsoft.Dynamics.CRM.lookuplogicalname").GetString());
        Assert.Equal("primarycontactid", body.GetProperty("_primarycontactid_value@Microsoft.Dynamics.CRM.associatednavigationproperty").GetString());
    }

    [Fact]
    public async Task Filter_orderby_top_and_count()
    {
        var expected = _s.Org.Rows("account").Where(a => a.GetAttributeValue<int?>("wb_disengagementscore") >= 10).ToList();
        var (status, body, _) = await _s.GetAsync("accounts?$select=name,wb_disengagementscore&$filter=(wb_disengagementscore ge 10 and statecode eq 0) or name eq 'nobody'&$orderby=wb_disengagementscore desc,name asc&$count=true&$top=3");
        Assert.Equal(200, status);
        Assert.Equal(expected.Count, body.GetProperty("@odata.count").GetInt32());
        var scores = body.GetProperty("value").EnumerateArray().Select(v => v.GetProperty("wb_disengagementscore").GetInt32()).ToList();
        Assert.Equal(Math.Min(3, expected.Count), scores.Count);
        Assert.Equal(scores.OrderByDescending(s => s).ToList(), scores);
    }

    [Fact]
    public async Task Filter_functions_not_null_and_lookup_values()
    {
        var account = _s.Org.Rows("account").First(a => a.GetAttributeValue<EntityReference>("primarycontactid") is not null);
        var contact = account.GetAttributeValue<EntityReference>("primarycontactid").Id;
        var (_, byLookup, _) = await _s.GetAsync($"accounts?$select=name&$filter=_primarycontactid_value eq {contact}");
        Assert.Equal(account.Id.ToString("D"), Assert.Single(byLookup.GetProperty("value").EnumerateArray()).GetProperty("accountid").GetString());

        var name = account.GetAttributeValue<string>("name");
        var word = name.Split(' ')[0];
        var all = _s.Org.Rows("account").Select(a => a.GetAttributeValue<string>("name")).ToList();
        var (_, contains, _) = await _s.GetAsync($"accounts?$select=name&$filter=contains(name,'{word}') and startswith(name,'{word[..2]}') and not endswith(name,'zzz')");
        Assert.Equal(all.Count(n => n.Contains(word) && n.StartsWith(word[..2])), contains.GetProperty("value").GetArrayLength());
        var (_, notContains, _) = await _s.GetAsync($"accounts?$select=name&$filter=not contains(name,'{word}')");
        Assert.Equal(all.Count(n => !n.Contains(word)), notContains.GetProperty("value").GetArrayLength());

        var (_, nulls, _) = await _s.GetAsync("accounts?$select=name&$filter=wb_flaggedon eq null");
        Assert.Equal(_s.Org.Rows("account").Count(a => a.GetAttributeValue<DateTime?>("wb_flaggedon") is null), nulls.GetProperty("value").GetArrayLength());

        var (_, inBands, _) = await _s.GetAsync("accounts?$select=name&$filter=Microsoft.Dynamics.CRM.In(PropertyName='wb_riskband',PropertyValues=['682400002','682400003'])");
        Assert.Equal(_s.Org.Rows("account").Count(a => a.GetAttributeValue<OptionSetValue>("wb_riskband")?.Value is 682400002 or 682400003), inBands.GetProperty("value").GetArrayLength());

        var (status, lastDays, _) = await _s.GetAsync("wb_usagesnapshots?$select=wb_name&$filter=Microsoft.Dynamics.CRM.LastXDays(PropertyName='createdon',PropertyValue=3650)");
        Assert.Equal(200, status);
        Assert.True(lastDays.GetProperty("value").GetArrayLength() > 0);
    }

    [Fact]
    public async Task Paging_with_maxpagesize_follows_next_links_through_every_row()
    {
        var seen = new HashSet<string>();
        var next = "contacts?$select=fullname";
        var pages = 0;
        while (next is not null)
        {
            var (status, body, _) = await _s.GetAsync(next, ("Prefer", "odata.maxpagesize=7"));
            Assert.Equal(200, status);
            foreach (var v in body.GetProperty("value").EnumerateArray()) Assert.True(seen.Add(v.GetProperty("contactid").GetString()!));
            next = body.TryGetProperty("@odata.nextLink", out var link) ? link.GetString() : null;
            pages++;
        }
        Assert.Equal(_s.Org.Count("contact"), seen.Count);
        Assert.Equal((_s.Org.Count("contact") + 6) / 7, pages);
    }

    [Fact]
    public async Task Single_valued_expand_nests_the_related_row()
    {
        var account = _s.Org.Rows("account").First(a => a.GetAttributeValue<EntityReference>("primarycontactid") is not null);
        var contact = _s.Org.Peek("contact", account.GetAttributeValue<EntityReference>("primarycontactid").Id)!;
        var (status, body, _) = await _s.GetAsync($"accounts({account.Id})?$select=name&$expand=primarycontactid($select=fullname)");
        Assert.Equal(200, status);
        Assert.Equal(contact.GetAttributeValue<string>("fullname"), body.GetProperty("primarycontactid").GetProperty("fullname").GetString());
    }

    [Fact]
    public async Task FetchXml_pages_with_its_paging_cookie()
    {
        var fetch = "<fetch count='5'><entity name='contact'><attribute name='fullname'/><order attribute='contactid'/></entity></fetch>";
        var (status, body, _) = await _s.GetAsync("contacts?fetchXml=" + Uri.EscapeDataString(fetch));
        Assert.Equal(200, status);
        Assert.Equal(5, body.GetProperty("value").GetArrayLength());
        var cookie = body.GetProperty("@Microsoft.Dynamics.CRM.fetchxmlpagingcookie").GetString()!;
        Assert.StartsWith("<cookie pagenumber=\"2\" pagingcookie=\"", cookie);
        var inner = Uri.UnescapeDataString(Uri.UnescapeDataString(System.Xml.Linq.XElement.Parse(cookie).Attribute("pagingcookie")!.Value));
        var second = $"<fetch count='5' page='2' paging-cookie='{System.Security.SecurityElement.Escape(inner)}'><entity name='contact'><attribute name='fullname'/><order attribute='contactid'/></entity></fetch>";
        var (status2, body2, _) = await _s.GetAsync("contacts?fetchXml=" + Uri.EscapeDataString(second));
        Assert.Equal(200, status2);
        var first = body.GetProperty("value").EnumerateArray().Select(v => v.GetProperty("contactid").GetString()).ToHashSet();
        Assert.DoesNotContain(body2.GetProperty("value").EnumerateArray(), v => first.Contains(v.GetProperty("contactid").GetString()));
    }

    [Fact]
    public async Task Create_returns_204_with_entity_id_or_201_with_representation_and_binds_lookups()
    {
        var parent = TopAccount();
        var (status, _, response) = await _s.SendAsync(HttpMethod.Post, "accounts", $$"""{"name":"Created by the Web API","parentaccountid@odata.bind":"/accounts({{parent}})"}""");
        Assert.Equal(204, status);
        var location = response.Headers.GetValues("OData-EntityId").Single();
        var id = Guid.Parse(location[(location.LastIndexOf('(') + 1)..^1]);
        Assert.Equal(parent, _s.Org.Peek("account", id)!.GetAttributeValue<EntityReference>("parentaccountid").Id);

        var (status2, body, response2) = await _s.SendAsync(HttpMethod.Post, "accounts?$select=name", """{"name":"Represented"}""", ("Prefer", "return=representation"));
        Assert.Equal(201, status2);
        Assert.Equal("Represented", body.GetProperty("name").GetString());
        Assert.Equal("return=representation", response2.Headers.GetValues("Preference-Applied").Single());
    }

    [Fact]
    public async Task Patch_updates_upserts_and_honours_if_match_and_if_none_match()
    {
        var fresh = Guid.NewGuid();
        var (noCreate, _, _) = await _s.SendAsync(HttpMethod.Patch, $"accounts({fresh})", """{"name":"must not exist"}""", ("If-Match", "*"));
        Assert.Equal(404, noCreate);
        Assert.Null(_s.Org.Peek("account", fresh));

        var (upsert, _, _) = await _s.SendAsync(HttpMethod.Patch, $"accounts({fresh})", """{"name":"Upserted"}""");
        Assert.Equal(204, upsert);
        Assert.Equal("Upserted", _s.Org.Peek("account", fresh)!.GetAttributeValue<string>("name"));

        var blocked = await _s.SendAsync(HttpMethod.Patch, $"accounts({fresh})", """{"name":"changed"}""", ("If-None-Match", "*"));
        AssertError(blocked, 412, "0x80040237");
        Assert.Equal("Upserted", _s.Org.Peek("account", fresh)!.GetAttributeValue<string>("name"));

        var (update, _, _) = await _s.SendAsync(HttpMethod.Patch, $"accounts({fresh})", """{"name":"Updated","numberofemployees":12}""", ("If-Match", "*"));
        Assert.Equal(204, update);
        Assert.Equal(12, _s.Org.Peek("account", fresh)!.GetAttributeValue<int>("numberofemployees"));

        var (deleted, _, _) = await _s.SendAsync(HttpMethod.Delete, $"accounts({fresh})");
        Assert.Equal(204, deleted);
        Assert.Null(_s.Org.Peek("account", fresh));
        AssertError(await _s.SendAsync(HttpMethod.Delete, $"accounts({fresh})"), 404, "0x80040217");
    }

    [Fact]
    public async Task Bound_custom_api_runs_the_plug_in_and_returns_its_response()
    {
        var id = TopAccount();
        var (status, body, _) = await _s.SendAsync(HttpMethod.Post, $"accounts({id})/Microsoft.Dynamics.CRM.wb_RecalculateDisengagement", "{}");
        Assert.Equal(200, status);
        Assert.Equal(_s.Org.Peek("account", id)!.GetAttributeValue<int>("wb_disengagementscore"), body.GetProperty("Score").GetInt32());
        Assert.Equal("http://127.0.0.1:" + _s.Host.Port + "/api/data/v9.2/$metadata#Microsoft.Dynamics.CRM.wb_RecalculateDisengagementResponse", body.GetProperty("@odata.context").GetString());
    }

    [Fact]
    public async Task Messages_the_organization_does_not_implement_are_segments_not_found()
    {
        var message = AssertError(await _s.SendAsync(HttpMethod.Post, "NoSuchMessage", "{}"), 404, "0x8006088a");
        Assert.Equal("Resource not found for the segment 'NoSuchMessage'.", message);
        AssertError(await _s.SendAsync(HttpMethod.Post, "Create", "{}"), 404, "0x8006088a");
    }

    [Fact]
    public async Task Callers_act_as_another_user_only_with_the_privilege_and_see_what_their_role_allows()
    {
        var repAccounts = _s.Org.Rows("account").Count(a => a.GetAttributeValue<EntityReference>("ownerid")?.Id == _s.Rep.Id);
        Assert.True(repAccounts > 0);
        var (status, body, _) = await _s.GetAsync("accounts?$select=name&$count=true", ("MSCRMCallerID", _s.Rep.Id.ToString()));
        Assert.Equal(200, status);
        Assert.Equal(repAccounts, body.GetProperty("@odata.count").GetInt32());

        var denied = AssertError(await _s.GetAsync("incidents?$select=title", ("MSCRMCallerID", _s.Rep.Id.ToString())), 403, "0x80040220");
        Assert.Contains("prvReadIncident", denied);

        var aad = Guid.NewGuid();
        _s.Org.SystemService.Update(new Entity("systemuser", _s.CustomerSuccess.Id) { ["azureactivedirectoryobjectid"] = aad });
        var (csStatus, cs, _) = await _s.GetAsync("incidents?$select=title&$count=true", ("CallerObjectId", aad.ToString()));
        Assert.Equal(200, csStatus);
        Assert.Equal(_s.Org.Count("incident"), cs.GetProperty("@odata.count").GetInt32());
    }

    [Fact]
    public async Task A_caller_without_act_on_behalf_cannot_impersonate()
    {
        await using var host = await WebApiHost.StartAsync(new WebApiHostOptions
        {
            Organization = _s.Org, SolutionZip = _s.Zip, Users = new[] { _s.Rep, _s.Admin }, Port = 0,
        });
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, host.Address + "/api/data/v9.2/accounts?$select=name");
        request.Headers.Add("MSCRMCallerID", _s.Admin.Id.ToString());
        var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("0x80040220", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("prvActOnBehalfOfAnotherUser", body.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Bypass_headers_need_their_privileges()
    {
        var id = TopAccount();
        var before = _s.Org.Peek("account", id)!.GetAttributeValue<string>("wb_disengagementreasons");
        var rep = AssertError(await _s.SendAsync(HttpMethod.Patch, $"accounts({id})", """{"description":"x"}""",
            ("MSCRMCallerID", _s.CustomerSuccess.Id.ToString()), ("MSCRM.BypassCustomPluginExecution", "true")), 403, "0x80040220");
        Assert.Contains("prvBypassCustomPlugins", rep);
        var logic = AssertError(await _s.SendAsync(HttpMethod.Patch, $"accounts({id})", """{"description":"x"}""",
            ("MSCRMCallerID", _s.CustomerSuccess.Id.ToString()), ("MSCRM.BypassBusinessLogicExecution", "CustomSync,CustomAsync")), 403, "0x80040220");
        Assert.Contains("prvBypassCustomBusinessLogic", logic);
        Assert.Null(_s.Org.Peek("account", id)!.GetAttributeValue<string>("description"));

        var (status, _, _) = await _s.SendAsync(HttpMethod.Patch, $"accounts({id})", """{"description":"admin bypass"}""", ("MSCRM.BypassBusinessLogicExecution", "CustomSync,CustomAsync"));
        Assert.Equal(204, status);
        Assert.Equal("admin bypass", _s.Org.Peek("account", id)!.GetAttributeValue<string>("description"));
        Assert.Equal(before, _s.Org.Peek("account", id)!.GetAttributeValue<string>("wb_disengagementreasons"));
    }

    [Fact]
    public async Task A_plug_in_refusal_is_400_with_its_message_and_nothing_is_written()
    {
        // The policy environment variable's plug-in refuses a value Core cannot read.
        var definition = _s.Org.Rows("environmentvariabledefinition").Single(d => d.GetAttributeValue<string>("schemaname") == "wb_DisengagementPolicy");
        var count = _s.Org.Count("environmentvariablevalue");
        var result = await _s.SendAsync(HttpMethod.Post, "environmentvariablevalues",
            $$"""{"schemaname":"wb_DisengagementPolicy","value":"{not json","EnvironmentVariableDefinitionId@odata.bind":"/environmentvariabledefinitions({{definition.Id}})"}""");
        var message = AssertError(result, 400, "0x80040265");
        Assert.DoesNotContain("<", message);
        Assert.Equal(count, _s.Org.Count("environmentvariablevalue"));
    }

    // ------------------------------------------------------------------ bad input

    [Fact]
    public async Task Unknown_entity_set_is_404_segment_not_found()
    {
        Assert.Equal("Resource not found for the segment 'Account'.", AssertError(await _s.GetAsync("Account"), 404, "0x8006088a"));
    }

    [Fact]
    public async Task Unknown_column_in_select_is_400_with_dataverse_wording()
    {
        Assert.Equal("Could not find a property named 'Name' on type 'Microsoft.Dynamics.CRM.account'.",
            AssertError(await _s.GetAsync("accounts?$select=Name"), 400, "0x0"));
    }

    [Theory]
    [InlineData("name eq")]
    [InlineData("name eq 'unterminated")]
    [InlineData("(name eq 'a'")]
    [InlineData("name lt and")]
    [InlineData("numberofemployees eq 'ten'")]
    [InlineData("Microsoft.Dynamics.CRM.Nope(PropertyName='name',PropertyValue='a')")]
    public async Task A_filter_that_does_not_parse_is_400(string filter)
    {
        AssertError(await _s.GetAsync("accounts?$select=name&$filter=" + Uri.EscapeDataString(filter)), 400, "0x80060888");
    }

    [Fact]
    public async Task Bad_guid_unknown_query_option_and_method_not_allowed()
    {
        Assert.Equal("Bad Request - Error in query syntax.", AssertError(await _s.GetAsync("accounts(not-a-guid)"), 400, "0x80060888"));
        AssertError(await _s.GetAsync("accounts?$frobnicate=1"), 400, "0x80060888");
        AssertError(await _s.SendAsync(HttpMethod.Delete, "accounts"), 405, "0x80060888");
        AssertError(await _s.SendAsync(HttpMethod.Put, $"accounts({Guid.NewGuid()})", "{}"), 405, "0x80060888");
    }

    [Theory]
    [InlineData("{\"name\":", "Invalid JSON.")]
    [InlineData("[1,2]", "must be a JSON object")]
    [InlineData("{\"nosuchcolumn\":1}", "The property 'nosuchcolumn' does not exist on type 'Microsoft.Dynamics.CRM.account'.")]
    [InlineData("{\"name\":\"x\",\"numberofemployees\":\"ten\"}", "Cannot convert the literal '\"ten\"' to the expected type 'Edm.Int32'.")]
    [InlineData("{\"name\":\"x\",\"_primarycontactid_value\":\"00000000-0000-0000-0000-000000000001\"}", "Use Navigation properties instead.")]
    [InlineData("{\"name\":\"x\",\"primarycontactid@odata.bind\":\"/accounts(00000000-0000-0000-0000-000000000001)\"}", "not a 'contact'")]
    public async Task A_bad_body_is_400_payload_error_and_writes_nothing(string json, string wording)
    {
        var before = _s.Org.Count("account");
        var message = AssertError(await _s.SendAsync(HttpMethod.Post, "accounts", json), 400, "0x80048d19");
        Assert.StartsWith("Error identified in Payload provided by the user for Entity :'accounts'", message);
        Assert.Contains(wording, message);
        Assert.Equal(before, _s.Org.Count("account"));
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_and_writes_nothing()
    {
        var before = _s.Org.Count("account");
        var big = "{\"name\":\"" + new string('x', 70 * 1024) + "\"}";
        AssertError(await _s.SendAsync(HttpMethod.Post, "accounts", big), 413, "0x0");
        Assert.Equal(before, _s.Org.Count("account"));
    }

    [Fact]
    public async Task Another_host_header_and_another_origin_are_refused()
    {
        using var wrongHost = new HttpRequestMessage(HttpMethod.Get, _s.Api + "accounts?$select=name");
        wrongHost.Headers.Host = "attacker.example:" + _s.Host.Port;
        var response = await _s.Http.SendAsync(wrongHost);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);

        var crossOrigin = await _s.GetAsync("accounts?$select=name", ("Origin", "http://attacker.example"));
        AssertError(crossOrigin, 403, "0x0");
        Assert.False(crossOrigin.Response.Headers.Contains("Access-Control-Allow-Origin"));

        using var preflight = new HttpRequestMessage(HttpMethod.Options, _s.Api + "accounts");
        preflight.Headers.Add("Origin", "http://attacker.example");
        preflight.Headers.Add("Access-Control-Request-Method", "PATCH");
        var answer = await _s.Http.SendAsync(preflight);
        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
        Assert.False(answer.Headers.Contains("Access-Control-Allow-Origin"));

        var sameOrigin = await _s.GetAsync("accounts?$select=name&$top=1", ("Origin", _s.Host.Address));
        Assert.Equal(200, sameOrigin.Status);
    }

    [Fact]
    public async Task A_port_in_use_is_a_clear_error_naming_it()
    {
        var error = await Assert.ThrowsAsync<IOException>(() => WebApiHost.StartAsync(new WebApiHostOptions
        {
            Organization = _s.Org, SolutionZip = _s.Zip, Users = _s.Users, Port = _s.Host.Port,
        }));
        Assert.Contains($"Port {_s.Host.Port}", error.Message);
        Assert.Contains("already in use", error.Message);
    }
}
