// The review page's data without the page: the Web API rows of the four tables turned into one row per flagged
// account, and the filters, search and sort applied to them in memory (no request per filter or per row).
export const FORMATTED = "@OData.Community.Display.V1.FormattedValue";

export const BAND = { healthy: 682400000, watch: 682400001, atRisk: 682400002, disengaged: 682400003 } as const;
export const GAPS = ["value", "trust", "experience", "growth"] as const;
export type Gap = (typeof GAPS)[number];
/** wb_gap option values, in GAPS order. */
export const GAP_VALUES: Record<Gap, number> = { value: 682400000, trust: 682400001, experience: 682400002, growth: 682400003 };

export const REMEDIATION = { diagnosing: 1, fixing: 682400001, fixed: 682400002, verified: 682400003, closed: 2 } as const;
export const OUTREACH = { draft: 1, readyForReview: 682400001, approved: 682400002, sent: 2, canceled: 3 } as const;

/** How far a remediation got: the one shown for a gap is the furthest. */
const remediationRank: Record<number, number> = { 2: 0, 1: 1, 682400001: 2, 682400002: 3, 682400003: 4 };

// Explicit columns, one query per table; the server pages them (odata.maxpagesize) and the page follows @odata.nextLink.
export const queries = {
    accounts: "?$select=name,wb_disengagementscore,wb_riskband,wb_valuegap,wb_trustgap,wb_experiencegap,wb_growthgap," +
        "wb_disengagementreasondata,wb_flaggedon,wb_lastchangedon,wb_holdout,_ownerid_value,_owningbusinessunit_value" +
        `&$filter=wb_riskband eq ${BAND.atRisk} or wb_riskband eq ${BAND.disengaged}&$orderby=wb_disengagementscore desc,accountid asc`,
    history: (since: Date): string => "?$select=_wb_accountid_value,wb_scoredon,wb_score" +
        `&$filter=wb_scoredon ge ${since.toISOString()}&$orderby=wb_scoredon asc`,
    remediations: "?$select=_wb_accountid_value,wb_gap,statuscode,wb_name",
    outreaches: "?$select=subject,_regardingobjectid_value,_wb_remediationid_value,statuscode,wb_outcome,wb_gatestamp,wb_gatecheckedon,createdon"
};

export type Row = Record<string, unknown>;

export interface Reason {
    gap: string;
    signal: string;
    kind: string;
    points: number;
    text: string;
}

export interface Point {
    on: Date;
    score: number;
}

export interface GapRemediation {
    gap: Gap;
    status: number;
    label: string;
}

export interface Outreach {
    id: string;
    subject: string;
    accountId: string;
    accountName: string;
    remediationName: string;
    status: number;
    statusLabel: string;
    outcome: number | null;
    outcomeLabel: string;
    stamped: boolean;
    checkedOn: string;
    createdOn: number;
}

export interface ReviewAccount {
    id: string;
    name: string;
    score: number;
    band: number;
    bandLabel: string;
    gaps: Gap[];
    reasons: Reason[];
    flaggedOn: Date | null;
    daysFlagged: number | null;
    changedOn: Date | null;
    holdout: boolean;
    ownerId: string;
    owner: string;
    unitId: string;
    unit: string;
    trend: Point[];
    /** Score now minus the score of the scoring before (null when there is only one). */
    change: number | null;
    previousOn: Date | null;
    remediations: GapRemediation[];
    outreach: Outreach | null;
    /** Lower-case text the search looks in. */
    haystack: string;
}

function text(row: Row, name: string): string {
    const v = row[name];
    return typeof v === "string" ? v : v === null || v === undefined ? "" : String(v);
}

function formatted(row: Row, name: string): string {
    return text(row, name + FORMATTED);
}

function date(value: unknown): Date | null {
    if (typeof value !== "string" || !value) return null;
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? null : d;
}

/** The reasons stored as data: one JSON object a line; lines that are not such objects are skipped. Highest points first. */
export function parseReasons(data: unknown): Reason[] {
    if (typeof data !== "string") return [];
    const reasons: Reason[] = [];
    for (const line of data.split("\n")) {
        const trimmed = line.trim();
        if (!trimmed.startsWith("{")) continue;
        try {
            const r = JSON.parse(trimmed) as Partial<Reason>;
            if (typeof r.text !== "string") continue;
            reasons.push({
                gap: typeof r.gap === "string" ? r.gap : "",
                signal: typeof r.signal === "string" ? r.signal : "",
                kind: typeof r.kind === "string" ? r.kind : "",
                points: typeof r.points === "number" && Number.isFinite(r.points) ? r.points : 0,
                text: r.text
            });
        } catch {
            // A line that is not JSON is not a reason as data.
        }
    }
    return reasons.filter((r) => r.kind !== "notAvailable").sort((a, b) => b.points - a.points);
}

const DAY = 86400000;

export function toAccount(row: Row, today: Date): ReviewAccount {
    const gaps = GAPS.filter((g) => row[`wb_${g}gap`] === true);
    const flaggedOn = date(row.wb_flaggedon);
    const account: ReviewAccount = {
        id: text(row, "accountid").toLowerCase(),
        name: text(row, "name"),
        score: typeof row.wb_disengagementscore === "number" ? row.wb_disengagementscore : 0,
        band: typeof row.wb_riskband === "number" ? row.wb_riskband : -1,
        bandLabel: formatted(row, "wb_riskband"),
        gaps,
        reasons: parseReasons(row.wb_disengagementreasondata),
        flaggedOn,
        daysFlagged: flaggedOn ? Math.max(0, Math.floor((today.getTime() - flaggedOn.getTime()) / DAY)) : null,
        changedOn: date(row.wb_lastchangedon),
        holdout: row.wb_holdout === true,
        ownerId: text(row, "_ownerid_value").toLowerCase(),
        owner: formatted(row, "_ownerid_value"),
        unitId: text(row, "_owningbusinessunit_value").toLowerCase(),
        unit: formatted(row, "_owningbusinessunit_value"),
        trend: [],
        change: null,
        previousOn: null,
        remediations: [],
        outreach: null,
        haystack: ""
    };
    account.haystack = [account.name, account.owner, account.unit, ...account.reasons.map((r) => r.text)].join("\n").toLowerCase();
    return account;
}

/** Adds the history rows (oldest first) to the accounts they belong to; the last 12 form the trend. */
export function addHistory(byId: Map<string, ReviewAccount>, rows: Row[]): void {
    for (const row of rows) {
        const account = byId.get(text(row, "_wb_accountid_value").toLowerCase());
        const on = date(row.wb_scoredon);
        if (!account || !on || typeof row.wb_score !== "number") continue;
        account.trend.push({ on, score: row.wb_score });
    }
}

export function finishHistory(accounts: Iterable<ReviewAccount>): void {
    for (const account of accounts) {
        account.trend.sort((a, b) => a.on.getTime() - b.on.getTime());
        if (account.trend.length > 12) account.trend = account.trend.slice(-12);
        const n = account.trend.length;
        if (n >= 2) {
            account.change = account.trend[n - 1].score - account.trend[n - 2].score;
            account.previousOn = account.trend[n - 2].on;
        }
    }
}

export function addRemediations(byId: Map<string, ReviewAccount>, rows: Row[]): void {
    for (const row of rows) {
        const account = byId.get(text(row, "_wb_accountid_value").toLowerCase());
        const gap = GAPS.find((g) => GAP_VALUES[g] === row.wb_gap);
        const status = typeof row.statuscode === "number" ? row.statuscode : -1;
        if (!account || !gap) continue;
        const existing = account.remediations.find((r) => r.gap === gap);
        if (existing && (remediationRank[existing.status] ?? -1) >= (remediationRank[status] ?? -1)) continue;
        const entry = { gap, status, label: formatted(row, "statuscode") };
        if (existing) account.remediations.splice(account.remediations.indexOf(existing), 1, entry);
        else account.remediations.push(entry);
    }
    for (const account of byId.values()) account.remediations.sort((a, b) => GAPS.indexOf(a.gap) - GAPS.indexOf(b.gap));
}

export function toOutreach(row: Row): Outreach {
    return {
        id: text(row, "activityid").toLowerCase(),
        subject: text(row, "subject"),
        accountId: text(row, "_regardingobjectid_value").toLowerCase(),
        accountName: formatted(row, "_regardingobjectid_value"),
        remediationName: formatted(row, "_wb_remediationid_value"),
        status: typeof row.statuscode === "number" ? row.statuscode : -1,
        statusLabel: formatted(row, "statuscode"),
        outcome: typeof row.wb_outcome === "number" ? row.wb_outcome : null,
        outcomeLabel: formatted(row, "wb_outcome"),
        stamped: typeof row.wb_gatestamp === "string" && row.wb_gatestamp.length > 0,
        checkedOn: text(row, "wb_gatecheckedon"),
        createdOn: date(row.createdon)?.getTime() ?? 0
    };
}

/** The latest outreach that is not canceled is the account's outreach. */
export function addOutreaches(byId: Map<string, ReviewAccount>, outreaches: Outreach[]): void {
    for (const o of outreaches) {
        const account = byId.get(o.accountId);
        if (!account || o.status === OUTREACH.canceled) continue;
        if (!account.outreach || account.outreach.createdOn <= o.createdOn) account.outreach = o;
    }
}

export type Stage = "" | "noRemediation" | "verifiedNoOutreach" | "waitingForReview";

export interface Filters {
    band: number | null;
    gap: Gap | "";
    owner: string;
    unit: string;
    /** Accounts whose score changed on or after this day. */
    changedSince: Date | null;
    stage: Stage;
    search: string;
}

export const noFilters = (): Filters => ({ band: null, gap: "", owner: "", unit: "", changedSince: null, stage: "", search: "" });

export function matches(a: ReviewAccount, f: Filters, search: string): boolean {
    if (f.band !== null && a.band !== f.band) return false;
    if (f.gap && !a.gaps.includes(f.gap)) return false;
    if (f.owner && a.ownerId !== f.owner) return false;
    if (f.unit && a.unitId !== f.unit) return false;
    if (f.changedSince && !(a.changedOn && a.changedOn.getTime() >= f.changedSince.getTime())) return false;
    if (f.stage === "noRemediation" && a.remediations.some((r) => r.status !== REMEDIATION.closed)) return false;
    if (f.stage === "verifiedNoOutreach" && !(a.remediations.some((r) => r.status === REMEDIATION.verified) && !a.outreach)) return false;
    if (f.stage === "waitingForReview" && a.outreach?.status !== OUTREACH.readyForReview) return false;
    if (search && !a.haystack.includes(search)) return false;
    return true;
}

export type SortKey = "name" | "score" | "change" | "days" | "owner";

export interface Sort {
    key: SortKey;
    descending: boolean;
}

export function compare(key: SortKey, collator: Intl.Collator): (a: ReviewAccount, b: ReviewAccount) => number {
    switch (key) {
        case "name": return (a, b) => collator.compare(a.name, b.name);
        case "owner": return (a, b) => collator.compare(a.owner, b.owner);
        case "score": return (a, b) => a.score - b.score;
        case "change": return (a, b) => (a.change ?? -Infinity) - (b.change ?? -Infinity);
        case "days": return (a, b) => (a.daysFlagged ?? -1) - (b.daysFlagged ?? -1);
    }
}

/** Filtered, searched and sorted, ties broken by name then id so the order is stable. */
export function view(accounts: ReviewAccount[], f: Filters, sort: Sort, collator: Intl.Collator): ReviewAccount[] {
    const search = f.search.trim().toLowerCase();
    const by = compare(sort.key, collator);
    const sign = sort.descending ? -1 : 1;
    return accounts.filter((a) => matches(a, f, search))
        .sort((a, b) => sign * by(a, b) || collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export interface Counts {
    bands: Map<number, { label: string; count: number }>;
    gaps: Record<Gap, number>;
}

export function counts(accounts: ReviewAccount[]): Counts {
    const bands = new Map<number, { label: string; count: number }>();
    const gaps: Record<Gap, number> = { value: 0, trust: 0, experience: 0, growth: 0 };
    for (const a of accounts) {
        const b = bands.get(a.band) ?? { label: a.bandLabel, count: 0 };
        b.count += 1;
        bands.set(a.band, b);
        for (const g of a.gaps) gaps[g] += 1;
    }
    return { bands, gaps };
}
