"use strict";
// The lint is a test, so `npm test` (and CI) fails on any violation of Microsoft's Power Apps checker
// rules or the team's web resource rules.
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const { ESLint } = require("eslint");

const root = path.join(__dirname, "..");
const eslint = new ESLint({ cwd: root });
const probe = path.join(root, "src", "wb_", "account", "probe.js");

function describe(results) {
    return results.flatMap((r) => r.messages.map((m) =>
        path.relative(root, r.filePath) + ":" + m.line + ":" + m.column + " " + (m.ruleId || "parse") + " " + m.message));
}

async function rulesBrokenBy(code) {
    const [result] = await eslint.lintText(code, { filePath: probe });
    return new Set(result.messages.map((m) => m.ruleId));
}

function wrapped(body) {
    return "(function () {\n    \"use strict\";\n" + body + "\n}());\n";
}

test("the web resources, tests and config pass lint with no problem at all", async () => {
    const results = await eslint.lintFiles(["."]);
    const linted = results.map((r) => path.relative(root, r.filePath).split(path.sep).join("/"));
    for (const file of ["src/wb_/account/panel.ts", "src/wb_/account/model.ts", "src/wb_/account/form.ts"]) {
        assert.ok(linted.includes(file), file + " is linted");
    }
    assert.deepEqual(describe(results), []);
});

test("Microsoft's Power Apps checker rules are switched on for the web resources", async () => {
    const config = await eslint.calculateConfigForFile(probe);
    const powerApps = Object.keys(config.rules).filter((name) => name.startsWith("@microsoft/power-apps/"));
    assert.ok(powerApps.length >= 20, "found " + powerApps.length + " rules");
    for (const name of ["use-client-context", "do-not-make-parent-assumption", "use-async", "avoid-window-top", "use-global-context"]) {
        assert.deepEqual(config.rules["@microsoft/power-apps/" + name], [2], name + " is an error");
    }
});

test("Xrm.Page is refused", async () => {
    const rules = await rulesBrokenBy(wrapped("    Xrm.Page.getAttribute(\"name\");"));
    assert.ok(rules.has("@microsoft/power-apps/use-client-context"), [...rules].join());
});

test("parent.Xrm and window.top are refused", async () => {
    const rules = await rulesBrokenBy(wrapped("    var x = parent.Xrm; var t = window.top;\n    x.Navigation.openForm(t);"));
    assert.ok(rules.has("no-restricted-globals") || rules.has("no-restricted-syntax"), [...rules].join());
    assert.ok(rules.has("@microsoft/power-apps/avoid-window-top") || rules.has("no-restricted-properties"), [...rules].join());
});

test("XrmEnum, eval, alert and console are refused", async () => {
    const rules = await rulesBrokenBy(wrapped("    var level = XrmEnum.AttributeRequirementLevel;\n    eval(level);\n    alert(level);\n    console.log(level);"));
    for (const rule of ["no-restricted-globals", "no-eval", "no-alert", "no-console"]) {
        assert.ok(rules.has(rule), rule + " in " + [...rules].join());
    }
});

test("HTML written from data is refused", async () => {
    const rules = await rulesBrokenBy(wrapped("    var reason = \"x\";\n    document.body.innerHTML = reason;\n    document.body.insertAdjacentHTML(\"beforeend\", reason);"));
    assert.ok(rules.has("no-restricted-syntax"), [...rules].join());
});

test("a synchronous request is refused", async () => {
    const rules = await rulesBrokenBy(wrapped("    var req = new XMLHttpRequest();\n    req.open(\"GET\", \"/api/data/v9.2/accounts\", false);\n    req.send();"));
    assert.ok(rules.has("@microsoft/power-apps/use-async"), [...rules].join());
});

test("a script without strict mode is refused", async () => {
    const rules = await rulesBrokenBy("(function () {\n    var a = 1;\n    return a;\n}());\n");
    assert.ok(rules.has("strict"), [...rules].join());
});

test("the TypeScript sources are held to the same rules: innerHTML, Xrm.Page, parent.Xrm, eval and alert are caught", async () => {
    const probeTs = path.join(root, "src", "shared", "probe.ts");
    const cases = [
        ["document.body.innerHTML = String(1);", "no-restricted-syntax"],
        ["export const p = Xrm.Page;", "no-restricted-syntax"],
        ["export const x = parent.Xrm;", "no-restricted-globals"],
        ["eval(\"1\");", "no-eval"],
        ["alert(\"hi\");", "no-restricted-globals"]
    ];
    for (const [code, rule] of cases) {
        const [result] = await eslint.lintText(code + "\n", { filePath: probeTs });
        const rules = new Set(result.messages.map((m) => m.ruleId));
        assert.ok(rules.has(rule), code + " is caught by " + rule + " (got " + [...rules].join(", ") + ")");
    }
});
