namespace Microsoft.Xrm.Sdk.Query
{
    using System;
    using System.Collections;
    using System.Runtime.Serialization;

    /// <summary>A condition on a column: column, operator and values.</summary>
    [DataContract(Name = "ConditionExpression", Namespace = XrmNamespaces.Contracts2011)]
    public sealed class ConditionExpression : IExtensibleDataObject
    {
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
            if (values != null) Values.AddRange(values);
        }

        public ConditionExpression(string entityName, string attributeName, ConditionOperator conditionOperator)
            : this(entityName, attributeName, conditionOperator, new object[0])
        {
        }

        public ConditionExpression(string entityName, string attributeName, ConditionOperator conditionOperator, object value)
            : this(entityName, attributeName, conditionOperator, new[] { value })
        {
        }

        public ConditionExpression(string entityName, string attributeName, ConditionOperator conditionOperator, bool compareColumns, object value)
            : this(entityName, attributeName, conditionOperator, value)
        {
            CompareColumns = compareColumns;
        }

        public ConditionExpression(string entityName, string attributeName, ConditionOperator conditionOperator, bool compareColumns, object[] values)
            : this(entityName, attributeName, conditionOperator, values)
        {
            CompareColumns = compareColumns;
        }

        public ConditionExpression(string attributeName, ConditionOperator conditionOperator, object value)
            : this(null, attributeName, conditionOperator, value)
        {
        }

        public ConditionExpression(string attributeName, ConditionOperator conditionOperator, bool compareColumns, object value)
            : this(null, attributeName, conditionOperator, compareColumns, value)
        {
        }

        public ConditionExpression(string attributeName, ConditionOperator conditionOperator, bool compareColumns, object[] values)
            : this(null, attributeName, conditionOperator, compareColumns, values)
        {
        }

        public ConditionExpression(string attributeName, ConditionOperator conditionOperator)
            : this(null, attributeName, conditionOperator)
        {
        }

        public ConditionExpression(string attributeName, ConditionOperator conditionOperator, ICollection values)
        {
            AttributeName = attributeName;
            Operator = conditionOperator;
            if (values != null)
            {
                foreach (object value in values)
                {
                    Values.Add(value);
                }
            }
        }

        [DataMember(Order = 70)]
        public string EntityName { get; set; }

        [DataMember]
        public string AttributeName { get; set; }

        [DataMember]
        public ConditionOperator Operator { get; set; }

        [DataMember(Order = 80)]
        public bool CompareColumns { get; set; }

        [DataMember]
        public DataCollection<object> Values
        {
            get => values ?? (values = new DataCollection<object>());
            private set => values = value;
        }

        public ExtensionDataObject ExtensionData { get; set; }
    }
}
