using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace WinBack.Core.Json
{
    /// <summary>The kinds of value in a JSON document (RFC 8259).</summary>
    public enum JsonKind { Null, False, True, Number, String, Array, Object }

    /// <summary>
    /// One parsed JSON value. Core runs in the .NET Framework 4.6.2 sandbox, where System.Text.Json is not
    /// available and a plug-in may carry no dependent assembly, so Core reads its own JSON.
    /// Objects keep their members in document order; duplicate names are rejected by the reader.
    /// </summary>
    public sealed class JsonValue
    {
        private static readonly IReadOnlyList<JsonValue> NoItems = new JsonValue[0];
        private static readonly IReadOnlyList<KeyValuePair<string, JsonValue>> NoMembers = new KeyValuePair<string, JsonValue>[0];

        private JsonValue(JsonKind kind, double number, string? text,
            IReadOnlyList<JsonValue>? items, IReadOnlyList<KeyValuePair<string, JsonValue>>? members, int line, int column)
        {
            Kind = kind;
            Number = number;
            Text = text;
            Items = items ?? NoItems;
            Members = members ?? NoMembers;
            Line = line;
            Column = column;
        }

        public JsonKind Kind { get; }

        /// <summary>The value of a number; 0 for other kinds.</summary>
        public double Number { get; }

        /// <summary>The value of a string, or the literal text of a number; null for other kinds.</summary>
        public string? Text { get; }

        /// <summary>The items of an array; empty for other kinds.</summary>
        public IReadOnlyList<JsonValue> Items { get; }

        /// <summary>The members of an object in document order; empty for other kinds.</summary>
        public IReadOnlyList<KeyValuePair<string, JsonValue>> Members { get; }

        /// <summary>1-based line of the value's first character in the document.</summary>
        public int Line { get; }

        /// <summary>1-based column of the value's first character in the document.</summary>
        public int Column { get; }

        /// <summary>The member named <paramref name="name"/> (ordinal), or null.</summary>
        public JsonValue? this[string name]
        {
            get
            {
                for (int i = 0; i < Members.Count; i++)
                {
                    if (string.Equals(Members[i].Key, name, StringComparison.Ordinal)) return Members[i].Value;
                }
                return null;
            }
        }

        /// <summary>A short description of the value for error messages, e.g. <c>"abc"</c>, <c>12</c>, <c>an object</c>.</summary>
        public string Describe()
        {
            switch (Kind)
            {
                case JsonKind.Null: return "null";
                case JsonKind.True: return "true";
                case JsonKind.False: return "false";
                case JsonKind.Number: return Text ?? Number.ToString("R", CultureInfo.InvariantCulture);
                case JsonKind.String: return "\"" + (Text!.Length > 40 ? Text.Substring(0, 40) + "..." : Text) + "\"";
                case JsonKind.Array: return "an array";
                default: return "an object";
            }
        }

        internal static JsonValue Literal(JsonKind kind, int line, int column) => new JsonValue(kind, 0, null, null, null, line, column);
        internal static JsonValue NumberValue(double n, string text, int line, int column) => new JsonValue(JsonKind.Number, n, text, null, null, line, column);
        internal static JsonValue StringValue(string s, int line, int column) => new JsonValue(JsonKind.String, 0, s, null, null, line, column);
        internal static JsonValue ArrayValue(List<JsonValue> items, int line, int column) => new JsonValue(JsonKind.Array, 0, null, items, null, line, column);
        internal static JsonValue ObjectValue(List<KeyValuePair<string, JsonValue>> members, int line, int column) => new JsonValue(JsonKind.Object, 0, null, null, members, line, column);

        /// <summary>Parses a complete JSON document (RFC 8259, no comments, no trailing commas).</summary>
        /// <exception cref="JsonException">The text is not valid JSON; the message gives line and column.</exception>
        public static JsonValue Parse(string text) => new JsonReader(text).ReadDocument();
    }

    /// <summary>Malformed JSON. The message says what was expected, and where (line and column).</summary>
    public sealed class JsonException : FormatException
    {
        public JsonException(string message, int line, int column)
            : base(message + " (line " + line.ToString(CultureInfo.InvariantCulture) + ", column " + column.ToString(CultureInfo.InvariantCulture) + ")")
        {
            Line = line;
            Column = column;
        }

        public int Line { get; }
        public int Column { get; }
    }

    /// <summary>A strict recursive-descent reader: one document, nesting at most 64 deep.</summary>
    internal sealed class JsonReader
    {
        private const int MaxDepth = 64;
        private readonly string _text;
        private int _pos;
        private int _line = 1;
        private int _lineStart;

        public JsonReader(string text) { _text = text ?? throw new ArgumentNullException(nameof(text)); }

        private int Column => _pos - _lineStart + 1;

        public JsonValue ReadDocument()
        {
            SkipWhitespace();
            if (_pos >= _text.Length) throw Error("the text is empty; expected a JSON value");
            var value = ReadValue(0);
            SkipWhitespace();
            if (_pos < _text.Length) throw Error("unexpected '" + _text[_pos] + "' after the end of the JSON value");
            return value;
        }

        private JsonException Error(string message) => new JsonException(message, _line, Column);

        private void SkipWhitespace()
        {
            while (_pos < _text.Length)
            {
                char c = _text[_pos];
                if (c == '\n') { _pos++; _line++; _lineStart = _pos; }
                else if (c == ' ' || c == '\t' || c == '\r') _pos++;
                else break;
            }
        }

        private JsonValue ReadValue(int depth)
        {
            if (depth > MaxDepth) throw Error("the JSON is nested more than " + MaxDepth + " levels deep");
            SkipWhitespace();
            if (_pos >= _text.Length) throw Error("unexpected end of the text; expected a value");
            int line = _line, column = Column;
            char c = _text[_pos];
            switch (c)
            {
                case '{': return ReadObject(depth, line, column);
                case '[': return ReadArray(depth, line, column);
                case '"': return JsonValue.StringValue(ReadString(), line, column);
                case 't': ReadWord("true"); return JsonValue.Literal(JsonKind.True, line, column);
                case 'f': ReadWord("false"); return JsonValue.Literal(JsonKind.False, line, column);
                case 'n': ReadWord("null"); return JsonValue.Literal(JsonKind.Null, line, column);
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) return ReadNumber(line, column);
                    throw Error("unexpected '" + c + "'; expected a value (object, array, string, number, true, false or null)");
            }
        }

        private void ReadWord(string word)
        {
            if (_pos + word.Length > _text.Length || string.CompareOrdinal(_text, _pos, word, 0, word.Length) != 0)
                throw Error("unexpected text; expected '" + word + "'");
            _pos += word.Length;
        }

        private JsonValue ReadObject(int depth, int line, int column)
        {
            _pos++; // {
            var members = new List<KeyValuePair<string, JsonValue>>();
            SkipWhitespace();
            if (_pos < _text.Length && _text[_pos] == '}') { _pos++; return JsonValue.ObjectValue(members, line, column); }
            while (true)
            {
                SkipWhitespace();
                if (_pos >= _text.Length) throw Error("unexpected end of the text inside an object");
                if (_text[_pos] != '"') throw Error("expected a member name in double quotes, got '" + _text[_pos] + "'");
                int keyLine = _line, keyColumn = Column;
                string key = ReadString();
                for (int i = 0; i < members.Count; i++)
                {
                    if (string.Equals(members[i].Key, key, StringComparison.Ordinal))
                        throw new JsonException("duplicate member \"" + key + "\"", keyLine, keyColumn);
                }
                SkipWhitespace();
                if (_pos >= _text.Length || _text[_pos] != ':') throw Error("expected ':' after member name \"" + key + "\"");
                _pos++;
                members.Add(new KeyValuePair<string, JsonValue>(key, ReadValue(depth + 1)));
                SkipWhitespace();
                if (_pos >= _text.Length) throw Error("unexpected end of the text inside an object; expected ',' or '}'");
                char c = _text[_pos++];
                if (c == '}') return JsonValue.ObjectValue(members, line, column);
                if (c != ',') { _pos--; throw Error("expected ',' or '}' in an object, got '" + c + "'"); }
                SkipWhitespace();
                if (_pos < _text.Length && _text[_pos] == '}') throw Error("trailing comma before '}'");
            }
        }

        private JsonValue ReadArray(int depth, int line, int column)
        {
            _pos++; // [
            var items = new List<JsonValue>();
            SkipWhitespace();
            if (_pos < _text.Length && _text[_pos] == ']') { _pos++; return JsonValue.ArrayValue(items, line, column); }
            while (true)
            {
                items.Add(ReadValue(depth + 1));
                SkipWhitespace();
                if (_pos >= _text.Length) throw Error("unexpected end of the text inside an array; expected ',' or ']'");
                char c = _text[_pos++];
                if (c == ']') return JsonValue.ArrayValue(items, line, column);
                if (c != ',') { _pos--; throw Error("expected ',' or ']' in an array, got '" + c + "'"); }
                SkipWhitespace();
                if (_pos < _text.Length && _text[_pos] == ']') throw Error("trailing comma before ']'");
            }
        }

        private string ReadString()
        {
            _pos++; // opening quote
            var sb = new StringBuilder();
            while (true)
            {
                if (_pos >= _text.Length) throw Error("unterminated string");
                char c = _text[_pos++];
                if (c == '"') return sb.ToString();
                if (c < 0x20) { _pos--; throw Error("control character in a string; write it as an escape such as \\n"); }
                if (c != '\\') { sb.Append(c); continue; }
                if (_pos >= _text.Length) throw Error("unterminated escape in a string");
                char e = _text[_pos++];
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        if (_pos + 4 > _text.Length) throw Error("incomplete \\u escape");
                        int code = 0;
                        for (int i = 0; i < 4; i++)
                        {
                            char h = _text[_pos++];
                            int d = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10 : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
                            if (d < 0) { _pos--; throw Error("invalid hex digit '" + h + "' in a \\u escape"); }
                            code = code * 16 + d;
                        }
                        sb.Append((char)code);
                        break;
                    default:
                        _pos--;
                        throw Error("invalid escape '\\" + e + "' in a string");
                }
            }
        }

        private JsonValue ReadNumber(int line, int column)
        {
            int start = _pos;
            if (_text[_pos] == '-') _pos++;
            if (_pos >= _text.Length || !IsDigit(_text[_pos])) throw Error("expected a digit in a number");
            if (_text[_pos] == '0') { _pos++; if (_pos < _text.Length && IsDigit(_text[_pos])) throw Error("a number may not have a leading zero"); }
            else while (_pos < _text.Length && IsDigit(_text[_pos])) _pos++;
            if (_pos < _text.Length && _text[_pos] == '.')
            {
                _pos++;
                if (_pos >= _text.Length || !IsDigit(_text[_pos])) throw Error("expected a digit after the decimal point");
                while (_pos < _text.Length && IsDigit(_text[_pos])) _pos++;
            }
            if (_pos < _text.Length && (_text[_pos] == 'e' || _text[_pos] == 'E'))
            {
                _pos++;
                if (_pos < _text.Length && (_text[_pos] == '+' || _text[_pos] == '-')) _pos++;
                if (_pos >= _text.Length || !IsDigit(_text[_pos])) throw Error("expected a digit in the exponent");
                while (_pos < _text.Length && IsDigit(_text[_pos])) _pos++;
            }
            string literal = _text.Substring(start, _pos - start);
            double value = double.Parse(literal, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (double.IsInfinity(value)) throw new JsonException("the number " + literal + " is too large", line, column);
            return JsonValue.NumberValue(value, literal, line, column);
        }

        private static bool IsDigit(char c) => c >= '0' && c <= '9';
    }

    /// <summary>A small JSON writer with two-space indentation, invariant culture and round-trip numbers.</summary>
    public sealed class JsonWriter
    {
        private readonly StringBuilder _sb = new StringBuilder();
        private readonly List<bool> _first = new List<bool>();
        private readonly bool _indented;
        private bool _afterName;

        /// <summary>An indented writer (two spaces a level).</summary>
        public JsonWriter() : this(indented: true) { }

        /// <summary>An indented writer, or with <paramref name="indented"/> false a compact one that writes one line.</summary>
        public JsonWriter(bool indented) { _indented = indented; }

        public JsonWriter StartObject() { BeforeValue(); _sb.Append('{'); _first.Add(true); return this; }
        public JsonWriter EndObject() { EndContainer('}'); return this; }
        public JsonWriter StartArray() { BeforeValue(); _sb.Append('['); _first.Add(true); return this; }
        public JsonWriter EndArray() { EndContainer(']'); return this; }

        public JsonWriter Name(string name)
        {
            BeforeValue();
            WriteString(name);
            _sb.Append(_indented ? ": " : ":");
            _afterName = true;
            return this;
        }

        public JsonWriter Value(double value)
        {
            if (double.IsNaN(value) || double.IsInfinity(value)) return Null();
            BeforeValue();
            _sb.Append(FormatNumber(value));
            return this;
        }

        public JsonWriter Value(long value) { BeforeValue(); _sb.Append(value.ToString(CultureInfo.InvariantCulture)); return this; }
        public JsonWriter Value(bool value) { BeforeValue(); _sb.Append(value ? "true" : "false"); return this; }
        public JsonWriter Value(string? value) { if (value == null) return Null(); BeforeValue(); WriteString(value); return this; }
        public JsonWriter Null() { BeforeValue(); _sb.Append("null"); return this; }

        public JsonWriter Property(string name, double value) => Name(name).Value(value);
        public JsonWriter Property(string name, long value) => Name(name).Value(value);
        public JsonWriter Property(string name, bool value) => Name(name).Value(value);
        public JsonWriter Property(string name, string? value) => Name(name).Value(value);

        public override string ToString() => _sb.ToString();

        /// <summary>Shortest text that reads back as the same double, invariant culture; whole numbers without ".0".</summary>
        public static string FormatNumber(double value)
        {
            if (value == Math.Floor(value) && Math.Abs(value) < 1e15) return ((long)value).ToString(CultureInfo.InvariantCulture);
            return value.ToString("R", CultureInfo.InvariantCulture);
        }

        private void BeforeValue()
        {
            if (_afterName) { _afterName = false; return; }
            if (_first.Count == 0) return;
            if (!_first[_first.Count - 1]) _sb.Append(',');
            _first[_first.Count - 1] = false;
            NewLine(_first.Count);
        }

        private void EndContainer(char close)
        {
            bool empty = _first[_first.Count - 1];
            _first.RemoveAt(_first.Count - 1);
            if (!empty) NewLine(_first.Count);
            _sb.Append(close);
        }

        private void NewLine(int depth)
        {
            if (!_indented) return;
            _sb.Append('\n');
            _sb.Append(' ', depth * 2);
        }

        private void WriteString(string s)
        {
            _sb.Append('"');
            foreach (char c in s)
            {
                switch (c)
                {
                    case '"': _sb.Append("\\\""); break;
                    case '\\': _sb.Append("\\\\"); break;
                    case '\n': _sb.Append("\\n"); break;
                    case '\r': _sb.Append("\\r"); break;
                    case '\t': _sb.Append("\\t"); break;
                    default:
                        if (c < 0x20) _sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        else _sb.Append(c);
                        break;
                }
            }
            _sb.Append('"');
        }
    }
}
