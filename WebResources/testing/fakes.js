"use strict";
// Fakes of the parts of Xrm and formContext the panel and the form script use, recording every call.

const ACCOUNT_ID = "5a3e0c7e-1d2b-4c6a-9f00-0123456789ab";

function copy(value) {
    return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/**
 * options.account: the account row Xrm.WebApi.retrieveRecord returns (or accountError to reject)
 * options.history: wb_disengagementhistory rows (or historyError to reject)
 * options.rows: rows of other tables by logical name (an Error rejects that table's query)
 * options.languageId: the user's language (LCID) Xrm.Utility.getGlobalContext() reports
 * options.onExecute(request): what recalculation does to the data; executeError rejects instead
 */
function fakeXrm(options) {
    const opts = options || {};
    const calls = [];
    const data = { account: copy(opts.account), history: copy(opts.history || []) };
    const navigations = [];
    const xrm = {
        calls,
        data,
        navigations,
        Navigation: {
            openForm(options) {
                navigations.push(options);
                return Promise.resolve({ savedEntityReference: [] });
            }
        },
        Utility: {
            getGlobalContext: () => ({ userSettings: { languageId: opts.languageId === undefined ? 1033 : opts.languageId } })
        },
        WebApi: {
            retrieveRecord(table, id, query) {
                calls.push({ api: "retrieveRecord", table, id, query });
                if (opts.accountError) {
                    return Promise.reject(opts.accountError);
                }
                return Promise.resolve(copy(data.account));
            },
            retrieveMultipleRecords(table, query) {
                calls.push({ api: "retrieveMultipleRecords", table, query });
                if (table !== "wb_disengagementhistory") {
                    // Other tables (the policy's variable, cases, opportunities): options.rows[table], or none.
                    const rows = opts.rows && opts.rows[table];
                    return rows instanceof Error ? Promise.reject(rows) : Promise.resolve({ entities: copy(rows || []) });
                }
                if (opts.historyError) {
                    return Promise.reject(opts.historyError);
                }
                const rows = data.history.slice().sort((a, b) => Date.parse(b.wb_scoredon) - Date.parse(a.wb_scoredon));
                return Promise.resolve({ entities: copy(rows) });
            }
        }
    };
    if (opts.online !== false) {
        xrm.WebApi.online = {
            execute(request) {
                calls.push({ api: "execute", request, metadata: request.getMetadata() });
                if (opts.executeError) {
                    return Promise.reject(opts.executeError);
                }
                if (opts.onExecute) {
                    opts.onExecute(data, request);
                }
                return Promise.resolve(opts.executeResponse || { ok: true, status: 204, statusText: "No Content" });
            }
        };
    }
    return xrm;
}

function fakeEvents() {
    const handlers = [];
    return {
        handlers,
        add(fn) { handlers.push(fn); },
        remove(fn) { const i = handlers.indexOf(fn); if (i >= 0) { handlers.splice(i, 1); } },
        fire(arg) { return handlers.slice().map((fn) => fn(arg)); }
    };
}

/**
 * A formContext with an account id (null = a new, unsaved account), a web resource control whose
 * getContentWindow() resolves with options.contentWindow, and a tab holding it.
 */
function fakeFormContext(options) {
    const opts = options || {};
    let id = opts.id === undefined ? "{" + ACCOUNT_ID.toUpperCase() + "}" : opts.id;
    const postSave = fakeEvents();
    const tabState = fakeEvents();
    let displayState = "expanded";
    const calls = [];
    const tab = {
        addTabStateChange: tabState.add,
        removeTabStateChange: tabState.remove,
        getDisplayState: () => displayState,
        setDisplayState(state) { displayState = state; tabState.fire({}); }
    };
    const section = { getParent: () => tab };
    const control = opts.noControl ? null : {
        getParent: () => section,
        getContentWindow() {
            calls.push("getContentWindow");
            return Promise.resolve(typeof opts.contentWindow === "function" ? opts.contentWindow() : opts.contentWindow);
        }
    };
    const formContext = {
        calls,
        postSave,
        tabState,
        tab,
        setId(value) { id = value; },
        data: {
            entity: {
                getId: () => id || "",
                getIsDirty: () => !!opts.dirty,
                addOnPostSave: postSave.add,
                removeOnPostSave: postSave.remove
            },
            refresh(save) {
                calls.push("data.refresh(" + save + ")");
                return Promise.resolve();
            }
        },
        getControl(name) {
            calls.push("getControl(" + name + ")");
            return name === "WebResource_wb_disengagement" ? control : null;
        }
    };
    return formContext;
}

function executionContext(formContext, saveSucceeded) {
    return {
        getFormContext: () => formContext,
        getEventArgs: () => ({ getIsSaveSuccess: () => saveSucceeded !== false })
    };
}

module.exports = { ACCOUNT_ID, fakeXrm, fakeFormContext, executionContext, copy };
