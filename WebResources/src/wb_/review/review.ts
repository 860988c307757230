// The "Win-back review" page (site map): every flagged account the user may see, with its score, band, change,
// gaps, trend, top reasons, remediation per gap, outreach, owner and control group; counts, filters, search, sort
// and keyboard navigation; and, for administrators, the gate audit (Custom API wb_AuditGate).
// Four Web API queries, one per table, each read in pages of 5,000 through @odata.nextLink; the first page of
// accounts is drawn as soon as it arrives. Filters and sort run in memory. Every value is written as text.
import { el, replaceChildren, clear } from "../../shared/dom";
import { retrieveAllPages, errorMessage } from "../../shared/webapi";
import { siteMapXrm, PageXrm } from "../../shared/sitemapxrm";
import { stringsFor, Resources, Strings } from "../../shared/i18n";
import en from "../../strings/review.en.json";
import de from "../../strings/review.de.json";
import fr from "../../strings/review.fr.json";
import es from "../../strings/review.es.json";
import {
    GAPS, Gap, REMEDIATION, OUTREACH, queries, Row, ReviewAccount, Outreach, Filters, Sort, SortKey, Stage,
    toAccount, addHistory, finishHistory, addRemediations, toOutreach, addOutreaches, noFilters, view, counts
} from "./review.model";

type Key = keyof typeof en;
const resources: Resources<Key> = { en, de, fr, es };

const PAGE_SIZE = 5000;
// The most disengaged accounts first, in one small request, so the grid shows rows while the full pages
// (up to 5,000 rows each, several MB with their reasons) are still being read; the full read skips them again.
const FIRST_ROWS = 100;
const SHOWN_STEP = 50;
const HISTORY_DAYS = 365;
const ADMIN_ROLES = ["System Administrator", "Win-back Administrator"];

/** Bidirectional override and isolate characters are named, so they cannot reorder what a user reads. */
function visible(value: string): string {
    return value.replace(/[\u202A-\u202E\u2066-\u2069]/g, (c) => `[U+${c.charCodeAt(0).toString(16).toUpperCase()}]`);
}

const SVG = "http://www.w3.org/2000/svg";
function svg(tag: string, attrs: Record<string, string | number>): SVGElement {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
    return node;
}

interface Column {
    key: Key;
    sort?: SortKey;
    className: string;
    cell(a: ReviewAccount): (Node | string)[];
}

class ReviewPage {
    private readonly s: Strings<Key>;
    private readonly collator: Intl.Collator;
    // Formatters made once: Strings.number builds a new Intl.NumberFormat on every call, which costs more than the
    // rest of a row when thousands of numbers are drawn.
    private readonly formats: Intl.NumberFormat[];
    private readonly today = new Date();
    private accounts: ReviewAccount[] = [];
    private readonly byId = new Map<string, ReviewAccount>();
    private outreaches: Outreach[] = [];
    private filters: Filters = noFilters();
    private sort: Sort = { key: "score", descending: true };
    private shownCount = SHOWN_STEP;
    private shown: ReviewAccount[] = [];
    private active = { row: "", col: 0 };
    private readonly columns: Column[];
    private loaded = false;
    private markLoaded: () => void = () => undefined;
    private readonly whenLoaded = new Promise<void>((resolve) => { this.markLoaded = resolve; });

    private readonly root: HTMLElement;
    private readonly status = el("p", { className: "wb-status", attrs: { id: "wb-status", role: "status" } });
    private readonly summary = el("div", { className: "wb-summary", attrs: { id: "wb-summary", role: "group" } });
    private readonly filterBar = el("div", { className: "wb-filters", attrs: { id: "wb-filters", role: "group" } });
    private readonly count = el("p", { className: "wb-count", attrs: { id: "wb-count" } });
    private readonly head = el("thead");
    private readonly body = el("tbody", { attrs: { id: "wb-rows" } });
    private readonly grid = el("table", { className: "wb-grid", attrs: { id: "wb-grid", role: "grid", "aria-describedby": "wb-grid-help" } }, [this.head, this.body]);
    private readonly more = el("button", { className: "wb-button", attrs: { id: "wb-more", type: "button", hidden: true } });
    private readonly selects: Record<string, HTMLSelectElement> = {};
    private readonly auditPanel = el("section", { className: "wb-audit", attrs: { id: "wb-audit", role: "tabpanel", "aria-labelledby": "wb-tab-audit", hidden: true } });
    private auditRun: Promise<void> | null = null;

    constructor(private readonly xrm: PageXrm, root: HTMLElement) {
        this.root = root;
        this.s = stringsFor(resources, xrm);
        this.collator = new Intl.Collator(this.s.locale, { sensitivity: "base", numeric: true });
        this.formats = [0, 1].map((digits) => new Intl.NumberFormat(this.s.locale, { maximumFractionDigits: digits, minimumFractionDigits: digits }));
        this.columns = this.defineColumns();
    }

    private num(value: number, digits: 0 | 1 = 0): string {
        return this.formats[digits].format(value);
    }

    private isAdministrator(): boolean {
        const roles = this.xrm.Utility.getGlobalContext().userSettings.roles;
        let admin = false;
        roles?.forEach((role) => { if (ADMIN_ROLES.includes(role.name ?? "")) admin = true; });
        return admin;
    }

    start(): void {
        const t = this.s.t;
        document.documentElement.lang = this.s.locale;
        document.title = t("review.title");
        const accountsPanel = el("section", { attrs: { id: "wb-accounts", role: "tabpanel", "aria-labelledby": "wb-tab-accounts" } }, [
            this.summary,
            this.filterBar,
            this.count,
            el("p", { className: "wb-visually-hidden", text: t("review.gridHelp"), attrs: { id: "wb-grid-help" } }),
            el("div", { className: "wb-grid-scroll" }, [this.grid]),
            this.more
        ]);
        const children: Node[] = [el("h1", { text: t("review.title"), attrs: { id: "wb-title" } }), this.status];
        if (this.isAdministrator()) {
            const tabs = [
                this.tab("wb-tab-accounts", t("review.tab.accounts"), accountsPanel, true),
                this.tab("wb-tab-audit", t("review.tab.audit"), this.auditPanel, false)
            ];
            const list = el("div", { className: "wb-tabs", attrs: { role: "tablist", "aria-label": t("review.tabs") } }, tabs);
            list.addEventListener("keydown", (e) => {
                if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
                const next = tabs[(tabs.indexOf(document.activeElement as HTMLButtonElement) + 1) % tabs.length];
                next.click();
                next.focus();
                e.preventDefault();
            });
            children.push(list, accountsPanel, this.auditPanel);
        } else {
            accountsPanel.removeAttribute("role");
            accountsPanel.removeAttribute("aria-labelledby");
            children.push(accountsPanel);
        }
        replaceChildren(this.root, children);
        this.grid.setAttribute("aria-label", t("review.grid"));
        this.more.addEventListener("click", () => { this.shownCount += SHOWN_STEP; this.draw(); });
        this.grid.addEventListener("keydown", (e) => this.onKey(e));
        this.grid.addEventListener("click", (e) => this.onClick(e));
        this.grid.addEventListener("focusin", (e) => {
            const cell = (e.target as HTMLElement).closest<HTMLElement>("[data-col]");
            if (cell) this.setActive(cell);
        });
        this.drawFilters();
        this.drawHead();
        this.status.textContent = t("review.loading", { count: this.num(0) });
        void this.load();
    }

    private tab(id: string, label: string, panel: HTMLElement, selected: boolean): HTMLButtonElement {
        const button = el("button", {
            className: "wb-tab", text: label,
            attrs: { id, type: "button", role: "tab", "aria-selected": selected ? "true" : "false", "aria-controls": panel.id, tabindex: selected ? 0 : -1 }
        });
        button.addEventListener("click", () => {
            for (const other of Array.from(button.parentElement?.children ?? [])) {
                const on = other === button;
                other.setAttribute("aria-selected", on ? "true" : "false");
                other.setAttribute("tabindex", on ? "0" : "-1");
                const p = document.getElementById(other.getAttribute("aria-controls") ?? "");
                if (p) p.hidden = !on;
            }
            if (id === "wb-tab-audit") void this.audit(false);
        });
        return button;
    }

    // ------------------------------------------------------------------ loading

    private async load(): Promise<void> {
        const t = this.s.t;
        try {
            const add = (rows: Row[]): void => {
                for (const row of rows) {
                    const a = toAccount(row, this.today);
                    if (this.byId.has(a.id)) continue;
                    this.byId.set(a.id, a);
                    this.accounts.push(a);
                }
            };
            const first = await this.xrm.WebApi.retrieveMultipleRecords("account", `${queries.accounts}&$top=${FIRST_ROWS}`);
            add(first.entities as Row[]);
            this.refresh();
            await retrieveAllPages<Row>(this.xrm, "account", queries.accounts, PAGE_SIZE, (rows, progress) => {
                add(rows);
                this.status.textContent = t("review.loading", { count: this.num(progress.rows) });
                this.refresh();
            });
            this.status.textContent = t("review.loadingDetails", { count: this.num(this.accounts.length) });
            this.refresh();
            const since = new Date(this.today.getTime() - HISTORY_DAYS * 86400000);
            // The other three tables at once, each in its own paged query; the grid is drawn again as each arrives.
            // A table the role cannot read leaves its column empty and is named above the grid; the accounts stay.
            const problems: string[] = [];
            const part = (work: Promise<void>, column: Key) => work.catch((error: unknown) => {
                problems.push(t("review.partError", { what: t(column), message: errorMessage(error, "") }));
            });
            await Promise.all([
                part(retrieveAllPages<Row>(this.xrm, "wb_disengagementhistory", queries.history(since), PAGE_SIZE).then((rows) => {
                    addHistory(this.byId, rows);
                    finishHistory(this.accounts);
                    this.refresh();
                }), "review.col.trend"),
                part(retrieveAllPages<Row>(this.xrm, "wb_remediation", queries.remediations, PAGE_SIZE).then((rows) => {
                    addRemediations(this.byId, rows);
                    this.refresh();
                }), "review.col.remediation"),
                part(retrieveAllPages<Row>(this.xrm, "wb_outreach", queries.outreaches, PAGE_SIZE).then((rows) => {
                    this.outreaches = rows.map(toOutreach);
                    addOutreaches(this.byId, this.outreaches);
                    this.refresh();
                }), "review.col.outreach")
            ]);
            if (problems.length) {
                this.status.after(el("div", { className: "wb-banner wb-warning wb-problems", attrs: { id: "wb-problems" } },
                    problems.map((text) => el("p", { text: visible(text) }))));
            }
            this.loaded = true;
            this.markLoaded();
            this.status.textContent = this.accounts.length === 1 ? t("review.loadedOne") : t("review.loaded", { count: this.num(this.accounts.length) });
            this.root.setAttribute("data-loaded", "true");
            this.refresh();
        } catch (error) {
            this.status.textContent = "";
            this.status.appendChild(el("span", { className: "wb-banner wb-danger", text: visible(t("review.error", { message: errorMessage(error, t("error.generic", { message: "" })) })) }));
            this.root.setAttribute("data-loaded", "error");
            this.markLoaded();
        }
    }

    // ------------------------------------------------------------------ filters

    private select(id: string, label: string, options: [string, string][], onChange: (value: string) => void): HTMLElement {
        const existing = this.selects[id];
        const current = existing?.value ?? "";
        const node = existing ?? el("select", { className: "wb-select", attrs: { id } });
        if (!existing) {
            node.addEventListener("change", () => onChange(node.value));
            this.selects[id] = node;
        }
        clear(node);
        node.appendChild(el("option", { text: this.s.t("review.filter.any"), attrs: { value: "" } }));
        for (const [value, text] of options) node.appendChild(el("option", { text: visible(text), attrs: { value } }));
        node.value = options.some(([v]) => v === current) ? current : "";
        return el("label", { className: "wb-field", attrs: { for: id } }, [el("span", { text: label }), node]);
    }

    private drawFilters(): void {
        const t = this.s.t;
        const bands = Array.from(new Map(this.accounts.map((a) => [a.band, a.bandLabel])).entries()).sort((a, b) => a[0] - b[0])
            .map(([v, label]): [string, string] => [String(v), label]);
        const owners = this.people((a) => [a.ownerId, a.owner]);
        const units = this.people((a) => [a.unitId, a.unit]);
        const search = (this.filterBar.querySelector("#wb-search") as HTMLInputElement | null) ?? el("input", {
            className: "wb-input", attrs: { id: "wb-search", type: "search", placeholder: t("review.searchHint"), autocomplete: "off" },
            on: { input: (e) => { this.filters.search = (e.target as HTMLInputElement).value; this.shownCount = SHOWN_STEP; this.draw(); } }
        });
        const changed = (this.filterBar.querySelector("#wb-filter-changed") as HTMLInputElement | null) ?? el("input", {
            className: "wb-input", attrs: { id: "wb-filter-changed", type: "date" },
            on: { change: (e) => { const v = (e.target as HTMLInputElement).value; this.filters.changedSince = v ? new Date(v + "T00:00:00Z") : null; this.shownCount = SHOWN_STEP; this.draw(); } }
        });
        const clearButton = (this.filterBar.querySelector("#wb-clear") as HTMLButtonElement | null) ?? el("button", {
            className: "wb-button", text: t("review.clear"), attrs: { id: "wb-clear", type: "button" },
            on: { click: () => this.clearFilters() }
        });
        const set = (apply: (v: string) => void) => (v: string) => { apply(v); this.shownCount = SHOWN_STEP; this.draw(); };
        replaceChildren(this.filterBar, [
            el("label", { className: "wb-field wb-field-search", attrs: { for: "wb-search" } }, [el("span", { text: t("review.search") }), search]),
            this.select("wb-filter-band", t("review.filter.band"), bands, set((v) => { this.filters.band = v ? Number(v) : null; })),
            this.select("wb-filter-gap", t("review.filter.gap"), GAPS.map((g): [string, string] => [g, t(`gap.${g}` as Key)]), set((v) => { this.filters.gap = v as Gap | ""; })),
            this.select("wb-filter-owner", t("review.filter.owner"), owners, set((v) => { this.filters.owner = v; })),
            this.select("wb-filter-unit", t("review.filter.unit"), units, set((v) => { this.filters.unit = v; })),
            el("label", { className: "wb-field", attrs: { for: "wb-filter-changed" } }, [el("span", { text: t("review.filter.changed") }), changed]),
            this.select("wb-filter-stage", t("review.filter.stage"), [
                ["noRemediation", t("review.stage.noRemediation")],
                ["verifiedNoOutreach", t("review.stage.verifiedNoOutreach")],
                ["waitingForReview", t("review.stage.waitingForReview")]
            ], set((v) => { this.filters.stage = v as Stage; })),
            clearButton
        ]);
        this.filterBar.setAttribute("aria-label", t("review.filters"));
    }

    private people(pick: (a: ReviewAccount) => [string, string]): [string, string][] {
        const seen = new Map<string, string>();
        for (const a of this.accounts) {
            const [id, name] = pick(a);
            if (id && !seen.has(id)) seen.set(id, name || id);
        }
        return Array.from(seen.entries()).sort((a, b) => this.collator.compare(a[1], b[1]));
    }

    private clearFilters(): void {
        this.filters = noFilters();
        for (const s of Object.values(this.selects)) s.value = "";
        (this.filterBar.querySelector("#wb-search") as HTMLInputElement).value = "";
        (this.filterBar.querySelector("#wb-filter-changed") as HTMLInputElement).value = "";
        this.shownCount = SHOWN_STEP;
        this.draw();
    }

    // ------------------------------------------------------------------ drawing

    /** New data arrived: the option lists and counts follow, then the grid. */
    private refresh(): void {
        this.drawFilters();
        this.drawSummary();
        this.draw();
    }

    private drawSummary(): void {
        const t = this.s.t;
        const c = counts(this.accounts);
        const bands = Array.from(c.bands.entries()).sort((a, b) => b[0] - a[0]);
        replaceChildren(this.summary, [
            el("div", { className: "wb-counts" }, [
                el("h2", { text: t("review.byBand"), attrs: { id: "wb-by-band" } }),
                el("ul", { attrs: { "aria-labelledby": "wb-by-band" } }, bands.map(([band, b]) => el("li", { className: `wb-count-card wb-band-${band}` }, [
                    el("span", { className: "wb-count-value", text: this.num(b.count) }), el("span", { text: visible(b.label) })
                ])))
            ]),
            el("div", { className: "wb-counts" }, [
                el("h2", { text: t("review.byGap"), attrs: { id: "wb-by-gap" } }),
                el("ul", { attrs: { "aria-labelledby": "wb-by-gap" } }, GAPS.map((g) => el("li", { className: "wb-count-card" }, [
                    el("span", { className: "wb-count-value", text: this.num(c.gaps[g]) }), el("span", { text: t(`gap.${g}` as Key) })
                ])))
            ])
        ]);
        this.summary.setAttribute("aria-label", t("review.summary"));
    }

    private drawHead(): void {
        const t = this.s.t;
        const row = el("tr", { attrs: { role: "row" } }, this.columns.map((c, i) => {
            const sorted = c.sort && this.sort.key === c.sort;
            return el("th", {
                className: c.className + (c.sort ? " wb-sortable" : ""),
                attrs: {
                    role: "columnheader", scope: "col", tabindex: -1, "data-col": i, "data-row": "head", "data-focus-key": `head|${i}`,
                    "aria-sort": c.sort ? (sorted ? (this.sort.descending ? "descending" : "ascending") : "none") : undefined
                }
            }, [t(c.key), sorted ? el("span", { className: "wb-sort", text: this.sort.descending ? " ▼" : " ▲", attrs: { "aria-hidden": "true" } }) : null]);
        }));
        replaceChildren(this.head, [row]);
    }

    /** The grid from the data in memory: filter, search, sort, then the first rows drawn. */
    draw(): void {
        const t = this.s.t;
        const all = view(this.accounts, this.filters, this.sort, this.collator);
        this.shown = all.slice(0, this.shownCount);
        const rows = this.shown.map((a) => el("tr", { attrs: { role: "row", "data-id": a.id } }, this.columns.map((c, i) => el("td", {
            className: c.className,
            attrs: { role: "gridcell", tabindex: -1, "data-col": i, "data-row": a.id, "data-focus-key": `${a.id}|${i}` }
        }, c.cell(a)))));
        if (rows.length === 0) {
            rows.push(el("tr", { attrs: { role: "row" } }, [el("td", {
                className: "wb-empty", text: this.accounts.length || !this.loaded ? t("review.none") : t("review.noneAtAll"),
                attrs: { role: "gridcell", colspan: this.columns.length, tabindex: -1, "data-col": 0, "data-row": "", "data-focus-key": "empty" }
            })]));
        }
        const hadFocus = this.grid.contains(document.activeElement);
        replaceChildren(this.body, rows);
        this.rove(hadFocus);
        this.count.textContent = t("review.showing", { shown: this.num(this.shown.length), count: this.num(all.length), total: this.num(this.accounts.length) });
        const rest = all.length - this.shown.length;
        this.more.hidden = rest <= 0;
        this.more.textContent = t("review.more", { count: this.num(Math.min(rest, SHOWN_STEP)) });
    }

    // ------------------------------------------------------------------ keyboard: one tab stop, arrow keys inside

    private cells(): HTMLElement[][] {
        return Array.from(this.grid.rows).map((r) => Array.from(r.cells) as HTMLElement[]);
    }

    private setActive(cell: HTMLElement): void {
        this.active = { row: cell.dataset.row ?? "", col: Number(cell.dataset.col ?? 0) };
        for (const other of Array.from(this.grid.querySelectorAll<HTMLElement>("[tabindex='0']"))) if (other !== cell) other.tabIndex = -1;
        cell.tabIndex = 0;
    }

    /** After a redraw: the active cell keeps the tab stop (and focus if it had it); when its row is gone, the first row's cell takes them. */
    private rove(hadFocus: boolean): void {
        const key = `${this.active.row}|${this.active.col}`;
        let cell = this.grid.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(key)}"]`)
            ?? this.body.querySelector<HTMLElement>(`[data-col="${Math.min(this.active.col, this.body.rows[0]?.cells.length - 1 || 0)}"]`)
            ?? this.body.querySelector<HTMLElement>("[data-col]");
        if (!cell) cell = this.head.querySelector<HTMLElement>("[data-col]");
        if (!cell) return;
        const keepRow = this.active.row;
        this.setActive(cell);
        if (keepRow === "head") this.active.row = "head";
        if (hadFocus && document.activeElement !== cell && !this.grid.contains(document.activeElement)) cell.focus();
    }

    private onKey(e: KeyboardEvent): void {
        const cell = (e.target as HTMLElement).closest<HTMLElement>("[data-col]");
        if (!cell) return;
        const grid = this.cells();
        let r = grid.findIndex((row) => row.includes(cell));
        let c = grid[r].indexOf(cell);
        const last = grid.length - 1;
        switch (e.key) {
            case "ArrowDown": r = Math.min(last, r + 1); break;
            case "ArrowUp": r = Math.max(0, r - 1); break;
            case "ArrowRight": c += 1; break;
            case "ArrowLeft": c = Math.max(0, c - 1); break;
            case "PageDown": r = Math.min(last, r + 10); break;
            case "PageUp": r = Math.max(0, r - 10); break;
            case "Home": if (e.ctrlKey) r = 0; c = 0; break;
            case "End": if (e.ctrlKey) r = last; c = grid[r].length - 1; break;
            case "Enter":
            case " ":
                this.activate(cell);
                e.preventDefault();
                return;
            default: return;
        }
        e.preventDefault();
        const target = grid[r][Math.min(c, grid[r].length - 1)];
        this.setActive(target);
        target.focus();
    }

    private onClick(e: MouseEvent): void {
        const target = e.target as HTMLElement;
        const cell = target.closest<HTMLElement>("[data-col]");
        if (!cell) return;
        this.setActive(cell);
        if (cell.dataset.row === "head" || target.closest(".wb-open")) this.activate(cell);
    }

    private activate(cell: HTMLElement): void {
        if (cell.dataset.row === "head") {
            const column = this.columns[Number(cell.dataset.col)];
            if (!column.sort) return;
            this.sort = { key: column.sort, descending: this.sort.key === column.sort ? !this.sort.descending : column.sort !== "name" && column.sort !== "owner" };
            this.drawHead();
            this.active = { row: "head", col: Number(cell.dataset.col) };
            const again = this.head.querySelector<HTMLElement>(`[data-col="${cell.dataset.col}"]`);
            this.draw();
            if (again) { this.setActive(again); this.active.row = "head"; again.focus(); }
            return;
        }
        const id = cell.dataset.row;
        if (id) void this.xrm.Navigation.openForm({ entityName: "account", entityId: id });
    }

    // ------------------------------------------------------------------ cells

    private defineColumns(): Column[] {
        const t = this.s.t;
        const s = this.s;
        return [
            {
                key: "review.col.account", sort: "name", className: "wb-c-account",
                cell: (a) => [
                    el("span", { className: "wb-open", text: visible(a.name), attrs: { title: t("review.open", { name: visible(a.name) }) } }),
                    a.holdout ? el("div", {}, [el("span", { className: "wb-chip wb-holdout", text: t("review.control.yes") })]) : null
                ].filter((n): n is HTMLElement => n !== null)
            },
            { key: "review.col.score", sort: "score", className: "wb-c-score wb-num", cell: (a) => [this.num(a.score)] },
            { key: "review.col.band", className: "wb-c-band", cell: (a) => [el("span", { className: `wb-band wb-band-${a.band}`, text: visible(a.bandLabel) })] },
            {
                key: "review.col.change", sort: "change", className: "wb-c-change",
                cell: (a) => {
                    if (a.change === null || !a.previousOn) return [el("span", { className: "wb-muted", text: t("review.change.first") })];
                    const date = s.date(a.previousOn, "short");
                    const key: Key = a.change > 0 ? "review.change.up" : a.change < 0 ? "review.change.down" : "review.change.same";
                    return [el("span", { className: a.change > 0 ? "wb-up" : a.change < 0 ? "wb-down" : "wb-muted", text: t(key, { points: this.num(Math.abs(a.change)), date }) })];
                }
            },
            {
                key: "review.col.gaps", className: "wb-c-gaps",
                cell: (a) => a.gaps.map((g) => el("span", { className: "wb-chip", text: t(`gap.${g}` as Key) }))
            },
            { key: "review.col.trend", className: "wb-c-trend", cell: (a) => [this.sparkline(a)] },
            {
                key: "review.col.reasons", className: "wb-c-reasons",
                cell: (a) => a.reasons.length === 0 ? [el("span", { className: "wb-muted", text: t("review.reasons.none") })] : [el("ol", { className: "wb-reasons" },
                    a.reasons.slice(0, 3).map((r) => el("li", {}, [
                        el("span", { text: visible(r.text) }), " ",
                        el("span", { className: "wb-points", text: t("review.points", { points: this.num(r.points, r.points % 1 ? 1 : 0) }) })
                    ])))]
            },
            {
                key: "review.col.flagged", sort: "days", className: "wb-c-days wb-num",
                cell: (a) => a.daysFlagged === null ? [] : [el("span", {
                    text: a.daysFlagged === 0 ? t("review.today") : a.daysFlagged === 1 ? t("review.day") : t("review.days", { days: this.num(a.daysFlagged) }),
                    attrs: { title: a.flaggedOn ? s.date(a.flaggedOn) : undefined }
                })]
            },
            {
                key: "review.col.remediation", className: "wb-c-remediation",
                cell: (a) => a.remediations.length === 0 ? [el("span", { className: "wb-muted", text: t("review.remediation.none") })] :
                    a.remediations.map((r) => el("div", { className: r.status === REMEDIATION.verified ? "wb-verified" : "" , text: t("review.remediation.gap", { gap: t(`gap.${r.gap}` as Key), status: visible(r.label) }) }))
            },
            {
                key: "review.col.outreach", className: "wb-c-outreach",
                cell: (a) => {
                    const o = a.outreach;
                    if (!o) return [el("span", { className: "wb-muted", text: t("review.outreach.none") })];
                    const label = o.outcomeLabel ? t("review.outreach.outcome", { status: visible(o.statusLabel), outcome: visible(o.outcomeLabel) }) : visible(o.statusLabel);
                    return [el("span", { className: o.status === OUTREACH.readyForReview ? "wb-waiting" : "", text: label })];
                }
            },
            {
                key: "review.col.owner", sort: "owner", className: "wb-c-owner",
                cell: (a) => [el("div", { text: visible(a.owner) }), el("div", { className: "wb-muted", text: visible(a.unit) })]
            }
        ];
    }

    /** The last scorings as a line, with a text alternative that names each score and its date. */
    private sparkline(a: ReviewAccount): Node {
        const t = this.s.t;
        if (a.trend.length === 0) return el("span", { className: "wb-muted", text: t("review.trend.none") });
        const label = t("review.trend.label", {
            points: a.trend.map((p) => t("review.trend.point", { score: this.num(p.score), date: this.s.date(p.on) })).join(", ")
        });
        const w = 80, h = 28, pad = 3;
        const times = a.trend.map((p) => p.on.getTime());
        const t0 = Math.min(...times), t1 = Math.max(...times);
        const x = (on: Date) => t1 === t0 ? w - pad : pad + ((on.getTime() - t0) / (t1 - t0)) * (w - 2 * pad);
        const y = (score: number) => h - pad - (Math.max(0, Math.min(100, score)) / 100) * (h - 2 * pad);
        const chart = svg("svg", { width: w, height: h, viewBox: `0 0 ${w} ${h}`, role: "img", "aria-label": label, class: "wb-spark" });
        const title = svg("title", {});
        title.textContent = label;
        chart.appendChild(title);
        chart.appendChild(svg("line", { x1: 0, x2: w, y1: y(50), y2: y(50), class: "wb-spark-mid" }));
        chart.appendChild(svg("polyline", { points: a.trend.map((p) => `${x(p.on).toFixed(1)},${y(p.score).toFixed(1)}`).join(" "), class: "wb-spark-line" }));
        const lastPoint = a.trend[a.trend.length - 1];
        chart.appendChild(svg("circle", { cx: x(lastPoint.on).toFixed(1), cy: y(lastPoint.score).toFixed(1), r: 2.5, class: "wb-spark-dot" }));
        return el("span", { className: "wb-spark-wrap" }, [chart, el("span", { className: "wb-spark-dates", text: a.trend.length === 1 ? this.s.date(lastPoint.on, "short") : `${this.s.date(a.trend[0].on, "short")} – ${this.s.date(lastPoint.on, "short")}`, attrs: { "aria-hidden": "true" } })]);
    }

    // ------------------------------------------------------------------ the gate audit (administrators)

    private audit(again: boolean): Promise<void> {
        if (this.auditRun && !again) return this.auditRun;
        this.auditRun = this.runAudit();
        return this.auditRun;
    }

    private async runAudit(): Promise<void> {
        const t = this.s.t;
        const status = el("p", { text: t("review.audit.running"), attrs: { role: "status", id: "wb-audit-status" } });
        const rerun = el("button", { className: "wb-button", text: t("review.audit.run"), attrs: { id: "wb-audit-run", type: "button" }, on: { click: () => void this.audit(true) } });
        replaceChildren(this.auditPanel, [el("p", { text: t("review.audit.intro") }), rerun, status]);
        try {
            // Learn, "Xrm.WebApi.online.execute": an unbound function (operationType 1) with no parameters; the response is read with json().
            const request = { getMetadata: () => ({ boundParameter: null, operationType: 1, operationName: "wb_AuditGate", parameterTypes: {} }) };
            const response = await this.xrm.WebApi.online.execute(request);
            const result = await response.json() as { Count?: number; OutreachIds?: string[] };
            const ids = (result.OutreachIds ?? []).map((id) => id.toLowerCase());
            await this.whenLoaded;
            const byId = new Map(this.outreaches.map((o) => [o.id, o]));
            const failing = result.Count ?? ids.length;
            status.textContent = failing === 0 ? t("review.audit.clean") : failing === 1 ? t("review.audit.countOne") : t("review.audit.count", { count: this.num(failing) });
            if (ids.length === 0) return;
            const heads: Key[] = ["review.audit.subject", "review.audit.account", "review.audit.status", "review.audit.remediation", "review.audit.why"];
            const rows = ids.map((id) => {
                const o = byId.get(id);
                if (!o) return el("tr", {}, [el("td", { text: t("review.audit.unknown", { id }), attrs: { colspan: heads.length } })]);
                return el("tr", { attrs: { "data-id": o.id } }, [
                    el("td", {}, [el("button", {
                        className: "wb-link", text: visible(o.subject || o.id), attrs: { type: "button" },
                        on: { click: () => void this.xrm.Navigation.openForm({ entityName: "wb_outreach", entityId: o.id }) }
                    })]),
                    el("td", { text: visible(o.accountName) }),
                    el("td", { text: visible(o.statusLabel) }),
                    el("td", { text: visible(o.remediationName) }),
                    el("td", { text: o.stamped ? t("review.audit.staleStamp") : t("review.audit.noStamp") })
                ]);
            });
            this.auditPanel.appendChild(el("table", { className: "wb-grid wb-audit-grid", attrs: { id: "wb-audit-grid", "aria-label": t("review.audit.grid") } }, [
                el("thead", {}, [el("tr", {}, heads.map((k) => el("th", { text: t(k), attrs: { scope: "col" } })))]),
                el("tbody", {}, rows)
            ]));
        } catch (error) {
            status.textContent = "";
            status.appendChild(el("span", { className: "wb-banner wb-danger", text: visible(t("review.audit.error", { message: errorMessage(error, "") })) }));
        }
    }
}

// A site-map page has no Xrm (see shared/sitemapxrm.ts): review.html loads ClientGlobalContext.js.aspx, which
// defines GetGlobalContext(), and the page calls the Web API itself. The tables it reads, by entity set name:
const entitySets: Record<string, string> = {
    account: "accounts",
    wb_disengagementhistory: "wb_disengagementhistories",
    wb_remediation: "wb_remediations",
    wb_outreach: "wb_outreaches"
};

function begin(): void {
    const root = document.getElementById("wb-review");
    if (!root) return;
    const host = window as unknown as { GetGlobalContext?: Parameters<typeof siteMapXrm>[0]; WinBackReview?: ReviewPage };
    if (typeof host.GetGlobalContext !== "function") {
        root.textContent = "";
        root.appendChild(el("p", { className: "wb-banner wb-danger", text: en["review.noXrm"] }));
        return;
    }
    const page = new ReviewPage(siteMapXrm(host.GetGlobalContext, entitySets), root);
    host.WinBackReview = page;
    page.start();
}

begin();
