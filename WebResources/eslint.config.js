"use strict";
// Lint rules for the web resources: Microsoft's Power Apps checker rules (all of them, as errors) plus the
// team's own web resource rules (ENGINEERING.md): strict mode, no deprecated page object, no Xrm from the parent window, no XrmEnum at run
// time, no eval, no alert/console, and never HTML built from data.

const js = require("@eslint/js");
const tseslint = require("typescript-eslint");
const powerApps = require("@microsoft/eslint-plugin-power-apps");

const powerAppsRules = Object.fromEntries(
    Object.keys(powerApps.rules).map((name) => ["@microsoft/power-apps/" + name, "error"])
);

// Only what the page and the form script may touch; anything else is an undefined global.
const browserGlobals = {
    window: "readonly",
    document: "readonly",
    navigator: "readonly",
    Intl: "readonly",
    Promise: "readonly",
    globalThis: "readonly",
    module: "readonly",
    Xrm: "readonly"
};

const nodeGlobals = {
    require: "readonly",
    module: "writable",
    __dirname: "readonly",
    process: "readonly",
    globalThis: "readonly",
    setTimeout: "readonly",
    setImmediate: "readonly",
    URL: "readonly",
    Promise: "readonly",
    Intl: "readonly"
};

const noHtmlFromData = [
    { selector: "AssignmentExpression[left.property.name='innerHTML']", message: "Build DOM nodes and set textContent: never innerHTML." },
    { selector: "AssignmentExpression[left.property.name='outerHTML']", message: "Build DOM nodes and set textContent: never outerHTML." },
    { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: "Build DOM nodes instead of insertAdjacentHTML." },
    { selector: "CallExpression[callee.property.name=/^write(ln)?$/][callee.object.name='document']", message: "No document.write." },
    { selector: "MemberExpression[object.name='Xrm'][property.name='Page']", message: "The Xrm page object is deprecated: use the formContext the form hands over." },
    { selector: "MemberExpression[object.property.name='Xrm'][property.name='Page']", message: "The Xrm page object is deprecated: use the formContext the form hands over." },
    { selector: "MemberExpression[object.name='parent'][property.name='Xrm']", message: "No Xrm from the parent window: the form hands the page its Xrm with getContentWindow()." },
    { selector: "MemberExpression[object.property.name='parent'][property.name='Xrm']", message: "No Xrm from the parent window: the form hands the page its Xrm with getContentWindow()." },
    { selector: "CallExpression[callee.property.name='setAttribute'][arguments.0.value=/^on/i]", message: "No inline event handlers: use addEventListener." }
];

// The team's web resource rules, for the scripts and the TypeScript alike.
const webResourceRules = {
    "no-eval": "error",
    "no-implied-eval": "error",
    "no-new-func": "error",
    "no-alert": "error",
    "no-console": "error",
    "no-var": "off",
    "no-restricted-globals": ["error",
        { name: "XrmEnum", message: "XrmEnum exists only in the type definitions: use the numeric value." },
        { name: "parent", message: "Do not assume a parent window: the form hands the page its context." },
        { name: "top", message: "Do not reach for the top window." },
        { name: "alert", message: "No alert: show the message on the page." },
        { name: "confirm", message: "No confirm: use Xrm.Navigation dialogs." }
    ],
    "no-restricted-properties": ["error",
        { object: "window", property: "parent", message: "Do not assume a parent window." },
        { object: "window", property: "top", message: "Do not reach for the top window." },
        { object: "window", property: "alert", message: "No alert." },
        { object: "window", property: "eval", message: "No eval." },
        { object: "window", property: "XrmEnum", message: "XrmEnum exists only in the type definitions." },
        { object: "Xrm", property: "Page", message: "The Xrm page object is deprecated: use the formContext." }
    ],
    "no-restricted-syntax": ["error"].concat(noHtmlFromData),
    eqeqeq: ["error", "always"]
};

module.exports = [
    { ignores: ["node_modules/**", "artifacts/**", "dist/**"] },
    js.configs.recommended,
    {
        files: ["src/**/*.js"],
        plugins: { "@microsoft/power-apps": powerApps },
        languageOptions: {
            ecmaVersion: 2017,
            sourceType: "script",
            globals: browserGlobals
        },
        rules: Object.assign({}, powerAppsRules, webResourceRules, {
            strict: ["error", "function"],
            "no-unused-vars": ["error", { args: "after-used", caughtErrors: "none" }]
        })
    },
    {
        // The TypeScript web resources (bundled by build.mjs): the same Power Apps and team rules, on the source.
        files: ["src/**/*.ts"],
        plugins: { "@microsoft/power-apps": powerApps, "@typescript-eslint": tseslint.plugin },
        languageOptions: {
            parser: tseslint.parser,
            ecmaVersion: 2020,
            sourceType: "module",
            globals: browserGlobals
        },
        rules: Object.assign({}, powerAppsRules, webResourceRules, {
            // tsc checks names (npm run typecheck, and a test); ESLint's no-undef does not know the DOM's types.
            "no-undef": "off",
            "no-unused-vars": "off",
            "@typescript-eslint/no-unused-vars": ["error", { args: "after-used", caughtErrors: "none" }]
        })
    },
    {
        // Development preview with sample data: a browser script, never packed into the solution.
        files: ["tools/preview/**/*.js"],
        languageOptions: {
            ecmaVersion: 2017,
            sourceType: "script",
            globals: browserGlobals
        },
        rules: { strict: ["error", "function"], "no-console": "error", "no-alert": "error" }
    },
    {
        files: ["test/**/*.js", "testing/**/*.js", "eslint.config.js"],
        languageOptions: {
            ecmaVersion: 2022,
            sourceType: "commonjs",
            globals: nodeGlobals
        },
        rules: {
            strict: ["error", "global"]
        }
    },
    {
        files: ["build.mjs"],
        languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: Object.assign({ console: "readonly" }, nodeGlobals) }
    }
];
