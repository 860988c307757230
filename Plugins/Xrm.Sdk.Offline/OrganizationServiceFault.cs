namespace Microsoft.Xrm.Sdk
{
    using System;
    using System.Runtime.Serialization;

    /// <summary>The detail of a fault the platform raises.</summary>
    [DataContract(Name = "BaseServiceFault", Namespace = XrmNamespaces.Contracts2011)]
    public class BaseServiceFault : IExtensibleDataObject
    {
        private ErrorDetailCollection errorDetails;

        [DataMember]
        public int ErrorCode { get; set; }

        [DataMember]
        public ErrorDetailCollection ErrorDetails
        {
            get => errorDetails ?? (errorDetails = new ErrorDetailCollection());
            set => errorDetails = value;
        }

        [DataMember]
        public string Message { get; set; }

        [DataMember]
        public DateTime Timestamp { get; set; } = DateTime.UtcNow;

        public ExtensionDataObject ExtensionData { get; set; }
    }

    /// <summary>The detail of an organization service fault: error code, message, trace and inner fault.</summary>
    [DataContract(Name = "OrganizationServiceFault", Namespace = XrmNamespaces.Contracts2011)]
    public sealed class OrganizationServiceFault : BaseServiceFault
    {
        [DataMember]
        public string TraceText { get; set; }

        [DataMember]
        public OrganizationServiceFault InnerFault { get; set; }
    }
}
