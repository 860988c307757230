namespace Microsoft.Xrm.Sdk.Query
{
    /// <summary>Visits (and may rewrite) a query expression.</summary>
    public interface IQueryExpressionVisitor
    {
        /// <summary>Returns the query, rewritten where the visitor changes it.</summary>
        QueryExpression Visit(QueryExpression query);
    }
}
