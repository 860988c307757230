"use strict";
// The real disengagement.html in jsdom with its bundled script and a fake Xrm: what a sales rep reads.
const test = require("node:test");
const assert = require("node:assert/strict");
const { openPanel, settle } = require("../testing/page.js");
const { ACCOUNT_ID, fakeXrm, fakeFormContext } = require("../testing/fakes.js");

const F = "@OData.Community.Display.V1.FormattedValue";
const WATCH = 682400001;
const AT_RISK = 682400002;
const DISENGAGED = 682400003;
const CONTACT = "0b8c4f0e-2d6a-4e11-9a5e-5b9f1c0d2e31";
const CASE = "7e2d1c3b-4a5f-4b6c-8d7e-9f0a1b2c3d4e";

function reasonData(...reasons) {
    return reasons.map(([gap, signal, points, text, kind, value]) => JSON.stringify({ gap, signal, kind: kind || "concern", points, value, text })).join("\n");
}

function scoredAccount(overrides) {
    return Object.assign({
        name: "Contoso Pharmaceuticals",
        wb_disengagementscore: 63,
        wb_riskband: AT_RISK,
        ["wb_riskband" + F]: "At risk",
        wb_valuegap: true, wb_trustgap: true, wb_experiencegap: false, wb_growthgap: false,
        wb_disengagementreasondata: reasonData(
            ["trust", "slaBreaches", 9, "SLA breaches: 3 in the last 90 days", "concern", 3],
            ["growth", "lowEmailOpenRate", 0, "Email engagement not available (no outgoing email in 90 days)", "notAvailable"],
            ["value", "loginsDecline", 14.5, "Logins fell 46% (118 to 64) in the last 30 days against the 30 before", "concern", 46],
            ["value", "spendDecline", 4, "Spend fell 12% (40,000 to 35,200) against the previous quarter", "concern", 12]),
        wb_lastscoredon: "2026-11-20T06:00:00Z",
        wb_lastchangedon: "2026-11-14T06:00:00Z",
        wb_flaggedon: "2026-11-08T06:00:00Z"
    }, overrides);
}

function historyRows() {
    return [
        { wb_disengagementhistoryid: "h1", wb_scoredon: "2026-11-01T06:00:00Z", wb_score: 31, wb_riskband: WATCH, ["wb_riskband" + F]: "Watch", wb_growthgap: true },
        { wb_disengagementhistoryid: "h2", wb_scoredon: "2026-11-08T06:00:00Z", wb_score: 52, wb_riskband: AT_RISK, ["wb_riskband" + F]: "At risk", wb_valuegap: true },
        { wb_disengagementhistoryid: "h3", wb_scoredon: "2026-11-14T06:00:00Z", wb_score: 63, wb_riskband: AT_RISK, ["wb_riskband" + F]: "At risk", wb_valuegap: true, wb_trustgap: true }
    ];
}

async function panelWith(xrmOptions, formOptions) {
    const page = await openPanel();
    const xrm = fakeXrm(xrmOptions);
    const formContext = fakeFormContext(formOptions);
    await page.panel.init(xrm, formContext);
    await settle();
    return Object.assign(page, { xrm, formContext });
}

test.describe("before the form hands over its context", () => {
    test("the page loads its bundle without error and says it is waiting for the account form", async (t) => {
        const page = await openPanel();
        t.after(page.close);
        assert.deepEqual(page.errors, []);
        assert.equal(typeof page.panel.init, "function");
        assert.equal(page.text("#wb-status"), "Waiting for the account form\u2026");
        assert.equal(page.$("#wb-recalculate").getAttribute("aria-disabled"), "true");
        assert.equal(page.$$("main").length, 1, "one landmark");
    });
});

test.describe("a scored account", () => {
    test("the verdict is one line: band, score, the move since the last change with its date, and the top driver", async (t) => {
        const page = await panelWith({ account: scoredAccount(), history: historyRows() });
        t.after(page.close);
        assert.equal(page.text("#wb-verdict"), "At risk \u00b7 63, up 11 since Nov 8 \u00b7 top driver: logins down 46%");
        assert.equal(page.text("#wb-band"), "At risk");
        assert.deepEqual(page.consoleCalls, []);
    });

    test("checked and changed are shown apart", async (t) => {
        const page = await panelWith({ account: scoredAccount(), history: historyRows() });
        t.after(page.close);
        assert.equal(page.text("#wb-checked"), "Checked Nov 20, 2026");
        assert.equal(page.text("#wb-changed"), "Changed Nov 14, 2026");
        assert.equal(page.$("#wb-checked time").getAttribute("datetime"), "2026-11-20T06:00:00Z");
    });

    test("drivers are ranked by the points they add; clear gaps fold into one line; not-available signals are a coverage note", async (t) => {
        const page = await panelWith({ account: scoredAccount(), history: historyRows() });
        t.after(page.close);
        const drivers = page.$$(".wb-driver .wb-driver-text").map((n) => n.textContent);
        assert.deepEqual(drivers.map((d) => d.split(" ")[0]), ["Logins", "SLA", "Spend"]);
        assert.deepEqual(page.$$(".wb-driver .wb-points").map((n) => n.textContent), ["+15 pts", "+9 pts", "+4 pts"]);
        assert.ok(!drivers.some((d) => /not available/.test(d)), "a missing signal is never a cause");
        assert.equal(page.text("#wb-gap-line"), "Flagged gaps: Value, Trust \u00b7 No gap: Experience, Growth");
        assert.equal(page.text("#wb-coverage"), "Data coverage: Not available, not held against the account: Email engagement not available (no outgoing email in 90 days).");
    });

    test("the trend is drawn by date with band zones, dated on its axis, with a text alternative that names each date", async (t) => {
        const page = await panelWith({ account: scoredAccount(), history: historyRows() });
        t.after(page.close);
        const chart = page.$(".wb-trend-chart");
        assert.equal(chart.getAttribute("role"), "img");
        assert.equal(chart.getAttribute("aria-label"), "Disengagement score by date: Nov 1, 2026 31 (Watch), Nov 8, 2026 52 (At risk), Nov 14, 2026 63 (At risk).");
        assert.deepEqual(page.$$(".wb-trend-chart rect.wb-zone").map((r) => r.getAttribute("class")), ["wb-zone wb-zone-watch", "wb-zone wb-zone-atrisk"]);
        assert.deepEqual(page.$$(".wb-trend-chart text.wb-tick").map((n) => n.textContent), ["Nov 1", "Nov 7", "Nov 14"]);
        assert.equal(page.text(".wb-note"), "Shading: the band of each scoring until the next one.");
        assert.equal(page.$$(".wb-table tbody tr").length, 3);
    });

    test("evidence: one query per kind of record, links that open the record with Xrm.Navigation.openForm", async (t) => {
        const account = scoredAccount({
            wb_disengagementreasondata: reasonData(["trust", "slaBreaches", 9, "SLA breaches: 3", "concern", 3], ["growth", "championLeft", 7, "The primary contact left", "concern", 1]),
            _primarycontactid_value: CONTACT, ["_primarycontactid_value" + F]: "Ann <b>Lee</b>"
        });
        const page = await panelWith({ account, history: historyRows(), rows: {
            incident: [{ incidentid: CASE, ticketnumber: "CAS-01001", title: "Outage", createdon: "2026-11-03T10:00:00Z" }]
        } });
        t.after(page.close);
        const queries = page.xrm.calls.filter((c) => c.table === "incident");
        assert.equal(queries.length, 1);
        const cases = page.$("ul[data-evidence='slaBreaches']");
        assert.equal(cases.hidden, false);
        const link = cases.querySelector("button");
        assert.equal(link.textContent, "CAS-01001 Outage");
        link.click();
        assert.deepEqual(JSON.parse(JSON.stringify(page.xrm.navigations)), [{ entityName: "incident", entityId: CASE }]);
        const contact = page.$("ul[data-evidence='championLeft'] button");
        assert.equal(contact.textContent, "Ann <b>Lee</b>", "markup in a name is shown as text");
        contact.click();
        assert.deepEqual(JSON.parse(JSON.stringify(page.xrm.navigations[1])), { entityName: "contact", entityId: CONTACT });
    });

    test("markup in reasons and names is shown as text, never run", async (t) => {
        const page = await panelWith({ account: scoredAccount({
            ["wb_riskband" + F]: "<img src=x onerror=\"window.pwned=1\">",
            wb_disengagementreasondata: reasonData(["value", "loginsDecline", 5, "<script>window.pwned=2</script><a href=\"javascript:window.pwned=3\">x</a>"])
        }), history: [] });
        t.after(page.close);
        assert.equal(page.$$("img, script:not([src]), a[href]").length, 0);
        assert.equal(page.window.pwned, undefined);
        assert.match(page.text(".wb-driver-text"), /<script>window\.pwned=2<\/script>/);
    });

    test("the user's language words the panel and its dates", async (t) => {
        const page = await panelWith({ account: scoredAccount(), history: historyRows(), languageId: 1031 });
        t.after(page.close);
        assert.equal(page.document.documentElement.lang, "de");
        assert.equal(page.text("#wb-recalculate"), "Jetzt neu berechnen");
        assert.equal(page.text("#wb-checked"), "Geprüft 20. Nov. 2026");
        assert.match(page.text("#wb-verdict"), /Haupttreiber: Anmeldungen −46 %/);
    });
});

test.describe("more of what a rep reads", () => {
    test("lost opportunities are read with one query and open as opportunities", async (t) => {
        const OPP = "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
        const page = await panelWith({
            account: scoredAccount({ wb_disengagementreasondata: reasonData(["growth", "lostOpportunities", 6, "Lost opportunities: 2 in the last 365 days, won 0", "concern", 2]) }),
            history: historyRows(),
            rows: { opportunity: [{ opportunityid: OPP, name: "Renewal 2027", actualclosedate: "2026-10-02T00:00:00Z" }] }
        });
        t.after(page.close);
        assert.equal(page.xrm.calls.filter((c) => c.table === "opportunity").length, 1);
        assert.equal(page.xrm.calls.filter((c) => c.table === "incident").length, 0, "no query for evidence the drivers do not name");
        assert.match(page.text("#wb-verdict"), /top driver: 2 lost opportunities$/);
        page.$("ul[data-evidence='lostOpportunities'] button").click();
        assert.deepEqual(JSON.parse(JSON.stringify(page.xrm.navigations)), [{ entityName: "opportunity", entityId: OPP }]);
    });

    test("a driver without a short phrase (a signal newer than the page, or no value) is named by its own sentence", async (t) => {
        const page = await panelWith({ account: scoredAccount({ wb_disengagementreasondata: reasonData(["value", "shortTenure", 3, "Customer for 4 months (threshold 12 months or less)", "concern"]) }), history: [] });
        t.after(page.close);
        assert.equal(page.text("#wb-verdict"), "At risk \u00b7 63 \u00b7 top driver: Customer for 4 months (threshold 12 months or less)");
        const newer = await panelWith({ account: scoredAccount({ wb_disengagementreasondata: reasonData(["value", "seatsUnused", 3, "Seats unused: 40%", "concern", 40]) }), history: [] });
        t.after(newer.close);
        assert.match(newer.text("#wb-verdict"), /top driver: Seats unused: 40%$/);
    });

    test("every signal the server names has a short phrase in every language", async (t) => {
        const fs = require("node:fs");
        const path = require("node:path");
        const source = fs.readFileSync(path.join(__dirname, "..", "..", "Plugins", "WinBack.Core", "Disengagement", "Signal.cs"), "utf8");
        const signals = [...source.matchAll(/^\s*[IS]\(Signal\.\w+, "(\w+)"/gm)].map((m) => m[1]);
        assert.ok(signals.length >= 25, "found " + signals.length);
        for (const language of ["en", "de", "fr", "es"]) {
            const strings = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "src", "strings", "panel." + language + ".json"), "utf8"));
            assert.deepEqual(signals.filter((s) => !strings["driver." + s]), [], language);
        }
        t.diagnostic(signals.length + " signals");
    });

    test("a row scored before the data existed shows its plain lines as drivers of unknown gap", async (t) => {
        const page = await panelWith({ account: scoredAccount({ wb_disengagementreasondata: null, wb_disengagementreasons: "- Logins fell 46%\n- SLA breaches: 3" }), history: [] });
        t.after(page.close);
        assert.deepEqual(page.$$(".wb-driver-text").map((n) => n.textContent), ["Logins fell 46%", "SLA breaches: 3"]);
        assert.deepEqual(page.$$(".wb-gap-tag").map((n) => n.textContent), ["Other", "Other"]);
        assert.equal(page.$("#wb-coverage"), null);
    });

    test("a score that held says since when", async (t) => {
        const rows = historyRows();
        rows[2].wb_score = 63;
        rows.push({ wb_disengagementhistoryid: "h4", wb_scoredon: "2026-11-20T06:00:00Z", wb_score: 63, wb_riskband: AT_RISK });
        const page = await panelWith({ account: scoredAccount(), history: rows.slice(1) });
        t.after(page.close);
        assert.match(page.text("#wb-verdict"), /^At risk · 63, no change since Nov 14 ·/);
    });

    test("focus on a record link and an opened scorings table survive a redraw", async (t) => {
        const page = await panelWith({
            account: scoredAccount(), history: historyRows(),
            rows: { incident: [{ incidentid: CASE, ticketnumber: "CAS-01001", title: "Outage" }] }
        });
        t.after(page.close);
        page.$("details.wb-details").open = true;
        page.$("details.wb-details").dispatchEvent(new page.window.Event("toggle"));
        page.$("ul[data-evidence='slaBreaches'] button").focus();
        await page.panel.refresh();
        await settle();
        assert.equal(page.document.activeElement.getAttribute("data-focus-key"), "evidence-" + CASE);
        assert.equal(page.$("details.wb-details").open, true);
    });

    test("French: the verdict, its dates and the drivers' points in the user's language", async (t) => {
        const page = await panelWith({ account: scoredAccount(), history: historyRows(), languageId: 1036 });
        t.after(page.close);
        assert.equal(page.text("#wb-verdict"), "At risk \u00b7 63, +11 depuis le 8 nov. \u00b7 facteur principal : connexions −46 %");
        assert.equal(page.text("#wb-changed"), "Modifié le 14 nov. 2026");
        assert.equal(page.text("#wb-gap-line"), "Écarts signalés : Valeur, Confiance \u00b7 Sans écart : Expérience, Croissance");
    });

    test("handing the context over again (save, tab expand) does not run Recalculate now twice", async (t) => {
        const page = await panelWith({ account: scoredAccount(), history: historyRows() });
        t.after(page.close);
        await page.panel.init(page.xrm, page.formContext);
        page.$("#wb-recalculate").click();
        await settle(30);
        assert.equal(page.xrm.calls.filter((c) => c.api === "execute").length, 1);
    });
});

test.describe("Recalculate now", () => {
    test("says \"checked just now, no change\" when nothing moved", async (t) => {
        const page = await panelWith({ account: scoredAccount(), history: historyRows(), onExecute: (data) => { data.account.wb_lastscoredon = "2026-11-21T06:00:00Z"; } });
        t.after(page.close);
        await page.panel.recalculate();
        assert.equal(page.text("#wb-status"), "Checked just now, no change (63).");
        assert.equal(page.formContext.calls.includes("data.refresh(false)"), true);
        const execute = page.xrm.calls.find((c) => c.api === "execute");
        assert.equal(execute.metadata.operationName, "wb_RecalculateDisengagement");
    });

    test("says \"63 to 71\" when the score moved, and redraws the verdict", async (t) => {
        const page = await panelWith({ account: scoredAccount(), history: historyRows(), onExecute: (data) => {
            Object.assign(data.account, { wb_disengagementscore: 71, wb_riskband: DISENGAGED, ["wb_riskband" + F]: "Disengaged" });
            data.history.push({ wb_disengagementhistoryid: "h4", wb_scoredon: "2026-11-21T06:00:00Z", wb_score: 71, wb_riskband: DISENGAGED });
        } });
        t.after(page.close);
        page.$("#wb-recalculate").focus();
        page.$("#wb-recalculate").click();
        await settle(30);
        assert.equal(page.text("#wb-status"), "Checked just now: 63 to 71.");
        assert.match(page.text("#wb-verdict"), /^Disengaged · 71, up 8 since Nov 14/);
        assert.equal(page.document.activeElement, page.$("#wb-recalculate"), "focus stays on the button");
    });

    test("a refusal is worded for the user and offers to try again", async (t) => {
        const page = await panelWith({ account: scoredAccount(), history: [], executeError: { errorCode: 2147746336, message: "Principal user is missing prvwb_RecalculateDisengagement privilege" } });
        t.after(page.close);
        await page.panel.recalculate();
        assert.match(page.text("#wb-action-error"), /You don't have permission to recalculate the score/);
        assert.equal(page.$("#wb-action-error").getAttribute("role"), "alert");
        assert.equal(page.$("#wb-recalculate").getAttribute("aria-disabled"), "false");
    });
});

test.describe("other states", () => {
    test("a new, unsaved account asks to be saved and hides Recalculate now", async (t) => {
        const page = await panelWith({ account: scoredAccount() }, { id: "" });
        t.after(page.close);
        assert.equal(page.text("#wb-content"), "Save the account to see its disengagement score.");
        assert.equal(page.$("#wb-recalculate").hidden, true);
    });

    test("an account never scored says so", async (t) => {
        const page = await panelWith({ account: { name: "New" }, history: [] });
        t.after(page.close);
        assert.match(page.text("#wb-content"), /hasn't been scored yet/);
    });

    test("an account that cannot be read says which access is missing and offers to try again", async (t) => {
        const page = await panelWith({ accountError: { errorCode: 2147746336, message: "missing prvReadAccount privilege" } });
        t.after(page.close);
        assert.match(page.text("#wb-content"), /You don't have permission to read the disengagement details/);
        assert.match(page.text("#wb-content"), /Details: missing prvReadAccount privilege \(0x80040220\)/);
        assert.ok(page.$("#wb-content button"));
    });

    test("a history that cannot be read leaves the verdict and explains the trend", async (t) => {
        const page = await panelWith({ account: scoredAccount(), historyError: { message: "Failed to fetch" } });
        t.after(page.close);
        assert.match(page.text("#wb-verdict"), /^At risk · 63 · top driver/);
        assert.match(page.text("#wb-content"), /The trend could not be loaded: No connection to Dataverse/);
    });

    test("the panel reads only its own account, with explicit columns", async (t) => {
        const page = await panelWith({ account: scoredAccount(), history: historyRows() });
        t.after(page.close);
        const reads = page.xrm.calls.filter((c) => c.api === "retrieveRecord");
        assert.equal(reads.length, 1);
        assert.equal(reads[0].id, ACCOUNT_ID);
        assert.match(reads[0].query, /^\?\$select=/);
    });
});
