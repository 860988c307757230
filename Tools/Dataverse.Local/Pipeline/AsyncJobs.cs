namespace Dataverse.Local.Pipeline;

/// <summary>An asynchronous step waiting in the queue, with the context it will run with.</summary>
internal sealed class AsyncJob
{
    public AsyncJob(StepRegistration step, LocalPluginExecutionContext context)
    {
        Step = step;
        Context = context;
    }

    public StepRegistration Step { get; }
    public LocalPluginExecutionContext Context { get; }
    public Guid SystemJobId { get; } = Guid.NewGuid();
    public DateTime QueuedOn { get; init; }
    /// <summary>The trace of the job's plug-in execution, once it ran.</summary>
    public PluginTrace? Trace { get; set; }
}

/// <summary>A running asynchronous job in the scheduler: the job, and what it ended with.</summary>
internal sealed class AsyncSlot
{
    public AsyncSlot(AsyncJob job) => Job = job;

    public AsyncJob Job { get; }
    public SystemJob? Result { get; set; }
    /// <summary>An exception the engine itself threw while running the job (not a plug-in failure).</summary>
    public Exception? Crash { get; set; }
}

public enum SystemJobStatus { Waiting, InProgress, Succeeded, Failed }

/// <summary>
/// A system job (asyncoperation) for one asynchronous step: Dataverse records an asynchronous plug-in's failure
/// here instead of returning it to the caller. Each job is also stored as an asyncoperation row.
/// </summary>
public sealed class SystemJob
{
    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    public string PluginType { get; init; } = "";
    public Guid StepId { get; init; }
    public string MessageName { get; init; } = "";
    public string PrimaryEntityName { get; init; } = "";
    public Guid PrimaryEntityId { get; init; }
    public Guid CorrelationId { get; init; }
    public int Depth { get; init; }
    public DateTime CreatedOn { get; init; }
    public DateTime? CompletedOn { get; internal set; }
    public SystemJobStatus Status { get; internal set; } = SystemJobStatus.Waiting;
    /// <summary>The error a failed job ended with (the fault's message), else null.</summary>
    public string? Message { get; internal set; }
    public int? ErrorCode { get; internal set; }
    public string Trace { get; internal set; } = "";

    public override string ToString() => $"{Name}: {Status}{(Message is null ? "" : " - " + Message)}";
}
