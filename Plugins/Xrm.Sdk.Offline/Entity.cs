namespace Microsoft.Xrm.Sdk
{
    using System;
    using System.Collections.Generic;
    using System.ComponentModel;
    using System.Globalization;
    using System.Linq;
    using System.Runtime.Serialization;
    using Microsoft.Xrm.Sdk.Client;

    /// <summary>A record of a table: logical name, id and attribute values.</summary>
    /// <remarks>
    /// Behaviour follows Microsoft's assembly: the indexer throws <see cref="System.Collections.Generic.KeyNotFoundException"/>
    /// for a missing attribute; <see cref="GetAttributeValue{T}"/> returns default(T) for a missing or null attribute and
    /// casts (InvalidCastException on a type mismatch, no conversion, no AliasedValue unwrapping);
    /// <see cref="ToEntityReference"/> carries logical name, id and row version, never the primary name.
    /// </remarks>
    [DataContract(Name = "Entity", Namespace = XrmNamespaces.Contracts2011)]
    public class Entity : IExtensibleDataObject
    {
        private string logicalName;
        private Guid id;
        private AttributeCollection attributes;
        private EntityState? entityState;
        private FormattedValueCollection formattedValues;
        private RelatedEntityCollection relatedEntities;
        private KeyAttributeCollection keyAttributes;
        private bool isReadOnly;

        public Entity()
            : this((string)null)
        {
        }

        public Entity(string entityName)
        {
            logicalName = entityName;
        }

        public Entity(string entityName, Guid id)
        {
            logicalName = entityName;
            this.id = id;
        }

        public Entity(string entityName, string keyName, object keyValue)
        {
            logicalName = entityName;
            KeyAttributes.Add(keyName, keyValue);
        }

        public Entity(string entityName, KeyAttributeCollection keyAttributes)
        {
            logicalName = entityName;
            this.keyAttributes = keyAttributes;
        }

        [DataMember]
        public string LogicalName
        {
            get => logicalName;
            set
            {
                ThrowIfReadOnly(nameof(LogicalName));
                logicalName = value;
            }
        }

        [DataMember]
        public virtual Guid Id
        {
            get => id;
            set
            {
                if (id != Guid.Empty) ThrowIfReadOnly(nameof(Id));
                id = value;
            }
        }

        [DataMember]
        public AttributeCollection Attributes
        {
            get => attributes ?? (attributes = new AttributeCollection());
            set => attributes = value;
        }

        [DataMember]
        public EntityState? EntityState
        {
            get => entityState;
            set
            {
                ThrowIfReadOnly(nameof(EntityState));
                entityState = value;
            }
        }

        [DataMember]
        public FormattedValueCollection FormattedValues
        {
            get => formattedValues ?? (formattedValues = new FormattedValueCollection());
            internal set => formattedValues = value;
        }

        [DataMember]
        public RelatedEntityCollection RelatedEntities
        {
            get
            {
                if (relatedEntities == null)
                {
                    relatedEntities = new RelatedEntityCollection();
                    relatedEntities.IsReadOnly = isReadOnly;
                }

                return relatedEntities;
            }

            internal set
            {
                ThrowIfReadOnly(nameof(RelatedEntities));
                relatedEntities = value;
            }
        }

        [DataMember]
        public string RowVersion { get; set; }

        [DataMember]
        public KeyAttributeCollection KeyAttributes
        {
            get => keyAttributes ?? (keyAttributes = new KeyAttributeCollection());
            set => keyAttributes = value;
        }

        /// <summary>Whether a file column's content is loaded lazily (large files are not routed to plug-ins).</summary>
        public bool HasLazyFileAttribute { get; set; }

        public string LazyFileAttributeKey { get; set; }

        public Lazy<object> LazyFileAttributeValue { get; set; }

        public string LazyFileSizeAttributeKey { get; set; }

        public int LazyFileSizeAttributeValue { get; set; }

        public ExtensionDataObject ExtensionData { get; set; }

        internal bool IsReadOnly
        {
            get => isReadOnly;
            set
            {
                isReadOnly = value;
                RelatedEntities.IsReadOnly = value;
            }
        }

        public object this[string attributeName]
        {
            get => Attributes[attributeName];
            set => Attributes[attributeName] = value;
        }

        public bool Contains(string attributeName) => Attributes.Contains(attributeName);

        public virtual T GetAttributeValue<T>(string attributeLogicalName)
        {
            object value = GetAttributeValue(attributeLogicalName);
            return value == null ? default(T) : (T)value;
        }

        /// <summary>Reads an attribute as <typeparamref name="T"/>, converting with the type's TypeConverter when it is of another type.</summary>
        public bool TryGetAttributeValue<T>(string attributeKey, out T result)
        {
            try
            {
                object value = GetAttributeValue(attributeKey);
                if (value == null)
                {
                    result = default(T);
                    return false;
                }

                if (value is T typed)
                {
                    result = typed;
                    return true;
                }

                result = (T)TypeDescriptor.GetConverter(typeof(T)).ConvertFrom(value);
                return true;
            }
#pragma warning disable CA1031 // Microsoft's TryGetAttributeValue swallows every failure and answers false
            catch (Exception)
#pragma warning restore CA1031
            {
                result = default(T);
                return false;
            }
        }

        public T ToEntity<T>()
            where T : Entity
        {
            if (typeof(T) == typeof(Entity))
            {
                var lateBound = new Entity();
                ShallowCopyTo(lateBound);
                return lateBound as T;
            }

            if (string.IsNullOrWhiteSpace(logicalName))
            {
                throw new NotSupportedException("LogicalName must be set before calling ToEntity()");
            }

            string targetName = typeof(T).GetCustomAttributes(typeof(EntityLogicalNameAttribute), true)
                .Cast<EntityLogicalNameAttribute>()
                .Select(a => a.LogicalName)
                .FirstOrDefault();
            if (string.IsNullOrWhiteSpace(targetName))
            {
                throw new NotSupportedException("Cannot convert to type that is does not have EntityLogicalNameAttribute");
            }

            if (logicalName != targetName)
            {
                throw new NotSupportedException(string.Format(CultureInfo.InvariantCulture, "Cannot convert entity {0} to {1}", logicalName, targetName));
            }

            var earlyBound = (T)Activator.CreateInstance(typeof(T));
            ShallowCopyTo(earlyBound);
            return earlyBound;
        }

        public EntityReference ToEntityReference() => new EntityReference(LogicalName, Id) { RowVersion = RowVersion };

        protected virtual void SetAttributeValue(string attributeLogicalName, object value)
        {
            if (string.IsNullOrWhiteSpace(attributeLogicalName)) throw new ArgumentNullException(nameof(attributeLogicalName));
            this[attributeLogicalName] = value;
        }

        protected virtual string GetFormattedAttributeValue(string attributeLogicalName)
        {
            if (string.IsNullOrWhiteSpace(attributeLogicalName)) throw new ArgumentNullException(nameof(attributeLogicalName));
            return FormattedValues.TryGetValue(attributeLogicalName, out string formatted) ? formatted : null;
        }

        protected virtual TEntity GetRelatedEntity<TEntity>(string relationshipSchemaName, EntityRole? primaryEntityRole)
            where TEntity : Entity
        {
            Relationship key = RelationshipKey(relationshipSchemaName, primaryEntityRole);
            return RelatedEntities.TryGetValue(key, out EntityCollection related) ? (TEntity)related.Entities.FirstOrDefault() : null;
        }

        protected virtual void SetRelatedEntity<TEntity>(string relationshipSchemaName, EntityRole? primaryEntityRole, TEntity entity)
            where TEntity : Entity
        {
            Relationship key = RelationshipKey(relationshipSchemaName, primaryEntityRole);
            if (entity != null && string.IsNullOrWhiteSpace(entity.LogicalName))
            {
                throw new ArgumentException("The entity is missing a value for the 'LogicalName' property.", nameof(entity));
            }

            if (entity == null)
            {
                RelatedEntities.Remove(key);
                return;
            }

            RelatedEntities[key] = new EntityCollection(new Entity[] { entity }) { EntityName = entity.LogicalName };
        }

        protected virtual IEnumerable<TEntity> GetRelatedEntities<TEntity>(string relationshipSchemaName, EntityRole? primaryEntityRole)
            where TEntity : Entity
        {
            Relationship key = RelationshipKey(relationshipSchemaName, primaryEntityRole);
            return RelatedEntities.TryGetValue(key, out EntityCollection related) ? related.Entities.Cast<TEntity>() : null;
        }

        protected virtual void SetRelatedEntities<TEntity>(string relationshipSchemaName, EntityRole? primaryEntityRole, IEnumerable<TEntity> entities)
            where TEntity : Entity
        {
            Relationship key = RelationshipKey(relationshipSchemaName, primaryEntityRole);
            if (entities != null && entities.Any(e => string.IsNullOrWhiteSpace(e.LogicalName)))
            {
                throw new ArgumentException("An entity is missing a value for the 'LogicalName' property.", nameof(entities));
            }

            if (entities == null)
            {
                RelatedEntities.Remove(key);
                return;
            }

            var list = new List<Entity>(entities);
            RelatedEntities[key] = new EntityCollection(list) { EntityName = list.First().LogicalName };
        }

        private static Relationship RelationshipKey(string relationshipSchemaName, EntityRole? primaryEntityRole)
        {
            if (string.IsNullOrWhiteSpace(relationshipSchemaName)) throw new ArgumentNullException(nameof(relationshipSchemaName));
            return new Relationship(relationshipSchemaName) { PrimaryEntityRole = primaryEntityRole };
        }

        private object GetAttributeValue(string attributeLogicalName)
        {
            if (string.IsNullOrWhiteSpace(attributeLogicalName)) throw new ArgumentNullException(nameof(attributeLogicalName));
            return Attributes.TryGetValue(attributeLogicalName, out object value) ? value : null;
        }

        // Shares the collections with the target, as Microsoft's ToEntity does: the copy is a view, not a clone.
        private void ShallowCopyTo(Entity target)
        {
            if (target == null || ReferenceEquals(target, this)) return;
            target.Id = Id;
            target.logicalName = logicalName;
            target.entityState = entityState;
            target.relatedEntities = RelatedEntities;
            target.Attributes = Attributes;
            target.FormattedValues = FormattedValues;
            target.ExtensionData = ExtensionData;
            target.RowVersion = RowVersion;
            target.KeyAttributes = KeyAttributes;
        }

        private void ThrowIfReadOnly(string propertyName)
        {
            if (isReadOnly)
            {
                throw new InvalidOperationException(string.Format(CultureInfo.InvariantCulture, "The entity is read-only and the '{0}' property cannot be modified. Use the context to update the entity instead.", propertyName));
            }
        }
    }
}
