"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const model = require("../src/wb_/account/disengagement.model.js");

const ID = "5a3e0c7e-1d2b-4c6a-9f00-0123456789ab";

/** Reasons as the server stores them: one JSON object a line. */
function data(...reasons) {
    return reasons.map(([gap, signal, text, kind]) =>
        JSON.stringify({ gap, signal, kind: kind || "concern", points: 5, text })).join("\n");
}

function scoring(overrides) {
    return Object.assign({
        wb_disengagementhistoryid: "00000000-0000-0000-0000-000000000001",
        wb_scoredon: "2026-11-01T06:00:00Z",
        wb_score: 40,
        wb_riskband: 682400001,
        wb_valuegap: false,
        wb_trustgap: false,
        wb_experiencegap: false,
        wb_growthgap: false,
        wb_reasons: ""
    }, overrides);
}

test.describe("bands and gaps", () => {
    test("the four risk bands carry the publisher's choice values in order", () => {
        assert.deepEqual(model.BANDS.map((b) => [b.value, b.label]), [
            [682400000, "Healthy"], [682400001, "Watch"], [682400002, "At risk"], [682400003, "Disengaged"]
        ]);
    });

    test("a band is found from its choice value, as number or string, and unknown values give none", () => {
        assert.equal(model.bandFor(682400002).label, "At risk");
        assert.equal(model.bandFor("682400003").label, "Disengaged");
        assert.equal(model.bandFor(1), null);
        assert.equal(model.bandFor(null), null);
    });

    test("the four gaps read the account's two-option columns", () => {
        assert.deepEqual(model.GAPS.map((g) => g.column), ["wb_valuegap", "wb_trustgap", "wb_experiencegap", "wb_growthgap"]);
    });

    test("a score is a whole number kept within 0 to 100, and a missing score stays missing", () => {
        assert.equal(model.toScore(72), 72);
        assert.equal(model.toScore(72.6), 73);
        assert.equal(model.toScore(140), 100);
        assert.equal(model.toScore(-3), 0);
        assert.equal(model.toScore(null), null);
        assert.equal(model.toScore(undefined), null);
        assert.equal(model.toScore("abc"), null);
    });
});

test.describe("Web API queries", () => {
    test("the form's braced upper-case id becomes the Web API's plain lower-case GUID", () => {
        assert.equal(model.normalizeId("{" + ID.toUpperCase() + "}"), ID);
        assert.equal(model.normalizeId(ID), ID);
    });

    test("anything that is not a GUID is refused, so nothing else can reach an OData filter", () => {
        assert.equal(model.normalizeId(""), null);
        assert.equal(model.normalizeId("x' or 1 eq 1"), null);
        assert.equal(model.normalizeId(ID + " or true"), null);
        assert.equal(model.normalizeId(undefined), null);
        assert.throws(() => model.historyQuery("abc"), /GUID/);
    });

    test("the account is read with explicit columns only", () => {
        assert.equal(model.accountQuery(),
            "?$select=name,wb_disengagementscore,wb_riskband,wb_valuegap,wb_trustgap,wb_experiencegap,wb_growthgap," +
            "wb_disengagementreasons,wb_disengagementreasondata,wb_lastscoredon,wb_lastchangedon,wb_flaggedon");
    });

    test("history is read for this account only, latest first, a dozen rows", () => {
        const query = model.historyQuery("{" + ID.toUpperCase() + "}");
        assert.equal(query,
            "?$select=wb_disengagementhistoryid,wb_scoredon,wb_score,wb_riskband,wb_valuegap,wb_trustgap," +
            "wb_experiencegap,wb_growthgap,wb_reasons,wb_reasondata" +
            "&$filter=_wb_accountid_value eq " + ID +
            "&$orderby=wb_scoredon desc&$top=12");
        assert.match(model.historyQuery(ID, 5), /\$top=5$/);
    });

    test("Recalculate now is the bound action wb_RecalculateDisengagement on this account", () => {
        const request = model.recalculateRequest("{" + ID.toUpperCase() + "}");
        assert.deepEqual(request.entity, { entityType: "account", id: ID });
        assert.deepEqual(request.getMetadata(), {
            boundParameter: "entity",
            parameterTypes: { entity: { typeName: "mscrm.account", structuralProperty: 5 } },
            operationType: 0,
            operationName: "wb_RecalculateDisengagement"
        });
        assert.throws(() => model.recalculateRequest(null), /GUID/);
    });
});

test.describe("reasons", () => {
    test("one reason per line, whatever the line endings, without blank lines or bullets", () => {
        const text = "Logins fell 46% (118 to 64) in the last 30 days against the 30 before\r\n\r\n" +
            "- 3 SLA breaches in 90 days\n\u2022 No won opportunity in 12 months\r   \n";
        assert.deepEqual(model.parseReasons(text), [
            "Logins fell 46% (118 to 64) in the last 30 days against the 30 before",
            "3 SLA breaches in 90 days",
            "No won opportunity in 12 months"
        ]);
        assert.deepEqual(model.parseReasons(null), []);
        assert.deepEqual(model.parseReasons(""), []);
    });

    test("each reason carries its gap, signal and kind as data, in the stored order", () => {
        const reasons = model.toReasons(data(
            ["trust", "slaBreaches", "SLA breaches: 3 in the last 90 days (threshold 2)"],
            ["value", "loginsDecline", "Logins change not available", "notAvailable"]
        ), "ignored when there is data");
        assert.deepEqual(reasons, [
            { gap: "trust", signal: "slaBreaches", unavailable: false, points: 5, text: "SLA breaches: 3 in the last 90 days (threshold 2)" },
            { gap: "value", signal: "loginsDecline", unavailable: true, points: 5, text: "Logins change not available" }
        ]);
    });

    test("a sentence is never read for its gap: without data, plain lines are reasons of unknown gap", () => {
        const reasons = model.toReasons(null, "SLA breaches: 3 in the last 90 days (threshold 2)\nTrust: 1 complaint");
        assert.deepEqual(reasons.map((r) => [r.gap, r.signal, r.text]), [
            [null, null, "SLA breaches: 3 in the last 90 days (threshold 2)"],
            [null, null, "Trust: 1 complaint"]
        ]);
        assert.equal(typeof model.classifyReason, "undefined");
    });

    test("data lines that are not reasons are skipped, and an unknown gap stays unknown", () => {
        const reasons = model.toReasons("not json\n" + JSON.stringify({ gap: "morale", signal: "x", kind: "concern", text: "Morale fell" }) + "\n{}", "");
        assert.deepEqual(reasons.map((r) => [r.gap, r.text]), [[null, "Morale fell"]]);
    });

    test("reasons are grouped by their gap; not available ones apart; unknown ones under other", () => {
        const groups = model.groupReasons(model.toReasons(data(
            ["trust", "slaBreaches", "SLA breaches: 3 in the last 90 days (threshold 2)"],
            ["value", "loginsDecline", "Logins change not available", "notAvailable"],
            ["growth", "lowEmailOpenRate", "Email open rate not available", "notAvailable"]
        )).concat(model.toReasons(null, "Board changed its strategy")));
        assert.deepEqual(groups.trust, ["SLA breaches: 3 in the last 90 days (threshold 2)"]);
        assert.deepEqual(groups.missing.value, ["Logins change not available"]);
        assert.deepEqual(groups.missing.growth, ["Email open rate not available"]);
        assert.deepEqual(groups.other, ["Board changed its strategy"]);
        assert.deepEqual(groups.value, []);
    });

    test("markup in a reason is kept as plain text for the page to write as text", () => {
        const groups = model.groupReasons(model.toReasons(null, "<img src=x onerror=alert(1)> spend fell"));
        assert.deepEqual(groups.other, ["<img src=x onerror=alert(1)> spend fell"]);
    });
});

test.describe("the account view", () => {
    test("an account row becomes score, band, gaps, grouped reasons and dates", () => {
        const view = model.toAccountView({
            name: "Contoso",
            wb_disengagementscore: 72,
            wb_riskband: 682400002,
            "wb_riskband@OData.Community.Display.V1.FormattedValue": "At risk",
            wb_valuegap: true,
            wb_trustgap: false,
            wb_experiencegap: true,
            wb_growthgap: false,
            wb_disengagementreasons: "Spend fell 20%\nComplaints: 2 in the last 90 days",
            wb_disengagementreasondata: data(["value", "spendDecline", "Spend fell 20%"], ["trust", "complaints", "Complaints: 2 in the last 90 days"]),
            wb_lastscoredon: "2026-11-20T06:00:00Z",
            "wb_lastscoredon@OData.Community.Display.V1.FormattedValue": "20/11/2026 07:00",
            wb_flaggedon: "2026-11-02T06:00:00Z"
        });
        assert.equal(view.score, 72);
        assert.equal(view.band.key, "atrisk");
        assert.equal(view.bandText, "At risk");
        assert.deepEqual(view.gaps.map((g) => [g.key, g.flagged]),
            [["value", true], ["trust", false], ["experience", true], ["growth", false]]);
        assert.deepEqual(view.reasonGroups.value, ["Spend fell 20%"]);
        assert.deepEqual(view.reasonGroups.trust, ["Complaints: 2 in the last 90 days"]);
        assert.deepEqual(view.reasons, ["Spend fell 20%", "Complaints: 2 in the last 90 days"]);
        assert.equal(view.lastScoredOnText, "20/11/2026 07:00");
        assert.equal(view.flaggedOnText, null);
        assert.equal(model.hasScore(view), true);
    });

    test("an account never scored has no score, no band and no flags", () => {
        const view = model.toAccountView({ name: "New Co", wb_disengagementscore: null, wb_riskband: null });
        assert.equal(view.score, null);
        assert.equal(view.band, null);
        assert.equal(view.gaps.some((g) => g.flagged), false);
        assert.equal(model.hasScore(view), false);
    });

    test("an unknown band value falls back to the server's formatted label", () => {
        const view = model.toAccountView({ wb_riskband: 5, "wb_riskband@OData.Community.Display.V1.FormattedValue": "Custom" });
        assert.equal(view.band, null);
        assert.equal(view.bandText, "Custom");
    });
});

test.describe("trend and why it moved", () => {
    test("history comes back oldest first whatever order the rows arrive in, without undated rows", () => {
        const history = model.toHistory([
            scoring({ wb_scoredon: "2026-11-15T06:00:00Z", wb_score: 55 }),
            scoring({ wb_scoredon: "2026-11-01T06:00:00Z", wb_score: 40 }),
            scoring({ wb_scoredon: null, wb_score: 99 }),
            scoring({ wb_scoredon: "2026-11-08T06:00:00Z", wb_score: 48 })
        ]);
        assert.deepEqual(history.map((h) => h.score), [40, 48, 55]);
    });

    test("a rise names the points, the bands, the newly flagged and the cleared gaps", () => {
        const [before, after] = model.toHistory([
            scoring({ wb_score: 48, wb_riskband: 682400001, wb_growthgap: true }),
            scoring({ wb_scoredon: "2026-11-08T06:00:00Z", wb_score: 63, wb_riskband: 682400002, wb_trustgap: true, wb_valuegap: true })
        ]);
        const diff = model.compareScorings(before, after);
        assert.equal(diff.scoreDelta, 15);
        assert.equal(diff.direction, "up");
        assert.deepEqual(diff.gapsRaised, ["Value", "Trust"]);
        assert.deepEqual(diff.gapsCleared, ["Growth"]);
        assert.deepEqual(model.describeMovement(diff), [
            "The score rose 15 points, from 48 to 63 (more disengaged).",
            "The risk band moved from Watch to At risk.",
            "Newly flagged: Value and Trust gaps.",
            "No longer flagged: Growth gap."
        ]);
    });

    test("a fall of one point reads in the singular, and an unchanged band is not mentioned", () => {
        const [before, after] = model.toHistory([
            scoring({ wb_score: 41 }),
            scoring({ wb_scoredon: "2026-11-08T06:00:00Z", wb_score: 40 })
        ]);
        assert.deepEqual(model.describeMovement(model.compareScorings(before, after)),
            ["The score fell 1 point, from 41 to 40 (less disengaged)."]);
    });

    test("a steady score says it held", () => {
        const [before, after] = model.toHistory([
            scoring({ wb_score: 40 }),
            scoring({ wb_scoredon: "2026-11-08T06:00:00Z", wb_score: 40 })
        ]);
        assert.deepEqual(model.describeMovement(model.compareScorings(before, after)), ["The score held at 40."]);
    });

    test("reasons are compared by signal: new, changed (same signal, new figures) and gone", () => {
        const [before, after] = model.toHistory([
            scoring({ wb_reasondata: data(
                ["value", "loginsDecline", "Logins fell 20% (100 to 80) in the last 30 days"],
                ["trust", "slaBreaches", "SLA breaches: 1 in the last 90 days"],
                ["value", "spendDecline", "Spend fell 10%"]) }),
            scoring({
                wb_scoredon: "2026-11-08T06:00:00Z",
                wb_reasondata: data(
                    ["value", "loginsDecline", "Logins fell 46% (118 to 64) in the last 30 days"],
                    ["value", "spendDecline", "Spend fell 10%"],
                    ["growth", "championLeft", "Champion left: the primary contact is no longer active"])
            })
        ]);
        const diff = model.compareScorings(before, after);
        assert.deepEqual(diff.reasonsAdded, ["Champion left: the primary contact is no longer active"]);
        assert.deepEqual(diff.reasonsChanged, [{
            from: "Logins fell 20% (100 to 80) in the last 30 days",
            to: "Logins fell 46% (118 to 64) in the last 30 days"
        }]);
        assert.deepEqual(diff.reasonsRemoved, ["SLA breaches: 1 in the last 90 days"]);
    });

    test("a scoring without a score says the change cannot be measured", () => {
        const [before, after] = model.toHistory([
            scoring({ wb_score: null }),
            scoring({ wb_scoredon: "2026-11-08T06:00:00Z", wb_score: 40 })
        ]);
        const diff = model.compareScorings(before, after);
        assert.equal(diff.direction, "unknown");
        assert.match(model.describeMovement(diff)[0], /cannot be measured/);
    });

    test("trend points run left to right, oldest first, with 100 at the top", () => {
        const history = model.toHistory([
            scoring({ wb_score: 0 }),
            scoring({ wb_scoredon: "2026-11-08T06:00:00Z", wb_score: 100 }),
            scoring({ wb_scoredon: "2026-11-15T06:00:00Z", wb_score: 50 })
        ]);
        const points = model.trendPoints(history, 200, 50, 5);
        assert.deepEqual(points.map((p) => [p.x, p.y]), [[5, 45], [100, 5], [195, 25]]);
        assert.deepEqual(model.trendPoints([], 200, 50), []);
        assert.equal(model.trendPoints(history.slice(0, 1), 200, 50, 5)[0].x, 100);
    });
});

test.describe("trend summary", () => {
    function scores(...values) {
        return model.toHistory(values.map((v, i) => scoring({ wb_scoredon: "2026-11-" + String(i + 1).padStart(2, "0") + "T06:00:00Z", wb_score: v })));
    }

    test("says where the score went over the scorings shown", () => {
        assert.equal(model.trendSummary(scores(31, 35, 48, 52, 63)), "Up from 31 to 63 over 5 scorings.");
        assert.equal(model.trendSummary(scores(70, 40)), "Down from 70 to 40 over 2 scorings.");
        assert.equal(model.trendSummary(scores(40, 40, 40)), "Steady at 40 over 3 scorings.");
    });

    test("names the extremes when the path went beyond both ends", () => {
        assert.equal(model.trendSummary(scores(40, 80, 20, 50)), "Up from 40 to 50 over 4 scorings (lowest 20, highest 80).");
    });

    test("says nothing with fewer than two scores", () => {
        assert.equal(model.trendSummary(scores(40)), null);
        assert.equal(model.trendSummary([]), null);
    });
});

test.describe("dates", () => {
    test("the server's formatted date (user's format and time zone) is preferred", () => {
        assert.equal(model.formatDate("2026-11-20T06:00:00Z", "20/11/2026 07:00"), "20/11/2026 07:00");
    });

    test("without one, the date is formatted in the browser's locale, and nonsense gives nothing", () => {
        const text = model.formatDate("2026-11-20T06:00:00Z", null, "en-GB");
        assert.match(text, /20 Nov 2026/);
        assert.equal(model.formatDate("not a date"), "");
        assert.equal(model.formatDate(null), "");
    });

    test("the age of a date reads as people say it", () => {
        const now = Date.parse("2026-11-22T12:00:00Z");
        assert.equal(model.formatAge("2026-11-22T06:00:00Z", now), "today");
        assert.equal(model.formatAge("2026-11-21T06:00:00Z", now), "yesterday");
        assert.equal(model.formatAge("2026-11-17T06:00:00Z", now), "5 days ago");
        assert.equal(model.formatAge("2026-08-22T06:00:00Z", now), "3 months ago");
        assert.equal(model.formatAge("2023-11-01T06:00:00Z", now), "3 years ago");
        assert.equal(model.formatAge("2026-12-01T06:00:00Z", now), null);
        assert.equal(model.formatAge("garbage", now), null);
    });
});

test.describe("error wording", () => {
    test("a missing privilege tells the user which role to ask for, whichever sign the code has", () => {
        const positive = model.describeError({ errorCode: 2147746336, message: "Principal user is missing prvReadwb_disengagementhistory privilege" }, "load");
        assert.match(positive.title, /don't have permission to read/);
        assert.equal(positive.code, "0x80040220");
        const negative = model.describeError({ errorCode: -2147220960, message: "x" }, "recalculate");
        assert.match(negative.title, /permission to recalculate/);
        assert.match(negative.title, /Win-back/);
    });

    test("a deleted account, a missing solution and throttling each get their own words", () => {
        assert.match(model.describeError({ errorCode: -2147220969, message: "account With Id = x Does Not Exist" }).title, /could not be found/);
        assert.match(model.describeError({ errorCode: 0x8006088a, message: "Resource not found for the segment 'wb_RecalculateDisengagement'." }, "recalculate").title,
            /import the WinBack solution/);
        assert.match(model.describeError({ errorCode: 0, message: "Could not find a property named 'wb_riskband' on type 'Microsoft.Dynamics.CRM.account'." }).title,
            /solution is missing/);
        assert.match(model.describeError({ errorCode: 0x80072322, message: "Number of requests exceeded the limit" }).title, /busy/);
        assert.match(model.describeError({ message: "Failed to fetch" }).title, /No connection/);
    });

    test("anything else says what could not be done and keeps Dataverse's own message as the detail", () => {
        const described = model.describeError({ errorCode: 2147746592, message: "The plug-in refused: <b>policy invalid</b>" }, "recalculate");
        assert.equal(described.title, "Couldn't recalculate the disengagement score.");
        assert.equal(described.detail, "The plug-in refused: <b>policy invalid</b>");
        assert.equal(model.describeError(undefined).title, "Couldn't load the disengagement details.");
        assert.equal(model.describeError(new Error("boom")).detail, "boom");
    });

    test("an error code given as hex text is understood", () => {
        assert.equal(model.describeError({ code: "0x80040217", message: "" }).code, "0x80040217");
    });
});
