"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { requireTs } = require("../testing/typescript.js");
const form = requireTs("src/wb_/account/form.ts");
const { fakeXrm, fakeFormContext, executionContext } = require("../testing/fakes.js");
const { openPanel, settle } = require("../testing/page.js");

/** A content window whose page records each hand-over. */
function recordingWindow() {
    const handed = [];
    return {
        handed,
        WinBack: { Panel: { init: (xrm, formContext) => { handed.push({ xrm, formContext }); return Promise.resolve(); } } }
    };
}

function withXrm(xrm, t) {
    const previous = globalThis.Xrm;
    globalThis.Xrm = xrm;
    t.after(() => { globalThis.Xrm = previous; });
}

test.describe("WinBack.AccountForm.onLoad", () => {
    test("hands the panel the form's own Xrm and formContext through getContentWindow", async (t) => {
        const xrm = fakeXrm({});
        withXrm(xrm, t);
        const page = recordingWindow();
        const formContext = fakeFormContext({ contentWindow: page });
        const handedOver = await form.onLoad(executionContext(formContext));
        assert.equal(handedOver, true);
        assert.equal(page.handed.length, 1);
        assert.equal(page.handed[0].xrm, xrm);
        assert.equal(page.handed[0].formContext, formContext);
        assert.ok(formContext.calls.includes("getControl(WebResource_wb_disengagement)"));
        assert.ok(formContext.calls.includes("getContentWindow"));
    });

    test("waits for the page's load event when its scripts have not run yet", async (t) => {
        withXrm(fakeXrm({}), t);
        const listeners = {};
        const page = {
            addEventListener: (name, fn) => { listeners[name] = fn; }
        };
        const formContext = fakeFormContext({ contentWindow: page });
        const pending = form.onLoad(executionContext(formContext));
        await settle();
        assert.equal(typeof listeners.load, "function");
        const ready = recordingWindow();
        page.WinBack = ready.WinBack;
        listeners.load();
        assert.equal(await pending, true);
        assert.equal(ready.handed.length, 1);
    });

    test("does nothing, and does not fail, on a form without the panel", async (t) => {
        withXrm(fakeXrm({}), t);
        const formContext = fakeFormContext({ noControl: true });
        assert.equal(await form.onLoad(executionContext(formContext)), false);
    });

    test("never breaks the form when the panel itself fails", async (t) => {
        withXrm(fakeXrm({}), t);
        const page = { WinBack: { Panel: { init: () => Promise.reject(new Error("panel broke")) } } };
        const formContext = fakeFormContext({ contentWindow: page });
        assert.equal(await form.onLoad(executionContext(formContext)), false);
        const throwing = { WinBack: { Panel: { init: () => { throw new Error("panel broke"); } } } };
        assert.equal(await form.handOver(fakeXrm({}), fakeFormContext({ contentWindow: throwing })), false);
    });

    test("does nothing without an execution context", async () => {
        assert.equal(await form.onLoad(undefined), false);
    });
});

test.describe("after the first hand-over", () => {
    test("a successful save hands the context over again, so the panel shows the saved account", async (t) => {
        withXrm(fakeXrm({}), t);
        const page = recordingWindow();
        const formContext = fakeFormContext({ contentWindow: page });
        await form.onLoad(executionContext(formContext));
        assert.equal(formContext.postSave.handlers.length, 1);
        formContext.postSave.fire(executionContext(formContext, true));
        await settle();
        assert.equal(page.handed.length, 2);
    });

    test("a failed save does not", async (t) => {
        withXrm(fakeXrm({}), t);
        const page = recordingWindow();
        const formContext = fakeFormContext({ contentWindow: page });
        await form.onLoad(executionContext(formContext));
        formContext.postSave.fire(executionContext(formContext, false));
        await settle();
        assert.equal(page.handed.length, 1);
    });

    test("expanding the panel's tab hands it over again (the form may rebuild the frame); collapsing does not", async (t) => {
        withXrm(fakeXrm({}), t);
        const page = recordingWindow();
        const formContext = fakeFormContext({ contentWindow: page });
        await form.onLoad(executionContext(formContext));
        formContext.tab.setDisplayState("collapsed");
        await settle();
        assert.equal(page.handed.length, 1);
        formContext.tab.setDisplayState("expanded");
        await settle();
        assert.equal(page.handed.length, 2);
    });

    test("a second OnLoad (next record in the same form) replaces its handlers instead of stacking them", async (t) => {
        withXrm(fakeXrm({}), t);
        const page = recordingWindow();
        const formContext = fakeFormContext({ contentWindow: page });
        await form.onLoad(executionContext(formContext));
        await form.onLoad(executionContext(formContext));
        assert.equal(formContext.postSave.handlers.length, 1);
        assert.equal(formContext.tabState.handlers.length, 1);
    });
});

test.describe("the form script with the real panel page", () => {
    test("OnLoad makes the page show the account, and a save after creating it shows the new account", async (t) => {
        const page = await openPanel();
        t.after(page.close);
        withXrm(fakeXrm({
            account: { name: "Contoso", wb_disengagementscore: 22, wb_riskband: 682400000, "wb_riskband@OData.Community.Display.V1.FormattedValue": "Healthy", wb_disengagementreasons: "" },
            history: []
        }), t);
        const formContext = fakeFormContext({ id: "", contentWindow: page.window });
        assert.equal(await form.onLoad(executionContext(formContext)), true);
        assert.equal(page.text("#wb-content"), "Save the account to see its disengagement score.");

        formContext.setId("{5A3E0C7E-1D2B-4C6A-9F00-0123456789AB}");
        formContext.postSave.fire(executionContext(formContext, true));
        await settle(30);
        assert.equal(page.text("#wb-score"), "22");
        assert.equal(page.text("#wb-band"), "Healthy");
        assert.equal(page.$("#wb-recalculate").hidden, false);
    });
});
