// How a form hands its web resource page the Xrm and formContext, and how the page takes them (no parent.Xrm).
export interface FormPage {
    init(xrm: Xrm.XrmStatic, formContext: Xrm.FormContext): Promise<void> | void;
}

export interface FormPageWindow extends Window {
    WinBack?: { FormPage?: FormPage };
}

function pageOf(win: FormPageWindow | null | undefined): FormPage | null {
    const page = win?.WinBack?.FormPage;
    return page && typeof page.init === "function" ? page : null;
}

/** Gives the page the form's context, waiting for the page's load event if its script has not run yet. */
export function handOver(win: FormPageWindow | null | undefined, xrm: Xrm.XrmStatic, formContext: Xrm.FormContext): Promise<boolean> {
    const ready: Promise<FormPage | null> = pageOf(win) || !win
        ? Promise.resolve(pageOf(win))
        : new Promise((resolve) => win.addEventListener("load", () => resolve(pageOf(win)), { once: true }));
    return ready.then((page) => (page ? Promise.resolve(page.init(xrm, formContext)).then(() => true) : false)).then(null, () => false);
}

/** Called by a page: makes init reachable from the form script. */
export function exposePage(page: FormPage): void {
    const win = window as FormPageWindow;
    win.WinBack = win.WinBack ?? {};
    win.WinBack.FormPage = page;
}
