"use strict";
// The panel's logic (src/wb_/account/model.ts) run under node from its TypeScript source.
const test = require("node:test");
const assert = require("node:assert/strict");
const { requireTs } = require("../testing/typescript.js");

const model = requireTs("src/wb_/account/model.ts");
const ID = "5a3e0c7e-1d2b-4c6a-9f00-0123456789ab";
const F = "@OData.Community.Display.V1.FormattedValue";

function line(gap, signal, points, text, kind, value) {
    return JSON.stringify({ gap, signal, kind: kind || "concern", points, value, text });
}

function history(...rows) {
    return model.toHistory(rows.map(([day, score, band]) => ({ wb_disengagementhistoryid: "h" + day, wb_scoredon: `2026-11-${day}T06:00:00Z`, wb_score: score, wb_riskband: band })));
}

test.describe("queries", () => {
    test("ids from the form are checked and normalised; anything else never reaches a filter", () => {
        assert.equal(model.normalizeId("{5A3E0C7E-1D2B-4C6A-9F00-0123456789AB}"), ID);
        assert.equal(model.normalizeId("x' or 1 eq 1"), null);
        assert.throws(() => model.historyQuery("1 or true"), /needs the account's GUID/);
        assert.throws(() => model.evidenceQueries("nope", [], null), /needs the account's GUID/);
    });

    test("the account is read with explicit columns, the checked and changed dates apart, and its primary contact", () => {
        const q = model.accountQuery();
        for (const column of ["wb_lastscoredon", "wb_lastchangedon", "wb_disengagementreasondata", "_primarycontactid_value"]) assert.match(q, new RegExp(column));
        assert.match(model.historyQuery(ID), new RegExp(`_wb_accountid_value eq ${ID}&\\$orderby=wb_scoredon desc&\\$top=12`));
    });

    test("Recalculate now is the bound action wb_RecalculateDisengagement", () => {
        const request = model.recalculateRequest("{" + ID.toUpperCase() + "}");
        assert.deepEqual(request.entity, { entityType: "account", id: ID });
        const meta = request.getMetadata();
        assert.equal(meta.operationName, "wb_RecalculateDisengagement");
        assert.equal(meta.operationType, 0);
        assert.equal(meta.boundParameter, "entity");
    });

    test("evidence is one query per kind of record, only for the signals among the drivers", () => {
        const reasons = model.toReasons([
            line("trust", "slaBreaches", 10, "SLA breaches: 3"),
            line("growth", "lostOpportunities", 5, "Lost opportunities: 2"),
            line("growth", "championLeft", 7, "The primary contact left"),
            line("experience", "lowSatisfaction", 0, "Satisfaction not available", "notAvailable")
        ].join("\n"));
        const queries = model.evidenceQueries(ID, reasons, "2026-06-15T00:00:00Z");
        assert.deepEqual(queries.map((q) => [q.signal, q.entity]), [["slaBreaches", "incident"], ["lostOpportunities", "opportunity"]]);
        assert.ok(queries[0].query.includes(`_customerid_value eq ${ID} and (wb_slabreached eq true or (statecode eq 0 and resolveby lt 2026-06-15T00:00:00.000Z))`),
            "open cases count as breached as of the scoring, as the plug-in counted them: " + queries[0].query);
        assert.match(queries[1].query, new RegExp(`_parentaccountid_value eq ${ID} and statecode eq 2`));
        assert.deepEqual(model.evidenceQueries(ID, model.toReasons(line("trust", "slaBreaches", 0, "SLA breaches not available", "notAvailable")), null), []);
    });

    test("evidence rows become links; rows without a valid id are dropped", () => {
        const links = model.evidenceLinks("incident", [
            { incidentid: ID, ticketnumber: "CAS-1", title: "<b>Down</b>", createdon: "2026-11-02T00:00:00Z" },
            { incidentid: "not-a-guid", title: "x" }
        ]);
        assert.deepEqual(links, [{ entity: "incident", id: ID, name: "CAS-1 <b>Down</b>", date: "2026-11-02T00:00:00Z" }]);
    });
});

test.describe("reasons", () => {
    test("data lines carry gap, signal, kind, points and value; broken lines are skipped", () => {
        const reasons = model.toReasons([line("value", "loginsDecline", 12.5, "Logins fell 46%", "concern", 46), "{broken", "", line("nope", "x", 1, "Odd gap")].join("\n"));
        assert.deepEqual(reasons[0], { gap: "value", signal: "loginsDecline", unavailable: false, points: 12.5, value: 46, text: "Logins fell 46%" });
        assert.equal(reasons[1].gap, null);
        assert.equal(reasons.length, 2);
    });

    test("bidirectional overrides in reasons and names are named, so they cannot reorder what a user reads", () => {
        assert.equal(model.toReasons(line("value", "x", 1, "a \u202Etxt.exe"))[0].text, "a [U+202E]txt.exe");
        assert.equal(model.toReasons(null, "b \u2066c")[0].text, "b [U+2066]c");
        assert.equal(model.toAccountView({ name: "\u202Dn", ["_primarycontactid_value" + F]: "\u202Ex" }).primaryContactName, "[U+202E]x");
        assert.equal(model.evidenceLinks("opportunity", [{ opportunityid: ID, name: "\u202Eevil" }])[0].name, "[U+202E]evil");
    });

    test("without data each plain line is a concern of unknown gap (no gap read out of a sentence)", () => {
        assert.deepEqual(model.toReasons(null, "- Trust: SLA breaches\n\n• Value fell").map((r) => [r.gap, r.text]), [[null, "Trust: SLA breaches"], [null, "Value fell"]]);
    });

    test("drivers are the concerns ranked by points; not-available signals go to the coverage note, never among the causes", () => {
        const reasons = model.toReasons([
            line("growth", "lowEmailOpenRate", 0, "Email engagement not available", "notAvailable"),
            line("value", "spendDecline", 4, "Spend fell 12%"),
            line("trust", "slaBreaches", 11, "SLA breaches: 3"),
            line("value", "loginsDecline", 11, "Logins fell 46%")
        ].join("\n"));
        assert.deepEqual(model.drivers(reasons).map((r) => r.signal), ["slaBreaches", "loginsDecline", "spendDecline"]);
        assert.deepEqual(model.coverage(reasons).map((r) => r.signal), ["lowEmailOpenRate"]);
    });

    test("clear gaps are the ones not flagged", () => {
        const view = model.toAccountView({ wb_valuegap: true, wb_trustgap: false, wb_experiencegap: "1", wb_growthgap: null });
        assert.deepEqual(model.clearGaps(view), ["trust", "growth"]);
    });
});

test.describe("the account and its history", () => {
    test("the view keeps the band's server label, checked and changed apart, and the primary contact", () => {
        const view = model.toAccountView({
            name: "Contoso", wb_disengagementscore: 63.4, wb_riskband: 682400002, ["wb_riskband" + F]: "At risk",
            wb_lastscoredon: "2026-11-20T06:00:00Z", wb_lastchangedon: "2026-11-14T06:00:00Z",
            _primarycontactid_value: ID, ["_primarycontactid_value" + F]: "Ann Lee"
        });
        assert.equal(view.score, 63);
        assert.equal(view.band, "atrisk");
        assert.equal(view.bandText, "At risk");
        assert.equal(view.lastScoredOn, "2026-11-20T06:00:00Z");
        assert.equal(view.lastChangedOn, "2026-11-14T06:00:00Z");
        assert.deepEqual([view.primaryContactId, view.primaryContactName], [ID, "Ann Lee"]);
        assert.equal(model.hasScore(model.toAccountView({})), false);
    });

    test("scores are whole numbers 0-100 and nothing else", () => {
        assert.deepEqual([150, -3, "41", "x", null, ""].map(model.toScore), [100, 0, 41, null, null, null]);
    });

    test("history is sorted oldest first; rows without a date are dropped", () => {
        const rows = model.toHistory([{ wb_scoredon: "2026-11-20T00:00:00Z", wb_score: 3 }, { wb_score: 1 }, { wb_scoredon: "2026-11-01T00:00:00Z", wb_score: 2 }]);
        assert.deepEqual(rows.map((r) => r.score), [2, 3]);
    });

    test("the move is measured against the last scoring with another score, dated by it", () => {
        const view = model.toAccountView({ wb_disengagementscore: 63 });
        assert.deepEqual(model.movement(view, history(["01", 31, 682400001], ["14", 52, 682400002], ["20", 63, 682400002])), { delta: 11, since: "2026-11-14T06:00:00Z" });
        assert.deepEqual(model.movement(view, history(["14", 71, 682400003])), { delta: -8, since: "2026-11-14T06:00:00Z" });
        assert.equal(model.movement(view, history(["20", 63, 682400002])), null);
        assert.equal(model.movement(model.toAccountView({}), history(["20", 63, 682400002])), null);
    });

    test("a recalculation either changed nothing or moved the score from one number to another", () => {
        const before = model.toAccountView({ wb_disengagementscore: 63, wb_riskband: 682400002 });
        assert.deepEqual(model.outcome(before, model.toAccountView({ wb_disengagementscore: 63, wb_riskband: 682400002, wb_lastscoredon: "2026-11-21T00:00:00Z" })), { kind: "same", score: 63 });
        assert.deepEqual(model.outcome(before, model.toAccountView({ wb_disengagementscore: 71, wb_riskband: 682400003 })), { kind: "moved", from: 63, to: 71, bandChanged: true });
    });
});

test.describe("the trend", () => {
    test("points sit by date (x) and score (y, 100 at the top); zones shade each band until the next scoring; ticks date the axis", () => {
        const h = history(["01", 31, 682400001], ["06", 35, 682400001], ["11", 48, 682400002], ["21", 63, 682400002]);
        const g = model.trend(h, 400, 100, 20);
        assert.deepEqual(g.points.map((p) => p.x), [4, 102, 200, 396]);
        assert.ok(g.points[3].y < g.points[0].y, "a higher score is drawn higher");
        assert.deepEqual(g.zones, [{ band: "watch", x: 4, width: 196 }, { band: "atrisk", x: 200, width: 196 }], "equal bands in a row are one zone");
        assert.deepEqual(g.ticks.map((t) => [t.x, t.anchor]), [[4, "start"], [200, "middle"], [396, "end"]]);
        assert.equal(new Date(g.ticks[2].time).toISOString(), "2026-11-21T06:00:00.000Z");
        assert.equal(model.trend(h, 260, 100).ticks.length, 2, "a narrow chart dates only its ends");
        assert.deepEqual(model.trend(history(["01", 31, 682400001]), 400, 100).zones, [], "one scoring has no stretch to shade");
    });
});

test.describe("errors", () => {
    test("Dataverse codes and messages become kinds the page words in the user's language", () => {
        assert.equal(model.describeError({ errorCode: 2147746336, message: "Principal user is missing prvReadaccount privilege" }).kind, "privilege");
        assert.equal(model.describeError({ errorCode: -2147220969 }).kind, "notFound");
        assert.equal(model.describeError({ message: "Resource not found for the segment 'wb_x'" }).kind, "missingSolution");
        assert.equal(model.describeError({ errorCode: 0x80072322 }).kind, "throttled");
        assert.equal(model.describeError({ message: "Failed to fetch" }).kind, "offline");
        const other = model.describeError({ errorCode: 0x80040216, message: "Boom" });
        assert.deepEqual(other, { kind: "other", detail: "Boom", code: "0x80040216" });
    });
});
