using System.Globalization;
using Dataverse.Local.Metadata;
using Microsoft.Xrm.Sdk.Query;

namespace Dataverse.WebApi;

/// <summary>
/// Turns a $filter into a QueryExpression FilterExpression. Follows Learn, "Filter rows" (Web API): comparison
/// operators eq ne gt ge lt le, logical and/or/not with parentheses, contains/startswith/endswith, null, lookup
/// properties as _x_value, and the Dataverse query functions written Microsoft.Dynamics.CRM.Name(PropertyName='x',
/// PropertyValue=v) or PropertyValues=[...] ("Web API Query Function Reference": In, NotIn, LastXDays, ...).
/// A filter that does not parse is refused with 400 0x80060888 and the position, as Dataverse's OData parser does.
/// </summary>
public sealed class ODataFilter
{
    private readonly TableMetadata _table;
    private readonly string _text;
    private readonly List<Token> _tokens;
    private int _at;

    private ODataFilter(TableMetadata table, string text)
    {
        _table = table;
        _text = text;
        _tokens = Tokenize(text);
    }

    public static FilterExpression Parse(TableMetadata table, string text)
    {
        var parser = new ODataFilter(table, text);
        var node = parser.Or();
        if (parser._at < parser._tokens.Count) throw parser.Syntax(parser._tokens[parser._at]);
        return ToFilter(node, negate: false);
    }

    // ------------------------------------------------------------------ syntax tree

    private abstract record Node;
    private sealed record Logical(LogicalOperator Operator, List<Node> Items) : Node;
    private sealed record Not(Node Inner) : Node;
    private sealed record Condition(string Column, ConditionOperator Operator, object?[] Values, string Text) : Node;

    private static readonly Dictionary<ConditionOperator, ConditionOperator> Opposites = new()
    {
        [ConditionOperator.Equal] = ConditionOperator.NotEqual, [ConditionOperator.NotEqual] = ConditionOperator.Equal,
        [ConditionOperator.GreaterThan] = ConditionOperator.LessEqual, [ConditionOperator.LessEqual] = ConditionOperator.GreaterThan,
        [ConditionOperator.LessThan] = ConditionOperator.GreaterEqual, [ConditionOperator.GreaterEqual] = ConditionOperator.LessThan,
        [ConditionOperator.Like] = ConditionOperator.NotLike, [ConditionOperator.NotLike] = ConditionOperator.Like,
        [ConditionOperator.In] = ConditionOperator.NotIn, [ConditionOperator.NotIn] = ConditionOperator.In,
        [ConditionOperator.Null] = ConditionOperator.NotNull, [ConditionOperator.NotNull] = ConditionOperator.Null,
        [ConditionOperator.Between] = ConditionOperator.NotBetween, [ConditionOperator.NotBetween] = ConditionOperator.Between,
        [ConditionOperator.On] = ConditionOperator.NotOn, [ConditionOperator.NotOn] = ConditionOperator.On,
        [ConditionOperator.BeginsWith] = ConditionOperator.DoesNotBeginWith, [ConditionOperator.DoesNotBeginWith] = ConditionOperator.BeginsWith,
        [ConditionOperator.EndsWith] = ConditionOperator.DoesNotEndWith, [ConditionOperator.DoesNotEndWith] = ConditionOperator.EndsWith,
        [ConditionOperator.ContainValues] = ConditionOperator.DoesNotContainValues, [ConditionOperator.DoesNotContainValues] = ConditionOperator.ContainValues,
    };

    /// <summary>not is pushed down to the conditions (De Morgan), since a FilterExpression has no negation of its own.</summary>
    private static FilterExpression ToFilter(Node node, bool negate)
    {
        switch (node)
        {
            case Not not:
                return ToFilter(not.Inner, !negate);
            case Logical logical:
            {
                var op = negate ? (logical.Operator == LogicalOperator.And ? LogicalOperator.Or : LogicalOperator.And) : logical.Operator;
                var filter = new FilterExpression(op);
                foreach (var item in logical.Items) Add(filter, item, negate);
                return filter;
            }
            default:
            {
                var filter = new FilterExpression(LogicalOperator.And);
                Add(filter, node, negate);
                return filter;
            }
        }
    }

    private static void Add(FilterExpression filter, Node node, bool negate)
    {
        if (node is Condition c)
        {
            var op = c.Operator;
            if (negate && !Opposites.TryGetValue(op, out op))
                throw WebApiError.Query($"The query function in '{c.Text}' cannot be negated with 'not'.");
            filter.Conditions.Add(new ConditionExpression(c.Column, op, c.Values));
        }
        else
        {
            filter.Filters.Add(ToFilter(node, negate));
        }
    }

    // ------------------------------------------------------------------ grammar

    private Node Or()
    {
        var items = new List<Node> { And() };
        while (IsWord("or")) { _at++; items.Add(And()); }
        return items.Count == 1 ? items[0] : new Logical(LogicalOperator.Or, items);
    }

    private Node And()
    {
        var items = new List<Node> { Unary() };
        while (IsWord("and")) { _at++; items.Add(Unary()); }
        return items.Count == 1 ? items[0] : new Logical(LogicalOperator.And, items);
    }

    private Node Unary()
    {
        if (IsWord("not")) { _at++; return new Not(Unary()); }
        return Primary();
    }

    private Node Primary()
    {
        var token = Next();
        if (token.Kind == TokenKind.Punct && token.Text == "(")
        {
            var inner = Or();
            Expect(")");
            return inner;
        }
        if (token.Kind != TokenKind.Word) throw Syntax(token);
        if (Peek()?.Text == "(")
        {
            _at++;
            return Function(token);
        }
        // property op literal
        var column = Column(token.Text);
        var opToken = Next();
        var op = opToken.Kind == TokenKind.Word ? opToken.Text switch
        {
            "eq" => ConditionOperator.Equal, "ne" => ConditionOperator.NotEqual,
            "gt" => ConditionOperator.GreaterThan, "ge" => ConditionOperator.GreaterEqual,
            "lt" => ConditionOperator.LessThan, "le" => ConditionOperator.LessEqual,
            _ => (ConditionOperator?)null,
        } : null;
        if (op is null) throw Syntax(opToken);
        var literalToken = Next();
        var text = _text[token.Position..(literalToken.Position + literalToken.Length)];
        if (literalToken.Kind == TokenKind.Word && literalToken.Text == "null")
        {
            if (op is not (ConditionOperator.Equal or ConditionOperator.NotEqual)) throw Syntax(literalToken);
            return new Condition(column.LogicalName, op == ConditionOperator.Equal ? ConditionOperator.Null : ConditionOperator.NotNull, Array.Empty<object?>(), text);
        }
        return new Condition(column.LogicalName, op.Value, new[] { Literal(column, literalToken) }, text);
    }

    private Node Function(Token name)
    {
        var start = name.Position;
        switch (name.Text)
        {
            case "contains" or "startswith" or "endswith":
            {
                var column = Column(Next().Text);
                Expect(",");
                var value = Next();
                if (value.Kind != TokenKind.String) throw Syntax(value);
                var close = Expect(")");
                var escaped = value.Text.Replace("[", "[[]").Replace("%", "[%]").Replace("_", "[_]");
                var pattern = name.Text switch { "contains" => "%" + escaped + "%", "startswith" => escaped + "%", _ => "%" + escaped };
                return new Condition(column.LogicalName, ConditionOperator.Like, new object?[] { pattern }, _text[start..(close.Position + 1)]);
            }
        }
        const string Prefix = "Microsoft.Dynamics.CRM.";
        if (!name.Text.StartsWith(Prefix, StringComparison.Ordinal) ||
            !Enum.TryParse<ConditionOperator>(name.Text[Prefix.Length..], ignoreCase: false, out var op) ||
            name.Text[Prefix.Length..] is "Equal" or "NotEqual" or "Like" or "NotLike")
            throw WebApiError.Query($"An unknown function with name '{name.Text}' was found. This may also be a function import or a key lookup on a navigation property, which is not allowed.");

        ColumnMetadata? target = null;
        var values = new List<object?>();
        while (true)
        {
            var parameter = Next();
            if (parameter.Kind != TokenKind.Word) throw Syntax(parameter);
            Expect("=");
            if (parameter.Text == "PropertyName")
            {
                var property = Next();
                if (property.Kind != TokenKind.String) throw Syntax(property);
                target = Column(property.Text);
            }
            else if (parameter.Text is "PropertyValue" or "PropertyValues")
            {
                if (target is null) throw WebApiError.Query($"'{name.Text}' needs PropertyName before its values.");
                if (Peek()?.Text == "[")
                {
                    _at++;
                    while (true)
                    {
                        values.Add(Literal(target, Next(), lenient: true));
                        var sep = Next();
                        if (sep.Text == "]") break;
                        if (sep.Text != ",") throw Syntax(sep);
                    }
                }
                else
                {
                    values.Add(Literal(target, Next(), lenient: true));
                }
            }
            else throw WebApiError.Query($"The parameter '{parameter.Text}' is not a parameter of the function '{name.Text}'.");
            var after = Next();
            if (after.Text == ")")
            {
                if (target is null) throw WebApiError.Query($"'{name.Text}' needs PropertyName.");
                return new Condition(target.LogicalName, op, values.ToArray(), _text[start..(after.Position + 1)]);
            }
            if (after.Text != ",") throw Syntax(after);
        }
    }

    private ColumnMetadata Column(string property) =>
        EntitySets.Property(_table, property) ?? throw WebApiError.NoProperty(property, _table.LogicalName);

    /// <summary>A literal as the column's type. Query functions take their values as strings too ('7', 'guid').</summary>
    private object? Literal(ColumnMetadata column, Token token, bool lenient = false)
    {
        var edm = EntitySets.EdmType(column);
        string raw;
        if (token.Kind == TokenKind.String)
        {
            if (edm == "Edm.String") return token.Text;
            if (!lenient && edm is not ("Edm.DateTimeOffset")) throw Incompatible(column, token);
            raw = token.Text;
        }
        else if (token.Kind == TokenKind.Word) raw = token.Text;
        else throw Syntax(token);
        if (raw == "null") return null;
        object? value = edm switch
        {
            "Edm.Int32" => int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null,
            "Edm.Int64" => long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : null,
            "Edm.Decimal" => decimal.TryParse(raw.TrimEnd('m', 'M'), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null,
            "Edm.Double" => double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x : null,
            "Edm.Boolean" => raw switch { "true" => true, "false" => false, _ => null },
            "Edm.Guid" => Guid.TryParse(raw, out var g) ? g : null,
            "Edm.DateTimeOffset" => EntitySets.TryDate(raw, out var t) ? t : null,
            _ => lenient ? raw : null,
        };
        // Query functions (LastXDays ...) take a count, not a value of the column's type.
        if (value is null && lenient && int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) return n;
        return value ?? throw Incompatible(column, token);
    }

    private WebApiError Incompatible(ColumnMetadata column, Token token) =>
        WebApiError.Query($"A binary operator with incompatible types was detected. Found operand types '{EntitySets.EdmType(column)}' and '{(token.Kind == TokenKind.String ? "Edm.String" : "Edm.Untyped")}' for '{EntitySets.PropertyName(column)}' at position {token.Position}.");

    // ------------------------------------------------------------------ tokens

    private enum TokenKind { Word, String, Punct, End }
    private sealed record Token(TokenKind Kind, string Text, int Position, int Length);

    private bool IsWord(string word) => _at < _tokens.Count && _tokens[_at].Kind == TokenKind.Word && _tokens[_at].Text == word;
    private Token? Peek() => _at < _tokens.Count ? _tokens[_at] : null;
    private Token Next() => _at < _tokens.Count ? _tokens[_at++] : new Token(TokenKind.End, "", _text.Length, 0);

    private Token Expect(string punct)
    {
        var token = Next();
        if (token.Kind != TokenKind.Punct || token.Text != punct) throw Syntax(token);
        return token;
    }

    private WebApiError Syntax(Token token) =>
        WebApiError.Query(token.Kind == TokenKind.End
            ? $"Syntax error: the $filter '{_text}' ends too early."
            : $"Syntax error at position {token.Position} in '{_text}'.");

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c is '(' or ')' or ',' or '=' or '[' or ']')
            {
                tokens.Add(new Token(TokenKind.Punct, c.ToString(), i, 1));
                i++;
                continue;
            }
            if (c == '\'')
            {
                var start = i++;
                var value = new System.Text.StringBuilder();
                while (true)
                {
                    if (i >= text.Length) throw WebApiError.Query($"There is an unterminated string literal at position {start} in '{text}'.");
                    if (text[i] == '\'')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '\'') { value.Append('\''); i += 2; continue; }
                        i++;
                        break;
                    }
                    value.Append(text[i++]);
                }
                tokens.Add(new Token(TokenKind.String, value.ToString(), start, i - start));
                continue;
            }
            var begin = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('(' or ')' or ',' or '=' or '[' or ']' or '\'')) i++;
            tokens.Add(new Token(TokenKind.Word, text[begin..i], begin, i - begin));
        }
        return tokens;
    }
}
