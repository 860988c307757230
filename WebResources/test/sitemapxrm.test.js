"use strict";
// The site-map page's Xrm (src/shared/sitemapxrm.ts) run under node from its TypeScript source: openForm opens the
// record in the app the page runs in (Learn, "getCurrentAppUrl (Client API reference)"), else at the client URL.
const test = require("node:test");
const assert = require("node:assert/strict");
const { requireTs } = require("../testing/typescript.js");

const { siteMapXrm } = requireTs("src/shared/sitemapxrm.ts");
const ID = "5a3e0c7e-1d2b-4c6a-9f00-0123456789ab";
const APP = "0f1e2d3c-4b5a-4968-8776-655443322110";
const ORG = "https://contoso.crm.dynamics.com";

/** A window that records what it is asked to open, and a global context with these extra members. */
function open(extra, entityId = "{" + ID + "}") {
    const opened = [];
    const win = { open: (url, target) => { opened.push([url, target]); return null; } };
    const context = () => ({ getClientUrl: () => ORG + "/", userSettings: { userId: "", userName: "", languageId: 1033 }, ...extra });
    const xrm = siteMapXrm(context, { account: "accounts" }, win);
    return xrm.Navigation.openForm({ entityName: "account", entityId }).then(() => opened);
}

const clientUrl = `${ORG}/main.aspx?pagetype=entityrecord&etn=account&id=${ID}`;

test.describe("openForm", () => {
    test("with the current app's URL the form opens in that app, in the top window", async () => {
        const opened = await open({ getCurrentAppUrl: () => `${ORG}/main.aspx?appid=${APP}` });
        assert.deepEqual(opened, [[`${ORG}/main.aspx?appid=${APP}&pagetype=entityrecord&etn=account&id=${ID}`, "_top"]]);
    });

    test("the app URL's own parameters are kept, its fragment dropped, and the form's parameters never doubled", async () => {
        const opened = await open({ getCurrentAppUrl: () => `${ORG}/main.aspx?forceUCI=1&appid=${APP}&pagetype=dashboard#home` });
        assert.deepEqual(opened, [[`${ORG}/main.aspx?forceUCI=1&appid=${APP}&pagetype=entityrecord&etn=account&id=${ID}`, "_top"]]);
    });

    test("a new record's form (no id) in the app", async () => {
        const opened = await open({ getCurrentAppUrl: () => `${ORG}/main.aspx?appid=${APP}` }, "");
        assert.deepEqual(opened, [[`${ORG}/main.aspx?appid=${APP}&pagetype=entityrecord&etn=account`, "_top"]]);
    });

    test("a global context without getCurrentAppUrl opens the form at the client URL", async () => {
        assert.deepEqual(await open({}), [[clientUrl, "_top"]]);
    });

    test("getCurrentAppUrl returning null (the mobile client), nothing, or a URL without appid opens it at the client URL", async () => {
        for (const value of [null, undefined, "", `${ORG}/main.aspx`, `${ORG}/main.aspx?appid=`, "javascript:alert(1)//?appid=x"]) {
            assert.deepEqual(await open({ getCurrentAppUrl: () => value }), [[clientUrl, "_top"]], String(value));
        }
    });
});
