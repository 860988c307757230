// The disengagement panel's logic without the page: columns and queries, reasons as data, the verdict, drivers
// ranked by points, the data-coverage note, the dated trend with band zones, the recalculation's outcome, the
// evidence queries and error wording. No DOM and no Xrm here, so the tests run it under node as it is.

export type GapKey = "value" | "trust" | "experience" | "growth";
export type BandKey = "healthy" | "watch" | "atrisk" | "disengaged";

export const GAP_KEYS: readonly GapKey[] = ["value", "trust", "experience", "growth"];
const GAP_COLUMNS: Record<GapKey, string> = {
    value: "wb_valuegap", trust: "wb_trustgap", experience: "wb_experiencegap", growth: "wb_growthgap"
};

/** wb_riskband choice values. The label shown is the server's formatted value, never one of ours. */
export const BAND_VALUES: Record<BandKey, number> = {
    healthy: 682400000, watch: 682400001, atrisk: 682400002, disengaged: 682400003
};
export const BAND_KEYS: readonly BandKey[] = ["healthy", "watch", "atrisk", "disengaged"];

const FORMATTED = "@OData.Community.Display.V1.FormattedValue";

export const ACCOUNT_COLUMNS = [
    "name", "wb_disengagementscore", "wb_riskband",
    "wb_valuegap", "wb_trustgap", "wb_experiencegap", "wb_growthgap",
    "wb_disengagementreasons", "wb_disengagementreasondata", "wb_lastscoredon", "wb_lastchangedon", "wb_flaggedon",
    "_primarycontactid_value"
] as const;

export const HISTORY_TABLE = "wb_disengagementhistory";
export const HISTORY_COLUMNS = [
    "wb_disengagementhistoryid", "wb_scoredon", "wb_score", "wb_riskband",
    "wb_valuegap", "wb_trustgap", "wb_experiencegap", "wb_growthgap", "wb_reasons", "wb_reasondata"
] as const;
export const HISTORY_ROWS = 12;
export const RECALCULATE_API = "wb_RecalculateDisengagement";

type Row = Record<string, unknown>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** "{A1B2...}" as the form gives it -> "a1b2..." as the Web API takes it; null when it is no GUID. */
export function normalizeId(id: unknown): string | null {
    if (typeof id !== "string") return null;
    const clean = id.replace(/[{}]/g, "").trim().toLowerCase();
    return GUID.test(clean) ? clean : null;
}

function needId(id: unknown, what: string): string {
    const clean = normalizeId(id);
    if (!clean) throw new Error(`${what} needs the account's GUID.`);
    return clean;
}

export function accountQuery(): string {
    return "?$select=" + ACCOUNT_COLUMNS.join(",");
}

/** Latest scorings first; the id is checked so nothing but a GUID reaches the filter. */
export function historyQuery(accountId: string, rows = HISTORY_ROWS): string {
    const id = needId(accountId, "historyQuery");
    return `?$select=${HISTORY_COLUMNS.join(",")}&$filter=_wb_accountid_value eq ${id}&$orderby=wb_scoredon desc&$top=${rows > 0 ? Math.floor(rows) : HISTORY_ROWS}`;
}

export interface RecalculateRequest {
    entity: { entityType: string; id: string };
    getMetadata(): { boundParameter: string; parameterTypes: Record<string, { typeName: string; structuralProperty: number }>; operationType: number; operationName: string };
}

/** The request Xrm.WebApi.online.execute takes for the Custom API bound to account (bound parameter "entity", action). */
export function recalculateRequest(accountId: string): RecalculateRequest {
    const id = needId(accountId, "recalculateRequest");
    return {
        entity: { entityType: "account", id },
        getMetadata: () => ({
            boundParameter: "entity",
            parameterTypes: { entity: { typeName: "mscrm.account", structuralProperty: 5 } },
            operationType: 0,
            operationName: RECALCULATE_API
        })
    };
}

export function bandOf(value: unknown): BandKey | null {
    const n = typeof value === "string" ? parseInt(value, 10) : value;
    return BAND_KEYS.find((key) => BAND_VALUES[key] === n) ?? null;
}

/** A whole number 0-100, or null when there is no score. */
export function toScore(value: unknown): number | null {
    if (value === null || value === undefined || value === "") return null;
    const n = Number(value);
    return Number.isFinite(n) ? Math.max(0, Math.min(100, Math.round(n))) : null;
}

function toFlag(value: unknown): boolean {
    return value === true || value === 1 || value === "1" || value === "true";
}

/**
 * Text as shown: bidirectional override and isolate characters (U+202A-U+202E, U+2066-U+2069) are named, so a
 * reason or name cannot reorder what a user reads ("txt.exe" shown as "exe.txt"), as the app shell names them.
 */
export function visible(value: string): string {
    return value.replace(/[\u202A-\u202E\u2066-\u2069]/g, (c) => "[U+" + c.charCodeAt(0).toString(16).toUpperCase() + "]");
}

function formatted(record: Row, column: string): string | null {
    const text = record[column + FORMATTED];
    return typeof text === "string" && text ? visible(text) : null;
}

function text(record: Row, column: string): string | null {
    const value = record[column];
    return typeof value === "string" && value ? visible(value) : null;
}

export interface Reason {
    gap: GapKey | null;
    signal: string | null;
    /** A signal without data: named in the data-coverage note, never held against the account. */
    unavailable: boolean;
    points: number;
    value: number | null;
    text: string;
}

/**
 * The reasons as the server stores them as data (wb_disengagementreasondata, wb_reasondata): one JSON object a
 * line with gap, signal, kind ("concern" or "notAvailable"), points, value and text. Without data (a row scored
 * before the data existed) each plain line is a concern of unknown gap: the panel never reads a gap out of a sentence.
 */
export function toReasons(data: unknown, plain: unknown): Reason[] {
    const reasons: Reason[] = [];
    if (typeof data === "string") {
        for (const line of data.split(/\r\n|\r|\n/)) {
            let item: unknown = null;
            try {
                item = line.trim() ? JSON.parse(line) : null;
            } catch {
                item = null;
            }
            if (!item || typeof item !== "object") continue;
            const o = item as Row;
            if (typeof o.text !== "string" || !o.text) continue;
            reasons.push({
                gap: GAP_KEYS.includes(o.gap as GapKey) ? (o.gap as GapKey) : null,
                signal: typeof o.signal === "string" ? o.signal : null,
                unavailable: o.kind === "notAvailable",
                points: typeof o.points === "number" && Number.isFinite(o.points) ? o.points : 0,
                value: typeof o.value === "number" && Number.isFinite(o.value) ? o.value : null,
                text: visible(o.text)
            });
        }
        if (reasons.length) return reasons;
    }
    if (typeof plain !== "string") return [];
    return plain.split(/\r\n|\r|\n/)
        .map((line) => line.replace(/^\s*(?:[-*\u2022\u2023\u25e6]\s+)/, "").trim())
        .filter((line) => line.length > 0)
        .map((line) => ({ gap: null, signal: null, unavailable: false, points: 0, value: null, text: visible(line) }));
}

export interface AccountView {
    name: string;
    score: number | null;
    band: BandKey | null;
    /** The server's label of the band (formatted value). */
    bandText: string | null;
    gaps: Record<GapKey, boolean>;
    reasons: Reason[];
    /** Checked: the last time the score was calculated, changed or not. */
    lastScoredOn: string | null;
    /** Changed: the last time score, band, gaps or reasons changed. */
    lastChangedOn: string | null;
    flaggedOn: string | null;
    primaryContactId: string | null;
    primaryContactName: string | null;
}

function gapsOf(record: Row): Record<GapKey, boolean> {
    return { value: toFlag(record[GAP_COLUMNS.value]), trust: toFlag(record[GAP_COLUMNS.trust]),
        experience: toFlag(record[GAP_COLUMNS.experience]), growth: toFlag(record[GAP_COLUMNS.growth]) };
}

export function toAccountView(record: Row | null | undefined): AccountView {
    const r = record ?? {};
    return {
        name: text(r, "name") ?? "",
        score: toScore(r.wb_disengagementscore),
        band: bandOf(r.wb_riskband),
        bandText: formatted(r, "wb_riskband"),
        gaps: gapsOf(r),
        reasons: toReasons(r.wb_disengagementreasondata, r.wb_disengagementreasons),
        lastScoredOn: text(r, "wb_lastscoredon"),
        lastChangedOn: text(r, "wb_lastchangedon"),
        flaggedOn: text(r, "wb_flaggedon"),
        primaryContactId: normalizeId(r._primarycontactid_value),
        primaryContactName: formatted(r, "_primarycontactid_value")
    };
}

export function hasScore(view: AccountView): boolean {
    return view.score !== null || view.lastScoredOn !== null || view.band !== null;
}

export interface Scoring {
    id: string | null;
    scoredOn: string;
    time: number;
    score: number | null;
    band: BandKey | null;
    bandText: string | null;
    gaps: Record<GapKey, boolean>;
    reasons: Reason[];
}

/** History rows (any order) -> scorings, oldest first. */
export function toHistory(rows: readonly Row[] | null | undefined): Scoring[] {
    return (rows ?? [])
        .filter((row) => row && typeof row.wb_scoredon === "string")
        .map((row) => ({
            id: text(row, "wb_disengagementhistoryid"),
            scoredOn: row.wb_scoredon as string,
            time: Date.parse(row.wb_scoredon as string),
            score: toScore(row.wb_score),
            band: bandOf(row.wb_riskband),
            bandText: formatted(row, "wb_riskband"),
            gaps: gapsOf(row),
            reasons: toReasons(row.wb_reasondata, row.wb_reasons)
        }))
        .filter((s) => !Number.isNaN(s.time))
        .sort((a, b) => a.time - b.time);
}

/** The concerns, most points first (equal points keep the server's order). */
export function drivers(reasons: readonly Reason[]): Reason[] {
    return reasons
        .map((reason, index) => ({ reason, index }))
        .filter((x) => !x.reason.unavailable)
        .sort((a, b) => b.reason.points - a.reason.points || a.index - b.index)
        .map((x) => x.reason);
}

/** The signals that had no data: the data-coverage note, never a cause. */
export function coverage(reasons: readonly Reason[]): Reason[] {
    return reasons.filter((r) => r.unavailable);
}

/** Gaps not flagged, to fold into one line. */
export function clearGaps(view: AccountView): GapKey[] {
    return GAP_KEYS.filter((g) => !view.gaps[g]);
}

export interface Movement {
    /** Points the score moved since the scoring before (positive: more disengaged). */
    delta: number;
    /** When the score before was recorded. */
    since: string;
}

/**
 * How the score moved since the scoring before the current one: history rows are written when something changes,
 * so the latest row with a score other than the account's is the one it moved from. Null without such a row.
 */
export function movement(view: AccountView, history: readonly Scoring[]): Movement | null {
    if (view.score === null) return null;
    const latest = history.length ? history[history.length - 1] : null;
    const before = latest && latest.score === view.score ? history.slice(0, -1) : history;
    for (let i = before.length - 1; i >= 0; i--) {
        const s = before[i];
        if (s.score !== null && s.score !== view.score) return { delta: view.score - s.score, since: s.scoredOn };
        if (s.score !== null) return { delta: 0, since: s.scoredOn };
    }
    return null;
}

/** What Recalculate now did, from the account before and after: "checked, no change" or "from 63 to 71". */
export type Outcome =
    | { kind: "same"; score: number | null }
    | { kind: "moved"; from: number | null; to: number | null; bandChanged: boolean };

export function outcome(before: AccountView, after: AccountView): Outcome {
    if (before.score === after.score && before.band === after.band) return { kind: "same", score: after.score };
    return { kind: "moved", from: before.score, to: after.score, bandChanged: before.band !== after.band };
}

export interface TrendPoint { x: number; y: number; scoring: Scoring }
/** A stretch of time the account spent in one band: from a scoring to the next one in another band. */
export interface Zone { band: BandKey; x: number; width: number }
export interface Tick { x: number; time: number; anchor: "start" | "middle" | "end" }
export interface Trend { points: TrendPoint[]; zones: Zone[]; ticks: Tick[]; plot: { left: number; right: number; top: number; bottom: number } }

/**
 * The trend's geometry: x by date (so gaps between scorings show), y by score with 100 at the top, zones shading the
 * band the server gave each scoring until the next one (the bands' cut-offs live in the policy, not here), and ticks
 * for the date axis (first, last and, with room, the middle).
 */
export function trend(history: readonly Scoring[], width: number, height: number, axis = 18): Trend {
    const plot = { left: 4, right: width - 4, top: 4, bottom: height - axis };
    const scored = history.filter((s) => s.score !== null);
    const first = scored.length ? scored[0].time : 0;
    const last = scored.length ? scored[scored.length - 1].time : 0;
    const span = last - first;
    const xOf = (time: number) => (span > 0 ? plot.left + (plot.right - plot.left) * (time - first) / span : (plot.left + plot.right) / 2);
    const yOf = (score: number) => plot.top + (plot.bottom - plot.top) * (1 - score / 100);
    const round = (n: number) => Math.round(n * 10) / 10;
    const points = scored.map((s) => ({ x: round(xOf(s.time)), y: round(yOf(s.score as number)), scoring: s }));
    const zones: Zone[] = [];
    for (let i = 0; i + 1 < points.length; i++) {
        const band = points[i].scoring.band;
        if (!band) continue;
        const previous = zones[zones.length - 1];
        if (previous && previous.band === band && Math.abs(previous.x + previous.width - points[i].x) < 0.2) {
            previous.width = round(points[i + 1].x - previous.x);
        } else {
            zones.push({ band, x: points[i].x, width: round(points[i + 1].x - points[i].x) });
        }
    }
    const ticks: Tick[] = [];
    if (scored.length) {
        ticks.push({ x: round(xOf(first)), time: first, anchor: span > 0 ? "start" : "middle" });
        if (span > 0) {
            if (width >= 320 && scored.length > 2) ticks.push({ x: round(xOf(first + span / 2)), time: first + span / 2, anchor: "middle" });
            ticks.push({ x: round(xOf(last)), time: last, anchor: "end" });
        }
    }
    return { points, zones, ticks, plot };
}

/** Where evidence of a reason is, read with one Web API query per kind of record (never one per row). */
export interface EvidenceQuery {
    signal: string;
    entity: "incident" | "opportunity";
    query: string;
}

function scoringDate(asOf: string | null): string {
    const time = asOf ? Date.parse(asOf) : NaN;
    return new Date(Number.isNaN(time) ? Date.now() : time).toISOString();
}

/** Signals whose records the panel links: the breached cases, the lost opportunities, the departed contact. */
export const EVIDENCE_SIGNALS = ["slaBreaches", "lostOpportunities", "championLeft"] as const;

/** asOf: when the account was scored (wb_lastscoredon), so "open past its resolve-by date" means what it meant to the score. */
export function evidenceQueries(accountId: string, reasons: readonly Reason[], asOf: string | null, rows = 5): EvidenceQuery[] {
    const id = needId(accountId, "evidenceQueries");
    const signals = new Set(drivers(reasons).map((r) => r.signal));
    const queries: EvidenceQuery[] = [];
    if (signals.has("slaBreaches")) {
        // A breach is a case resolved after its resolve-by date (wb_slabreached) or an open case past it.
        queries.push({
            signal: "slaBreaches", entity: "incident",
            query: `?$select=incidentid,title,ticketnumber,createdon&$filter=_customerid_value eq ${id} and (wb_slabreached eq true or (statecode eq 0 and resolveby lt ${scoringDate(asOf)}))&$orderby=createdon desc&$top=${rows}`
        });
    }
    if (signals.has("lostOpportunities")) {
        queries.push({
            signal: "lostOpportunities", entity: "opportunity",
            query: `?$select=opportunityid,name,actualclosedate&$filter=_parentaccountid_value eq ${id} and statecode eq 2&$orderby=actualclosedate desc&$top=${rows}`
        });
    }
    return queries;
}

export interface EvidenceLink {
    entity: string;
    id: string;
    name: string;
    date: string | null;
}

/** Query rows -> links (rows without a valid id are dropped). */
export function evidenceLinks(entity: "incident" | "opportunity", rows: readonly Row[]): EvidenceLink[] {
    const links: EvidenceLink[] = [];
    for (const row of rows) {
        const id = normalizeId(row[entity === "incident" ? "incidentid" : "opportunityid"]);
        if (!id) continue;
        const name = entity === "incident"
            ? [text(row, "ticketnumber"), text(row, "title")].filter(Boolean).join(" ")
            : text(row, "name") ?? "";
        links.push({ entity, id, name, date: text(row, entity === "incident" ? "createdon" : "actualclosedate") });
    }
    return links;
}

// Dataverse error codes (as unsigned numbers: Xrm.WebApi reports 0x80040220 as 2147746336).
const ERRORS = {
    privilegeDenied: [0x80040220, 0x80048306, 0x80048405],
    notFound: [0x80040217],
    missingSolution: [0x8006088a],
    throttled: [0x80072321, 0x80072322, 0x80072326]
};

export type ErrorKind = "privilege" | "notFound" | "missingSolution" | "throttled" | "offline" | "other";
export interface DescribedError { kind: ErrorKind; detail: string; code: string | null }

function unsignedCode(error: Row | null): number | null {
    const code = error ? (error.errorCode !== undefined ? error.errorCode : error.code) : undefined;
    const n = typeof code === "string" ? parseInt(code, code.startsWith("0x") ? 16 : 10) : code;
    return typeof n === "number" && Number.isFinite(n) ? n >>> 0 : null;
}

/** What went wrong, as a kind the page words in the user's language; detail keeps Dataverse's own message. */
export function describeError(error: unknown): DescribedError {
    const e = error && typeof error === "object" ? (error as Row) : null;
    const code = unsignedCode(e);
    const message = e && typeof e.message === "string" ? e.message.trim() : "";
    const is = (list: number[]) => code !== null && list.includes(code);
    let kind: ErrorKind = "other";
    if (is(ERRORS.privilegeDenied) || /privilege|not have permission|access is denied/i.test(message)) kind = "privilege";
    else if (is(ERRORS.notFound)) kind = "notFound";
    else if (is(ERRORS.missingSolution) || /could not find a property|resource not found for the segment/i.test(message)) kind = "missingSolution";
    else if (is(ERRORS.throttled)) kind = "throttled";
    else if (/network|offline|failed to fetch/i.test(message)) kind = "offline";
    let shown: string | null = null;
    if (code !== null) shown = "0x" + ("00000000" + code.toString(16)).slice(-8);
    else if (e && typeof e.httpStatus === "number") shown = "HTTP " + e.httpStatus;
    return { kind, detail: message, code: shown };
}
