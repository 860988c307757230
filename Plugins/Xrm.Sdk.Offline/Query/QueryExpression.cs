namespace Microsoft.Xrm.Sdk.Query
{
    using System.Runtime.Serialization;

    /// <summary>A query built from objects: table, columns, criteria, links, orders and paging.</summary>
    /// <remarks>A new query has an empty ColumnSet (no columns), an empty And filter and an empty PagingInfo.</remarks>
    [DataContract(Name = "QueryExpression", Namespace = XrmNamespaces.Contracts2011)]
    public sealed class QueryExpression : QueryBase
    {
        public static readonly QueryExpression Empty = new QueryExpression();

        private DataCollection<LinkEntity> linkEntities;
        private DataCollection<OrderExpression> orders;

        public QueryExpression()
            : this(null)
        {
        }

        public QueryExpression(string entityName)
        {
            EntityName = entityName;
            Criteria = new FilterExpression();
            PageInfo = new PagingInfo();
            ColumnSet = new ColumnSet();
        }

        [DataMember]
        public bool Distinct { get; set; }

        [DataMember(Order = 50)]
        public bool NoLock { get; set; }

        [DataMember(IsRequired = false, EmitDefaultValue = false)]
        public QueryExpression SubQueryExpression { get; set; }

        [DataMember]
        public PagingInfo PageInfo { get; set; }

        [DataMember(Order = 92, EmitDefaultValue = false)]
        public string QueryHints { get; set; }

        [DataMember(Order = 93, EmitDefaultValue = false)]
        public string DataSource { get; set; }

        [DataMember]
        public DataCollection<LinkEntity> LinkEntities
        {
            get => linkEntities ?? (linkEntities = new DataCollection<LinkEntity>());
            private set => linkEntities = value;
        }

        [DataMember]
        public FilterExpression Criteria { get; set; }

        [DataMember]
        public DataCollection<OrderExpression> Orders
        {
            get => orders ?? (orders = new DataCollection<OrderExpression>());
            private set => orders = value;
        }

        [DataMember]
        public string EntityName { get; set; }

        [DataMember]
        public ColumnSet ColumnSet { get; set; }

        [DataMember(Order = 50, EmitDefaultValue = false)]
        public int? TopCount { get; set; }

        public QueryExpression Accept(IQueryExpressionVisitor visitor) => visitor.Visit(this);

        public void AddOrder(string attributeName, OrderType orderType) => Orders.Add(new OrderExpression(attributeName, orderType));

        public void AddOrder(string attributeName, OrderType orderType, string alias, string entityName) =>
            Orders.Add(new OrderExpression(attributeName, orderType, alias, entityName));

        public LinkEntity AddLink(string linkToEntityName, string linkFromAttributeName, string linkToAttributeName) =>
            AddLink(linkToEntityName, linkFromAttributeName, linkToAttributeName, JoinOperator.Inner);

        public LinkEntity AddLink(string linkToEntityName, string linkFromAttributeName, string linkToAttributeName, JoinOperator joinOperator)
        {
            var link = new LinkEntity(EntityName, linkToEntityName, linkFromAttributeName, linkToAttributeName, joinOperator);
            LinkEntities.Add(link);
            return link;
        }
    }

    /// <summary>A query by column values: every listed column equals its value (And).</summary>
    /// <remarks>As in Microsoft's SDK, only the parameterless constructor creates ColumnSet and PageInfo.</remarks>
    [DataContract(Name = "QueryByAttribute", Namespace = XrmNamespaces.Contracts2011)]
    public sealed class QueryByAttribute : QueryBase
    {
        private DataCollection<string> attributes;
        private DataCollection<object> values;
        private DataCollection<OrderExpression> orders;

        public QueryByAttribute()
        {
            ColumnSet = new ColumnSet();
            PageInfo = new PagingInfo();
        }

        public QueryByAttribute(string entityName)
        {
            EntityName = entityName;
        }

        [DataMember]
        public string EntityName { get; set; }

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
        public PagingInfo PageInfo { get; set; }

        [DataMember]
        public ColumnSet ColumnSet { get; set; }

        [DataMember]
        public DataCollection<OrderExpression> Orders
        {
            get => orders ?? (orders = new DataCollection<OrderExpression>());
            private set => orders = value;
        }

        [DataMember(Order = 50)]
        public int? TopCount { get; set; }

        public void AddOrder(string attributeName, OrderType orderType) => Orders.Add(new OrderExpression(attributeName, orderType));

        public void AddAttributeValue(string attributeName, object value)
        {
            Attributes.Add(attributeName);
            Values.Add(value);
        }
    }
}
