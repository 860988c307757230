namespace Microsoft.Xrm.Sdk.Query
{
    using System.Runtime.Serialization;

    /// <summary>A query built from objects: table, columns, criteria, links, orders and paging.</summary>
    [DataContract(Name = "QueryExpression", Namespace = XrmNamespaces.Contracts2011)]
    public sealed class QueryExpression : QueryBase
    {
        private ColumnSet columnSet;
        private FilterExpression criteria;
        private DataCollection<OrderExpression> orders;
        private DataCollection<LinkEntity> linkEntities;
        private PagingInfo pageInfo;

        public QueryExpression()
            : this(null)
        {
        }

        public QueryExpression(string entityName)
        {
            EntityName = entityName;
        }

        [DataMember]
        public bool Distinct { get; set; }

        [DataMember(Order = 60)]
        public bool NoLock { get; set; }

        [DataMember(Order = 80)]
        public string QueryHints { get; set; }

        [DataMember(Order = 90)]
        public bool ForceSeek { get; set; }

        [DataMember]
        public PagingInfo PageInfo
        {
            get => pageInfo ?? (pageInfo = new PagingInfo());
            set => pageInfo = value;
        }

        [DataMember]
        public DataCollection<LinkEntity> LinkEntities
        {
            get => linkEntities ?? (linkEntities = new DataCollection<LinkEntity>());
            private set => linkEntities = value;
        }

        [DataMember]
        public FilterExpression Criteria
        {
            get => criteria ?? (criteria = new FilterExpression());
            set => criteria = value;
        }

        [DataMember]
        public DataCollection<OrderExpression> Orders
        {
            get => orders ?? (orders = new DataCollection<OrderExpression>());
            private set => orders = value;
        }

        [DataMember]
        public string EntityName { get; set; }

        [DataMember]
        public ColumnSet ColumnSet
        {
            get => columnSet ?? (columnSet = new ColumnSet());
            set => columnSet = value;
        }

        [DataMember(Order = 60)]
        public int? TopCount { get; set; }

        [DataMember(Order = 100)]
        public string DataSource { get; set; }

        public void AddOrder(string attributeName, OrderType orderType)
        {
            Orders.Add(new OrderExpression(attributeName, orderType));
        }

        public LinkEntity AddLink(string linkToEntityName, string linkFromAttributeName, string linkToAttributeName)
        {
            return AddLink(linkToEntityName, linkFromAttributeName, linkToAttributeName, JoinOperator.Inner);
        }

        public LinkEntity AddLink(string linkToEntityName, string linkFromAttributeName, string linkToAttributeName, JoinOperator joinOperator)
        {
            var link = new LinkEntity(EntityName, linkToEntityName, linkFromAttributeName, linkToAttributeName, joinOperator);
            LinkEntities.Add(link);
            return link;
        }
    }

    /// <summary>A query by column values (all conditions are equality, combined with And).</summary>
    [DataContract(Name = "QueryByAttribute", Namespace = XrmNamespaces.Contracts2011)]
    public sealed class QueryByAttribute : QueryBase
    {
        private ColumnSet columnSet;
        private DataCollection<string> attributes;
        private DataCollection<object> values;
        private DataCollection<OrderExpression> orders;

        public QueryByAttribute()
        {
        }

        public QueryByAttribute(string entityName)
        {
            EntityName = entityName;
        }

        [DataMember]
        public string EntityName { get; set; }

        [DataMember]
        public ColumnSet ColumnSet
        {
            get => columnSet ?? (columnSet = new ColumnSet());
            set => columnSet = value;
        }

        [DataMember]
        public DataCollection<string> Attributes
        {
            get => attributes ?? (attributes = new DataCollection<string>());
            private set => attributes = value;
        }

        [DataMember]
        public DataCollection<object> Values
        {
            get => values ?? (values = new DataCollection<object>());
            private set => values = value;
        }

        [DataMember]
        public DataCollection<OrderExpression> Orders
        {
            get => orders ?? (orders = new DataCollection<OrderExpression>());
            private set => orders = value;
        }

        [DataMember]
        public PagingInfo PageInfo { get; set; }

        [DataMember(Order = 60)]
        public int? TopCount { get; set; }

        public void AddAttributeValue(string attributeName, object value)
        {
            Attributes.Add(attributeName);
            Values.Add(value);
        }

        public void AddOrder(string attributeName, OrderType orderType)
        {
            Orders.Add(new OrderExpression(attributeName, orderType));
        }
    }
}
