using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace WinBack.Plugins.Tests;

/// <summary>
/// The Dataverse rules the plug-in assembly keeps, checked on the assembly and registrations the solution ships:
/// Dataverse caches plug-in instances and calls them on many threads, runs them inside its transaction, and charges
/// every request.
/// </summary>
public sealed class PluginRulesTests
{
    private static readonly Lazy<WinBack.Packaging.Model.SolutionModel> Solution = new(() => WinBack.Packaging.SolutionReader.Read(TestOrganization.SolutionZip));

    private static MetadataReader Assembly(out PEReader pe)
    {
        var content = Assert.Single(Solution.Value.PluginAssemblies).Content;
        Assert.NotNull(content);
        pe = new PEReader(ImmutableArray.Create(content));
        return pe.GetMetadataReader();
    }

    [Fact]
    public void Every_update_step_names_its_filtering_columns()
    {
        var updates = Solution.Value.Steps.Where(s => s.Message == "Update").ToList();

        Assert.NotEmpty(updates);
        Assert.All(updates, step => Assert.True(step.FilteringAttributes.Count > 0, step.Name + " runs on every update of " + step.PrimaryTable));
    }

    [Fact]
    public void The_plugin_assembly_keeps_no_mutable_static_state_and_no_plugin_keeps_mutable_instance_state()
    {
        var reader = Assembly(out var pe);
        using (pe)
        {
            var offenders = new List<string>();
            var pluginTypes = 0;
            foreach (var handle in reader.TypeDefinitions)
            {
                var type = reader.GetTypeDefinition(handle);
                var typeName = reader.GetString(type.Name);
                var isPlugin = typeName == "PluginBase" || (!type.BaseType.IsNil && type.BaseType.Kind == HandleKind.TypeDefinition
                    && reader.GetString(reader.GetTypeDefinition((TypeDefinitionHandle)type.BaseType).Name) == "PluginBase");
                if (isPlugin)
                {
                    pluginTypes++;
                    foreach (var fieldHandle in type.GetFields())
                    {
                        var field = reader.GetFieldDefinition(fieldHandle);
                        if ((field.Attributes & (FieldAttributes.Static | FieldAttributes.InitOnly | FieldAttributes.Literal)) == 0)
                        {
                            offenders.Add(typeName + "." + reader.GetString(field.Name) + " (instance, writable)");
                        }
                    }
                }

                if (typeName.Contains('<'))
                {
                    continue;   // compiler-generated lambda caches
                }

                foreach (var fieldHandle in type.GetFields())
                {
                    var field = reader.GetFieldDefinition(fieldHandle);
                    var name = reader.GetString(field.Name);
                    var attributes = field.Attributes;
                    var constant = (attributes & (FieldAttributes.Literal | FieldAttributes.InitOnly)) != 0;
                    if ((attributes & FieldAttributes.Static) != 0 && !constant && !name.Contains('<'))
                    {
                        offenders.Add(reader.GetString(type.Namespace) + "." + typeName + "." + name + " (static)");
                    }
                }
            }

            Assert.True(pluginTypes >= 6, pluginTypes + " plug-in classes found");
            Assert.Empty(offenders);
        }
    }

    [Fact]
    public void The_plugin_assembly_neither_locks_nor_sleeps_nor_works_in_parallel_nor_batches_requests_nor_asks_for_all_columns()
    {
        var reader = Assembly(out var pe);
        using (pe)
        {
            var forbidden = new[]
            {
                "System.Threading.Monitor", "System.Threading.Thread", "System.Threading.Tasks.Parallel", "System.Threading.Tasks.Task",
                "Microsoft.Xrm.Sdk.Messages.ExecuteMultipleRequest", "Microsoft.Xrm.Sdk.Messages.ExecuteTransactionRequest",
            };
            var referenced = reader.TypeReferences
                .Select(h => reader.GetTypeReference(h))
                .Select(t => reader.GetString(t.Namespace) + "." + reader.GetString(t.Name))
                .ToList();
            Assert.Empty(referenced.Intersect(forbidden));

            // ColumnSet(true) and AllColumns = true would read every column.
            var members = reader.MemberReferences.Select(h => reader.GetMemberReference(h))
                .Where(m => m.Parent.Kind == HandleKind.TypeReference
                    && reader.GetString(reader.GetTypeReference((TypeReferenceHandle)m.Parent).Name) == "ColumnSet")
                .Select(m => reader.GetString(m.Name) + "/" + reader.GetBlobReader(m.Signature).Length)
                .ToList();
            Assert.Contains(".ctor/5", members);   // instance void (string[]): explicit columns, so the check sees the calls
            Assert.DoesNotContain(members, m => m.StartsWith("set_AllColumns", StringComparison.Ordinal));
            Assert.DoesNotContain(members, m => m == ".ctor/4");   // instance void (bool): the all-columns constructor

            var strings = new List<string>();
            for (var handle = MetadataTokens.UserStringHandle(1); !handle.IsNil; handle = reader.GetNextHandle(handle))
            {
                strings.Add(reader.GetUserString(handle));
            }

            Assert.Contains(strings, s => s.Contains("<attribute name=", StringComparison.Ordinal));
            Assert.DoesNotContain(strings, s => s.Contains("all-attributes", StringComparison.Ordinal));
        }
    }
}
