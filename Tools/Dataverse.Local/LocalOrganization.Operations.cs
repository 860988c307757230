using System.Globalization;
using Dataverse.Local.Metadata;
using Dataverse.Local.Pipeline;
using Dataverse.Local.Security;
using Dataverse.Local.Storage;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace Dataverse.Local;

public sealed partial class LocalOrganization
{
    private TableMetadata TableOrFault(string? table) =>
        (table is null ? null : Metadata.Table(table)) ?? throw Faults.NoTable(table ?? "");

    private static T Parameter<T>(OrganizationRequest request, string name) where T : class =>
        request.Parameters.Contains(name) && request.Parameters[name] is T value
            ? value
            : throw Faults.Argument($"Required parameter '{name}' of request {request.RequestName} is missing or not a {typeof(T).Name}.");

    // ---------------------------------------------------------------- Create / Update (single and multiple)

    private OrganizationResponse ExecuteWrite(OrganizationRequest request, CallScope scope, bool create, bool multiple, bool platform = false)
    {
        var single = create ? "Create" : "Update";
        List<Entity> items;
        if (multiple)
        {
            var targets = Parameter<EntityCollection>(request, "Targets");
            var name = targets.EntityName ?? targets.Entities.FirstOrDefault()?.LogicalName;
            foreach (var entity in targets.Entities)
            {
                if (entity.LogicalName != name)
                    throw Faults.Argument($"This entity cannot be added to the specified collection. The collection can have entities with PlatformName = {name} while this entity has Platform Name: {entity.LogicalName}");
            }
            if (targets.Entities.Count == 0) throw Faults.Argument($"{request.RequestName} requires at least one entity in Targets.");
            items = targets.Entities.Select(Copy).ToList();
        }
        else
        {
            items = new List<Entity> { Copy(Parameter<Entity>(request, "Target")) };
        }
        var table = TableOrFault(items[0].LogicalName);
        if (multiple && !OffersBulkMessages(table))
            throw Faults.MessageNotSupported(request.RequestName, table.LogicalName, $"Send {single} requests (or ExecuteMultiple) for this table.");
        var inv = new Invocation(request.RequestName, table, scope, Now)
        {
            SingleMessage = single,
            MultipleMessage = single + "Multiple",
        };
        inv.Items.AddRange(items);
        var pre = new Entity?[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var id = IdOf(table, item);
            if (id != Guid.Empty) item.Id = id;
            if (!create)
            {
                if (id == Guid.Empty) throw Faults.Argument($"Entity Id must be specified for Update ({table.LogicalName}).");
                pre[i] = _store.Get(table.LogicalName, id) ?? throw Faults.NotFound(table.LogicalName, id);
                // Only the platform (CloseIncident, WinOpportunity, LoseOpportunity) may put a case or opportunity in a closed state.
                if (!platform)
                {
                    RefuseClosingUpdate(table, item);
                    RefuseChangeToResolvedCase(table, pre[i]!, item);
                }
            }
            else if (table.HasStateCode && !platform)
            {
                RefuseClosingUpdate(table, item);
            }
            var itemInput = new ParameterCollection();
            foreach (var parameter in request.Parameters)
                if (parameter.Key is not ("Target" or "Targets")) itemInput[parameter.Key] = parameter.Value;
            itemInput["Target"] = item;
            inv.ItemInputs.Add(itemInput);
            inv.ItemOutputs.Add(new ParameterCollection());
        }
        inv.PreRows = pre;
        inv.PostRows = new Entity?[items.Count];
        var bulkInput = new ParameterCollection();
        foreach (var parameter in request.Parameters)
            if (parameter.Key is not ("Target" or "Targets")) bulkInput[parameter.Key] = parameter.Value;
        bulkInput["Targets"] = new EntityCollection(items) { EntityName = table.LogicalName };
        inv.BulkInput = bulkInput;
        inv.BulkOutput = new ParameterCollection();
        inv.Input = multiple ? bulkInput : inv.ItemInputs[0];
        inv.PrimaryId = items[0].Id;

        RunPipeline(inv,
            security: () =>
            {
                for (var i = 0; i < items.Count; i++)
                {
                    if (create) _security.Demand(scope.UserId, AccessRight.Create, table, null);
                    else _security.Demand(scope.UserId, AccessRight.Write, table, pre[i]);
                }
            },
            mainOperation: () =>
            {
                var ids = new Guid[items.Count];
                var checkVersion = !create && request.Parameters.Contains("ConcurrencyBehavior")
                    && request.Parameters["ConcurrencyBehavior"] is ConcurrencyBehavior.IfRowVersionMatches;
                for (var i = 0; i < items.Count; i++)
                {
                    Entity row;
                    if (create)
                    {
                        row = CoreCreate(inv, table, items[i]);
                    }
                    else
                    {
                        // The write applies to the row as it is now, not as it was when the pipeline started: another
                        // operation (an asynchronous job interleaving at a plug-in's call) may have written it since.
                        // SQL checks the row version in the same statement that updates the row, under its lock, so a
                        // check before the pipeline alone would let two writers that both read one version both win.
                        if (checkVersion) CheckRowVersion(multiple ? Parameter<EntityCollection>(request, "Targets").Entities[i] : Parameter<Entity>(request, "Target"));
                        var current = _store.Get(table.LogicalName, items[i].Id) ?? throw Faults.NotFound(table.LogicalName, items[i].Id);
                        row = CoreUpdate(inv, table, items[i], current);
                    }
                    inv.PostRows[i] = row;
                    ids[i] = row.Id;
                    if (create) inv.ItemOutputs[i]["id"] = row.Id;
                }
                if (create) inv.BulkOutput["Ids"] = ids;
            });

        var response = new OrganizationResponse { ResponseName = request.RequestName };
        if (create)
        {
            if (multiple) response.Results["Ids"] = inv.BulkOutput["Ids"];
            else response.Results["id"] = inv.ItemOutputs[0]["id"];
        }
        return Typed(response);
    }

    /// <summary>
    /// CreateMultiple and UpdateMultiple exist "with custom standard tables and many common standard tables, but not
    /// all" (Learn, "Use bulk operation messages", Availability; Dataverse lists them per table in sdkmessagefilter).
    /// Here: every custom table, and the standard tables below; never intersect, platform or activity-party tables.
    /// </summary>
    private static readonly HashSet<string> StandardTablesWithBulkMessages = new(StringComparer.Ordinal)
    {
        "account", "contact", "incident", "opportunity", "email",
    };

    private static bool OffersBulkMessages(TableMetadata table) =>
        table.IsCustom ? !table.IsIntersect : StandardTablesWithBulkMessages.Contains(table.LogicalName);

    private static Guid IdOf(TableMetadata table, Entity entity)
    {
        if (entity.Id != Guid.Empty) return entity.Id;
        return entity.Attributes.TryGetValue(table.PrimaryIdColumn, out var value) && value is Guid id ? id : Guid.Empty;
    }

    private Entity CoreCreate(Invocation inv, TableMetadata table, Entity target)
    {
        var userId = inv.Scope.UserId;
        var id = IdOf(table, target);
        if (id == Guid.Empty) id = Guid.NewGuid();
        if (_store.Exists(table.LogicalName, id)) throw Faults.Duplicate(table.LogicalName, id);
        target.Id = id;
        target[table.PrimaryIdColumn] = id;

        var row = new Entity(table.LogicalName, id);
        foreach (var attribute in target.Attributes)
        {
            var value = Validate(table, attribute.Key, attribute.Value, inv);
            if (value is not null) row[attribute.Key] = value;
        }
        foreach (var column in table.RequiredColumns)
        {
            var required = column.Requirement == ColumnRequirement.SystemRequired ||
                           (Options.EnforceApplicationRequired && column.Requirement == ColumnRequirement.ApplicationRequired);
            // statecode, statuscode, owner and ids take their values from the platform (ApplyState, SetOwner), as in Dataverse.
            if (required && !FilledByPlatform(table, column) && row.GetAttributeValue<object>(column.LogicalName) is null)
                throw Faults.RequiredMissing(table.LogicalName, column.LogicalName);
        }

        var now = Now;
        var caller = new EntityReference("systemuser", userId);
        row[table.PrimaryIdColumn] = id;
        row["createdon"] = row.GetAttributeValue<DateTime?>("overriddencreatedon") ?? now;
        row["modifiedon"] = now;
        row["createdby"] = caller;
        row["modifiedby"] = new EntityReference("systemuser", userId);
        row["versionnumber"] = ++_version;
        if (table.Ownership == TableOwnershipKind.UserOwned) SetOwner(row, row.GetAttributeValue<EntityReference>("ownerid") ?? caller);
        if (table.HasStateCode) ApplyState(table, row, row);
        StampOrganization(table, row);
        if (table.HasMoneyColumns && row.Contains("transactioncurrencyid") is false && table.HasColumn("transactioncurrencyid") &&
            table.Columns.Any(c => c.Kind == ColumnKind.Money && row.Contains(c.LogicalName)))
            row["transactioncurrencyid"] = new EntityReference("transactioncurrency", BaseCurrencyId);
        FillComputed(table, row);

        // Owner and appends are checked on the row as it will be stored.
        if (table.Ownership == TableOwnershipKind.UserOwned && userId != SystemUserId)
            _security.Demand(userId, AccessRight.Create, table, row);
        DemandAppends(userId, table, row, target);

        _store.Write(inv.Transaction, table.LogicalName, id, row);
        if (table.IsActivity) MirrorActivity(inv.Transaction, table, row, target);
        return row;
    }

    private Entity CoreUpdate(Invocation inv, TableMetadata table, Entity target, Entity existing)
    {
        var userId = inv.Scope.UserId;
        var row = new Entity(table.LogicalName, existing.Id);
        foreach (var attribute in existing.Attributes) row[attribute.Key] = attribute.Value;
        foreach (var attribute in target.Attributes)
        {
            if (attribute.Key == table.PrimaryIdColumn) continue;
            var column = table.Column(attribute.Key);
            var value = Validate(table, attribute.Key, attribute.Value, inv);
            if (value is null)
            {
                var required = column!.Requirement == ColumnRequirement.SystemRequired ||
                               (Options.EnforceApplicationRequired && column.Requirement == ColumnRequirement.ApplicationRequired);
                if (required && !FilledByPlatform(table, column) && attribute.Value is null) throw Faults.RequiredMissing(table.LogicalName, attribute.Key);
                if (!column.IsPlatformManaged || attribute.Key == "ownerid") row.Attributes.Remove(attribute.Key);
            }
            else if (!column!.IsPlatformManaged || attribute.Key is "ownerid")
            {
                row[attribute.Key] = value;
            }
        }
        if (target.Contains("ownerid") && table.Ownership == TableOwnershipKind.UserOwned)
        {
            var owner = row.GetAttributeValue<EntityReference>("ownerid");
            var previousOwner = existing.GetAttributeValue<EntityReference>("ownerid");
            if (owner is null) throw Faults.RequiredMissing(table.LogicalName, "ownerid");
            if (previousOwner is null || owner.Id != previousOwner.Id)
            {
                _security.Demand(userId, AccessRight.Assign, table, existing);
                SetOwner(row, owner);
            }
        }
        if (table.HasStateCode && (target.Contains("statecode") || target.Contains("statuscode"))) ApplyState(table, row, target);
        row["modifiedon"] = Now;
        row["modifiedby"] = new EntityReference("systemuser", userId);
        row["versionnumber"] = ++_version;
        FillComputed(table, row);
        DemandAppends(userId, table, row, target);
        _store.Write(inv.Transaction, table.LogicalName, existing.Id, row);
        if (table.IsActivity) MirrorActivity(inv.Transaction, table, row, target);
        return row;
    }

    /// <summary>Columns a caller never has to give: the platform fills them (ids, owner, state, audit columns).</summary>
    private static bool FilledByPlatform(TableMetadata table, ColumnMetadata column) =>
        column.IsPlatformManaged || column.Kind is ColumnKind.State or ColumnKind.Status or ColumnKind.Owner ||
        column.LogicalName == table.PrimaryIdColumn;

    private void SetOwner(Entity row, EntityReference owner)
    {
        row["ownerid"] = new EntityReference(owner.LogicalName, owner.Id);
        row.Attributes.Remove("owninguser");
        row.Attributes.Remove("owningteam");
        Guid? unit;
        if (owner.LogicalName == "team")
        {
            row["owningteam"] = new EntityReference("team", owner.Id);
            unit = _security.TeamBusinessUnit(owner.Id) ?? _store.Get("team", owner.Id)?.GetAttributeValue<EntityReference>("businessunitid")?.Id;
        }
        else
        {
            row["owninguser"] = new EntityReference("systemuser", owner.Id);
            unit = _security.User(owner.Id)?.BusinessUnitId;
        }
        row["owningbusinessunit"] = new EntityReference("businessunit", unit ?? RootBusinessUnitId);
    }

    /// <summary>Defaults statecode to 0 and statuscode to the state's default; refuses a status of another state.</summary>
    private static void ApplyState(TableMetadata table, Entity row, Entity changes)
    {
        var stateColumn = table.Column("statecode")!;
        var state = row.GetAttributeValue<OptionSetValue>("statecode")?.Value ?? 0;
        if (stateColumn.Option(state) is null)
            throw Faults.Create(ErrorCodes.ValidationError,
                $"A validation error occurred. The value {state} of 'statecode' on record of type '{table.LogicalName}' is outside the valid range. Accepted Values: {string.Join(",", stateColumn.Options.Select(o => o.Value))}");
        row["statecode"] = new OptionSetValue(state);
        var statusColumn = table.Column("statuscode");
        if (statusColumn is null) return;
        var status = changes.Contains("statuscode") ? row.GetAttributeValue<OptionSetValue>("statuscode")?.Value : null;
        if (status is null && changes.Contains("statecode") is false && row.GetAttributeValue<OptionSetValue>("statuscode") is { } kept) status = kept.Value;
        status ??= table.DefaultStatus(state);
        if (status is null) return;
        var option = statusColumn.Option(status.Value);
        if (option is not null && option.State is int belongsTo && belongsTo != state)
        {
            var stateLabel = stateColumn.Option(state)?.Label ?? state.ToString(CultureInfo.InvariantCulture);
            throw Faults.Create(ErrorCodes.InvalidStateCodeStatusCode,
                $"{status} is not a valid status code for state code {table.SchemaName}State.{stateLabel.Replace(" ", "")} on {table.LogicalName} with Id {row.Id:D}.");
        }
        row["statuscode"] = new OptionSetValue(status.Value);
    }

    private void FillComputed(TableMetadata table, Entity row)
    {
        switch (table.LogicalName)
        {
            case "contact" or "systemuser" when row.Contains("firstname") || row.Contains("lastname"):
                var full = $"{row.GetAttributeValue<string>("firstname")} {row.GetAttributeValue<string>("lastname")}".Trim();
                if (full.Length > 0) row["fullname"] = full;
                break;
            case "incident" when !row.Contains("ticketnumber"):
                row["ticketnumber"] = $"CAS-{++_ticketNumber:00000}-{row.Id.ToString("N")[..6].ToUpperInvariant()}";
                break;
        }
        if (table.IsActivity) row["activitytypecode"] = table.LogicalName;
        if (table.LogicalName == "annotation" && row.GetAttributeValue<EntityReference>("objectid") is { } regarding)
            row["objecttypecode"] = regarding.LogicalName;
    }

    /// <summary>Setting a lookup needs Append on this row and AppendTo on the row it points to.</summary>
    private void DemandAppends(Guid userId, TableMetadata table, Entity row, Entity changes)
    {
        if (userId == SystemUserId) return;
        var appended = false;
        foreach (var attribute in changes.Attributes)
        {
            if (attribute.Value is not EntityReference reference) continue;
            var column = table.Column(attribute.Key);
            if (column is null || column.IsPlatformManaged || column.Kind == ColumnKind.Owner) continue;
            var target = Metadata.Table(reference.LogicalName);
            var targetRow = target is null ? null : _store.Get(target.LogicalName, reference.Id);
            if (target is null || targetRow is null) continue;
            if (!appended)
            {
                _security.Demand(userId, AccessRight.Append, table, row);
                appended = true;
            }
            _security.Demand(userId, AccessRight.AppendTo, target, targetRow);
        }
    }

    /// <summary>Checks a value against its column and returns the copy to store (null clears the column).</summary>
    private object? Validate(TableMetadata table, string name, object? value, Invocation inv)
    {
        var column = table.Column(name) ?? throw Faults.NoColumn(table.LogicalName, name);
        if (value is null) return null;
        string Fail(string expected) => throw Faults.WrongType(table.LogicalName, name, value, expected);
        switch (column.Kind)
        {
            case ColumnKind.String or ColumnKind.Memo:
                if (value is not string text) return Fail("a String");
                if (column.MaxLength is int max && text.Length > max)
                    throw Faults.Create(ErrorCodes.ValidationError,
                        $"A validation error occurred. The length of the '{name}' attribute of the '{table.LogicalName}' entity exceeded the maximum allowed length of '{max}'.");
                return text;
            case ColumnKind.Integer:
                if (value is not int number) return Fail("an Int32");
                CheckRange(table, column, number);
                return number;
            case ColumnKind.BigInt:
                return value is long big ? big : Fail("an Int64");
            case ColumnKind.Decimal:
                if (value is not decimal dec) return Fail("a Decimal");
                CheckRange(table, column, dec);
                return dec;
            case ColumnKind.Double:
                return value is double dbl ? dbl : Fail("a Double");
            case ColumnKind.Money:
                if (value is not Money money) return Fail("a Money");
                CheckRange(table, column, money.Value);
                return new Money(money.Value);
            case ColumnKind.Boolean:
                return value is bool flag ? flag : Fail("a Boolean");
            case ColumnKind.DateTime:
                if (value is not DateTime when) return Fail("a DateTime");
                return column.IsDateOnly ? DateOnlyValue(table, column, when) : CheckEarliest(table, column, when.Kind switch
                {
                    DateTimeKind.Local => when.ToUniversalTime(),
                    DateTimeKind.Unspecified => DateTime.SpecifyKind(when, DateTimeKind.Utc),
                    _ => when,
                });
            case ColumnKind.Picklist:
                if (value is not OptionSetValue choice) return Fail("an OptionSetValue");
                CheckOption(table, column, choice.Value);
                return new OptionSetValue(choice.Value);
            case ColumnKind.State or ColumnKind.Status:
                return value is OptionSetValue status ? new OptionSetValue(status.Value) : Fail("an OptionSetValue");
            case ColumnKind.MultiSelectPicklist:
                if (value is not OptionSetValueCollection choices) return Fail("an OptionSetValueCollection");
                foreach (var c in choices) CheckOption(table, column, c.Value);
                return CopyValue(choices);
            case ColumnKind.Lookup or ColumnKind.Customer or ColumnKind.Owner:
                if (value is not EntityReference reference) return Fail("an EntityReference");
                if (column.Targets.Count > 0 && !column.Targets.Contains(reference.LogicalName))
                    throw Faults.Argument($"The entity type '{reference.LogicalName}' is not a valid target of lookup '{name}' on '{table.LogicalName}' (valid: {string.Join(", ", column.Targets)}).");
                var targetTable = Metadata.Table(reference.LogicalName);
                if (targetTable is not null && !_store.Exists(targetTable.LogicalName, reference.Id))
                    throw Faults.NotFound(reference.LogicalName, reference.Id);
                return new EntityReference(reference.LogicalName, reference.Id);
            case ColumnKind.UniqueIdentifier:
                return value is Guid guid ? guid : Fail("a Guid");
            case ColumnKind.PartyList:
                return value is EntityCollection parties ? CopyValue(parties) : Fail("an EntityCollection of activityparty");
            case ColumnKind.EntityName:
                return value is string entityName ? entityName : Fail("a String");
            case ColumnKind.Image or ColumnKind.File:
                return value is byte[] bytes ? bytes.Clone() : value is Guid fileId ? fileId : Fail("a Byte[]");
            default:
                return null; // virtual columns are never stored from a request
        }
    }

    private static void CheckRange(TableMetadata table, ColumnMetadata column, decimal value)
    {
        if ((column.MinValue is decimal min && value < min) || (column.MaxValue is decimal max && value > max))
            throw Faults.Create(ErrorCodes.ValidationError,
                string.Create(CultureInfo.InvariantCulture,
                    $"A validation error occurred. The value {value} of '{column.LogicalName}' on record of type '{table.LogicalName}' is outside the valid range. Accepted range: {column.MinValue} to {column.MaxValue}"));
    }

    private static void CheckOption(TableMetadata table, ColumnMetadata column, int value)
    {
        if (column.Options.Count == 0 || column.Option(value) is not null) return;
        throw Faults.Create(ErrorCodes.ValidationError,
            $"A validation error occurred. The value {value} of '{column.LogicalName}' on record of type '{table.LogicalName}' is outside the valid range. Accepted Values: {string.Join(",", column.Options.Select(o => o.Value))}");
    }

    /// <summary>
    /// Every activity also has an activitypointer row with the columns all activities share, and its
    /// participants as activityparty rows, so queries over activities and parties see it as in Dataverse.
    /// </summary>
    private void MirrorActivity(Transaction? transaction, TableMetadata table, Entity row, Entity changes)
    {
        if (table.LogicalName == "activitypointer") return;
        var pointerTable = Metadata.Table("activitypointer")!;
        var pointer = new Entity("activitypointer", row.Id);
        foreach (var attribute in row.Attributes)
            if (pointerTable.HasColumn(attribute.Key)) pointer[attribute.Key] = attribute.Value;
        pointer["activityid"] = row.Id;
        _store.Write(transaction, "activitypointer", row.Id, pointer);

        var masks = new (string Column, int Mask)[] { ("from", 1), ("to", 2), ("cc", 3), ("bcc", 4) };
        foreach (var (column, mask) in masks)
        {
            if (!table.HasColumn(column) || !changes.Contains(column)) continue;
            foreach (var old in (_store.RowsReferencing("activityparty", "activityid", row.Id) ?? Array.Empty<Entity>()).Where(p =>
                         p.GetAttributeValue<OptionSetValue>("participationtypemask")?.Value == mask).ToList())
                _store.Write(transaction, "activityparty", old.Id, null);
            if (changes[column] is not EntityCollection parties) continue;
            foreach (var party in parties.Entities)
            {
                var partyId = party.Id != Guid.Empty ? party.Id : Guid.NewGuid();
                var stored = new Entity("activityparty", partyId)
                {
                    ["activitypartyid"] = partyId,
                    ["activityid"] = new EntityReference("activitypointer", row.Id),
                    ["participationtypemask"] = new OptionSetValue(mask),
                };
                if (party.GetAttributeValue<EntityReference>("partyid") is { } who)
                {
                    stored["partyid"] = new EntityReference(who.LogicalName, who.Id);
                    stored["partyobjecttypecode"] = who.LogicalName;
                }
                if (party.GetAttributeValue<string>("addressused") is { } address) stored["addressused"] = address;
                _store.Write(transaction, "activityparty", partyId, stored);
            }
        }
    }

    // ---------------------------------------------------------------- Delete

    private OrganizationResponse ExecuteDelete(OrganizationRequest request, CallScope scope)
    {
        var target = Parameter<EntityReference>(request, "Target");
        var table = TableOrFault(target.LogicalName);
        var existing = _store.Get(table.LogicalName, target.Id) ?? throw Faults.NotFound(table.LogicalName, target.Id);
        var inv = new Invocation("Delete", table, scope, Now)
        {
            Input = CopyParameters(request.Parameters),
            PrimaryId = target.Id,
            PreRows = new Entity?[] { existing },
            PostRows = new Entity?[] { null },
        };
        RunPipeline(inv,
            security: () => _security.Demand(scope.UserId, AccessRight.Delete, table, existing),
            mainOperation: () => DeleteRow(inv, inv.Transaction, table, target.Id, new HashSet<(string, Guid)>()));
        return Typed(new OrganizationResponse { ResponseName = "Delete" });
    }

    /// <summary>Deletes a row and applies every relationship's delete behaviour: Restrict refuses, Cascade deletes the children, RemoveLink clears their lookup.</summary>
    private void DeleteRow(Invocation inv, Transaction? transaction, TableMetadata table, Guid id, HashSet<(string, Guid)> visiting)
    {
        if (!visiting.Add((table.LogicalName, id))) return;
        var children = new List<(RelationshipMetadata Relationship, Entity Row)>();
        foreach (var relationship in Metadata.OneToManyFrom(table.LogicalName))
        {
            if (relationship.CascadeDelete == CascadeKind.NoCascade) continue;
            foreach (var child in _store.RowsReferencing(relationship.ReferencingTable, relationship.ReferencingColumn, id) ?? _store.Rows(relationship.ReferencingTable))
            {
                if (child.Attributes.TryGetValue(relationship.ReferencingColumn, out var value) && value is EntityReference r &&
                    r.Id == id && r.LogicalName == table.LogicalName && !(relationship.ReferencingTable == table.LogicalName && child.Id == id))
                {
                    if (relationship.CascadeDelete == CascadeKind.Restrict)
                        throw Faults.RestrictedDelete(table.LogicalName, id, relationship.SchemaName, relationship.ReferencingTable);
                    children.Add((relationship, child));
                }
            }
        }
        foreach (var (relationship, child) in children)
        {
            var childTable = Metadata.Table(relationship.ReferencingTable)!;
            if (relationship.CascadeDelete == CascadeKind.RemoveLink)
            {
                var current = _store.Get(childTable.LogicalName, child.Id);
                if (current is null) continue;
                var unlinked = new Entity(current.LogicalName, current.Id);
                foreach (var attribute in current.Attributes)
                    if (attribute.Key != relationship.ReferencingColumn) unlinked[attribute.Key] = attribute.Value;
                _store.Write(transaction, childTable.LogicalName, child.Id, unlinked);
            }
            else if (_store.Exists(childTable.LogicalName, child.Id))
            {
                CascadeDelete(inv, transaction, childTable, child.Id, visiting);
            }
        }
        foreach (var relationship in Metadata.Relationships.Where(r => r.IsManyToMany && r.IntersectTable is not null &&
                                                                        (r.ReferencedTable == table.LogicalName || r.ReferencingTable == table.LogicalName)))
        {
            foreach (var pair in _store.Rows(relationship.IntersectTable!).Where(p =>
                         (p.GetAttributeValue<Guid?>(relationship.IntersectColumn1!) == id) || (p.GetAttributeValue<Guid?>(relationship.IntersectColumn2!) == id)).ToList())
                _store.Write(transaction, relationship.IntersectTable!, pair.Id, null);
        }
        _store.Write(transaction, table.LogicalName, id, null);
        if (table.IsActivity && table.LogicalName != "activitypointer" && _store.Exists("activitypointer", id))
            DeleteRow(inv, transaction, Metadata.Table("activitypointer")!, id, visiting);
    }

    /// <summary>
    /// A row deleted by a parent's Cascade behaviour goes through its own Delete pipeline one level deeper, in
    /// the parent's transaction, so Delete steps on the child table run as in Dataverse.
    /// </summary>
    private void CascadeDelete(Invocation parent, Transaction? transaction, TableMetadata table, Guid id, HashSet<(string, Guid)> visiting)
    {
        var hasSteps = _stepsByMessage.TryGetValue("Delete", out var steps) && steps.Any(s => s.Table is null || s.Table == table.LogicalName);
        if (!hasSteps)
        {
            DeleteRow(parent, transaction, table, id, visiting);
            return;
        }
        var existing = _store.Get(table.LogicalName, id)!;
        var scope = parent.Scope with { Depth = parent.Depth, Transaction = transaction, CorrelationId = parent.CorrelationId };
        var inv = new Invocation("Delete", table, scope, Now)
        {
            PrimaryId = id,
            PreRows = new Entity?[] { existing },
            PostRows = new Entity?[] { null },
        };
        inv.Input["Target"] = new EntityReference(table.LogicalName, id);
        RunPipeline(inv, security: () => { }, mainOperation: () => DeleteRow(inv, inv.Transaction, table, id, visiting));
    }

    // ---------------------------------------------------------------- Retrieve / RetrieveMultiple

    private OrganizationResponse ExecuteRetrieve(OrganizationRequest request, CallScope scope)
    {
        var target = Parameter<EntityReference>(request, "Target");
        var columns = request.Parameters.Contains("ColumnSet") ? request.Parameters["ColumnSet"] as ColumnSet : null;
        if (columns is null) throw Faults.Argument("Required parameter 'ColumnSet' of request Retrieve is missing.");
        var table = TableOrFault(target.LogicalName);
        foreach (var column in columns.Columns)
            if (!table.HasColumn(column)) throw Faults.NoColumn(table.LogicalName, column);
        var inv = new Invocation("Retrieve", table, scope, Now) { Input = CopyParameters(request.Parameters), PrimaryId = target.Id };
        Entity? row = null;
        RunPipeline(inv,
            security: () =>
            {
                row = _store.Get(table.LogicalName, target.Id) ?? throw Faults.NotFound(table.LogicalName, target.Id);
                _security.Demand(scope.UserId, AccessRight.Read, table, row);
            },
            mainOperation: () => inv.Output["BusinessEntity"] = Project(table, row!, columns));
        var response = new OrganizationResponse { ResponseName = "Retrieve" };
        response.Results["Entity"] = inv.Output["BusinessEntity"];
        return Typed(response);
    }

    /// <summary>A copy of the row with the requested columns only (and the primary id), lookups named, choices labelled.</summary>
    private Entity Project(TableMetadata table, Entity row, ColumnSet columns)
    {
        var result = new Entity(table.LogicalName, row.Id);
        IEnumerable<string> names = columns.AllColumns ? row.Attributes.Keys.ToList() : columns.Columns;
        foreach (var name in names)
        {
            if (!row.Attributes.TryGetValue(name, out var value) || value is null) continue;
            var copy = CopyValue(value);
            if (copy is EntityReference reference && reference.Name is null)
                reference.Name = PrimaryName(reference);
            result[name] = copy;
            var label = FormattedValue(table.Column(name), value);
            if (label is not null) result.FormattedValues[name] = label;
        }
        result[table.PrimaryIdColumn] = row.Id;
        if (row.GetAttributeValue<long?>("versionnumber") is long version) result.RowVersion = version.ToString(CultureInfo.InvariantCulture);
        return result;
    }

    private string? PrimaryName(EntityReference reference)
    {
        var table = Metadata.Table(reference.LogicalName);
        if (table is null || string.IsNullOrEmpty(table.PrimaryNameColumn)) return null;
        return _store.Get(table.LogicalName, reference.Id)?.GetAttributeValue<string>(table.PrimaryNameColumn);
    }

    private static string? FormattedValue(ColumnMetadata? column, object value) => (column, value) switch
    {
        ({ IsChoice: true } c, OptionSetValue o) => c.Option(o.Value)?.Label,
        ({ Kind: ColumnKind.Boolean } c, bool b) => c.Option(b ? 1 : 0)?.Label,
        (_, Money m) => m.Value.ToString("C", CultureInfo.GetCultureInfo("en-US")),
        _ => null,
    };

    private OrganizationResponse ExecuteRetrieveMultiple(OrganizationRequest request, CallScope scope)
    {
        var query = Parameter<QueryBase>(request, "Query");
        var tableName = query switch
        {
            QueryExpression q => q.EntityName,
            QueryByAttribute q => q.EntityName,
            FetchExpression f => FetchEntityName(f.Query),
            _ => null,
        };
        var table = TableOrFault(tableName);
        var restore = new List<Action>();
        query = DateOnlyConditions(query, table, restore);
        try
        {
            return RetrieveMultiple(request, scope, query, table);
        }
        finally
        {
            foreach (var undo in restore) undo();
        }
    }

    private OrganizationResponse RetrieveMultiple(OrganizationRequest request, CallScope scope, QueryBase query, TableMetadata table)
    {
        var inv = new Invocation("RetrieveMultiple", table, scope, Now) { Input = CopyParameters(request.Parameters) };
        RunPipeline(inv,
            security: () => _security.Demand(scope.UserId, AccessRight.Read, table, null),
            mainOperation: () =>
            {
                var user = _security.User(scope.UserId);
                var caller = new Query.QueryCaller
                {
                    UserId = scope.UserId,
                    BusinessUnitId = user?.BusinessUnitId ?? RootBusinessUnitId,
                    TeamIds = user?.Teams.ToList() ?? new List<Guid>(),
                };
                inv.Output["BusinessEntityCollection"] = QueryEngine.RetrieveMultiple(query, _security.ReadFilter(scope.UserId, Metadata), caller);
            });
        var response = new OrganizationResponse { ResponseName = "RetrieveMultiple" };
        response.Results["EntityCollection"] = inv.Output["BusinessEntityCollection"];
        return Typed(response);
    }

    private static string? FetchEntityName(string fetchXml)
    {
        try
        {
            var document = System.Xml.Linq.XDocument.Parse(fetchXml);
            return document.Root?.Element("entity")?.Attribute("name")?.Value;
        }
        catch (System.Xml.XmlException e)
        {
            throw Faults.Create(unchecked((int)0x80040201), "Invalid XML. " + e.Message);
        }
    }

    private Query.QueryEngine? _queryEngine;

    private Query.QueryEngine QueryEngine => _queryEngine ??= new Query.QueryEngine(new StoreQuerySource(this), _clock);

    // ---------------------------------------------------------------- Associate / Disassociate

    private OrganizationResponse ExecuteAssociate(OrganizationRequest request, CallScope scope, bool associate)
    {
        var target = Parameter<EntityReference>(request, "Target");
        var relationshipName = Parameter<Relationship>(request, "Relationship").SchemaName;
        var related = Parameter<EntityReferenceCollection>(request, "RelatedEntities");
        var table = TableOrFault(target.LogicalName);
        var relationship = Metadata.Relationship(relationshipName)
                           ?? throw Faults.Argument($"The relationship '{relationshipName}' does not exist in this organization.");
        var targetRow = _store.Get(table.LogicalName, target.Id) ?? throw Faults.NotFound(table.LogicalName, target.Id);
        var relatedRows = new List<(TableMetadata Table, Entity Row)>();
        foreach (var reference in related)
        {
            var relatedTable = TableOrFault(reference.LogicalName);
            relatedRows.Add((relatedTable, _store.Get(relatedTable.LogicalName, reference.Id) ?? throw Faults.NotFound(reference.LogicalName, reference.Id)));
        }
        var inv = new Invocation(associate ? "Associate" : "Disassociate", table, scope, Now) { Input = CopyParameters(request.Parameters), PrimaryId = target.Id };
        RunPipeline(inv,
            security: () =>
            {
                _security.Demand(scope.UserId, AccessRight.AppendTo, table, targetRow);
                foreach (var (relatedTable, row) in relatedRows) _security.Demand(scope.UserId, AccessRight.Append, relatedTable, row);
            },
            mainOperation: () =>
            {
                foreach (var (relatedTable, row) in relatedRows)
                    Link(inv.Transaction, relationship, table, targetRow, relatedTable, row, associate);
            });
        return Typed(new OrganizationResponse { ResponseName = inv.Message });
    }

    private void Link(Transaction? transaction, RelationshipMetadata relationship, TableMetadata table, Entity targetRow,
        TableMetadata relatedTable, Entity relatedRow, bool associate)
    {
        if (relationship.IsManyToMany)
        {
            var intersect = relationship.IntersectTable!;
            var (first, second) = table.LogicalName == relationship.ReferencedTable ? (targetRow.Id, relatedRow.Id) : (relatedRow.Id, targetRow.Id);
            var existing = _store.Rows(intersect).FirstOrDefault(p =>
                p.GetAttributeValue<Guid?>(relationship.IntersectColumn1!) == first && p.GetAttributeValue<Guid?>(relationship.IntersectColumn2!) == second);
            if (associate)
            {
                if (existing is not null) throw Faults.Create(ErrorCodes.DuplicateRecord, "Cannot insert duplicate key.");
                var id = Guid.NewGuid();
                var intersectTable = Metadata.Table(intersect)!;
                _store.Write(transaction, intersect, id, new Entity(intersect, id)
                {
                    [intersectTable.PrimaryIdColumn] = id,
                    [relationship.IntersectColumn1!] = first,
                    [relationship.IntersectColumn2!] = second,
                });
            }
            else if (existing is not null)
            {
                _store.Write(transaction, intersect, existing.Id, null);
            }
            return;
        }
        // One-to-many: the child (referencing side) holds the lookup.
        var (childTable, child, parent) = table.LogicalName == relationship.ReferencedTable && relatedTable.LogicalName == relationship.ReferencingTable
            ? (relatedTable, relatedRow, targetRow)
            : (table, targetRow, relatedRow);
        var updated = new Entity(child.LogicalName, child.Id);
        foreach (var attribute in child.Attributes) updated[attribute.Key] = attribute.Value;
        if (associate) updated[relationship.ReferencingColumn] = new EntityReference(parent.LogicalName, parent.Id);
        else updated.Attributes.Remove(relationship.ReferencingColumn);
        updated["modifiedon"] = Now;
        _store.Write(transaction, childTable.LogicalName, child.Id, updated);
    }

    // ---------------------------------------------------------------- ExecuteMultiple

    private OrganizationResponse ExecuteMultiple(OrganizationRequest request, CallScope scope)
    {
        var requests = Parameter<OrganizationRequestCollection>(request, "Requests");
        var settings = request.Parameters.Contains("Settings") ? request.Parameters["Settings"] as ExecuteMultipleSettings : null;
        if (settings is null) throw Faults.Argument("Required parameter 'Settings' of request ExecuteMultiple is missing.");
        if (requests.Count > Options.MaxBatchSize)
            throw Faults.Create(ErrorCodes.NotSupported,
                "ExecuteMultiple Request batch size exceeds the maximum batch size allowed!",
                $"{requests.Count} requests; the maximum batch size is {Options.MaxBatchSize}.",
                details: new[] { new KeyValuePair<string, object>("MaxBatchSize", Options.MaxBatchSize) });
        var responses = new ExecuteMultipleResponseItemCollection();
        var faulted = false;
        for (var i = 0; i < requests.Count; i++)
        {
            try
            {
                if (requests[i] is null) throw Faults.Argument("The request at this index is null.");
                if (requests[i].RequestName == "ExecuteMultiple")
                    throw Faults.Create(ErrorCodes.NotSupported, "ExecuteMultipleRequest cannot contain an ExecuteMultipleRequest.");
                // Each request runs as if sent on its own: its own transaction (unless a plug-in's), its own cost record.
                var response = Execute(requests[i], scope);
                if (settings.ReturnResponses) responses.Add(new ExecuteMultipleResponseItem { RequestIndex = i, Response = response });
            }
            catch (System.ServiceModel.FaultException<OrganizationServiceFault> fault)
            {
                faulted = true;
                responses.Add(new ExecuteMultipleResponseItem { RequestIndex = i, Fault = fault.Detail });
                if (!settings.ContinueOnError) break;
            }
        }
        var result = new OrganizationResponse { ResponseName = "ExecuteMultiple" };
        result.Results["Responses"] = responses;
        result.Results["IsFaulted"] = faulted;
        return Typed(result);
    }

    // ---------------------------------------------------------------- Upsert

    /// <summary>
    /// Upsert: updates the row when it exists, creates it otherwise (Learn, "Use Upsert to insert or update a record").
    /// Steps on Upsert run around it; the Create or Update it performs runs its own steps inside the same transaction,
    /// so every Create and Update step sees an upserted row. The row is found by its id; alternate keys are not modelled.
    /// </summary>
    private OrganizationResponse ExecuteUpsert(OrganizationRequest request, CallScope scope)
    {
        var target = Parameter<Entity>(request, "Target");
        var table = TableOrFault(target.LogicalName);
        if (target.KeyAttributes.Count > 0)
            throw Faults.Create(ErrorCodes.NotSupported, "Upsert by alternate key is not supported by this organization: give the row's id.");
        var id = IdOf(table, target);
        var exists = id != Guid.Empty && _store.Exists(table.LogicalName, id);
        var inv = new Invocation("Upsert", table, scope, Now)
        {
            Input = CopyParameters(request.Parameters),
            PrimaryId = id,
            PreRows = new Entity?[] { exists ? _store.Get(table.LogicalName, id) : null },
            PostRows = new Entity?[] { null },
        };
        var created = !exists;
        var resultId = id;
        RunPipeline(inv,
            security: () => { },
            mainOperation: () =>
            {
                var inner = new OrganizationRequest(created ? "Create" : "Update");
                foreach (var parameter in request.Parameters)
                    inner.Parameters[parameter.Key] = parameter.Key == "Target" ? Copy(target) : parameter.Value;
                var response = Execute(inner, scope with { Transaction = inv.Transaction, Depth = scope.Depth });
                if (created) resultId = (Guid)response.Results["id"];
            });
        var result = new OrganizationResponse { ResponseName = "Upsert" };
        result.Results["RecordCreated"] = created;
        result.Results["Target"] = new EntityReference(table.LogicalName, resultId);
        return Typed(result);
    }

    // ---------------------------------------------------------------- SendEmail

    /// <summary>
    /// SendEmail (Learn, "SendEmailRequest"): sends a draft email. With IssueSend it is queued for delivery (Pending Send),
    /// without it the email is only marked Sent (it went out another way). Only a draft with a recipient can be sent.
    /// Steps registered on SendEmail for email run around it.
    /// </summary>
    private OrganizationResponse ExecuteSendEmail(OrganizationRequest request, CallScope scope)
    {
        if (!(request.Parameters.Contains("EmailId") && request.Parameters["EmailId"] is Guid emailId))
            throw Faults.Argument("Required parameter 'EmailId' of request SendEmail is missing or not a Guid.");
        var issueSend = request.Parameters.Contains("IssueSend") && request.Parameters["IssueSend"] is true;
        var table = TableOrFault("email");
        var existing = _store.Get("email", emailId) ?? throw Faults.NotFound("email", emailId);
        var inv = new Invocation("SendEmail", table, scope, Now)
        {
            Input = CopyParameters(request.Parameters),
            PrimaryId = emailId,
            PreRows = new Entity?[] { existing },
            PostRows = new Entity?[] { null },
        };
        RunPipeline(inv,
            security: () => _security.Demand(scope.UserId, AccessRight.Write, table, existing),
            mainOperation: () =>
            {
                var current = _store.Get("email", emailId)!;
                if (current.GetAttributeValue<OptionSetValue>("statecode")?.Value != 0)
                    throw Faults.Create(ErrorCodes.InvalidArgument, "The email cannot be sent because it is not a draft.");
                var hasRecipient = (_store.RowsReferencing("activityparty", "activityid", emailId) ?? Array.Empty<Entity>())
                    .Any(p => p.GetAttributeValue<OptionSetValue>("participationtypemask")?.Value is 2 or 3 or 4);
                if (!hasRecipient)
                    throw Faults.Create(ErrorCodes.InvalidArgument, "The e-mail must have at least one recipient before it can be sent");
                var sent = new Entity("email", emailId)
                {
                    ["statecode"] = new OptionSetValue(1),
                    ["statuscode"] = new OptionSetValue(issueSend ? 6 : 3),
                    ["senton"] = Now,
                    ["directioncode"] = true,
                };
                inv.PostRows[0] = CoreUpdate(inv, table, sent, current);
            });
        var result = new OrganizationResponse { ResponseName = "SendEmail" };
        result.Results["Subject"] = existing.GetAttributeValue<string>("subject") ?? "";
        return Typed(result);
    }

    // ---------------------------------------------------------------- Custom APIs

    private OrganizationResponse ExecuteCustomApi(CustomApiDefinition api, OrganizationRequest request, CallScope scope)
    {
        var table = api.BindingType != 0 && api.BoundTable is not null ? TableOrFault(api.BoundTable) : null;
        var input = new ParameterCollection();
        Guid primaryId = Guid.Empty;
        if (table is not null)
        {
            if (!request.Parameters.Contains("Target") || request.Parameters["Target"] is null)
                throw Faults.Argument($"Custom API '{api.UniqueName}' is bound to {table.LogicalName}: the request needs a Target.");
            switch (request.Parameters["Target"])
            {
                case EntityReference reference when reference.LogicalName == table.LogicalName:
                    if (!_store.Exists(table.LogicalName, reference.Id)) throw Faults.NotFound(table.LogicalName, reference.Id);
                    primaryId = reference.Id;
                    break;
                case EntityReferenceCollection or EntityCollection when api.BindingType == 2:
                    break;
                default:
                    throw Faults.Argument($"Target of Custom API '{api.UniqueName}' must be an EntityReference to {table.LogicalName}.");
            }
            input["Target"] = CopyValue(request.Parameters["Target"]);
        }
        foreach (var parameter in request.Parameters)
        {
            if (parameter.Key == "Target" && table is not null) continue;
            // Optional parameters every message takes (Learn, "Use optional parameters").
            if (parameter.Key is "BypassCustomPluginExecution" or "BypassBusinessLogicExecution") continue;
            if (api.RequestParameters.All(p => p.UniqueName != parameter.Key))
                throw Faults.Argument($"'{parameter.Key}' is not a valid parameter of request {api.UniqueName}.");
        }
        foreach (var declared in api.RequestParameters)
        {
            var present = request.Parameters.Contains(declared.UniqueName) && request.Parameters[declared.UniqueName] is not null;
            if (!present)
            {
                if (!declared.IsOptional)
                    throw Faults.Create(ErrorCodes.RequiredFieldMissing,
                        $"Required field missing: the request {api.UniqueName} needs the parameter '{declared.UniqueName}' ({declared.Type}).");
                continue;
            }
            var value = request.Parameters[declared.UniqueName];
            if (!IsApiType(value, declared.Type))
                throw Faults.Argument(
                    $"Parameter '{declared.UniqueName}' of request {api.UniqueName} expects {declared.Type} but got {value.GetType().FullName}.");
            input[declared.UniqueName] = CopyValue(value);
        }
        var inv = new Invocation(api.UniqueName, table, scope, Now) { Input = input, PrimaryId = primaryId };
        RunPipeline(inv,
            security: () =>
            {
                if (!string.IsNullOrEmpty(api.ExecutePrivilegeName) && _security.DepthOf(scope.UserId, api.ExecutePrivilegeName) is null)
                    throw Faults.Create(ErrorCodes.PrivilegeDenied,
                        $"Principal user (Id={scope.UserId:D}, type=8) is missing {api.ExecutePrivilegeName} privilege to execute {api.UniqueName}.");
            },
            mainOperation: () =>
            {
                if (api.PluginTypeName is null) return;
                var step = MainOperationStep(api);
                var context = BuildContext(inv, step, -1, Stages.MainOperation, asynchronous: false);
                RunPlugin(step, context, inv.Transaction, scope.Operation, scope.Budget);
            });
        var response = new OrganizationResponse { ResponseName = api.UniqueName };
        foreach (var property in api.ResponseProperties)
        {
            if (!inv.Output.Contains(property.UniqueName)) continue;
            var value = inv.Output[property.UniqueName];
            if (value is not null && !IsApiType(value, property.Type))
                throw Faults.Argument($"The plug-in set response property '{property.UniqueName}' of {api.UniqueName} to {value.GetType().FullName}; it is declared {property.Type}.");
            response.Results[property.UniqueName] = value;
        }
        return response;
    }

    private readonly Dictionary<string, StepRegistration> _mainOperationSteps = new(StringComparer.OrdinalIgnoreCase);

    private StepRegistration MainOperationStep(CustomApiDefinition api)
    {
        if (!_mainOperationSteps.TryGetValue(api.UniqueName, out var step))
        {
            _mainOperationSteps[api.UniqueName] = step = new StepRegistration(api.UniqueName, api.BoundTable, Stages.MainOperation, api.PluginTypeName!)
            {
                Name = api.UniqueName + ": main operation",
            };
        }
        return step;
    }

    private static bool IsApiType(object value, ApiFieldType type) => type switch
    {
        ApiFieldType.Boolean => value is bool,
        ApiFieldType.DateTime => value is DateTime,
        ApiFieldType.Decimal => value is decimal,
        ApiFieldType.Entity => value is Entity,
        ApiFieldType.EntityCollection => value is EntityCollection,
        ApiFieldType.EntityReference => value is EntityReference,
        ApiFieldType.Float => value is double,
        ApiFieldType.Integer => value is int,
        ApiFieldType.Money => value is Money,
        ApiFieldType.Picklist => value is OptionSetValue,
        ApiFieldType.String => value is string,
        ApiFieldType.StringArray => value is string[],
        ApiFieldType.Guid => value is Guid,
        _ => false,
    };

    // ---------------------------------------------------------------- typed responses

    /// <summary>Returns the SDK's typed response class for the message, as the real service does.</summary>
    private static OrganizationResponse Typed(OrganizationResponse response)
    {
        OrganizationResponse typed = response.ResponseName switch
        {
            "Create" => new Microsoft.Xrm.Sdk.Messages.CreateResponse(),
            "CreateMultiple" => new Microsoft.Xrm.Sdk.Messages.CreateMultipleResponse(),
            "Update" => new Microsoft.Xrm.Sdk.Messages.UpdateResponse(),
            "UpdateMultiple" => new Microsoft.Xrm.Sdk.Messages.UpdateMultipleResponse(),
            "Delete" => new Microsoft.Xrm.Sdk.Messages.DeleteResponse(),
            "Retrieve" => new Microsoft.Xrm.Sdk.Messages.RetrieveResponse(),
            "RetrieveMultiple" => new Microsoft.Xrm.Sdk.Messages.RetrieveMultipleResponse(),
            "Associate" => new Microsoft.Xrm.Sdk.Messages.AssociateResponse(),
            "Disassociate" => new Microsoft.Xrm.Sdk.Messages.DisassociateResponse(),
            "ExecuteMultiple" => new Microsoft.Xrm.Sdk.Messages.ExecuteMultipleResponse(),
            _ => response,
        };
        if (ReferenceEquals(typed, response)) return response;
        typed.ResponseName = response.ResponseName;
        foreach (var result in response.Results) typed.Results[result.Key] = result.Value;
        return typed;
    }
}
