namespace WinBack.Plugins
{
    using System;
    using Microsoft.Xrm.Sdk;

    public sealed class Placeholder : IPlugin
    {
        public void Execute(IServiceProvider serviceProvider) { }
    }
}
