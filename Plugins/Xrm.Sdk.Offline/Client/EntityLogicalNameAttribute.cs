namespace Microsoft.Xrm.Sdk.Client
{
    using System;

    /// <summary>Names the table an early-bound entity class stands for.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
    public sealed class EntityLogicalNameAttribute : Attribute
    {
        public EntityLogicalNameAttribute(string logicalName)
        {
            if (string.IsNullOrWhiteSpace(logicalName)) throw new ArgumentNullException(nameof(logicalName));
            LogicalName = logicalName;
        }

        public string LogicalName { get; }
    }
}
