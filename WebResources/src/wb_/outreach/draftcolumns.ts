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
        if (typeof table !== "string" || typeof id !== "string" || typeof quote !== "string" || quote.trim() === "") continue;
        out.push({ table, id, column: typeof column === "string" ? column : "", quote, summarised: field(o, "summarised", "Summarised") === true });
    }
    return out;
}

export interface Piece {
    kind: "text" | "citation" | "placeholder";
    text: string;
    citation?: Citation;
}

export const PLACEHOLDER = /\[add:[^\]]*\]/g;

/**
 * The body cut into text, cited facts and "[add: ...]" placeholders: each citation's quote is marked where it first
 * occurs (after the previous one), and placeholders are marked wherever they are, inside a quote or not.
 */
export function pieces(body: string, citations: Citation[]): Piece[] {
    const spans: { start: number; end: number; citation: Citation }[] = [];
    for (const c of citations) {
        const quote = c.quote.trim();
        let at = body.indexOf(quote);
        while (at >= 0 && spans.some((s) => at < s.end && at + quote.length > s.start)) at = body.indexOf(quote, at + 1);
        if (at >= 0) spans.push({ start: at, end: at + quote.length, citation: c });
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
