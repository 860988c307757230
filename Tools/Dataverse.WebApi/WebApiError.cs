using System.Globalization;
using System.ServiceModel;
using Dataverse.Local;
using Microsoft.Xrm.Sdk;

namespace Dataverse.WebApi;

/// <summary>
/// An error as the Web API returns it: the HTTP status and {"error":{"code":"0x...","message":"..."}}.
/// Follows Learn, "Compose HTTP requests and handle errors" (error shape) and "Troubleshoot Dataverse Web API
/// client errors" (Resource not found for the segment: 404 0x8006088a; Could not find a property named ...: 400 0x0).
/// </summary>
public sealed class WebApiError : Exception
{
    public WebApiError(int status, string code, string message) : base(message)
    {
        Status = status;
        Code = code;
    }

    public int Status { get; }
    public string Code { get; }

    /// <summary>The code Dataverse's OData layer gives a query it cannot parse or apply.</summary>
    public const string QueryCode = "0x80060888";
    /// <summary>The code of a request body Dataverse cannot read ("Error identified in Payload provided by the user ...").</summary>
    public const string PayloadCode = "0x80048d19";

    public static WebApiError SegmentNotFound(string segment) =>
        new(404, "0x8006088a", $"Resource not found for the segment '{segment}'.");

    public static WebApiError NoProperty(string property, string table) =>
        new(400, "0x0", $"Could not find a property named '{property}' on type 'Microsoft.Dynamics.CRM.{table}'.");

    public static WebApiError Query(string message) => new(400, QueryCode, message);

    /// <summary>A body Dataverse cannot read: its wording ends with the OData reader's own message.</summary>
    public static WebApiError Payload(string entitySet, string inner) =>
        new(400, PayloadCode, $"Error identified in Payload provided by the user for Entity :'{entitySet}', For more information on this error please follow this help link https://go.microsoft.com/fwlink/?linkid=2195293  ----> InnerException : Microsoft.OData.ODataException: {inner}");

    public static WebApiError MethodNotAllowed(string method) =>
        new(405, QueryCode, $"The requested resource does not support http method '{method}'.");

    /// <summary>An organization service fault as the Web API reports it: the fault's code in hex and its message.</summary>
    public static WebApiError FromFault(FaultException<OrganizationServiceFault> fault)
    {
        var code = fault.Detail?.ErrorCode ?? 0;
        var status = code switch
        {
            ErrorCodes.ObjectDoesNotExist => 404,
            ErrorCodes.PrivilegeDenied => 403,
            unchecked((int)0x80048306) => 403,   // SecLib::AccessCheckEx: the privilege's depth does not reach the row
            ErrorCodes.DuplicateRecord => 412,
            _ => 400,
        };
        return new WebApiError(status, "0x" + ((uint)code).ToString("x8", CultureInfo.InvariantCulture), fault.Detail?.Message ?? fault.Message);
    }
}
