"use strict";
// The panel's colours in the form's light theme: every text pair named in disengagement.css meets
// WCAG AA (4.5:1), and the band colours used for fills stand out from white (3:1).
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");

const css = fs.readFileSync(path.join(__dirname, "..", "src", "wb_", "account", "disengagement.css"), "utf8");

function variables() {
    const rootBlock = /:root\s*\{([^}]*)\}/.exec(css)[1];
    const vars = {};
    for (const match of rootBlock.matchAll(/(--[\w-]+)\s*:\s*(#[0-9a-fA-F]{6})\s*;/g)) {
        vars[match[1]] = match[2];
    }
    return vars;
}

function luminance(hex) {
    const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
        .map((c) => (c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4)));
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2];
}

function contrast(a, b) {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
}

test("the contrast helper agrees with WCAG's own examples", () => {
    assert.equal(Math.round(contrast("#000000", "#ffffff") * 10) / 10, 21);
    assert.equal(Math.round(contrast("#767676", "#ffffff") * 100) / 100, 4.54);
});

test("every text colour pair named in the stylesheet meets 4.5:1", () => {
    const vars = variables();
    const comment = /\/\* contrast:([\s\S]*?)\*\//.exec(css)[1];
    const pairs = comment.split(";").map((p) => p.trim()).filter(Boolean).map((p) => p.split(/\s+on\s+/));
    assert.ok(pairs.length >= 11, "found " + pairs.length + " pairs");
    const failing = pairs
        .map(([fg, bg]) => {
            assert.ok(vars[fg] && vars[bg], fg + " on " + bg + " are defined");
            return { pair: fg + " on " + bg, ratio: contrast(vars[fg], vars[bg]) };
        })
        .filter((r) => r.ratio < 4.5)
        .map((r) => r.pair + " = " + r.ratio.toFixed(2));
    assert.deepEqual(failing, []);
});

test("band fills and gap markers stand out from white by 3:1 or more", () => {
    const vars = variables();
    for (const name of ["--wb-healthy-fg", "--wb-watch-fg", "--wb-atrisk-fg", "--wb-disengaged-bg", "--wb-text-muted", "--wb-link-text", "--wb-line"]) {
        assert.ok(contrast(vars[name], "#ffffff") >= 3, name);
    }
});
