// Strings and formats in the user's language. Every string the web resources show lives in a resource file
// per language: src/strings/<area>.<lang>.json (common, panel, review, forms, ...), bundled into each page at
// build time. English is the reference; a test keeps every other language's keys and {placeholders} equal
// to it.
// The language is the user's Dynamics language (userSettings.languageId, an LCID), falling back to
// English for a language the suite does not ship. Band labels are not here: they come from the server's
// formatted values (OData annotation FormattedValue), so they follow the organisation's own labels.
import commonEn from "../strings/common.en.json";
import commonDe from "../strings/common.de.json";
import commonFr from "../strings/common.fr.json";
import commonEs from "../strings/common.es.json";

export type Language = "en" | "de" | "fr" | "es";
export const languages: readonly Language[] = ["en", "de", "fr", "es"];

/** One area's resource files, one per shipped language, with English's keys. */
export type Resources<K extends string> = Record<Language, Record<K, string>>;

export const common = { en: commonEn, de: commonDe, fr: commonFr, es: commonEs };
export type CommonKey = keyof typeof commonEn;

// LCIDs of the shipped languages' common regions, to the BCP 47 tags Intl formats with.
const locales: Record<number, string> = {
    1033: "en-US", 2057: "en-GB", 3081: "en-AU", 4105: "en-CA", 6153: "en-IE",
    1031: "de-DE", 3079: "de-AT", 2055: "de-CH",
    1036: "fr-FR", 3084: "fr-CA", 2060: "fr-BE", 4108: "fr-CH",
    3082: "es-ES", 1034: "es-ES", 2058: "es-MX"
};

export interface Strings<K extends string = CommonKey> {
    readonly language: Language;
    /** The BCP 47 locale dates and numbers are formatted in. */
    readonly locale: string;
    /** The string for key with {name} placeholders filled; a missing key shows the English string. */
    t(key: K | CommonKey, values?: Record<string, string | number>): string;
    date(value: Date | string | null | undefined, style?: "short" | "medium"): string;
    number(value: number, digits?: number): string;
}

export function localeOf(lcid: number | undefined): string {
    return (lcid !== undefined && locales[lcid]) || "en-US";
}

export function languageOf(lcid: number | undefined): Language {
    const tag = localeOf(lcid).slice(0, 2) as Language;
    return languages.includes(tag) ? tag : "en";
}

/** The strings of an area (plus the common ones) in the language of lcid. */
export function strings<K extends string>(area: Resources<K>, lcid: number | undefined): Strings<K> {
    const language = languageOf(lcid);
    const locale = localeOf(lcid);
    const table: Record<string, string> = { ...common.en, ...area.en, ...common[language], ...area[language] };
    const dateFormats = {
        short: new Intl.DateTimeFormat(locale, { day: "numeric", month: "short" }),
        medium: new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", year: "numeric" })
    };
    return {
        language,
        locale,
        t(key, values) {
            const text = table[key] ?? key;
            return values ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole)) : text;
        },
        date(value, style = "medium") {
            if (value === null || value === undefined || value === "") return "";
            const d = value instanceof Date ? value : new Date(value);
            return Number.isNaN(d.getTime()) ? "" : dateFormats[style].format(d);
        },
        number(value, digits = 0) {
            return new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value);
        }
    };
}

/** An area's strings in the language of the user of the Xrm the form or app hands over. */
export function stringsFor<K extends string>(area: Resources<K>, xrm: { Utility: { getGlobalContext(): { userSettings: { languageId: number } } } }): Strings<K> {
    return strings(area, xrm.Utility.getGlobalContext().userSettings.languageId);
}
