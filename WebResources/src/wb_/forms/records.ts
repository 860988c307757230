// Small helpers the form pages share: record links through Xrm.Navigation.openForm, formatted values, ids, today.
import { el, replaceChildren } from "../../shared/dom";
import { errorMessage } from "../../shared/webapi";
import type { Strings } from "../../shared/i18n";
import type { FormsKey } from "./strings";

const FORMATTED = "@OData.Community.Display.V1.FormattedValue";

export function cleanId(id: string | null | undefined): string {
    const text = String(id ?? "").replace(/[{}]/g, "").toLowerCase();
    return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(text) ? text : "";
}

/** The server's formatted value of a column (labels of choices, names of lookups), else the raw value as text. */
export function formatted(row: Record<string, unknown>, property: string): string {
    const value = row[property + FORMATTED] ?? row[property];
    return value === null || value === undefined ? "" : String(value);
}

/** Today as yyyy-mm-dd in the user's time zone (the day a date-only column holds). */
export function todayIso(now: Date = new Date()): string {
    const pad = (n: number): string => (n < 10 ? "0" : "") + n;
    return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Bidirectional override and isolate characters named, so they cannot reorder what a user reads. */
export function visible(text: string): string {
    return text.replace(/[\u202A-\u202E\u2066-\u2069]/g, (c) => "[U+" + c.charCodeAt(0).toString(16).toUpperCase() + "]");
}

/** A link-styled button that opens the row's form (never an href built from data). */
export function recordLink(xrm: Xrm.XrmStatic, t: Strings<FormsKey>, entityName: string, id: unknown, name: unknown, className = "wb-link"): HTMLElement {
    const text = visible(String(name ?? "")) || t.t("forms.noName");
    const rowId = cleanId(String(id ?? ""));
    return el("button", {
        className, text,
        attrs: { type: "button", "aria-label": t.t("forms.openRecord", { name: text }), "data-focus-key": entityName + ":" + rowId },
        on: { click: () => void xrm.Navigation.openForm({ entityName, entityId: rowId }) }
    });
}

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** A read that may fail on its own (a privilege the role lacks) without taking the rest of the page with it. */
export function settle<T>(read: PromiseLike<T>): Promise<Settled<T>> {
    return Promise.resolve(read).then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));
}

/** Why a read failed, for people: a missing privilege named in words (what), else Dataverse's own message. */
export function readProblem(t: Strings<FormsKey>, error: unknown, what: string): string {
    const message = error && typeof error === "object" && "message" in error ? String((error as { message: unknown }).message) : "";
    if (/missing prv\w+ privilege|SecLib::AccessCheckEx|0x80042f09|0x80040220/i.test(message)) return t.t("error.privilege", { what });
    return t.t("error.generic", { message });
}

/**
 * Redraws a form page (#wb-page, #wb-status, #wb-content): busy while build runs, its nodes in place of the old
 * ones (focus kept by data-focus-key), or the error in the status line. build returns null when it wrote a status.
 */
export async function redraw(t: Strings<FormsKey>, build: (status: HTMLElement) => Promise<Node[] | null>): Promise<void> {
    const main = document.getElementById("wb-page") as HTMLElement;
    const status = document.getElementById("wb-status") as HTMLElement;
    main.setAttribute("aria-busy", "true");
    try {
        const children = await build(status);
        if (children) {
            replaceChildren(document.getElementById("wb-content") as HTMLElement, children);
            status.textContent = "";
        }
    } catch (error) {
        status.textContent = t.t("error.generic", { message: errorMessage(error, "") });
    } finally {
        main.setAttribute("aria-busy", "false");
    }
}
