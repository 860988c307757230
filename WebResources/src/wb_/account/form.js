/*
 * WinBack account form script (wb_/account/form.js).
 * Register WinBack.AccountForm.onLoad on the account form's OnLoad event ("Pass execution context as
 * first parameter" checked). It hands the disengagement panel (web resource control
 * WebResource_wb_disengagement) the form's Xrm and formContext through getContentWindow(), and hands
 * them over again after each successful save and whenever the panel's tab is expanded (the form may
 * rebuild a web resource's frame when tabs change, so the hand-over is idempotent).
 */
(function (root, factory) {
    "use strict";
    var api = factory(root);
    if (typeof module === "object" && module && module.exports) {
        module.exports = api;
    } else {
        root.WinBack = root.WinBack || {};
        root.WinBack.AccountForm = api;
    }
}(typeof globalThis !== "undefined" ? globalThis : this, function (root) {
    "use strict";

    var PANEL_CONTROL = "WebResource_wb_disengagement";
    var TAB_EXPANDED = "expanded";

    // Handlers added to the current form, so that a second OnLoad (the user moves to the next
    // record in the same form) replaces them instead of stacking them.
    var registered = { entity: null, postSave: null, tabs: [] };

    function panelOf(contentWindow) {
        return contentWindow && contentWindow.WinBack && contentWindow.WinBack.Panel &&
            typeof contentWindow.WinBack.Panel.init === "function" ? contentWindow.WinBack.Panel : null;
    }

    /** Resolves with the page's WinBack.Panel, waiting for the page's load event if its scripts have not run yet. */
    function whenPanelReady(contentWindow) {
        var panel = panelOf(contentWindow);
        if (panel || !contentWindow || typeof contentWindow.addEventListener !== "function") {
            return Promise.resolve(panel);
        }
        return new Promise(function (resolve) {
            contentWindow.addEventListener("load", function () {
                resolve(panelOf(contentWindow));
            }, { once: true });
        });
    }

    /**
     * Gives the panel the form's context. Resolves true when the panel took it, false when the form has no
     * panel control (the form script never breaks the form: the panel reports its own errors).
     */
    function handOver(xrm, formContext) {
        var control = formContext && formContext.getControl ? formContext.getControl(PANEL_CONTROL) : null;
        if (!control || typeof control.getContentWindow !== "function") {
            return Promise.resolve(false);
        }
        return Promise.resolve()
            .then(function () { return control.getContentWindow(); })
            .then(whenPanelReady)
            .then(function (panel) {
                if (!panel) {
                    return false;
                }
                return Promise.resolve(panel.init(xrm, formContext)).then(function () { return true; });
            })
            .then(null, function () { return false; });
    }

    function tabOfPanel(formContext) {
        var control = formContext.getControl(PANEL_CONTROL);
        var section = control && typeof control.getParent === "function" ? control.getParent() : null;
        var tab = section && typeof section.getParent === "function" ? section.getParent() : null;
        return tab && typeof tab.addTabStateChange === "function" ? tab : null;
    }

    function unregister() {
        if (registered.entity && registered.postSave && typeof registered.entity.removeOnPostSave === "function") {
            registered.entity.removeOnPostSave(registered.postSave);
        }
        registered.tabs.forEach(function (entry) {
            if (typeof entry.tab.removeTabStateChange === "function") {
                entry.tab.removeTabStateChange(entry.handler);
            }
        });
        registered = { entity: null, postSave: null, tabs: [] };
    }

    function register(xrm, formContext) {
        unregister();
        var entity = formContext.data && formContext.data.entity;
        if (entity && typeof entity.addOnPostSave === "function") {
            var postSave = function (executionContext) {
                var args = executionContext && typeof executionContext.getEventArgs === "function" ? executionContext.getEventArgs() : null;
                if (args && typeof args.getIsSaveSuccess === "function" && !args.getIsSaveSuccess()) {
                    return;
                }
                handOver(xrm, formContext);
            };
            entity.addOnPostSave(postSave);
            registered.entity = entity;
            registered.postSave = postSave;
        }
        var tab = tabOfPanel(formContext);
        if (tab) {
            var tabChanged = function () {
                if (typeof tab.getDisplayState !== "function" || tab.getDisplayState() === TAB_EXPANDED) {
                    handOver(xrm, formContext);
                }
            };
            tab.addTabStateChange(tabChanged);
            registered.tabs.push({ tab: tab, handler: tabChanged });
        }
    }

    /** The account form's OnLoad handler. Returns the hand-over promise (the form ignores it). */
    function onLoad(executionContext) {
        var formContext = executionContext && typeof executionContext.getFormContext === "function"
            ? executionContext.getFormContext()
            : null;
        var xrm = root.Xrm;
        if (!formContext || !xrm) {
            return Promise.resolve(false);
        }
        register(xrm, formContext);
        return handOver(xrm, formContext);
    }

    return {
        PANEL_CONTROL: PANEL_CONTROL,
        onLoad: onLoad,
        handOver: handOver
    };
}));
