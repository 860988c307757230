// The account form library (web resource wb_/account/form.js, bundled from this file).
// Register WinBack.AccountForm.onLoad on the account form's OnLoad event ("Pass execution context as first
// parameter" checked). It hands the disengagement panel (web resource control WebResource_wb_disengagement) the
// form's Xrm and formContext through getContentWindow(), and hands them over again after each successful save and
// whenever the panel's tab is expanded (the form may rebuild a web resource's frame when tabs change, so the
// hand-over is idempotent).

export const PANEL_CONTROL = "WebResource_wb_disengagement";

interface PanelApi {
    init(xrm: Xrm.XrmStatic, formContext: Xrm.FormContext): unknown;
}
type PanelWindow = Window & { WinBack?: { Panel?: PanelApi } };
type Handler = (context: Xrm.Events.EventContext) => void;

// Handlers added to the current form, so that a second OnLoad (the user moves to the next record in the same form)
// replaces them instead of stacking them.
let registered: { entity: Xrm.Entity | null; postSave: Handler | null; tabs: { tab: Xrm.Controls.Tab; handler: Handler }[] } =
    { entity: null, postSave: null, tabs: [] };

function panelOf(contentWindow: PanelWindow | null | undefined): PanelApi | null {
    const panel = contentWindow?.WinBack?.Panel;
    return panel && typeof panel.init === "function" ? panel : null;
}

/** Resolves with the page's WinBack.Panel, waiting for the page's load event if its scripts have not run yet. */
function whenPanelReady(contentWindow: PanelWindow | null | undefined): Promise<PanelApi | null> {
    const panel = panelOf(contentWindow);
    if (panel || !contentWindow || typeof contentWindow.addEventListener !== "function") return Promise.resolve(panel);
    return new Promise((resolve) => {
        contentWindow.addEventListener("load", () => resolve(panelOf(contentWindow)), { once: true });
    });
}

function panelControl(formContext: Xrm.FormContext): Xrm.Controls.IframeControl | null {
    const control = formContext && typeof formContext.getControl === "function" ? formContext.getControl<Xrm.Controls.IframeControl>(PANEL_CONTROL) : null;
    return control && typeof control.getContentWindow === "function" ? control : null;
}

/**
 * Gives the panel the form's context. Resolves true when the panel took it, false when the form has no panel
 * control (the form script never breaks the form: the panel reports its own errors).
 */
export async function handOver(xrm: Xrm.XrmStatic, formContext: Xrm.FormContext): Promise<boolean> {
    const control = panelControl(formContext);
    if (!control) return false;
    try {
        const panel = await whenPanelReady(await control.getContentWindow() as PanelWindow);
        if (!panel) return false;
        await panel.init(xrm, formContext);
        return true;
    } catch {
        return false;
    }
}

function tabOfPanel(formContext: Xrm.FormContext): Xrm.Controls.Tab | null {
    const control = formContext.getControl(PANEL_CONTROL) as (Xrm.Controls.Control & { getParent?: () => Xrm.Controls.Section }) | null;
    const section = control && typeof control.getParent === "function" ? control.getParent() : null;
    const tab = section && typeof section.getParent === "function" ? section.getParent() : null;
    return tab && typeof tab.addTabStateChange === "function" ? tab : null;
}

function unregister(): void {
    if (registered.entity && registered.postSave && typeof registered.entity.removeOnPostSave === "function") {
        registered.entity.removeOnPostSave(registered.postSave as never);
    }
    for (const entry of registered.tabs) {
        if (typeof entry.tab.removeTabStateChange === "function") entry.tab.removeTabStateChange(entry.handler);
    }
    registered = { entity: null, postSave: null, tabs: [] };
}

function register(xrm: Xrm.XrmStatic, formContext: Xrm.FormContext): void {
    unregister();
    const entity = formContext.data?.entity;
    if (entity && typeof entity.addOnPostSave === "function") {
        const postSave: Handler = (executionContext) => {
            const context = executionContext as Xrm.Events.EventContext & { getEventArgs?: () => { getIsSaveSuccess?: () => boolean } | null };
            const args = context && typeof context.getEventArgs === "function" ? context.getEventArgs() : null;
            if (args && typeof args.getIsSaveSuccess === "function" && !args.getIsSaveSuccess()) return;
            void handOver(xrm, formContext);
        };
        entity.addOnPostSave(postSave as never);
        registered.entity = entity;
        registered.postSave = postSave;
    }
    const tab = tabOfPanel(formContext);
    if (tab) {
        const tabChanged: Handler = () => {
            if (typeof tab.getDisplayState !== "function" || tab.getDisplayState() === "expanded") void handOver(xrm, formContext);
        };
        tab.addTabStateChange(tabChanged);
        registered.tabs.push({ tab, handler: tabChanged });
    }
}

/** The account form's OnLoad handler. Returns the hand-over promise (the form ignores it). */
export function onLoad(executionContext: Xrm.Events.EventContext): Promise<boolean> {
    const formContext = executionContext && typeof executionContext.getFormContext === "function" ? executionContext.getFormContext() : null;
    const xrm = (globalThis as { Xrm?: Xrm.XrmStatic }).Xrm;
    if (!formContext || !xrm) return Promise.resolve(false);
    register(xrm, formContext);
    return handOver(xrm, formContext);
}

const root = globalThis as unknown as { WinBack?: Record<string, unknown> };
root.WinBack = { ...(root.WinBack ?? {}), AccountForm: { PANEL_CONTROL, onLoad, handOver } };
