namespace Microsoft.Xrm.Sdk
{
    using System;
    using System.Collections.Generic;
    using Microsoft.Xrm.Sdk.Query;

    /// <summary>The value types that may travel inside attribute and parameter collections (data contract known types).</summary>
    internal static class KnownTypesProvider
    {
        private static readonly Type[] ValueTypes =
        {
            typeof(AliasedValue), typeof(Money), typeof(OptionSetValue), typeof(OptionSetValueCollection),
            typeof(EntityReference), typeof(EntityReferenceCollection), typeof(Entity), typeof(EntityCollection),
            typeof(EntityImageCollection), typeof(ParameterCollection), typeof(AttributeCollection),
            typeof(ColumnSet), typeof(QueryExpression), typeof(QueryByAttribute), typeof(FetchExpression), typeof(PagingInfo),
            typeof(Relationship), typeof(RelationshipQueryCollection), typeof(EntityRole), typeof(ConcurrencyBehavior),
            typeof(OrganizationRequest), typeof(OrganizationRequestCollection), typeof(OrganizationResponse),
            typeof(ExecuteMultipleSettings), typeof(ExecuteMultipleResponseItemCollection), typeof(OrganizationServiceFault),
            typeof(Guid[]), typeof(string[]), typeof(int[]), typeof(long[]), typeof(bool[]), typeof(decimal[]), typeof(double[]),
            typeof(DateTime[]), typeof(object[]), typeof(Entity[]), typeof(EntityReference[]), typeof(OptionSetValue[]),
            typeof(Money[]), typeof(EntityImageCollection[]),
        };

        public static IEnumerable<Type> KnownValueTypes() => ValueTypes;
    }
}
