"use strict";
// webresources.json is what the packer reads: every file it names must exist as committed (no build
// step), carry a valid Dataverse web resource name, and be described for admins.
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { JSDOM } = require("jsdom");

const root = path.join(__dirname, "..");
const manifest = JSON.parse(fs.readFileSync(path.join(root, "webresources.json"), "utf8"));
const entries = manifest.webResources;

// Web resource types Dataverse knows, by extension (1 html ... 12 resx).
const TYPES = { htm: 1, html: 1, css: 2, js: 3, xml: 4, png: 5, jpg: 6, gif: 7, xap: 8, xsl: 9, xslt: 9, ico: 10, svg: 11, resx: 12 };

function filesUnder(dir) {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
        d.isDirectory() ? filesUnder(path.join(dir, d.name)) : [path.join(dir, d.name)]);
}

test("the manifest lists the panel page, its style, its scripts, the form script and the shared styles", () => {
    assert.ok(Array.isArray(entries));
    const names = entries.map((e) => e.name);
    for (const name of ["wb_/account/disengagement.html", "wb_/account/form.js", "wb_/shared/fluent.css"]) {
        assert.ok(names.includes(name), name + " is listed");
    }
});

test("every entry names an existing file whose path is its web resource name: src/<name>, or dist/<name> bundled from a .ts source", () => {
    for (const entry of entries) {
        if (entry.source) {
            assert.equal(entry.file, "dist/" + entry.name, entry.name);
            assert.match(entry.source, /^src\/.+\.ts$/, entry.name);
            assert.ok(fs.statSync(path.join(root, entry.source)).isFile(), entry.source + " exists");
        } else {
            assert.equal(entry.file, "src/" + entry.name, entry.name);
        }
        assert.ok(fs.statSync(path.join(root, entry.file)).isFile(), entry.file + " exists");
    }
});

test("every file under src/wb_/ is in the manifest, as a file or a source, so nothing a page needs is left out of the solution", () => {
    const listed = new Set(entries.flatMap((e) => [e.file, e.source].filter(Boolean)));
    const files = filesUnder(path.join(root, "src", "wb_")).map((f) => path.relative(root, f).split(path.sep).join("/"));
    // A .ts module under src/wb_/ that is not an entry is bundled into the entry that imports it.
    assert.deepEqual(files.filter((f) => !listed.has(f) && !f.endsWith(".ts")), []);
});

test("names carry the publisher prefix and only characters Dataverse accepts, with a known type", () => {
    for (const entry of entries) {
        assert.match(entry.name, /^wb_\//, entry.name);
        assert.match(entry.name, /^[A-Za-z0-9_]+(\/[A-Za-z0-9_.-]+)+$/, entry.name);
        assert.ok(!entry.name.includes("//"), entry.name);
        assert.ok(entry.name.length <= 100, entry.name);
        const ext = entry.name.split(".").pop().toLowerCase();
        assert.ok(TYPES[ext], entry.name + " has a web resource type");
    }
    assert.equal(new Set(entries.map((e) => e.name.toLowerCase())).size, entries.length, "names are unique");
});

test("display names and descriptions are written for admins", () => {
    for (const entry of entries) {
        assert.ok(typeof entry.displayName === "string" && entry.displayName.startsWith("Win-back: "), entry.name);
        assert.ok(entry.displayName.length <= 200, entry.name);
        assert.ok(typeof entry.description === "string" && entry.description.length >= 40, entry.name + " has a description");
        assert.ok(entry.description.length <= 2000, entry.name);
        assert.ok(!/[<>]/.test(entry.description), entry.name + " description is plain text");
    }
    const page = entries.find((e) => e.name.endsWith(".html"));
    assert.match(page.description, /WebResource_wb_disengagement/);
    assert.match(page.description, /WinBack\.AccountForm\.onLoad/);
});

test("the page refers to its scripts and style by relative names that are in the manifest", () => {
    const page = entries.find((e) => e.name === "wb_/account/disengagement.html");
    const dom = new JSDOM(fs.readFileSync(path.join(root, page.file), "utf8"));
    const refs = Array.from(dom.window.document.querySelectorAll("script[src], link[href]"))
        .map((n) => n.getAttribute("src") || n.getAttribute("href"));
    // The shared look first, then the panel's own style, then its one bundled script.
    assert.deepEqual(refs, ["../shared/fluent.css", "disengagement.css", "disengagement.js"]);
    const names = new Set(entries.map((e) => e.name));
    for (const ref of refs) {
        assert.ok(!/^(https?:)?\/\//.test(ref) && !ref.startsWith("/"), ref + " is relative");
        assert.ok(names.has(path.posix.normalize("wb_/account/" + ref)), ref + " is a web resource");
    }
    assert.equal(dom.window.document.querySelectorAll("script:not([src])").length, 0, "no inline script");
    assert.equal(dom.window.document.querySelectorAll("[onclick], [onload], [onerror]").length, 0, "no inline handlers");
});

test("the scripts are plain strict-mode JavaScript as committed: no modules, no imports, no build output", () => {
    for (const entry of entries.filter((e) => e.name.endsWith(".js"))) {
        const source = fs.readFileSync(path.join(root, entry.file), "utf8");
        assert.match(source, /^\s*"use strict";/m, entry.name);
        assert.doesNotMatch(source, /^\s*(import|export)\s/m, entry.name);
        assert.doesNotMatch(source, /\brequire\(/, entry.name);
        assert.doesNotMatch(source, /sourceMappingURL/, entry.name);
    }
});
