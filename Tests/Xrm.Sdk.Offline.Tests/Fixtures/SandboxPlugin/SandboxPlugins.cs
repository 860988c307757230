namespace Xrm.Sdk.Offline.SandboxPlugin
{
    using System;
    using System.ServiceModel;
    using Microsoft.Xrm.Sdk;

    /// <summary>Fails as the platform does: a fault with an OrganizationServiceFault detail.</summary>
    public sealed class FaultingPlugin : IPlugin
    {
        public void Execute(IServiceProvider serviceProvider)
        {
            var fault = new OrganizationServiceFault { ErrorCode = -2147220969, Message = "account With Id = 00000000-0000-0000-0000-000000000001 Does Not Exist" };
            throw new FaultException<OrganizationServiceFault>(fault, new FaultReason(fault.Message));
        }
    }

    /// <summary>Refuses the operation with a message for the user.</summary>
    public sealed class RefusingPlugin : IPlugin
    {
        public void Execute(IServiceProvider serviceProvider)
        {
            throw new InvalidPluginExecutionException("Close the remediation first.");
        }
    }

    /// <summary>Writes to the target it is given, through the SDK types of the host.</summary>
    public sealed class StampingPlugin : IPlugin
    {
        public void Execute(IServiceProvider serviceProvider)
        {
            var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext));
            var target = (Entity)context.InputParameters["Target"];
            target["description"] = "stamped by " + typeof(StampingPlugin).Assembly.GetName().Name;
        }
    }
}
