// The disengagement panel (wb_/account/disengagement.html loads the bundle of this file as disengagement.js).
// The account form hands the page its Xrm and formContext through getContentWindow():
//   contentWindow.WinBack.Panel.init(Xrm, formContext)
// The page never reaches into the parent window. Every value from Dataverse is written as text (dom.ts), never as
// markup: reasons and names may contain it.
import { el, clear, replaceChildren } from "../../shared/dom";
import { strings, stringsFor, type Resources, type Strings } from "../../shared/i18n";
import panelEn from "../../strings/panel.en.json";
import panelDe from "../../strings/panel.de.json";
import panelFr from "../../strings/panel.fr.json";
import panelEs from "../../strings/panel.es.json";
import * as model from "./model";

type PanelKey = keyof typeof panelEn;
const resources: Resources<PanelKey> = { en: panelEn, de: panelDe, fr: panelFr, es: panelEs };
type Text = Strings<PanelKey>;

const SVG = "http://www.w3.org/2000/svg";
const WAIT_FOR_FORM_MS = 15000;

const state = {
    xrm: null as Xrm.XrmStatic | null,
    formContext: null as Xrm.FormContext | null,
    t: strings(resources, undefined) as Text,
    view: null as model.AccountView | null,
    history: [] as model.Scoring[],
    loadSeq: 0,
    busy: false,
    wired: false,
    waitTimer: null as number | null,
    open: new Set<string>(),
    /** The last evidence read for this account, by signal: drawn again at once on a redraw, so focus on a link stays. */
    evidence: new Map<string, model.EvidenceLink[]>(),
    evidenceFor: null as string | null
};

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
    return document.getElementById(id) as T;
}

function svg(tag: string, attrs: Record<string, string | number> = {}, children: Node[] = []): SVGElement {
    const node = document.createElementNS(SVG, tag) as SVGElement;
    for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
    for (const child of children) node.appendChild(child);
    return node;
}

function setStatus(text: string): void {
    byId("wb-status").textContent = text;
}

function setBusy(busy: boolean): void {
    byId("wb-panel").setAttribute("aria-busy", busy ? "true" : "false");
}

function setButton(enabled: boolean, label?: string): void {
    const button = byId<HTMLButtonElement>("wb-recalculate");
    // aria-disabled keeps the button in the tab order while it works, so keyboard focus is not lost.
    button.setAttribute("aria-disabled", enabled ? "false" : "true");
    button.textContent = label ?? state.t.t("recalculate");
}

function setContent(nodes: (Node | null)[], summary: (Node | null)[] = []): void {
    replaceChildren(byId("wb-summary"), summary);
    replaceChildren(byId("wb-content"), nodes);
}

function accountId(): string | null {
    const entity = state.formContext?.data?.entity;
    return entity && typeof entity.getId === "function" ? model.normalizeId(entity.getId()) : null;
}

function canRecalculate(): boolean {
    const online = state.xrm?.WebApi?.online as { execute?: unknown } | undefined;
    return typeof online?.execute === "function";
}

function notice(kind: "info" | "error" | "warning", title: string, detail: string | null, action?: Node): HTMLElement {
    return el("div", { className: "wb-banner wb-notice" + (kind === "error" ? " wb-danger" : kind === "warning" ? " wb-warning" : ""), attrs: { role: kind === "error" ? "alert" : null } }, [
        el("div", {}, [el("p", { className: "wb-notice-title", text: title }), detail ? el("p", { className: "wb-notice-detail", text: detail }) : null, action ?? null])
    ]);
}

function errorText(error: model.DescribedError, action: "load" | "recalculate"): string {
    const t = state.t.t.bind(state.t);
    switch (error.kind) {
        case "privilege": return t(action === "load" ? "error.privilege.load" : "error.privilege.recalculate");
        case "notFound": return t("error.notFound");
        case "missingSolution": return t("error.missingSolution");
        case "throttled": return t("error.throttled");
        case "offline": return t("error.offline");
        default: return t(action === "load" ? "error.other.load" : "error.other.recalculate");
    }
}

function errorNotice(error: model.DescribedError, action: "load" | "recalculate", onRetry: () => void): HTMLElement {
    const retry = el("button", { className: "wb-button", text: state.t.t("retry"), attrs: { type: "button", "data-focus-key": "retry" }, on: { click: () => onRetry() } });
    const detail = error.detail ? state.t.t("error.details", { message: error.detail + (error.code ? " (" + error.code + ")" : "") }) : null;
    return notice("error", errorText(error, action), detail, retry);
}

function time(iso: string | null, style: "short" | "medium" = "medium"): HTMLElement | string {
    if (!iso) return "";
    return el("time", { text: state.t.date(iso, style), attrs: { datetime: iso } });
}

function bandLabel(band: model.BandKey | null, text: string | null): string {
    return text ?? (band ? band : state.t.t("band.none"));
}

function gapLabel(gap: model.GapKey): string {
    return state.t.t(("gap." + gap) as PanelKey);
}

/** "logins down 46%" when the strings have a phrase for the signal, else the reason's own sentence. */
function driverPhrase(reason: model.Reason): string {
    if (!reason.signal) return reason.text;
    const key = ("driver." + reason.signal) as PanelKey;
    const template = state.t.t(key);
    if (template === key || (template.includes("{value}") && reason.value === null)) return reason.text;
    return state.t.t(key, { value: state.t.number(Math.abs(reason.value ?? 0)) });
}

// ------------------------------------------------------------------ the verdict: one line, first

function verdict(view: model.AccountView, history: model.Scoring[]): HTMLElement {
    const t = state.t;
    const top = model.drivers(view.reasons)[0];
    const move = model.movement(view, history);
    const parts: (Node | string)[] = [
        el("span", { className: "wb-chip wb-band-" + (view.band ?? "unknown"), text: bandLabel(view.band, view.bandText), attrs: { id: "wb-band" } }),
        " \u00b7 ",
        el("span", { className: "wb-score", text: view.score === null ? "\u2013" : t.number(view.score), attrs: { id: "wb-score", title: t.t("score.meaning", { score: view.score ?? "\u2013" }) } })
    ];
    if (move) {
        const date = t.date(move.since, "short");
        const key = move.delta > 0 ? "verdict.up" : move.delta < 0 ? "verdict.down" : "verdict.same";
        parts.push(", ", el("span", { className: "wb-move", text: t.t(key, { points: t.number(Math.abs(move.delta)), date }) }));
    }
    parts.push(" \u00b7 ", el("span", { className: "wb-top-driver", text: top ? t.t("verdict.driver", { driver: driverPhrase(top) }) : t.t("verdict.nodriver") }));
    return el("p", { className: "wb-verdict", attrs: { id: "wb-verdict" } }, parts);
}

function dates(view: model.AccountView): HTMLElement {
    const t = state.t;
    const items: (Node | string)[] = [];
    const add = (key: PanelKey, iso: string | null, id: string) => {
        if (!iso) return;
        if (items.length) items.push(" \u00b7 ");
        const [before, after] = t.t(key, { date: "\u0000" }).split("\u0000");
        items.push(el("span", { attrs: { id } }, [before, time(iso), after ?? ""]));
    };
    add("checked", view.lastScoredOn, "wb-checked");
    add("changed", view.lastChangedOn, "wb-changed");
    add("flagged", view.flaggedOn, "wb-flagged");
    return el("p", { className: "wb-dates", attrs: { id: "wb-dates" } }, items);
}

// ------------------------------------------------------------------ drivers, gaps, coverage

function evidenceItems(links: model.EvidenceLink[]): HTMLElement[] {
    const t = state.t;
    return links.map((link) => {
        const name = link.name || t.t("evidence.unnamed");
        return el("li", {}, [
            el("button", {
                className: "wb-link", text: name,
                attrs: { type: "button", "aria-label": t.t("evidence.open", { name }), "data-focus-key": "evidence-" + link.id },
                on: { click: () => openForm(link.entity, link.id) }
            }),
            link.date ? el("span", { className: "wb-evidence-date" }, [" ", time(link.date, "short")]) : null
        ]);
    });
}

function evidenceList(signal: string): HTMLElement {
    const links = state.evidence.get(signal) ?? [];
    return el("ul", { className: "wb-evidence", attrs: { "data-evidence": signal, "aria-label": state.t.t(("evidence." + signal) as PanelKey), hidden: !links.length } }, evidenceItems(links));
}

function driversSection(view: model.AccountView): HTMLElement {
    const t = state.t;
    const ranked = model.drivers(view.reasons);
    const items = ranked.map((reason) => el("li", { className: "wb-driver" }, [
        el("span", { className: "wb-points", text: t.t("driver.points", { points: t.number(Math.round(reason.points)) }), attrs: { title: t.t("driver.points.label", { points: t.number(reason.points, 1) }) } }),
        el("div", { className: "wb-driver-body" }, [
            el("span", { className: "wb-gap-tag", text: reason.gap ? t.t("driver.gap", { gap: gapLabel(reason.gap) }) : t.t("driver.nogap") }),
            " ",
            el("span", { className: "wb-driver-text", text: reason.text }),
            reason.signal && (model.EVIDENCE_SIGNALS as readonly string[]).includes(reason.signal) ? evidenceList(reason.signal) : null
        ])
    ]));
    const flagged = model.GAP_KEYS.filter((g) => view.gaps[g]).map(gapLabel);
    const clearGaps = model.clearGaps(view).map(gapLabel);
    const gapLine = [
        flagged.length ? t.t("gaps.flagged", { gaps: flagged.join(", ") }) : t.t("gaps.allclear"),
        flagged.length && clearGaps.length ? t.t("gaps.clear", { gaps: clearGaps.join(", ") }) : null
    ].filter(Boolean).join(" \u00b7 ");
    return el("section", { className: "wb-section", attrs: { "aria-labelledby": "wb-drivers-title" } }, [
        el("h2", { text: t.t("drivers.title"), attrs: { id: "wb-drivers-title" } }),
        ranked.length ? el("ol", { className: "wb-drivers" }, items) : el("p", { className: "wb-empty", text: t.t("drivers.none") }),
        el("p", { className: "wb-gap-line", text: gapLine, attrs: { id: "wb-gap-line" } })
    ]);
}

function coverageNote(view: model.AccountView): HTMLElement | null {
    const missing = model.coverage(view.reasons);
    if (!missing.length) return null;
    return el("p", { className: "wb-coverage", attrs: { id: "wb-coverage" } }, [
        el("span", { className: "wb-coverage-title", text: state.t.t("coverage.title") + ": " }),
        state.t.t("coverage.note", { signals: missing.map((r) => r.text).join("; ") })
    ]);
}

// ------------------------------------------------------------------ the trend, dated, with band zones

function trendChart(history: model.Scoring[], width: number): SVGElement | null {
    const t = state.t;
    const height = 96;
    const geometry = model.trend(history, width, height);
    if (geometry.points.length < 2) return null;
    const years = new Set(geometry.points.map((p) => new Date(p.scoring.time).getUTCFullYear())).size > 1;
    const label = t.t("trend.alt", {
        points: geometry.points.map((p) => t.t("trend.point", { date: t.date(p.scoring.scoredOn), score: p.scoring.score ?? "", band: bandLabel(p.scoring.band, p.scoring.bandText) })).join(", ")
    });
    const title = svg("title");
    title.textContent = label;
    const chart = svg("svg", { class: "wb-trend-chart", viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-label": label, focusable: "false" }, [title]);
    for (const zone of geometry.zones) {
        chart.appendChild(svg("rect", { class: "wb-zone wb-zone-" + zone.band, x: zone.x, y: geometry.plot.top, width: zone.width, height: geometry.plot.bottom - geometry.plot.top }));
    }
    chart.appendChild(svg("line", { class: "wb-axis", x1: geometry.plot.left, x2: geometry.plot.right, y1: geometry.plot.bottom, y2: geometry.plot.bottom }));
    chart.appendChild(svg("polyline", { class: "wb-trend-line", points: geometry.points.map((p) => p.x + "," + p.y).join(" ") }));
    for (const p of geometry.points) {
        chart.appendChild(svg("circle", { cx: p.x, cy: p.y, r: 3, class: "wb-dot wb-band-" + (p.scoring.band ?? "unknown") }));
    }
    for (const tick of geometry.ticks) {
        const text = svg("text", { class: "wb-tick", x: tick.x, y: height - 4, "text-anchor": tick.anchor });
        text.textContent = t.date(new Date(tick.time), years ? "medium" : "short");
        chart.appendChild(text);
    }
    return chart;
}

function details(key: string, summary: string, body: Node[]): HTMLDetailsElement {
    const node = el("details", { className: "wb-details", attrs: { open: state.open.has(key) } }, [
        el("summary", { text: summary, attrs: { "data-focus-key": "summary-" + key } }), ...body
    ]);
    // Kept open across redraws (after a save or a recalculation) once the user has opened it.
    node.addEventListener("toggle", () => { if (node.open) state.open.add(key); else state.open.delete(key); });
    return node;
}

function historyTable(history: model.Scoring[]): HTMLElement {
    const t = state.t;
    return el("table", { className: "wb-table" }, [
        el("thead", {}, [el("tr", {}, [
            el("th", { text: t.t("trend.col.date"), attrs: { scope: "col" } }),
            el("th", { className: "wb-num", text: t.t("trend.col.score"), attrs: { scope: "col" } }),
            el("th", { text: t.t("trend.col.band"), attrs: { scope: "col" } }),
            el("th", { text: t.t("trend.col.gaps"), attrs: { scope: "col" } })
        ])]),
        el("tbody", {}, history.slice().reverse().map((s) => el("tr", {}, [
            el("th", { attrs: { scope: "row" } }, [time(s.scoredOn)]),
            el("td", { className: "wb-num", text: s.score === null ? "\u2013" : t.number(s.score) }),
            el("td", { text: bandLabel(s.band, s.bandText) }),
            el("td", { text: model.GAP_KEYS.filter((g) => s.gaps[g]).map(gapLabel).join(", ") || t.t("trend.gaps.none") })
        ])))
    ]);
}

function trendSection(history: model.Scoring[], historyError: model.DescribedError | null): HTMLElement {
    const t = state.t;
    const body: (Node | null)[] = [];
    if (historyError) {
        body.push(notice("warning", t.t("trend.error", { message: errorText(historyError, "load") }), historyError.detail || null));
    } else if (!history.length) {
        body.push(el("p", { className: "wb-empty", text: t.t("trend.none") }));
    } else if (history.filter((s) => s.score !== null).length < 2) {
        const only = history[history.length - 1];
        body.push(el("p", { className: "wb-empty", text: t.t("trend.one", { date: t.date(only.scoredOn), score: only.score ?? "\u2013" }) }));
    } else {
        const width = Math.max(240, Math.min(560, Math.floor(byId("wb-content").clientWidth || 320)));
        body.push(trendChart(history, width));
        body.push(el("p", { className: "wb-note", text: t.t("trend.zones") }));
    }
    if (history.length) body.push(details("history", t.t("trend.table", { count: history.length }), [historyTable(history)]));
    return el("section", { className: "wb-section", attrs: { "aria-labelledby": "wb-trend-title" } }, [
        el("h2", { text: t.t("trend.title"), attrs: { id: "wb-trend-title" } }), ...body
    ]);
}

function renderLoaded(view: model.AccountView, history: model.Scoring[], historyError: model.DescribedError | null): void {
    if (!model.hasScore(view) && !history.length) {
        setContent([notice("info", state.t.t("not.scored"), null)]);
        return;
    }
    setContent([driversSection(view), coverageNote(view), trendSection(history, historyError)], [verdict(view, history), dates(view)]);
    if (!shownOnce) {
        shownOnce = true;
        // For `winback bench`: when the panel first showed its verdict (User Timing, no effect on the page).
        if (typeof performance !== "undefined" && typeof performance.mark === "function") performance.mark("wb-panel-shown");
    }
}

let shownOnce = false;

// ------------------------------------------------------------------ evidence: one query per kind of record

function openForm(entityName: string, entityId: string): void {
    void state.xrm?.Navigation.openForm({ entityName, entityId });
}

function fillEvidence(signal: string, links: model.EvidenceLink[]): void {
    state.evidence.set(signal, links);
    const list = document.querySelector<HTMLElement>(`ul[data-evidence="${signal}"]`);
    if (!list) return;
    replaceChildren(list, evidenceItems(links));
    list.hidden = !links.length;
}

async function loadEvidence(id: string, view: model.AccountView, seq: number): Promise<void> {
    const xrm = state.xrm;
    if (!xrm) return;
    const ranked = model.drivers(view.reasons);
    if (view.primaryContactId && ranked.some((r) => r.signal === "championLeft")) {
        fillEvidence("championLeft", [{ entity: "contact", id: view.primaryContactId, name: view.primaryContactName ?? "", date: null }]);
    }
    await Promise.all(model.evidenceQueries(id, view.reasons, view.lastScoredOn, 3).map(async (q) => {
        try {
            const result = await xrm.WebApi.retrieveMultipleRecords(q.entity, q.query);
            if (seq === state.loadSeq) fillEvidence(q.signal, model.evidenceLinks(q.entity, result.entities as Record<string, unknown>[]));
        } catch {
            // Evidence is a help, not the verdict: a user who may not read cases still sees the reasons.
        }
    }));
}

// ------------------------------------------------------------------ loading and recalculating

function renderNewRecord(): void {
    byId("wb-recalculate").hidden = true;
    setBusy(false);
    setStatus("");
    setContent([notice("info", state.t.t("new.record"), null)]);
}

/** Reads the account and its history again and redraws the panel; resolves false when the read failed. */
export async function refresh(): Promise<boolean> {
    const xrm = state.xrm;
    if (!xrm || !state.formContext) return false;
    const id = accountId();
    if (!id) {
        state.loadSeq++;
        renderNewRecord();
        return true;
    }
    const seq = ++state.loadSeq;
    if (state.evidenceFor !== id) {
        state.evidence.clear();
        state.evidenceFor = id;
    }
    if (!state.busy) byId("wb-action-error")?.remove();
    byId("wb-recalculate").hidden = !canRecalculate();
    setBusy(true);
    if (!state.view) setStatus(state.t.t("loading"));
    const history = xrm.WebApi.retrieveMultipleRecords(model.HISTORY_TABLE, model.historyQuery(id))
        .then((r) => ({ rows: (r.entities ?? []) as Record<string, unknown>[], error: null as model.DescribedError | null }),
            (error: unknown) => ({ rows: [] as Record<string, unknown>[], error: model.describeError(error) }));
    try {
        const [record, scorings] = await Promise.all([
            Promise.resolve(xrm.WebApi.retrieveRecord("account", id, model.accountQuery())) as Promise<Record<string, unknown>>,
            history
        ]);
        if (seq !== state.loadSeq) return true;
        const view = model.toAccountView(record);
        state.view = view;
        state.history = model.toHistory(scorings.rows);
        renderLoaded(view, state.history, scorings.error);
        setBusy(false);
        if (!state.busy) setStatus("");
        void loadEvidence(id, view, seq);
        return true;
    } catch (error) {
        if (seq !== state.loadSeq) return true;
        setBusy(false);
        setStatus("");
        state.view = null;
        setContent([errorNotice(model.describeError(error), "load", () => void refresh())]);
        return false;
    }
}

function formIsDirty(): boolean {
    const entity = state.formContext?.data?.entity;
    return entity && typeof entity.getIsDirty === "function" ? entity.getIsDirty() : true;
}

/** Runs the bound Custom API wb_RecalculateDisengagement on this account, then redraws and says what changed. */
export async function recalculate(): Promise<void> {
    const xrm = state.xrm;
    if (state.busy || !xrm) return;
    const id = accountId();
    if (!id) {
        renderNewRecord();
        return;
    }
    if (!canRecalculate()) {
        setStatus(state.t.t("recalculate.offline"));
        return;
    }
    const t = state.t;
    const before = state.view;
    state.busy = true;
    setButton(false, t.t("recalculating"));
    setStatus(t.t("recalculating"));
    let failure: model.DescribedError | null = null;
    let shown = true;
    try {
        const online = xrm.WebApi.online as unknown as { execute(request: unknown): Promise<{ ok?: boolean; status?: number; statusText?: string }> };
        const response = await online.execute(model.recalculateRequest(id));
        if (response && response.ok === false) throw { httpStatus: response.status, message: response.statusText ?? "" };
        shown = await refresh();
        // The form's own fields show the new values too, unless the user has unsaved changes there.
        const data = state.formContext?.data as (Xrm.Data & { refresh?: (save: boolean) => PromiseLike<unknown> }) | undefined;
        if (!formIsDirty() && data && typeof data.refresh === "function") {
            try { await data.refresh(false); } catch { /* the panel already shows the new values */ }
        }
    } catch (error) {
        failure = model.describeError(error);
    }
    state.busy = false;
    setButton(true);
    byId("wb-action-error")?.remove();
    if (failure) {
        setStatus("");
        const box = errorNotice(failure, "recalculate", () => void recalculate());
        box.id = "wb-action-error";
        byId("wb-panel").insertBefore(box, byId("wb-content"));
        return;
    }
    const after = state.view;
    if (!shown || !after) {
        setStatus(t.t("outcome.unshown"));
        return;
    }
    const result = before ? model.outcome(before, after) : { kind: "moved" as const, from: null, to: after.score, bandChanged: false };
    const number = (n: number | null) => (n === null ? "\u2013" : t.number(n));
    setStatus(result.kind === "same" ? t.t("outcome.same", { score: number(result.score) })
        : result.from === null ? t.t("outcome.first", { to: number(result.to) })
            : t.t("outcome.moved", { from: number(result.from), to: number(result.to) }));
}

function wire(): void {
    if (state.wired) return;
    state.wired = true;
    byId("wb-recalculate").addEventListener("click", () => {
        if (byId("wb-recalculate").getAttribute("aria-disabled") === "true") return;
        void recalculate();
    });
}

/** The page's fixed words in the user's language. */
function translatePage(): void {
    const t = state.t;
    document.documentElement.lang = t.language;
    document.title = t.t("title");
    byId("wb-title").textContent = t.t("title");
    byId("wb-recalculate-help").textContent = t.t("recalculate.help");
}

/**
 * Called by the account form (WinBack.AccountForm.onLoad) with the form's Xrm and formContext.
 * Safe to call again: on save, on tab expand, or when the form reloads the page.
 */
export async function init(xrm: Xrm.XrmStatic, formContext: Xrm.FormContext): Promise<void> {
    if (!xrm || !xrm.WebApi || !formContext || !formContext.data) {
        setContent([notice("error", state.t.t("no.context"), null)]);
        return;
    }
    if (state.waitTimer !== null) {
        window.clearTimeout(state.waitTimer);
        state.waitTimer = null;
    }
    if (state.xrm !== xrm) {
        try { state.t = stringsFor(resources, xrm); } catch { state.t = strings(resources, undefined); }
    }
    state.xrm = xrm;
    state.formContext = formContext;
    translatePage();
    wire();
    setButton(true);
    await refresh();
}

const root = window as unknown as { WinBack?: Record<string, unknown> };
root.WinBack = { ...(root.WinBack ?? {}), Panel: { init, refresh, recalculate } };

// Opened on its own (not from the form), the page would wait forever: say so after a while.
state.waitTimer = window.setTimeout(() => {
    state.waitTimer = null;
    if (!state.xrm) {
        setStatus("");
        clear(byId("wb-content"));
        setContent([notice("info", state.t.t("waiting.long"), null)]);
    }
}, WAIT_FOR_FORM_MS);
