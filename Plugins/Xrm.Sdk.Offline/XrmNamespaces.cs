namespace Microsoft.Xrm.Sdk
{
    /// <summary>The data contract namespaces of Microsoft's assembly.</summary>
    internal static class XrmNamespaces
    {
        public const string Contracts2011 = "http://schemas.microsoft.com/xrm/2011/Contracts";
        public const string Contracts2012 = "http://schemas.microsoft.com/xrm/2012/Contracts";
        public const string Contracts71 = "http://schemas.microsoft.com/xrm/7.1/Contracts";
        public const string Contracts9 = "http://schemas.microsoft.com/xrm/9.0/Contracts";
        public const string Services2011 = "http://schemas.microsoft.com/xrm/2011/Contracts/Services";
    }
}
