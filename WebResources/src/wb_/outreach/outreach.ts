// The outreach form's Review page (wb_/outreach/outreach.html): a banner with the gate's state (why it is blocked,
// what to do next, and the server's own refusal after an action), the draft with each cited fact marked and its
// record a click away, "[add: ...]" placeholders highlighted, Regenerate / Ready for review / Approve, and the
// contact's consent. The server enforces the gate; this page only explains it. Every value is written as text.
import { el } from "../../shared/dom";
import { stringsFor, type Strings } from "../../shared/i18n";
import { errorMessage } from "../../shared/webapi";
import { exposePage } from "../forms/handover";
import { formsStrings, type FormsKey } from "../forms/strings";
import { recordLink, formatted, cleanId, visible, settle, redraw, readProblem } from "../forms/records";
import { DraftApis, DraftColumns, parseCitations, pieces, PLACEHOLDER } from "./draftcolumns";

const Outreach = { Draft: 1, ReadyForReview: 682400001, Approved: 682400002 } as const;
const Channel = { Email: 682400000, Phone: 682400001 } as const;
const VERIFIED = 682400003;
const FORM_READ_ONLY = 3;
const BASE = ["subject", "description", "statecode", "statuscode", "wb_channel", "_wb_contactid_value", "_wb_remediationid_value", "wb_gatecheckedon"];
const OPTIONAL = [DraftColumns.citations];

interface State {
    xrm: Xrm.XrmStatic;
    form: Xrm.FormContext;
    t: Strings<FormsKey>;
    refusal: string | null;
    done: string | null;
    /** Whether the table has the draft's optional columns (false once the server said it does not). */
    optional: boolean;
}

let state: State | null = null;
const status = (): HTMLElement => document.getElementById("wb-status") as HTMLElement;

async function readOutreach(s: State, id: string): Promise<Record<string, any>> {
    if (s.optional) {
        try {
            return await s.xrm.WebApi.retrieveRecord("wb_outreach", id, "?$select=" + BASE.concat(OPTIONAL).join(","));
        } catch (error) {
            // Dataverse answers a $select of a column the table lacks with 0x80060888 ("Could not find a property").
            if (!/could not find a property/i.test(errorMessage(error, ""))) throw error;
            s.optional = false;
        }
    }
    return s.xrm.WebApi.retrieveRecord("wb_outreach", id, "?$select=" + BASE.join(","));
}

interface Banner { level: "danger" | "warning" | "success" | "info"; lines: string[] }

function gateBanner(s: State, row: Record<string, any>, remediation: Record<string, any> | null, contact: Record<string, any> | null, placeholders: number): Banner {
    const t = s.t;
    const lines: string[] = [];
    if (s.refusal) lines.push(t.t("outreach.gate.refused", { message: s.refusal }));
    if (row.statecode === 1) return { level: "success", lines: lines.concat(t.t("outreach.gate.sent")) };
    if (row.statecode === 2) return { level: "info", lines: lines.concat(t.t("outreach.gate.canceled")) };
    const blocked: string[] = [];
    if (!row._wb_remediationid_value) blocked.push(t.t("outreach.gate.noRemediation"));
    else if (remediation && remediation.statuscode !== VERIFIED) {
        blocked.push(t.t("outreach.gate.notVerified", { name: visible(formatted(row, "_wb_remediationid_value")), status: formatted(remediation, "statuscode") }));
    }
    if (!row._wb_contactid_value) blocked.push(t.t("outreach.gate.noContact"));
    if (row.wb_channel === null || row.wb_channel === undefined) blocked.push(t.t("outreach.gate.noChannel"));
    if (contact) {
        const name = visible(formatted(contact, "fullname"));
        if (row.wb_channel === Channel.Email && contact.donotemail === true) blocked.push(t.t("outreach.gate.noEmail", { name }));
        if (row.wb_channel === Channel.Phone && contact.donotphone === true) blocked.push(t.t("outreach.gate.noPhone", { name }));
    }
    // The server refuses Approved while a placeholder is unfilled (Draft and Ready for review may keep one).
    if (placeholders > 0 && row.statuscode !== Outreach.Approved) blocked.push(t.t("outreach.gate.placeholders", { count: placeholders }));
    if (s.done && !s.refusal) lines.push(s.done);
    if (blocked.length) return { level: s.refusal ? "danger" : "warning", lines: lines.concat(blocked) };
    if (row.statuscode === Outreach.Approved) lines.push(t.t("outreach.gate.approved"));
    else if (row.statuscode === Outreach.ReadyForReview) lines.push(t.t("outreach.gate.review"));
    else lines.push(t.t("outreach.gate.draft"));
    if (row.wb_gatecheckedon) lines.push(t.t("outreach.gate.passed", { date: s.t.date(row.wb_gatecheckedon) }));
    return { level: s.refusal ? "danger" : row.statuscode === Outreach.Approved ? "success" : "info", lines };
}

function draftNodes(s: State, body: string, citationsJson: unknown): Node[] {
    const citations = parseCitations(citationsJson);
    const paragraphs = body.split(/\n\s*\n/);
    return paragraphs.map((paragraph) => el("p", {}, pieces(paragraph, citations).map((p) => {
        if (p.kind === "placeholder") return el("mark", { className: "wb-placeholder", text: visible(p.text), attrs: { title: s.t.t("outreach.placeholder") } });
        if (p.kind === "citation" && p.citation) {
            const link = recordLink(s.xrm, s.t, p.citation.table, p.citation.id, p.text, "wb-link wb-cite");
            link.setAttribute("aria-label", visible(p.text) + " — " + s.t.t("outreach.citation", { table: p.citation.table, column: p.citation.column }));
            return link;
        }
        return document.createTextNode(visible(p.text));
    })));
}

async function render(): Promise<void> {
    if (!state) return;
    const s = state;
    const { xrm, form, t } = s;
    const id = cleanId(form.data.entity.getId());
    await redraw(t, async (status) => {
        if (!id) { status.textContent = t.t("forms.saveFirst"); return null; }
        const row = await readOutreach(s, id);
        const [remediationRead, contactRead] = await Promise.all([
            settle(row._wb_remediationid_value ? xrm.WebApi.retrieveRecord("wb_remediation", row._wb_remediationid_value, "?$select=wb_name,statuscode") : Promise.resolve(null)),
            settle(row._wb_contactid_value ? xrm.WebApi.retrieveRecord("contact", row._wb_contactid_value, "?$select=fullname,donotemail,donotphone") : Promise.resolve(null))
        ]);
        const remediation = remediationRead.ok ? remediationRead.value : null;
        const contact = contactRead.ok ? contactRead.value : null;
        const body = typeof row[DraftColumns.body] === "string" ? (row[DraftColumns.body] as string) : "";
        const subject = typeof row[DraftColumns.subject] === "string" ? (row[DraftColumns.subject] as string) : "";
        const placeholders = (body.match(PLACEHOLDER) ?? []).length + (subject.match(PLACEHOLDER) ?? []).length;
        const banner = gateBanner(s, row, remediation, contact, placeholders);
        const mayWrite = form.ui.getFormType() !== FORM_READ_ONLY && row.statecode === 0;
        const children: Node[] = [];
        children.push(el("div", { className: "wb-banner wb-" + banner.level, attrs: { id: "wb-gate", role: banner.level === "danger" ? "alert" : "status", "aria-label": t.t("outreach.gate") } },
            banner.lines.map((line) => el("p", { text: line }))));
        if (remediation) {
            children.push(el("p", {}, [
                t.t("outreach.reliesOn") + " ",
                recordLink(xrm, t, "wb_remediation", row._wb_remediationid_value, formatted(row, "_wb_remediationid_value")),
                " (" + formatted(remediation, "statuscode") + ")"
            ]));
        }
        children.push(el("h2", { text: t.t("outreach.draft"), attrs: { id: "wb-draft-title" } }));
        const draft: Node[] = [];
        if (subject) draft.push(el("p", { className: "wb-subject" }, [el("span", { className: "wb-muted", text: t.t("outreach.subject") + ": " }), ...draftNodes(s, subject, null).flatMap((p) => Array.from(p.childNodes))]));
        if (body.trim()) draft.push(...draftNodes(s, body, row[DraftColumns.citations]));
        else draft.push(el("p", { className: "wb-muted", text: t.t("outreach.noDraft") }));
        children.push(el("section", { className: "wb-draft", attrs: { id: "wb-draft", "aria-labelledby": "wb-draft-title" } }, draft));
        if (parseCitations(row[DraftColumns.citations]).length) children.push(el("p", { className: "wb-muted", text: t.t("outreach.citationsNote") }));
        if (mayWrite) {
            const action = (key: FormsKey, focus: string, run: () => unknown, primary = false): HTMLElement =>
                el("button", { className: "wb-button" + (primary ? " wb-primary" : ""), text: t.t(key), attrs: { type: "button", id: "wb-" + focus, "data-focus-key": focus },
                    on: { click: () => void act(t.t(key), run) } });
            const buttons: HTMLElement[] = [];
            if (row.statuscode === Outreach.Draft) {
                buttons.push(action("outreach.regenerate", "regenerate", () => regenerate(xrm, id)));
                buttons.push(action("outreach.ready", "ready", () => xrm.WebApi.updateRecord("wb_outreach", id, { statuscode: Outreach.ReadyForReview }), true));
            }
            if (row.statuscode === Outreach.ReadyForReview) {
                buttons.push(action("outreach.approve", "approve", () => xrm.WebApi.updateRecord("wb_outreach", id, { statuscode: Outreach.Approved }), true));
            }
            if (buttons.length) children.push(el("div", { className: "wb-actions", attrs: { role: "group", "aria-label": t.t("outreach.title") } }, buttons));
        }
        children.push(el("h2", { text: t.t("outreach.consent"), attrs: { id: "wb-consent-title" } }));
        children.push(!contactRead.ok ? el("p", { className: "wb-muted", attrs: { id: "wb-consent" }, text: readProblem(t, contactRead.error, t.t("outreach.consent.what")) })
            : contact ? el("dl", { className: "wb-consent", attrs: { id: "wb-consent", "aria-labelledby": "wb-consent-title" } }, [
            el("dt", { text: t.t("outreach.consent.email") }),
            el("dd", { className: contact.donotemail === true ? "wb-refused" : "", text: t.t(contact.donotemail === true ? "outreach.consent.refused" : "outreach.consent.allowed") }),
            el("dt", { text: t.t("outreach.consent.phone") }),
            el("dd", { className: contact.donotphone === true ? "wb-refused" : "", text: t.t(contact.donotphone === true ? "outreach.consent.refused" : "outreach.consent.allowed") })
        ]) : el("p", { className: "wb-muted", text: t.t("outreach.consent.noContact") }));
        return children;
    });
}

function regenerate(xrm: Xrm.XrmStatic, id: string): unknown {
    const request = {
        entity: { entityType: "wb_outreach", id },
        getMetadata: () => ({
            boundParameter: "entity",
            parameterTypes: { entity: { typeName: "mscrm.wb_outreach", structuralProperty: 5 } },
            operationType: 0,
            operationName: DraftApis.regenerate
        })
    };
    return xrm.WebApi.online.execute(request);
}

async function act(label: string, run: () => unknown): Promise<void> {
    if (!state) return;
    const s = state;
    status().textContent = s.t.t("outreach.working");
    try {
        await run();
        s.refusal = null;
        s.done = s.t.t("outreach.done", { status: label });
        await s.form.data.refresh(false);
    } catch (error) {
        s.refusal = errorMessage(error, s.t.t("error.generic", { message: "" }));
        s.done = null;
    }
    await render();
}

exposePage({
    init(xrm, formContext) {
        const first = state === null;
        state = { xrm, form: formContext, t: stringsFor(formsStrings, xrm), refusal: null, done: null, optional: state?.optional ?? true };
        if (first) {
            document.documentElement.lang = state.t.language;
            (document.getElementById("wb-title") as HTMLElement).textContent = state.t.t("outreach.title");
        }
        return render();
    }
});
