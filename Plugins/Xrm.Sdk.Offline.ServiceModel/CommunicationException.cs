namespace System.ServiceModel
{
    using System.Runtime.Serialization;

    /// <summary>Stand-in for the .NET Framework's System.ServiceModel.CommunicationException.</summary>
    [Serializable]
    public class CommunicationException : SystemException
    {
        public CommunicationException() { }
        public CommunicationException(string message) : base(message) { }
        public CommunicationException(string message, Exception innerException) : base(message, innerException) { }

#pragma warning disable SYSLIB0051 // kept for the framework's shape
        protected CommunicationException(SerializationInfo info, StreamingContext context) : base(info, context) { }
#pragma warning restore SYSLIB0051
    }
}
