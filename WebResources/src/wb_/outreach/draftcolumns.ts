// The one place the outreach page names the draft's columns and the citation's fields. The composer
// (Plugins/WinBack.Core/Drafts: Draft.Html, Draft.Citations, Draft.Offer, Draft.NextStep; Citation.Table, Id,
// Column, Quote, Summarised) is written into outreach columns by the plug-ins; when their names change, change them
// here. A column the table does not have yet is simply not read (see readDraft).
export const DraftColumns = {
    /** The plain-text body the writer edits (the activity's description). */
    body: "description",
    subject: "subject",
    html: "wb_htmlbody",
    citations: "wb_citations",
    offer: "wb_offer",
    nextStep: "wb_nextstep"
} as const;

/** The Custom APIs of the draft, by their unique names. */
export const DraftApis = {
    compose: "wb_ComposeOutreachDraft",
    regenerate: "wb_RegenerateOutreachDraft"
} as const;

export interface Citation {
    table: string;
    id: string;
    column: string;
    /** The fact as the body states it (empty when the whole sentence is the fact, e.g. the gap or a breached SLA). */
    value: string;
    /** The sentence that states the fact. */
    quote: string;
    summarised: boolean;
}

function field(o: Record<string, unknown>, ...names: string[]): unknown {
    for (const name of names) if (name in o) return o[name];
    return undefined;
}

/** The citations JSON as the composer writes it (Citation's properties, in either case); anything else is dropped. */
export function parseCitations(json: unknown): Citation[] {
    if (typeof json !== "string" || json.trim() === "") return [];
    let data: unknown;
    try { data = JSON.parse(json); } catch { return []; }
    const list = Array.isArray(data) ? data : (data && typeof data === "object" && Array.isArray((data as { citations?: unknown }).citations) ? (data as { citations: unknown[] }).citations : []);
    const out: Citation[] = [];
    for (const item of list) {
        if (!item || typeof item !== "object") continue;
        const o = item as Record<string, unknown>;
        const table = field(o, "table", "Table");
        const id = field(o, "id", "Id");
        const column = field(o, "column", "Column");
        const quote = field(o, "quote", "Quote");
        const value = field(o, "value", "Value");
        if (typeof table !== "string" || typeof id !== "string" || typeof quote !== "string" || quote.trim() === "") continue;
        out.push({ table, id, column: typeof column === "string" ? column : "", value: typeof value === "string" ? value : "", quote, summarised: field(o, "summarised", "Summarised") === true });
    }
    return out;
}

export interface Piece {
    kind: "text" | "citation" | "placeholder";
    text: string;
    citation?: Citation;
}

export const PLACEHOLDER = /\[add:[^\]]*\]/g;

// The composer writes a citation's quote and value as plain text (WinBack.Core.Text.PlainText.Of): "<" and ">" become
// "‹" and "›", control characters a space, and a text longer than its limit is cut with "…". The body keeps the
// characters, so the body is searched in the same one-for-one mapping and the cut text matched by what is left of it.
const QUOTE_MAX = 300, VALUE_MAX = 1000;
function plainText(text: string): string {
    let out = "";
    for (const c of text) {
        const code = c.charCodeAt(0);
        out += c === "<" ? "\u2039" : c === ">" ? "\u203a" : code < 0x20 || (code >= 0x7f && code <= 0x9f) ? " " : c;
    }
    return out;
}
function uncut(text: string, max: number): string {
    const t = plainText(text.trim());
    return t.length > max && t.endsWith("\u2026") ? t.slice(0, -1) : t;
}

/**
 * The body cut into text, cited facts and "[add: ...]" placeholders. A citation is found by its quote (the sentence
 * that states the fact) and marked at its value inside that sentence, or the whole sentence when it has no value of
 * its own there; each where it first occurs without overlapping another. Placeholders are marked wherever they are.
 */
export function pieces(body: string, citations: Citation[]): Piece[] {
    const spans: { start: number; end: number; citation: Citation }[] = [];
    const searched = plainText(body);
    const free = (start: number, end: number): boolean => !spans.some((s) => start < s.end && end > s.start);
    // Facts with a value first, so a sentence-wide citation never hides the facts inside it.
    const ordered = citations.filter((c) => (c.value ?? "").trim() !== "").concat(citations.filter((c) => (c.value ?? "").trim() === ""));
    for (const c of ordered) {
        const quote = uncut(c.quote, QUOTE_MAX);
        const value = uncut(c.value ?? "", VALUE_MAX);
        if (!quote) continue;
        for (let at = searched.indexOf(quote); at >= 0; at = searched.indexOf(quote, at + 1)) {
            let start = at, end = at + quote.length;
            if (value) {
                const v = searched.indexOf(value, at);
                if (v >= 0 && v + value.length <= end) { start = v; end = v + value.length; }
            }
            if (free(start, end)) { spans.push({ start, end, citation: c }); break; }
        }
    }
    spans.sort((a, b) => a.start - b.start);
    const out: Piece[] = [];
    const plain = (text: string, citation?: Citation): void => {
        let last = 0;
        for (const m of text.matchAll(PLACEHOLDER)) {
            const at = m.index ?? 0;
            if (at > last) out.push({ kind: citation ? "citation" : "text", text: text.slice(last, at), citation });
            out.push({ kind: "placeholder", text: m[0] });
            last = at + m[0].length;
        }
        if (last < text.length) out.push({ kind: citation ? "citation" : "text", text: text.slice(last), citation });
    };
    let pos = 0;
    for (const s of spans) {
        if (s.start > pos) plain(body.slice(pos, s.start));
        plain(body.slice(s.start, s.end), s.citation);
        pos = s.end;
    }
    if (pos < body.length) plain(body.slice(pos));
    return out;
}
