using System.ServiceModel;
using Microsoft.Xrm.Sdk;

namespace Dataverse.Local;

/// <summary>
/// Dataverse's error codes (Microsoft Learn, "Web service error codes") and the faults this organization raises
/// with them, shaped as the SDK's callers catch them: <c>FaultException&lt;OrganizationServiceFault&gt;</c>.
/// </summary>
public static class ErrorCodes
{
    /// <summary>RequiredFieldMissing: "Required field missing."</summary>
    public const int RequiredFieldMissing = unchecked((int)0x80040200);          // -2147220992
    /// <summary>InvalidArgument: "Invalid argument."</summary>
    public const int InvalidArgument = unchecked((int)0x80040203);               // -2147220989
    /// <summary>ObjectDoesNotExist: "The specified object was not found."</summary>
    public const int ObjectDoesNotExist = unchecked((int)0x80040217);            // -2147220969
    /// <summary>PrivilegeDenied: "The user does not hold the necessary privileges."</summary>
    public const int PrivilegeDenied = unchecked((int)0x80040220);               // -2147220960
    /// <summary>IsvUnExpected: "An unexpected error occurred from ISV code."</summary>
    public const int IsvUnExpected = unchecked((int)0x80040224);                 // -2147220956
    /// <summary>CannotDeleteDueToAssociation: "The object you tried to delete is associated with another object and cannot be deleted."</summary>
    public const int CannotDeleteDueToAssociation = unchecked((int)0x80040227);  // -2147220953
    /// <summary>DuplicateRecord: "A record with matching key values already exists."</summary>
    public const int DuplicateRecord = unchecked((int)0x80040237);               // -2147220937
    /// <summary>IsvAborted: "ISV code aborted the operation." (InvalidPluginExecutionException)</summary>
    public const int IsvAborted = unchecked((int)0x80040265);                    // -2147220891
    /// <summary>NotSupported: "This action is not supported."</summary>
    public const int NotSupported = unchecked((int)0x80040315);                  // -2147220715
    /// <summary>QueryBuilderNoEntity: "The specified entity was not found."</summary>
    public const int QueryBuilderNoEntity = unchecked((int)0x80041102);          // -2147217150
    /// <summary>QueryBuilderNoAttribute: "The specified attribute does not exist on this entity."</summary>
    public const int QueryBuilderNoAttribute = unchecked((int)0x80041103);       // -2147217149
    /// <summary>SdkCorrelationTokenDepthTooHigh: the infinite-loop guard (Depth above 8).</summary>
    public const int SdkCorrelationTokenDepthTooHigh = unchecked((int)0x80044182); // -2147204734
    /// <summary>StringLengthTooLong / out-of-range values: "A validation error occurred."</summary>
    public const int ValidationError = unchecked((int)0x80044331);               // -2147204303
    /// <summary>PicklistValueOutOfRange: "The picklist value is out of the range."</summary>
    public const int PicklistValueOutOfRange = unchecked((int)0x8004431A);       // -2147204326
    /// <summary>Record-level access check failure (SecLib::AccessCheckEx).</summary>
    public const int AccessCheckFailed = unchecked((int)0x80048306);             // -2147187962
    /// <summary>IsvTransactionCount: a plug-in caught a failed organization service call and went on.</summary>
    public const int IsvTransactionCount = unchecked((int)0x8009000C);           // -2146893812
    /// <summary>A change to a resolved case other than reactivating it: "This case has already been resolved. ..."</summary>
    public const int CaseAlreadyResolved = unchecked((int)0x800404CF);          // -2147220273
    /// <summary>ConcurrencyVersionMismatch: the row changed since the caller read the RowVersion it sent.</summary>
    public const int ConcurrencyVersionMismatch = unchecked((int)0x80060882);   // -2147088254
    /// <summary>ConcurrencyVersionNotProvided: IfRowVersionMatches without a RowVersion.</summary>
    public const int ConcurrencyVersionNotProvided = unchecked((int)0x80060883); // -2147088253
    /// <summary>InvalidStateCodeStatusCode: a status reason that does not belong to the state.</summary>
    public const int InvalidStateCodeStatusCode = unchecked((int)0x80048408);    // -2147187704
}

public static class Faults
{
    public static FaultException<OrganizationServiceFault> Create(int errorCode, string message, string? traceText = null,
        IEnumerable<KeyValuePair<string, object>>? details = null)
    {
        var fault = new OrganizationServiceFault
        {
            ErrorCode = errorCode,
            Message = message,
            Timestamp = DateTime.UtcNow,
            TraceText = traceText,
        };
        if (details is not null)
            foreach (var pair in details) fault.ErrorDetails[pair.Key] = pair.Value;
        return new FaultException<OrganizationServiceFault>(fault, new FaultReason(fault.Message));
    }

    public static FaultException<OrganizationServiceFault> NoTable(string table) =>
        Create(ErrorCodes.QueryBuilderNoEntity,
            $"The entity with a name = '{table}' with namemapping = 'Logical' was not found in the MetadataCache.");

    public static FaultException<OrganizationServiceFault> NoColumn(string table, string column) =>
        Create(ErrorCodes.QueryBuilderNoAttribute,
            $"'{table}' entity doesn't contain attribute with Name = '{column}' and NameMapping = 'Logical'.");

    public static FaultException<OrganizationServiceFault> NotFound(string table, Guid id) =>
        Create(ErrorCodes.ObjectDoesNotExist, $"Entity '{table}' With Id = {id:D} Does Not Exist");

    public static FaultException<OrganizationServiceFault> WrongType(string table, string column, object value, string expected) =>
        Create(ErrorCodes.InvalidArgument,
            $"Incorrect attribute value type {value.GetType().FullName}",
            $"Column '{column}' of table '{table}' expects {expected}.");

    public static FaultException<OrganizationServiceFault> RequiredMissing(string table, string column) =>
        Create(ErrorCodes.RequiredFieldMissing, $"Required field missing: '{column}' on {table} must have a value.");

    public static FaultException<OrganizationServiceFault> Argument(string message) => Create(ErrorCodes.InvalidArgument, message);

    public static FaultException<OrganizationServiceFault> DepthExceeded() =>
        Create(ErrorCodes.SdkCorrelationTokenDepthTooHigh,
            "This workflow job was canceled because the workflow that started it included an infinite loop. " +
            "Correct the workflow logic and try again. For information about workflow logic, see Help.");

    public static FaultException<OrganizationServiceFault> RestrictedDelete(string table, Guid id, string relationship, string childTable) =>
        Create(ErrorCodes.CannotDeleteDueToAssociation,
            "The object you tried to delete is associated with another object and cannot be deleted.",
            $"{table} {id:D} is referenced by {childTable} rows through {relationship} (cascade delete: Restrict).");

    /// <summary>
    /// The operation ran past its time limit (Learn, "Analyze plug-in performance": Dataverse throws a TimeoutException
    /// and rolls the whole operation back). The code is the one Dataverse gives an unexpected plug-in failure; the
    /// wording names the limit.
    /// </summary>
    public static FaultException<OrganizationServiceFault> TimedOut(TimeSpan limit) =>
        Create(ErrorCodes.IsvUnExpected,
            $"System.TimeoutException: The operation did not complete within its {FormatLimit(limit)} limit (a message with its synchronous plug-ins). " +
            "It was cancelled and rolled back. Make the plug-ins do less per call (page the work) or run them asynchronously.");

    private static string FormatLimit(TimeSpan limit) =>
        limit.TotalMinutes >= 1 && limit.Seconds == 0 && limit.Milliseconds == 0
            ? $"{(int)limit.TotalMinutes}-minute"
            : $"{limit.TotalMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} ms";

    /// <summary>
    /// A message the table does not offer (Dataverse lists a table's messages in sdkmessagefilter; Learn, in each table's
    /// "table/entity reference"): NotSupported, "The 'X' method does not support entities of type 'y'.", then what to do.
    /// </summary>
    public static FaultException<OrganizationServiceFault> MessageNotSupported(string message, string table, string whatToDo) =>
        Create(ErrorCodes.NotSupported, $"The '{message}' method does not support entities of type '{table}'. {whatToDo}");

    public static FaultException<OrganizationServiceFault> Duplicate(string table, Guid id) =>
        Create(ErrorCodes.DuplicateRecord, $"Cannot insert duplicate key. A record of {table} with id {id:D} already exists.");
}
