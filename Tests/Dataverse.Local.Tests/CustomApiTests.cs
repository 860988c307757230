using Dataverse.Local.Tests.Plugins;
using Microsoft.Xrm.Sdk;
using WinBack.Packaging.Model;

namespace Dataverse.Local.Tests;

public sealed class CustomApiTests
{
    private static LocalOrganization OrganizationWithScoreApi(string? privilege = null) => new TestSolution()
        .CustomApi(new CustomApiModel
        {
            UniqueName = "wb_ScoreAccount",
            BindingType = 1,
            BoundTable = "account",
            PluginTypeName = typeof(ScoreAccountApi).FullName,
            ExecutePrivilegeName = privilege,
            RequestParameters =
            {
                new CustomApiParameterModel { UniqueName = "Factor", Type = CustomApiFieldType.Integer },
                new CustomApiParameterModel { UniqueName = "Reason", Type = CustomApiFieldType.String, IsOptional = true },
            },
            ResponseProperties =
            {
                new CustomApiParameterModel { UniqueName = "Score", Type = CustomApiFieldType.Integer },
                new CustomApiParameterModel { UniqueName = "Explanation", Type = CustomApiFieldType.String },
            },
        })
        .Step<ContextTracer>("wb_ScoreAccount", "account", stage: 40)
        .Build();

    private static OrganizationRequest Score(Guid account, object? factor)
    {
        var request = new OrganizationRequest("wb_ScoreAccount") { ["Target"] = new EntityReference("account", account) };
        if (factor is not null) request["Factor"] = factor;
        return request;
    }

    [Fact]
    public void A_bound_Custom_API_runs_its_plug_in_as_the_main_operation_and_returns_its_response_properties()
    {
        using var org = OrganizationWithScoreApi();
        var account = org.Service.Create(new Entity("account") { ["name"] = "Contoso", ["numberofemployees"] = 7 });

        var response = org.Service.Execute(Score(account, 3));

        Assert.Equal("wb_ScoreAccount", response.ResponseName);
        Assert.Equal(21, response["Score"]);
        Assert.Equal("stage 30, message wb_ScoreAccount", response["Explanation"]);
        Assert.Contains(org.Traces, t => t.PluginType.EndsWith(nameof(ContextTracer)) && t.Text.Contains("message=wb_ScoreAccount table=account stage=40"));
    }

    [Fact]
    public void A_missing_required_parameter_is_refused_before_any_plug_in_runs()
    {
        using var org = OrganizationWithScoreApi();
        var account = org.Service.Create(new Entity("account") { ["name"] = "Contoso" });

        var fault = Expect.Fault(() => org.Service.Execute(Score(account, null)));

        Assert.Equal(ErrorCodes.RequiredFieldMissing, fault.ErrorCode);
        Assert.Contains("'Factor'", fault.Message);
        Assert.Empty(org.Traces);
    }

    [Fact]
    public void A_parameter_of_the_wrong_type_is_refused()
    {
        using var org = OrganizationWithScoreApi();
        var account = org.Service.Create(new Entity("account") { ["name"] = "Contoso" });

        var fault = Expect.Fault(() => org.Service.Execute(Score(account, "three")));

        Assert.Equal(ErrorCodes.InvalidArgument, fault.ErrorCode);
        Assert.Contains("expects Integer", fault.Message);
    }

    [Fact]
    public void A_bound_Custom_API_needs_a_target_that_exists()
    {
        using var org = OrganizationWithScoreApi();

        var fault = Expect.Fault(() => org.Service.Execute(Score(Guid.NewGuid(), 2)));

        Assert.Equal(ErrorCodes.ObjectDoesNotExist, fault.ErrorCode);
    }

    [Fact]
    public void The_execute_privilege_of_a_Custom_API_is_enforced()
    {
        using var org = OrganizationWithScoreApi(privilege: "prvReadwb_disengagementhistory");
        var account = org.Service.Create(new Entity("account") { ["name"] = "Contoso" });
        var rep = org.AddUser("Riley Rep");

        var fault = Expect.Fault(() => org.GetService(rep).Execute(Score(account, 2)));

        Assert.Equal(ErrorCodes.PrivilegeDenied, fault.ErrorCode);
    }

    [Fact]
    public void An_unknown_message_is_not_supported()
    {
        using var org = new LocalOrganization();

        var fault = Expect.Fault(() => org.Service.Execute(new OrganizationRequest("wb_NoSuchApi")));

        Assert.Equal(ErrorCodes.NotSupported, fault.ErrorCode);
    }
}
