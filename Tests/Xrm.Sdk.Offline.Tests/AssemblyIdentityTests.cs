namespace Xrm.Sdk.Offline.Tests;

public class AssemblyIdentityTests
{
    [Theory]
    [InlineData("net462")]
    [InlineData("net10.0")]
    public void The_offline_SDK_carries_Microsofts_assembly_identity(string targetFramework)
    {
        AssemblyFacts sdk = BuiltAssemblies.Read(targetFramework == "net462" ? BuiltAssemblies.SdkNet462 : BuiltAssemblies.SdkNet10);

        Assert.Equal("Microsoft.Xrm.Sdk", sdk.Name);
        Assert.Equal(new Version(9, 0, 0, 0), sdk.Version);
        Assert.Equal(BuiltAssemblies.MicrosoftToken, sdk.PublicKeyToken);
    }

    [Fact]
    public void The_SDK_public_key_is_the_one_PresentationFramework_carries_in_the_reference_assemblies()
    {
        byte[] committedKey = File.ReadAllBytes(BuiltAssemblies.SdkPublicKeyFile);
        AssemblyFacts presentationFramework = BuiltAssemblies.Read(Path.Combine(BuiltAssemblies.Net462ReferenceFolder, "PresentationFramework.dll"));

        Assert.Equal(presentationFramework.PublicKey, committedKey);
        Assert.Equal(BuiltAssemblies.MicrosoftToken, BuiltAssemblies.TokenOf(committedKey));
    }

    [Theory]
    [InlineData("net462")]
    [InlineData("net10.0")]
    public void The_offline_SDK_defines_no_fault_types_of_System_ServiceModel(string targetFramework)
    {
        AssemblyFacts sdk = BuiltAssemblies.Read(targetFramework == "net462" ? BuiltAssemblies.SdkNet462 : BuiltAssemblies.SdkNet10);

        Assert.DoesNotContain(sdk.TypeNames, name => name.StartsWith("System.ServiceModel.", StringComparison.Ordinal));
        Assert.DoesNotContain(sdk.TypeNames, name => name.Contains("FaultException", StringComparison.Ordinal));
    }

    [Fact]
    public void The_net10_fault_stand_in_carries_the_framework_identity_of_System_ServiceModel()
    {
        AssemblyFacts standIn = BuiltAssemblies.Read(BuiltAssemblies.ServiceModelStandIn);

        Assert.Equal("System.ServiceModel", standIn.Name);
        Assert.Equal(new Version(4, 0, 0, 0), standIn.Version);
        Assert.Equal(BuiltAssemblies.EcmaToken, standIn.PublicKeyToken);
        Assert.Contains("System.ServiceModel.FaultException`1", standIn.TypeNames);
    }

    [Fact]
    public void The_net462_plugin_assembly_is_strong_named_with_its_own_key()
    {
        AssemblyFacts plugin = BuiltAssemblies.Read(BuiltAssemblies.PluginNet462);

        Assert.Equal("WinBack.Plugins", plugin.Name);
        Assert.NotEmpty(plugin.PublicKey);
        Assert.True(plugin.StrongNameSignedFlag, "the CLI header is not marked strong-name signed");
        Assert.True(plugin.SignatureSize > 0, "no strong-name signature");
        Assert.NotEqual(BuiltAssemblies.MicrosoftToken, plugin.PublicKeyToken);
    }

    [Fact]
    public void The_net462_plugin_assembly_references_Microsofts_SDK_by_its_full_identity()
    {
        AssemblyFacts plugin = BuiltAssemblies.Read(BuiltAssemblies.PluginNet462);

        ReferenceFacts sdk = Assert.Single(plugin.References, r => r.Name == "Microsoft.Xrm.Sdk");
        Assert.Equal(new Version(9, 0, 0, 0), sdk.Version);
        Assert.Equal(BuiltAssemblies.MicrosoftToken, sdk.Token);
    }

    [Fact]
    public void The_net462_plugin_assembly_references_nothing_but_the_framework_and_the_SDK()
    {
        AssemblyFacts plugin = BuiltAssemblies.Read(BuiltAssemblies.PluginNet462);
        string referenceFolder = BuiltAssemblies.Net462ReferenceFolder;

        foreach (ReferenceFacts reference in plugin.References.Where(r => r.Name != "Microsoft.Xrm.Sdk"))
        {
            Assert.True(
                reference.Name == "mscorlib" || reference.Name == "System" || reference.Name.StartsWith("System.", StringComparison.Ordinal),
                reference.Name + " is neither mscorlib, System, System.* nor Microsoft.Xrm.Sdk");
            string frameworkFile = new[] { referenceFolder, Path.Combine(referenceFolder, "Facades") }
                .Select(folder => Path.Combine(folder, reference.Name + ".dll"))
                .FirstOrDefault(File.Exists);
            Assert.True(frameworkFile != null, reference.Name + " is not a .NET Framework 4.6.2 assembly");
            AssemblyFacts framework = BuiltAssemblies.Read(frameworkFile);
            Assert.Equal(framework.PublicKeyToken, reference.Token);
            Assert.Equal(framework.Version, reference.Version);
        }
    }

    [Fact]
    public void The_net10_fault_stand_in_stays_out_of_the_net462_builds()
    {
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(BuiltAssemblies.PluginNet462)!, "System.ServiceModel.dll")));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(BuiltAssemblies.SdkNet462)!, "System.ServiceModel.dll")));
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(BuiltAssemblies.SdkNet10)!, "System.ServiceModel.dll")));
    }

    [Fact]
    public void The_net462_plugin_assembly_is_under_16_MB()
    {
        AssemblyFacts plugin = BuiltAssemblies.Read(BuiltAssemblies.PluginNet462);

        Assert.InRange(plugin.FileSize, 1, (16 * 1024 * 1024) - 1);
    }
}
