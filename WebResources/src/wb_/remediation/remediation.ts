// The remediation form's Readiness page (wb_/remediation/remediation.html): what Verified still needs (the gate's
// rules, worded for people), Verify for the users who may update the row, the linked cases (N:N
// wb_remediation_incident) and the outreach that relies on the remediation, each a click away (Xrm.Navigation.openForm).
// The form hands the page its Xrm and formContext (wb_/forms/form.js); every value is written as text.
import { el } from "../../shared/dom";
import { stringsFor, type Strings } from "../../shared/i18n";
import { errorMessage } from "../../shared/webapi";
import { exposePage } from "../forms/handover";
import { formsStrings, type FormsKey } from "../forms/strings";
import { recordLink, formatted, cleanId, todayIso, settle, redraw, readProblem, type Settled } from "../forms/records";
import { readiness, Status } from "./readiness";

const COLUMNS = ["wb_name", "wb_rootcause", "wb_fix", "wb_evidence", "wb_fixedon", "statuscode", "_wb_fixedby_value", "_wb_verifiedby_value", "wb_verifiedon"];
// Learn, "formContext.ui.getFormType": 3 is Read Only, the form a user gets for a row they may not update.
const FORM_READ_ONLY = 3;

interface State {
    xrm: Xrm.XrmStatic;
    form: Xrm.FormContext;
    t: Strings<FormsKey>;
    message: { text: string; level: "danger" | "success" } | null;
}

let state: State | null = null;

const status = (): HTMLElement => document.getElementById("wb-status") as HTMLElement;

function casesQuery(id: string): string {
    // The cases linked through the N:N wb_remediation_incident, read through its intersect table in one query.
    const fetch = `<fetch><entity name="incident"><attribute name="title"/><attribute name="ticketnumber"/><attribute name="incidentid"/>` +
        `<order attribute="title"/><link-entity name="wb_remediation_incident" from="incidentid" to="incidentid" link-type="inner" intersect="true">` +
        `<filter><condition attribute="wb_remediationid" operator="eq" value="${id}"/></filter></link-entity></entity></fetch>`;
    return "?fetchXml=" + encodeURIComponent(fetch);
}

async function render(): Promise<void> {
    if (!state) return;
    const current = state;
    const { xrm, form, t } = current;
    const id = cleanId(form.data.entity.getId());
    await redraw(t, async (status) => {
        if (!id) { status.textContent = t.t("forms.saveFirst"); return null; }
        const user = cleanId(xrm.Utility.getGlobalContext().userSettings.userId);
        const [row, cases, outreach] = await Promise.all([
            xrm.WebApi.retrieveRecord("wb_remediation", id, "?$select=" + COLUMNS.join(",")),
            settle(xrm.WebApi.retrieveMultipleRecords("incident", casesQuery(id))),
            settle(xrm.WebApi.retrieveMultipleRecords("wb_outreach", `?$select=subject,statuscode&$filter=_wb_remediationid_value eq ${id}&$orderby=subject`))
        ]);
        const code = row.statuscode as number | null;
        const items = readiness({
            rootCause: row.wb_rootcause ?? null, fix: row.wb_fix ?? null, evidence: row.wb_evidence ?? null,
            fixedOn: typeof row.wb_fixedon === "string" ? row.wb_fixedon.slice(0, 10) : null, status: code,
            fixedBy: row._wb_fixedby_value ?? null
        }, user, todayIso(), formatted(row, "_wb_fixedby_value"));
        const mayWrite = form.ui.getFormType() !== FORM_READ_ONLY;
        const children: Node[] = [];
        children.push(el("p", { text: t.t("remediation.status", { status: formatted(row, "statuscode") }) }));
        if (current.message) {
            children.push(el("div", { className: "wb-banner " + (current.message.level === "danger" ? "wb-danger" : "wb-success"), attrs: { role: "alert" } },
                [el("p", { text: current.message.text })]));
        }
        if (code === Status.Verified) {
            children.push(el("p", { className: "wb-banner wb-success", text: t.t("remediation.verified", { user: formatted(row, "_wb_verifiedby_value"), date: t.date(row.wb_verifiedon) }) }));
        } else {
            const open = items.filter((i) => !i.done);
            children.push(el("h2", { text: t.t("remediation.checklist"), attrs: { id: "wb-checklist-title" } }));
            children.push(el("ul", { className: "wb-checklist", attrs: { id: "wb-checklist", "aria-labelledby": "wb-checklist-title" } }, items.map((i) =>
                el("li", { className: i.done ? "wb-done" : "wb-todo" }, [
                    el("span", { className: "wb-mark", text: i.done ? "✓" : "!", attrs: { "aria-hidden": "true" } }),
                    el("span", { text: t.t(i.key, i.values) })
                ]))));
            if (open.length === 0) children.push(el("p", { text: t.t("remediation.ready") }));
            if (form.data.entity.getIsDirty()) children.push(el("p", { className: "wb-muted", text: t.t("remediation.unsaved") }));
            if (mayWrite && code !== Status.Closed) {
                children.push(el("p", { className: "wb-visually-hidden", text: t.t("remediation.verifyHelp"), attrs: { id: "wb-verify-help" } }));
                children.push(el("div", { className: "wb-actions" }, [
                    el("button", { className: "wb-button wb-primary", text: t.t("remediation.verify"),
                        attrs: { type: "button", id: "wb-verify", "data-focus-key": "verify", "aria-describedby": "wb-verify-help" }, on: { click: () => void verify(id) } })
                ]));
            }
        }
        children.push(el("h2", { text: t.t("remediation.cases"), attrs: { id: "wb-cases-title" } }));
        children.push(list(cases, "wb-cases", "remediation.noCases", "remediation.casesWhat", (c) => recordLink(xrm, t, "incident", c.incidentid, [c.ticketnumber, c.title].filter(Boolean).join(" · "))));
        children.push(el("h2", { text: t.t("remediation.outreach"), attrs: { id: "wb-outreach-title" } }));
        children.push(list(outreach, "wb-outreach", "remediation.noOutreach", "remediation.outreachWhat", (o) => [recordLink(xrm, t, "wb_outreach", o.activityid, o.subject), " · " + formatted(o, "statuscode")]));
        return children;
    });
}

/** A section's rows as a list of links, "none" when empty, or the reason it could not be read. */
function list(read: Settled<Xrm.RetrieveMultipleResult>, id: string, none: FormsKey, what: FormsKey, item: (row: Record<string, any>) => Node | (Node | string)[]): Node {
    const t = (state as State).t;
    if (!read.ok) return el("p", { className: "wb-muted", attrs: { id }, text: readProblem(t, read.error, t.t(what)) });
    if (read.value.entities.length === 0) return el("p", { className: "wb-muted", attrs: { id }, text: t.t(none) });
    return el("ul", { className: "wb-links", attrs: { id, "aria-labelledby": id + "-title" } }, read.value.entities.map((row) => {
        const node = item(row);
        return el("li", {}, Array.isArray(node) ? node : [node]);
    }));
}

async function verify(id: string): Promise<void> {
    if (!state) return;
    const { xrm, form, t } = state;
    const button = document.getElementById("wb-verify") as HTMLButtonElement | null;
    if (button) button.setAttribute("aria-disabled", "true");
    status().textContent = t.t("remediation.verifying");
    try {
        // Verified is reached by saving the remediation with the new status reason (the gate refuses SetState).
        await xrm.WebApi.updateRecord("wb_remediation", id, { statuscode: Status.Verified });
        state.message = { text: t.t("remediation.verifiedNow"), level: "success" };
        await form.data.refresh(false);
    } catch (error) {
        state.message = { text: errorMessage(error, t.t("error.generic", { message: "" })), level: "danger" };
    }
    await render();
}

exposePage({
    init(xrm, formContext) {
        const first = state === null;
        state = { xrm, form: formContext, t: stringsFor(formsStrings, xrm), message: null };
        if (first) {
            document.documentElement.lang = state.t.language;
            (document.getElementById("wb-title") as HTMLElement).textContent = state.t.t("remediation.title");
        }
        return render();
    }
});
