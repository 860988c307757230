namespace Microsoft.Xrm.Sdk.Query
{
    using System.Runtime.Serialization;

    /// <summary>The columns a query or retrieve returns.</summary>
    [DataContract(Name = "ColumnSet", Namespace = XrmNamespaces.Contracts2011)]
    public sealed class ColumnSet : IExtensibleDataObject
    {
        private DataCollection<string> columns;

        public ColumnSet()
        {
        }

        public ColumnSet(bool allColumns)
        {
            AllColumns = allColumns;
        }

        public ColumnSet(params string[] columns)
        {
            Columns.AddRange(columns);
        }

        [DataMember]
        public bool AllColumns { get; set; }

        [DataMember]
        public DataCollection<string> Columns
        {
            get => columns ?? (columns = new DataCollection<string>());
            private set => columns = value;
        }

        public ExtensionDataObject ExtensionData { get; set; }

        public void AddColumn(string column)
        {
            Columns.Add(column);
        }

        public void AddColumns(params string[] columns)
        {
            Columns.AddRange(columns);
        }
    }
}
