namespace Microsoft.Xrm.Sdk
{
    using System;

    /// <summary>Base interface for a plug-in.</summary>
    public interface IPlugin
    {
        void Execute(IServiceProvider serviceProvider);
    }
}
