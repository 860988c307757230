namespace Microsoft.Xrm.Sdk
{
    using System;
    using System.Collections.Generic;
    using System.Linq;
    using System.Runtime.Serialization;

    /// <summary>A reference to a record: table logical name and id, or an alternate key.</summary>
    /// <remarks>
    /// Two references are equal when id, logical name (ordinal) and key attributes match; <see cref="Name"/> and
    /// <see cref="RowVersion"/> play no part.
    /// </remarks>
    [DataContract(Name = "EntityReference", Namespace = XrmNamespaces.Contracts2011)]
    [Serializable]
    public sealed class EntityReference : IExtensibleDataObject
    {
        private KeyAttributeCollection keyAttributes;

        [NonSerialized]
        private ExtensionDataObject extensionData;

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
            KeyAttributes.Add(new KeyValuePair<string, object>(keyName, keyValue));
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

        [DataMember]
        public KeyAttributeCollection KeyAttributes
        {
            get => keyAttributes ?? (keyAttributes = new KeyAttributeCollection());
            set => keyAttributes = value;
        }

        [DataMember]
        public string RowVersion { get; set; }

        public ExtensionDataObject ExtensionData
        {
            get => extensionData;
            set => extensionData = value;
        }

        public override bool Equals(object obj)
        {
            if (!(obj is EntityReference other)) return false;
            if (ReferenceEquals(this, other)) return true;
            return Id.Equals(other.Id)
                && string.CompareOrdinal(LogicalName, other.LogicalName) == 0
                && KeyAttributes.Count == other.KeyAttributes.Count
                && KeyAttributes.Intersect(other.KeyAttributes).Count() == KeyAttributes.Count;
        }

        public override int GetHashCode()
        {
            int hash = string.IsNullOrEmpty(LogicalName) ? 0 : LogicalName.GetHashCode() ^ Id.GetHashCode();
            foreach (KeyValuePair<string, object> key in KeyAttributes)
            {
                hash ^= string.IsNullOrEmpty(key.Key) ? 0 : key.Key.GetHashCode() ^ (key.Value == null ? 0 : key.Value.GetHashCode());
            }

            return hash;
        }
    }
}
