namespace Microsoft.Xrm.Sdk.Messages
{
    using System;
    using System.Runtime.Serialization;

    /// <summary>Creates records of one table in one operation.</summary>
    [DataContract(Namespace = XrmNamespaces.Contracts2011)]
    public sealed class CreateMultipleRequest : OrganizationRequest
    {
        public CreateMultipleRequest()
        {
            RequestName = "CreateMultiple";
            Targets = null;
        }

        public EntityCollection Targets
        {
            get => Parameters.Contains("Targets") ? (EntityCollection)Parameters["Targets"] : null;
            set => Parameters["Targets"] = value;
        }
    }

    /// <summary>The ids of the created records, in the order of the targets.</summary>
    [DataContract(Namespace = XrmNamespaces.Contracts2011)]
    public sealed class CreateMultipleResponse : OrganizationResponse
    {
        public Guid[] Ids => Results.Contains("Ids") ? (Guid[])Results["Ids"] : null;
    }

    /// <summary>Updates records of one table in one operation.</summary>
    [DataContract(Namespace = XrmNamespaces.Contracts2011)]
    public sealed class UpdateMultipleRequest : OrganizationRequest
    {
        public UpdateMultipleRequest()
        {
            RequestName = "UpdateMultiple";
            Targets = null;
        }

        public EntityCollection Targets
        {
            get => Parameters.Contains("Targets") ? (EntityCollection)Parameters["Targets"] : null;
            set => Parameters["Targets"] = value;
        }

        public ConcurrencyBehavior ConcurrencyBehavior
        {
            get => Parameters.Contains("ConcurrencyBehavior") ? (ConcurrencyBehavior)Parameters["ConcurrencyBehavior"] : ConcurrencyBehavior.Default;
            set => Parameters["ConcurrencyBehavior"] = value;
        }
    }

    /// <summary>The answer to an UpdateMultiple (no results).</summary>
    [DataContract(Namespace = XrmNamespaces.Contracts2011)]
    public sealed class UpdateMultipleResponse : OrganizationResponse
    {
    }

    /// <summary>Runs a batch of requests.</summary>
    [DataContract(Namespace = XrmNamespaces.Contracts2011)]
    public sealed class ExecuteMultipleRequest : OrganizationRequest
    {
        public ExecuteMultipleRequest()
        {
            RequestName = "ExecuteMultiple";
            Requests = null;
            Settings = null;
        }

        public OrganizationRequestCollection Requests
        {
            get => Parameters.Contains("Requests") ? (OrganizationRequestCollection)Parameters["Requests"] : null;
            set => Parameters["Requests"] = value;
        }

        public ExecuteMultipleSettings Settings
        {
            get => Parameters.Contains("Settings") ? (ExecuteMultipleSettings)Parameters["Settings"] : null;
            set => Parameters["Settings"] = value;
        }
    }

    /// <summary>The responses and faults of a batch.</summary>
    [DataContract(Namespace = XrmNamespaces.Contracts2011)]
    public sealed class ExecuteMultipleResponse : OrganizationResponse
    {
        public ExecuteMultipleResponseItemCollection Responses =>
            Results.Contains("Responses") ? (ExecuteMultipleResponseItemCollection)Results["Responses"] : null;

        public bool IsFaulted => Results.Contains("IsFaulted") && (bool)Results["IsFaulted"];
    }
}
