"use strict";
// Opens the real disengagement.html in jsdom, with its own <script> and <link> files loaded by their relative
// names exactly as Dataverse serves them side by side (a bundle from dist/ where src/ has its TypeScript source),
// so the page's relative references are tested too. `npm test` builds the bundles first (pretest).
const fs = require("node:fs");
const path = require("node:path");
const { pathToFileURL, fileURLToPath } = require("node:url");
const { JSDOM, VirtualConsole, ResourceLoader } = require("jsdom");

const ROOT = path.join(__dirname, "..");

/** src/wb_/x.js that is a bundle is read from dist/wb_/x.js, as the solution packs it under the same name. */
class WebResourceLoader extends ResourceLoader {
    fetch(url, options) {
        if (url.startsWith("file:")) {
            const file = fileURLToPath(url);
            const relative = path.relative(path.join(ROOT, "src"), file);
            const bundle = path.join(ROOT, "dist", relative);
            if (!fs.existsSync(file) && fs.existsSync(bundle)) return super.fetch(pathToFileURL(bundle).href, options);
        }
        return super.fetch(url, options);
    }
}

const HTML = path.join(__dirname, "..", "src", "wb_", "account", "disengagement.html");

async function openPanel() {
    const errors = [];
    const virtualConsole = new VirtualConsole();
    virtualConsole.on("jsdomError", (error) => {
        // jsdom's CSS parser does not know every modern selector; that is not the page's fault.
        if (!/Could not parse CSS stylesheet/.test(error.message)) {
            errors.push(error);
        }
    });
    const consoleCalls = [];
    ["log", "info", "warn", "error", "debug"].forEach((level) => virtualConsole.on(level, (...args) => consoleCalls.push([level, args])));
    const dom = await JSDOM.fromFile(HTML, {
        runScripts: "dangerously",
        resources: new WebResourceLoader(),
        // jsdom has no CSS.escape, which every browser Dynamics supports has (shared/dom.ts uses it to find the
        // element to keep focused after a redraw): the same escaping, for identifiers.
        beforeParse(window) {
            if (!window.CSS) window.CSS = { escape: (text) => String(text).replace(/[^\w-]/g, (c) => "\\" + c) };
        },
        pretendToBeVisual: true,
        virtualConsole
    });
    if (dom.window.document.readyState !== "complete") {
        await new Promise((resolve) => dom.window.addEventListener("load", resolve));
    }
    const window = dom.window;
    const document = window.document;
    return {
        dom,
        window,
        document,
        errors,
        consoleCalls,
        panel: window.WinBack && window.WinBack.Panel,
        $: (selector) => document.querySelector(selector),
        $$: (selector) => Array.from(document.querySelectorAll(selector)),
        text: (selector) => {
            const node = document.querySelector(selector);
            return node ? node.textContent.replace(/\s+/g, " ").trim() : null;
        },
        close: () => window.close()
    };
}

/** Lets pending promise callbacks run (no timing is asserted). */
async function settle(rounds) {
    for (let i = 0; i < (rounds || 10); i++) {
        await new Promise((resolve) => setImmediate(resolve));
    }
}

module.exports = { HTML, openPanel, settle };
