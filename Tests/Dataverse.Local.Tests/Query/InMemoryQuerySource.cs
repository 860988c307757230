using System.ServiceModel;
using Dataverse.Local.Query;
using Microsoft.Xrm.Sdk;

namespace Dataverse.Local.Tests.Query;

/// <summary>A query source over in-memory lists: tables with their columns and rows.</summary>
public sealed class InMemoryQuerySource : IQuerySource
{
    readonly Dictionary<string, (string PrimaryId, HashSet<string> Columns, List<Entity> Rows)> tables = new();

    public InMemoryQuerySource Table(string name, params string[] columns)
    {
        var primaryId = name + "id";
        tables[name] = (primaryId, new HashSet<string>(columns.Append(primaryId)), new List<Entity>());
        return this;
    }

    public Entity Add(string table, Guid id, params (string Column, object? Value)[] values)
    {
        var row = new Entity(table, id);
        row[tables[table].PrimaryId] = id;
        foreach (var (column, value) in values)
        {
            if (!tables[table].Columns.Contains(column)) throw new ArgumentException($"{table} has no column {column}");
            if (value is not null) row[column] = value;
        }
        tables[table].Rows.Add(row);
        return row;
    }

    public Entity Add(string table, params (string Column, object? Value)[] values) => Add(table, Guid.NewGuid(), values);

    public IReadOnlyList<Entity> Stored(string table) => tables[table].Rows;

    public bool TableExists(string table) => tables.ContainsKey(table);
    public bool ColumnExists(string table, string column) => tables.TryGetValue(table, out var t) && t.Columns.Contains(column);
    public string PrimaryIdColumn(string table) => tables[table].PrimaryId;
    public IEnumerable<Entity> Rows(string table) => tables[table].Rows;
}

/// <summary>The same source, also describing column types and choice labels, as the Dataverse engine does.</summary>
public sealed class DescribedQuerySource : IQuerySource, IQueryMetadata, IQueryRecordNames
{
    readonly InMemoryQuerySource inner;
    readonly Dictionary<(string, string), QueryColumnType> types = new();
    readonly Dictionary<(string, string, int), string> labels = new();

    public DescribedQuerySource(InMemoryQuerySource inner) => this.inner = inner;

    public DescribedQuerySource Type(string table, string column, QueryColumnType type) { types[(table, column)] = type; return this; }
    public DescribedQuerySource Label(string table, string column, int value, string label) { labels[(table, column, value)] = label; return this; }

    public bool TableExists(string table) => inner.TableExists(table);
    public bool ColumnExists(string table, string column) => inner.ColumnExists(table, column);
    public string PrimaryIdColumn(string table) => inner.PrimaryIdColumn(table);
    public IEnumerable<Entity> Rows(string table) => inner.Rows(table);
    public QueryColumnType ColumnType(string table, string column) => types.TryGetValue((table, column), out var t) ? t : QueryColumnType.Unknown;
    public string? OptionLabel(string table, string column, int value) => labels.TryGetValue((table, column, value), out var l) ? l : null;
    public string? PrimaryNameColumn(string table) => table switch { "account" => "name", "contact" or "systemuser" => "fullname", _ => null };
    public Entity? Find(string table, Guid id) => inner.Stored(table).FirstOrDefault(e => e.Id == id);
}

static class Faults
{
    public static OrganizationServiceFault Expect(int code, Action action)
    {
        var ex = Assert.Throws<FaultException<OrganizationServiceFault>>(action);
        Assert.Equal(code, ex.Detail.ErrorCode);
        Assert.Equal(ex.Detail.Message, ex.Message);
        return ex.Detail;
    }
}
