namespace Microsoft.Xrm.Sdk.Messages
{
    using System;
    using System.Runtime.Serialization;
    using Microsoft.Xrm.Sdk.Query;

    /// <summary>Creates a record.</summary>
    [DataContract(Namespace = XrmNamespaces.Contracts2011)]
    public sealed class CreateRequest : OrganizationRequest
    {
        public CreateRequest()
        {
            RequestName = "Create";
            Target = null;
        }

        public Entity Target
        {
            get => Parameters.Contains("Target") ? (Entity)Parameters["Target"] : null;
            set => Parameters["Target"] = value;
        }
    }

    /// <summary>The id of the created record.</summary>
    [DataContract(Namespace = XrmNamespaces.Contracts2011)]
    public sealed class CreateResponse : OrganizationResponse
    {
        public Guid id => Results.Contains("id") ? (Guid)Results["id"] : default(Guid);
    }

    /// <summary>Retrieves a record.</summary>
    [DataContract(Namespace = XrmNamespaces.Contracts2011)]
    public sealed class RetrieveRequest : OrganizationRequest
    {
        public RetrieveRequest()
        {
            RequestName = "Retrieve";
            Target = null;
            ColumnSet = null;
        }

        public EntityReference Target
        {
            get => Parameters.Contains("Target") ? (EntityReference)Parameters["Target"] : null;
            set => Parameters["Target"] = value;
        }

        public ColumnSet ColumnSet
        {
            get => Parameters.Contains("ColumnSet") ? (ColumnSet)Parameters["ColumnSet"] : null;
            set => Parameters["ColumnSet"] = value;
        }

        public RelationshipQueryCollection RelatedEntitiesQuery
        {
            get => Parameters.Contains("RelatedEntitiesQuery") ? (RelationshipQueryCollection)Parameters["RelatedEntitiesQuery"] : null;
            set => Parameters["RelatedEntitiesQuery"] = value;
        }

        public bool ReturnNotifications
        {
            get => Parameters.Contains("ReturnNotifications") && (bool)Parameters["ReturnNotifications"];
            set => Parameters["ReturnNotifications"] = value;
        }
    }

    /// <summary>The retrieved record.</summary>
    [DataContract(Namespace = XrmNamespaces.Contracts2011)]
    public sealed class RetrieveResponse : OrganizationResponse
    {
        public Entity Entity => Results.Contains("Entity") ? (Entity)Results["Entity"] : null;
    }

    /// <summary>Retrieves the records a query selects.</summary>
    [DataContract(Namespace = XrmNamespaces.Contracts2011)]
    public sealed class RetrieveMultipleRequest : OrganizationRequest
    {
        public RetrieveMultipleRequest()
        {
            RequestName = "RetrieveMultiple";
            Query = null;
        }

        public QueryBase Query
        {
            get => Parameters.Contains("Query") ? (QueryBase)Parameters["Query"] : null;
            set => Parameters["Query"] = value;
        }
    }

    /// <summary>The records a query selected.</summary>
    [DataContract(Namespace = XrmNamespaces.Contracts2011)]
    public sealed class RetrieveMultipleResponse : OrganizationResponse
    {
        public EntityCollection EntityCollection => Results.Contains("EntityCollection") ? (EntityCollection)Results["EntityCollection"] : null;
    }

    /// <summary>Updates a record.</summary>
    [DataContract(Namespace = XrmNamespaces.Contracts2011)]
    public sealed class UpdateRequest : OrganizationRequest
    {
        public UpdateRequest()
        {
            RequestName = "Update";
            Target = null;
        }

        public Entity Target
        {
            get => Parameters.Contains("Target") ? (Entity)Parameters["Target"] : null;
            set => Parameters["Target"] = value;
        }

        public ConcurrencyBehavior ConcurrencyBehavior
        {
            get => Parameters.Contains("ConcurrencyBehavior") ? (ConcurrencyBehavior)Parameters["ConcurrencyBehavior"] : default(ConcurrencyBehavior);
            set => Parameters["ConcurrencyBehavior"] = value;
        }
    }

    /// <summary>The answer to an update (no results).</summary>
    [DataContract(Namespace = XrmNamespaces.Contracts2011)]
    public sealed class UpdateResponse : OrganizationResponse
    {
    }

    /// <summary>Deletes a record.</summary>
    [DataContract(Namespace = XrmNamespaces.Contracts2011)]
    public sealed class DeleteRequest : OrganizationRequest
    {
        public DeleteRequest()
        {
            RequestName = "Delete";
            Target = null;
        }

        public EntityReference Target
        {
            get => Parameters.Contains("Target") ? (EntityReference)Parameters["Target"] : null;
            set => Parameters["Target"] = value;
        }

        public ConcurrencyBehavior ConcurrencyBehavior
        {
            get => Parameters.Contains("ConcurrencyBehavior") ? (ConcurrencyBehavior)Parameters["ConcurrencyBehavior"] : default(ConcurrencyBehavior);
            set => Parameters["ConcurrencyBehavior"] = value;
        }
    }

    /// <summary>The answer to a delete (no results).</summary>
    [DataContract(Namespace = XrmNamespaces.Contracts2011)]
    public sealed class DeleteResponse : OrganizationResponse
    {
    }

    /// <summary>Links records through a relationship.</summary>
    [DataContract(Namespace = XrmNamespaces.Contracts2011)]
    public sealed class AssociateRequest : OrganizationRequest
    {
        public AssociateRequest()
        {
            RequestName = "Associate";
            Target = null;
            Relationship = null;
            RelatedEntities = null;
        }

        public EntityReference Target
        {
            get => Parameters.Contains("Target") ? (EntityReference)Parameters["Target"] : null;
            set => Parameters["Target"] = value;
        }

        public Relationship Relationship
        {
            get => Parameters.Contains("Relationship") ? (Relationship)Parameters["Relationship"] : null;
            set => Parameters["Relationship"] = value;
        }

        public EntityReferenceCollection RelatedEntities
        {
            get => Parameters.Contains("RelatedEntities") ? (EntityReferenceCollection)Parameters["RelatedEntities"] : null;
            set => Parameters["RelatedEntities"] = value;
        }
    }

    /// <summary>The answer to an associate (no results).</summary>
    [DataContract(Namespace = XrmNamespaces.Contracts2011)]
    public sealed class AssociateResponse : OrganizationResponse
    {
    }

    /// <summary>Unlinks records of a relationship.</summary>
    [DataContract(Namespace = XrmNamespaces.Contracts2011)]
    public sealed class DisassociateRequest : OrganizationRequest
    {
        public DisassociateRequest()
        {
            RequestName = "Disassociate";
            Target = null;
            Relationship = null;
            RelatedEntities = null;
        }

        public EntityReference Target
        {
            get => Parameters.Contains("Target") ? (EntityReference)Parameters["Target"] : null;
            set => Parameters["Target"] = value;
        }

        public Relationship Relationship
        {
            get => Parameters.Contains("Relationship") ? (Relationship)Parameters["Relationship"] : null;
            set => Parameters["Relationship"] = value;
        }

        public EntityReferenceCollection RelatedEntities
        {
            get => Parameters.Contains("RelatedEntities") ? (EntityReferenceCollection)Parameters["RelatedEntities"] : null;
            set => Parameters["RelatedEntities"] = value;
        }
    }

    /// <summary>The answer to a disassociate (no results).</summary>
    [DataContract(Namespace = XrmNamespaces.Contracts2011)]
    public sealed class DisassociateResponse : OrganizationResponse
    {
    }
}
