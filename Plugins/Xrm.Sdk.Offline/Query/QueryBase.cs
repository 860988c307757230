namespace Microsoft.Xrm.Sdk.Query
{
    using System.Runtime.Serialization;

    /// <summary>The base of the query types RetrieveMultiple accepts.</summary>
    [KnownType(typeof(QueryExpression))]
    [KnownType(typeof(QueryByAttribute))]
    [KnownType(typeof(FetchExpression))]
    [DataContract(Name = "QueryBase", Namespace = XrmNamespaces.Contracts2011)]
    public abstract class QueryBase : IExtensibleDataObject
    {
        public ExtensionDataObject ExtensionData { get; set; }
    }

    /// <summary>A query written in FetchXML.</summary>
    [DataContract(Name = "FetchExpression", Namespace = XrmNamespaces.Contracts2011)]
    public sealed class FetchExpression : QueryBase
    {
        public FetchExpression()
            : this(null)
        {
        }

        public FetchExpression(string query)
        {
            Query = query;
        }

        [DataMember]
        public string Query { get; set; }
    }

    /// <summary>Paging of a query: page size, page number and cookie.</summary>
    [DataContract(Name = "PagingInfo", Namespace = XrmNamespaces.Contracts2011)]
    public sealed class PagingInfo : IExtensibleDataObject
    {
        /// <summary>The page to return (1-based; 0 is treated as 1 by Dataverse).</summary>
        [DataMember]
        public int PageNumber { get; set; }

        /// <summary>Rows per page (0 means the default of 5,000).</summary>
        [DataMember]
        public int Count { get; set; }

        [DataMember]
        public bool ReturnTotalRecordCount { get; set; }

        /// <summary>The cookie of the previous page; null uses page-number paging.</summary>
        [DataMember]
        public string PagingCookie { get; set; }

        public ExtensionDataObject ExtensionData { get; set; }
    }

    /// <summary>A sort on a column.</summary>
    [DataContract(Name = "OrderExpression", Namespace = XrmNamespaces.Contracts2011)]
    public sealed class OrderExpression : IExtensibleDataObject
    {
        public OrderExpression()
        {
        }

        public OrderExpression(string attributeName, OrderType orderType)
        {
            AttributeName = attributeName;
            OrderType = orderType;
        }

        public OrderExpression(string attributeName, OrderType orderType, string alias)
            : this(attributeName, orderType)
        {
            Alias = alias;
        }

        public OrderExpression(string attributeName, OrderType orderType, string alias, string entityName)
            : this(attributeName, orderType, alias)
        {
            EntityName = entityName;
        }

        [DataMember]
        public string AttributeName { get; set; }

        [DataMember]
        public OrderType OrderType { get; set; }

        [DataMember]
        public string Alias { get; set; }

        [DataMember]
        public string EntityName { get; set; }

        public ExtensionDataObject ExtensionData { get; set; }
    }
}
