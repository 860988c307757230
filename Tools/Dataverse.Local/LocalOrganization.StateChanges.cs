using Dataverse.Local.Metadata;
using Dataverse.Local.Storage;
using Microsoft.Xrm.Sdk;

namespace Dataverse.Local;

/// <summary>
/// Changes of state as Dataverse makes them: CloseIncident, WinOpportunity, LoseOpportunity, SetState and
/// SetStateDynamicEntity (sent as <see cref="OrganizationRequest"/> by name: their typed classes live in
/// Microsoft.Crm.Sdk.Proxy), the refusal to resolve a case or close an opportunity through Update, and the split
/// of an Update that carries statecode/statuscode with other columns.
/// </summary>
public sealed partial class LocalOrganization
{
    /// <summary>The columns Dataverse treats as the state/status part of an Update.</summary>
    private static bool IsStateColumn(string column) => column is "statecode" or "statuscode";

    /// <summary>
    /// Update (and UpdateMultiple) carrying statecode/statuscode together with other columns runs the Update
    /// pipeline twice, first with the other columns, then with the state/status columns, in one transaction (Learn,
    /// "Behavior of specialized update operations": plug-ins on Update in PreOperation and PostOperation "execute once
    /// for all non-state/status fields, and then once for the state/status fields").
    /// </summary>
    private OrganizationResponse ExecuteUpdate(OrganizationRequest request, CallScope scope, bool multiple)
    {
        List<Entity> items;
        if (multiple)
        {
            var targets = Parameter<EntityCollection>(request, "Targets");
            items = targets.Entities.ToList();
        }
        else
        {
            items = new List<Entity> { Parameter<Entity>(request, "Target") };
        }
        if (request.Parameters.Contains("ConcurrencyBehavior") && request.Parameters["ConcurrencyBehavior"] is ConcurrencyBehavior.IfRowVersionMatches)
            foreach (var item in items) CheckRowVersion(item);
        var mixed = items.Any(e => e.Attributes.Keys.Any(IsStateColumn) && e.Attributes.Keys.Any(k => !IsStateColumn(k)));
        if (!mixed) return ExecuteWrite(request, scope, create: false, multiple: multiple);

        // Refuse a closing state before anything runs, as the unsplit request would be refused.
        foreach (var item in items)
            if (Metadata.Table(item.LogicalName) is { } itemTable) RefuseClosingUpdate(itemTable, item);

        var others = new List<Entity>();
        var states = new List<Entity>();
        foreach (var item in items)
        {
            var other = new Entity(item.LogicalName, item.Id);
            var state = new Entity(item.LogicalName, item.Id);
            foreach (var attribute in item.Attributes)
                (IsStateColumn(attribute.Key) ? state : other)[attribute.Key] = attribute.Value;
            if (other.Attributes.Count > 0) others.Add(other);
            if (state.Attributes.Count > 0) states.Add(state);
        }

        OrganizationRequest Part(List<Entity> part)
        {
            var sub = new OrganizationRequest(request.RequestName);
            foreach (var parameter in request.Parameters)
                if (parameter.Key is not ("Target" or "Targets")) sub.Parameters[parameter.Key] = parameter.Value;
            if (multiple) sub.Parameters["Targets"] = new EntityCollection(part) { EntityName = part[0].LogicalName };
            else sub.Parameters["Target"] = part[0];
            return sub;
        }

        return InOneTransaction(scope, inner =>
        {
            OrganizationResponse? response = null;
            if (others.Count > 0) response = ExecuteWrite(Part(others), inner, create: false, multiple: multiple);
            if (states.Count > 0) response = ExecuteWrite(Part(states), inner, create: false, multiple: multiple);
            return response!;
        });
    }

    /// <summary>
    /// Optimistic concurrency (Learn, "Optimistic concurrency"): with ConcurrencyBehavior IfRowVersionMatches the
    /// update applies only when the row's version is still the RowVersion the caller read (the versionnumber column).
    /// </summary>
    private void CheckRowVersion(Entity item)
    {
        if (string.IsNullOrEmpty(item.RowVersion))
            throw Faults.Create(ErrorCodes.ConcurrencyVersionNotProvided,
                "The RowVersion property must be provided when the value of ConcurrencyBehavior is IfVersionMatches.");
        var table = TableOrFault(item.LogicalName);
        var id = IdOf(table, item);
        var stored = _store.Get(table.LogicalName, id) ?? throw Faults.NotFound(table.LogicalName, id);
        var version = stored.GetAttributeValue<long?>("versionnumber")?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (version != item.RowVersion)
            throw Faults.Create(ErrorCodes.ConcurrencyVersionMismatch, "The version of the existing record doesn't match the RowVersion property provided.");
    }

    /// <summary>
    /// Runs several pipeline operations as one: they share the caller's transaction, or one of their own that
    /// commits (queueing their asynchronous steps) only when all succeeded and rolls every write back otherwise.
    /// </summary>
    private T InOneTransaction<T>(CallScope scope, Func<CallScope, T> body)
    {
        if (scope.Transaction is not null) return body(scope);
        var transaction = new Transaction(Guid.NewGuid());
        try
        {
            var result = body(scope with { Transaction = transaction });
            Commit(transaction);
            return result;
        }
        catch
        {
            transaction.Rollback(_store);
            throw;
        }
    }

    /// <summary>
    /// Dataverse refuses to resolve a case or close an opportunity through Update (and SetState): resolving needs
    /// CloseIncident, closing needs WinOpportunity or LoseOpportunity, because they also create the closing activity.
    /// The wording is Dataverse's (as its callers report it); the error code is our choice (Learn does not list it).
    /// </summary>
    private static void RefuseClosingUpdate(TableMetadata table, Entity changes)
    {
        if (!changes.Contains("statecode") || changes["statecode"] is not OptionSetValue state) return;
        switch (table.LogicalName, state.Value)
        {
            case ("incident", 1):
                throw Faults.Create(ErrorCodes.InvalidArgument,
                    "This message can not be used to set the state of incident to Resolved. In order to set state of incident to Resolved, use the CloseIncidentRequest message instead.");
            case ("opportunity", 1):
                throw Faults.Create(ErrorCodes.InvalidArgument,
                    "This message can not be used to set the state of opportunity to won. In order to set state of opportunity to won, use the won message instead.");
            case ("opportunity", 2):
                throw Faults.Create(ErrorCodes.InvalidArgument,
                    "This message can not be used to set the state of opportunity to lost. In order to set state of opportunity to lost, use the lose message instead.");
        }
    }

    /// <summary>
    /// A resolved case is read-only: only its state may change (reactivation). Dataverse's own PreOperation step on
    /// incident Update refuses anything else with 0x800404CF (as its trace shows, quoted in XrmMockup issue 78).
    /// </summary>
    private static void RefuseChangeToResolvedCase(TableMetadata table, Entity row, Entity changes)
    {
        if (table.LogicalName != "incident" || row.GetAttributeValue<OptionSetValue>("statecode")?.Value != 1) return;
        if (changes.Attributes.Keys.All(k => IsStateColumn(k) || k == table.PrimaryIdColumn)) return;
        throw Faults.Create(ErrorCodes.CaseAlreadyResolved, "This case has already been resolved. Close and reopen the case record to see the updates.");
    }

    // ---------------------------------------------------------------- CloseIncident, WinOpportunity, LoseOpportunity

    /// <summary>
    /// CloseIncident (Learn: CloseIncidentRequest; parameters IncidentResolution and Status). Raises the message
    /// "Close" on incident (Target-less: steps get IncidentResolution and Status), and inside it, one level deeper,
    /// the Create of the incidentresolution (created Completed) and an Update of the case carrying only statecode
    /// Resolved and the status: Update steps on incident run with that Target, and what their PreOperation stage
    /// writes into it is saved with the case, as for any Update. The resolution exists when the Update steps run: in
    /// Dataverse a PostOperation Update step on the case can read it (XrmMockup issue 208 reports that behaviour).
    /// </summary>
    private OrganizationResponse ExecuteCloseIncident(OrganizationRequest request, CallScope scope) =>
        ExecuteClose(request, scope, new CloseKind("CloseIncident", "Close", "IncidentResolution", "incidentresolution", "incidentid", "incident",
            ClosedState: 1, Refused: "resolved"));

    /// <summary>WinOpportunity (Learn: WinOpportunityRequest; OpportunityClose and Status): message "Win" on opportunity.</summary>
    private OrganizationResponse ExecuteWinOpportunity(OrganizationRequest request, CallScope scope) =>
        ExecuteClose(request, scope, new CloseKind("WinOpportunity", "Win", "OpportunityClose", "opportunityclose", "opportunityid", "opportunity",
            ClosedState: 1, Refused: "closed"));

    /// <summary>LoseOpportunity (Learn: LoseOpportunityRequest; OpportunityClose and Status): message "Lose" on opportunity.</summary>
    private OrganizationResponse ExecuteLoseOpportunity(OrganizationRequest request, CallScope scope) =>
        ExecuteClose(request, scope, new CloseKind("LoseOpportunity", "Lose", "OpportunityClose", "opportunityclose", "opportunityid", "opportunity",
            ClosedState: 2, Refused: "closed"));

    private sealed record CloseKind(string RequestName, string Message, string ActivityParameter, string ActivityTable, string LookupColumn,
        string Table, int ClosedState, string Refused);

    private OrganizationResponse ExecuteClose(OrganizationRequest request, CallScope scope, CloseKind kind)
    {
        var activity = Parameter<Entity>(request, kind.ActivityParameter);
        var status = Parameter<OptionSetValue>(request, "Status");
        if (activity.LogicalName != kind.ActivityTable)
            throw Faults.Argument($"{kind.RequestName} needs {kind.ActivityParameter} to be a {kind.ActivityTable} record; it was a {activity.LogicalName}.");
        var parent = activity.Contains(kind.LookupColumn) ? activity[kind.LookupColumn] as EntityReference : null;
        if (parent is null || parent.LogicalName != kind.Table)
            throw Faults.Create(ErrorCodes.RequiredFieldMissing,
                $"Required field missing: {kind.ActivityParameter}.{kind.LookupColumn} must point to the {kind.Table} to close.");
        var table = TableOrFault(kind.Table);
        var row = _store.Get(table.LogicalName, parent.Id) ?? throw Faults.NotFound(table.LogicalName, parent.Id);
        var statusValue = ResolveStatus(table, row.Id, kind.ClosedState, status.Value);
        var current = row.GetAttributeValue<OptionSetValue>("statecode")?.Value ?? 0;
        if (current != 0)
            throw Faults.Create(ErrorCodes.InvalidArgument,
                $"The {kind.Table} {row.Id:D} is already {kind.Refused} (statecode {current}). Reactivate it with SetState (or an Update of statecode) before closing it again.");

        RunOnRecord(kind.Message, table, row, request, scope, inv =>
            {
                var child = PlatformChildScope(inv);
                var closing = Copy((Entity)inv.Input[kind.ActivityParameter]);
                closing["statecode"] = new OptionSetValue(1);
                closing["statuscode"] = new OptionSetValue(Metadata.Table(kind.ActivityTable)!.DefaultStatus(1) ?? 2);
                if (!closing.Contains("actualend")) closing["actualend"] = Now;
                var create = PlatformRequest("Create", closing, request);
                ExecuteWrite(create, child, create: true, multiple: false);

                var change = new Entity(table.LogicalName, row.Id)
                {
                    ["statecode"] = new OptionSetValue(kind.ClosedState),
                    ["statuscode"] = new OptionSetValue(statusValue),
                };
                if (kind.Table == "opportunity")
                {
                    // Closing an opportunity records when (the close activity's actualend, a date) and, when given, the revenue.
                    change["actualclosedate"] = DateTime.SpecifyKind(closing.GetAttributeValue<DateTime>("actualend").Date, DateTimeKind.Utc);
                    if (closing.GetAttributeValue<Money>("actualrevenue") is { } revenue) change["actualvalue"] = new Money(revenue.Value);
                }
                ExecuteWrite(PlatformRequest("Update", change, request), child, create: false, multiple: false, platform: true);
            });
        return new OrganizationResponse { ResponseName = kind.RequestName };
    }

    /// <summary>A request the platform raises inside another: it carries the caller's BypassCustomPluginExecution.</summary>
    private static OrganizationRequest PlatformRequest(string message, Entity target, OrganizationRequest caller)
    {
        var request = new OrganizationRequest(message) { Parameters = { ["Target"] = target } };
        if (caller.Parameters.Contains("BypassCustomPluginExecution"))
            request.Parameters["BypassCustomPluginExecution"] = caller.Parameters["BypassCustomPluginExecution"];
        return request;
    }

    /// <summary>The scope of an operation the platform itself raises inside another one: one level deeper, same transaction.</summary>
    private static CallScope PlatformChildScope(Invocation inv) =>
        inv.Scope with { Depth = inv.Depth, Transaction = inv.Transaction, CorrelationId = inv.CorrelationId };

    /// <summary>A status for a state: -1 means the state's default status; any other must belong to the state.</summary>
    private static int ResolveStatus(TableMetadata table, Guid id, int state, int status)
    {
        if (status == -1) return table.DefaultStatus(state) ?? -1;
        var option = table.Column("statuscode")?.Option(status);
        if (option is null || (option.State is int belongsTo && belongsTo != state))
        {
            var stateLabel = table.Column("statecode")?.Option(state)?.Label ?? state.ToString(System.Globalization.CultureInfo.InvariantCulture);
            throw Faults.Create(ErrorCodes.InvalidStateCodeStatusCode,
                $"{status} is not a valid status code for state code {table.SchemaName}State.{stateLabel.Replace(" ", "")} on {table.LogicalName} with Id {id:D}.");
        }
        return status;
    }

    // ---------------------------------------------------------------- SetState, SetStateDynamicEntity

    /// <summary>
    /// SetState and SetStateDynamicEntity (Learn: SetStateRequest, deprecated in favour of Update; parameters
    /// EntityMoniker, State, Status with -1 for the state's default). Steps registered on the message itself run with
    /// those parameters; the change is made by an Update carrying only statecode and statuscode one level deeper, so
    /// Update steps filtered on statecode/statuscode run too. Refused where Update is refused (resolving a case, closing
    /// an opportunity).
    /// </summary>
    private OrganizationResponse ExecuteSetState(OrganizationRequest request, CallScope scope)
    {
        var moniker = Parameter<EntityReference>(request, "EntityMoniker");
        var state = Parameter<OptionSetValue>(request, "State");
        var status = Parameter<OptionSetValue>(request, "Status");
        var table = TableOrFault(moniker.LogicalName);
        if (!table.HasStateCode) throw Faults.NoColumn(table.LogicalName, "statecode");
        var row = _store.Get(table.LogicalName, moniker.Id) ?? throw Faults.NotFound(table.LogicalName, moniker.Id);
        if (table.Column("statecode")!.Option(state.Value) is null)
            throw Faults.Create(ErrorCodes.ValidationError,
                $"A validation error occurred. The value {state.Value} of 'statecode' on record of type '{table.LogicalName}' is outside the valid range.");
        var statusValue = ResolveStatus(table, row.Id, state.Value, status.Value);
        var change = new Entity(table.LogicalName, row.Id) { ["statecode"] = new OptionSetValue(state.Value), ["statuscode"] = new OptionSetValue(statusValue) };
        RefuseClosingUpdate(table, change);

        RunOnRecord(request.RequestName, table, row, request, scope,
            inv => ExecuteWrite(PlatformRequest("Update", change, request), PlatformChildScope(inv), create: false, multiple: false));
        return new OrganizationResponse { ResponseName = request.RequestName };
    }

    /// <summary>
    /// Runs a message on one record through the pipeline (no Target: its steps get the request's parameters), with the
    /// caller's write access checked and the record before and after as its images.
    /// </summary>
    private void RunOnRecord(string message, TableMetadata table, Entity row, OrganizationRequest request, CallScope scope, Action<Invocation> body)
    {
        var input = new ParameterCollection();
        foreach (var parameter in request.Parameters) input[parameter.Key] = CopyValue(parameter.Value);
        var inv = new Invocation(message, table, scope, Now) { Input = input, PrimaryId = row.Id };
        inv.PreRows = new Entity?[] { row };
        inv.PostRows = new Entity?[] { null };
        RunPipeline(inv,
            security: () => _security.Demand(scope.UserId, Security.AccessRight.Write, table, row),
            mainOperation: () =>
            {
                body(inv);
                inv.PostRows[0] = _store.Get(table.LogicalName, row.Id);
            });
    }
}
