using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace WinBack.Packaging.Registration;

/// <summary>A plug-in assembly as the packer sees it: its identity and the registration declared on its types.</summary>
public sealed class ScannedAssembly
{
    public string Name { get; set; } = "";
    public string FullName { get; set; } = "";
    public string Path { get; set; } = "";
    public List<ScannedType> Types { get; set; } = new();

    public ScannedType? Type(string fullName) => Types.FirstOrDefault(t => t.FullName == fullName);
}

public sealed class ScannedType
{
    public string FullName { get; set; } = "";
    public bool IsPublic { get; set; }
    public bool IsAbstract { get; set; }
    /// <summary>Implements Microsoft.Xrm.Sdk.IPlugin, directly or through a base class in the same assembly.</summary>
    public bool IsPlugin { get; set; }
    public List<DeclaredStep> Steps { get; set; } = new();
    public DeclaredCustomApi? CustomApi { get; set; }
    public List<DeclaredParameter> RequestParameters { get; set; } = new();
    public List<DeclaredParameter> ResponseProperties { get; set; } = new();
}

public sealed class DeclaredStep
{
    public string Message { get; set; } = "";
    public string Table { get; set; } = "";
    public int Stage { get; set; }
    public int Mode { get; set; }
    public int Rank { get; set; } = 1;
    public string? FilteringAttributes { get; set; }
    public string? PreImage { get; set; }
    public string? PostImage { get; set; }
    public string? UnsecureConfiguration { get; set; }
    public string? Description { get; set; }
}

public sealed class DeclaredCustomApi
{
    public string UniqueName { get; set; } = "";
    public int BindingType { get; set; }
    public string? BoundTable { get; set; }
    public bool IsFunction { get; set; }
    public bool IsPrivate { get; set; }
    public string? DisplayName { get; set; }
    public string? Description { get; set; }
    public string? ExecutePrivilegeName { get; set; }
}

public sealed class DeclaredParameter
{
    public string UniqueName { get; set; } = "";
    public int Type { get; set; }
    public bool IsOptional { get; set; }
    public string? Table { get; set; }
    public string? DisplayName { get; set; }
    public string? Description { get; set; }
}

/// <summary>
/// Reads the registration attributes (WinBack.Plugins.Registration) from a compiled assembly's metadata, without
/// loading it: the assembly is the net462 build, which this .NET process could not run anyway.
/// </summary>
public static class AssemblyScanner
{
    private const string RegistrationNamespace = "WinBack.Plugins.Registration";
    private const string PluginInterface = "Microsoft.Xrm.Sdk.IPlugin";

    public static ScannedAssembly Scan(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata) throw new BadImageFormatException($"{path} is not a .NET assembly.");
        var md = pe.GetMetadataReader();
        var def = md.GetAssemblyDefinition();
        var name = def.GetAssemblyName();
        var scanned = new ScannedAssembly
        {
            Name = md.GetString(def.Name),
            FullName = FullName(md, def),
            Path = System.IO.Path.GetFullPath(path),
        };

        var provider = new AttributeTypeProvider();
        var byHandle = new Dictionary<TypeDefinitionHandle, ScannedType>();
        foreach (var handle in md.TypeDefinitions)
        {
            var type = md.GetTypeDefinition(handle);
            var fullName = TypeName(md, handle);
            if (fullName == "<Module>") continue;
            var visibility = type.Attributes & System.Reflection.TypeAttributes.VisibilityMask;
            var scannedType = new ScannedType
            {
                FullName = fullName,
                IsPublic = visibility is System.Reflection.TypeAttributes.Public or System.Reflection.TypeAttributes.NestedPublic,
                IsAbstract = (type.Attributes & System.Reflection.TypeAttributes.Abstract) != 0,
            };
            byHandle[handle] = scannedType;
            foreach (var attributeHandle in type.GetCustomAttributes())
            {
                var attribute = md.GetCustomAttribute(attributeHandle);
                var attributeType = AttributeTypeName(md, attribute);
                if (attributeType is null || !attributeType.StartsWith(RegistrationNamespace + ".", StringComparison.Ordinal)) continue;
                var value = attribute.DecodeValue(provider);
                Apply(scannedType, attributeType[(RegistrationNamespace.Length + 1)..], value);
            }
            scanned.Types.Add(scannedType);
        }

        foreach (var (handle, scannedType) in byHandle)
        {
            scannedType.IsPlugin = ImplementsPlugin(md, handle, new HashSet<TypeDefinitionHandle>());
        }
        return scanned;
    }

    private static void Apply(ScannedType type, string attribute, CustomAttributeValue<string> value)
    {
        var fixedArgs = value.FixedArguments;
        var named = value.NamedArguments.ToDictionary(a => a.Name ?? "", a => a.Value, StringComparer.Ordinal);
        string? Str(string key) => named.TryGetValue(key, out var v) ? v as string : null;
        bool Bool(string key) => named.TryGetValue(key, out var v) && v is true;
        int? Int(string key) => named.TryGetValue(key, out var v) && v is int i ? i : null;

        switch (attribute)
        {
            case "PluginStepAttribute":
                type.Steps.Add(new DeclaredStep
                {
                    Message = (string?)fixedArgs[0].Value ?? "",
                    Table = (string?)fixedArgs[1].Value ?? "",
                    Stage = Convert.ToInt32(fixedArgs[2].Value, System.Globalization.CultureInfo.InvariantCulture),
                    Mode = Convert.ToInt32(fixedArgs[3].Value, System.Globalization.CultureInfo.InvariantCulture),
                    Rank = Int("Rank") ?? 1,
                    FilteringAttributes = Str("FilteringAttributes"),
                    PreImage = Str("PreImage"),
                    PostImage = Str("PostImage"),
                    UnsecureConfiguration = Str("UnsecureConfiguration"),
                    Description = Str("Description"),
                });
                break;
            case "CustomApiAttribute":
                type.CustomApi = new DeclaredCustomApi
                {
                    UniqueName = (string?)fixedArgs[0].Value ?? "",
                    BindingType = Int("BindingType") ?? 0,
                    BoundTable = Str("BoundTable"),
                    IsFunction = Bool("IsFunction"),
                    IsPrivate = Bool("IsPrivate"),
                    DisplayName = Str("DisplayName"),
                    Description = Str("Description"),
                    ExecutePrivilegeName = Str("ExecutePrivilegeName"),
                };
                break;
            case "CustomApiRequestParameterAttribute":
            case "CustomApiResponsePropertyAttribute":
                var parameter = new DeclaredParameter
                {
                    UniqueName = (string?)fixedArgs[0].Value ?? "",
                    Type = Convert.ToInt32(fixedArgs[1].Value, System.Globalization.CultureInfo.InvariantCulture),
                    IsOptional = Bool("IsOptional"),
                    Table = Str("Table"),
                    DisplayName = Str("DisplayName"),
                    Description = Str("Description"),
                };
                (attribute == "CustomApiRequestParameterAttribute" ? type.RequestParameters : type.ResponseProperties).Add(parameter);
                break;
        }
    }

    private static bool ImplementsPlugin(MetadataReader md, TypeDefinitionHandle handle, HashSet<TypeDefinitionHandle> seen)
    {
        if (!seen.Add(handle)) return false;
        var type = md.GetTypeDefinition(handle);
        foreach (var implHandle in type.GetInterfaceImplementations())
        {
            var iface = md.GetInterfaceImplementation(implHandle).Interface;
            if (HandleName(md, iface) == PluginInterface) return true;
        }
        var baseType = type.BaseType;
        // Interfaces (and <Module>) have no base type: a nil handle that still reports the TypeDefinition kind.
        return !baseType.IsNil && baseType.Kind == HandleKind.TypeDefinition && ImplementsPlugin(md, (TypeDefinitionHandle)baseType, seen);
    }

    private static string? HandleName(MetadataReader md, EntityHandle handle) => handle.Kind switch
    {
        HandleKind.TypeDefinition => TypeName(md, (TypeDefinitionHandle)handle),
        HandleKind.TypeReference => TypeName(md, (TypeReferenceHandle)handle),
        _ => null,
    };

    private static string? AttributeTypeName(MetadataReader md, CustomAttribute attribute)
    {
        switch (attribute.Constructor.Kind)
        {
            case HandleKind.MethodDefinition:
                var method = md.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor);
                return TypeName(md, method.GetDeclaringType());
            case HandleKind.MemberReference:
                var member = md.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
                return HandleName(md, member.Parent);
            default:
                return null;
        }
    }

    internal static string TypeName(MetadataReader md, TypeDefinitionHandle handle)
    {
        var type = md.GetTypeDefinition(handle);
        var name = md.GetString(type.Name);
        if (type.IsNested) return TypeName(md, type.GetDeclaringType()) + "+" + name;
        var ns = md.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    internal static string TypeName(MetadataReader md, TypeReferenceHandle handle)
    {
        var type = md.GetTypeReference(handle);
        var name = md.GetString(type.Name);
        if (type.ResolutionScope.Kind == HandleKind.TypeReference) return TypeName(md, (TypeReferenceHandle)type.ResolutionScope) + "+" + name;
        var ns = md.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    private static string FullName(MetadataReader md, AssemblyDefinition def)
    {
        var version = def.Version;
        var culture = md.GetString(def.Culture);
        var key = md.GetBlobBytes(def.PublicKey);
        var token = "null";
        if (key.Length > 0)
        {
            var hash = System.Security.Cryptography.SHA1.HashData(key);
            token = string.Concat(hash.Skip(hash.Length - 8).Reverse().Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
        }
        return $"{md.GetString(def.Name)}, Version={version}, Culture={(culture.Length == 0 ? "neutral" : culture)}, PublicKeyToken={token}";
    }

    /// <summary>Decodes attribute arguments; every enum the registration attributes use is an int.</summary>
    private sealed class AttributeTypeProvider : ICustomAttributeTypeProvider<string>
    {
        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();
        public string GetSystemType() => "System.Type";
        public string GetSZArrayType(string elementType) => elementType + "[]";
        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => TypeName(reader, handle);
        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => TypeName(reader, handle);
        public string GetTypeFromSerializedName(string name) => name;
        public PrimitiveTypeCode GetUnderlyingEnumType(string type) => PrimitiveTypeCode.Int32;
        public bool IsSystemType(string type) => type == "System.Type";
    }
}
