// The part of Xrm a site-map page needs, for a page that has no Xrm. Learn, "Xrm.Navigation.openWebResource"
// (Remarks): the Xrm object isn't available in HTML web resources, and parent.Xrm doesn't work for a page loaded
// as part of the site map. Such a page references ClientGlobalContext.js.aspx (which defines GetGlobalContext())
// and calls the Web API itself over the same origin, where the user's session authenticates it
// (Learn, "Compose HTTP requests and handle errors", Dataverse Web API). Forms open by URL
// (Learn, "Open forms, views, dialogs, and reports with a URL").

/** Xrm.WebApi.retrieveMultipleRecords, as both the form's Xrm and this one give it. */
export interface RecordReader {
    retrieveMultipleRecords(entityLogicalName: string, options?: string, maxPageSize?: number): PromiseLike<Xrm.RetrieveMultipleResult>;
}

/** The members of Xrm the pages use, so a page runs on the form's Xrm or on this one alike. */
export interface PageXrm {
    WebApi: RecordReader & { online: { execute(request: unknown): Promise<{ json(): Promise<unknown> }> } };
    Navigation: { openForm(options: { entityName: string; entityId?: string }): Promise<unknown> };
    Utility: { getGlobalContext(): { userSettings: { userId: string; userName: string; languageId: number; roles?: { forEach(f: (role: { name?: string }) => void): void } } } };
}

interface GlobalContext {
    getClientUrl(): string;
    /**
     * Learn, "getCurrentAppUrl (Client API reference)" (Xrm.Utility.getGlobalContext().getCurrentAppUrl): the URL of the
     * current business app, https://[org].crm.dynamics.com/main.aspx?appid=[GUID]; null in the mobile client. Optional:
     * an older ClientGlobalContext.js.aspx may not define it.
     */
    getCurrentAppUrl?(): string | null;
    userSettings: { userId: string; userName: string; languageId: number; roles?: { forEach(f: (role: { name?: string }) => void): void } };
}

interface OperationMetadata {
    boundParameter: string | null;
    operationType: number;
    operationName: string;
}

/** A Web API error as Xrm.WebApi rejects with it: Dataverse's message and code. */
async function failure(response: Response): Promise<never> {
    let message = `The Web API answered ${response.status} ${response.statusText}.`;
    let code = "";
    try {
        const payload = await response.json() as { error?: { code?: string; message?: string } };
        if (payload.error?.message) message = payload.error.message;
        code = payload.error?.code ?? "";
    } catch {
        // Not JSON: the status says enough.
    }
    throw { message, code, errorCode: parseInt(code, 16) || 0, status: response.status };
}

/**
 * An Xrm for a site-map page from GetGlobalContext() and fetch. entitySets maps each table the page reads to its
 * entity set name (Xrm.WebApi takes logical names; the Web API's addresses use entity set names).
 */
export function siteMapXrm(getGlobalContext: () => GlobalContext, entitySets: Record<string, string>, win: Window = window): PageXrm {
    const context = getGlobalContext();
    const api = context.getClientUrl().replace(/\/$/, "") + "/api/data/v9.2/";
    const headers = (extra: Record<string, string> = {}): Record<string, string> => ({
        Accept: "application/json",
        "OData-MaxVersion": "4.0",
        "OData-Version": "4.0",
        ...extra
    });
    const get = async (path: string, prefer: string): Promise<Response> => {
        const response = await fetch(api + path, { method: "GET", credentials: "same-origin", headers: headers({ Prefer: prefer }) });
        return response.ok ? response : failure(response);
    };
    const setOf = (table: string): string => {
        const set = entitySets[table];
        if (!set) throw new Error(`The page reads table ${table} but knows no entity set for it.`);
        return set;
    };
    return {
        WebApi: {
            async retrieveMultipleRecords(entityLogicalName: string, options?: string, maxPageSize?: number) {
                const query = options ? (options.startsWith("?") ? options : "?" + options) : "";
                const prefer = "odata.include-annotations=\"*\"" + (maxPageSize ? `,odata.maxpagesize=${maxPageSize}` : "");
                const page = await (await get(setOf(entityLogicalName) + query, prefer)).json() as { value: Xrm.RetrieveMultipleResult["entities"]; "@odata.nextLink"?: string };
                return { entities: page.value, nextLink: page["@odata.nextLink"] } as Xrm.RetrieveMultipleResult;
            },
            online: {
                // Unbound functions only (operationType 1), which is all a site-map page calls.
                async execute(request: unknown) {
                    const meta = (request as { getMetadata(): OperationMetadata }).getMetadata();
                    if (meta.operationType !== 1 || meta.boundParameter) {
                        throw new Error(`Only unbound functions can be called from this page, not ${meta.operationName}.`);
                    }
                    return get(`${meta.operationName}()`, "odata.include-annotations=\"*\"");
                }
            }
        },
        Navigation: {
            openForm(options) {
                const id = (options.entityId ?? "").replace(/[{}]/g, "");
                // The app, not this frame, shows the form.
                win.open(formUrl(context, options.entityName, id), "_top");
                return Promise.resolve();
            }
        },
        Utility: { getGlobalContext: () => context }
    };
}

/**
 * The current app's URL when the global context gives one that names an app (appid), else null. Learn, "getCurrentAppUrl
 * (Client API reference)": https://[org].crm.dynamics.com/main.aspx?appid=[GUID], null in the mobile client.
 */
function currentAppUrl(context: GlobalContext): URL | null {
    if (typeof context.getCurrentAppUrl !== "function") return null;
    const text = context.getCurrentAppUrl();
    if (typeof text !== "string" || text.length === 0) return null;
    try {
        const url = new URL(text, context.getClientUrl());
        return /^https?:$/.test(url.protocol) && url.searchParams.get("appid") ? url : null;
    } catch {
        return null;
    }
}

/**
 * A record's form by URL (Learn, "Open forms, views, dialogs, and reports with a URL": main.aspx?appid=..&pagetype=
 * entityrecord&etn=..&id=..). Without appid the record opens in the default app or the app selection, so the current
 * app's URL is the base when the global context gives it; the client URL's main.aspx otherwise.
 */
function formUrl(context: GlobalContext, entityName: string, id: string): string {
    const app = currentAppUrl(context);
    if (!app) {
        return `${context.getClientUrl().replace(/\/$/, "")}/main.aspx?pagetype=entityrecord&etn=${encodeURIComponent(entityName)}` +
            (id ? `&id=${encodeURIComponent(id)}` : "");
    }
    // The app's parameters are kept; the form's replace any of the same name, and no fragment follows.
    app.hash = "";
    app.searchParams.delete("id");
    app.searchParams.set("pagetype", "entityrecord");
    app.searchParams.set("etn", entityName);
    if (id) app.searchParams.set("id", id);
    return app.toString();
}
