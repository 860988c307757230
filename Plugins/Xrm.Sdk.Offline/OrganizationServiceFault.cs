namespace Microsoft.Xrm.Sdk
{
    using System;
    using System.Globalization;
    using System.Runtime.Serialization;
    using System.Text;

    /// <summary>The common detail of the faults Dataverse raises.</summary>
    [DataContract(Name = "BaseServiceFault", Namespace = XrmNamespaces.Contracts2011)]
    [KnownType(typeof(OrganizationServiceFault))]
    [Serializable]
    public abstract class BaseServiceFault : IExtensibleDataObject
    {
        private ErrorDetailCollection errorDetails;

        [NonSerialized]
        private ExtensionDataObject extensionData;

        /// <summary>The platform's error message (always English).</summary>
        [DataMember]
        public string Message { get; set; }

        /// <summary>The platform's error code, e.g. -2147220891 (0x80040265) for a plug-in's refusal.</summary>
        [DataMember]
        public int ErrorCode { get; set; }

        [DataMember]
        public string HelpLink { get; set; }

        /// <summary>Server time (UTC) of the error.</summary>
        [DataMember]
        public DateTime Timestamp { get; set; }

        [DataMember]
        public Guid ActivityId { get; set; }

        [DataMember]
        public ErrorDetailCollection ErrorDetails
        {
            get => errorDetails ?? (errorDetails = new ErrorDetailCollection());
            set => errorDetails = value;
        }

        public ExtensionDataObject ExtensionData
        {
            get => extensionData;
            set => extensionData = value;
        }
    }

    /// <summary>
    /// The detail of an organization service fault. Callers receive it as
    /// <c>System.ServiceModel.FaultException&lt;OrganizationServiceFault&gt;</c>.
    /// </summary>
    [DataContract(Name = "OrganizationServiceFault", Namespace = XrmNamespaces.Contracts2011)]
    [Serializable]
    public class OrganizationServiceFault : BaseServiceFault
    {
        /// <summary>The trace written by the plug-ins that ran, when one of them failed.</summary>
        [DataMember]
        public string TraceText { get; set; }

        [DataMember]
        public OrganizationServiceFault InnerFault { get; set; }

        public override string ToString()
        {
            var text = new StringBuilder();
            for (OrganizationServiceFault fault = this; fault != null; fault = fault.InnerFault)
            {
                text.AppendLine("Exception details: ");
                text.AppendLine("ErrorCode: 0x" + fault.ErrorCode.ToString("X", CultureInfo.InvariantCulture));
                text.AppendLine("Message: " + fault.Message);
                if (fault.ErrorDetails.TryGetValue("CallStack", out object callStack))
                {
                    text.AppendLine("StackTrace: ");
                    text.AppendLine(callStack as string);
                }

                text.AppendLine("TimeStamp: " + fault.Timestamp.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture));
                text.AppendLine("--");
            }

            return text.ToString();
        }
    }
}
