namespace Microsoft.Xrm.Sdk
{
    using System.Runtime.Serialization;

    /// <summary>Whether an ExecuteMultiple batch goes on after a fault, and whether it returns responses.</summary>
    [DataContract(Name = "ExecuteMultipleSettings", Namespace = XrmNamespaces.Contracts2012)]
    public sealed class ExecuteMultipleSettings : IExtensibleDataObject
    {
        [DataMember]
        public bool ContinueOnError { get; set; }

        [DataMember]
        public bool ReturnResponses { get; set; }

        public ExtensionDataObject ExtensionData { get; set; }
    }

    /// <summary>The response or fault of one request of an ExecuteMultiple batch, by the request's index.</summary>
    [DataContract(Name = "ExecuteMultipleResponseItem", Namespace = XrmNamespaces.Contracts2012)]
    public sealed class ExecuteMultipleResponseItem : IExtensibleDataObject
    {
        [DataMember]
        public int RequestIndex { get; set; }

        [DataMember]
        public OrganizationResponse Response { get; set; }

        [DataMember]
        public OrganizationServiceFault Fault { get; set; }

        public ExtensionDataObject ExtensionData { get; set; }
    }

    /// <summary>The items of an ExecuteMultiple response.</summary>
    [CollectionDataContract(Name = "OrganizationResponseCollection", Namespace = XrmNamespaces.Contracts2012)]
    public sealed class ExecuteMultipleResponseItemCollection : DataCollection<ExecuteMultipleResponseItem>
    {
    }
}
