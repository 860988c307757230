using System.Diagnostics;
using System.ServiceModel;
using Dataverse.Local.Cost;
using Dataverse.Local.Metadata;
using Dataverse.Local.Pipeline;
using Dataverse.Local.Storage;
using Microsoft.Xrm.Sdk;

namespace Dataverse.Local;

/// <summary>One message going through the event pipeline, with what its plug-ins see.</summary>
internal sealed class Invocation
{
    public Invocation(string message, TableMetadata? table, CallScope scope, DateTime now)
    {
        Message = message;
        Table = table;
        Scope = scope;
        Depth = scope.Depth + 1;
        CorrelationId = scope.CorrelationId ?? Guid.NewGuid();
        OperationId = Guid.NewGuid();
        RequestId = Guid.NewGuid();
        CreatedOn = now;
    }

    public string Message { get; }
    public TableMetadata? Table { get; }
    public CallScope Scope { get; }
    public int Depth { get; }
    public Guid CorrelationId { get; }
    public Guid OperationId { get; }
    public Guid RequestId { get; }
    public DateTime CreatedOn { get; }
    public ParameterCollection Input { get; set; } = new();
    public ParameterCollection Output { get; } = new();
    public ParameterCollection Shared { get; } = new();
    public Guid PrimaryId { get; set; }
    public Transaction? Transaction { get; set; }
    public bool InTransaction { get; set; }

    // Create/Update and CreateMultiple/UpdateMultiple share one merged pipeline (Learn: "Write plug-ins for
    // CreateMultiple and UpdateMultiple"): steps on the single message run once per record with Target, steps
    // on the multiple message run once with Targets, whichever message the caller used.
    public string? SingleMessage { get; set; }
    public string? MultipleMessage { get; set; }
    public List<Entity> Items { get; } = new();
    public List<ParameterCollection> ItemInputs { get; } = new();
    public List<ParameterCollection> ItemOutputs { get; } = new();
    public ParameterCollection? BulkInput { get; set; }
    public ParameterCollection? BulkOutput { get; set; }
    public bool IsBulk => SingleMessage is not null;

    /// <summary>The row before the operation, per item (pre-images); null entries for creates.</summary>
    public Entity?[] PreRows { get; set; } = Array.Empty<Entity?>();
    /// <summary>The row after the operation, per item (post-images), filled by the main operation.</summary>
    public Entity?[] PostRows { get; set; } = Array.Empty<Entity?>();
}

public sealed partial class LocalOrganization
{
    internal void EnsureUser(Guid userId)
    {
        lock (_sync)
        {
            if (!_security.HasUser(userId)) throw Faults.NotFound("systemuser", userId);
        }
    }

    /// <summary>Runs a request for a caller: the one entry point of every organization service call.</summary>
    internal OrganizationResponse Execute(OrganizationRequest request, CallScope scope)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_sync)
        {
            // An asynchronous job lets the other running jobs go first at each of its calls, in the seeded order.
            if (scope.Budget?.Slot is { } slot) YieldTurn(slot);
            // A call made after the operation ran out of time fails, and so does the operation that made it.
            if (scope.Budget is { } running) CheckTime(running);
            var message = request.RequestName ?? "";
            var table = TableNameOf(request);
            var isTopLevel = scope.Operation is null;
            var operation = scope.Operation ?? _cost.BeginOperation(scope.Caller, message, table);
            var callScope = isTopLevel ? scope with { Operation = operation, Budget = scope.Budget ?? NewBudget(null) } : scope;
            var start = Stopwatch.GetTimestamp();
            var failed = false;
            try
            {
                return Dispatch(request, callScope);
            }
            catch
            {
                failed = true;
                throw;
            }
            finally
            {
                var elapsed = CostMeter.Since(start);
                _cost.RecordCall(operation, new ServiceCall(scope.Caller, scope.IsPlugin, message, table, scope.Depth + 1, elapsed, failed));
                if (isTopLevel) _cost.EndOperation(operation, elapsed, failed);
            }
        }
    }

    private OrganizationResponse Dispatch(OrganizationRequest request, CallScope scope)
    {
        RefuseMessageTheTableLacks(request);
        switch (request.RequestName)
        {
            case "Create": return ExecuteWrite(request, scope, create: true, multiple: false);
            case "CreateMultiple": return ExecuteWrite(request, scope, create: true, multiple: true);
            case "Update": return ExecuteUpdate(request, scope, multiple: false);
            case "UpdateMultiple": return ExecuteUpdate(request, scope, multiple: true);
            case "CloseIncident": return ExecuteCloseIncident(request, scope);
            case "WinOpportunity": return ExecuteWinOpportunity(request, scope);
            case "LoseOpportunity": return ExecuteLoseOpportunity(request, scope);
            case "SetState" or "SetStateDynamicEntity": return ExecuteSetState(request, scope);
            case "Delete": return ExecuteDelete(request, scope);
            case "Retrieve": return ExecuteRetrieve(request, scope);
            case "RetrieveMultiple": return ExecuteRetrieveMultiple(request, scope);
            case "Associate": return ExecuteAssociate(request, scope, associate: true);
            case "Disassociate": return ExecuteAssociate(request, scope, associate: false);
            case "ExecuteMultiple": return ExecuteMultiple(request, scope);
            case "Upsert": return ExecuteUpsert(request, scope);
            case "SendEmail": return ExecuteSendEmail(request, scope);
        }
        if (request.RequestName is not null && _customApis.TryGetValue(request.RequestName, out var api))
            return ExecuteCustomApi(api, request, scope);
        throw Faults.Create(ErrorCodes.NotSupported,
            $"The request {request.RequestName} is not supported by this organization: no such message or Custom API.");
    }

    /// <summary>
    /// Standard tables that offer only some of the data messages, with the ones they offer (Learn, "Organization
    /// table/entity reference", Messages: Associate, Disassociate, Retrieve, RetrieveMultiple and Update). The organization
    /// row is created with the environment; no caller, plug-ins and SYSTEM included, creates, upserts or deletes one.
    /// </summary>
    private static readonly Dictionary<string, (HashSet<string> Offered, string WhatToDo)> TablesWithFewerMessages = new(StringComparer.Ordinal)
    {
        ["organization"] = (new HashSet<string>(StringComparer.Ordinal) { "Retrieve", "RetrieveMultiple", "Update", "Associate", "Disassociate" },
            "The organization row is created with the environment and is never created or deleted by a request; read it, or update its settings."),
    };

    /// <summary>The data messages a table may lack (the engine's other requests name no table, or check their own).</summary>
    private static readonly HashSet<string> DataMessages = new(StringComparer.Ordinal)
    {
        "Create", "CreateMultiple", "Update", "UpdateMultiple", "Delete", "Retrieve", "RetrieveMultiple", "Associate", "Disassociate",
        "Upsert", "SetState", "SetStateDynamicEntity",
    };

    private static void RefuseMessageTheTableLacks(OrganizationRequest request)
    {
        var message = request.RequestName ?? "";
        if (!DataMessages.Contains(message) || TableNameOf(request) is not { } table) return;
        if (TablesWithFewerMessages.TryGetValue(table, out var messages) && !messages.Offered.Contains(message))
            throw Faults.MessageNotSupported(message, table, messages.WhatToDo);
    }

    private static string? TableNameOf(OrganizationRequest request)
    {
        switch (request.RequestName)
        {
            case "CloseIncident": return "incident";
            case "WinOpportunity" or "LoseOpportunity": return "opportunity";
            case "SetState" or "SetStateDynamicEntity":
                return request.Parameters.Contains("EntityMoniker") && request.Parameters["EntityMoniker"] is EntityReference moniker ? moniker.LogicalName : null;
        }
        if (!request.Parameters.Contains("Target") && !request.Parameters.Contains("Targets") && !request.Parameters.Contains("Query")) return null;
        if (request.Parameters.Contains("Target"))
        {
            return request.Parameters["Target"] switch
            {
                Entity e => e.LogicalName,
                EntityReference r => r.LogicalName,
                _ => null,
            };
        }
        if (request.Parameters.Contains("Targets") && request.Parameters["Targets"] is EntityCollection targets)
            return targets.EntityName ?? targets.Entities.FirstOrDefault()?.LogicalName;
        return request.Parameters["Query"] switch
        {
            Microsoft.Xrm.Sdk.Query.QueryExpression q => q.EntityName,
            Microsoft.Xrm.Sdk.Query.QueryByAttribute q => q.EntityName,
            Microsoft.Xrm.Sdk.Query.FetchExpression f => FetchTableName(f.Query),
            _ => null,
        };
    }

    /// <summary>The table a FetchXML query reads (its first entity element's name), for the cost meter; null if none.</summary>
    private static string? FetchTableName(string? fetchXml)
    {
        if (fetchXml is null) return null;
        var entity = fetchXml.IndexOf("<entity", StringComparison.Ordinal);
        if (entity < 0) return null;
        var name = fetchXml.IndexOf("name=", entity, StringComparison.Ordinal);
        if (name < 0 || name + 6 > fetchXml.Length) return null;
        var quote = fetchXml[name + 5];
        var end = fetchXml.IndexOf(quote, name + 6);
        return end < 0 ? null : fetchXml.Substring(name + 6, end - name - 6);
    }

    // ---------------------------------------------------------------- the pipeline

    /// <summary>
    /// Stage 10 (outside the transaction for a top-level operation), then inside one transaction: security,
    /// stage 20, the main operation, stage 40. Any exception rolls back every write of the operation, nested
    /// operations included; asynchronous steps reach the queue only when the outermost transaction commits.
    /// </summary>
    private void RunPipeline(Invocation inv, Action security, Action mainOperation)
    {
        if (inv.Depth > Options.MaxDepth) throw Faults.DepthExceeded();
        if (inv.Input.Contains("BypassCustomPluginExecution") && inv.Input["BypassCustomPluginExecution"] is true &&
            _security.DepthOf(inv.Scope.UserId, "prvBypassCustomPlugins") is null)
            throw Faults.Create(ErrorCodes.PrivilegeDenied,
                $"Principal user (Id={inv.Scope.UserId:D}, type=8) is missing prvBypassCustomPlugins privilege: " +
                "only users with it (System Administrators) may set BypassCustomPluginExecution.");
        // Learn, "Bypass custom Dataverse logic": BypassBusinessLogicExecution needs prvBypassCustomBusinessLogic.
        // The local engine takes it only as "CustomSync,CustomAsync" (every custom step skipped) and refuses the
        // single values rather than skip more or less than Dataverse would.
        if (inv.Input.Contains("BypassBusinessLogicExecution"))
        {
            if (_security.DepthOf(inv.Scope.UserId, "prvBypassCustomBusinessLogic") is null)
                throw Faults.Create(ErrorCodes.PrivilegeDenied,
                    $"Principal user (Id={inv.Scope.UserId:D}, type=8) is missing prvBypassCustomBusinessLogic privilege: " +
                    "only users with it (System Administrators) may set BypassBusinessLogicExecution.");
            if (!BypassesBusinessLogic(inv))
                throw Faults.Create(ErrorCodes.NotSupported,
                    "The local Dataverse takes BypassBusinessLogicExecution only as \"CustomSync,CustomAsync\".");
        }
        var ambient = inv.Scope.Transaction;
        var savepoint = ambient?.Savepoint ?? 0;
        inv.Transaction = ambient;
        inv.InTransaction = ambient is not null;
        try
        {
            RunStage(inv, Stages.PreValidation);
            Transaction? own = null;
            if (ambient is null)
            {
                own = new Transaction(Guid.NewGuid());
                inv.Transaction = own;
                inv.InTransaction = true;
            }
            try
            {
                security();
                RunStage(inv, Stages.PreOperation);
                mainOperation();
                RunStage(inv, Stages.PostOperation);
                if (own is not null)
                {
                    if (own.Doomed)
                        throw Faults.Create(ErrorCodes.IsvTransactionCount,
                            "ISV code reduced the open transaction count. Custom plug-ins should not catch exceptions from OrganizationService calls and continue processing.");
                    Commit(own);
                }
            }
            catch
            {
                own?.Rollback(_store);
                throw;
            }
        }
        catch (Exception) when (ambient is not null)
        {
            // A failed nested operation undoes its own writes, and dooms the transaction it joined: the
            // operation that owns it can no longer commit (Dataverse: "There is no active transaction").
            ambient.RollbackTo(_store, savepoint);
            ambient.Doomed = true;
            throw;
        }
    }

    private static bool Bypasses(Invocation inv) =>
        (inv.Input.Contains("BypassCustomPluginExecution") && inv.Input["BypassCustomPluginExecution"] is true) || BypassesBusinessLogic(inv);

    private static bool BypassesBusinessLogic(Invocation inv) =>
        inv.Input.Contains("BypassBusinessLogicExecution") && inv.Input["BypassBusinessLogicExecution"] is string value &&
        value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase)
            .SetEquals(new[] { "CustomSync", "CustomAsync" });

    private void Commit(Transaction transaction)
    {
        foreach (var job in transaction.PendingAsync) _asyncQueue.Enqueue(job);
        foreach (var action in transaction.OnCommit) action();
        transaction.PendingAsync.Clear();
        transaction.OnCommit.Clear();
    }

    private IEnumerable<StepRegistration> StepsFor(string message, TableMetadata? table, int stage)
    {
        if (!_stepsByMessage.TryGetValue(message, out var steps)) yield break;
        foreach (var step in steps)
            if (step.Stage == stage && (step.Table is null || step.Table == table?.LogicalName)) yield return step;
    }

    private static bool PassesFilter(StepRegistration step, Entity target)
    {
        if (step.FilteringAttributes.Count == 0) return true;
        if (!step.Message.StartsWith("Update", StringComparison.OrdinalIgnoreCase)) return true;
        foreach (var column in step.FilteringAttributes) if (target.Contains(column)) return true;
        return false;
    }

    private void RunStage(Invocation inv, int stage)
    {
        // The optional parameter BypassCustomPluginExecution (data migrations, seeding) skips every registered
        // custom step; all steps here are custom.
        if (Bypasses(inv)) return;
        if (inv.IsBulk ? !_stepsByMessage.ContainsKey(inv.SingleMessage!) && !_stepsByMessage.ContainsKey(inv.MultipleMessage!)
                       : !_stepsByMessage.ContainsKey(inv.Message)) return;
        var calls = new List<(StepRegistration Step, int Item)>();
        if (inv.IsBulk)
        {
            foreach (var step in StepsFor(inv.MultipleMessage!, inv.Table, stage))
                if (inv.Items.Any(item => PassesFilter(step, item))) calls.Add((step, -1));
            foreach (var step in StepsFor(inv.SingleMessage!, inv.Table, stage))
                for (var i = 0; i < inv.Items.Count; i++)
                    if (PassesFilter(step, inv.Items[i])) calls.Add((step, i));
        }
        else
        {
            foreach (var step in StepsFor(inv.Message, inv.Table, stage)) calls.Add((step, -1));
        }
        if (calls.Count == 0) return;
        foreach (var (step, item) in calls.OrderBy(c => c.Step.Rank))
        {
            if (step.IsAsynchronous)
            {
                if (stage == Stages.PostOperation) QueueAsync(inv, step, item);
                continue;
            }
            var context = BuildContext(inv, step, item, stage, asynchronous: false);
            RunPlugin(step, context, inv.InTransaction ? inv.Transaction : null, inv.Scope.Operation, inv.Scope.Budget);
        }
    }

    private LocalPluginExecutionContext BuildContext(Invocation inv, StepRegistration step, int item, int stage, bool asynchronous)
    {
        var perItem = item >= 0;
        var bulkContext = inv.IsBulk && !perItem;
        var user = _security.User(inv.Scope.UserId);
        var context = new LocalPluginExecutionContext
        {
            Mode = asynchronous ? 1 : 0,
            Depth = inv.Depth,
            Stage = stage,
            MessageName = perItem ? inv.SingleMessage! : bulkContext ? inv.MultipleMessage! : inv.Message,
            PrimaryEntityName = inv.Table?.LogicalName ?? "none",
            PrimaryEntityId = perItem ? inv.Items[item].Id : bulkContext ? Guid.Empty : inv.PrimaryId,
            InputParameters = perItem ? inv.ItemInputs[item] : bulkContext ? inv.BulkInput! : inv.Input,
            OutputParameters = perItem ? inv.ItemOutputs[item] : bulkContext ? inv.BulkOutput! : inv.Output,
            SharedVariables = inv.Shared,
            UserId = inv.Scope.UserId,
            InitiatingUserId = inv.Scope.InitiatingUserId,
            AuthenticatedUserId = inv.Scope.InitiatingUserId,
            BusinessUnitId = user?.BusinessUnitId ?? RootBusinessUnitId,
            OrganizationId = OrganizationId,
            OrganizationName = OrganizationName,
            CorrelationId = inv.CorrelationId,
            OperationId = inv.OperationId,
            OperationCreatedOn = inv.CreatedOn,
            RequestId = inv.RequestId,
            IsInTransaction = !asynchronous && inv.InTransaction,
            ParentContext = inv.Scope.ParentContext!,
            OwningExtension = new EntityReference("sdkmessageprocessingstep", step.Id) { Name = step.Name },
            Step = step,
        };
        var postAvailable = stage == Stages.PostOperation;
        if (bulkContext)
        {
            var pre = new EntityImageCollection[inv.Items.Count];
            var post = new EntityImageCollection[inv.Items.Count];
            for (var i = 0; i < inv.Items.Count; i++)
            {
                pre[i] = Images(step, inv.PreRows.ElementAtOrDefault(i), pre: true);
                post[i] = postAvailable ? Images(step, inv.PostRows.ElementAtOrDefault(i), pre: false) : new EntityImageCollection();
            }
            context.PreEntityImagesCollection = pre;
            context.PostEntityImagesCollection = post;
        }
        else
        {
            var index = perItem ? item : 0;
            context.PreEntityImages = Images(step, inv.PreRows.ElementAtOrDefault(index), pre: true);
            context.PostEntityImages = postAvailable ? Images(step, inv.PostRows.ElementAtOrDefault(index), pre: false) : new EntityImageCollection();
        }
        if (asynchronous)
        {
            // The queued job sees the operation as it was when it committed, not as later stages change it.
            context.InputParameters = CopyParameters(context.InputParameters);
            context.OutputParameters = CopyParameters(context.OutputParameters);
            context.SharedVariables = CopyParameters(context.SharedVariables);
        }
        return context;
    }

    private static EntityImageCollection Images(StepRegistration step, Entity? row, bool pre)
    {
        var images = new EntityImageCollection();
        if (row is null) return images;
        foreach (var image in step.Images)
        {
            if (pre ? !image.IsPre : !image.IsPost) continue;
            var snapshot = new Entity(row.LogicalName, row.Id);
            if (image.Columns.Count == 0)
            {
                foreach (var attribute in row.Attributes) snapshot[attribute.Key] = CopyValue(attribute.Value);
            }
            else
            {
                foreach (var column in image.Columns)
                    if (row.Attributes.TryGetValue(column, out var value)) snapshot[column] = CopyValue(value);
            }
            images[image.Name] = snapshot;
        }
        return images;
    }

    private static ParameterCollection CopyParameters(ParameterCollection parameters)
    {
        var copy = new ParameterCollection();
        foreach (var parameter in parameters) copy[parameter.Key] = CopyValue(parameter.Value);
        return copy;
    }

    private void QueueAsync(Invocation inv, StepRegistration step, int item)
    {
        var context = BuildContext(inv, step, item, Stages.PostOperation, asynchronous: true);
        var job = new AsyncJob(step, context) { QueuedOn = Now };
        if (inv.Transaction is not null) inv.Transaction.PendingAsync.Add(job);
        else _asyncQueue.Enqueue(job);
    }

    private IPlugin PluginFor(StepRegistration step)
    {
        // Dataverse caches one plug-in instance per step and calls it for every execution: a plug-in that
        // keeps state in fields shows it here as it would there.
        if (!_pluginInstances.TryGetValue(step.Id, out var plugin))
            _pluginInstances[step.Id] = plugin = _pluginTypes.Create(step);
        return plugin;
    }

    private void RunPlugin(StepRegistration step, LocalPluginExecutionContext context, Transaction? nestedTransaction, OperationCost? operation,
        Budget? budget, AsyncJob? job = null)
    {
        var plugin = PluginFor(step);
        var tracing = new LocalTracingService();
        var factory = new LocalServiceFactory(this, context, nestedTransaction, step.PluginTypeName, operation, budget);
        var provider = new PluginServiceProvider(context, tracing, factory);
        var trace = new PluginTrace
        {
            PluginType = step.PluginTypeName,
            MessageName = context.MessageName,
            PrimaryEntityName = context.PrimaryEntityName,
            PrimaryEntityId = context.PrimaryEntityId,
            Stage = context.Stage,
            Mode = context.Mode,
            Depth = context.Depth,
            CorrelationId = context.CorrelationId,
            StartedOn = Now,
        };
        var start = Stopwatch.GetTimestamp();
        Exception? failure = null;
        try
        {
            plugin.Execute(provider);
        }
        catch (Exception e)
        {
            failure = e;
        }
        // The plug-in returned (or failed) after the operation's time ran out: the operation fails with the timeout.
        if (failure is null && budget is not null && TimeLimitNow() > budget.Deadline) failure = Faults.TimedOut(Options.SynchronousTimeLimit);
        var elapsed = CostMeter.Since(start);
        trace.Duration = elapsed;
        trace.Text = tracing.ToString() + provider.LoggedText;
        trace.Exception = failure is null ? null : failure.GetType().FullName + ": " + failure.Message;
        _traces.Add(trace);
        if (job is not null) job.Trace = trace;
        // Trim in chunks, so a long run keeps the latest traces without shifting the list on every execution.
        if (_traces.Count > Options.MaxTraces + Options.MaxTraces / 4) _traces.RemoveRange(0, _traces.Count - Options.MaxTraces);
        _cost.RecordPluginExecution(operation, step.PluginTypeName, elapsed, failure is not null);
        if (failure is not null) throw PluginFault(failure, step, trace.Text);
    }

    /// <summary>
    /// What the caller sees when a plug-in throws: an InvalidPluginExecutionException's own message (IsvAborted
    /// unless the plug-in gave its own error code), a fault from a nested call unchanged, anything else as
    /// "Unexpected exception from plug-in (Execute)" (IsvUnExpected). The plug-in's trace goes in TraceText.
    /// </summary>
    private static Exception PluginFault(Exception failure, StepRegistration step, string traceText)
    {
        switch (failure)
        {
            case FaultException<OrganizationServiceFault> fault:
                return fault;
            case InvalidPluginExecutionException invalid:
                var code = invalid.ErrorCode is 0 or unchecked((int)0x80131500) ? ErrorCodes.IsvAborted : invalid.ErrorCode;
                return Faults.Create(code, invalid.Message, traceText);
            default:
                return Faults.Create(ErrorCodes.IsvUnExpected,
                    $"Unexpected exception from plug-in (Execute): {step.PluginTypeName}: {failure.GetType().FullName}: {failure.Message}",
                    traceText + failure);
        }
    }

    // ---------------------------------------------------------------- the asynchronous queue

    /// <summary>
    /// Runs the queued asynchronous steps (and any they queue in turn) and returns their system jobs. A failing
    /// job is recorded as Failed with its error; it is never thrown to the caller.
    /// <para>
    /// As in Dataverse, jobs run several at once (<see cref="LocalOrganizationOptions.AsyncConcurrency"/>) and in no
    /// guaranteed order: which queued job starts next, and which running job makes its next organization service call,
    /// is drawn from a random sequence seeded with <see cref="LocalOrganizationOptions.AsyncSeed"/>, so a failing
    /// interleaving replays with the same seed. Only one job runs engine code at a time (each call is atomic), so the
    /// interleaving is at call granularity. Each job reads the clock when it runs, not when it was queued.
    /// </para>
    /// </summary>
    public IReadOnlyList<SystemJob> DrainAsyncQueue(int maxJobs = 1_000_000)
    {
        lock (_sync)
        {
            var done = new List<SystemJob>();
            var started = 0;
            var pending = new List<AsyncJob>();
            while (true)
            {
                while (_asyncQueue.Count > 0) pending.Add(_asyncQueue.Dequeue());
                while (_asyncRunning.Count < Math.Max(1, Options.AsyncConcurrency) && pending.Count > 0 && started < maxJobs)
                {
                    var index = _asyncRandom.Next(pending.Count);
                    var job = pending[index];
                    pending.RemoveAt(index);
                    started++;
                    StartAsyncJob(job);
                }
                if (_asyncRunning.Count == 0) break;
                _asyncTurn = _asyncRunning[_asyncRandom.Next(_asyncRunning.Count)];
                Monitor.PulseAll(_sync);
                // A job hands the turn back (null) when it ends; then refill the free slot and go on.
                while (_asyncTurn is not null) Monitor.Wait(_sync);
                for (var i = _asyncFinished.Count - 1; i >= 0; i--)
                {
                    var slot = _asyncFinished[i];
                    if (slot.Crash is not null) throw new InvalidOperationException("An asynchronous job crashed the engine: " + slot.Crash.Message, slot.Crash);
                }
                done.AddRange(_asyncFinished.Select(f => f.Result!));
                _asyncFinished.Clear();
            }
            // Jobs not started (maxJobs reached) wait for the next drain, first in line.
            for (var i = pending.Count - 1; i >= 0; i--) _asyncQueue.Enqueue(pending[i]);
            return done;
        }
    }

    private readonly List<AsyncSlot> _asyncRunning = new();
    private readonly List<AsyncSlot> _asyncFinished = new();
    private AsyncSlot? _asyncTurn;
    private Random? _asyncRandomField;
    private Random _asyncRandom => _asyncRandomField ??= new Random(Options.AsyncSeed);

    /// <summary>Starts a job on its own thread; it waits for its turn before it runs anything.</summary>
    private void StartAsyncJob(AsyncJob job)
    {
        var slot = new AsyncSlot(job);
        _asyncRunning.Add(slot);
        var thread = new Thread(() =>
        {
            lock (_sync)
            {
                while (_asyncTurn != slot) Monitor.Wait(_sync);
                try
                {
                    slot.Result = RunAsyncJob(job, slot);
                }
                catch (Exception e)
                {
                    slot.Crash = e;
                }
                _asyncRunning.Remove(slot);
                _asyncFinished.Add(slot);
                _asyncTurn = null;
                Monitor.PulseAll(_sync);
            }
        })
        {
            IsBackground = true,
            Name = "async job " + job.Step.PluginTypeName,
        };
        thread.Start();
    }

    /// <summary>Before a call of a running job: the seeded scheduler may let another running job go first.</summary>
    private void YieldTurn(AsyncSlot slot)
    {
        if (_asyncTurn != slot || _asyncRunning.Count < 2) return;
        var next = _asyncRunning[_asyncRandom.Next(_asyncRunning.Count)];
        if (next == slot) return;
        _asyncTurn = next;
        Monitor.PulseAll(_sync);
        while (_asyncTurn != slot) Monitor.Wait(_sync);
    }

    // ---------------------------------------------------------------- the two-minute limit

    /// <summary>
    /// "A Dataverse message operation must complete within 2 minutes. This limit includes executing the intended
    /// message operation and all registered synchronous [...] plug-ins. [...] Dataverse throws a TimeoutException and
    /// cancels (rolls back) the entire message operation." (Learn, "Analyze plug-in performance"). Each top-level
    /// operation, and each asynchronous job, gets <see cref="LocalOrganizationOptions.SynchronousTimeLimit"/>.
    /// </summary>
    private Budget NewBudget(AsyncSlot? slot) => new(TimeLimitNow() + Options.SynchronousTimeLimit, slot);

    private DateTime TimeLimitNow() => Options.TimeLimitClock?.Invoke() ?? DateTime.UtcNow;

    private void CheckTime(Budget budget)
    {
        if (TimeLimitNow() > budget.Deadline) throw Faults.TimedOut(Options.SynchronousTimeLimit);
    }

    private SystemJob RunAsyncJob(AsyncJob job, AsyncSlot? slot)
    {
        var context = job.Context;
        var step = job.Step;
        var system = new SystemJob
        {
            Id = job.SystemJobId,
            Name = $"{step.PluginTypeName}: {context.MessageName} of {context.PrimaryEntityName}",
            PluginType = step.PluginTypeName,
            StepId = step.Id,
            MessageName = context.MessageName,
            PrimaryEntityName = context.PrimaryEntityName,
            PrimaryEntityId = context.PrimaryEntityId,
            CorrelationId = context.CorrelationId,
            Depth = context.Depth,
            CreatedOn = job.QueuedOn,
            Status = SystemJobStatus.InProgress,
        };
        _systemJobs.Add(system);
        var startedOn = Now;
        WriteSystemJobRow(system, context, startedOn);
        var operation = _cost.BeginOperation("async: " + step.PluginTypeName, context.MessageName, context.PrimaryEntityName);
        var start = Stopwatch.GetTimestamp();
        try
        {
            // Asynchronous plug-ins run outside any transaction: each of their calls commits on its own.
            RunPlugin(step, context, nestedTransaction: null, operation, NewBudget(slot), job);
            system.Status = SystemJobStatus.Succeeded;
        }
        catch (FaultException<OrganizationServiceFault> fault)
        {
            system.Status = SystemJobStatus.Failed;
            system.Message = fault.Detail.Message;
            system.ErrorCode = fault.Detail.ErrorCode;
        }
        catch (Exception e)
        {
            system.Status = SystemJobStatus.Failed;
            system.Message = e.Message;
        }
        var elapsed = CostMeter.Since(start);
        _cost.EndOperation(operation, elapsed, system.Status == SystemJobStatus.Failed);
        system.CompletedOn = Now;
        system.Trace = job.Trace?.Text ?? "";
        WriteSystemJobRow(system, context, startedOn);
        return system;
    }

    private void WriteSystemJobRow(SystemJob job, LocalPluginExecutionContext context, DateTime startedOn)
    {
        var (state, status) = job.Status switch
        {
            SystemJobStatus.Waiting => (0, 0),
            SystemJobStatus.InProgress => (2, 20),
            SystemJobStatus.Succeeded => (3, 30),
            _ => (3, 31),
        };
        var row = new Entity("asyncoperation", job.Id)
        {
            ["asyncoperationid"] = job.Id,
            ["name"] = job.Name.Length > 256 ? job.Name[..256] : job.Name,
            ["operationtype"] = new OptionSetValue(1),
            ["messagename"] = job.MessageName,
            ["primaryentitytype"] = job.PrimaryEntityName,
            ["statecode"] = new OptionSetValue(state),
            ["statuscode"] = new OptionSetValue(status),
            ["correlationid"] = job.CorrelationId,
            ["depth"] = job.Depth,
            ["owningextensionid"] = new EntityReference("sdkmessageprocessingstep", job.StepId),
            ["startedon"] = startedOn,
            ["createdon"] = job.CreatedOn,
            ["modifiedon"] = Now,
            ["ownerid"] = new EntityReference("systemuser", context.UserId),
            ["owninguser"] = new EntityReference("systemuser", context.UserId),
            ["owningbusinessunit"] = new EntityReference("businessunit", context.BusinessUnitId),
        };
        if (Metadata.HasTable(job.PrimaryEntityName) && job.PrimaryEntityId != Guid.Empty)
            row["regardingobjectid"] = new EntityReference(job.PrimaryEntityName, job.PrimaryEntityId);
        if (job.CompletedOn is not null) row["completedon"] = job.CompletedOn.Value;
        if (job.Message is not null)
        {
            row["message"] = job.Message;
            row["friendlymessage"] = job.Message;
        }
        if (job.ErrorCode is not null) row["errorcode"] = job.ErrorCode.Value;
        _store.Write(null, "asyncoperation", job.Id, row);
    }
}
