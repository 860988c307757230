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

    /// <summary>
    /// Bulk messages are for clients outside the sandbox: "At this time, we don't support using bulk operation
    /// messages in plug-ins" (Learn, "Use bulk operation messages"; checker rule il-avoid-batch-plugin, "Don't use
    /// batch request types in plug-ins and workflow activities"). Checked per method, on the IL of the shipped assembly:
    /// no method constructs a CreateMultiple, UpdateMultiple, UpsertMultiple, ExecuteMultiple or ExecuteTransaction
    /// request, and no request is sent by one of those names.
    /// </summary>
    [Fact]
    public void The_plugin_assembly_sends_no_bulk_messages()
    {
        var bulk = new[]
        {
            "CreateMultipleRequest", "UpdateMultipleRequest", "UpsertMultipleRequest", "ExecuteMultipleRequest", "ExecuteTransactionRequest",
        };
        var reader = Assembly(out var pe);
        using (pe)
        {
            var offenders = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var typeHandle in reader.TypeDefinitions)
            {
                var type = reader.GetTypeDefinition(typeHandle);
                foreach (var methodHandle in type.GetMethods())
                {
                    var method = reader.GetMethodDefinition(methodHandle);
                    if (method.RelativeVirtualAddress == 0)
                    {
                        continue;
                    }

                    var il = pe.GetMethodBody(method.RelativeVirtualAddress).GetILBytes()!;
                    for (var i = 0; i + 4 < il.Length; i++)
                    {
                        if (il[i] != 0x73)
                        {
                            continue;   // newobj
                        }

                        var token = BitConverter.ToInt32(il, i + 1);
                        if ((token >> 24) != 0x0A || (token & 0xFFFFFF) == 0 || (token & 0xFFFFFF) > reader.GetTableRowCount(TableIndex.MemberRef))
                        {
                            continue;   // not a member reference
                        }

                        var member = reader.GetMemberReference(MetadataTokens.MemberReferenceHandle(token & 0xFFFFFF));
                        if (member.Parent.Kind == HandleKind.TypeReference
                            && bulk.Contains(reader.GetString(reader.GetTypeReference((TypeReferenceHandle)member.Parent).Name)))
                        {
                            var owner = reader.GetString(type.Name);
                            var declaring = type.GetDeclaringType();
                            if (!declaring.IsNil || owner.Contains('<'))
                            {
                                owner = reader.GetString(reader.GetTypeDefinition(declaring.IsNil ? typeHandle : declaring).Name);
                            }

                            offenders.Add(owner + "." + reader.GetString(method.Name));
                        }
                    }
                }
            }

            var strings = new List<string>();
            for (var handle = MetadataTokens.UserStringHandle(1); !handle.IsNil; handle = reader.GetNextHandle(handle))
            {
                strings.Add(reader.GetUserString(handle));
            }

            Assert.DoesNotContain(strings, s => s is "CreateMultiple" or "UpdateMultiple" or "UpsertMultiple" or "ExecuteMultiple" or "ExecuteTransaction");
            Assert.Empty(offenders);
        }
    }
}
