using System.ServiceModel;
using Microsoft.Xrm.Sdk;

namespace Dataverse.Local.Query;

/// <summary>Faults the query engine raises, with Dataverse's error codes (Learn: "Web service error codes").</summary>
public static class QueryFaults
{
    public const int InvalidArgument = unchecked((int)0x80040203);                 // -2147220989
    public const int InvalidXml = unchecked((int)0x80040201);                      // -2147220991
    public const int QueryBuilderNoEntity = unchecked((int)0x80041102);            // -2147217150
    public const int QueryBuilderNoAttribute = unchecked((int)0x80041103);         // -2147217149
    public const int QueryBuilderInvalidConditionOperator = unchecked((int)0x80041120);
    public const int QueryBuilderInvalidJoinOperator = unchecked((int)0x80041121);
    public const int QueryBuilderInvalidFilterType = unchecked((int)0x80041122);
    public const int QueryBuilderDeserializeInvalidNode = unchecked((int)0x8004111c);
    public const int QueryBuilderDeserializeInvalidLinkType = unchecked((int)0x80041117);
    public const int QueryBuilderDeserializeInvalidDistinct = unchecked((int)0x80041115);
    public const int QueryBuilderDeserializeInvalidDescending = unchecked((int)0x80041119);
    public const int QueryBuilderDeserializeInvalidGroupBy = unchecked((int)0x8004112E);
    public const int QueryBuilderDeserializeInvalidNoLock = unchecked((int)0x80041118);
    public const int QueryBuilderDeserializeInvalidMapping = unchecked((int)0x80041116);
    public const int QueryBuilderDeserializeInvalidAggregate = unchecked((int)0x8004111a);
    public const int QueryBuilderDeserializeEmptyXml = unchecked((int)0x80041124);
    public const int QueryBuilderElementNotFound = unchecked((int)0x80041123);
    public const int QueryBuilderAttributeNotFound = unchecked((int)0x8004111e);
    public const int QueryBuilderAttributeWithAggregate = unchecked((int)0x80041107);
    public const int QueryBuilderInvalidAlias = unchecked((int)0x80041109);
    public const int QueryBuilderInvalidAggregateAttribute = unchecked((int)0x8004112F);
    public const int QueryBuilderInvalidDateGrouping = unchecked((int)0x80041135);
    public const int QueryBuilderDuplicateAlias = unchecked((int)0x80041130);
    public const int QueryBuilderAttributeCannotBeGroupByAndAggregate = unchecked((int)0x80041137);
    public const int QueryBuilderAttributeNotAllowedForAggregateOrderBy = unchecked((int)0x80041131);
    public const int QueryBuilderAliasNotAllowedForNonAggregateOrderBy = unchecked((int)0x80041132);
    public const int QueryBuilderAttributeRequiredForNonAggregateOrderBy = unchecked((int)0x80041133);
    public const int QueryBuilderAliasRequiredForAggregateOrderBy = unchecked((int)0x80041134);
    public const int QueryBuilderLinkAttributesTypeMismatch = unchecked((int)0x80041104);
    public const int QueryBuilderNoAlias = unchecked((int)0x8004110b);
    public const int QueryBuilderByAttributeNonEmpty = unchecked((int)0x80041110);
    public const int QueryBuilderByAttributeMismatch = unchecked((int)0x8004110f);
    public const int QueryBuilderInvalidPagingCookie = unchecked((int)0x8004112A);
    public const int OverRetrievalUpperLimitWithoutPagingCookie = unchecked((int)0x8004430A);
    public const int LinkEntitiesLimitExceeded = unchecked((int)0x8004430D);       // -2147204339
    public const int AggregateQueryRecordLimitExceeded = unchecked((int)0x8004E023); // -2147164125

    public static FaultException<OrganizationServiceFault> Create(int code, string message)
    {
        var fault = new OrganizationServiceFault { ErrorCode = code, Message = message, Timestamp = DateTime.UtcNow };
        return new FaultException<OrganizationServiceFault>(fault, new FaultReason(fault.Message));
    }

    internal static FaultException<OrganizationServiceFault> NoEntity(string table) =>
        Create(QueryBuilderNoEntity, $"The entity with a name = '{table}' with namemapping = 'Logical' was not found in the MetadataCache.");

    internal static FaultException<OrganizationServiceFault> NoAttribute(string table, string column) =>
        Create(QueryBuilderNoAttribute, $"'{table}' entity doesn't contain attribute with Name = '{column}' and NameMapping = 'Logical'.");

    internal static FaultException<OrganizationServiceFault> Argument(string message) => Create(InvalidArgument, message);

    internal static FaultException<OrganizationServiceFault> AggregateLimit() =>
        Create(AggregateQueryRecordLimitExceeded, "AggregateQueryRecordLimit exceeded. Cannot perform this operation.");
}
