// The form library of the remediation and outreach forms (wb_/forms/form.js). Register WinBack.Forms.onLoad on the
// form's OnLoad event with "Pass execution context as first parameter" checked. It hands the form's web resource
// page (WebResource_wb_remediation or WebResource_wb_outreach) the Xrm and formContext through getContentWindow()
// (Learn, "getContentWindow (Client API reference)"), and hands them over again after each successful save, so the
// page always shows the saved row. A page exposes WinBack.FormPage.init(xrm, formContext).
import { handOver, type FormPageWindow } from "./handover";

export const PAGE_CONTROLS = ["WebResource_wb_remediation", "WebResource_wb_outreach"] as const;

type PostSave = Xrm.Events.PostSaveEventHandler;

// Columns only the server writes (RemediationRules.ServerColumns, the gate's stamp): read-only on the form, since the
// server refuses them in a request anyway (Learn, "setDisabled (Client API reference)").
export const SERVER_COLUMNS = ["wb_fixedby", "wb_verifiedby", "wb_verifiedon", "wb_gatestamp", "wb_gatecheckedon"] as const;
let registered: { entity: Xrm.Entity; handler: PostSave } | null = null;

function pageControl(formContext: Xrm.FormContext): Xrm.Controls.IframeControl | null {
    for (const name of PAGE_CONTROLS) {
        const control = formContext.getControl<Xrm.Controls.IframeControl>(name);
        if (control && typeof control.getContentWindow === "function") return control;
    }
    return null;
}

function handTo(xrm: Xrm.XrmStatic, formContext: Xrm.FormContext): Promise<boolean> {
    const control = pageControl(formContext);
    if (!control) return Promise.resolve(false);
    return Promise.resolve(control.getContentWindow()).then((win) => handOver(win as unknown as FormPageWindow, xrm, formContext), () => false);
}

/** The OnLoad handler of the remediation and outreach forms. Returns the hand-over (the form ignores it). */
export function onLoad(executionContext: Xrm.Events.EventContext): Promise<boolean> {
    const formContext = executionContext && typeof executionContext.getFormContext === "function" ? executionContext.getFormContext() : null;
    const xrm = (globalThis as unknown as { Xrm?: Xrm.XrmStatic }).Xrm;
    if (!formContext || !xrm) return Promise.resolve(false);
    for (const name of SERVER_COLUMNS) formContext.getControl<Xrm.Controls.StandardControl>(name)?.setDisabled(true);
    // A second OnLoad (the next record in the same form) replaces the handler instead of stacking it.
    if (registered) registered.entity.removeOnPostSave(registered.handler);
    const handler: PostSave = (context) => {
        const args = (context as unknown as { getEventArgs(): unknown }).getEventArgs() as { getIsSaveSuccess?: () => boolean } | null;
        if (args && typeof args.getIsSaveSuccess === "function" && !args.getIsSaveSuccess()) return;
        void handTo(xrm, formContext);
    };
    formContext.data.entity.addOnPostSave(handler);
    registered = { entity: formContext.data.entity, handler };
    return handTo(xrm, formContext);
}

const root = globalThis as unknown as { WinBack?: Record<string, unknown> };
root.WinBack = root.WinBack ?? {};
root.WinBack.Forms = { onLoad, PAGE_CONTROLS, SERVER_COLUMNS };
