namespace Microsoft.Xrm.Sdk
{
    using System;
    using System.Collections.Generic;
    using System.Globalization;
    using System.Runtime.Serialization;

    /// <summary>The value of a choice (option set) column. Two values are equal when their numbers are.</summary>
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

        public override bool Equals(object obj) => obj is OptionSetValue other && (ReferenceEquals(this, other) || Value == other.Value);

        public override int GetHashCode() => Value.GetHashCode();
    }

    /// <summary>The value of a currency column. Two amounts are equal when their decimals are.</summary>
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

        public override bool Equals(object obj) => obj is Money other && (ReferenceEquals(this, other) || Value.Equals(other.Value));

        public override int GetHashCode() => Value.GetHashCode();
    }

    /// <summary>A value of a linked table's column or an aggregate, as a query returns it under an alias.</summary>
    /// <remarks>The SDK does not unwrap it: GetAttributeValue&lt;AliasedValue&gt; returns it as it is.</remarks>
    [KnownType("GetKnownAliasedValueTypes")]
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
        public string AttributeLogicalName { get; internal set; }

        [DataMember]
        public string EntityLogicalName { get; internal set; }

        [DataMember]
        public object Value { get; internal set; }

        public ExtensionDataObject ExtensionData { get; set; }

        private static IEnumerable<Type> GetKnownAliasedValueTypes() => KnownTypesProvider.KnownValueTypes();
    }

    /// <summary>The state of an entity in an organization service context.</summary>
    [DataContract(Name = "EntityState", Namespace = XrmNamespaces.Contracts2011)]
    public enum EntityState
    {
        [EnumMember] Unchanged = 0,
        [EnumMember] Created = 1,
        [EnumMember] Changed = 2,
    }

    /// <summary>The role of a table in a self-referential relationship.</summary>
    [DataContract(Name = "EntityRole", Namespace = XrmNamespaces.Contracts2011)]
    public enum EntityRole
    {
        [EnumMember] Referencing = 0,
        [EnumMember] Referenced = 1,
    }

    /// <summary>How an update or delete treats the record's row version.</summary>
    [DataContract(Name = "ConcurrencyBehavior", Namespace = XrmNamespaces.Contracts71)]
    public enum ConcurrencyBehavior
    {
        [EnumMember] Default = 0,
        [EnumMember] IfRowVersionMatches = 1,
        [EnumMember] AlwaysOverwrite = 2,
    }

    /// <summary>A relationship, by schema name (and, for self-referential ones, the primary table's role).</summary>
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

        public override bool Equals(object obj) =>
            obj is Relationship other && SchemaName == other.SchemaName && PrimaryEntityRole == other.PrimaryEntityRole;

        public override int GetHashCode()
        {
            int hash = (SchemaName ?? string.Empty).GetHashCode();
            return PrimaryEntityRole.HasValue ? hash ^ PrimaryEntityRole.Value.GetHashCode() : hash;
        }

        public override string ToString() =>
            string.Format(CultureInfo.InvariantCulture, "{0}.{1}", SchemaName ?? string.Empty, PrimaryEntityRole.HasValue ? PrimaryEntityRole.Value.ToString() : string.Empty);
    }

    /// <summary>A page of records a query returned, with paging information.</summary>
    [DataContract(Name = "EntityCollection", Namespace = XrmNamespaces.Contracts2011)]
    public sealed class EntityCollection : IExtensibleDataObject
    {
        private DataCollection<Entity> entities;
        private bool moreRecords;
        private string pagingCookie;
        private string minActiveRowVersion;
        private int totalRecordCount;
        private bool totalRecordCountLimitExceeded;
        private string entityName;

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
        public bool MoreRecords
        {
            get => moreRecords;
            set
            {
                ThrowIfReadOnly();
                moreRecords = value;
            }
        }

        [DataMember]
        public string PagingCookie
        {
            get => pagingCookie;
            set
            {
                ThrowIfReadOnly();
                pagingCookie = value;
            }
        }

        [DataMember]
        public string MinActiveRowVersion
        {
            get => minActiveRowVersion;
            set
            {
                ThrowIfReadOnly();
                minActiveRowVersion = value;
            }
        }

        [DataMember]
        public int TotalRecordCount
        {
            get => totalRecordCount;
            set
            {
                ThrowIfReadOnly();
                totalRecordCount = value;
            }
        }

        [DataMember]
        public bool TotalRecordCountLimitExceeded
        {
            get => totalRecordCountLimitExceeded;
            set
            {
                ThrowIfReadOnly();
                totalRecordCountLimitExceeded = value;
            }
        }

        [DataMember]
        public string EntityName
        {
            get => entityName;
            set
            {
                ThrowIfReadOnly();
                entityName = value;
            }
        }

        public Entity this[int index]
        {
            get => Entities[index];
            set
            {
                ThrowIfReadOnly();
                Entities[index] = value;
            }
        }

        public ExtensionDataObject ExtensionData { get; set; }

        internal bool IsReadOnly { get; set; }

        private void ThrowIfReadOnly()
        {
            if (IsReadOnly) throw new InvalidOperationException("The collection is read-only.");
        }
    }
}
