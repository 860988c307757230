namespace Microsoft.Xrm.Sdk
{
    using System;
    using System.Collections.Generic;
    using System.Linq;
    using System.Runtime.Serialization;
    using Microsoft.Xrm.Sdk.Client;

    /// <summary>A record of a table: logical name, id and attribute values.</summary>
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
        private string rowVersion;
        private ExtensionDataObject extensionData;

        public Entity()
            : this((string)null)
        {
        }

        public Entity(string entityName)
        {
            logicalName = entityName;
        }

        public Entity(string entityName, Guid id)
            : this(entityName)
        {
            this.id = id;
        }

        public Entity(string entityName, string keyName, object keyValue)
            : this(entityName)
        {
            KeyAttributes[keyName] = keyValue;
        }

        public Entity(string entityName, KeyAttributeCollection keyAttributes)
            : this(entityName)
        {
            this.keyAttributes = keyAttributes;
        }

        [DataMember]
        public string LogicalName
        {
            get => logicalName;
            set => logicalName = value;
        }

        [DataMember]
        public virtual Guid Id
        {
            get => id;
            set => id = value;
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
            set => entityState = value;
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
            get => relatedEntities ?? (relatedEntities = new RelatedEntityCollection());
            internal set => relatedEntities = value;
        }

        [DataMember(Order = 71)]
        public string RowVersion
        {
            get => rowVersion;
            set => rowVersion = value;
        }

        [DataMember(Order = 70)]
        public KeyAttributeCollection KeyAttributes
        {
            get => keyAttributes ?? (keyAttributes = new KeyAttributeCollection());
            set => keyAttributes = value;
        }

        public ExtensionDataObject ExtensionData
        {
            get => extensionData;
            set => extensionData = value;
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
            if (value == null) return default(T);
            return (T)value;
        }

        public T ToEntity<T>()
            where T : Entity
        {
            if (typeof(T) == typeof(Entity))
            {
                var copy = new Entity();
                ShallowCopyTo(copy);
                return copy as T;
            }

            if (string.IsNullOrWhiteSpace(logicalName))
            {
                throw new NotSupportedException("LogicalName must be set before calling ToEntity()");
            }

            string targetLogicalName = typeof(T)
                .GetCustomAttributes(typeof(EntityLogicalNameAttribute), true)
                .OfType<EntityLogicalNameAttribute>()
                .Select(a => a.LogicalName)
                .FirstOrDefault();
            if (string.IsNullOrWhiteSpace(targetLogicalName))
            {
                throw new NotSupportedException("Cannot convert to type that is does not have EntityLogicalNameAttribute");
            }

            if (logicalName != targetLogicalName)
            {
                throw new NotSupportedException(string.Format(System.Globalization.CultureInfo.InvariantCulture, "Cannot convert entity {0} to {1}", logicalName, targetLogicalName));
            }

            T target = (T)Activator.CreateInstance(typeof(T));
            ShallowCopyTo(target);
            return target;
        }

        public EntityReference ToEntityReference()
        {
            if (string.IsNullOrWhiteSpace(logicalName))
            {
                throw new NotSupportedException("LogicalName must be set before calling ToEntityReference() on an Entity");
            }

            return new EntityReference(logicalName, Id)
            {
                KeyAttributes = KeyAttributes,
                RowVersion = RowVersion,
            };
        }

        protected virtual void SetAttributeValue(string attributeLogicalName, object value)
        {
            if (string.IsNullOrWhiteSpace(attributeLogicalName)) throw new ArgumentNullException(nameof(attributeLogicalName));
            Attributes[attributeLogicalName] = value;
        }

        protected virtual string GetFormattedAttributeValue(string attributeLogicalName)
        {
            if (string.IsNullOrWhiteSpace(attributeLogicalName)) throw new ArgumentNullException(nameof(attributeLogicalName));
            FormattedValues.TryGetValue(attributeLogicalName, out string value);
            return value;
        }

        protected virtual IEnumerable<TEntity> GetRelatedEntities<TEntity>(string relationshipSchemaName, EntityRole? primaryEntityRole)
            where TEntity : Entity
        {
            if (string.IsNullOrWhiteSpace(relationshipSchemaName)) throw new ArgumentNullException(nameof(relationshipSchemaName));
            var relationship = new Relationship(relationshipSchemaName) { PrimaryEntityRole = primaryEntityRole };
            if (!RelatedEntities.Contains(relationship)) return null;
            return RelatedEntities[relationship].Entities.Select(e => e.ToEntity<TEntity>());
        }

        protected virtual TEntity GetRelatedEntity<TEntity>(string relationshipSchemaName, EntityRole? primaryEntityRole)
            where TEntity : Entity
        {
            IEnumerable<TEntity> entities = GetRelatedEntities<TEntity>(relationshipSchemaName, primaryEntityRole);
            return entities?.FirstOrDefault();
        }

        protected virtual void SetRelatedEntities<TEntity>(string relationshipSchemaName, EntityRole? primaryEntityRole, IEnumerable<TEntity> entities)
            where TEntity : Entity
        {
            if (string.IsNullOrWhiteSpace(relationshipSchemaName)) throw new ArgumentNullException(nameof(relationshipSchemaName));
            var relationship = new Relationship(relationshipSchemaName) { PrimaryEntityRole = primaryEntityRole };
            if (entities == null)
            {
                RelatedEntities.Remove(relationship);
                return;
            }

            var list = entities.Cast<Entity>().ToList();
            var collection = new EntityCollection(list);
            if (list.Count > 0) collection.EntityName = list[0].LogicalName;
            RelatedEntities[relationship] = collection;
        }

        protected virtual void SetRelatedEntity<TEntity>(string relationshipSchemaName, EntityRole? primaryEntityRole, TEntity entity)
            where TEntity : Entity
        {
            SetRelatedEntities(relationshipSchemaName, primaryEntityRole, entity == null ? null : new[] { entity });
        }

        private object GetAttributeValue(string attributeLogicalName)
        {
            if (string.IsNullOrWhiteSpace(attributeLogicalName)) throw new ArgumentNullException(nameof(attributeLogicalName));
            return Attributes.TryGetValue(attributeLogicalName, out object value) ? value : null;
        }

        private void ShallowCopyTo(Entity target)
        {
            if (target == null || ReferenceEquals(target, this)) return;
            target.Id = Id;
            target.LogicalName = LogicalName;
            target.Attributes = Attributes;
            target.EntityState = EntityState;
            target.FormattedValues = FormattedValues;
            target.RelatedEntities = RelatedEntities;
            target.KeyAttributes = KeyAttributes;
            target.RowVersion = RowVersion;
            target.ExtensionData = ExtensionData;
        }
    }
}
