using System.Reflection;
using System.Runtime.Loader;
using Microsoft.Xrm.Sdk;

namespace Dataverse.Local.Pipeline;

/// <summary>
/// Loads a plug-in assembly from the bytes a solution carries, in its own collectible load context. The SDK
/// (Microsoft.Xrm.Sdk) and System.ServiceModel resolve to the host's already loaded copies, so the plug-in's
/// IPlugin, Entity and FaultException are the very types this organization uses, as in the Dataverse sandbox.
/// </summary>
internal sealed class PluginLoadContext : AssemblyLoadContext
{
    private static readonly Assembly Sdk = typeof(IPlugin).Assembly;
    private static readonly Assembly ServiceModel = typeof(System.ServiceModel.FaultException).Assembly;

    public PluginLoadContext(string name) : base("Dataverse.Local plug-ins: " + name, isCollectible: true) { }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (string.Equals(assemblyName.Name, Sdk.GetName().Name, StringComparison.OrdinalIgnoreCase)) return Sdk;
        if (string.Equals(assemblyName.Name, ServiceModel.GetName().Name, StringComparison.OrdinalIgnoreCase)) return ServiceModel;
        // Anything else (mscorlib, System, netstandard ...) comes from the default context's framework facades.
        return null;
    }
}

/// <summary>The plug-in types an organization can instantiate, by full type name.</summary>
internal sealed class PluginTypeRegistry : IDisposable
{
    private readonly Dictionary<string, Type> _types = new(StringComparer.Ordinal);
    private readonly List<PluginLoadContext> _contexts = new();

    /// <summary>Loads the assembly bytes a solution carries and registers every IPlugin type in it.</summary>
    public Assembly LoadAssembly(string name, byte[] content)
    {
        var context = new PluginLoadContext(name);
        _contexts.Add(context);
        using var stream = new MemoryStream(content, writable: false);
        var assembly = context.LoadFromStream(stream);
        Register(assembly);
        return assembly;
    }

    /// <summary>Registers the IPlugin types of an assembly already loaded in this process.</summary>
    public void Register(Assembly assembly)
    {
        Type[] types;
        try { types = assembly.GetTypes(); }
        catch (ReflectionTypeLoadException e) { types = e.Types.Where(t => t is not null).ToArray()!; }
        foreach (var type in types)
        {
            if (type.IsAbstract || !typeof(IPlugin).IsAssignableFrom(type)) continue;
            _types[type.FullName!] = type;
        }
    }

    public void Register(Type type) => _types[type.FullName!] = type;

    public Type? Find(string typeName)
    {
        if (_types.TryGetValue(typeName, out var type)) return type;
        // Registrations may carry "Namespace.Type, Assembly" or only the short name.
        var comma = typeName.IndexOf(',');
        if (comma > 0 && _types.TryGetValue(typeName[..comma].Trim(), out type)) return type;
        return _types.Values.FirstOrDefault(t => t.Name == typeName);
    }

    /// <summary>
    /// Creates the plug-in as Dataverse does: the (string unsecure, string secure) constructor when the type has
    /// one, else the parameterless one.
    /// </summary>
    public IPlugin Create(StepRegistration step)
    {
        var type = Find(step.PluginTypeName)
                   ?? throw Faults.Create(ErrorCodes.InvalidArgument, $"Plug-in type '{step.PluginTypeName}' was not found in the plug-in assemblies of this organization.");
        var withConfig = type.GetConstructor(new[] { typeof(string), typeof(string) });
        object instance = withConfig is not null
            ? withConfig.Invoke(new object?[] { step.UnsecureConfiguration, step.SecureConfiguration })
            : Activator.CreateInstance(type)!;
        return (IPlugin)instance;
    }

    public void Dispose()
    {
        _types.Clear();
        foreach (var context in _contexts) context.Unload();
        _contexts.Clear();
    }
}
