using System.Runtime.Loader;
using System.ServiceModel;
using Microsoft.Xrm.Sdk;

namespace Xrm.Sdk.Offline.Tests;

/// <summary>
/// A net462 plug-in assembly loaded into .NET 10 the way the local Dataverse loads one (a collectible load context fed
/// with the assembly's bytes, no resolving handler) binds Microsoft.Xrm.Sdk and System.ServiceModel to the host's
/// offline SDK and fault stand-in, because both carry the framework identities the plug-in references.
/// </summary>
public sealed class LoadContextTests : IDisposable
{
    private readonly AssemblyLoadContext context = new AssemblyLoadContext("sandbox-plugin", isCollectible: true);
    private readonly System.Reflection.Assembly plugins;

    public LoadContextTests()
    {
        using var bytes = new MemoryStream(File.ReadAllBytes(BuiltAssemblies.SandboxPluginNet462));
        plugins = context.LoadFromStream(bytes);
    }

    [Fact]
    public void The_net462_plugin_references_the_framework_identities()
    {
        var references = plugins.GetReferencedAssemblies().Select(r => r.FullName).ToList();

        Assert.Contains("Microsoft.Xrm.Sdk, Version=9.0.0.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35", references);
        Assert.Contains("System.ServiceModel, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089", references);
    }

    [Fact]
    public void A_fault_thrown_by_a_net462_plugin_is_caught_as_the_hosts_fault_type()
    {
        IPlugin plugin = Create("FaultingPlugin");

        var fault = Assert.Throws<FaultException<OrganizationServiceFault>>(() => plugin.Execute(new Provider(null)));

        Assert.Equal(-2147220969, fault.Detail.ErrorCode);
        Assert.Equal(fault.Detail.Message, fault.Message);
    }

    [Fact]
    public void A_refusal_thrown_by_a_net462_plugin_is_caught_as_the_hosts_refusal_type()
    {
        IPlugin plugin = Create("RefusingPlugin");

        var refusal = Assert.Throws<InvalidPluginExecutionException>(() => plugin.Execute(new Provider(null)));

        Assert.Equal("Close the remediation first.", refusal.Message);
    }

    [Fact]
    public void A_net462_plugin_works_on_the_hosts_entities()
    {
        var context = new FakePluginContext();
        var target = new Entity("account");
        context.InputParameters["Target"] = target;

        Create("StampingPlugin").Execute(new Provider(context));

        Assert.Equal("stamped by Xrm.Sdk.Offline.SandboxPlugin", target["description"]);
    }

    public void Dispose() => context.Unload();

    private IPlugin Create(string typeName) =>
        (IPlugin)Activator.CreateInstance(plugins.GetType("Xrm.Sdk.Offline.SandboxPlugin." + typeName, throwOnError: true));

    private sealed class Provider(IPluginExecutionContext context) : IServiceProvider
    {
        public object GetService(Type serviceType) => serviceType == typeof(IPluginExecutionContext) ? context : null;
    }
}
