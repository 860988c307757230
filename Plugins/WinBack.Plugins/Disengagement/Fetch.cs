using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security;
using System.Text;
using Microsoft.Xrm.Sdk;

namespace WinBack.Plugins.Disengagement
{
    /// <summary>Small helpers to write FetchXML and read what it returns.</summary>
    internal static class Fetch
    {
        public static string Escape(string value) => SecurityElement.Escape(value) ?? string.Empty;

        public static string Date(DateTime value) =>
            DateTime.SpecifyKind(value, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        public static string Condition(string attribute, string op, string value) =>
            "<condition attribute=\"" + attribute + "\" operator=\"" + op + "\" value=\"" + Escape(value) + "\" />";

        public static string Condition(string attribute, string op, DateTime value) => Condition(attribute, op, Date(value));

        public static string Condition(string attribute, string op, int value) =>
            Condition(attribute, op, value.ToString(CultureInfo.InvariantCulture));

        public static string In(string attribute, IEnumerable<Guid> ids) => In(null, attribute, ids);

        /// <summary>An "in" condition; <paramref name="entityName"/> names a link-entity's alias when the condition sits above it.</summary>
        public static string In(string? entityName, string attribute, IEnumerable<Guid> ids)
        {
            var xml = new StringBuilder();
            xml.Append("<condition ");
            if (entityName != null)
            {
                xml.Append("entityname=\"").Append(entityName).Append("\" ");
            }

            xml.Append("attribute=\"").Append(attribute).Append("\" operator=\"in\">");
            foreach (var id in ids)
            {
                xml.Append("<value>").Append(id.ToString("D")).Append("</value>");
            }

            return xml.Append("</condition>").ToString();
        }

        /// <summary>The id in a group-by or lookup value (EntityReference, Guid or AliasedValue of either).</summary>
        public static Guid? Id(object? value)
        {
            switch (Unwrap(value))
            {
                case EntityReference reference: return reference.Id;
                case Guid id: return id;
                case string text when Guid.TryParse(text, out var parsed): return parsed;
                default: return null;
            }
        }

        public static double? Number(object? value)
        {
            switch (Unwrap(value))
            {
                case null: return null;
                case int i: return i;
                case long l: return l;
                case decimal m: return (double)m;
                case double d: return d;
                case float f: return f;
                case Money money: return (double)money.Value;
                case OptionSetValue option: return option.Value;
                case bool b: return b ? 1 : 0;
                default: return null;
            }
        }

        public static int Count(object? value) => (int)(Number(value) ?? 0);

        public static int? Option(object? value)
        {
            switch (Unwrap(value))
            {
                case OptionSetValue option: return option.Value;
                case int i: return i;
                default: return null;
            }
        }

        public static bool Flag(object? value) => Unwrap(value) is bool b && b;

        public static DateTime? Moment(object? value) =>
            Unwrap(value) is DateTime moment ? DateTime.SpecifyKind(moment, DateTimeKind.Utc) : (DateTime?)null;

        public static object? Get(Entity row, string alias) => row.Attributes.Contains(alias) ? row[alias] : null;

        private static object? Unwrap(object? value) => value is AliasedValue aliased ? aliased.Value : value;
    }
}
