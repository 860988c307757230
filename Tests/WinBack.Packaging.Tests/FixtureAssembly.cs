extern alias plugins;

using System.Reflection;
using System.Reflection.Emit;
using Microsoft.Xrm.Sdk;
using plugins::WinBack.Plugins.Registration;

namespace WinBack.Packaging.Tests;

/// <summary>
/// Builds a small plug-in assembly on disk (System.Reflection.Emit's PersistedAssemblyBuilder), with whatever
/// classes and registration attributes a test needs, for the packer to read as it reads WinBack.Plugins.
/// </summary>
internal sealed class FixtureAssembly
{
    private readonly PersistedAssemblyBuilder _assembly;
    private readonly ModuleBuilder _module;
    private readonly Dictionary<string, TypeBuilder> _types = new();

    public FixtureAssembly(string name = "Fixture.Plugins")
    {
        _assembly = new PersistedAssemblyBuilder(new AssemblyName(name) { Version = new Version(1, 0, 0, 0) }, typeof(object).Assembly);
        _module = _assembly.DefineDynamicModule(name);
    }

    /// <summary>A public class implementing IPlugin (directly, or through <paramref name="baseType"/>).</summary>
    public FixtureAssembly Plugin(string fullName, params CustomAttributeBuilder[] registration) =>
        Define(fullName, implementsPlugin: true, isAbstract: false, baseType: null, registration);

    public FixtureAssembly AbstractPluginBase(string fullName) =>
        Define(fullName, implementsPlugin: true, isAbstract: true, baseType: null, Array.Empty<CustomAttributeBuilder>());

    public FixtureAssembly DerivedPlugin(string fullName, string baseType, params CustomAttributeBuilder[] registration) =>
        Define(fullName, implementsPlugin: false, isAbstract: false, baseType: _types[baseType].CreateType(), registration);

    /// <summary>A class that is not a plug-in.</summary>
    public FixtureAssembly Class(string fullName, params CustomAttributeBuilder[] registration) =>
        Define(fullName, implementsPlugin: false, isAbstract: false, baseType: null, registration);

    private FixtureAssembly Define(string fullName, bool implementsPlugin, bool isAbstract, Type? baseType, CustomAttributeBuilder[] registration)
    {
        var attributes = TypeAttributes.Public | TypeAttributes.Class | (isAbstract ? TypeAttributes.Abstract : TypeAttributes.Sealed);
        var type = _module.DefineType(fullName, attributes, baseType ?? typeof(object), implementsPlugin ? new[] { typeof(IPlugin) } : Type.EmptyTypes);
        type.DefineDefaultConstructor(MethodAttributes.Public);
        if (implementsPlugin)
        {
            var execute = type.DefineMethod(nameof(IPlugin.Execute),
                MethodAttributes.Public | MethodAttributes.Virtual | MethodAttributes.HideBySig | MethodAttributes.NewSlot,
                typeof(void), new[] { typeof(IServiceProvider) });
            execute.GetILGenerator().Emit(OpCodes.Ret);
            type.DefineMethodOverride(execute, typeof(IPlugin).GetMethod(nameof(IPlugin.Execute))!);
        }
        foreach (var attribute in registration) type.SetCustomAttribute(attribute);
        _types[fullName] = type;
        return this;
    }

    public string Save(string folder)
    {
        foreach (var type in _types.Values) type.CreateType();
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, _assembly.GetName().Name + ".dll");
        _assembly.Save(path);
        return path;
    }

    // ---- registration attributes ---------------------------------------------------------------------

    public static CustomAttributeBuilder Step(string message, string table, PluginStage stage, PluginMode mode,
        string? filtering = null, string? preImage = null, string? postImage = null, int rank = 1)
    {
        var ctor = typeof(PluginStepAttribute).GetConstructor(new[] { typeof(string), typeof(string), typeof(PluginStage), typeof(PluginMode) })!;
        var names = new List<PropertyInfo>();
        var values = new List<object>();
        void Named(string property, object? value)
        {
            if (value is null) return;
            names.Add(typeof(PluginStepAttribute).GetProperty(property)!);
            values.Add(value);
        }
        Named(nameof(PluginStepAttribute.FilteringAttributes), filtering);
        Named(nameof(PluginStepAttribute.PreImage), preImage);
        Named(nameof(PluginStepAttribute.PostImage), postImage);
        if (rank != 1) Named(nameof(PluginStepAttribute.Rank), rank);
        return new CustomAttributeBuilder(ctor, new object[] { message, table, stage, mode }, names.ToArray(), values.ToArray());
    }

    public static CustomAttributeBuilder Api(string uniqueName, CustomApiBinding binding = CustomApiBinding.Global, string? boundTable = null,
        string? displayName = null, string? executePrivilege = null)
    {
        var ctor = typeof(CustomApiAttribute).GetConstructor(new[] { typeof(string) })!;
        var names = new List<PropertyInfo> { typeof(CustomApiAttribute).GetProperty(nameof(CustomApiAttribute.BindingType))! };
        var values = new List<object> { binding };
        if (boundTable is not null) { names.Add(typeof(CustomApiAttribute).GetProperty(nameof(CustomApiAttribute.BoundTable))!); values.Add(boundTable); }
        if (displayName is not null) { names.Add(typeof(CustomApiAttribute).GetProperty(nameof(CustomApiAttribute.DisplayName))!); values.Add(displayName); }
        if (executePrivilege is not null) { names.Add(typeof(CustomApiAttribute).GetProperty(nameof(CustomApiAttribute.ExecutePrivilegeName))!); values.Add(executePrivilege); }
        return new CustomAttributeBuilder(ctor, new object[] { uniqueName }, names.ToArray(), values.ToArray());
    }

    public static CustomAttributeBuilder Request(string uniqueName, CustomApiParameterType type, bool optional = false, string? table = null)
    {
        var ctor = typeof(CustomApiRequestParameterAttribute).GetConstructor(new[] { typeof(string), typeof(CustomApiParameterType) })!;
        var names = new List<PropertyInfo> { typeof(CustomApiRequestParameterAttribute).GetProperty(nameof(CustomApiRequestParameterAttribute.IsOptional))! };
        var values = new List<object> { optional };
        if (table is not null) { names.Add(typeof(CustomApiRequestParameterAttribute).GetProperty(nameof(CustomApiRequestParameterAttribute.Table))!); values.Add(table); }
        return new CustomAttributeBuilder(ctor, new object[] { uniqueName, type }, names.ToArray(), values.ToArray());
    }

    public static CustomAttributeBuilder Response(string uniqueName, CustomApiParameterType type)
    {
        var ctor = typeof(CustomApiResponsePropertyAttribute).GetConstructor(new[] { typeof(string), typeof(CustomApiParameterType) })!;
        return new CustomAttributeBuilder(ctor, new object[] { uniqueName, type });
    }
}
