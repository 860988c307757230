namespace Microsoft.Xrm.Sdk.Query
{
    using System;
    using System.Runtime.Serialization;

    /// <summary>The columns a query or retrieve returns.</summary>
    [DataContract(Name = "ColumnSet", Namespace = XrmNamespaces.Contracts2011)]
    public sealed class ColumnSet : IExtensibleDataObject
    {
        private DataCollection<string> columns;
        private DataCollection<XrmAttributeExpression> attributeExpressions;

        public ColumnSet()
        {
        }

        public ColumnSet(bool allColumns)
        {
            AllColumns = allColumns;
        }

        public ColumnSet(params string[] columns)
        {
            this.columns = new DataCollection<string>(columns);
        }

        [DataMember]
        public bool AllColumns { get; set; }

        [DataMember]
        public DataCollection<string> Columns
        {
            get => columns ?? (columns = new DataCollection<string>());
            set => columns = value;
        }

        [DataMember]
        public DataCollection<XrmAttributeExpression> AttributeExpressions
        {
            get => attributeExpressions ?? (attributeExpressions = new DataCollection<XrmAttributeExpression>());
            set => attributeExpressions = value;
        }

        public bool HasLazyFileAttribute { get; set; }

        public string LazyFileAttributeEntityName { get; set; }

        public string LazyFileAttributeKey { get; set; }

        public Lazy<object> LazyFileAttributeValue { get; set; }

        public int LazyFileAttributeSizeLimit { get; set; }

        public ExtensionDataObject ExtensionData { get; set; }

        public void AddColumns(params string[] columns)
        {
            foreach (string column in columns)
            {
                Columns.Add(column);
            }
        }

        public void AddColumn(string column) => Columns.Add(column);
    }

    /// <summary>A column of an aggregate query: the column, its aggregate, alias, grouping.</summary>
    [DataContract(Name = "AttributeExpression", Namespace = XrmNamespaces.Contracts2011)]
    public sealed class XrmAttributeExpression : IExtensibleDataObject
    {
        public XrmAttributeExpression()
            : this(null, XrmAggregateType.None, null)
        {
        }

        public XrmAttributeExpression(string attributeName)
        {
            AttributeName = attributeName;
        }

        // Microsoft's two-argument constructor keeps only the column name; the aggregate is set through the property.
        public XrmAttributeExpression(string attributeName, XrmAggregateType aggregateType)
        {
            AttributeName = attributeName;
        }

        public XrmAttributeExpression(string attributeName, XrmAggregateType aggregateType, string alias)
        {
            AttributeName = attributeName;
            AggregateType = aggregateType;
            Alias = alias;
        }

        public XrmAttributeExpression(string attributeName, XrmAggregateType aggregateType, string alias, XrmDateTimeGrouping dateTimeGrouping)
            : this(attributeName, aggregateType, alias)
        {
            DateTimeGrouping = dateTimeGrouping;
        }

        [DataMember]
        public string AttributeName { get; set; }

        [DataMember]
        public XrmAggregateType AggregateType { get; set; }

        [DataMember]
        public string Alias { get; set; }

        [DataMember]
        public bool HasGroupBy { get; set; }

        [DataMember]
        public XrmDateTimeGrouping DateTimeGrouping { get; set; }

        public ExtensionDataObject ExtensionData { get; set; }
    }
}
