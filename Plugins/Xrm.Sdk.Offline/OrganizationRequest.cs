namespace Microsoft.Xrm.Sdk
{
    using System;
    using System.Runtime.Serialization;

    /// <summary>A message sent to the organization service: a name and its parameters.</summary>
    [DataContract(Name = "OrganizationRequest", Namespace = XrmNamespaces.Contracts2011)]
    public class OrganizationRequest : IExtensibleDataObject
    {
        private ParameterCollection parameters;

        public OrganizationRequest()
        {
        }

        public OrganizationRequest(string requestName)
        {
            RequestName = requestName;
        }

        [DataMember]
        public string RequestName { get; set; }

        [DataMember]
        public ParameterCollection Parameters
        {
            get => parameters ?? (parameters = new ParameterCollection());
            set => parameters = value;
        }

        [DataMember]
        public Guid? RequestId { get; set; }

        public object this[string parameterName]
        {
            get => Parameters[parameterName];
            set => Parameters[parameterName] = value;
        }

        public ExtensionDataObject ExtensionData { get; set; }
    }

    /// <summary>The answer of the organization service to a request: a name and its results.</summary>
    [DataContract(Name = "OrganizationResponse", Namespace = XrmNamespaces.Contracts2011)]
    public class OrganizationResponse : IExtensibleDataObject
    {
        private ParameterCollection results;

        [DataMember]
        public string ResponseName { get; set; }

        [DataMember]
        public ParameterCollection Results
        {
            get => results ?? (results = new ParameterCollection());
            set => results = value;
        }

        public object this[string parameterName]
        {
            get => Results[parameterName];
            set => Results[parameterName] = value;
        }

        public ExtensionDataObject ExtensionData { get; set; }
    }
}
