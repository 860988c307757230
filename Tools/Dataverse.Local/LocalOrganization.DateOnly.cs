using System.Globalization;
using System.Xml.Linq;
using Dataverse.Local.Metadata;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace Dataverse.Local;

/// <summary>
/// Date and time columns as Dataverse keeps them. A DateOnly column "stores the date value with the time value as
/// 12:00 AM (00:00:00) without the time zone information" (Learn, DateTimeBehavior.DateOnly), so a time given with it
/// is dropped and a query condition on it compares dates (the condition value's time is dropped too). Every date
/// and time column starts at 1/1/1753 (Learn, "Behavior and format of the date and time column").
/// Done here, at the boundary between the messages and the store, so the query engine stays unaware of it.
/// </summary>
public sealed partial class LocalOrganization
{
    private static readonly DateTime Earliest = new(1753, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static DateTime DateOnlyValue(TableMetadata table, ColumnMetadata column, DateTime value) =>
        CheckEarliest(table, column, DateTime.SpecifyKind(value.Date, DateTimeKind.Utc));

    private static DateTime CheckEarliest(TableMetadata table, ColumnMetadata column, DateTime value)
    {
        if (value < Earliest)
            throw Faults.Create(ErrorCodes.ValidationError,
                string.Create(CultureInfo.InvariantCulture,
                    $"A validation error occurred. The value {value:yyyy-MM-dd} of '{column.LogicalName}' on record of type '{table.LogicalName}' is outside the valid range. Date and time columns accept values from 1753-01-01."));
        return value;
    }

    /// <summary>
    /// The query with the DateTime values of its conditions on DateOnly columns cut to their date. A QueryExpression
    /// or QueryByAttribute is changed in place and <paramref name="restore"/> puts the caller's values back; FetchXML
    /// becomes a new FetchExpression.
    /// </summary>
    private QueryBase DateOnlyConditions(QueryBase query, TableMetadata table, List<Action> restore)
    {
        switch (query)
        {
            case QueryExpression expression:
                var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
                CollectAliases(expression.LinkEntities, aliases);
                DateOnlyFilter(expression.Criteria, table.LogicalName, aliases, restore);
                DateOnlyLinks(expression.LinkEntities, aliases, restore);
                return query;
            case QueryByAttribute byAttribute:
                for (var i = 0; i < byAttribute.Attributes.Count && i < byAttribute.Values.Count; i++)
                {
                    if (!IsDateOnly(table.LogicalName, byAttribute.Attributes[i]) || byAttribute.Values[i] is not DateTime when) continue;
                    var index = i;
                    byAttribute.Values[index] = when.Date;
                    restore.Add(() => byAttribute.Values[index] = when);
                }
                return query;
            case FetchExpression fetch:
                return DateOnlyFetch(fetch);
            default:
                return query;
        }
    }

    private bool IsDateOnly(string? table, string? column) =>
        table is not null && column is not null && Metadata.Table(table)?.Column(column)?.IsDateOnly == true;

    private static void CollectAliases(IEnumerable<LinkEntity> links, Dictionary<string, string> aliases)
    {
        foreach (var link in links)
        {
            if (!string.IsNullOrEmpty(link.EntityAlias)) aliases[link.EntityAlias] = link.LinkToEntityName;
            aliases[link.LinkToEntityName] = link.LinkToEntityName;
            CollectAliases(link.LinkEntities, aliases);
        }
    }

    private void DateOnlyLinks(IEnumerable<LinkEntity> links, Dictionary<string, string> aliases, List<Action> restore)
    {
        foreach (var link in links)
        {
            DateOnlyFilter(link.LinkCriteria, link.LinkToEntityName, aliases, restore);
            DateOnlyLinks(link.LinkEntities, aliases, restore);
        }
    }

    private void DateOnlyFilter(FilterExpression? filter, string table, Dictionary<string, string> aliases, List<Action> restore)
    {
        if (filter is null) return;
        foreach (var condition in filter.Conditions)
        {
            var conditionTable = string.IsNullOrEmpty(condition.EntityName) ? table : aliases.GetValueOrDefault(condition.EntityName, condition.EntityName);
            if (!IsDateOnly(conditionTable, condition.AttributeName)) continue;
            for (var i = 0; i < condition.Values.Count; i++)
            {
                if (condition.Values[i] is not DateTime when || when.TimeOfDay == TimeSpan.Zero) continue;
                var index = i;
                var values = condition.Values;
                values[index] = DateTime.SpecifyKind(when.Date, when.Kind);
                restore.Add(() => values[index] = when);
            }
        }
        foreach (var child in filter.Filters) DateOnlyFilter(child, table, aliases, restore);
    }

    private FetchExpression DateOnlyFetch(FetchExpression fetch)
    {
        XDocument document;
        try
        {
            document = XDocument.Parse(fetch.Query);
        }
        catch (System.Xml.XmlException)
        {
            return fetch;   // the query engine reports the invalid XML
        }
        var entity = document.Root?.Element("entity");
        if (entity is null) return fetch;
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var link in entity.Descendants("link-entity"))
        {
            var name = (string?)link.Attribute("name");
            if (name is null) continue;
            aliases[(string?)link.Attribute("alias") ?? name] = name;
        }
        var changed = false;
        foreach (var condition in entity.Descendants("condition"))
        {
            var owner = condition.Ancestors().FirstOrDefault(a => a.Name == "link-entity" || a.Name == "entity");
            var table = (string?)condition.Attribute("entityname") is { } alias ? aliases.GetValueOrDefault(alias, alias) : (string?)owner?.Attribute("name");
            if (!IsDateOnly(table, (string?)condition.Attribute("attribute"))) continue;
            foreach (var value in new[] { condition.Attribute("value") }.Where(a => a is not null).Cast<XObject>()
                         .Concat(condition.Elements("value")))
            {
                var text = value is XAttribute attribute ? attribute.Value : ((XElement)value).Value;
                if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var when)
                    || when.TimeOfDay == TimeSpan.Zero) continue;
                var date = when.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                if (value is XAttribute a) a.Value = date;
                else ((XElement)value).Value = date;
                changed = true;
            }
        }
        return changed ? new FetchExpression(document.ToString(SaveOptions.DisableFormatting)) : fetch;
    }
}
