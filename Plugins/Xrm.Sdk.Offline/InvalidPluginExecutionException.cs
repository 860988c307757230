namespace Microsoft.Xrm.Sdk
{
    using System;
    using System.Runtime.Serialization;

    /// <summary>The status a plug-in reports with an exception.</summary>
    [DataContract(Name = "OperationStatus", Namespace = XrmNamespaces.Contracts2011)]
    public enum OperationStatus
    {
        [EnumMember]
        Failed = 0,

        [EnumMember]
        Canceled = 1,

        [EnumMember]
        Retry = 2,

        [EnumMember]
        Suspended = 3,

        [EnumMember]
        Succeeded = 4,
    }

    /// <summary>The HTTP status a plug-in asks Dataverse to answer a Web API call with.</summary>
    public enum PluginHttpStatusCode
    {
        BadRequest = 400,
        Unauthorized = 401,
        PaymentRequired = 402,
        Forbidden = 403,
        NotFound = 404,
        MethodNotAllowed = 405,
        NotAcceptable = 406,
        ProxyAuthenticationRequired = 407,
        RequestTimeout = 408,
        Conflict = 409,
        Gone = 410,
        LengthRequired = 411,
        PreconditionFailed = 412,
        RequestEntityTooLarge = 413,
        RequestUriTooLong = 414,
        UnsupportedMediaType = 415,
        RequestedRangeNotSatisfiable = 416,
        ExpectationFailed = 417,
        UpgradeRequired = 426,
        InternalServerError = 500,
        NotImplemented = 501,
        BadGateway = 502,
        ServiceUnavailable = 503,
        GatewayTimeout = 504,
        HttpVersionNotSupported = 505,
    }

    /// <summary>Thrown by a plug-in to refuse an operation with a message the user reads.</summary>
    [Serializable]
    public class InvalidPluginExecutionException : Exception
    {
        private const int DefaultErrorCode = -2147220891; // 0x80040265, ISV code aborted the operation
        private const PluginHttpStatusCode DefaultHttpStatus = PluginHttpStatusCode.BadRequest;

        public InvalidPluginExecutionException()
            : this(OperationStatus.Failed)
        {
        }

        public InvalidPluginExecutionException(string message)
            : this(OperationStatus.Failed, message)
        {
        }

        public InvalidPluginExecutionException(string message, Exception inner)
            : this(OperationStatus.Failed, message, inner)
        {
        }

        public InvalidPluginExecutionException(OperationStatus status)
            : base()
        {
            Status = status;
            ErrorCode = DefaultErrorCode;
            HttpStatus = DefaultHttpStatus;
        }

        public InvalidPluginExecutionException(OperationStatus status, string message)
            : base(message)
        {
            Status = status;
            ErrorCode = DefaultErrorCode;
            HttpStatus = DefaultHttpStatus;
        }

        public InvalidPluginExecutionException(OperationStatus status, int errorCode, string message)
            : base(message)
        {
            Status = status;
            ErrorCode = errorCode;
            HttpStatus = DefaultHttpStatus;
        }

        public InvalidPluginExecutionException(OperationStatus status, string message, Exception inner)
            : base(message, inner)
        {
            Status = status;
            ErrorCode = DefaultErrorCode;
            HttpStatus = DefaultHttpStatus;
        }

        public InvalidPluginExecutionException(string message, PluginHttpStatusCode httpStatus)
            : base(message)
        {
            Status = OperationStatus.Failed;
            ErrorCode = DefaultErrorCode;
            HttpStatus = httpStatus;
        }

        public InvalidPluginExecutionException(string message, Exception inner, PluginHttpStatusCode httpStatus)
            : base(message, inner)
        {
            Status = OperationStatus.Failed;
            ErrorCode = DefaultErrorCode;
            HttpStatus = httpStatus;
        }

#pragma warning disable SYSLIB0051 // the framework's serialization constructor is part of Microsoft's signature
        protected InvalidPluginExecutionException(SerializationInfo info, StreamingContext context)
            : base(info, context)
        {
            Status = OperationStatus.Failed;
            ErrorCode = DefaultErrorCode;
            HttpStatus = DefaultHttpStatus;
        }
#pragma warning restore SYSLIB0051

        public OperationStatus Status { get; private set; }

        public int ErrorCode { get; private set; }

        public PluginHttpStatusCode HttpStatus { get; private set; }
    }
}
