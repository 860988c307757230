"use strict";
// wb_/account/commands.js (bundled from src/wb_/account/commands.ts) run as Dataverse runs a ribbon library: a
// classic script in a window with a global Xrm, its functions called with the form context (PrimaryControl).
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const bundle = fs.readFileSync(path.join(__dirname, "..", "dist", "wb_", "account", "commands.js"), "utf8");
const ACCOUNT = "11111111-2222-3333-4444-555555555555";

const reasons = [
    { gap: "value", kind: "concern", points: 6, text: "Logins fell by 30% in the last 30 days" },
    { gap: "trust", kind: "concern", points: 14, text: "SLA breaches: 4 in the last 90 days (threshold 2)" },
    { gap: "trust", kind: "notAvailable", points: 0, text: "Satisfaction: not available" }
].map((r) => JSON.stringify(r)).join("\n");

/** A fake Xrm recording every call; answers come from the given tables. */
function fakeXrm({ account, remediations = [], cases = [], languageId = 1033, failRead = false }) {
    const calls = [];
    const xrm = {
        calls,
        Utility: { getGlobalContext: () => ({ userSettings: { languageId } }) },
        WebApi: {
            retrieveRecord: async (entity, id, query) => {
                calls.push(["retrieveRecord", entity, id, query]);
                if (failRead) throw { message: "Principal user is missing prvReadAccount privilege" };
                return account;
            },
            retrieveMultipleRecords: async (entity, query) => {
                calls.push(["retrieveMultipleRecords", entity, query]);
                if (entity === "incident") return { entities: cases };
                const verifiedOnly = query.includes("statuscode eq 682400003");
                return { entities: remediations.filter((r) => !verifiedOnly || r.statuscode === 682400003) };
            },
            createRecord: async (entity, data) => { calls.push(["createRecord", entity, data]); return { entityType: entity, id: "99999999-0000-0000-0000-000000000001" }; },
            online: { execute: async (request) => { calls.push(["execute", request, request.getMetadata()]); return { ok: true }; } }
        },
        Navigation: {
            openForm: async (options, parameters) => { calls.push(["openForm", options, parameters]); return {}; },
            openAlertDialog: async (alert) => { calls.push(["alert", alert.text]); return {}; }
        }
    };
    return xrm;
}

/** Objects made inside the script's context have its prototypes: compare them as plain data. */
const plain = (value) => JSON.parse(JSON.stringify(value ?? null));

function load(xrm) {
    const context = vm.createContext({ Xrm: xrm, Intl, Promise, JSON, Math, Date });
    vm.runInContext(bundle, context);
    return context.WinBack.Commands;
}

function form(id = "{" + ACCOUNT.toUpperCase() + "}", name = "Contoso") {
    return { data: { entity: { getId: () => id, getEntityName: () => "account", getPrimaryAttributeValue: () => name } } };
}

const flagged = { name: "Contoso", wb_riskband: 682400002, wb_trustgap: true, wb_valuegap: true, wb_disengagementreasondata: reasons };

test("Start remediation is enabled on a flagged account only, and never on a new or unreadable one", async () => {
    assert.equal(await load(fakeXrm({ account: flagged })).canStartRemediation(form()), true);
    assert.equal(await load(fakeXrm({ account: { ...flagged, wb_riskband: 682400003 } })).canStartRemediation(form()), true);
    assert.equal(await load(fakeXrm({ account: { ...flagged, wb_riskband: 682400001 } })).canStartRemediation(form()), false);
    assert.equal(await load(fakeXrm({ account: { ...flagged, wb_riskband: null } })).canStartRemediation(form()), false);
    assert.equal(await load(fakeXrm({ account: flagged })).canStartRemediation(form("")), false);
    assert.equal(await load(fakeXrm({ account: flagged, failRead: true })).canStartRemediation(form()), false);
});

test("Draft outreach is enabled only when a Verified remediation of the account exists", async () => {
    const fixed = { wb_remediationid: "r1", wb_name: "Slow replies", statuscode: 682400002 };
    const verified = { wb_remediationid: "r2", wb_name: "Slow replies", statuscode: 682400003 };
    assert.equal(await load(fakeXrm({ account: flagged, remediations: [fixed] })).canDraftOutreach(form()), false);
    const xrm = fakeXrm({ account: flagged, remediations: [fixed, verified] });
    assert.equal(await load(xrm).canDraftOutreach(form()), true);
    assert.match(xrm.calls.find((c) => c[0] === "retrieveMultipleRecords")[2], new RegExp(`_wb_accountid_value eq ${ACCOUNT} and statecode eq 0 and statuscode eq 682400003`));
    // The control group gets no outreach (the gate refuses it): no button.
    assert.equal(await load(fakeXrm({ account: { ...flagged, wb_holdout: true }, remediations: [verified] })).canDraftOutreach(form()), false);
});

test("Start remediation creates the remediation of the heaviest flagged gap from its reasons, links the breached cases and opens it", async () => {
    const xrm = fakeXrm({ account: flagged, cases: [
        { incidentid: "c1", ticketnumber: "CAS-01001", title: "Portal down" },
        { incidentid: "c2", ticketnumber: "CAS-01002", title: "<img src=x onerror=alert(1)>" }
    ] });
    await load(xrm).startRemediation(form());

    const [, entity, data] = xrm.calls.find((c) => c[0] === "createRecord");
    assert.equal(entity, "wb_remediation");
    assert.equal(data.wb_gap, 682400001);
    assert.equal(data.wb_name, "Trust gap: Contoso");
    assert.equal(data["wb_AccountId@odata.bind"], `/accounts(${ACCOUNT})`);
    assert.match(data.wb_rootcause, /^Draft from the disengagement reasons/);
    assert.match(data.wb_rootcause, /- SLA breaches: 4 in the last 90 days \(threshold 2\)/);
    assert.doesNotMatch(data.wb_rootcause, /Logins fell|not available/);
    assert.match(data.wb_rootcause, /Breached cases: CAS-01001 Portal down; CAS-01002 <img src=x onerror=alert\(1\)>/);

    const cases = xrm.calls.find((c) => c[0] === "retrieveMultipleRecords" && c[1] === "incident")[2];
    assert.match(cases, new RegExp(`_customerid_value eq ${ACCOUNT} and wb_slabreached eq true`));
    const [, request, meta] = xrm.calls.find((c) => c[0] === "execute");
    assert.deepEqual({ operationType: meta.operationType, operationName: meta.operationName }, { operationType: 2, operationName: "Associate" });
    assert.equal(request.relationship, "wb_remediation_incident");
    assert.deepEqual(plain(request.target), { entityType: "wb_remediation", id: "99999999-0000-0000-0000-000000000001" });
    assert.deepEqual(plain(request.relatedEntities.map((r) => r.id)), ["c1", "c2"]);
    assert.deepEqual(plain(xrm.calls.at(-1)), ["openForm", { entityName: "wb_remediation", entityId: "99999999-0000-0000-0000-000000000001" }, null]);
});

test("Start remediation opens the open remediation of the same gap instead of a second one", async () => {
    const xrm = fakeXrm({ account: flagged, remediations: [{ wb_remediationid: "existing-1", statuscode: 1 }] });
    await load(xrm).startRemediation(form());
    assert.ok(!xrm.calls.some((c) => c[0] === "createRecord"));
    assert.match(xrm.calls.find((c) => c[0] === "retrieveMultipleRecords")[2], /wb_gap eq 682400001/);
    assert.deepEqual(plain(xrm.calls.at(-1)), ["openForm", { entityName: "wb_remediation", entityId: "existing-1" }, null]);
});

test("Start remediation on an account that is not flagged says so and writes nothing; its words follow the user's language", async () => {
    const xrm = fakeXrm({ account: { ...flagged, wb_riskband: 682400000 } });
    await load(xrm).startRemediation(form());
    assert.deepEqual(xrm.calls.at(-1), ["alert", "This account is not flagged (At risk or Disengaged), so there is nothing to remediate yet."]);
    assert.ok(!xrm.calls.some((c) => c[0] === "createRecord"));

    const german = fakeXrm({ account: flagged, languageId: 1031 });
    await load(german).startRemediation(form());
    assert.equal(german.calls.find((c) => c[0] === "createRecord")[2].wb_name, "Lücke Vertrauen: Contoso");
});

test("Draft outreach opens a new outreach form regarding the account with the Verified remediation set, writing nothing", async () => {
    const xrm = fakeXrm({ account: flagged, remediations: [{ wb_remediationid: "r2", wb_name: "Slow replies", statuscode: 682400003 }] });
    await load(xrm).draftOutreach(form());
    assert.ok(!xrm.calls.some((c) => c[0] === "createRecord"));
    assert.deepEqual(plain(xrm.calls.at(-1)), ["openForm", { entityName: "wb_outreach" }, {
        regardingobjectid: ACCOUNT, regardingobjectidname: "Contoso", regardingobjectidtype: "account",
        wb_remediationid: "r2", wb_remediationidname: "Slow replies", wb_remediationidtype: "wb_remediation"
    }]);

    const none = fakeXrm({ account: flagged });
    await load(none).draftOutreach(form());
    assert.equal(none.calls.at(-1)[0], "alert");
    assert.ok(!none.calls.some((c) => c[0] === "openForm"));
});
