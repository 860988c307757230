/*
 * The local shell's form command bar, drawn from the solution's RibbonDiffXml (ShellCommandBar.cs hands it over as
 * data in #wb-boot). As in Unified Interface: a button shows only when every display rule holds, and only while every
 * enable rule holds, since "with the command bar, commands that are disabled are hidden" (Learn, "Define ribbon
 * enable rules"); a CustomRule is the library's function called with its CrmParameters, PrimaryControl being the form
 * context (Learn, "Pass data from a page as a parameter to ribbon actions"), and may return a promise of a boolean;
 * a rule that throws or rejects counts as its Default. Labels are the LocLabels of the user's language
 * (userSettings.languageId), else English. The bar is a toolbar: Tab reaches it, arrow keys move between buttons.
 * shell.js calls WinBackShell.commandBar.mount(anchor, bar, formContext, Xrm) once the form has loaded.
 */
(function () {
    "use strict";

    var libraries = {};

    function loadLibrary(name) {
        if (!libraries[name]) {
            libraries[name] = new Promise(function (resolve, reject) {
                var script = document.createElement("script");
                script.src = "/WebResources/" + encodeURI(name);
                script.addEventListener("load", resolve);
                script.addEventListener("error", function () { reject(new Error("The command library " + name + " did not load.")); });
                document.head.appendChild(script);
            });
        }
        return libraries[name];
    }

    function resolveFunction(path) {
        return path.split(".").reduce(function (o, part) { return o && o[part]; }, window);
    }

    /** Calls a library function with its CrmParameters; PrimaryControl is the form context, others are not modelled. */
    function call(spec, formContext) {
        return loadLibrary(spec.library).then(function () {
            var fn = resolveFunction(spec.function);
            if (typeof fn !== "function") { throw new Error("The function " + spec.function + " is not in " + spec.library + "."); }
            var args = spec.parameters.map(function (p) {
                if (p.type === "CrmParameter" && p.value === "PrimaryControl") { return formContext; }
                if (p.type === "CrmParameter" && p.value === "PrimaryEntityTypeName") { return formContext.data.entity.getEntityName(); }
                if (p.type === "CrmParameter" && p.value === "FirstPrimaryItemId") { return formContext.data.entity.getId(); }
                if (p.type === "BoolParameter") { return p.value === "true" || p.value === "1"; }
                if (p.type === "IntParameter" || p.type === "DecimalParameter") { return Number(p.value); }
                return p.value;
            });
            return fn.apply(window, args);
        });
    }

    function formState(formContext) {
        // Form types (Learn, "getFormType"): 1 Create, 2 Update, 3 Read Only, 4 Disabled, 6 Bulk Edit.
        var type = formContext.ui && typeof formContext.ui.getFormType === "function" ? formContext.ui.getFormType()
            : (formContext.data.entity.getId() ? 2 : 1);
        return { 1: "Create", 2: "Existing", 3: "ReadOnly", 4: "Disabled", 6: "BulkEdit" }[type] || "Existing";
    }

    /** A rule's value: a promise of true or false. */
    function evaluate(rule, formContext) {
        if (rule.kind === "decided") { return Promise.resolve(rule.value); }
        if (rule.kind === "formState") { return Promise.resolve((formState(formContext) === rule.state) !== rule.invert); }
        if (rule.kind === "custom") {
            return call(rule, formContext).then(function (result) {
                return Boolean(result) !== rule.invert;
            }, function () { return rule["default"] !== rule.invert; });
        }
        return Promise.resolve(false);
    }

    function all(rules, formContext) {
        return Promise.all(rules.map(function (r) { return evaluate(r, formContext); }))
            .then(function (values) { return values.every(Boolean); });
    }

    function labelOf(texts, lcid) {
        return texts[String(lcid)] || texts["1033"] || Object.keys(texts).map(function (k) { return texts[k]; })[0] || "";
    }

    function mount(anchor, bar, formContext, xrm, notify) {
        var lcid = xrm.Utility.getGlobalContext().userSettings.languageId;
        var toolbar = document.createElement("div");
        toolbar.className = "wb-commandbar";
        toolbar.id = "wb-commandbar";
        toolbar.setAttribute("role", "toolbar");
        toolbar.setAttribute("aria-label", formContext.data.entity.getEntityName() + " commands");
        anchor.parentNode.insertBefore(toolbar, anchor.nextSibling);
        var items = ((bar && bar.buttons) || []).map(function (spec) {
            var node = document.createElement("button");
            node.type = "button";
            node.className = "wb-command";
            node.id = spec.id.replace(/[^A-Za-z0-9_-]/g, "-");
            node.setAttribute("data-command", spec.command);
            node.textContent = labelOf(spec.label, lcid);
            var tooltip = labelOf(spec.tooltip, lcid);
            if (tooltip) { node.title = tooltip; }
            node.hidden = true;
            node.addEventListener("click", function () {
                if (!spec.action || node.getAttribute("aria-disabled") === "true") { return; }
                node.setAttribute("aria-disabled", "true");
                call(spec.action, formContext).then(null, function (error) {
                    notify((error && error.message) || String(error));
                }).then(function () {
                    node.removeAttribute("aria-disabled");
                    return refresh();
                });
            });
            toolbar.appendChild(node);
            return { spec: spec, node: node };
        });

        toolbar.addEventListener("keydown", function (event) {
            var shown = items.filter(function (i) { return !i.node.hidden; }).map(function (i) { return i.node; });
            var at = shown.indexOf(document.activeElement);
            if (at < 0 || shown.length === 0) { return; }
            var next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: shown.length - 1 }[event.key];
            if (next === undefined) { return; }
            event.preventDefault();
            next = (next + shown.length) % shown.length;
            roving(shown, next);
            shown[next].focus();
        });

        function roving(shown, current) {
            items.forEach(function (i) { i.node.tabIndex = -1; });
            if (shown.length > 0) { shown[Math.max(0, current)].tabIndex = 0; }
        }

        /** Evaluates every button's display and enable rules again (formContext.ui.refreshRibbon does this in Dynamics). */
        function refresh() {
            toolbar.setAttribute("aria-busy", "true");
            toolbar.removeAttribute("data-ready");
            return Promise.all(items.map(function (item) {
                if (item.spec.unsupported.length > 0 || !item.spec.action) {
                    item.node.hidden = true;
                    item.node.setAttribute("data-unsupported", item.spec.unsupported.join("; "));
                    return null;
                }
                return all(item.spec.display, formContext).then(function (displayed) {
                    return displayed ? all(item.spec.enable, formContext) : false;
                }).then(function (shown) { item.node.hidden = !shown; });
            })).then(function () {
                var shown = items.filter(function (i) { return !i.node.hidden; }).map(function (i) { return i.node; });
                roving(shown, Math.max(0, shown.indexOf(document.activeElement)));
                toolbar.hidden = shown.length === 0;
                toolbar.removeAttribute("aria-busy");
                toolbar.setAttribute("data-ready", "true");
            });
        }

        return { refresh: refresh, element: toolbar };
    }

    window.WinBackShell = window.WinBackShell || {};
    window.WinBackShell.commandBar = { mount: mount };
}());
