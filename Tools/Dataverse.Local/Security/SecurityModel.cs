using System.Security.Cryptography;
using System.Text;
using Dataverse.Local.Metadata;
using Microsoft.Xrm.Sdk;

namespace Dataverse.Local.Security;

/// <summary>How far a privilege reaches: the user's own rows, their business unit, its children, everything.</summary>
public enum AccessDepth { Basic = 0, Local = 1, Deep = 2, Global = 3 }

/// <summary>The table privileges Dataverse checks (prvCreate..., prvRead... and so on).</summary>
public enum AccessRight { Create, Read, Write, Delete, Append, AppendTo, Assign, Share }

/// <summary>A security role: privilege names as Dataverse spells them with the depth each is granted at.</summary>
public sealed class SecurityRole
{
    public SecurityRole(Guid id, string name, IEnumerable<KeyValuePair<string, AccessDepth>> privileges, bool grantsEverything = false)
    {
        Id = id;
        Name = name;
        GrantsEverything = grantsEverything;
        var map = new Dictionary<string, AccessDepth>(StringComparer.OrdinalIgnoreCase);
        foreach (var (privilege, depth) in privileges)
            if (!map.TryGetValue(privilege, out var d) || depth > d) map[privilege] = depth;
        Privileges = map;
    }

    public Guid Id { get; }
    public string Name { get; }
    public IReadOnlyDictionary<string, AccessDepth> Privileges { get; }
    /// <summary>System Administrator: every privilege at organization depth.</summary>
    public bool GrantsEverything { get; }
}

internal sealed class UserInfo
{
    public UserInfo(Guid id, string name, Guid businessUnitId, bool isSystem)
    {
        Id = id;
        Name = name;
        BusinessUnitId = businessUnitId;
        IsSystem = isSystem;
    }

    public Guid Id { get; }
    public string Name { get; }
    public Guid BusinessUnitId { get; set; }
    public bool IsSystem { get; }
    public HashSet<Guid> Roles { get; } = new();
    public HashSet<Guid> Teams { get; } = new();
    public Dictionary<string, AccessDepth>? Merged { get; set; }
    public bool IsAdministrator { get; set; }
}

/// <summary>Users, business units and roles, and the privilege checks Dataverse makes before it touches a row.</summary>
internal sealed class SecurityModel
{
    private readonly Dictionary<Guid, SecurityRole> _roles = new();
    private readonly Dictionary<Guid, UserInfo> _users = new();
    private readonly Dictionary<Guid, Guid?> _businessUnits = new();
    private readonly Dictionary<Guid, (Guid BusinessUnitId, HashSet<Guid> Roles)> _teams = new();

    public IEnumerable<SecurityRole> Roles => _roles.Values;

    public void AddBusinessUnit(Guid id, Guid? parentId) => _businessUnits[id] = parentId;

    public void AddRole(SecurityRole role)
    {
        _roles[role.Id] = role;
        foreach (var user in _users.Values) user.Merged = null;
    }

    public SecurityRole? Role(string name) => _roles.Values.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));
    public SecurityRole? Role(Guid id) => _roles.TryGetValue(id, out var r) ? r : null;

    public UserInfo AddUser(Guid id, string name, Guid businessUnitId, bool isSystem = false)
    {
        var user = new UserInfo(id, name, businessUnitId, isSystem);
        _users[id] = user;
        return user;
    }

    public UserInfo? User(Guid id) => _users.TryGetValue(id, out var u) ? u : null;
    public bool HasUser(Guid id) => _users.ContainsKey(id);

    public void AddTeam(Guid teamId, Guid businessUnitId) => _teams[teamId] = (businessUnitId, new HashSet<Guid>());

    public bool HasTeam(Guid teamId) => _teams.ContainsKey(teamId);

    public void AddTeamMember(Guid teamId, Guid userId)
    {
        var user = _users[userId];
        user.Teams.Add(teamId);
        user.Merged = null;
    }

    /// <summary>A role given to a team reaches every member of the team.</summary>
    public void AssignTeamRole(Guid teamId, Guid roleId)
    {
        _teams[teamId].Roles.Add(roleId);
        foreach (var user in _users.Values) if (user.Teams.Contains(teamId)) user.Merged = null;
    }

    public Guid? TeamBusinessUnit(Guid teamId) => _teams.TryGetValue(teamId, out var team) ? team.BusinessUnitId : null;

    public void AssignRole(Guid userId, Guid roleId)
    {
        var user = _users[userId];
        user.Roles.Add(roleId);
        user.Merged = null;
    }

    public void RemoveRole(Guid userId, Guid roleId)
    {
        var user = _users[userId];
        user.Roles.Remove(roleId);
        user.Merged = null;
    }

    public static string PrivilegeName(AccessRight right, TableMetadata table) => "prv" + right + table.PrivilegeName;

    /// <summary>The deepest depth at which the user holds the privilege, or null when no role grants it.</summary>
    public AccessDepth? DepthOf(Guid userId, string privilege)
    {
        var user = User(userId);
        if (user is null) return null;
        if (user.IsSystem) return AccessDepth.Global;
        var merged = Merge(user);
        if (user.IsAdministrator) return AccessDepth.Global;
        return merged.TryGetValue(privilege, out var depth) ? depth : null;
    }

    private Dictionary<string, AccessDepth> Merge(UserInfo user)
    {
        if (user.Merged is not null) return user.Merged;
        var merged = new Dictionary<string, AccessDepth>(StringComparer.OrdinalIgnoreCase);
        user.IsAdministrator = false;
        var roles = new HashSet<Guid>(user.Roles);
        foreach (var teamId in user.Teams)
            if (_teams.TryGetValue(teamId, out var team)) roles.UnionWith(team.Roles);
        foreach (var roleId in roles)
        {
            if (!_roles.TryGetValue(roleId, out var role)) continue;
            if (role.GrantsEverything) user.IsAdministrator = true;
            foreach (var (privilege, depth) in role.Privileges)
                if (!merged.TryGetValue(privilege, out var d) || depth > d) merged[privilege] = depth;
        }
        user.Merged = merged;
        return merged;
    }

    /// <summary>Throws Dataverse's fault when the user may not exercise the right on the row (or on the table, when row is null).</summary>
    public void Demand(Guid userId, AccessRight right, TableMetadata table, Entity? row)
    {
        if (table.Ownership == TableOwnershipKind.None || table.IsIntersect) return;
        var privilege = PrivilegeName(right, table);
        var depth = DepthOf(userId, privilege);
        if (depth is null) throw MissingPrivilege(userId, privilege, table);
        if (row is not null && !Reaches(userId, depth.Value, table, row)) throw AccessDenied(userId, right, table, row);
    }

    /// <summary>A filter for queries: null when the user reads every row of every table.</summary>
    public Func<string, Entity, bool>? ReadFilter(Guid userId, MetadataCatalog catalog)
    {
        var user = User(userId);
        if (user is null) return (_, _) => false;
        Merge(user);
        if (user.IsSystem || user.IsAdministrator) return null;
        var depths = new Dictionary<string, AccessDepth?>(StringComparer.Ordinal);
        return (tableName, row) =>
        {
            var table = catalog.Table(tableName);
            if (table is null || table.Ownership == TableOwnershipKind.None || table.IsIntersect) return true;
            if (!depths.TryGetValue(tableName, out var depth))
                depths[tableName] = depth = DepthOf(userId, PrivilegeName(AccessRight.Read, table));
            return depth is not null && Reaches(userId, depth.Value, table, row);
        };
    }

    public bool Reaches(Guid userId, AccessDepth depth, TableMetadata table, Entity row)
    {
        if (depth == AccessDepth.Global || table.Ownership != TableOwnershipKind.UserOwned) return true;
        var user = User(userId);
        if (user is null) return false;
        var owner = row.GetAttributeValue<EntityReference>("ownerid");
        // Basic depth: rows the user owns, or owned by a team the user belongs to.
        if (owner is not null && (owner.Id == userId || user.Teams.Contains(owner.Id))) return true;
        var rowUnit = row.GetAttributeValue<EntityReference>("owningbusinessunit")?.Id
                      ?? (owner is null ? null : owner.LogicalName == "team" ? TeamBusinessUnit(owner.Id) : User(owner.Id)?.BusinessUnitId);
        if (rowUnit is null) return false;
        return depth switch
        {
            AccessDepth.Local => rowUnit == user.BusinessUnitId,
            AccessDepth.Deep => IsWithin(rowUnit.Value, user.BusinessUnitId),
            _ => false,
        };
    }

    private bool IsWithin(Guid unit, Guid ancestor)
    {
        Guid? current = unit;
        for (var guard = 0; current is not null && guard < 64; guard++)
        {
            if (current == ancestor) return true;
            current = _businessUnits.TryGetValue(current.Value, out var parent) ? parent : null;
        }
        return false;
    }

    public System.ServiceModel.FaultException<OrganizationServiceFault> MissingPrivilege(Guid userId, string privilege, TableMetadata table)
    {
        var user = User(userId);
        var roleCount = user?.Roles.Count ?? 0;
        var privilegeCount = user?.Merged?.Count ?? 0;
        return Faults.Create(ErrorCodes.PrivilegeDenied,
            $"Principal user (Id={userId:D}, type=8, roleCount={roleCount}, privilegeCount={privilegeCount}, accessMode=0), " +
            $"is missing {privilege} privilege (Id={PrivilegeId(privilege):D}) on OTC={table.ObjectTypeCode} for entity '{table.LogicalName}'. " +
            $"context.Caller={userId:D}");
    }

    public System.ServiceModel.FaultException<OrganizationServiceFault> AccessDenied(Guid userId, AccessRight right, TableMetadata table, Entity row)
    {
        var owner = row.GetAttributeValue<EntityReference>("ownerid");
        var unit = row.GetAttributeValue<EntityReference>("owningbusinessunit");
        return Faults.Create(ErrorCodes.AccessCheckFailed,
            $"SecLib::AccessCheckEx failed. Returned hr = {ErrorCodes.AccessCheckFailed}, ObjectID: {row.Id:D}, " +
            $"OwnerId: {owner?.Id ?? Guid.Empty:D},  OwnerIdType: {(owner?.LogicalName == "team" ? 9 : 8)} and CallingUser: {userId:D}. " +
            $"ObjectTypeCode: {table.ObjectTypeCode}, objectBusinessUnitId: {unit?.Id ?? Guid.Empty:D}, AccessRights: {right}Access ");
    }

    /// <summary>A stable id per privilege name, as every organization has one privilege row per name.</summary>
    public static Guid PrivilegeId(string privilege)
    {
        var hash = MD5.HashData(Encoding.UTF8.GetBytes(privilege.ToLowerInvariant()));
        return new Guid(hash);
    }
}
