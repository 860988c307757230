namespace WinBack.Packaging.Model;

/// <summary>Questions about a solution's tables that look at the solution first, then at the standard tables.</summary>
public static class SolutionMetadata
{
    public static bool TableExists(SolutionModel model, string table) =>
        model.Table(table) is not null || StandardTables.Find(table) is not null;

    public static bool ColumnExists(SolutionModel model, string table, string column) =>
        model.Table(table)?.Column(column) is not null || StandardTables.ColumnExists(table, column);

    /// <summary>The solution's columns of a table together with the standard ones (the solution's win).</summary>
    public static IEnumerable<ColumnModel> Columns(SolutionModel model, string table)
    {
        var own = model.Table(table)?.Columns ?? new List<ColumnModel>();
        var standard = StandardTables.Find(table)?.Columns ?? new List<ColumnModel>();
        return own.Concat(standard.Where(s => own.All(o => !string.Equals(o.LogicalName, s.LogicalName, StringComparison.OrdinalIgnoreCase))));
    }
}
