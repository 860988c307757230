using System.ServiceModel;
using Microsoft.Xrm.Sdk;

namespace Xrm.Sdk.Offline.Tests;

public class FaultTests
{
    [Fact]
    public void A_fault_is_built_as_Dataverse_raises_it()
    {
        var fault = new OrganizationServiceFault
        {
            ErrorCode = -2147220969,
            Message = "account With Id = 00000000-0000-0000-0000-000000000001 Does Not Exist",
            Timestamp = new DateTime(2026, 11, 22, 10, 0, 0, DateTimeKind.Utc),
        };

        var error = new FaultException<OrganizationServiceFault>(fault, new FaultReason(fault.Message));

        Assert.Equal(fault.Message, error.Message);
        Assert.Same(fault, error.Detail);
        Assert.Equal(fault.Message, error.Reason.ToString());
        Assert.True(error.Code.IsSenderFault);
        Assert.IsAssignableFrom<CommunicationException>(error);
        Assert.IsAssignableFrom<FaultException>(error);
    }

    [Fact]
    public void A_fault_without_a_reason_says_so()
    {
        var error = new FaultException<OrganizationServiceFault>(new OrganizationServiceFault());

        Assert.Equal("The creator of this fault did not specify a Reason.", error.Message);
    }

    [Fact]
    public void A_fault_can_carry_details_an_inner_fault_and_the_plugin_trace()
    {
        var fault = new OrganizationServiceFault
        {
            ErrorCode = -2147220891,
            Message = "Close the remediation first.",
            TraceText = "[WinBack.Plugins] refused",
            InnerFault = new OrganizationServiceFault { ErrorCode = -2147220970, Message = "inner" },
        };
        fault.ErrorDetails["CallStack"] = "at WinBack";

        string text = fault.ToString();

        Assert.Contains("ErrorCode: 0x80040265", text);
        Assert.Contains("Message: Close the remediation first.", text);
        Assert.Contains("StackTrace: ", text);
        Assert.Contains("ErrorCode: 0x80040216", text);
        Assert.Equal("[WinBack.Plugins] refused", fault.TraceText);
        Assert.Equal(DateTime.MinValue, new OrganizationServiceFault().Timestamp);
    }

    [Fact]
    public void A_plugin_refusal_keeps_its_message_and_defaults_to_a_failed_status()
    {
        var refusal = new InvalidPluginExecutionException("Close the remediation first.");

        Assert.Equal("Close the remediation first.", refusal.Message);
        Assert.Equal(OperationStatus.Failed, refusal.Status);
        Assert.Equal(PluginHttpStatusCode.NotSet, refusal.HttpStatus);
        Assert.Equal(refusal.HResult, refusal.ErrorCode);
    }

    [Fact]
    public void A_plugin_refusal_can_carry_a_status_an_error_code_and_an_http_status()
    {
        var refusal = new InvalidPluginExecutionException(OperationStatus.Canceled, -2147220891, "No.", PluginHttpStatusCode.Conflict);
        var withCode = new InvalidPluginExecutionException(OperationStatus.Failed, 0, "No.");

        Assert.Equal(OperationStatus.Canceled, refusal.Status);
        Assert.Equal(-2147220891, refusal.ErrorCode);
        Assert.Equal(PluginHttpStatusCode.Conflict, refusal.HttpStatus);
        Assert.Equal(new Exception().HResult, withCode.ErrorCode);
        Assert.Equal(PluginHttpStatusCode.Forbidden, new InvalidPluginExecutionException("No.", PluginHttpStatusCode.Forbidden).HttpStatus);
        Assert.Equal(string.Empty, new InvalidPluginExecutionException(OperationStatus.Retry).Message);
    }

    [Fact]
    public void Wrapping_a_refusal_keeps_its_http_status()
    {
        var inner = new InvalidPluginExecutionException("No.", PluginHttpStatusCode.Forbidden);
        var outer = new InvalidPluginExecutionException("Wrapped.", inner);

        Assert.Same(inner, outer.InnerException);
        Assert.Equal(PluginHttpStatusCode.Forbidden, outer.HttpStatus);
        Assert.Equal(PluginHttpStatusCode.NotSet, new InvalidPluginExecutionException("Wrapped.", new InvalidOperationException()).HttpStatus);
    }

    [Fact]
    public void Fault_codes_and_reasons_behave_as_the_frameworks()
    {
        FaultCode receiver = FaultCode.CreateReceiverFaultCode("Internal", "urn:test");
        var reason = new FaultReason(new[] { new FaultReasonText("Bonjour", "fr-FR"), new FaultReasonText("Hello", "en-US") });

        Assert.True(receiver.IsReceiverFault);
        Assert.Equal("Internal", receiver.SubCode.Name);
        Assert.Equal("Hello", reason.GetMatchingTranslation(new System.Globalization.CultureInfo("en-US")).Text);
        Assert.Equal(2, reason.Translations.Count);
    }
}
