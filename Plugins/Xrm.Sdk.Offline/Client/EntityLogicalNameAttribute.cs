namespace Microsoft.Xrm.Sdk.Client
{
    using System;

    /// <summary>Names the table an early-bound entity class stands for.</summary>
    [AttributeUsage(AttributeTargets.Class)]
    public sealed class EntityLogicalNameAttribute : Attribute
    {
        public EntityLogicalNameAttribute(string logicalName)
        {
            if (string.IsNullOrWhiteSpace(logicalName)) throw new ArgumentNullException(nameof(logicalName));
            LogicalName = logicalName;
        }

        public string LogicalName { get; private set; }
    }

    /// <summary>Marks an assembly that holds early-bound entity classes.</summary>
    [AttributeUsage(AttributeTargets.Assembly)]
    public sealed class ProxyTypesAssemblyAttribute : Attribute
    {
    }
}
