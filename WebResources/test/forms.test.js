"use strict";
// The remediation and outreach pages' logic and the outreach page's draft in jsdom: the bundles as built
// (dist/), the page's own HTML, and a fake Xrm. The Chromium tests (Tests/Dataverse.WebApi.Tests/FormsBrowserTests.cs)
// run the same pages on the local Dataverse; citations are tested here because the columns that carry them come
// with the draft composer's wiring.
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { buildSync } = require("esbuild");
const { JSDOM } = require("jsdom");

const root = path.join(__dirname, "..");

/** A TypeScript module of src/ as CommonJS, for its pure functions. */
function load(relative) {
    const out = buildSync({ entryPoints: [path.join(root, relative)], bundle: true, format: "cjs", platform: "node", write: false, logLevel: "silent" });
    const module = { exports: {} };
    new Function("module", "exports", out.outputFiles[0].text)(module, module.exports);
    return module.exports;
}

const draft = load("src/wb_/outreach/draftcolumns.ts");
const rules = load("src/wb_/remediation/readiness.ts");

const CASE = "8f7e6d5c-0000-4000-8000-000000000001";
const REMEDIATION = "8f7e6d5c-0000-4000-8000-000000000002";
const OUTREACH = "8f7e6d5c-0000-4000-8000-000000000003";
const CONTACT = "8f7e6d5c-0000-4000-8000-000000000004";

test("citations are read in the composer's shape, and anything else is dropped", () => {
    const json = JSON.stringify([
        { Table: "incident", Id: CASE, Column: "title", Quote: "You reported slow replies on 3 March.", Summarised: false },
        { table: "wb_remediation", id: REMEDIATION, column: "wb_evidence", quote: "Median first reply fell to 7 hours." },
        { table: "incident" }, "text", null
    ]);
    const list = draft.parseCitations(json);
    assert.equal(list.length, 2);
    assert.deepEqual(list[0], { table: "incident", id: CASE, column: "title", value: "", quote: "You reported slow replies on 3 March.", summarised: false });
    assert.deepEqual(draft.parseCitations("not json"), []);
    assert.deepEqual(draft.parseCitations(null), []);
    assert.equal(draft.parseCitations(JSON.stringify({ citations: [{ table: "incident", id: CASE, quote: "x" }] })).length, 1);
});

test("the body is cut into text, cited facts and placeholders, a placeholder inside a quote included", () => {
    const citations = [{ table: "incident", id: CASE, column: "title", quote: "We fixed it on [add: date].", summarised: false }];
    const pieces = draft.pieces("Hello. We fixed it on [add: date]. Bye [add: name]", citations);
    assert.deepEqual(pieces.map((p) => [p.kind, p.text]), [
        ["text", "Hello. "], ["citation", "We fixed it on "], ["placeholder", "[add: date]"], ["citation", "."], ["text", " Bye "], ["placeholder", "[add: name]"]
    ]);
    // The same quote twice is marked at its two places, never overlapping.
    const twice = draft.pieces("A. A.", [{ table: "t", id: CASE, column: "c", quote: "A.", summarised: false }, { table: "t", id: CASE, column: "c", quote: "A.", summarised: false }]);
    assert.deepEqual(twice.filter((p) => p.kind === "citation").map((p) => p.text), ["A.", "A."]);
});

test("a composed citation is marked at its value inside its sentence, found through the composer's plain-text quote", () => {
    // As the server writes them: the quote is the sentence, "<" and ">" as "‹" and "›"; the gap cites the whole sentence.
    const body = "Case <b>CAS-1</b> opened on 3 March was slow. We are sorry, Acme.";
    const cite = (column, value, quote) => ({ table: "incident", id: CASE, column, value, quote, summarised: false });
    const pieces = draft.pieces(body, [
        cite("wb_gap", "", "Case \u2039b\u203aCAS-1\u2039/b\u203a opened on 3 March was slow."),
        cite("title", "\u2039b\u203aCAS-1\u2039/b\u203a", "Case \u2039b\u203aCAS-1\u2039/b\u203a opened on 3 March was slow."),
        cite("createdon", "3 March", "Case \u2039b\u203aCAS-1\u2039/b\u203a opened on 3 March was slow."),
        cite("name", "Acme", "We are sorry, Acme."),
        cite("title", "x".repeat(1001) + "\u2026", "We are sorry" + "y".repeat(300) + "\u2026")
    ]);
    assert.deepEqual(pieces.map((p) => [p.kind, p.text, p.citation ? p.citation.column : ""]), [
        ["text", "Case ", ""], ["citation", "<b>CAS-1</b>", "title"], ["text", " opened on ", ""], ["citation", "3 March", "createdon"],
        ["text", " was slow. We are sorry, ", ""], ["citation", "Acme", "name"], ["text", ".", ""]
    ]);
    // A quote cut at 300 characters is matched by what is left of it.
    const long = "A".repeat(310) + ".";
    const cut = draft.pieces(long, [cite("wb_rootcause", "", "A".repeat(300) + "\u2026")]);
    assert.deepEqual(cut.map((p) => [p.kind, p.text.length]), [["citation", 300], ["text", 11]]);
});

test("what Verified still needs follows the gate's rules: evidence, a fixed-on day not in the future, and four eyes", () => {
    const user = "{AAAAAAAA-0000-4000-8000-000000000001}";
    const full = { rootCause: "Broke", fix: "Changed", evidence: "Proof", fixedOn: "2026-06-08", status: 682400002, fixedBy: "bbbbbbbb-0000-4000-8000-000000000002" };
    assert.deepEqual(rules.readiness(full, user, "2026-06-15", "Casey").filter((i) => !i.done), []);
    const keys = (row, today = "2026-06-15") => rules.readiness(row, user, today, "Casey").filter((i) => !i.done).map((i) => i.key);
    assert.deepEqual(keys({ ...full, fix: "  ", evidence: null }), ["remediation.need.fix", "remediation.need.evidence"]);
    assert.deepEqual(keys({ ...full, fixedOn: "2026-06-20" }), ["remediation.need.future"]);
    assert.deepEqual(keys({ ...full, fixedOn: null, fixedBy: null }), ["remediation.need.fixedon", "remediation.need.markFixed"]);
    assert.deepEqual(keys({ ...full, fixedBy: "aaaaaaaa-0000-4000-8000-000000000001" }), ["remediation.need.fourEyes"]);
});

function fakeXrm(rows, calls) {
    const reply = (value) => Promise.resolve(value);
    return {
        Utility: { getGlobalContext: () => ({ userSettings: { languageId: 1033, userId: "{AAAAAAAA-0000-4000-8000-000000000001}" } }) },
        Navigation: { openForm: (options) => { calls.push(["openForm", options]); return reply({}); } },
        WebApi: {
            retrieveRecord: (entity, id, query) => { calls.push(["retrieve", entity, query]); return rows[entity] ? reply(rows[entity]) : Promise.reject({ message: "missing" }); },
            retrieveMultipleRecords: () => reply({ entities: [] }),
            updateRecord: (entity, id, data) => { calls.push(["update", entity, data]); return Promise.reject({ message: "The contact 'Noah' does not allow email (donotemail is set): choose another channel or another contact." }); },
            online: { execute: () => reply({}) }
        }
    };
}

async function openOutreach(rows) {
    const html = fs.readFileSync(path.join(root, "src", "wb_", "outreach", "outreach.html"), "utf8");
    const dom = new JSDOM(html, { runScripts: "outside-only", pretendToBeVisual: true });
    dom.window.eval(fs.readFileSync(path.join(root, "dist", "wb_", "outreach", "outreach.js"), "utf8"));
    const calls = [];
    const form = {
        data: { entity: { getId: () => "{" + OUTREACH.toUpperCase() + "}", getIsDirty: () => false }, refresh: () => Promise.resolve() },
        ui: { getFormType: () => 2 }
    };
    await dom.window.WinBack.FormPage.init(fakeXrm(rows, calls), form);
    return { document: dom.window.document, calls, window: dom.window };
}

const outreachRow = (extra) => Object.assign({
    subject: "What we changed", statecode: 0, statuscode: 1, wb_channel: 682400000,
    _wb_contactid_value: CONTACT, _wb_remediationid_value: REMEDIATION,
    "_wb_remediationid_value@OData.Community.Display.V1.FormattedValue": "Slow support replies",
    description: "You reported slow replies on 3 March. <img src=x onerror=alert(1)>\n\n[add: the name of your support lead] will call you.",
    wb_citations: JSON.stringify([{ table: "incident", id: CASE, column: "title", quote: "You reported slow replies on 3 March." }])
}, extra);

test("the outreach page marks each cited fact as a link to its record and highlights placeholders, as text only", async () => {
    const { document, calls } = await openOutreach({
        wb_outreach: outreachRow(),
        wb_remediation: { statuscode: 682400003, "statuscode@OData.Community.Display.V1.FormattedValue": "Verified" },
        contact: { fullname: "Noah", donotemail: false, donotphone: true }
    });
    const cite = document.querySelector("#wb-draft .wb-cite");
    assert.equal(cite.textContent, "You reported slow replies on 3 March.");
    assert.match(cite.getAttribute("aria-label"), /Source: incident title/);
    cite.click();
    assert.deepEqual({ ...calls.find((c) => c[0] === "openForm")[1] }, { entityName: "incident", entityId: CASE });
    assert.equal(document.querySelector("#wb-draft mark.wb-placeholder").textContent, "[add: the name of your support lead]");
    assert.equal(document.querySelectorAll("#wb-draft img").length, 0);
    assert.match(document.querySelector("#wb-draft").textContent, /<img src=x onerror=alert\(1\)>/);
    assert.match(document.querySelector("#wb-gate").textContent, /Fill the highlighted placeholders \(1\)/);
    assert.match(document.querySelector("#wb-consent").textContent, /Phone\s*does not allow/);
    assert.ok(calls.some((c) => c[0] === "retrieve" && c[1] === "wb_outreach" && /wb_citations/.test(c[2])));
});

test("a refusal from the server is shown in the banner, word for word", async () => {
    const { document, window } = await openOutreach({
        wb_outreach: outreachRow({ wb_citations: undefined }),
        wb_remediation: { statuscode: 682400003 },
        contact: { fullname: "Noah", donotemail: false, donotphone: false }
    });
    document.getElementById("wb-ready").click();
    await new Promise((resolve) => window.setTimeout(resolve, 0));
    await new Promise((resolve) => window.setTimeout(resolve, 0));
    const gate = document.getElementById("wb-gate");
    assert.match(gate.textContent, /The server refused: The contact 'Noah' does not allow email \(donotemail is set\)/);
    assert.ok(gate.classList.contains("wb-danger"));
    assert.equal(gate.getAttribute("role"), "alert");
});
