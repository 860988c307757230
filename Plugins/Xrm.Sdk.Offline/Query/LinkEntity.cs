namespace Microsoft.Xrm.Sdk.Query
{
    using System.Runtime.Serialization;

    /// <summary>A join from one table to another in a QueryExpression.</summary>
    [DataContract(Name = "LinkEntity", Namespace = XrmNamespaces.Contracts2011)]
    public sealed class LinkEntity : IExtensibleDataObject
    {
        private ColumnSet columns;
        private DataCollection<LinkEntity> linkEntities;
        private DataCollection<OrderExpression> orders;

        public LinkEntity()
            : this(null, null, null, null, JoinOperator.Inner)
        {
        }

        public LinkEntity(string linkFromEntityName, string linkToEntityName, string linkFromAttributeName, string linkToAttributeName, JoinOperator joinOperator)
        {
            LinkFromEntityName = linkFromEntityName;
            LinkToEntityName = linkToEntityName;
            LinkFromAttributeName = linkFromAttributeName;
            LinkToAttributeName = linkToAttributeName;
            JoinOperator = joinOperator;
            columns = new ColumnSet();
            LinkCriteria = new FilterExpression();
        }

        [DataMember]
        public string LinkFromAttributeName { get; set; }

        [DataMember]
        public string LinkFromEntityName { get; set; }

        [DataMember]
        public string LinkToEntityName { get; set; }

        [DataMember]
        public string LinkToAttributeName { get; set; }

        [DataMember]
        public JoinOperator JoinOperator { get; set; }

        [DataMember]
        public FilterExpression LinkCriteria { get; set; }

        [DataMember]
        public DataCollection<LinkEntity> LinkEntities
        {
            get => linkEntities ?? (linkEntities = new DataCollection<LinkEntity>());
            private set => linkEntities = value;
        }

        [DataMember]
        public ColumnSet Columns
        {
            get => columns ?? (columns = new ColumnSet());
            set => columns = value;
        }

        [DataMember]
        public string EntityAlias { get; set; }

        [DataMember(Order = 80)]
        public DataCollection<OrderExpression> Orders
        {
            get => orders ?? (orders = new DataCollection<OrderExpression>());
            private set => orders = value;
        }

        public ExtensionDataObject ExtensionData { get; set; }

        public LinkEntity AddLink(string linkToEntityName, string linkFromAttributeName, string linkToAttributeName) =>
            AddLink(linkToEntityName, linkFromAttributeName, linkToAttributeName, JoinOperator.Inner);

        // Microsoft's SDK sets the nested link's LinkFromEntityName to this link's LinkFromEntityName (not its
        // LinkToEntityName); kept as is so queries built here look the same as in Dataverse.
        public LinkEntity AddLink(string linkToEntityName, string linkFromAttributeName, string linkToAttributeName, JoinOperator joinOperator)
        {
            var link = new LinkEntity(LinkFromEntityName, linkToEntityName, linkFromAttributeName, linkToAttributeName, joinOperator);
            LinkEntities.Add(link);
            return link;
        }
    }
}
