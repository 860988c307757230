using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace Dataverse.Local.Query;

/// <summary>
/// Runs RetrieveMultiple queries (QueryExpression, QueryByAttribute, FetchExpression) over an <see cref="IQuerySource"/>
/// with Dataverse's semantics and limits: at most 5,000 rows a page, paging cookies, aggregates over at most 50,000 rows.
/// </summary>
public sealed class QueryEngine
{
    /// <summary>The default and largest page size.</summary>
    public const int MaxPageSize = 5000;
    /// <summary>The most rows an aggregate query may evaluate.</summary>
    public const int AggregateRecordLimit = 50000;
    /// <summary>The most rows paging without a cookie may reach.</summary>
    public const int SimplePagingLimit = 50000;
    /// <summary>TotalRecordCount counts up to this many rows.</summary>
    public const int TotalRecordCountLimit = 5000;

    readonly IQuerySource source;
    readonly Func<DateTime> utcNow;
    readonly IdIndexCache? idIndexes;

    public QueryEngine(IQuerySource source) : this(source, null) { }

    /// <param name="source">The rows and schema.</param>
    /// <param name="utcNow">The clock relative date operators (today, last-x-days, ...) use; the system clock when null.</param>
    public QueryEngine(IQuerySource source, Func<DateTime>? utcNow)
    {
        this.source = source ?? throw new ArgumentNullException(nameof(source));
        this.utcNow = utcNow ?? (() => DateTime.UtcNow);
        if (source is not IQueryIndexedSource && source is IQueryChangeTracking tracking) idIndexes = new IdIndexCache(source, tracking);
    }

    public EntityCollection RetrieveMultiple(QueryBase query, Func<string, Entity, bool>? canRead = null) =>
        RetrieveMultiple(query, canRead, null);

    /// <summary>Runs a query for a caller, whose id the eq-userid family of operators compares with.</summary>
    public EntityCollection RetrieveMultiple(QueryBase query, Func<string, Entity, bool>? canRead, QueryCaller? caller)
    {
        ArgumentNullException.ThrowIfNull(query);
        var plan = query switch
        {
            QueryExpression qe => QueryExpressionReader.Read(qe),
            QueryByAttribute qa => QueryExpressionReader.Read(qa),
            FetchExpression fe => FetchXmlReader.Read(fe.Query),
            _ => throw QueryFaults.Argument($"The query type {query.GetType().Name} is not supported."),
        };
        return new QueryExecution(source, plan, canRead, caller ?? new QueryCaller(), utcNow(), idIndexes).Run();
    }
}
