using System.Reflection;
using System.Text;

namespace Xrm.Sdk.Offline.Tests;

/// <summary>
/// The offline SDK's public surface, member by member, against the committed baseline PublicApi.txt. Every line of
/// the baseline was checked against Microsoft's reference; a member added here must be checked the same way (see
/// Plugins/Xrm.Sdk.Offline/README.md) before the baseline is updated. On a difference the test writes the current
/// surface to PublicApi.received.txt in the test output folder, ready to replace the baseline once reviewed.
/// </summary>
public class PublicApiTests
{
    [Fact]
    public void The_public_surface_is_the_reviewed_one()
    {
        string baselinePath = Path.Combine(BuiltAssemblies.RepoRoot, "Tests", "Xrm.Sdk.Offline.Tests", "PublicApi.txt");
        string[] actual = Describe(typeof(Microsoft.Xrm.Sdk.Entity).Assembly).ToArray();
        string[] expected = File.Exists(baselinePath) ? File.ReadAllLines(baselinePath) : Array.Empty<string>();

        string[] added = actual.Except(expected, StringComparer.Ordinal).ToArray();
        string[] removed = expected.Except(actual, StringComparer.Ordinal).ToArray();
        string received = Path.Combine(AppContext.BaseDirectory, "PublicApi.received.txt");
        if (added.Length > 0 || removed.Length > 0)
        {
            File.WriteAllLines(received, actual);
        }

        Assert.True(
            added.Length == 0 && removed.Length == 0,
            "Public surface changed (current surface written to " + received + ").\nAdded:\n  " + string.Join("\n  ", added) + "\nRemoved:\n  " + string.Join("\n  ", removed));
    }

    internal static IEnumerable<string> Describe(Assembly assembly)
    {
        var lines = new List<string>();
        foreach (Type type in assembly.GetExportedTypes())
        {
            string name = TypeName(type);
            lines.Add(name + " : " + Kind(type));
            const BindingFlags declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (MemberInfo member in type.GetMembers(declared))
            {
                string described = Member(member);
                if (described != null) lines.Add(name + " :: " + described);
            }
        }

        return lines.Distinct().OrderBy(l => l, StringComparer.Ordinal);
    }

    private static string Kind(Type type)
    {
        if (type.IsEnum) return "enum " + string.Join(", ", Enum.GetNames(type).Select(n => n + "=" + Convert.ToInt64(Enum.Parse(type, n))));
        if (type.IsInterface) return "interface" + Bases(type);
        if (type.IsValueType) return "struct" + Bases(type);
        string modifiers = type.IsAbstract && type.IsSealed ? "static " : type.IsAbstract ? "abstract " : type.IsSealed ? "sealed " : string.Empty;
        return modifiers + "class" + Bases(type);
    }

    private static string Bases(Type type)
    {
        var bases = new List<string>();
        if (type.BaseType != null && type.BaseType != typeof(object) && type.BaseType != typeof(ValueType)) bases.Add(TypeName(type.BaseType));
        bases.AddRange(type.GetInterfaces().Select(TypeName).OrderBy(n => n, StringComparer.Ordinal));
        return bases.Count == 0 ? string.Empty : " : " + string.Join(", ", bases);
    }

    private static string Member(MemberInfo member)
    {
        switch (member)
        {
            case ConstructorInfo ctor when Visible(ctor):
                return Access(ctor) + ".ctor(" + Parameters(ctor) + ")";
            case MethodInfo method when Visible(method) && !method.IsSpecialName:
                return Access(method) + Modifiers(method) + TypeName(method.ReturnType) + " " + method.Name + Generic(method) + "(" + Parameters(method) + ")";
            case MethodInfo op when Visible(op) && op.IsSpecialName && op.Name.StartsWith("op_", StringComparison.Ordinal):
                return Access(op) + "static " + TypeName(op.ReturnType) + " " + op.Name + "(" + Parameters(op) + ")";
            case PropertyInfo property:
                MethodInfo get = property.GetMethod, set = property.SetMethod;
                if (!(get != null && Visible(get)) && !(set != null && Visible(set))) return null;
                MethodInfo any = get != null && Visible(get) ? get : set;
                string index = property.GetIndexParameters().Length == 0 ? string.Empty : "[" + string.Join(", ", property.GetIndexParameters().Select(p => TypeName(p.ParameterType))) + "]";
                return Access(any) + Modifiers(any) + TypeName(property.PropertyType) + " " + property.Name + index + " {" +
                    (get != null && Visible(get) ? " " + Access(get).Trim() + " get;" : string.Empty) +
                    (set != null && Visible(set) ? " " + Access(set).Trim() + " set;" : string.Empty) + " }";
            case FieldInfo field when field.IsPublic || field.IsFamily || field.IsFamilyOrAssembly:
                if (field.DeclaringType!.IsEnum) return null;
                return Access(field) + (field.IsStatic ? "static " : string.Empty) + (field.IsInitOnly ? "readonly " : string.Empty) + TypeName(field.FieldType) + " " + field.Name;
            case EventInfo evt when evt.AddMethod != null && Visible(evt.AddMethod):
                return "event " + TypeName(evt.EventHandlerType!) + " " + evt.Name;
            case Type nested when nested.IsNestedPublic:
                return "nested " + TypeName(nested);
            default:
                return null;
        }
    }

    private static bool Visible(MethodBase method) => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly;

    private static string Access(MethodBase method) => method.IsPublic ? "public " : method.IsFamilyOrAssembly ? "protected internal " : "protected ";

    private static string Access(FieldInfo field) => field.IsPublic ? "public " : field.IsFamilyOrAssembly ? "protected internal " : "protected ";

    private static string Modifiers(MethodInfo method)
    {
        if (method.IsStatic) return "static ";
        if (method.DeclaringType!.IsInterface) return string.Empty;
        if (method.IsAbstract) return "abstract ";
        if (method.IsVirtual && !method.IsFinal) return method.GetBaseDefinition() == method ? "virtual " : "override ";
        if (method.IsVirtual && method.GetBaseDefinition() != method) return "sealed override ";
        return string.Empty;
    }

    private static string Generic(MethodInfo method)
    {
        if (!method.IsGenericMethodDefinition) return string.Empty;
        return "<" + string.Join(", ", method.GetGenericArguments().Select(a =>
        {
            Type[] constraints = a.GetGenericParameterConstraints();
            return a.Name + (constraints.Length == 0 ? string.Empty : " : " + string.Join(" & ", constraints.Select(TypeName)));
        })) + ">";
    }

    private static string Parameters(MethodBase method) =>
        string.Join(", ", method.GetParameters().Select(p =>
            (p.IsDefined(typeof(ParamArrayAttribute)) ? "params " : string.Empty) +
            (p.IsOut ? "out " : p.ParameterType.IsByRef ? "ref " : string.Empty) +
            TypeName(p.ParameterType.IsByRef ? p.ParameterType.GetElementType()! : p.ParameterType) + " " + p.Name +
            (p.HasDefaultValue ? " = " + (p.DefaultValue ?? "null") : string.Empty)));

    private static string TypeName(Type type)
    {
        if (type.IsGenericParameter) return type.Name;
        if (type.IsArray) return TypeName(type.GetElementType()!) + "[]";
        if (Nullable.GetUnderlyingType(type) is Type underlying) return TypeName(underlying) + "?";
        var text = new StringBuilder();
        if (type.IsNested) text.Append(TypeName(type.DeclaringType!)).Append('+');
        else if (!string.IsNullOrEmpty(type.Namespace)) text.Append(type.Namespace).Append('.');
        string name = type.Name;
        int tick = name.IndexOf('`');
        text.Append(tick < 0 ? name : name.Substring(0, tick));
        if (type.IsGenericType)
        {
            Type[] args = type.GetGenericArguments();
            if (type.IsNested) args = args.Skip(type.DeclaringType!.GetGenericArguments().Length).ToArray();
            if (args.Length > 0) text.Append('<').Append(string.Join(", ", args.Select(TypeName))).Append('>');
        }

        return text.ToString();
    }
}
