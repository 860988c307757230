using System.ServiceModel;
using Microsoft.Xrm.Sdk;
using WinBack.Packaging.Model;

namespace Dataverse.Local.Tests;

/// <summary>
/// Builds a solution in code whose plug-in assembly is this test assembly's own bytes, so the organization
/// loads and runs the test plug-ins exactly as it loads a packed solution's assembly.
/// </summary>
public sealed class TestSolution
{
    private static readonly byte[] AssemblyBytes = File.ReadAllBytes(typeof(TestSolution).Assembly.Location);

    private static readonly Guid AssemblyId = new("5d1c7a52-6a0e-4f0b-9a51-3a1a3c0d7e11");

    public SolutionModel Model { get; } = new()
    {
        UniqueName = "WinBackTests",
        Publisher = new PublisherModel { UniqueName = "winback", Prefix = "wb", OptionValuePrefix = 68240 },
        PluginAssemblies =
        {
            new PluginAssemblyModel
            {
                Name = "Dataverse.Local.Tests",
                FullName = typeof(TestSolution).Assembly.FullName!,
                Id = AssemblyId,
                // Where Dataverse's exports put an assembly: /PluginAssemblies/<NameWithoutDots>-<ID>/<NameWithoutDots>.dll
                FileName = $"/PluginAssemblies/DataverseLocalTests-{AssemblyId.ToString().ToUpperInvariant()}/DataverseLocalTests.dll",
                Content = AssemblyBytes,
            },
        },
    };

    public TestSolution Step<TPlugin>(string message, string table, int stage, int mode = 0, int rank = 1,
        string? filtering = null, string? config = null, params StepImageModel[] images) where TPlugin : IPlugin
    {
        var step = new StepModel
        {
            Id = Guid.NewGuid(),
            Name = $"{typeof(TPlugin).Name}: {message} of {table}",
            Message = message,
            PrimaryTable = table,
            Stage = stage,
            Mode = mode,
            Rank = rank,
            PluginTypeName = typeof(TPlugin).FullName,
            UnsecureConfiguration = config,
        };
        if (filtering is not null) step.FilteringAttributes.AddRange(filtering.Split(','));
        step.Images.AddRange(images);
        Model.Steps.Add(step);
        var types = Model.PluginAssemblies[0].Types;
        if (types.All(t => t.TypeName != typeof(TPlugin).FullName))
            types.Add(new PluginTypeModel { TypeName = typeof(TPlugin).FullName!, FriendlyName = typeof(TPlugin).Name, Id = Guid.NewGuid() });
        return this;
    }

    public static StepImageModel PreImage(params string[] columns) =>
        new() { Name = "PreImage", EntityAlias = "PreImage", ImageType = 0, Attributes = columns.ToList() };

    public static StepImageModel PostImage(params string[] columns) =>
        new() { Name = "PostImage", EntityAlias = "PostImage", ImageType = 1, Attributes = columns.ToList() };

    public TestSolution Table(TableModel table)
    {
        Model.Tables.Add(table);
        return this;
    }

    public TestSolution Relationship(string name, string parent, string child, string lookup, CascadeType delete)
    {
        Model.Relationships.Add(new RelationshipModel
        {
            SchemaName = name,
            ReferencedTable = parent,
            ReferencedColumn = parent + "id",
            ReferencingTable = child,
            ReferencingColumn = lookup,
            Cascade = new CascadeModel { Delete = delete },
        });
        return this;
    }

    public TestSolution Role(string name, params (string Privilege, PrivilegeDepth Depth)[] privileges)
    {
        var role = new RoleModel { Name = name, Id = Guid.NewGuid() };
        role.Privileges.AddRange(privileges.Select(p => new RolePrivilegeModel { Name = p.Privilege, Depth = p.Depth }));
        Model.Roles.Add(role);
        return this;
    }

    public TestSolution CustomApi(CustomApiModel api)
    {
        Model.CustomApis.Add(api);
        var types = Model.PluginAssemblies[0].Types;
        if (api.PluginTypeName is not null && types.All(t => t.TypeName != api.PluginTypeName))
            types.Add(new PluginTypeModel { TypeName = api.PluginTypeName, FriendlyName = api.PluginTypeName, Id = Guid.NewGuid() });
        return this;
    }

    public LocalOrganization Build(LocalOrganizationOptions? options = null)
    {
        var org = new LocalOrganization(options);
        org.Import(Model);
        return org;
    }

    /// <summary>The usage snapshot table of the product, as the solution defines it.</summary>
    public static TableModel UsageSnapshotTable() => new()
    {
        LogicalName = "wb_usagesnapshot",
        SchemaName = "wb_UsageSnapshot",
        DisplayName = "Usage Snapshot",
        IsCustomTable = true,
        PrimaryIdColumn = "wb_usagesnapshotid",
        PrimaryNameColumn = "wb_name",
        Ownership = TableOwnership.User,
        Columns =
        {
            new ColumnModel { LogicalName = "wb_name", Type = ColumnType.String, MaxLength = 100, RequiredLevel = RequiredLevel.SystemRequired },
            new ColumnModel { LogicalName = "wb_accountid", Type = ColumnType.Lookup, Targets = { "account" } },
            new ColumnModel { LogicalName = "wb_logins", Type = ColumnType.Integer, MinValue = 0, MaxValue = 1000000 },
            new ColumnModel { LogicalName = "wb_spend", Type = ColumnType.Money },
            new ColumnModel { LogicalName = "wb_periodstart", Type = ColumnType.DateTime },
            // As Dataverse exports a custom table: statecode is SystemRequired, and the platform fills it.
            new ColumnModel { LogicalName = "statecode", Type = ColumnType.State, RequiredLevel = RequiredLevel.SystemRequired,
                Options = { new OptionModel { Value = 0, Label = "Active" }, new OptionModel { Value = 1, Label = "Inactive" } } },
            new ColumnModel { LogicalName = "statuscode", Type = ColumnType.Status,
                Options = { new OptionModel { Value = 1, Label = "Active", State = 0 }, new OptionModel { Value = 2, Label = "Inactive", State = 1 } } },
        },
    };
}

public static class Expect
{
    /// <summary>Runs the action and returns the fault it raised, as an SDK caller catches it.</summary>
    public static OrganizationServiceFault Fault(Action action)
    {
        var exception = Assert.Throws<FaultException<OrganizationServiceFault>>(action);
        Assert.Equal(exception.Detail.Message, exception.Message);
        return exception.Detail;
    }
}
