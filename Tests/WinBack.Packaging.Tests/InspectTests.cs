using System.Text.Json;
using WinBack.Cli;

namespace WinBack.Packaging.Tests;

public sealed class InspectTests
{
    private static (int Code, string Output, string Error) Inspect(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = WinBack.Cli.Program.Run(new[] { "inspect" }.Concat(args).ToArray(), new CommandContext(output, error, Reference.RepoRoot));
        return (code, output.ToString(), error.ToString());
    }

    private static JsonElement InspectJson(string path)
    {
        var (code, output, error) = Inspect(path, "--json");
        Assert.True(code == 0, error);
        return JsonDocument.Parse(output).RootElement;
    }

    private static string[] Names(JsonElement array, string property) =>
        array.EnumerateArray().Select(e => e.GetProperty(property).GetString()!).ToArray();

    [SkippableTheory]
    [InlineData("dataverse-ify-unmanaged")]
    [InlineData("dataverse-ify-managed")]
    [InlineData("approvals-kit-unpacked")]
    [InlineData("ppds-demo-unpacked")]
    [InlineData("emr-custom-activity-entity.xml")]
    public void Every_real_export_inspects_without_error_in_text_and_json(string export)
    {
        var text = Inspect(Reference.Export(export));
        Assert.True(text.Code == 0, text.Error);
        Assert.Contains("Steps (", text.Output);

        var json = InspectJson(Reference.Export(export));
        foreach (var array in new[] { "tables", "columns", "pluginTypes", "steps", "customApis", "webResources", "roles", "environmentVariables" })
        {
            Assert.Equal(JsonValueKind.Array, json.GetProperty(array).ValueKind);
        }
    }

    [SkippableFact]
    public void The_ppds_steps_are_named_by_message_with_their_filtering_attributes_and_image()
    {
        var json = InspectJson(Reference.Export("ppds-demo-unpacked"));

        var steps = json.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(new[] { "Update", "Create" }, steps.Select(s => s.GetProperty("message").GetString()));
        var update = steps[0];
        Assert.Equal("account", update.GetProperty("table").GetString());
        Assert.Equal(40, update.GetProperty("stage").GetInt32());
        Assert.Equal(1, update.GetProperty("mode").GetInt32());
        Assert.Equal(new[] { "name", "telephone1", "revenue" }, update.GetProperty("filteringAttributes").EnumerateArray().Select(a => a.GetString()));
        var image = Assert.Single(update.GetProperty("images").EnumerateArray());
        Assert.Equal("PreImage", image.GetProperty("entityAlias").GetString());
        Assert.Equal(0, image.GetProperty("imageType").GetInt32());
        Assert.Equal(new[] { "name", "telephone1", "revenue" }, image.GetProperty("attributes").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("PPDSDemo.Plugins.Plugins.AccountPreCreatePlugin", steps[1].GetProperty("pluginType").GetString());

        Assert.Equal(new[] { "ppds_/scripts/account.form.js" }, Names(json.GetProperty("webResources"), "name"));
        Assert.Equal(new[] { "ppds_ApiEndpoint" }, Names(json.GetProperty("environmentVariables"), "schemaName"));
        Assert.Equal(3, json.GetProperty("pluginTypes").GetArrayLength());
    }

    [SkippableFact]
    public void The_dataverse_ify_custom_apis_list_every_parameter_and_response_property()
    {
        var json = InspectJson(Reference.Export("dataverse-ify-unmanaged"));

        var apis = json.GetProperty("customApis").EnumerateArray().ToList();
        Assert.Equal(5, apis.Count);
        var bound = apis.Single(a => a.GetProperty("uniqueName").GetString() == "cdsify_BoundEcho");
        Assert.Equal(13, bound.GetProperty("requestParameters").GetArrayLength());
        Assert.Equal(13, bound.GetProperty("responseProperties").GetArrayLength());
        Assert.Equal("Entity", bound.GetProperty("bindingType").GetString());
        Assert.Equal(new[] { "cdsify_account1", "cdsify_multiselect" }, Names(json.GetProperty("columns"), "logicalName"));
        Assert.Equal(new[] { "account", "cdsify_integrationtest" }, Names(json.GetProperty("tables"), "logicalName"));
        Assert.Equal(5, json.GetProperty("pluginTypes").GetArrayLength());
    }

    [Fact]
    public void Our_built_zip_inspects_to_what_the_source_declares()
    {
        using var workspace = new Workspace().WithPlugins(Workspace.HealthyPlugins());
        var result = workspace.Pack(validateSchema: false);
        Assert.True(result.Succeeded, Workspace.Problems(result));

        var json = InspectJson(result.ManagedZip!);
        Assert.True(json.GetProperty("managed").GetBoolean());
        Assert.Equal(new[] { "Win-back Administrator", "Win-back Customer Success", "Win-back Sales Rep" }, Names(json.GetProperty("roles"), "name"));
        Assert.Equal(new[] { "wb_RecalculateDisengagement" }, Names(json.GetProperty("customApis"), "uniqueName"));
        Assert.Equal(15, json.GetProperty("columns").EnumerateArray().Count(c => c.GetProperty("table").GetString() == "account"));

        var text = Inspect(result.UnmanagedZip!).Output;
        Assert.Contains("Solution     WinBack 1.2.3.4 (unmanaged)", text);
        Assert.Contains("Update of account  PostOperation (40), synchronous, rank 1  -> Fixture.Plugins.ScoreOnAccountChange", text);
        Assert.Contains("filtering attributes: wb_renewalon, name", text);
        Assert.Contains("pre-image PreImage: wb_disengagementscore, wb_riskband", text);
        Assert.Contains("account.wb_riskband  Picklist [682400000 Healthy, 682400001 Watch, 682400002 At risk, 682400003 Disengaged]", text);
    }

    [Fact]
    public void Inspecting_nothing_or_a_missing_path_says_what_is_wrong()
    {
        var none = Inspect();
        Assert.Equal(2, none.Code);
        Assert.Contains("give the solution zip or folder to inspect", none.Error);

        var missing = Inspect("no/such/solution.zip");
        Assert.Equal(1, missing.Code);
        Assert.Contains("no/such/solution.zip: no such file or folder", missing.Error);
    }
}
