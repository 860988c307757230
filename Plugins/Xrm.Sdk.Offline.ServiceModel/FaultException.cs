namespace System.ServiceModel
{
    using System.Runtime.Serialization;

    /// <summary>Stand-in for the .NET Framework's System.ServiceModel.FaultException (a SOAP fault).</summary>
    [Serializable]
    public class FaultException : CommunicationException
    {
        internal const string NoReasonText = "The creator of this fault did not specify a Reason.";

        public FaultException()
            : this(DefaultReason(), DefaultCode(), null)
        {
        }

        public FaultException(string reason)
            : this(CreateReason(reason), DefaultCode(), null)
        {
        }

        public FaultException(string reason, FaultCode code)
            : this(CreateReason(reason), code, null)
        {
        }

        public FaultException(string reason, FaultCode code, string action)
            : this(CreateReason(reason), code, action)
        {
        }

        public FaultException(FaultReason reason)
            : this(reason, DefaultCode(), null)
        {
        }

        public FaultException(FaultReason reason, FaultCode code)
            : this(reason, code, null)
        {
        }

        public FaultException(FaultReason reason, FaultCode code, string action)
            : base(GetSafeReasonText(reason))
        {
            Code = code ?? DefaultCode();
            Reason = reason ?? DefaultReason();
            Action = action;
        }

#pragma warning disable SYSLIB0051 // kept for the framework's shape
        protected FaultException(SerializationInfo info, StreamingContext context)
            : base(info, context)
        {
            Code = DefaultCode();
            Reason = DefaultReason();
        }
#pragma warning restore SYSLIB0051

        public string Action { get; }

        public FaultCode Code { get; }

        public override string Message => GetSafeReasonText(Reason);

        public FaultReason Reason { get; }

        internal static FaultReason DefaultReason() => new FaultReason(NoReasonText);

        internal static FaultCode DefaultCode() => new FaultCode("Sender");

        internal static FaultReason CreateReason(string reason) => reason == null ? DefaultReason() : new FaultReason(reason);

        internal static string GetSafeReasonText(FaultReason reason)
        {
            if (reason == null) return NoReasonText;
            try
            {
                return reason.GetMatchingTranslation().Text;
            }
            catch (ArgumentException)
            {
                return NoReasonText;
            }
        }
    }

    /// <summary>Stand-in for the .NET Framework's System.ServiceModel.FaultException&lt;TDetail&gt;: a SOAP fault with a typed detail.</summary>
    [Serializable]
    public class FaultException<TDetail> : FaultException
    {
        public FaultException(TDetail detail)
        {
            Detail = detail;
        }

        public FaultException(TDetail detail, string reason)
            : base(reason)
        {
            Detail = detail;
        }

        public FaultException(TDetail detail, FaultReason reason)
            : base(reason)
        {
            Detail = detail;
        }

        public FaultException(TDetail detail, string reason, FaultCode code)
            : base(reason, code)
        {
            Detail = detail;
        }

        public FaultException(TDetail detail, FaultReason reason, FaultCode code)
            : base(reason, code)
        {
            Detail = detail;
        }

        public FaultException(TDetail detail, string reason, FaultCode code, string action)
            : base(reason, code, action)
        {
            Detail = detail;
        }

        public FaultException(TDetail detail, FaultReason reason, FaultCode code, string action)
            : base(reason, code, action)
        {
            Detail = detail;
        }

#pragma warning disable SYSLIB0051 // kept for the framework's shape
        protected FaultException(SerializationInfo info, StreamingContext context)
            : base(info, context)
        {
        }
#pragma warning restore SYSLIB0051

        public TDetail Detail { get; }

        public override string ToString() =>
            string.Format(System.Globalization.CultureInfo.CurrentCulture, "{0}: {1} (Fault Detail is equal to {2}).", GetType(), Message, Detail);
    }
}
