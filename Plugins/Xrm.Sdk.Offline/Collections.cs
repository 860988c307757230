namespace Microsoft.Xrm.Sdk
{
    using System;
    using System.Collections.Generic;
    using System.Runtime.Serialization;

    // Microsoft's sealed collections declare 'protected internal' constructors; the accessibility is kept as theirs.
#pragma warning disable CS0628

    /// <summary>The attribute values of an entity, by logical name.</summary>
    [KnownType("GetKnownParameterTypes")]
    [CollectionDataContract(Name = "AttributeCollection", Namespace = XrmNamespaces.Contracts2011)]
    public sealed class AttributeCollection : DataCollection<string, object>
    {
        public AttributeCollection()
        {
        }

        protected internal AttributeCollection(IDictionary<string, object> collection)
            : base(collection)
        {
        }

        private static IEnumerable<Type> GetKnownParameterTypes() => KnownTypesProvider.KnownValueTypes();
    }

    /// <summary>The alternate-key values that identify a record.</summary>
    [CollectionDataContract(Name = "KeyAttributeCollection", Namespace = XrmNamespaces.Contracts71)]
    [Serializable]
    public sealed class KeyAttributeCollection : DataCollection<string, object>
    {
        public KeyAttributeCollection()
        {
        }

        protected internal KeyAttributeCollection(IDictionary<string, object> collection)
            : base(collection)
        {
        }
    }

    /// <summary>The formatted (display) values of an entity's attributes.</summary>
    [CollectionDataContract(Name = "FormattedValueCollection", Namespace = XrmNamespaces.Contracts2011)]
    public sealed class FormattedValueCollection : DataCollection<string, string>
    {
        public FormattedValueCollection()
        {
        }

        protected internal FormattedValueCollection(IDictionary<string, string> collection)
            : base(collection)
        {
        }
    }

    /// <summary>The related entities of an entity, by relationship.</summary>
    [CollectionDataContract(Name = "RelatedEntityCollection", Namespace = XrmNamespaces.Contracts2011)]
    public sealed class RelatedEntityCollection : DataCollection<Relationship, EntityCollection>
    {
        public override bool IsReadOnly
        {
            get => base.IsReadOnly;
            internal set
            {
                base.IsReadOnly = value;
                foreach (KeyValuePair<Relationship, EntityCollection> pair in this)
                {
                    if (pair.Value != null) pair.Value.IsReadOnly = true;
                }
            }
        }
    }

    /// <summary>The input, output and shared parameters of requests, responses and contexts.</summary>
    [KnownType("GetKnownParameterTypes")]
    [CollectionDataContract(Name = "ParameterCollection", Namespace = XrmNamespaces.Contracts2011)]
    public class ParameterCollection : DataCollection<string, object>
    {
        public ParameterCollection()
        {
        }

        protected ParameterCollection(IDictionary<string, object> collection)
            : base(collection)
        {
        }

        /// <summary>Sets the parameter when the value is not null; a null value leaves the collection as it is.</summary>
        public void AddOrUpdateIfNotNull(string key, object obj)
        {
            if (obj != null) this[key] = obj;
        }

        /// <summary>Reads a parameter when it is present and of type <typeparamref name="T"/>.</summary>
        public bool TryGetValue<T>(string key, out T value)
        {
            if (base.TryGetValue(key, out object raw) && raw is T typed)
            {
                value = typed;
                return true;
            }

            value = default(T);
            return false;
        }

        private static IEnumerable<Type> GetKnownParameterTypes() => KnownTypesProvider.KnownValueTypes();
    }

    /// <summary>The pre and post entity images of a plug-in step, by image name.</summary>
    [CollectionDataContract(Name = "EntityImageCollection", Namespace = XrmNamespaces.Contracts2011)]
    public class EntityImageCollection : DataCollection<string, Entity>
    {
        public EntityImageCollection()
        {
        }

        protected internal EntityImageCollection(IDictionary<string, Entity> collection)
            : base(collection)
        {
        }
    }

    /// <summary>Additional data of a fault, specific to each error.</summary>
    [CollectionDataContract(Name = "ErrorDetailCollection", Namespace = XrmNamespaces.Contracts2011)]
    [Serializable]
    public sealed class ErrorDetailCollection : DataCollection<string, object>
    {
    }

    /// <summary>The related-record queries of a Retrieve, by relationship.</summary>
    [CollectionDataContract(Name = "RelationshipQueryCollection", Namespace = XrmNamespaces.Contracts2011)]
    public sealed class RelationshipQueryCollection : DataCollection<Relationship, Query.QueryBase>
    {
    }

    /// <summary>A list of entity references (associate, disassociate, party lists).</summary>
    [CollectionDataContract(Name = "EntityReferenceCollection", Namespace = XrmNamespaces.Contracts2011)]
    public sealed class EntityReferenceCollection : DataCollection<EntityReference>
    {
        public EntityReferenceCollection()
        {
        }

        public EntityReferenceCollection(IList<EntityReference> list)
            : base(list)
        {
        }
    }

    /// <summary>The values of a multi-select choice column.</summary>
    [CollectionDataContract(Name = "OptionSetValueCollection", Namespace = XrmNamespaces.Contracts9)]
    public sealed class OptionSetValueCollection : DataCollection<OptionSetValue>
    {
        public OptionSetValueCollection()
        {
        }

        public OptionSetValueCollection(IList<OptionSetValue> list)
            : base(list)
        {
        }
    }

    /// <summary>The requests of an ExecuteMultiple batch.</summary>
    [CollectionDataContract(Name = "OrganizationRequestCollection", Namespace = XrmNamespaces.Contracts2012)]
    [KnownType(typeof(EntityImageCollection))]
    public sealed class OrganizationRequestCollection : DataCollection<OrganizationRequest>
    {
    }
#pragma warning restore CS0628
}
