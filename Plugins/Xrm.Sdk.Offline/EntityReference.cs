namespace Microsoft.Xrm.Sdk
{
    using System;
    using System.Runtime.Serialization;

    /// <summary>A reference to a record: table logical name and id (or alternate key).</summary>
    [DataContract(Name = "EntityReference", Namespace = XrmNamespaces.Contracts2011)]
    public sealed class EntityReference : IExtensibleDataObject
    {
        private KeyAttributeCollection keyAttributes;

        public EntityReference()
        {
        }

        public EntityReference(string logicalName)
        {
            LogicalName = logicalName;
        }

        public EntityReference(string logicalName, Guid id)
        {
            LogicalName = logicalName;
            Id = id;
        }

        public EntityReference(string logicalName, string keyName, object keyValue)
        {
            LogicalName = logicalName;
            KeyAttributes[keyName] = keyValue;
        }

        public EntityReference(string logicalName, KeyAttributeCollection keyAttributeCollection)
        {
            LogicalName = logicalName;
            keyAttributes = keyAttributeCollection;
        }

        [DataMember]
        public Guid Id { get; set; }

        [DataMember]
        public string LogicalName { get; set; }

        [DataMember]
        public string Name { get; set; }

        [DataMember(Order = 70)]
        public KeyAttributeCollection KeyAttributes
        {
            get => keyAttributes ?? (keyAttributes = new KeyAttributeCollection());
            set => keyAttributes = value;
        }

        [DataMember(Order = 71)]
        public string RowVersion { get; set; }

        public ExtensionDataObject ExtensionData { get; set; }

        public override bool Equals(object obj)
        {
            var other = obj as EntityReference;
            if (other == null) return false;
            if (ReferenceEquals(this, other)) return true;
            return Id == other.Id && string.Equals(LogicalName, other.LogicalName, StringComparison.Ordinal);
        }

        public override int GetHashCode()
        {
            return Id.GetHashCode() ^ (LogicalName == null ? 0 : LogicalName.GetHashCode());
        }
    }
}
