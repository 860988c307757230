"use strict";
// Loads a TypeScript module of src/ under node for the tests: esbuild bundles it (and what it imports) to
// CommonJS in memory, the same compiler build.mjs uses for the web resources, so the tests run the real source.
const path = require("node:path");
const Module = require("node:module");
const { buildSync } = require("esbuild");

const cache = new Map();

function requireTs(relative) {
    const file = path.join(__dirname, "..", relative);
    if (!cache.has(file)) {
        const out = buildSync({ entryPoints: [file], bundle: true, format: "cjs", platform: "node", target: "node20", write: false, logLevel: "silent" });
        const m = new Module(file, module);
        m.filename = file;
        m.paths = Module._nodeModulePaths(path.dirname(file));
        m._compile(out.outputFiles[0].text, file);
        cache.set(file, m.exports);
    }
    return cache.get(file);
}

module.exports = { requireTs };
