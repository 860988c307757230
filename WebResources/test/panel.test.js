"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { openPanel, settle } = require("../testing/page.js");
const { ACCOUNT_ID, fakeXrm, fakeFormContext } = require("../testing/fakes.js");

const AT_RISK = 682400002;
const WATCH = 682400001;

/** Reasons as the server stores them as data: one JSON object a line. */
function reasonData(...reasons) {
    return reasons.map(([gap, signal, text, kind]) =>
        JSON.stringify({ gap, signal, kind: kind || "concern", points: 5, text })).join("\n");
}

function scoredAccount(overrides) {
    return Object.assign({
        name: "Contoso Pharmaceuticals",
        wb_disengagementscore: 63,
        wb_riskband: AT_RISK,
        "wb_riskband@OData.Community.Display.V1.FormattedValue": "At risk",
        wb_valuegap: true,
        wb_trustgap: true,
        wb_experiencegap: false,
        wb_growthgap: false,
        wb_disengagementreasons: [
            "Logins fell 46% (118 to 64) in the last 30 days against the 30 before",
            "SLA breaches: 3 in the last 90 days",
            "Email engagement not available (no outgoing email in 90 days)",
            "Spend fell 12% (40,000 to 35,200) against the previous quarter"
        ].join("\n"),
        wb_disengagementreasondata: reasonData(
            ["value", "loginsDecline", "Logins fell 46% (118 to 64) in the last 30 days against the 30 before"],
            ["trust", "slaBreaches", "SLA breaches: 3 in the last 90 days"],
            ["growth", "lowEmailOpenRate", "Email engagement not available (no outgoing email in 90 days)", "notAvailable"],
            ["value", "spendDecline", "Spend fell 12% (40,000 to 35,200) against the previous quarter"]),
        wb_lastscoredon: "2026-11-20T06:00:00Z",
        "wb_lastscoredon@OData.Community.Display.V1.FormattedValue": "11/20/2026 6:00 AM",
        wb_flaggedon: "2026-11-08T06:00:00Z",
        "wb_flaggedon@OData.Community.Display.V1.FormattedValue": "11/8/2026 6:00 AM"
    }, overrides);
}

function historyRows() {
    return [
        { wb_disengagementhistoryid: "h1", wb_scoredon: "2026-11-01T06:00:00Z", wb_score: 31, wb_riskband: WATCH,
            wb_valuegap: false, wb_trustgap: false, wb_experiencegap: false, wb_growthgap: true,
            wb_reasondata: reasonData(["growth", "lostOpportunities", "Lost opportunities: 1 in the last 365 days, won 0"]) },
        { wb_disengagementhistoryid: "h2", wb_scoredon: "2026-11-08T06:00:00Z", wb_score: 48, wb_riskband: WATCH,
            wb_valuegap: true, wb_trustgap: false, wb_experiencegap: false, wb_growthgap: true,
            wb_reasondata: reasonData(["value", "loginsDecline", "Logins fell 20% (100 to 80) in the last 30 days against the 30 before"],
                ["growth", "lostOpportunities", "Lost opportunities: 1 in the last 365 days, won 0"]) },
        { wb_disengagementhistoryid: "h3", wb_scoredon: "2026-11-20T06:00:00Z", wb_score: 63, wb_riskband: AT_RISK,
            "wb_scoredon@OData.Community.Display.V1.FormattedValue": "11/20/2026 6:00 AM",
            wb_valuegap: true, wb_trustgap: true, wb_experiencegap: false, wb_growthgap: false,
            wb_reasondata: reasonData(["value", "loginsDecline", "Logins fell 46% (118 to 64) in the last 30 days against the 30 before"],
                ["trust", "slaBreaches", "SLA breaches: 3 in the last 90 days"]) }
    ];
}

async function panelWith(xrmOptions, formOptions) {
    const page = await openPanel();
    const xrm = fakeXrm(xrmOptions);
    const formContext = fakeFormContext(formOptions);
    await page.panel.init(xrm, formContext);
    return Object.assign(page, { xrm, formContext });
}

test.describe("before the form hands over its context", () => {
    test("the page loads its scripts without error and says it is waiting for the account form", async (t) => {
        const page = await openPanel();
        t.after(page.close);
        assert.deepEqual(page.errors, []);
        assert.equal(typeof page.panel.init, "function");
        assert.equal(page.text("#wb-status"), "Waiting for the account form\u2026");
        assert.equal(page.$("#wb-recalculate").getAttribute("aria-disabled"), "true");
        assert.equal(page.$("#wb-panel").getAttribute("aria-busy"), "true");
    });

    test("a click on Recalculate now before the form is ready does nothing", async (t) => {
        const page = await openPanel();
        t.after(page.close);
        page.$("#wb-recalculate").click();
        await settle();
        assert.equal(page.text("#wb-status"), "Waiting for the account form\u2026");
    });

    test("opened without a form context it says who must wire it up", async (t) => {
        const page = await openPanel();
        t.after(page.close);
        await page.panel.init(undefined, undefined);
        assert.match(page.text("#wb-content"), /opened without the account form's context/);
        assert.match(page.text("#wb-content"), /WinBack\.AccountForm\.onLoad/);
    });
});

test.describe("a scored account", () => {
    test("shows the score, the band, the four gaps with their reasons and the dates", async (t) => {
        const page = await panelWith({ account: scoredAccount(), history: historyRows() });
        t.after(page.close);
        assert.deepEqual(page.errors, []);
        assert.equal(page.text("#wb-score"), "63/100");
        assert.equal(page.text("#wb-band"), "At risk");
        assert.ok(page.$("#wb-band").classList.contains("wb-band-atrisk"));
        const gaps = page.$$(".wb-gap").map((li) => [li.querySelector("h3").textContent.replace(/\s+/g, " ").trim(), li.querySelector(".wb-gap-state").textContent]);
        assert.deepEqual(gaps.map((g) => g[1]), ["Flagged", "Flagged", "Not flagged", "Not flagged"]);
        assert.match(gaps[0][0], /Value gap/);
        const valueReasons = page.$$(".wb-gap")[0].querySelectorAll(".wb-reasons li");
        assert.deepEqual(Array.from(valueReasons).map((li) => li.textContent), [
            "Logins fell 46% (118 to 64) in the last 30 days against the 30 before",
            "Spend fell 12% (40,000 to 35,200) against the previous quarter"
        ]);
        assert.match(page.text(".wb-reasons-muted"), /Email engagement not available/);
        const dates = page.$$(".wb-date").map((d) => d.querySelector("dt").textContent + ": " + d.querySelector("dd").textContent);
        assert.equal(dates.length, 2);
        assert.match(dates[0], /^Last scored: 11\/20\/2026 6:00 AM \((?:.+ ago|yesterday|today)\)$/);
        assert.match(dates[1], /^Flagged on: 11\/8\/2026 6:00 AM/);
        assert.equal(page.$(".wb-dates time").getAttribute("datetime"), "2026-11-20T06:00:00Z");
        assert.equal(page.$("#wb-panel").getAttribute("aria-busy"), "false");
        assert.equal(page.text("#wb-status"), "");
    });

    test("each reason lands on the gap card its data names, with signals lacking data shown apart on it", async (t) => {
        const page = await panelWith({
            account: scoredAccount({
                wb_disengagementreasons: "these sentences are not read for their gap",
                wb_disengagementreasondata: [
                    { gap: "trust", signal: "slaBreaches", kind: "concern", points: 12, text: "SLA breaches: 3 in the last 90 days (threshold 2)" },
                    { gap: "growth", signal: "renewalSoon", kind: "concern", points: 4, text: "Renewal in 2 months (threshold 3 months)" },
                    { gap: "value", signal: "loginsDecline", kind: "notAvailable", points: 0, text: "Logins change not available" }
                ].map((r) => JSON.stringify(r)).join("\n")
            }),
            history: []
        });
        t.after(page.close);
        const card = (key) => page.$$(".wb-gap")[["value", "trust", "experience", "growth"].indexOf(key)];
        assert.deepEqual(Array.from(card("trust").querySelectorAll(".wb-reasons li")).map((li) => li.textContent),
            ["SLA breaches: 3 in the last 90 days (threshold 2)"]);
        assert.deepEqual(Array.from(card("growth").querySelectorAll(".wb-reasons li")).map((li) => li.textContent),
            ["Renewal in 2 months (threshold 3 months)"]);
        assert.deepEqual(Array.from(card("value").querySelectorAll(".wb-reasons-muted li")).map((li) => li.textContent),
            ["Logins change not available"]);
        assert.equal(card("value").querySelectorAll(".wb-reasons:not(.wb-reasons-muted) li").length, 0);
        assert.doesNotMatch(page.text("#wb-content"), /Other reasons/);
    });

    test("reads the account and its history with explicit columns through Xrm.WebApi", async (t) => {
        const page = await panelWith({ account: scoredAccount(), history: historyRows() });
        t.after(page.close);
        const [account, history] = page.xrm.calls;
        assert.equal(account.api, "retrieveRecord");
        assert.equal(account.table, "account");
        assert.equal(account.id, ACCOUNT_ID);
        assert.match(account.query, /^\?\$select=name,wb_disengagementscore,/);
        assert.equal(history.api, "retrieveMultipleRecords");
        assert.equal(history.table, "wb_disengagementhistory");
        assert.match(history.query, new RegExp("_wb_accountid_value eq " + ACCOUNT_ID));
    });

    test("draws the trend oldest first and lists the scorings latest first", async (t) => {
        const page = await panelWith({ account: scoredAccount(), history: historyRows() });
        t.after(page.close);
        const chart = page.$("svg.wb-sparkline");
        assert.equal(chart.getAttribute("role"), "img");
        assert.equal(chart.getAttribute("aria-label"), "Disengagement score over the last 3 scorings, oldest first: 31, 48, 63.");
        assert.equal(page.$$("svg.wb-sparkline circle").length, 3);
        assert.equal(page.text(".wb-trend-summary"), "Up from 31 to 63 over 3 scorings.");
        const rows = page.$$(".wb-table tbody tr").map((tr) => Array.from(tr.children).map((c) => c.textContent));
        assert.deepEqual(rows[0], ["11/20/2026 6:00 AM", "63", "At risk", "Value, Trust"]);
        assert.deepEqual(rows.map((r) => r[1]), ["63", "48", "31"]);
        assert.equal(page.text(".wb-history summary"), "Show the last 3 scorings");
    });

    test("shows when the account was last checked and, apart, when its result last changed", async (t) => {
        const page = await panelWith({
            account: scoredAccount({
                wb_lastchangedon: "2026-11-08T06:00:00Z",
                "wb_lastchangedon@OData.Community.Display.V1.FormattedValue": "11/8/2026 6:00 AM"
            }),
            history: historyRows()
        });
        t.after(page.close);
        const labels = page.$$(".wb-date dt").map((dt) => dt.textContent);
        assert.deepEqual(labels, ["Last scored", "Last changed", "Flagged on"]);
        assert.match(page.$$(".wb-date dd")[1].textContent, /^11\/8\/2026 6:00 AM/);
    });

    test("explains why the score moved between the last two scorings", async (t) => {
        const page = await panelWith({ account: scoredAccount(), history: historyRows() });
        t.after(page.close);
        const sentences = page.$$(".wb-movement li").map((li) => li.textContent);
        assert.deepEqual(sentences, [
            "The score rose 15 points, from 48 to 63 (more disengaged).",
            "The risk band moved from Watch to At risk.",
            "Newly flagged: Trust gap.",
            "No longer flagged: Growth gap."
        ]);
        assert.deepEqual(page.$$(".wb-reasons-added li").map((li) => li.textContent), ["SLA breaches: 3 in the last 90 days"]);
        assert.match(page.text(".wb-reasons-changed"), /Logins fell 46% .*was: Logins fell 20%/);
        assert.deepEqual(page.$$(".wb-reasons-removed li").map((li) => li.textContent), ["Lost opportunities: 1 in the last 365 days, won 0"]);
    });

    test("with a single scoring it says the trend comes after the next one", async (t) => {
        const page = await panelWith({ account: scoredAccount(), history: historyRows().slice(2) });
        t.after(page.close);
        assert.match(page.text("#wb-content"), /Only one scoring so far/);
        assert.equal(page.$(".wb-movement"), null);
    });

    test("with no history it still shows the score and says there is no trend yet", async (t) => {
        const page = await panelWith({ account: scoredAccount(), history: [] });
        t.after(page.close);
        assert.equal(page.text("#wb-score"), "63/100");
        assert.match(page.text("#wb-content"), /No scoring history yet/);
    });
});

test.describe("text from Dataverse is never read as HTML", () => {
    test("markup in reasons, bands and history is shown as text and never runs", async (t) => {
        const evil = "<img src=x onerror=\"window.__pwned = true\"><script>window.__pwned = true</script>";
        const rows = historyRows();
        rows[2].wb_reasondata = reasonData(["trust", "slaBreaches", evil]);
        rows[1].wb_reasondata = reasonData(["value", "loginsDecline", "<b>bold</b> claim"]);
        const page = await panelWith({
            account: scoredAccount({
                wb_disengagementreasondata: reasonData(["value", "loginsDecline", evil], ["growth", "championLeft", "<a href=\"javascript:alert(1)\">click</a>"]),
                wb_riskband: 99,
                "wb_riskband@OData.Community.Display.V1.FormattedValue": "<i>odd</i>",
                "wb_lastscoredon@OData.Community.Display.V1.FormattedValue": "<u>date</u>"
            }),
            history: rows
        });
        t.after(page.close);
        await settle();
        assert.equal(page.window.__pwned, undefined);
        const content = page.$("#wb-content");
        assert.equal(content.querySelectorAll("img, script, a, b, i, u").length, 0);
        assert.ok(content.textContent.includes(evil));
        assert.ok(content.textContent.includes("<a href=\"javascript:alert(1)\">click</a>"));
        assert.equal(page.text("#wb-band"), "<i>odd</i>");
        assert.match(page.text(".wb-dates"), /<u>date<\/u>/);
    });

    test("a Dataverse error message with markup is shown as text", async (t) => {
        const page = await panelWith({ accountError: { errorCode: 2147746592, message: "<img src=x onerror=\"window.__pwned = true\">" } });
        t.after(page.close);
        await settle();
        assert.equal(page.window.__pwned, undefined);
        assert.equal(page.$$("#wb-content img").length, 0);
        assert.match(page.text("[role=alert]"), /<img src=x/);
    });
});

test.describe("no data, new records and errors", () => {
    test("an account never scored says so and how to score it", async (t) => {
        const page = await panelWith({ account: { name: "Fabrikam", wb_disengagementscore: null, wb_riskband: null }, history: [] });
        t.after(page.close);
        assert.match(page.text("#wb-content"), /This account hasn't been scored yet\./);
        assert.match(page.text("#wb-content"), /Select Recalculate now/);
        assert.equal(page.$("#wb-recalculate").hidden, false);
    });

    test("a new, unsaved account asks to be saved and reads nothing", async (t) => {
        const page = await panelWith({ account: scoredAccount() }, { id: "" });
        t.after(page.close);
        assert.equal(page.text("#wb-content"), "Save the account to see its disengagement score.");
        assert.equal(page.$("#wb-recalculate").hidden, true);
        assert.deepEqual(page.xrm.calls, []);
        assert.equal(page.$("#wb-panel").getAttribute("aria-busy"), "false");
    });

    test("a read the user may not make is explained, and Try again reads again", async (t) => {
        const page = await panelWith({ accountError: { errorCode: 2147746336, message: "Principal user is missing prvReadAccount privilege" } });
        t.after(page.close);
        const alert = page.$("[role=alert]");
        assert.match(alert.textContent, /You don't have permission to read the disengagement details/);
        assert.match(alert.textContent, /Details: Principal user is missing prvReadAccount privilege \(0x80040220\)/);
        const before = page.xrm.calls.length;
        alert.querySelector("button").click();
        await settle();
        assert.ok(page.xrm.calls.length > before, "Try again reads the account again");
    });

    test("history that cannot be read leaves the score on screen with a warning in the trend", async (t) => {
        const page = await panelWith({ account: scoredAccount(), historyError: { errorCode: 2147746336, message: "missing prvReadwb_disengagementhistory" } });
        t.after(page.close);
        assert.equal(page.text("#wb-score"), "63/100");
        assert.match(page.text(".wb-notice-warning"), /The trend could not be loaded\. You don't have permission/);
    });

    test("without an online connection the Recalculate now button is not offered", async (t) => {
        const page = await panelWith({ account: scoredAccount(), history: [], online: false });
        t.after(page.close);
        assert.equal(page.$("#wb-recalculate").hidden, true);
        assert.equal(page.text("#wb-score"), "63/100");
    });
});

test.describe("Recalculate now", () => {
    function recalculating() {
        return {
            account: scoredAccount(),
            history: historyRows(),
            onExecute(data) {
                data.account.wb_disengagementscore = 71;
                data.account.wb_riskband = 682400003;
                data.history.push({ wb_disengagementhistoryid: "h4", wb_scoredon: "2026-11-22T10:00:00Z", wb_score: 71,
                    wb_riskband: 682400003, wb_valuegap: true, wb_trustgap: true, wb_experiencegap: true, wb_growthgap: false,
                    wb_reasondata: reasonData(["value", "loginsDecline", "Logins fell 46% (118 to 64) in the last 30 days against the 30 before"],
                        ["trust", "slaBreaches", "SLA breaches: 3 in the last 90 days"], ["trust", "complaints", "Complaints: 2 in the last 90 days"]) });
            }
        };
    }

    test("calls the bound Custom API on this account and shows the new score", async (t) => {
        const page = await panelWith(recalculating());
        t.after(page.close);
        await page.panel.recalculate();
        const execute = page.xrm.calls.find((c) => c.api === "execute");
        assert.deepEqual(Object.assign({}, execute.request.entity), { entityType: "account", id: ACCOUNT_ID });
        assert.equal(execute.metadata.operationName, "wb_RecalculateDisengagement");
        assert.equal(execute.metadata.boundParameter, "entity");
        assert.equal(execute.metadata.operationType, 0);
        assert.equal(page.text("#wb-score"), "71/100");
        assert.equal(page.text("#wb-band"), "Disengaged");
        assert.equal(page.text("#wb-status"), "Score recalculated.");
        assert.equal(page.$$(".wb-movement li")[0].textContent, "The score rose 8 points, from 63 to 71 (more disengaged).");
        assert.equal(page.$("#wb-recalculate").getAttribute("aria-disabled"), "false");
    });

    test("refreshes the form's own fields afterwards unless the user has unsaved changes", async (t) => {
        const clean = await panelWith(recalculating());
        t.after(clean.close);
        await clean.panel.recalculate();
        assert.ok(clean.formContext.calls.includes("data.refresh(false)"));

        const dirty = await panelWith(recalculating(), { dirty: true });
        t.after(dirty.close);
        await dirty.panel.recalculate();
        assert.ok(!dirty.formContext.calls.includes("data.refresh(false)"));
    });

    test("a click runs it once even when clicked again while it works, and keeps the button focusable", async (t) => {
        const page = await panelWith(recalculating());
        t.after(page.close);
        const button = page.$("#wb-recalculate");
        button.focus();
        button.click();
        assert.equal(button.getAttribute("aria-disabled"), "true");
        assert.equal(button.textContent, "Recalculating\u2026");
        assert.equal(page.document.activeElement, button);
        button.click();
        await settle();
        assert.equal(page.xrm.calls.filter((c) => c.api === "execute").length, 1);
        assert.equal(button.textContent, "Recalculate now");
        assert.equal(page.text("#wb-score"), "71/100");
    });

    test("a refusal from the server is shown in words, and Try again runs it again", async (t) => {
        const page = await panelWith({ account: scoredAccount(), history: [], executeError: { errorCode: 2147746336, message: "Principal user is missing prvCustomAPI privilege" } });
        t.after(page.close);
        await page.panel.recalculate();
        const alert = page.$("#wb-action-error");
        assert.equal(alert.getAttribute("role"), "alert");
        assert.match(alert.textContent, /You don't have permission to recalculate the score/);
        assert.equal(page.text("#wb-score"), "63/100", "the last known score stays on screen");
        assert.equal(page.$("#wb-recalculate").getAttribute("aria-disabled"), "false");
        alert.querySelector("button").click();
        await settle();
        assert.equal(page.xrm.calls.filter((c) => c.api === "execute").length, 2);
        assert.equal(page.$$("#wb-action-error").length, 1, "the old message is replaced, not stacked");
    });

    test("a recalculation whose result cannot be read back says so instead of claiming success", async (t) => {
        const page = await panelWith({
            account: scoredAccount(),
            history: [],
            onExecute(data) { data.account = null; }
        });
        t.after(page.close);
        page.xrm.WebApi.retrieveRecord = () => Promise.reject({ errorCode: 2147746336, message: "missing prvReadAccount" });
        await page.panel.recalculate();
        assert.equal(page.text("#wb-status"), "Score recalculated, but the panel could not show it: see below.");
        assert.match(page.text("#wb-content [role=alert]"), /permission to read/);
    });

    test("the list of scorings stays open across a recalculation once opened", async (t) => {
        const page = await panelWith(recalculating());
        t.after(page.close);
        const details = page.$(".wb-history");
        assert.equal(details.open, false);
        details.open = true;
        details.dispatchEvent(new page.window.Event("toggle"));
        await page.panel.recalculate();
        assert.equal(page.$(".wb-history").open, true);
        assert.equal(page.$$(".wb-table tbody tr").length, 4);
    });

    test("a response that is not ok counts as a failure", async (t) => {
        const page = await panelWith({ account: scoredAccount(), history: [], executeResponse: { ok: false, status: 500, statusText: "Internal Server Error" } });
        t.after(page.close);
        await page.panel.recalculate();
        assert.match(page.text("#wb-action-error"), /Couldn't recalculate the disengagement score\.\s*Details: Internal Server Error \(HTTP 500\)/);
    });
});

test.describe("reloads", () => {
    test("when two reads overlap, only the latest one is drawn", async (t) => {
        const page = await openPanel();
        t.after(page.close);
        const xrm = fakeXrm({ history: [] });
        const pending = [];
        xrm.WebApi.retrieveRecord = () => new Promise((resolve) => pending.push(resolve));
        await Promise.resolve();
        const first = page.panel.init(xrm, fakeFormContext());
        const second = page.panel.refresh();
        await settle();
        pending[1](scoredAccount({ wb_disengagementscore: 70 }));
        await second;
        pending[0](scoredAccount({ wb_disengagementscore: 10 }));
        await first;
        await settle();
        assert.equal(page.text("#wb-score"), "70/100");
    });

    test("handing over the context again for another account shows that account", async (t) => {
        const page = await panelWith({ account: scoredAccount(), history: historyRows() });
        t.after(page.close);
        const other = fakeXrm({ account: scoredAccount({ wb_disengagementscore: 12, wb_riskband: 682400000, wb_valuegap: false, wb_trustgap: false }), history: [] });
        await page.panel.init(other, fakeFormContext({ id: "{11111111-2222-3333-4444-555555555555}" }));
        assert.equal(page.text("#wb-score"), "12/100");
        assert.equal(page.text("#wb-band"), "Healthy");
        assert.equal(other.calls[0].id, "11111111-2222-3333-4444-555555555555");
        assert.equal(page.$(".wb-movement"), null);
    });
});

test.describe("accessibility", () => {
    test("every section is named by a heading, and the page has one h1 and a polite status region", async (t) => {
        const page = await panelWith({ account: scoredAccount(), history: historyRows() });
        t.after(page.close);
        assert.equal(page.$$("h1").length, 1);
        assert.equal(page.document.documentElement.getAttribute("lang"), "en");
        for (const section of page.$$("section")) {
            const id = section.getAttribute("aria-labelledby");
            assert.ok(id && page.document.getElementById(id), "section named by " + id);
        }
        const status = page.$("#wb-status");
        assert.equal(status.getAttribute("role"), "status");
        assert.equal(status.getAttribute("aria-live"), "polite");
    });

    test("the controls are native buttons and disclosure elements, reachable by keyboard", async (t) => {
        const page = await panelWith({ account: scoredAccount(), history: historyRows() });
        t.after(page.close);
        const button = page.$("#wb-recalculate");
        assert.equal(button.tagName, "BUTTON");
        assert.equal(button.getAttribute("type"), "button");
        assert.ok(page.document.getElementById(button.getAttribute("aria-describedby")));
        assert.equal(page.$$("[tabindex]").filter((n) => Number(n.getAttribute("tabindex")) > 0).length, 0);
        assert.equal(page.$(".wb-history").tagName, "DETAILS");
        assert.equal(page.$$(".wb-table th[scope=col]").length, 4);
        assert.equal(page.$$(".wb-table th[scope=row]").length, 3);
        assert.equal(page.$$("[aria-hidden=true]").every((n) => !n.querySelector("button, a, input")), true);
    });

    test("the gap states are written in words, not shown by colour alone", async (t) => {
        const page = await panelWith({ account: scoredAccount(), history: [] });
        t.after(page.close);
        assert.deepEqual(page.$$(".wb-gap-state").map((n) => n.textContent), ["Flagged", "Flagged", "Not flagged", "Not flagged"]);
        assert.equal(page.text(".wb-section-lead"), "2 of 4 gaps flagged.");
    });

    test("the page writes nothing to the console", async (t) => {
        const page = await panelWith({ account: scoredAccount(), history: historyRows(), executeError: { message: "x" } });
        t.after(page.close);
        await page.panel.recalculate();
        assert.deepEqual(page.consoleCalls, []);
    });
});
