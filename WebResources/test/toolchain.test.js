"use strict";
// The TypeScript toolchain: the sources type-check, build.mjs bundles every "source" of a manifest into a
// self-contained script and refuses a broken manifest in words, and every language's strings match English's.
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { spawnSync } = require("node:child_process");

const root = path.join(__dirname, "..");

function run(command, args) {
    return spawnSync(command, args, { cwd: root, encoding: "utf8" });
}

test("the TypeScript sources type-check with tsc (strict)", () => {
    const result = run(process.execPath, [path.join(root, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "-p", "."]);
    assert.equal(result.status, 0, result.stdout + result.stderr);
});

test("every bundle the manifest names exists and is a self-contained script", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, "webresources.json"), "utf8"));
    for (const entry of manifest.webResources.filter((w) => w.source)) {
        const text = fs.readFileSync(path.join(root, entry.file), "utf8");
        assert.match(text, /^\/\/ .* Edit the source, not this file\./, entry.file);
        assert.doesNotMatch(text, /^\s*(import|export)\s/m, entry.file + " has no module syntax left");
    }
});

test("build.mjs bundles a TypeScript source and its imports into one script", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wb-build-"));
    const relative = path.relative(root, dir);
    fs.writeFileSync(path.join(dir, "page.ts"), "import { el } from \"" + path.relative(dir, path.join(root, "src", "shared", "dom")).split(path.sep).join("/") + "\";\nconst n: number = 2;\nexport const made = el(\"p\", { text: String(n) });\n");
    const out = "dist/" + relative.split(path.sep).join("/").replace(/\.\.\//g, "") + "/page.js";
    const manifest = path.join(dir, "manifest.json");
    fs.writeFileSync(manifest, JSON.stringify({ webResources: [{ name: "wb_/probe/page.js", source: path.join(relative, "page.ts"), file: out }] }));
    try {
        const result = run(process.execPath, ["build.mjs", "--manifest", manifest]);
        assert.equal(result.status, 0, result.stdout + result.stderr);
        const text = fs.readFileSync(path.join(root, out), "utf8");
        assert.match(text, /createElement/, "the import was bundled in");
        assert.doesNotMatch(text, /^\s*(import|export)\s/m);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
        fs.rmSync(path.join(root, out), { force: true });
    }
});

test("build.mjs refuses a manifest whose source is missing or whose bundle is not under dist/, naming the entry", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wb-build-"));
    const manifest = path.join(dir, "manifest.json");
    fs.writeFileSync(manifest, JSON.stringify({ webResources: [
        { name: "wb_/probe/missing.js", source: "src/nowhere/missing.ts", file: "dist/wb_/probe/missing.js" },
        { name: "wb_/probe/placed.js", source: "src/shared/dom.ts", file: "src/wb_/probe/placed.js" }
    ] }));
    try {
        const result = run(process.execPath, ["build.mjs", "--manifest", manifest]);
        assert.equal(result.status, 1);
        assert.match(result.stderr, /error WB016: wb_\/probe\/missing\.js: its source src\/nowhere\/missing\.ts does not exist/);
        assert.match(result.stderr, /error WB016: wb_\/probe\/placed\.js: "file" must be the bundle under dist\//);
        fs.writeFileSync(manifest, "{ not json");
        const broken = run(process.execPath, ["build.mjs", "--manifest", manifest]);
        assert.equal(broken.status, 1);
        assert.match(broken.stderr, /error WB016: cannot read the manifest/);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
});

test("every language's strings have English's keys and placeholders, and none is empty", () => {
    const folder = path.join(root, "src", "strings");
    const files = fs.readdirSync(folder).filter((f) => f.endsWith(".json"));
    const areas = [...new Set(files.map((f) => f.split(".")[0]))];
    assert.ok(areas.includes("common"));
    const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const area of areas) {
        const english = JSON.parse(fs.readFileSync(path.join(folder, area + ".en.json"), "utf8"));
        for (const language of ["de", "fr", "es"]) {
            const file = area + "." + language + ".json";
            assert.ok(files.includes(file), file + " exists");
            const other = JSON.parse(fs.readFileSync(path.join(folder, file), "utf8"));
            assert.deepEqual(Object.keys(other).sort(), Object.keys(english).sort(), file + " has English's keys");
            for (const key of Object.keys(english)) {
                assert.ok(other[key].trim().length > 0, file + ": " + key + " is empty");
                assert.deepEqual(placeholders(other[key]), placeholders(english[key]), file + ": " + key + " has English's placeholders");
            }
        }
    }
});
