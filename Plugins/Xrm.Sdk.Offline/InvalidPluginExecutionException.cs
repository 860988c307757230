namespace Microsoft.Xrm.Sdk
{
    using System;
    using System.Runtime.Serialization;
    using System.Security;

    /// <summary>The status of a workflow instance after a StopWorkflow activity; the status a plug-in reports.</summary>
    public enum OperationStatus
    {
        Failed = 0,
        Canceled = 1,
        Retry = 2,
        Suspended = 3,
        Succeeded = 4,
    }

    /// <summary>The HTTP status Dataverse answers a Web API call with when a plug-in throws (default 400 Bad Request).</summary>
    public enum PluginHttpStatusCode
    {
        NotSet = 0,
        BadRequest = 400,
        Unauthorized = 401,
        Forbidden = 403,
        NotFound = 404,
        MethodNotAllowed = 405,
        RequestTimeout = 408,
        Conflict = 409,
        Gone = 410,
        PreconditionFailed = 412,
        RequestEntityTooLarge = 413,
        FailedDependency = 424,
        TooManyRequests = 429,
        InternalServerError = 500,
        BadGateway = 502,
        ServiceUnavailable = 503,
        GatewayTimeout = 504,
    }

    /// <summary>Thrown by a plug-in to refuse an operation; its message reaches the user.</summary>
    /// <remarks><see cref="ErrorCode"/> is the exception's HResult unless a non-zero error code is given.</remarks>
    [Serializable]
    public sealed class InvalidPluginExecutionException : Exception, ISerializable
    {
        private readonly OperationStatus status;
        private readonly PluginHttpStatusCode httpStatus;

        public InvalidPluginExecutionException()
        {
            status = OperationStatus.Failed;
            httpStatus = PluginHttpStatusCode.NotSet;
        }

        public InvalidPluginExecutionException(OperationStatus status)
            : this(status, string.Empty)
        {
        }

        public InvalidPluginExecutionException(string message)
            : base(message)
        {
            status = OperationStatus.Failed;
            httpStatus = PluginHttpStatusCode.NotSet;
        }

        public InvalidPluginExecutionException(OperationStatus status, string message)
            : this(status, 0, message)
        {
        }

        public InvalidPluginExecutionException(string message, Exception exception)
            : base(message, exception)
        {
            status = OperationStatus.Failed;
            httpStatus = exception is InvalidPluginExecutionException inner ? inner.HttpStatus : PluginHttpStatusCode.NotSet;
        }

        public InvalidPluginExecutionException(OperationStatus status, int errorCode, string message)
            : this(message)
        {
            this.status = status;
            if (errorCode != 0) HResult = errorCode;
        }

        public InvalidPluginExecutionException(string message, PluginHttpStatusCode httpStatus)
            : this(OperationStatus.Failed, 0, message, httpStatus)
        {
        }

        public InvalidPluginExecutionException(OperationStatus status, int errorCode, string message, PluginHttpStatusCode httpStatus)
            : this(status, errorCode, message)
        {
            this.httpStatus = httpStatus;
        }

#pragma warning disable SYSLIB0051 // the serialization constructor and GetObjectData are part of Microsoft's type
        private InvalidPluginExecutionException(SerializationInfo info, StreamingContext context)
            : base(info, context)
        {
            status = (OperationStatus)info.GetValue(nameof(Status), typeof(OperationStatus));
            try
            {
                httpStatus = (PluginHttpStatusCode)info.GetValue(nameof(HttpStatus), typeof(PluginHttpStatusCode));
            }
            catch (SerializationException)
            {
                httpStatus = PluginHttpStatusCode.NotSet;
            }
        }
#pragma warning restore SYSLIB0051

        public OperationStatus Status => status;

        public int ErrorCode => HResult;

        public PluginHttpStatusCode HttpStatus => httpStatus;

        [SecurityCritical]
#pragma warning disable SYSLIB0051, CS0672 // see above
        public override void GetObjectData(SerializationInfo info, StreamingContext context)
        {
            if (info == null) throw new ArgumentNullException(nameof(info));
            info.AddValue(nameof(Status), status, typeof(OperationStatus));
            info.AddValue(nameof(HttpStatus), httpStatus, typeof(PluginHttpStatusCode));
            base.GetObjectData(info, context);
        }
#pragma warning restore SYSLIB0051, CS0672
    }
}
