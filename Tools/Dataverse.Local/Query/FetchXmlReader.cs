using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Microsoft.Xrm.Sdk.Query;

namespace Dataverse.Local.Query;

/// <summary>Reads FetchXML (the grammar of Microsoft's Fetch.xsd) into a plan.</summary>
internal static class FetchXmlReader
{
    static readonly Dictionary<string, ConditionOperator> Operators = new(StringComparer.Ordinal)
    {
        ["eq"] = ConditionOperator.Equal, ["neq"] = ConditionOperator.NotEqual, ["ne"] = ConditionOperator.NotEqual,
        ["gt"] = ConditionOperator.GreaterThan, ["ge"] = ConditionOperator.GreaterEqual,
        ["lt"] = ConditionOperator.LessThan, ["le"] = ConditionOperator.LessEqual,
        ["like"] = ConditionOperator.Like, ["not-like"] = ConditionOperator.NotLike,
        ["in"] = ConditionOperator.In, ["not-in"] = ConditionOperator.NotIn,
        ["between"] = ConditionOperator.Between, ["not-between"] = ConditionOperator.NotBetween,
        ["null"] = ConditionOperator.Null, ["not-null"] = ConditionOperator.NotNull,
        ["yesterday"] = ConditionOperator.Yesterday, ["today"] = ConditionOperator.Today, ["tomorrow"] = ConditionOperator.Tomorrow,
        ["last-seven-days"] = ConditionOperator.Last7Days, ["next-seven-days"] = ConditionOperator.Next7Days,
        ["last-week"] = ConditionOperator.LastWeek, ["this-week"] = ConditionOperator.ThisWeek, ["next-week"] = ConditionOperator.NextWeek,
        ["last-month"] = ConditionOperator.LastMonth, ["this-month"] = ConditionOperator.ThisMonth, ["next-month"] = ConditionOperator.NextMonth,
        ["on"] = ConditionOperator.On, ["on-or-before"] = ConditionOperator.OnOrBefore, ["on-or-after"] = ConditionOperator.OnOrAfter,
        ["not-on"] = ConditionOperator.NotOn,
        ["last-year"] = ConditionOperator.LastYear, ["this-year"] = ConditionOperator.ThisYear, ["next-year"] = ConditionOperator.NextYear,
        ["last-x-hours"] = ConditionOperator.LastXHours, ["next-x-hours"] = ConditionOperator.NextXHours,
        ["last-x-days"] = ConditionOperator.LastXDays, ["next-x-days"] = ConditionOperator.NextXDays,
        ["last-x-weeks"] = ConditionOperator.LastXWeeks, ["next-x-weeks"] = ConditionOperator.NextXWeeks,
        ["last-x-months"] = ConditionOperator.LastXMonths, ["next-x-months"] = ConditionOperator.NextXMonths,
        ["last-x-years"] = ConditionOperator.LastXYears, ["next-x-years"] = ConditionOperator.NextXYears,
        ["olderthan-x-months"] = ConditionOperator.OlderThanXMonths, ["olderthan-x-years"] = ConditionOperator.OlderThanXYears,
        ["olderthan-x-weeks"] = ConditionOperator.OlderThanXWeeks, ["olderthan-x-days"] = ConditionOperator.OlderThanXDays,
        ["olderthan-x-hours"] = ConditionOperator.OlderThanXHours, ["olderthan-x-minutes"] = ConditionOperator.OlderThanXMinutes,
        ["eq-userid"] = ConditionOperator.EqualUserId, ["ne-userid"] = ConditionOperator.NotEqualUserId,
        ["eq-userteams"] = ConditionOperator.EqualUserTeams, ["eq-useroruserteams"] = ConditionOperator.EqualUserOrUserTeams,
        ["eq-useroruserhierarchy"] = ConditionOperator.EqualUserOrUserHierarchy,
        ["eq-useroruserhierarchyandteams"] = ConditionOperator.EqualUserOrUserHierarchyAndTeams,
        ["eq-businessid"] = ConditionOperator.EqualBusinessId, ["ne-businessid"] = ConditionOperator.NotEqualBusinessId,
        ["eq-userlanguage"] = ConditionOperator.EqualUserLanguage,
        ["this-fiscal-year"] = ConditionOperator.ThisFiscalYear, ["this-fiscal-period"] = ConditionOperator.ThisFiscalPeriod,
        ["next-fiscal-year"] = ConditionOperator.NextFiscalYear, ["next-fiscal-period"] = ConditionOperator.NextFiscalPeriod,
        ["last-fiscal-year"] = ConditionOperator.LastFiscalYear, ["last-fiscal-period"] = ConditionOperator.LastFiscalPeriod,
        ["last-x-fiscal-years"] = ConditionOperator.LastXFiscalYears, ["last-x-fiscal-periods"] = ConditionOperator.LastXFiscalPeriods,
        ["next-x-fiscal-years"] = ConditionOperator.NextXFiscalYears, ["next-x-fiscal-periods"] = ConditionOperator.NextXFiscalPeriods,
        ["in-fiscal-year"] = ConditionOperator.InFiscalYear, ["in-fiscal-period"] = ConditionOperator.InFiscalPeriod,
        ["in-fiscal-period-and-year"] = ConditionOperator.InFiscalPeriodAndYear,
        ["in-or-before-fiscal-period-and-year"] = ConditionOperator.InOrBeforeFiscalPeriodAndYear,
        ["in-or-after-fiscal-period-and-year"] = ConditionOperator.InOrAfterFiscalPeriodAndYear,
        ["begins-with"] = ConditionOperator.BeginsWith, ["not-begin-with"] = ConditionOperator.DoesNotBeginWith,
        ["ends-with"] = ConditionOperator.EndsWith, ["not-end-with"] = ConditionOperator.DoesNotEndWith,
        ["under"] = ConditionOperator.Under, ["eq-or-under"] = ConditionOperator.UnderOrEqual, ["not-under"] = ConditionOperator.NotUnder,
        ["above"] = ConditionOperator.Above, ["eq-or-above"] = ConditionOperator.AboveOrEqual,
        ["contain-values"] = ConditionOperator.ContainValues, ["not-contain-values"] = ConditionOperator.DoesNotContainValues,
    };

    static readonly HashSet<string> FetchAttributes = new(StringComparer.Ordinal)
    {
        "version", "count", "page", "paging-cookie", "utc-offset", "aggregate", "aggregatelimit", "distinct", "top", "mapping",
        "min-active-row-version", "output-format", "returntotalrecordcount", "no-lock", "latematerialize", "options",
        "datasource", "useraworderby",
    };
    static readonly HashSet<string> EntityAttributes = new(StringComparer.Ordinal) { "name", "enableprefiltering", "prefilterparametername" };
    static readonly HashSet<string> AttributeAttributes = new(StringComparer.Ordinal)
    {
        "name", "build", "addedby", "alias", "aggregate", "groupby", "dategrouping", "usertimezone", "distinct", "rowaggregate",
    };
    static readonly HashSet<string> OrderAttributes = new(StringComparer.Ordinal) { "attribute", "alias", "descending", "entityname" };
    static readonly HashSet<string> FilterAttributes = new(StringComparer.Ordinal)
    {
        "type", "isquickfindfields", "overridequickfindrecordlimitenabled", "overridequickfindrecordlimitdisabled", "hint", "bypassquickfind",
    };
    static readonly HashSet<string> ConditionAttributes = new(StringComparer.Ordinal)
    {
        "column", "attribute", "entityname", "operator", "value", "valueof", "aggregate", "rowaggregate", "alias", "uiname", "uitype", "uihidden",
    };
    static readonly HashSet<string> LinkAttributes = new(StringComparer.Ordinal)
    {
        "name", "to", "from", "alias", "link-type", "visible", "intersect", "enableprefiltering", "prefilterparametername",
    };

    public static QueryPlan Read(string? fetchXml)
    {
        if (string.IsNullOrWhiteSpace(fetchXml))
            throw QueryFaults.Create(QueryFaults.QueryBuilderDeserializeEmptyXml, "Xml String can't be null.");
        XElement fetch;
        try
        {
            fetch = XElement.Parse(fetchXml);
        }
        catch (XmlException ex)
        {
            throw QueryFaults.Create(QueryFaults.InvalidXml, "Invalid XML. " + ex.Message);
        }
        if (fetch.Name.LocalName != "fetch") throw InvalidNode(fetch);
        CheckAttributes(fetch, FetchAttributes);

        var plan = new QueryPlan { FromFetch = true };
        var mapping = (string?)fetch.Attribute("mapping");
        if (mapping is not null && mapping != "logical" && mapping != "internal")
            throw QueryFaults.Create(QueryFaults.QueryBuilderDeserializeInvalidMapping, "The only valid values for mapping are 'logical' or 'internal' which is deprecated.");
        plan.Distinct = Bool(fetch, "distinct", QueryFaults.QueryBuilderDeserializeInvalidDistinct) ?? false;
        Bool(fetch, "no-lock", QueryFaults.QueryBuilderDeserializeInvalidNoLock);
        plan.Aggregate = Bool(fetch, "aggregate", QueryFaults.QueryBuilderDeserializeInvalidAggregate) ?? false;
        plan.ReturnTotalRecordCount = Bool(fetch, "returntotalrecordcount", QueryFaults.InvalidArgument) ?? false;
        plan.Top = Int(fetch, "top");
        plan.Count = Int(fetch, "count");
        plan.PageNumber = Int(fetch, "page") ?? 0;
        var cookie = (string?)fetch.Attribute("paging-cookie");
        plan.PagingCookie = string.IsNullOrEmpty(cookie) ? null : cookie;
        var limit = Int(fetch, "aggregatelimit");
        if (limit is not null)
        {
            if (limit <= 0 || limit > QueryEngine.AggregateRecordLimit)
                throw QueryFaults.Argument($"The aggregatelimit attribute value must be between 1 and {QueryEngine.AggregateRecordLimit}.");
            plan.AggregateLimit = limit.Value;
        }
        if (plan.Top is not null)
        {
            string? paging = fetch.Attribute("page") is not null ? "page" : fetch.Attribute("count") is not null ? "count"
                : plan.ReturnTotalRecordCount ? "returntotalrecordcount" : plan.PagingCookie is not null ? "paging-cookie" : null;
            if (paging is not null) throw QueryFaults.Argument($"The top attribute can't be specified with paging attribute {paging}");
        }

        var entities = fetch.Elements().ToList();
        foreach (var child in entities)
            if (child.Name.LocalName != "entity" && child.Name.LocalName != "order") throw InvalidNode(child);
        var entity = entities.SingleOrDefault(e => e.Name.LocalName == "entity")
            ?? throw QueryFaults.Create(QueryFaults.QueryBuilderElementNotFound, "A required element was not specified.");
        CheckAttributes(entity, EntityAttributes);
        var name = Required(entity, "name");
        var root = new PlanNode { Table = name, Alias = name, IsRoot = true };
        int counter = 0;
        ReadNodeChildren(entity, root, plan, ref counter);
        // An order directly under fetch (saved report views) sorts the main table.
        foreach (var order in entities.Where(e => e.Name.LocalName == "order"))
        {
            CheckAttributes(order, OrderAttributes);
            root.Orders.Add(new PlanOrder
            {
                Attribute = (string?)order.Attribute("attribute"),
                Alias = (string?)order.Attribute("alias"),
                Descending = Bool(order, "descending", QueryFaults.QueryBuilderDeserializeInvalidDescending) ?? false,
                Owner = root,
            });
        }
        plan.Root = root;
        return plan;
    }

    static void ReadNodeChildren(XElement element, PlanNode node, QueryPlan plan, ref int counter)
    {
        PlanFilter? combined = null;
        foreach (var child in element.Elements())
        {
            switch (child.Name.LocalName)
            {
                case "attribute":
                    node.Columns.Add(ReadAttribute(child, plan));
                    break;
                case "all-attributes":
                    node.AllColumns = true;
                    break;
                case "no-attrs":
                    break;
                case "order":
                    CheckAttributes(child, OrderAttributes);
                    node.Orders.Add(new PlanOrder
                    {
                        Attribute = (string?)child.Attribute("attribute"),
                        Alias = (string?)child.Attribute("alias"),
                        EntityName = (string?)child.Attribute("entityname"),
                        Descending = Bool(child, "descending", QueryFaults.QueryBuilderDeserializeInvalidDescending) ?? false,
                        Owner = node,
                    });
                    break;
                case "filter":
                    var filter = ReadFilter(child, node, plan, ref counter);
                    if (combined is null) combined = filter;
                    else
                    {
                        // Several filter elements under one entity all apply.
                        if (combined.Or || combined.Conditions.Count > 0 || combined.Filters.Count > 0)
                            combined = new PlanFilter { Filters = { combined } };
                        combined.Filters.Add(filter);
                    }
                    break;
                case "link-entity":
                    node.Links.Add(ReadLink(child, node, plan, ref counter));
                    break;
                default:
                    throw InvalidNode(child);
            }
        }
        node.Filter = combined;
    }

    static PlanColumn ReadAttribute(XElement element, QueryPlan plan)
    {
        CheckAttributes(element, AttributeAttributes);
        var column = new PlanColumn { Name = Required(element, "name"), Alias = (string?)element.Attribute("alias") };
        var aggregate = (string?)element.Attribute("aggregate");
        if (aggregate is not null)
        {
            column.Aggregate = aggregate switch
            {
                "count" => AggregateKind.Count,
                "countcolumn" => AggregateKind.CountColumn,
                "sum" => AggregateKind.Sum,
                "avg" => AggregateKind.Avg,
                "min" => AggregateKind.Min,
                "max" => AggregateKind.Max,
                _ => throw QueryFaults.Create(QueryFaults.QueryBuilderDeserializeInvalidAggregate, "An error occurred while processing Aggregates in Query"),
            };
        }
        column.GroupBy = Bool(element, "groupby", QueryFaults.QueryBuilderDeserializeInvalidGroupBy) ?? false;
        column.Distinct = Bool(element, "distinct", QueryFaults.QueryBuilderDeserializeInvalidDistinct) ?? false;
        var dategrouping = (string?)element.Attribute("dategrouping");
        if (dategrouping is not null)
        {
            column.DateGrouping = dategrouping switch
            {
                "day" => DateGrouping.Day,
                "week" => DateGrouping.Week,
                "month" => DateGrouping.Month,
                "quarter" => DateGrouping.Quarter,
                "year" => DateGrouping.Year,
                "fiscal-period" => DateGrouping.FiscalPeriod,
                "fiscal-year" => DateGrouping.FiscalYear,
                _ => throw QueryFaults.Create(QueryFaults.QueryBuilderInvalidDateGrouping, "An invalid value was specified for dategrouping."),
            };
        }
        if (column.Aggregate is not null && column.GroupBy)
            throw QueryFaults.Create(QueryFaults.QueryBuilderAttributeCannotBeGroupByAndAggregate, "An attribute can either be an aggregate or a Group By but not both");
        if ((column.Aggregate is not null || column.GroupBy) && !plan.Aggregate)
            throw QueryFaults.Create(QueryFaults.QueryBuilderDeserializeInvalidAggregate, "An error occurred while processing Aggregates in Query");
        return column;
    }

    static PlanNode ReadLink(XElement element, PlanNode parent, QueryPlan plan, ref int counter)
    {
        CheckAttributes(element, LinkAttributes);
        counter++;
        var name = Required(element, "name");
        var alias = (string?)element.Attribute("alias");
        var linkType = (string?)element.Attribute("link-type") ?? "inner";
        var node = new PlanNode
        {
            Table = name,
            Alias = string.IsNullOrEmpty(alias) ? name + counter : alias,
            LinkColumn = (string?)element.Attribute("from"),
            ParentColumn = (string?)element.Attribute("to"),
            Join = linkType switch
            {
                "inner" or "natural" => JoinKind.Inner,
                "outer" => JoinKind.Outer,
                "in" or "exists" or "any" => JoinKind.Exists,
                "not any" => JoinKind.NotAny,
                "all" => JoinKind.All,
                "not all" => JoinKind.NotAll,
                "matchfirstrowusingcrossapply" => JoinKind.MatchFirst,
                _ => throw QueryFaults.Create(QueryFaults.QueryBuilderDeserializeInvalidLinkType,
                    "The only valid values for link-type attribute are 'natural', 'inner','in','exists','matchfirstrowusingcrossapply' and 'outer'."),
            },
            Parent = parent,
        };
        ReadNodeChildren(element, node, plan, ref counter);
        return node;
    }

    static PlanFilter ReadFilter(XElement element, PlanNode owner, QueryPlan plan, ref int counter)
    {
        CheckAttributes(element, FilterAttributes);
        var type = (string?)element.Attribute("type") ?? "and";
        if (type != "and" && type != "or")
            throw QueryFaults.Create(QueryFaults.QueryBuilderInvalidFilterType, "Unsupported filter type. Valid values are 'and', or 'or'.");
        var filter = new PlanFilter { Or = type == "or" };
        foreach (var child in element.Elements())
        {
            switch (child.Name.LocalName)
            {
                case "condition": filter.Conditions.Add(ReadCondition(child)); break;
                case "filter": filter.Filters.Add(ReadFilter(child, owner, plan, ref counter)); break;
                case "link-entity":
                    var link = ReadLink(child, owner, plan, ref counter);
                    if (link.Join is not (JoinKind.Exists or JoinKind.NotAny or JoinKind.All or JoinKind.NotAll))
                        throw QueryFaults.Create(QueryFaults.QueryBuilderDeserializeInvalidLinkType,
                            "A link-entity inside a filter must use the link-type 'any', 'not any', 'all' or 'not all'.");
                    link.IsFilterLink = true;
                    filter.Conditions.Add(new PlanCondition { Link = link });
                    break;
                default: throw InvalidNode(child);
            }
        }
        return filter;
    }

    static PlanCondition ReadCondition(XElement element)
    {
        CheckAttributes(element, ConditionAttributes);
        var attribute = (string?)element.Attribute("attribute") ?? (string?)element.Attribute("column");
        if (string.IsNullOrEmpty(attribute))
            throw QueryFaults.Create(QueryFaults.QueryBuilderAttributeNotFound, "A required attribute was not specified.");
        var op = Required(element, "operator");
        if (!Operators.TryGetValue(op, out var conditionOperator))
            throw QueryFaults.Argument($"The 'operator' attribute is invalid - The value '{op}' is invalid according to its datatype 'http://tempuri.org/fetch:operator' - The Enumeration constraint failed.");
        var condition = new PlanCondition
        {
            Attribute = attribute,
            Operator = conditionOperator,
            EntityName = (string?)element.Attribute("entityname"),
            ValueOf = (string?)element.Attribute("valueof"),
            ValuesAreText = true,
        };
        var value = element.Attribute("value");
        if (value is not null) condition.Values.Add(value.Value);
        foreach (var child in element.Elements())
        {
            if (child.Name.LocalName != "value") throw InvalidNode(child);
            condition.Values.Add(child.Value);
        }
        return condition;
    }

    static void CheckAttributes(XElement element, HashSet<string> allowed)
    {
        foreach (var a in element.Attributes())
        {
            if (a.IsNamespaceDeclaration || a.Name.Namespace != XNamespace.None) continue;
            if (!allowed.Contains(a.Name.LocalName))
                throw QueryFaults.Argument($"The '{a.Name.LocalName}' attribute is not declared.");
        }
    }

    static Exception InvalidNode(XElement element) =>
        QueryFaults.Create(QueryFaults.QueryBuilderDeserializeInvalidNode, $"The element node encountered is invalid. Element: '{element.Name.LocalName}'.");

    static string Required(XElement element, string attribute)
    {
        var value = (string?)element.Attribute(attribute);
        if (string.IsNullOrEmpty(value))
            throw QueryFaults.Argument($"The required attribute '{attribute}' is missing on the '{element.Name.LocalName}' element.");
        return value;
    }

    static bool? Bool(XElement element, string attribute, int errorCode)
    {
        var value = (string?)element.Attribute(attribute);
        if (value is null) return null;
        return value switch
        {
            "true" or "1" => true,
            "false" or "0" => false,
            _ => throw QueryFaults.Create(errorCode, $"The only valid values for {attribute} attribute are 'true', 'false', '1', and '0'."),
        };
    }

    static int? Int(XElement element, string attribute)
    {
        var value = (string?)element.Attribute(attribute);
        if (value is null) return null;
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
            throw QueryFaults.Argument($"The '{attribute}' attribute is invalid - The value '{value}' is invalid according to its datatype 'http://www.w3.org/2001/XMLSchema:integer' - The string '{value}' is not a valid Integer value.");
        return n;
    }
}
