namespace Microsoft.Xrm.Sdk
{
    using System;
    using System.Collections;
    using System.Collections.Generic;
    using System.Collections.ObjectModel;

    /// <summary>A list of SDK items (columns, conditions, entities, ...) with range operations.</summary>
    /// <remarks>As in Microsoft's assembly, only the SDK itself creates these; callers fill the instances it hands out.</remarks>
    [Serializable]
    public class DataCollection<T> : Collection<T>
    {
        internal DataCollection()
        {
        }

        // Copies the items: the collection never wraps the caller's list.
        internal DataCollection(IList<T> list)
        {
            AddRange(list);
        }

        public void AddRange(params T[] items)
        {
            if (items == null) return;
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

    /// <summary>The keyed collection behind attributes, parameters, images and formatted values.</summary>
    /// <remarks>
    /// Keys are compared ordinally (case-sensitive), as in Dataverse. Reading a missing key throws
    /// <see cref="KeyNotFoundException"/> with the .NET Framework's message, which is what a plug-in sees in the sandbox.
    /// </remarks>
    [Serializable]
    public abstract class DataCollection<TKey, TValue> : IEnumerable<KeyValuePair<TKey, TValue>>, IEnumerable
    {
        internal const string KeyNotFoundMessage = "The given key was not present in the dictionary.";
        internal const string ReadOnlyMessage = "The collection is read-only.";

        private readonly IDictionary<TKey, TValue> items;
        private bool isReadOnly;

        protected internal DataCollection()
            : this(new Dictionary<TKey, TValue>())
        {
        }

        protected internal DataCollection(IDictionary<TKey, TValue> collection)
        {
            items = collection ?? new Dictionary<TKey, TValue>();
        }

        public virtual TValue this[TKey key]
        {
            get
            {
                if (key == null) throw new ArgumentNullException(nameof(key));
                if (items.TryGetValue(key, out TValue value)) return value;
                throw new KeyNotFoundException(KeyNotFoundMessage);
            }

            set
            {
                ThrowIfReadOnly();
                items[key] = value;
            }
        }

        public int Count => items.Count;

        public ICollection<TKey> Keys => items.Keys;

        public ICollection<TValue> Values => items.Values;

        public virtual bool IsReadOnly
        {
            get => isReadOnly;
            internal set => isReadOnly = value;
        }

        public void Add(KeyValuePair<TKey, TValue> item)
        {
            ThrowIfReadOnly();
            items.Add(item);
        }

        public void Add(TKey key, TValue value)
        {
            ThrowIfReadOnly();
            items.Add(key, value);
        }

        public void AddRange(params KeyValuePair<TKey, TValue>[] items)
        {
            ThrowIfReadOnly();
            AddRange((IEnumerable<KeyValuePair<TKey, TValue>>)items);
        }

        public void AddRange(IEnumerable<KeyValuePair<TKey, TValue>> items)
        {
            if (items == null) return;
            ThrowIfReadOnly();
            foreach (KeyValuePair<TKey, TValue> item in items)
            {
                this.items.Add(item);
            }
        }

        public void Clear()
        {
            ThrowIfReadOnly();
            items.Clear();
        }

        public bool Contains(TKey key) => items.ContainsKey(key);

        public bool Contains(KeyValuePair<TKey, TValue> key) => items.Contains(key);

        public bool ContainsKey(TKey key) => items.ContainsKey(key);

        public bool TryGetValue(TKey key, out TValue value) => items.TryGetValue(key, out value);

        public void CopyTo(KeyValuePair<TKey, TValue>[] array, int arrayIndex) => items.CopyTo(array, arrayIndex);

        public bool Remove(TKey key)
        {
            ThrowIfReadOnly();
            return items.Remove(key);
        }

        public bool Remove(KeyValuePair<TKey, TValue> item)
        {
            ThrowIfReadOnly();
            return items.Remove(item);
        }

        public IEnumerator<KeyValuePair<TKey, TValue>> GetEnumerator() => items.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => items.GetEnumerator();

        private void ThrowIfReadOnly()
        {
            if (IsReadOnly) throw new InvalidOperationException(ReadOnlyMessage);
        }
    }
}
