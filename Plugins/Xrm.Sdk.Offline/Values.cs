namespace Microsoft.Xrm.Sdk
{
    using System;
    using System.Collections.Generic;
    using System.Runtime.Serialization;

    /// <summary>The value of a choice (option set) column.</summary>
    [DataContract(Name = "OptionSetValue", Namespace = XrmNamespaces.Contracts2011)]
    public sealed class OptionSetValue : IExtensibleDataObject
    {
        public OptionSetValue()
        {
        }

        public OptionSetValue(int value)
        {
            Value = value;
        }

        [DataMember]
        public int Value { get; set; }

        public ExtensionDataObject ExtensionData { get; set; }

        public override bool Equals(object obj)
        {
            var other = obj as OptionSetValue;
            return other != null && (ReferenceEquals(this, other) || Value == other.Value);
        }

        public override int GetHashCode() => Value.GetHashCode();
    }

    /// <summary>The value of a currency column.</summary>
    [DataContract(Name = "Money", Namespace = XrmNamespaces.Contracts2011)]
    public sealed class Money : IExtensibleDataObject
    {
        public Money()
        {
        }

        public Money(decimal value)
        {
            Value = value;
        }

        [DataMember]
        public decimal Value { get; set; }

        public ExtensionDataObject ExtensionData { get; set; }

        public override bool Equals(object obj)
        {
            var other = obj as Money;
            return other != null && (ReferenceEquals(this, other) || Value == other.Value);
        }

        public override int GetHashCode() => Value.GetHashCode();
    }

    /// <summary>A value of a linked table's column, as a query returns it under the link's alias.</summary>
    [DataContract(Name = "AliasedValue", Namespace = XrmNamespaces.Contracts2011)]
    public sealed class AliasedValue : IExtensibleDataObject
    {
        public AliasedValue()
        {
        }

        public AliasedValue(string entityLogicalName, string attributeLogicalName, object value)
        {
            EntityLogicalName = entityLogicalName;
            AttributeLogicalName = attributeLogicalName;
            Value = value;
        }

        [DataMember]
        public string AttributeLogicalName { get; private set; }

        [DataMember]
        public string EntityLogicalName { get; private set; }

        [DataMember]
        public object Value { get; private set; }

        public ExtensionDataObject ExtensionData { get; set; }
    }

    /// <summary>The state of an entity in an organization service context.</summary>
    [DataContract(Name = "EntityState", Namespace = XrmNamespaces.Contracts2011)]
    public enum EntityState
    {
        [EnumMember]
        Unchanged = 0,

        [EnumMember]
        Created = 1,

        [EnumMember]
        Changed = 2,
    }

    /// <summary>The role of a table in a self-referential relationship.</summary>
    [DataContract(Name = "EntityRole", Namespace = XrmNamespaces.Contracts2011)]
    public enum EntityRole
    {
        [EnumMember]
        Referencing = 0,

        [EnumMember]
        Referenced = 1,
    }

    /// <summary>A relationship, by schema name.</summary>
    [DataContract(Name = "Relationship", Namespace = XrmNamespaces.Contracts2011)]
    public sealed class Relationship : IExtensibleDataObject
    {
        public Relationship()
        {
        }

        public Relationship(string schemaName)
        {
            SchemaName = schemaName;
        }

        [DataMember]
        public string SchemaName { get; set; }

        [DataMember]
        public EntityRole? PrimaryEntityRole { get; set; }

        public ExtensionDataObject ExtensionData { get; set; }

        public override bool Equals(object obj)
        {
            var other = obj as Relationship;
            if (other == null) return false;
            if (ReferenceEquals(this, other)) return true;
            return string.Equals(SchemaName, other.SchemaName, StringComparison.Ordinal) && PrimaryEntityRole == other.PrimaryEntityRole;
        }

        public override int GetHashCode()
        {
            int hash = SchemaName == null ? 0 : SchemaName.GetHashCode();
            return PrimaryEntityRole.HasValue ? hash ^ PrimaryEntityRole.Value.GetHashCode() : hash;
        }
    }

    /// <summary>A page of records a query returned.</summary>
    [DataContract(Name = "EntityCollection", Namespace = XrmNamespaces.Contracts2011)]
    public sealed class EntityCollection : IExtensibleDataObject
    {
        private DataCollection<Entity> entities;

        public EntityCollection()
        {
        }

        public EntityCollection(IList<Entity> list)
        {
            entities = new DataCollection<Entity>(list);
        }

        [DataMember]
        public DataCollection<Entity> Entities
        {
            get => entities ?? (entities = new DataCollection<Entity>());
            private set => entities = value;
        }

        [DataMember]
        public bool MoreRecords { get; set; }

        [DataMember]
        public string PagingCookie { get; set; }

        [DataMember]
        public string MinActiveRowVersion { get; set; }

        [DataMember]
        public int TotalRecordCount { get; set; }

        [DataMember]
        public bool TotalRecordCountLimitExceeded { get; set; }

        [DataMember]
        public string EntityName { get; set; }

        public Entity this[int index]
        {
            get => Entities[index];
            set => Entities[index] = value;
        }

        public ExtensionDataObject ExtensionData { get; set; }
    }
}
