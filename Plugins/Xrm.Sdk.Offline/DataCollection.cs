namespace Microsoft.Xrm.Sdk
{
    using System;
    using System.Collections;
    using System.Collections.Generic;
    using System.Collections.ObjectModel;
    using System.Runtime.Serialization;

    /// <summary>A list of items with range operations.</summary>
    [Serializable]
    public class DataCollection<T> : Collection<T>
    {
        public DataCollection()
        {
        }

        public DataCollection(IList<T> list)
            : base(list)
        {
        }

        public void AddRange(params T[] items)
        {
            AddRange((IEnumerable<T>)items);
        }

        public void AddRange(IEnumerable<T> items)
        {
            if (items == null) return;
            foreach (T item in items)
            {
                Add(item);
            }
        }

        public T[] ToArray()
        {
            var array = new T[Count];
            CopyTo(array, 0);
            return array;
        }
    }

    /// <summary>A keyed collection (attributes, parameters, images, ...) that keeps Dataverse's semantics.</summary>
    public abstract class DataCollection<TKey, TValue> : IEnumerable<KeyValuePair<TKey, TValue>>, IEnumerable
    {
        private const string KeyNotFoundMessage = "The given key was not present in the dictionary.";
        private readonly IDictionary<TKey, TValue> internalDictionary = new Dictionary<TKey, TValue>();
        private bool isReadOnly;

        protected DataCollection()
        {
        }

        public virtual TValue this[TKey key]
        {
            get
            {
                if (key == null) throw new ArgumentNullException(nameof(key));
                if (!internalDictionary.TryGetValue(key, out TValue value)) throw new KeyNotFoundException(KeyNotFoundMessage);
                return value;
            }

            set
            {
                CheckIsReadOnly();
                internalDictionary[key] = value;
            }
        }

        public int Count => internalDictionary.Count;

        public bool IsReadOnly
        {
            get => isReadOnly;
            internal set => isReadOnly = value;
        }

        public ICollection<TKey> Keys => internalDictionary.Keys;

        public ICollection<TValue> Values => internalDictionary.Values;

        public void Add(TKey key, TValue value)
        {
            CheckIsReadOnly();
            internalDictionary.Add(key, value);
        }

        public void Add(KeyValuePair<TKey, TValue> item)
        {
            CheckIsReadOnly();
            internalDictionary.Add(item);
        }

        public void AddRange(params KeyValuePair<TKey, TValue>[] items)
        {
            AddRange((IEnumerable<KeyValuePair<TKey, TValue>>)items);
        }

        public void AddRange(IEnumerable<KeyValuePair<TKey, TValue>> items)
        {
            CheckIsReadOnly();
            if (items == null) return;
            foreach (KeyValuePair<TKey, TValue> item in items)
            {
                internalDictionary.Add(item);
            }
        }

        public void Clear()
        {
            CheckIsReadOnly();
            internalDictionary.Clear();
        }

        public bool Contains(TKey key) => internalDictionary.ContainsKey(key);

        public bool Contains(KeyValuePair<TKey, TValue> key) => internalDictionary.Contains(key);

        public bool ContainsKey(TKey key) => internalDictionary.ContainsKey(key);

        public void SetItem(TKey key, TValue value)
        {
            CheckIsReadOnly();
            this[key] = value;
        }

        public bool Remove(TKey key)
        {
            CheckIsReadOnly();
            return internalDictionary.Remove(key);
        }

        public bool Remove(KeyValuePair<TKey, TValue> item)
        {
            CheckIsReadOnly();
            return internalDictionary.Remove(item);
        }

        public bool TryGetValue(TKey key, out TValue value) => internalDictionary.TryGetValue(key, out value);

        public IEnumerator<KeyValuePair<TKey, TValue>> GetEnumerator() => internalDictionary.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => internalDictionary.GetEnumerator();

        private void CheckIsReadOnly()
        {
            if (isReadOnly) throw new InvalidOperationException("The collection is read-only.");
        }
    }

    /// <summary>The attribute values of an entity, by logical name.</summary>
    [CollectionDataContract(Name = "AttributeCollection", Namespace = XrmNamespaces.Contracts2011)]
    public sealed class AttributeCollection : DataCollection<string, object>
    {
    }

    /// <summary>The alternate-key values that identify a record.</summary>
    [CollectionDataContract(Name = "KeyAttributeCollection", Namespace = XrmNamespaces.Contracts2011)]
    public sealed class KeyAttributeCollection : DataCollection<string, object>
    {
    }

    /// <summary>The formatted (display) values of an entity's attributes.</summary>
    [CollectionDataContract(Name = "FormattedValueCollection", Namespace = XrmNamespaces.Contracts2011)]
    public sealed class FormattedValueCollection : DataCollection<string, string>
    {
    }

    /// <summary>The related entities of an entity, by relationship.</summary>
    [CollectionDataContract(Name = "RelatedEntityCollection", Namespace = XrmNamespaces.Contracts2011)]
    public sealed class RelatedEntityCollection : DataCollection<Relationship, EntityCollection>
    {
    }

    /// <summary>The input, output and shared parameters of requests, responses and contexts.</summary>
    [CollectionDataContract(Name = "ParameterCollection", Namespace = XrmNamespaces.Contracts2011)]
    public sealed class ParameterCollection : DataCollection<string, object>
    {
    }

    /// <summary>The pre and post entity images of a plug-in step, by image name.</summary>
    [CollectionDataContract(Name = "EntityImageCollection", Namespace = XrmNamespaces.Contracts2011)]
    public sealed class EntityImageCollection : DataCollection<string, Entity>
    {
    }

    /// <summary>The details of a fault.</summary>
    [CollectionDataContract(Name = "ErrorDetailCollection", Namespace = XrmNamespaces.Contracts2011)]
    public sealed class ErrorDetailCollection : DataCollection<string, object>
    {
    }

    /// <summary>A list of entity references (associate, disassociate, party lists).</summary>
    [CollectionDataContract(Name = "EntityReferenceCollection", Namespace = XrmNamespaces.Contracts2011)]
    public class EntityReferenceCollection : DataCollection<EntityReference>
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
    public class OptionSetValueCollection : DataCollection<OptionSetValue>
    {
        public OptionSetValueCollection()
        {
        }

        public OptionSetValueCollection(IList<OptionSetValue> list)
            : base(list)
        {
        }
    }

    /// <summary>A list of requests (ExecuteMultiple).</summary>
    [CollectionDataContract(Name = "OrganizationRequestCollection", Namespace = XrmNamespaces.Contracts2012)]
    public sealed class OrganizationRequestCollection : DataCollection<OrganizationRequest>
    {
    }
}
