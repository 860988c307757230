using System.Reflection;
using Dataverse.Local.Cost;
using Dataverse.Local.Metadata;
using Dataverse.Local.Pipeline;
using Dataverse.Local.Security;
using Dataverse.Local.Storage;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace Dataverse.Local;

public sealed class LocalOrganizationOptions
{
    public string OrganizationName { get; init; } = "winbacklocal";
    public Guid OrganizationId { get; init; } = new("6f3c2b1a-0d4e-4c5b-9a8f-7e6d5c4b3a21");
    /// <summary>
    /// The organization's base language, an LCID (1033 English, 1031 German, 1036 French, 3082 Spanish): the
    /// languagecode of the one organization row, as Dataverse sets it when the environment is created.
    /// </summary>
    public int BaseLanguageCode { get; init; } = 1033;
    /// <summary>The loop guard: an operation deeper than this fails (Dataverse: 8).</summary>
    public int MaxDepth { get; init; } = 8;
    /// <summary>ExecuteMultiple's batch limit (Dataverse: 1000).</summary>
    public int MaxBatchSize { get; init; } = 1000;
    /// <summary>The clock createdon, modifiedon and system jobs read (UTC). Tests can pin it.</summary>
    public Func<DateTime>? Clock { get; init; }
    /// <summary>
    /// Dataverse enforces only SystemRequired columns on its API; ApplicationRequired is a form rule. Set this
    /// to also refuse rows missing ApplicationRequired columns.
    /// </summary>
    public bool EnforceApplicationRequired { get; init; }
    /// <summary>How many plug-in traces to keep (oldest dropped first).</summary>
    public int MaxTraces { get; init; } = 20000;
    /// <summary>
    /// How long a message with its synchronous plug-ins (and each asynchronous plug-in job) may run before it fails
    /// with a timeout and rolls back (Dataverse: 2 minutes). Tests shrink it.
    /// </summary>
    public TimeSpan SynchronousTimeLimit { get; init; } = TimeSpan.FromMinutes(2);
    /// <summary>The clock the time limit reads (default: the machine's UTC clock, not <see cref="Clock"/>, which tests pin).</summary>
    public Func<DateTime>? TimeLimitClock { get; init; }
    /// <summary>How many asynchronous jobs run at once when the queue is drained (Dataverse runs several).</summary>
    public int AsyncConcurrency { get; init; } = 4;
    /// <summary>The seed of the order asynchronous jobs start and interleave in: the same seed replays the same order.</summary>
    public int AsyncSeed { get; init; } = 1;
}

/// <summary>
/// A local, in-memory Dataverse organization. It loads a solution (zip or folder), runs the solution's own
/// plug-in assembly through its registered steps and Custom APIs, enforces security roles, raises Dataverse's
/// faults, and counts what every operation costs.
/// <code>
/// using var org = LocalOrganization.FromSolution("bin/WinBack_managed.zip");
/// var rep = org.AddUser("Riley Rep", "Win-back Sales Rep");
/// var service = org.GetService(rep);
/// var id = service.Create(new Entity("account") { ["name"] = "Contoso" });
/// org.DrainAsyncQueue();
/// </code>
/// </summary>
public sealed partial class LocalOrganization : IDisposable
{
    /// <summary>The SYSTEM user: what IOrganizationServiceFactory.CreateOrganizationService(null) runs as.</summary>
    public static readonly Guid SystemUserId = new("a1b2c3d4-0000-4000-8000-000000000001");
    /// <summary>The System Administrator security role, granting every privilege at organization depth.</summary>
    public const string SystemAdministratorRole = "System Administrator";

    private readonly object _sync = new();
    private readonly RecordStore _store = new();
    private readonly SecurityModel _security = new();
    private readonly PluginTypeRegistry _pluginTypes = new();
    private readonly List<StepRegistration> _steps = new();
    private readonly Dictionary<string, List<StepRegistration>> _stepsByMessage = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<Guid, IPlugin> _pluginInstances = new();
    private readonly Dictionary<string, CustomApiDefinition> _customApis = new(StringComparer.OrdinalIgnoreCase);
    private readonly Queue<AsyncJob> _asyncQueue = new();
    private readonly List<SystemJob> _systemJobs = new();
    private readonly List<PluginTrace> _traces = new();
    private readonly CostMeter _cost = new();
    private readonly Func<DateTime> _clock;
    private long _version = 1000;
    private int _ticketNumber = 1000;

    public LocalOrganization(LocalOrganizationOptions? options = null)
    {
        Options = options ?? new LocalOrganizationOptions();
        if (Options.BaseLanguageCode <= 0)
            throw new ArgumentOutOfRangeException(nameof(options), Options.BaseLanguageCode,
                "BaseLanguageCode is the organization's base language as a Windows LCID, a positive number such as 1033 (English) or 1031 (German).");
        _clock = Options.Clock ?? (() => DateTime.UtcNow);
        OrganizationId = Options.OrganizationId;
        OrganizationName = Options.OrganizationName;
        ImportStandardTables();
        SeedPlatformRows();
    }

    /// <summary>Creates an organization with the standard tables and loads the solution (zip or unpacked folder).</summary>
    public static LocalOrganization FromSolution(string zipOrFolder, LocalOrganizationOptions? options = null)
    {
        var org = new LocalOrganization(options);
        org.ImportSolution(zipOrFolder);
        return org;
    }

    public LocalOrganizationOptions Options { get; }
    public Guid OrganizationId { get; }
    public string OrganizationName { get; }
    public MetadataCatalog Metadata { get; } = new();
    public Guid RootBusinessUnitId { get; private set; }
    /// <summary>A user with the System Administrator role: the user <see cref="Service"/> acts as.</summary>
    public Guid AdministratorId { get; private set; }
    public DateTime Now => _clock();

    /// <summary>An organization service acting as the administrator.</summary>
    public IOrganizationService Service => GetService(AdministratorId);

    /// <summary>An organization service acting as the SYSTEM user (no privilege checks), as plug-ins get with CreateOrganizationService(null).</summary>
    public IOrganizationService SystemService => GetService(SystemUserId);

    /// <summary>An organization service acting as the given user: every call is checked against the user's roles.</summary>
    public IOrganizationService GetService(Guid userId)
    {
        var user = _security.User(userId) ?? throw Faults.NotFound("systemuser", userId);
        return new LocalOrganizationService(this, new CallScope(userId, userId, 0, null, null, null, user.Name, false, null));
    }

    /// <summary>
    /// Runs the work's calls as one transaction of the given user, as a Web API change set does (Learn, "Execute
    /// batch operations using the Web API": the requests of a change set succeed or fail together): every write is
    /// kept when the work returns, and every write is undone when it throws (the exception is rethrown), including
    /// what plug-ins wrote and the asynchronous steps they queued.
    /// </summary>
    public T InTransaction<T>(Guid userId, Func<IOrganizationService, T> work)
    {
        lock (_sync)
        {
            var user = _security.User(userId) ?? throw Faults.NotFound("systemuser", userId);
            var transaction = new Transaction(Guid.NewGuid());
            var service = new LocalOrganizationService(this, new CallScope(userId, userId, 0, null, null, transaction, user.Name, false, null));
            try
            {
                var result = work(service);
                if (transaction.Doomed)
                    throw Faults.Create(ErrorCodes.IsvTransactionCount, "A request of the transaction failed: the transaction cannot commit.");
                Commit(transaction);
                return result;
            }
            catch
            {
                transaction.Rollback(_store);
                throw;
            }
        }
    }

    // ---------------------------------------------------------------- users, business units, roles

    /// <summary>Adds a user in the root business unit with the named security roles.</summary>
    public Guid AddUser(string fullName, params string[] roles) => AddUser(fullName, RootBusinessUnitId, roles);

    public Guid AddUser(string fullName, Guid businessUnitId, params string[] roles)
    {
        lock (_sync)
        {
            var id = Guid.NewGuid();
            var parts = fullName.Split(' ', 2);
            WritePlatformRow("systemuser", id, new Entity("systemuser", id)
            {
                ["fullname"] = fullName,
                ["firstname"] = parts[0],
                ["lastname"] = parts.Length > 1 ? parts[1] : parts[0],
                ["domainname"] = fullName.Replace(' ', '.').ToLowerInvariant() + "@winback.local",
                ["internalemailaddress"] = fullName.Replace(' ', '.').ToLowerInvariant() + "@winback.local",
                ["businessunitid"] = new EntityReference("businessunit", businessUnitId),
                ["isdisabled"] = false,
                ["accessmode"] = new OptionSetValue(0),
            });
            _security.AddUser(id, fullName, businessUnitId);
            foreach (var role in roles) AssignRole(id, role);
            return id;
        }
    }

    public Guid AddBusinessUnit(string name, Guid? parentId = null)
    {
        lock (_sync)
        {
            var id = Guid.NewGuid();
            var parent = parentId ?? RootBusinessUnitId;
            WritePlatformRow("businessunit", id, new Entity("businessunit", id)
            {
                ["name"] = name,
                ["parentbusinessunitid"] = new EntityReference("businessunit", parent),
            });
            _security.AddBusinessUnit(id, parent);
            return id;
        }
    }

    /// <summary>Adds an owner team; its members reach the rows it owns at Basic depth and get the roles it holds.</summary>
    public Guid AddTeam(string name, Guid? businessUnitId = null, params Guid[] members)
    {
        lock (_sync)
        {
            var id = Guid.NewGuid();
            var unit = businessUnitId ?? RootBusinessUnitId;
            WritePlatformRow("team", id, new Entity("team", id)
            {
                ["name"] = name,
                ["businessunitid"] = new EntityReference("businessunit", unit),
                ["teamtype"] = new OptionSetValue(0),
                ["isdefault"] = false,
            });
            _security.AddTeam(id, unit);
            foreach (var member in members) AddTeamMember(id, member);
            return id;
        }
    }

    public void AddTeamMember(Guid teamId, Guid userId)
    {
        lock (_sync)
        {
            if (!_security.HasTeam(teamId)) throw Faults.NotFound("team", teamId);
            if (!_security.HasUser(userId)) throw Faults.NotFound("systemuser", userId);
            _security.AddTeamMember(teamId, userId);
            var id = Guid.NewGuid();
            _store.Write(null, "teammembership", id, new Entity("teammembership", id)
            {
                ["teammembershipid"] = id,
                ["teamid"] = teamId,
                ["systemuserid"] = userId,
            });
        }
    }

    /// <summary>Gives a security role to a team: every member holds its privileges.</summary>
    public void AssignTeamRole(Guid teamId, string roleName)
    {
        lock (_sync)
        {
            var role = _security.Role(roleName) ?? throw new ArgumentException($"No security role named '{roleName}'.", nameof(roleName));
            _security.AssignTeamRole(teamId, role.Id);
        }
    }

    public void AssignRole(Guid userId, string roleName)
    {
        lock (_sync)
        {
            var role = _security.Role(roleName) ?? throw new ArgumentException(
                $"No security role named '{roleName}'. Roles: {string.Join(", ", _security.Roles.Select(r => r.Name))}", nameof(roleName));
            _security.AssignRole(userId, role.Id);
        }
    }

    public void RemoveRole(Guid userId, string roleName)
    {
        lock (_sync)
        {
            var role = _security.Role(roleName) ?? throw new ArgumentException($"No security role named '{roleName}'.", nameof(roleName));
            _security.RemoveRole(userId, role.Id);
        }
    }

    /// <summary>Adds (or replaces) a security role: privilege names as Dataverse spells them, with their depth.</summary>
    public SecurityRole AddRole(string name, params (string Privilege, AccessDepth Depth)[] privileges) =>
        AddRole(new SecurityRole(Guid.NewGuid(), name, privileges.Select(p => new KeyValuePair<string, AccessDepth>(p.Privilege, p.Depth))));

    public SecurityRole AddRole(SecurityRole role)
    {
        lock (_sync)
        {
            var existing = _security.Role(role.Name);
            if (existing is not null && existing.Id != role.Id)
                role = new SecurityRole(existing.Id, role.Name, role.Privileges, role.GrantsEverything);
            _security.AddRole(role);
            WritePlatformRow("role", role.Id, new Entity("role", role.Id)
            {
                ["name"] = role.Name,
                ["businessunitid"] = new EntityReference("businessunit", RootBusinessUnitId),
            });
            return role;
        }
    }

    public IReadOnlyList<SecurityRole> Roles { get { lock (_sync) return _security.Roles.ToList(); } }

    /// <summary>The privilege names Dataverse checks for a right on a table: prvRead + Account ...</summary>
    /// <summary>The deepest depth at which the user holds the named privilege (prvActOnBehalfOfAnotherUser ...), or null.</summary>
    public AccessDepth? PrivilegeDepth(Guid userId, string privilege) { lock (_sync) return _security.DepthOf(userId, privilege); }

    /// <summary>
    /// Whether the user holds the right on this row at a depth that reaches it: what Dataverse's RetrievePrincipalAccess
    /// answers and what a model-driven form uses to open a row read-only (Learn, "RetrievePrincipalAccess Function";
    /// formContext.ui.getFormType returns 3, Read Only, when the user may not update the row).
    /// </summary>
    public bool HasAccess(Guid userId, AccessRight right, string table, Guid id)
    {
        lock (_sync)
        {
            var metadata = Metadata.Table(table);
            var row = metadata is null ? null : _store.Get(table, id);
            if (metadata is null || row is null) return false;
            try { _security.Demand(userId, right, metadata, row); return true; }
            catch (System.ServiceModel.FaultException<OrganizationServiceFault>) { return false; }
        }
    }

    public string PrivilegeName(AccessRight right, string table) =>
        SecurityModel.PrivilegeName(right, Metadata.Table(table) ?? throw Faults.NoTable(table));

    // ---------------------------------------------------------------- registrations

    public IReadOnlyList<StepRegistration> Steps { get { lock (_sync) return _steps.ToList(); } }
    public IReadOnlyCollection<CustomApiDefinition> CustomApis { get { lock (_sync) return _customApis.Values.ToList(); } }

    public void RegisterStep(StepRegistration step)
    {
        lock (_sync)
        {
            _steps.Add(step);
            if (!_stepsByMessage.TryGetValue(step.Message, out var list)) _stepsByMessage[step.Message] = list = new List<StepRegistration>();
            list.Add(step);
            // Rank orders steps of a stage; registration order breaks ties.
            var ordered = list.OrderBy(s => s.Rank).ToList();
            list.Clear();
            list.AddRange(ordered);
        }
    }

    public void RegisterCustomApi(CustomApiDefinition api)
    {
        lock (_sync) _customApis[api.UniqueName] = api;
    }

    /// <summary>Loads a plug-in assembly from its bytes (as a solution carries it) in a collectible load context.</summary>
    public Assembly LoadPluginAssembly(string name, byte[] content)
    {
        lock (_sync) return _pluginTypes.LoadAssembly(name, content);
    }

    /// <summary>Registers the plug-in types of an assembly already loaded in this process (tests, tools).</summary>
    public void RegisterPluginAssembly(Assembly assembly)
    {
        lock (_sync) _pluginTypes.Register(assembly);
    }

    public void RegisterPluginType(Type pluginType)
    {
        lock (_sync) _pluginTypes.Register(pluginType);
    }

    // ---------------------------------------------------------------- async queue, traces, cost

    /// <summary>Asynchronous steps queued by committed operations and not yet run.</summary>
    public int PendingAsyncJobs { get { lock (_sync) return _asyncQueue.Count; } }

    /// <summary>Every system job run so far, oldest first.</summary>
    public IReadOnlyList<SystemJob> SystemJobs { get { lock (_sync) return _systemJobs.ToList(); } }

    /// <summary>Plug-in traces, oldest first: one per plug-in execution, with the text it traced.</summary>
    public IReadOnlyList<PluginTrace> Traces { get { lock (_sync) return _traces.ToList(); } }

    public void ClearTraces()
    {
        lock (_sync) _traces.Clear();
    }

    /// <summary>Counts of organization service calls per caller, per plug-in and per top-level operation.</summary>
    public CostSnapshot Cost { get { lock (_sync) return _cost.Snapshot(); } }

    public void ResetCost()
    {
        lock (_sync) _cost.Reset();
    }

    // ---------------------------------------------------------------- direct reads (tests, demo)

    /// <summary>A copy of the stored row, or null: a read that bypasses the pipeline and security.</summary>
    public Entity? Peek(string table, Guid id)
    {
        lock (_sync) return _store.Get(table, id) is { } row ? Copy(row) : null;
    }

    /// <summary>Copies of every stored row of a table: a read that bypasses the pipeline and security.</summary>
    public IReadOnlyList<Entity> Rows(string table)
    {
        lock (_sync) return _store.Rows(table).Select(Copy).ToList();
    }

    public int Count(string table)
    {
        lock (_sync) return _store.Count(table);
    }

    public void Dispose()
    {
        lock (_sync)
        {
            _pluginInstances.Clear();
            _pluginTypes.Dispose();
        }
    }

    // ---------------------------------------------------------------- seeding

    private void SeedPlatformRows()
    {
        // The one organization row, created with the environment (never by a client: organization has no Create message).
        WritePlatformRow("organization", OrganizationId, new Entity("organization", OrganizationId)
        {
            ["name"] = OrganizationName,
            ["languagecode"] = Options.BaseLanguageCode,
        });

        RootBusinessUnitId = new Guid("a1b2c3d4-0000-4000-8000-0000000000b0");
        WritePlatformRow("businessunit", RootBusinessUnitId, new Entity("businessunit", RootBusinessUnitId) { ["name"] = OrganizationName });
        _security.AddBusinessUnit(RootBusinessUnitId, null);

        WritePlatformRow("systemuser", SystemUserId, new Entity("systemuser", SystemUserId)
        {
            ["fullname"] = "SYSTEM",
            ["domainname"] = "",
            ["businessunitid"] = new EntityReference("businessunit", RootBusinessUnitId),
            ["isdisabled"] = false,
            ["accessmode"] = new OptionSetValue(4),
        });
        _security.AddUser(SystemUserId, "SYSTEM", RootBusinessUnitId, isSystem: true);

        var admin = new SecurityRole(new Guid("a1b2c3d4-0000-4000-8000-0000000000a0"), SystemAdministratorRole,
            Array.Empty<KeyValuePair<string, AccessDepth>>(), grantsEverything: true);
        AddRole(admin);
        AdministratorId = new Guid("a1b2c3d4-0000-4000-8000-000000000002");
        WritePlatformRow("systemuser", AdministratorId, new Entity("systemuser", AdministratorId)
        {
            ["fullname"] = "Local Administrator",
            ["firstname"] = "Local",
            ["lastname"] = "Administrator",
            ["domainname"] = "admin@winback.local",
            ["internalemailaddress"] = "admin@winback.local",
            ["businessunitid"] = new EntityReference("businessunit", RootBusinessUnitId),
            ["isdisabled"] = false,
            ["accessmode"] = new OptionSetValue(0),
        });
        _security.AddUser(AdministratorId, "Local Administrator", RootBusinessUnitId);
        _security.AssignRole(AdministratorId, admin.Id);

        var currency = new Guid("a1b2c3d4-0000-4000-8000-0000000000c0");
        WritePlatformRow("transactioncurrency", currency, new Entity("transactioncurrency", currency)
        {
            ["currencyname"] = "US Dollar",
            ["isocurrencycode"] = "USD",
            ["currencysymbol"] = "$",
            ["exchangerate"] = 1m,
            ["currencyprecision"] = 2,
            ["statecode"] = new OptionSetValue(0),
            ["statuscode"] = new OptionSetValue(1),
        });
        BaseCurrencyId = currency;
    }

    /// <summary>The organization's base currency (USD), set on rows that carry money.</summary>
    public Guid BaseCurrencyId { get; private set; }

    /// <summary>Writes a platform row (users, business units, roles) outside the pipeline.</summary>
    private void WritePlatformRow(string table, Guid id, Entity row)
    {
        var meta = Metadata.Table(table)!;
        // An import is held to the columns' limits as any write is (an environment variable default over 2,000
        // characters fails Dataverse's import).
        foreach (var (name, value) in row.Attributes)
        {
            if (value is string text && meta.Column(name)?.MaxLength is int max && text.Length > max)
                throw Faults.Create(ErrorCodes.ValidationError,
                    $"A validation error occurred. The length of the '{name}' attribute of the '{table}' entity exceeded the maximum allowed length of '{max}'.");
        }
        row[meta.PrimaryIdColumn] = id;
        var now = Now;
        row["createdon"] = now;
        row["modifiedon"] = now;
        if (_store.Get(table, id) is { } existing)
        {
            foreach (var attribute in existing.Attributes) if (!row.Contains(attribute.Key)) row[attribute.Key] = attribute.Value;
        }
        StampOrganization(meta, row);
        _store.Write(null, table, id, row);
    }

    /// <summary>
    /// Sets organizationid on a row of a table that has it (organization-owned tables, systemuser): the platform fills
    /// it, whatever a caller sent. systemuser's is a Uniqueidentifier, the others' a lookup to organization (Learn,
    /// "SystemUser" and "Currency (TransactionCurrency)" table/entity references).
    /// </summary>
    private void StampOrganization(TableMetadata table, Entity row)
    {
        if (table.PrimaryIdColumn == "organizationid" || table.Column("organizationid") is not { } column) return;
        row["organizationid"] = column.Kind == ColumnKind.UniqueIdentifier
            ? OrganizationId
            : new EntityReference("organization", OrganizationId);
    }

    internal static Entity Copy(Entity row)
    {
        var copy = new Entity(row.LogicalName, row.Id);
        foreach (var attribute in row.Attributes) copy[attribute.Key] = CopyValue(attribute.Value);
        foreach (var formatted in row.FormattedValues) copy.FormattedValues[formatted.Key] = formatted.Value;
        return copy;
    }

    /// <summary>Copies the SDK's mutable value types, so a caller changing an object it passed or got never changes a stored row.</summary>
    internal static object? CopyValue(object? value) => value switch
    {
        EntityReference r => new EntityReference(r.LogicalName, r.Id) { Name = r.Name },
        OptionSetValue o => new OptionSetValue(o.Value),
        Money m => new Money(m.Value),
        OptionSetValueCollection c => new OptionSetValueCollection(c.Select(o => new OptionSetValue(o.Value)).ToList()),
        EntityCollection c => new EntityCollection(c.Entities.Select(Copy).ToList()) { EntityName = c.EntityName },
        byte[] b => (byte[])b.Clone(),
        string[] s => (string[])s.Clone(),
        Entity e => Copy(e),
        _ => value,
    };
}

/// <summary>
/// Who is calling and from where: the user whose privileges apply, the depth and context of the plug-in that
/// makes the call (if any), the transaction the call joins, and the top-level operation it is part of.
/// </summary>
internal sealed record CallScope(
    Guid UserId,
    Guid InitiatingUserId,
    int Depth,
    LocalPluginExecutionContext? ParentContext,
    Guid? CorrelationId,
    Transaction? Transaction,
    string Caller,
    bool IsPlugin,
    OperationCost? Operation)
{
    /// <summary>The time the operation (or asynchronous job) must finish by, and the job's scheduling slot.</summary>
    public Budget? Budget { get; init; }
}

/// <summary>The deadline of a top-level operation or asynchronous job, and the job's slot in the scheduler (null for a synchronous call).</summary>
internal sealed record Budget(DateTime Deadline, AsyncSlot? Slot);
