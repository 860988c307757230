namespace Microsoft.Xrm.Sdk.Query
{
    using System;
    using System.Collections;
    using System.Runtime.Serialization;

    /// <summary>A condition on a column: column, operator and values (or, with CompareColumns, other columns).</summary>
    [DataContract(Name = "ConditionExpression", Namespace = XrmNamespaces.Contracts2011)]
    public sealed class ConditionExpression : IExtensibleDataObject
    {
        private static readonly object[] NoValues = new object[0];
        private DataCollection<object> values;

        public ConditionExpression()
        {
        }

        public ConditionExpression(string attributeName, ConditionOperator conditionOperator, params object[] values)
            : this(null, attributeName, conditionOperator, values)
        {
        }

        public ConditionExpression(string entityName, string attributeName, ConditionOperator conditionOperator, params object[] values)
        {
            EntityName = entityName;
            AttributeName = attributeName;
            Operator = conditionOperator;
            if (values != null) this.values = new DataCollection<object>(values);
        }

        public ConditionExpression(string entityName, string attributeName, ConditionOperator conditionOperator, bool compareColumns, object[] values)
            : this(entityName, attributeName, conditionOperator, values)
        {
            CompareColumns = compareColumns;
        }

        public ConditionExpression(string entityName, string attributeName, ConditionOperator conditionOperator, bool compareColumns, object value)
            : this(entityName, attributeName, conditionOperator, compareColumns, new[] { value })
        {
        }

        public ConditionExpression(string attributeName, ConditionOperator conditionOperator, bool compareColumns, object value)
            : this(null, attributeName, conditionOperator, compareColumns, new[] { value })
        {
        }

        public ConditionExpression(string attributeName, ConditionOperator conditionOperator, bool compareColumns, object[] values)
            : this(null, attributeName, conditionOperator, compareColumns, values)
        {
        }

        public ConditionExpression(string attributeName, ConditionOperator conditionOperator, object value)
            : this(attributeName, conditionOperator, new[] { value })
        {
        }

        public ConditionExpression(string entityName, string attributeName, ConditionOperator conditionOperator, object value)
            : this(entityName, attributeName, conditionOperator, new[] { value })
        {
        }

        public ConditionExpression(string attributeName, ConditionOperator conditionOperator)
            : this(null, attributeName, conditionOperator, NoValues)
        {
        }

        public ConditionExpression(string entityName, string attributeName, ConditionOperator conditionOperator)
            : this(entityName, attributeName, conditionOperator, NoValues)
        {
        }

        // Collections (a Guid[] for In, say) are spread into the values rather than kept as one value.
        public ConditionExpression(string attributeName, ConditionOperator conditionOperator, ICollection values)
        {
            AttributeName = attributeName;
            Operator = conditionOperator;
            if (values == null) return;
            this.values = new DataCollection<object>();
            foreach (object value in values)
            {
                this.values.Add(value);
            }
        }

        /// <summary>The name or alias of the link entity the condition's column belongs to (null: the query's table).</summary>
        [DataMember(Order = 60)]
        public string EntityName { get; set; }

        [DataMember]
        public bool CompareColumns { get; set; }

        [DataMember]
        public string AttributeName { get; set; }

        [DataMember]
        public ConditionOperator Operator { get; set; }

        [DataMember]
        public DataCollection<object> Values
        {
            get => values ?? (values = new DataCollection<object>());
            private set => values = value;
        }

        public ExtensionDataObject ExtensionData { get; set; }
    }
}
