namespace System.ServiceModel
{
    /// <summary>Stand-in for the .NET Framework's System.ServiceModel.FaultCode (SOAP fault code).</summary>
    public class FaultCode
    {
        private const string Soap12Namespace = "http://www.w3.org/2003/05/soap-envelope";

        public FaultCode(string name) : this(name, string.Empty, null) { }

        public FaultCode(string name, FaultCode subCode) : this(name, string.Empty, subCode) { }

        public FaultCode(string name, string ns) : this(name, ns, null) { }

        public FaultCode(string name, string ns, FaultCode subCode)
        {
            if (name == null) throw new ArgumentNullException(nameof(name));
            if (name.Length == 0) throw new ArgumentOutOfRangeException(nameof(name));
            if (ns == null) throw new ArgumentNullException(nameof(ns));
            Name = name;
            Namespace = ns;
            SubCode = subCode;
        }

        public bool IsPredefinedFault => Namespace.Length == 0 || Namespace == Soap12Namespace;

        public bool IsReceiverFault => IsPredefinedFault && Name == "Receiver";

        public bool IsSenderFault => IsPredefinedFault && Name == "Sender";

        public string Name { get; }

        public string Namespace { get; }

        public FaultCode SubCode { get; }

        public static FaultCode CreateReceiverFaultCode(FaultCode subCode) => new FaultCode("Receiver", subCode);

        public static FaultCode CreateReceiverFaultCode(string name, string ns) => CreateReceiverFaultCode(new FaultCode(name, ns));

        public static FaultCode CreateSenderFaultCode(FaultCode subCode) => new FaultCode("Sender", subCode);

        public static FaultCode CreateSenderFaultCode(string name, string ns) => CreateSenderFaultCode(new FaultCode(name, ns));
    }
}
