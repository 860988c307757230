namespace Microsoft.Xrm.Sdk
{
    using System;

    /// <summary>Names the column an early-bound property stands for.</summary>
    [AttributeUsage(AttributeTargets.Property)]
    public sealed class AttributeLogicalNameAttribute : Attribute
    {
        public AttributeLogicalNameAttribute(string logicalName)
        {
            if (string.IsNullOrWhiteSpace(logicalName)) throw new ArgumentNullException(nameof(logicalName));
            LogicalName = logicalName;
        }

        public string LogicalName { get; private set; }
    }

    /// <summary>Names the relationship (and role) an early-bound navigation property stands for.</summary>
    [AttributeUsage(AttributeTargets.Property)]
    public sealed class RelationshipSchemaNameAttribute : Attribute
    {
        private readonly Relationship relationship;

        public RelationshipSchemaNameAttribute(string schemaName)
            : this(schemaName, null)
        {
        }

        public RelationshipSchemaNameAttribute(string schemaName, EntityRole primaryEntityRole)
            : this(schemaName, (EntityRole?)primaryEntityRole)
        {
        }

        private RelationshipSchemaNameAttribute(string schemaName, EntityRole? primaryEntityRole)
        {
            if (string.IsNullOrWhiteSpace(schemaName)) throw new ArgumentNullException(nameof(schemaName));
            relationship = new Relationship(schemaName) { PrimaryEntityRole = primaryEntityRole };
        }

        public string SchemaName => relationship.SchemaName;

        public EntityRole? PrimaryEntityRole => relationship.PrimaryEntityRole;
    }
}
