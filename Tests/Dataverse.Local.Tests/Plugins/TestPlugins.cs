using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace Dataverse.Local.Tests.Plugins;

// Plug-ins the tests register through a solution. They run inside the organization's own load context, so
// they report what they see through the tracing service or the records they write, as real plug-ins do.

/// <summary>Traces what the execution context holds.</summary>
public sealed class ContextTracer : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var context = (IPluginExecutionContext4)serviceProvider.GetService(typeof(IPluginExecutionContext))!;
        var tracing = (ITracingService)serviceProvider.GetService(typeof(ITracingService))!;
        tracing.Trace("message={0} table={1} stage={2} mode={3} depth={4} transaction={5}",
            context.MessageName, context.PrimaryEntityName, context.Stage, context.Mode, context.Depth, context.IsInTransaction);
        tracing.Trace("correlation={0} user={1} initiating={2} parent={3}",
            context.CorrelationId, context.UserId, context.InitiatingUserId, context.ParentContext?.MessageName ?? "none");
        foreach (var image in context.PreEntityImages) tracing.Trace("pre {0}: {1}", image.Key, Describe(image.Value));
        foreach (var image in context.PostEntityImages) tracing.Trace("post {0}: {1}", image.Key, Describe(image.Value));
        if (context.InputParameters.Contains("Targets") && context.InputParameters["Targets"] is EntityCollection targets)
            tracing.Trace("targets={0} preimages={1}", targets.Entities.Count, context.PreEntityImagesCollection.Length);
        if (context.SharedVariables.Contains("stamp")) tracing.Trace("shared stamp={0}", context.SharedVariables["stamp"]);
    }

    private static string Describe(Entity entity) =>
        string.Join(",", entity.Attributes.OrderBy(a => a.Key).Select(a => $"{a.Key}={Value(a.Value)}"));

    private static string Value(object? value) => value switch
    {
        Money m => m.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        OptionSetValue o => o.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        EntityReference r => r.LogicalName,
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}

/// <summary>Refuses the operation with the message given as its unsecure configuration.</summary>
public sealed class Refuse : IPlugin
{
    private readonly string _message;

    public Refuse(string unsecure, string secure) => _message = string.IsNullOrEmpty(unsecure) ? "Refused." : unsecure;

    public void Execute(IServiceProvider serviceProvider) => throw new InvalidPluginExecutionException(_message);
}

/// <summary>A bug: dereferences null.</summary>
public sealed class Crash : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        string? nothing = null;
        _ = nothing!.Length;
    }
}

/// <summary>When an account is created, creates its first contact through the user's own service.</summary>
public sealed class CreateFirstContact : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext))!;
        var factory = (IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory))!;
        var service = factory.CreateOrganizationService(context.UserId);
        var account = (Entity)context.InputParameters["Target"];
        service.Create(new Entity("contact")
        {
            ["lastname"] = "Primary of " + account.GetAttributeValue<string>("name"),
            ["parentcustomerid"] = new EntityReference("account", context.PrimaryEntityId),
        });
        service.Retrieve("account", context.PrimaryEntityId, new ColumnSet("name"));
    }
}

/// <summary>Updates the account it runs for: registered on Update without filtering it loops until the depth guard stops it.</summary>
public sealed class BumpEmployees : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext))!;
        var service = ((IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory))!).CreateOrganizationService(null);
        service.Update(new Entity("account", context.PrimaryEntityId) { ["numberofemployees"] = context.Depth * 10 });
    }
}

/// <summary>Keeps a count in a field: Dataverse reuses one instance per step, so the count grows across executions.</summary>
public sealed class CountsInAField : IPlugin
{
    private int _executions;

    public void Execute(IServiceProvider serviceProvider)
    {
        _executions++;
        ((ITracingService)serviceProvider.GetService(typeof(ITracingService))!).Trace("execution {0}", _executions);
    }
}

/// <summary>Stamps the Target in a pre-operation stage and leaves a shared variable for later stages.</summary>
public sealed class StampDescription : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext))!;
        if (context.InputParameters["Target"] is Entity target) target["description"] = "stamped at stage " + context.Stage;
        context.SharedVariables["stamp"] = "from stage " + context.Stage;
    }
}

/// <summary>Writes a note about the record it runs for (used at stage 10, outside the transaction).</summary>
public sealed class WriteNote : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext))!;
        var service = ((IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory))!).CreateOrganizationService(null);
        service.Create(new Entity("annotation") { ["subject"] = $"{context.MessageName} at stage {context.Stage}", ["notetext"] = context.CorrelationId.ToString() });
    }
}

/// <summary>Catches a failed call and carries on, which Dataverse does not allow inside a transaction.</summary>
public sealed class SwallowsFault : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var service = ((IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory))!).CreateOrganizationService(null);
        try
        {
            service.Create(new Entity("contact") { ["lastname"] = "x", ["parentcustomerid"] = new EntityReference("account", Guid.NewGuid()) });
        }
        catch (System.ServiceModel.FaultException<OrganizationServiceFault>)
        {
            // carry on as if nothing happened
        }
    }
}

/// <summary>An asynchronous follow-up: writes to the account after the operation committed.</summary>
public sealed class FollowUp : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext))!;
        var service = ((IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory))!).CreateOrganizationService(context.UserId);
        ((ITracingService)serviceProvider.GetService(typeof(ITracingService))!).Trace("following up {0} in mode {1}", context.PrimaryEntityId, context.Mode);
        service.Update(new Entity("account", context.PrimaryEntityId) { ["description"] = "followed up" });
    }
}

/// <summary>The main operation of the wb_ScoreAccount Custom API: Score = Factor x the account's employees.</summary>
public sealed class ScoreAccountApi : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext))!;
        var service = ((IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory))!).CreateOrganizationService(context.UserId);
        var target = (EntityReference)context.InputParameters["Target"];
        var account = service.Retrieve(target.LogicalName, target.Id, new ColumnSet("numberofemployees"));
        var factor = (int)context.InputParameters["Factor"];
        context.OutputParameters["Score"] = factor * account.GetAttributeValue<int>("numberofemployees");
        context.OutputParameters["Explanation"] = $"stage {context.Stage}, message {context.MessageName}";
    }
}

/// <summary>Logs through the telemetry ILogger, as Microsoft's PluginBase template does.</summary>
public sealed class LogsTelemetry : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var logger = (Microsoft.Xrm.Sdk.PluginTelemetry.ILogger)serviceProvider.GetService(typeof(Microsoft.Xrm.Sdk.PluginTelemetry.ILogger))!;
        logger.LogInformation("scored {0} accounts", 3);
    }
}

/// <summary>Traces the message and what its Target (or EntityMoniker, IncidentResolution, OpportunityClose) carries.</summary>
public sealed class TargetTracer : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext))!;
        var tracing = (ITracingService)serviceProvider.GetService(typeof(ITracingService))!;
        var inputs = string.Join(",", context.InputParameters.Keys.Where(k => k != "Target").OrderBy(k => k, StringComparer.Ordinal));
        var target = context.InputParameters.Contains("Target") && context.InputParameters["Target"] is Entity entity
            ? string.Join(",", entity.Attributes.Keys.OrderBy(k => k, StringComparer.Ordinal))
            : "-";
        tracing.Trace("{0} {1} stage {2} depth {3}: target [{4}] inputs [{5}]", context.MessageName, context.PrimaryEntityName, context.Stage, context.Depth, target, inputs);
    }
}

/// <summary>Reads a count from the account, then writes it back plus one: correct only when no other job runs in between.</summary>
public sealed class CountOnAccount : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext))!;
        var service = ((IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory))!).CreateOrganizationService(null);
        var contact = service.Retrieve("contact", context.PrimaryEntityId, new ColumnSet("parentcustomerid"));
        var account = contact.GetAttributeValue<EntityReference>("parentcustomerid");
        var count = service.Retrieve("account", account.Id, new ColumnSet("numberofemployees")).GetAttributeValue<int?>("numberofemployees") ?? 0;
        service.Update(new Entity("account", account.Id) { ["numberofemployees"] = count + 1 });
    }
}

/// <summary>Creates a note; the note's createdon tells when the job ran.</summary>
public sealed class NoteWhenRun : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var service = ((IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory))!).CreateOrganizationService(null);
        service.Create(new Entity("annotation") { ["subject"] = "ran" });
    }
}

/// <summary>Keeps reading its record until the organization stops it: a plug-in that never finishes on its own.</summary>
public sealed class ReadsForever : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext))!;
        var service = ((IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory))!).CreateOrganizationService(null);
        service.Create(new Entity("annotation") { ["subject"] = "written before the time ran out" });
        while (true) service.Retrieve(context.PrimaryEntityName, context.PrimaryEntityId, new ColumnSet("name"));
    }
}
