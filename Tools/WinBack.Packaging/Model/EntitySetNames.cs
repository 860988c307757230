namespace WinBack.Packaging.Model;

/// <summary>
/// The Web API entity set name Dataverse gives a table when it is created: its logical name in the plural, as
/// English spells it (wb_disengagementhistory -> wb_disengagementhistories, opportunity -> opportunities,
/// wb_usagesnapshot -> wb_usagesnapshots). Web API clients address a table by this name.
/// </summary>
public static class EntitySetNames
{
    public static string Of(string logicalName)
    {
        if (logicalName.Length > 1 && logicalName.EndsWith('y') && !IsVowel(logicalName[^2])) return logicalName[..^1] + "ies";
        if (logicalName.EndsWith('s') || logicalName.EndsWith('x') || logicalName.EndsWith('z')
            || logicalName.EndsWith("ch", StringComparison.Ordinal) || logicalName.EndsWith("sh", StringComparison.Ordinal))
        {
            return logicalName + "es";
        }
        return logicalName + "s";
    }

    private static bool IsVowel(char c) => "aeiou".Contains(c);
}
