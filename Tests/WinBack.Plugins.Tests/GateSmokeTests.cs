using Microsoft.Xrm.Sdk;

namespace WinBack.Plugins.Tests;

public sealed class GateSmokeTests
{
    [Fact]
    public void An_outreach_on_a_verified_remediation_is_created_and_stamped()
    {
        using var world = new GateWorld();
        var remediation = world.VerifiedRemediation();

        var id = world.As(world.Rep).Create(world.Outreach(remediation));

        var stored = world.Read("wb_outreach", id, "wb_gatestamp", "wb_gatecheckedon");
        Assert.StartsWith("gate:v1;remediation:" + remediation.ToString("D"), stored.GetAttributeValue<string>("wb_gatestamp"));
    }
}
