namespace Microsoft.Xrm.Sdk.Query
{
    using System.Runtime.Serialization;

    /// <summary>A group of conditions and nested filters combined with And (the default) or Or.</summary>
    [DataContract(Name = "FilterExpression", Namespace = XrmNamespaces.Contracts2011)]
    public sealed class FilterExpression : IExtensibleDataObject
    {
        private DataCollection<ConditionExpression> conditions;
        private DataCollection<FilterExpression> filters;

        public FilterExpression()
        {
        }

        public FilterExpression(LogicalOperator filterOperator)
        {
            FilterOperator = filterOperator;
        }

        [DataMember]
        public LogicalOperator FilterOperator { get; set; }

        [DataMember(Order = 82, EmitDefaultValue = false)]
        public string FilterHint { get; set; }

        [DataMember]
        public DataCollection<ConditionExpression> Conditions
        {
            get => conditions ?? (conditions = new DataCollection<ConditionExpression>());
            private set => conditions = value;
        }

        [DataMember]
        public DataCollection<FilterExpression> Filters
        {
            get => filters ?? (filters = new DataCollection<FilterExpression>());
            private set => filters = value;
        }

        [DataMember(Order = 51, EmitDefaultValue = false)]
        public bool IsQuickFindFilter { get; set; }

        public ExtensionDataObject ExtensionData { get; set; }

        public void AddCondition(string attributeName, ConditionOperator conditionOperator, params object[] values) =>
            Conditions.Add(new ConditionExpression(attributeName, conditionOperator, values));

        public void AddCondition(string entityName, string attributeName, ConditionOperator conditionOperator, params object[] values) =>
            Conditions.Add(new ConditionExpression(entityName, attributeName, conditionOperator, values));

        public void AddCondition(string attributeName, ConditionOperator conditionOperator, bool compareColumns, object[] values) =>
            Conditions.Add(new ConditionExpression(attributeName, conditionOperator, compareColumns, values));

        public void AddCondition(string entityName, string attributeName, ConditionOperator conditionOperator, bool compareColumns, object[] values) =>
            Conditions.Add(new ConditionExpression(entityName, attributeName, conditionOperator, compareColumns, values));

        public void AddCondition(string attributeName, ConditionOperator conditionOperator, bool compareColumns, object value) =>
            Conditions.Add(new ConditionExpression(attributeName, conditionOperator, compareColumns, new[] { value }));

        public void AddCondition(string entityName, string attributeName, ConditionOperator conditionOperator, bool compareColumns, object value) =>
            Conditions.Add(new ConditionExpression(entityName, attributeName, conditionOperator, compareColumns, new[] { value }));

        public void AddCondition(ConditionExpression condition) => Conditions.Add(condition);

        public FilterExpression AddFilter(LogicalOperator logicalOperator)
        {
            var child = new FilterExpression(logicalOperator);
            Filters.Add(child);
            return child;
        }

        public void AddFilter(FilterExpression childFilter)
        {
            if (childFilter != null) Filters.Add(childFilter);
        }
    }
}
