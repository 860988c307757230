/*
 * The local Dataverse's app shell: draws a model-driven app frame (site map, views, the main form) from the page's
 * description (JSON data in #wb-boot) and gives the solution's web resources a real Xrm whose Web API calls go over
 * HTTP to /api/data/v9.2/ as the chosen user (MSCRMCallerID). Every value from Dataverse is written as text.
 */
(function () {
    "use strict";

    var boot = JSON.parse(document.getElementById("wb-boot").textContent);
    var API = "/api/data/v9.2/";
    // Height of one form row for a web resource cell. Microsoft documents no figure for Unified Interface; the shell
    // takes 20 px, so a page that fits here fits any frame whose rows are at least that tall.
    var ROW_PX = 20;
    var GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

    /** Text as shown: bidirectional override and isolate characters are named, so they cannot reorder what a user reads. */
    function visible(text) {
        return String(text).replace(/[\u202A-\u202E\u2066-\u2069]/g, function (c) {
            return "[U+" + c.charCodeAt(0).toString(16).toUpperCase() + "]";
        });
    }

    function el(tag, attrs, children) {
        var node = document.createElement(tag);
        Object.keys(attrs || {}).forEach(function (key) {
            if (key === "text") { node.textContent = visible(attrs[key]); } else { node.setAttribute(key, attrs[key]); }
        });
        (children || []).forEach(function (child) { if (child) { node.appendChild(child); } });
        return node;
    }

    function cleanId(id) {
        var text = String(id || "").replace(/[{}]/g, "");
        return GUID.test(text) ? text.toLowerCase() : null;
    }

    // Every address names the app first, as the app's own addresses do (main.aspx?appid=...&pagetype=...).
    function address(params) {
        var query = Object.keys(params).filter(function (k) { return params[k]; })
            .map(function (k) { return encodeURIComponent(k) + "=" + encodeURIComponent(params[k]); });
        if (boot.appid) { query.unshift("appid=" + encodeURIComponent(boot.appid)); }
        query.push("user=" + encodeURIComponent(boot.user.domainname));
        return "/main.aspx?" + query.join("&");
    }

    function setOf(table) {
        var set = boot.sets[table];
        if (!set) { throw new Error("No entity set for table " + table + "."); }
        return set;
    }

    // ------------------------------------------------------------------ the Web API over HTTP

    function request(method, path, body, headers) {
        var all = {
            "Accept": "application/json",
            "OData-MaxVersion": "4.0",
            "OData-Version": "4.0",
            "MSCRMCallerID": boot.user.id,
            "Prefer": "odata.include-annotations=\"*\""
        };
        Object.keys(headers || {}).forEach(function (k) { all[k] = headers[k]; });
        if (body !== undefined) { all["Content-Type"] = "application/json; charset=utf-8"; }
        return fetch(API + path, { method: method, headers: all, body: body === undefined ? undefined : JSON.stringify(body), credentials: "same-origin" })
            .then(function (response) {
                if (response.ok) { return response; }
                return response.json().then(function (payload) {
                    var error = payload && payload.error ? payload.error : { code: "0x0", message: response.statusText };
                    return Promise.reject({ errorCode: parseInt(error.code, 16) | 0, code: error.code, message: error.message, status: response.status });
                }, function () {
                    return Promise.reject({ errorCode: 0, message: "HTTP " + response.status, status: response.status });
                });
            });
    }

    function json(response) { return response.status === 204 ? null : response.json(); }

    function options(text) { return text ? (text.charAt(0) === "?" ? text : "?" + text) : ""; }

    var webApi = {
        retrieveRecord: function (entityName, id, query) {
            return request("GET", setOf(entityName) + "(" + cleanId(id) + ")" + options(query)).then(json);
        },
        retrieveMultipleRecords: function (entityName, query, maxPageSize) {
            var headers = maxPageSize ? { "Prefer": "odata.include-annotations=\"*\",odata.maxpagesize=" + maxPageSize } : {};
            var path = query && query.indexOf(API) >= 0 ? query.slice(query.indexOf(API) + API.length) : setOf(entityName) + options(query);
            return request("GET", path, undefined, headers).then(json).then(function (page) {
                return { entities: page.value, nextLink: page["@odata.nextLink"] };
            });
        },
        createRecord: function (entityName, data) {
            return request("POST", setOf(entityName), data).then(function (response) {
                var location = response.headers.get("OData-EntityId") || "";
                var match = /\(([0-9a-fA-F-]{36})\)$/.exec(location);
                return { entityType: entityName, id: match ? match[1] : null };
            });
        },
        updateRecord: function (entityName, id, data) {
            return request("PATCH", setOf(entityName) + "(" + cleanId(id) + ")", data, { "If-Match": "*" })
                .then(function () { return { entityType: entityName, id: cleanId(id) }; });
        },
        deleteRecord: function (entityName, id) {
            return request("DELETE", setOf(entityName) + "(" + cleanId(id) + ")")
                .then(function () { return { entityType: entityName, id: cleanId(id) }; });
        },
        /** Xrm.WebApi.online.execute: actions (operationType 0) and functions (1), bound through boundParameter "entity". */
        execute: function (req) {
            var meta = req.getMetadata();
            var path = meta.operationName;
            var body = {};
            Object.keys(req).forEach(function (key) {
                if (key !== "getMetadata" && key !== meta.boundParameter) { body[key] = req[key]; }
            });
            if (meta.boundParameter) {
                var bound = req[meta.boundParameter];
                path = setOf(bound.entityType) + "(" + cleanId(bound.id) + ")/Microsoft.Dynamics.CRM." + meta.operationName;
            }
            if (meta.operationType === 2 && meta.operationName === "Associate") {
                // One $ref POST per related row (Learn, "Associate and disassociate table rows using the Web API").
                var target = setOf(req.target.entityType) + "(" + cleanId(req.target.id) + ")/" + req.relationship + "/$ref";
                return req.relatedEntities.reduce(function (p, related) {
                    return p.then(function () { return request("POST", target, { "@odata.id": API + setOf(related.entityType) + "(" + cleanId(related.id) + ")" }); });
                }, Promise.resolve());
            }
            if (meta.operationType === 1) { return request("GET", path + "()"); }
            if (meta.operationType !== 0) { return Promise.reject({ errorCode: 0, message: "The local shell executes actions and functions only." }); }
            return request("POST", path, body);
        }
    };
    webApi.online = webApi;

    // ------------------------------------------------------------------ dialogs and notifications

    var dialogHost = el("div", { "class": "wb-dialogs", "aria-live": "assertive" });

    function dialog(title, text) {
        return new Promise(function (resolve) {
            var ok = el("button", { type: "button", text: "OK" });
            var box = el("div", { "class": "wb-dialog", role: "alertdialog", "aria-label": title }, [el("h2", { text: title }), el("p", { text: text }), ok]);
            ok.addEventListener("click", function () { dialogHost.removeChild(box); resolve({ confirmed: true }); });
            dialogHost.appendChild(box);
            ok.focus();
        });
    }

    /** Xrm.Collection.ItemCollection: get(index | name | predicate), getLength, forEach (Learn, "Collections (Client API reference)"). */
    function itemCollection(items) {
        return {
            get: function (which) {
                if (which === undefined) { return items.slice(); }
                if (typeof which === "number") { return items[which] || null; }
                if (typeof which === "function") { return items.filter(function (item, i) { return which(item, i); }); }
                return items.filter(function (item) { return item.name === which; })[0] || null;
            },
            getLength: function () { return items.length; },
            forEach: function (fn) { items.forEach(function (item, i) { fn(item, i); }); }
        };
    }

    var Xrm = {
        WebApi: webApi,
        Navigation: {
            openForm: function (o, formParameters) {
                // A new row's form gets its parameters as extraqs (Learn, "Open forms, views, dialogs, and reports with a URL").
                var extraqs = cleanId(o.entityId) ? "" : new URLSearchParams(formParameters || {}).toString();
                window.location.assign(address({ pagetype: "entityrecord", etn: o.entityName, id: cleanId(o.entityId) || "", extraqs: extraqs }));
                return Promise.resolve({ savedEntityReference: [] });
            },
            navigateTo: function (page) {
                if (page.pageType === "entityrecord") { return Xrm.Navigation.openForm({ entityName: page.entityName, entityId: page.entityId }); }
                if (page.pageType === "entitylist") { window.location.assign(address({ pagetype: "entitylist", etn: page.entityName, viewid: page.viewId || "" })); }
                if (page.pageType === "webresource") { window.location.assign(address({ pagetype: "webresource", webresourceName: page.webresourceName })); }
                return Promise.resolve();
            },
            openUrl: function (url) {
                if (/^https?:\/\//i.test(String(url))) { window.open(String(url), "_blank", "noopener"); }
            },
            openAlertDialog: function (a) { return dialog(a.title || "Alert", a.text || ""); },
            openConfirmDialog: function (c) { return dialog(c.title || "Confirm", c.text || ""); },
            openErrorDialog: function (e) { return dialog("Error", e.message || ""); }
        },
        Utility: {
            getGlobalContext: function () {
                return {
                    getClientUrl: function () { return window.location.origin; },
                    getVersion: function () { return "9.2.0.0"; },
                    // Learn, "getCurrentAppUrl (Client API reference)": the current app's URL, https://[org]/main.aspx?appid=[GUID].
                    getCurrentAppUrl: function () { return boot.appid ? window.location.origin + "/main.aspx?appid=" + boot.appid : null; },
                    userSettings: {
                        userId: "{" + boot.user.id.toUpperCase() + "}",
                        userName: boot.user.name,
                        languageId: boot.lcid || 1033,
                        dateFormattingInfo: null,
                        // Learn, "userSettings (Client API reference)": roles is a collection of lookup objects (id, name) of the
                        // user's security roles. The local shell knows their names.
                        roles: itemCollection((boot.user.roles || []).map(function (name) { return { id: "", name: name, entityType: "role" }; }))
                    },
                    // Learn, "organizationSettings (Client API reference)": languageId is the organization's base language.
                    organizationSettings: { uniqueName: boot.organization, languageId: boot.baseLanguage }
                };
            },
            showProgressIndicator: function () { document.body.setAttribute("aria-busy", "true"); },
            closeProgressIndicator: function () { document.body.removeAttribute("aria-busy"); }
        }
    };
    window.Xrm = Xrm;

    // ------------------------------------------------------------------ frame

    var shell = document.getElementById("shell");
    var main = el("main", { id: "wb-main", "class": "wb-main" });

    function header() {
        var select = el("select", { id: "wb-user", "aria-label": "Act as user" });
        boot.users.forEach(function (u) {
            var option = el("option", { value: u.domainname, text: u.name + " (" + u.domainname + ")" });
            if (u.domainname === boot.user.domainname) { option.selected = true; }
            select.appendChild(option);
        });
        select.addEventListener("change", function () {
            var params = new URLSearchParams(window.location.search);
            params.set("user", select.value);
            window.location.assign("/main.aspx?" + params.toString());
        });
        return el("header", { "class": "wb-top" }, [
            el("span", { "class": "wb-app", text: "Win-back" }),
            el("span", { "class": "wb-org", text: boot.organization + " (local Dataverse)" }),
            el("span", { "class": "wb-memory", text: "State lives in memory: stopping the server forgets every change." }),
            el("label", { "for": "wb-user", "class": "wb-user-label", text: "User" }), select
        ]);
    }

    function siteMap() {
        var nav = el("nav", { "class": "wb-nav", "aria-label": "Site map" });
        boot.sitemap.forEach(function (area) {
            nav.appendChild(el("h2", { text: area.title }));
            area.groups.forEach(function (group) {
                nav.appendChild(el("h3", { text: group.title }));
                var list = el("ul");
                group.items.forEach(function (item) {
                    var resource = /^\$webresource:(.+)$/.exec(item.url || "");
                    var link;
                    if (resource) {
                        link = el("a", { href: address({ pagetype: "webresource", webresourceName: resource[1] }), text: item.title });
                        if (boot.pagetype === "webresource" && resource[1] === boot.webresourceName) { link.setAttribute("aria-current", "page"); }
                    } else if (item.entity) {
                        link = el("a", { href: address({ pagetype: "entitylist", etn: item.entity }), text: item.title });
                        if (boot.pagetype !== "webresource" && item.entity === boot.etn) { link.setAttribute("aria-current", "page"); }
                    } else {
                        return;
                    }
                    list.appendChild(el("li", {}, [link]));
                });
                nav.appendChild(list);
            });
        });
        return nav;
    }

    function showError(container, error) {
        container.appendChild(el("p", { "class": "wb-error", role: "alert", text: (error && error.message) || String(error) }));
    }

    function display(row, column) {
        var meta = boot.table.columns[column];
        var property = meta ? meta.property : column;
        var formatted = row[property + "@OData.Community.Display.V1.FormattedValue"];
        var value = formatted !== undefined ? formatted : row[property];
        return value === null || value === undefined ? "" : String(value);
    }

    // ------------------------------------------------------------------ views

    function entityList() {
        var views = boot.views || [];
        var view = views.filter(function (v) { return v.id === cleanId(boot.viewid); })[0] || views[0];
        main.appendChild(el("h1", { text: boot.table ? boot.table.displayName : boot.etn }));
        if (!view) { showError(main, { message: "The solution has no public view of " + boot.etn + "." }); return; }
        var picker = el("select", { id: "wb-view", "aria-label": "View" });
        views.forEach(function (v) {
            var option = el("option", { value: v.id, text: v.name });
            if (v === view) { option.selected = true; }
            picker.appendChild(option);
        });
        picker.addEventListener("change", function () {
            window.location.assign(address({ pagetype: "entitylist", etn: boot.etn, viewid: picker.value }));
        });
        main.appendChild(picker);
        var table = el("table", { "class": "wb-grid", id: "wb-grid" });
        var head = el("tr");
        view.columns.forEach(function (c) {
            head.appendChild(el("th", { scope: "col", text: boot.table.columns[c] ? boot.table.columns[c].label : c }));
        });
        table.appendChild(el("thead", {}, [head]));
        var body = el("tbody");
        table.appendChild(body);
        main.appendChild(table);
        var status = el("p", { "class": "wb-count", role: "status", text: "Loading..." });
        main.appendChild(status);
        request("GET", setOf(boot.etn) + "?fetchXml=" + encodeURIComponent(view.fetchxml)).then(json).then(function (page) {
            page.value.forEach(function (row) {
                var tr = el("tr");
                view.columns.forEach(function (c, i) {
                    var text = display(row, c);
                    var id = cleanId(row[boot.table.primaryId]);
                    if (i === 0 && id) {
                        tr.appendChild(el("td", {}, [el("a", { href: address({ pagetype: "entityrecord", etn: boot.etn, id: id }), text: text || "(no name)" })]));
                    } else {
                        tr.appendChild(el("td", { text: text }));
                    }
                });
                body.appendChild(tr);
            });
            status.textContent = page.value.length + " rows" + (page["@Microsoft.Dynamics.CRM.morerecords"] ? " (more not shown)" : "");
        }, function (error) { status.textContent = ""; showError(main, error); });
    }

    // ------------------------------------------------------------------ the form

    // The form body is editable where Dynamics lets the user write: every column a client may update, unless the
    // user may not update the row (then the form is Read Only, getFormType 3). Values have the client API's types
    // (Learn, "Column (attribute) object": string, number for choices, boolean, Date, lookup arrays of {id, name,
    // entityType}); Save sends the changed columns with PATCH, and the server's refusal becomes a form notification.
    // Without an id the address opens the create form (getFormType 1), as main.aspx?pagetype=entityrecord&etn=... does.
    var FORM_CREATE = 1, FORM_UPDATE = 2, FORM_READ_ONLY = 3;

    function entityRecord() {
        var id = cleanId(boot.id);
        var form = boot.form;
        if (!form) { showError(main, { message: "The solution has no main form for " + boot.etn + "." }); return; }
        if (!id && boot.id) { showError(main, { message: "The address's id is not a row id: " + boot.id + "." }); return; }
        var columns = boot.table.columns;
        var formType = !id ? FORM_CREATE : boot.access && boot.access.write === false ? FORM_READ_ONLY : FORM_UPDATE;
        var title = el("h1", { id: "wb-record-title", text: boot.table.displayName });
        var notifications = el("div", { "class": "wb-notifications", id: "wb-notifications", role: "status" });
        var saveButton = el("button", { type: "button", id: "wb-save", "class": "wb-command", text: "Save" });
        var commandBar = el("div", { "class": "wb-commandbar", role: "toolbar", "aria-label": "Form commands" }, [saveButton]);
        main.appendChild(title);
        if (formType !== FORM_READ_ONLY) { main.appendChild(commandBar); }
        else { main.appendChild(el("p", { "class": "wb-readonly", id: "wb-readonly", text: "Read-only: you do not have permission to change this row." })); }
        main.appendChild(notifications);

        var fields = [];
        form.tabs.forEach(function (t) { t.sections.forEach(function (s) { s.controls.forEach(function (c) { if (c.field && columns[c.field]) { fields.push(c.field); } }); }); });
        var names = fields.concat([boot.table.primaryName, "statecode"]).filter(function (f, i, all) { return f && columns[f] && all.indexOf(f) === i; });
        var select = names.map(function (f) { return columns[f].property; });
        var values = {};
        var original = {};
        var row = null;
        var onSave = [];
        var postSave = [];
        var inputs = {};
        var formNotes = {};
        var attributes = {};

        function typeOf(name) { return columns[name] ? columns[name].type : "other"; }

        // ---- values between the Web API and the client API

        function fromRow(r, name) {
            var meta = columns[name];
            var raw = r[meta.property];
            if (raw === null || raw === undefined) { return null; }
            if (meta.type === "lookup") {
                return [{ id: "{" + String(raw).toUpperCase() + "}", name: r[meta.property + "@OData.Community.Display.V1.FormattedValue"] || "",
                    entityType: r[meta.property + "@Microsoft.Dynamics.CRM.lookuplogicalname"] || meta.target || "" }];
            }
            if (meta.type === "datetime") {
                if (meta.dateOnly) { var p = String(raw).slice(0, 10).split("-"); return new Date(+p[0], +p[1] - 1, +p[2]); }
                return new Date(raw);
            }
            return raw;
        }

        function pad(n) { return (n < 10 ? "0" : "") + n; }

        function toPayload(name, value, body) {
            var meta = columns[name];
            if (meta.type === "lookup") {
                var ref = value && value[0];
                var target = ref ? (ref.entityType || meta.target) : meta.target;
                // A lookup to several tables (regarding) has a navigation property per table.
                var navigation = (meta.navigations && meta.navigations[target]) || meta.navigation;
                if (!navigation) { throw new Error(meta.label + " cannot be changed from this form."); }
                body[navigation + "@odata.bind"] = ref ? "/" + setOf(target) + "(" + cleanId(ref.id) + ")" : null;
                return;
            }
            if (meta.type === "datetime" && value instanceof Date) {
                body[meta.property] = meta.dateOnly ? value.getFullYear() + "-" + pad(value.getMonth() + 1) + "-" + pad(value.getDate()) : value.toISOString();
                return;
            }
            body[meta.property] = value;
        }

        function same(a, b) {
            if (a instanceof Date && b instanceof Date) { return a.getTime() === b.getTime(); }
            if (Array.isArray(a) && Array.isArray(b)) { return a.length === b.length && (a.length === 0 || cleanId(a[0].id) === cleanId(b[0].id)); }
            return a === b;
        }

        function isDirty(name) { return !same(values[name] === undefined ? null : values[name], original[name] === undefined ? null : original[name]); }

        function executionContextFor(source, args) {
            return {
                getFormContext: function () { return formContext; },
                getEventSource: function () { return source; },
                getEventArgs: function () { return args || null; },
                getContext: function () { return Xrm.Utility.getGlobalContext(); },
                getDepth: function () { return 1; }
            };
        }

        function attribute(name) {
            if (attributes[name]) { return attributes[name]; }
            var handlers = [];
            var required = columns[name] && columns[name].required ? "required" : "none";
            var api = {
                getName: function () { return name; },
                getAttributeType: function () { return typeOf(name) === "other" ? "string" : typeOf(name); },
                getFormat: function () { return columns[name] && columns[name].type === "datetime" ? (columns[name].dateOnly ? "date" : "datetime") : null; },
                getValue: function () { return values[name] === undefined ? null : values[name]; },
                setValue: function (v) { values[name] = v === undefined ? null : v; showValue(name); },
                getIsDirty: function () { return isDirty(name); },
                getRequiredLevel: function () { return required; },
                setRequiredLevel: function (level) { required = level; },
                getOptions: function () { return (columns[name] && columns[name].options || []).map(function (o) { return { value: o.value, text: o.label }; }); },
                getText: function () {
                    var o = (columns[name] && columns[name].options || []).filter(function (x) { return x.value === values[name]; })[0];
                    return o ? o.label : null;
                },
                addOnChange: function (h) { handlers.push(h); },
                removeOnChange: function (h) { var i = handlers.indexOf(h); if (i >= 0) { handlers.splice(i, 1); } },
                fireOnChange: function () { handlers.slice().forEach(function (h) { h(executionContextFor(api)); }); }
            };
            attributes[name] = api;
            return api;
        }

        // ---- the controls

        function dateText(v, dateOnly) {
            if (!(v instanceof Date)) { return ""; }
            var day = v.getFullYear() + "-" + pad(v.getMonth() + 1) + "-" + pad(v.getDate());
            return dateOnly ? day : day + "T" + pad(v.getHours()) + ":" + pad(v.getMinutes());
        }

        function editable(name) {
            var meta = columns[name];
            return formType !== FORM_READ_ONLY && meta && meta.updatable && meta.type !== "other" && name !== boot.table.primaryId;
        }

        function choiceOptions(name) {
            var meta = columns[name];
            var options = meta.options || [];
            // A status reason is offered only with the reasons of the row's current state, as the form does.
            if (name === "statuscode" && typeof values.statecode === "number") {
                options = options.filter(function (o) { return o.state === null || o.state === undefined || o.state === values.statecode; });
            }
            return options;
        }

        function showValue(name) {
            var node = inputs[name];
            if (!node) { return; }
            var meta = columns[name];
            var v = values[name] === undefined ? null : values[name];
            if (!node.editable) {
                node.value.textContent = visible(row ? display(row, name) : "");
                return;
            }
            if (meta.type === "boolean") { node.input.checked = v === true; return; }
            if (meta.type === "optionset") {
                while (node.input.firstChild) { node.input.removeChild(node.input.firstChild); }
                node.input.appendChild(el("option", { value: "", text: "--Select--" }));
                choiceOptions(name).forEach(function (o) {
                    var option = el("option", { value: String(o.value), text: o.label });
                    if (o.value === v) { option.selected = true; }
                    node.input.appendChild(option);
                });
                return;
            }
            if (meta.type === "lookup") {
                node.input.value = v && v[0] ? cleanId(v[0].id) || "" : "";
                while (node.link.firstChild) { node.link.removeChild(node.link.firstChild); }
                if (v && v[0] && cleanId(v[0].id)) {
                    var target = v[0].entityType || meta.target;
                    node.link.appendChild(el("a", { href: address({ pagetype: "entityrecord", etn: target, id: cleanId(v[0].id) }), text: v[0].name || cleanId(v[0].id) }));
                }
                return;
            }
            if (meta.type === "datetime") { node.input.value = dateText(v, meta.dateOnly); return; }
            node.input.value = v === null ? "" : String(v);
        }

        function readInput(name) {
            var meta = columns[name];
            var input = inputs[name].input;
            if (meta.type === "boolean") { return input.checked; }
            if (meta.type === "optionset") { return input.value === "" ? null : parseInt(input.value, 10); }
            if (meta.type === "integer") { return input.value.trim() === "" ? null : parseInt(input.value, 10); }
            if (meta.type === "decimal" || meta.type === "double" || meta.type === "money") { return input.value.trim() === "" ? null : parseFloat(input.value); }
            if (meta.type === "datetime") {
                if (!input.value) { return null; }
                if (meta.dateOnly) { var p = input.value.split("-"); return new Date(+p[0], +p[1] - 1, +p[2]); }
                return new Date(input.value);
            }
            if (meta.type === "lookup") {
                var text = input.value.trim();
                if (!text) { return null; }
                var guid = cleanId(text);
                if (!guid) { return undefined; }
                var current = values[name] && values[name][0];
                return [{ id: "{" + guid.toUpperCase() + "}", name: current && cleanId(current.id) === guid ? current.name : guid, entityType: (current && current.entityType) || meta.target }];
            }
            return input.value === "" ? null : input.value;
        }

        function fieldControl(c) {
            var name = c.field;
            var meta = columns[name];
            var label = c.label || meta.label || name;
            var fieldId = "wb-field-" + name;
            if (!editable(name)) {
                var valueNode = el("span", { "class": "wb-value", id: fieldId });
                inputs[name] = { editable: false, value: valueNode };
                return el("div", { "class": "wb-field" }, [el("span", { "class": "wb-label", id: fieldId + "-label", text: label }), valueNode]);
            }
            var input;
            var extra = null;
            if (meta.type === "memo") { input = el("textarea", { id: fieldId, rows: "4" }); }
            else if (meta.type === "optionset") { input = el("select", { id: fieldId }); }
            else if (meta.type === "boolean") { input = el("input", { id: fieldId, type: "checkbox", role: "switch" }); }
            else if (meta.type === "datetime") { input = el("input", { id: fieldId, type: meta.dateOnly ? "date" : "datetime-local" }); }
            else if (meta.type === "integer" || meta.type === "decimal" || meta.type === "double" || meta.type === "money") { input = el("input", { id: fieldId, type: "number", step: meta.type === "integer" ? "1" : "any" }); }
            else if (meta.type === "lookup") {
                input = el("input", { id: fieldId, type: "text", spellcheck: "false", "aria-describedby": fieldId + "-hint", "class": "wb-lookup-id" });
                extra = el("span", { "class": "wb-lookup" });
            } else { input = el("input", { id: fieldId, type: "text" }); }
            input.classList.add("wb-edit");
            if (meta.maxLength && (meta.type === "string" || meta.type === "memo")) { input.setAttribute("maxlength", String(meta.maxLength)); }
            if (meta.required) { input.setAttribute("aria-required", "true"); }
            inputs[name] = { editable: true, input: input, link: extra };
            input.addEventListener("change", function () { commit(name); });
            var labelNode = el("label", { "for": fieldId, "class": "wb-label", text: label + (meta.required ? " *" : "") });
            var body = [input];
            if (extra) {
                body = [el("span", { "class": "wb-lookup-box" }, [extra, input, el("span", { "class": "wb-hint", id: fieldId + "-hint", text: "Id of the " + (meta.target || "row") })])];
            }
            return el("div", { "class": "wb-field wb-field-edit" }, [labelNode].concat(body));
        }

        /** Takes an input's value into its attribute and runs its OnChange handlers, as leaving the field does. */
        function commit(name) {
            var meta = columns[name];
            var label = meta.label || name;
            var v = readInput(name);
            if (v === undefined) {
                formContext.ui.setFormNotification(label + ": enter the id of a row (a GUID such as 00000000-0000-0000-0000-000000000000).", "ERROR", "wb-shell-input-" + name);
                return false;
            }
            clearNote("wb-shell-input-" + name);
            if (same(v, values[name] === undefined ? null : values[name])) { return true; }
            values[name] = v;
            attribute(name).fireOnChange();
            return true;
        }

        // Learn, "Set field values using parameters passed to a form": the new row's columns from extraqs, a lookup as
        // name (its id), namename and nametype. Prefilled values are changes the first save writes.
        function prefill() {
            var extra = new URLSearchParams(new URLSearchParams(window.location.search).get("extraqs") || "");
            names.forEach(function (f) {
                var meta = columns[f];
                var raw = extra.get(f);
                if (raw === null || !meta || !meta.updatable) { return; }
                if (meta.type === "lookup") {
                    var refId = cleanId(raw);
                    if (refId) { values[f] = [{ id: "{" + refId.toUpperCase() + "}", name: extra.get(f + "name") || "", entityType: extra.get(f + "type") || meta.target || "" }]; }
                } else if (meta.type === "optionset" || meta.type === "integer") {
                    if (/^-?\d+$/.test(raw)) { values[f] = parseInt(raw, 10); }
                } else if (meta.type === "boolean") {
                    values[f] = raw === "1" || raw.toLowerCase() === "true";
                } else if (meta.type === "string" || meta.type === "memo") {
                    values[f] = raw;
                }
            });
        }

        function load() {
            if (!id) {
                // A new row: empty, in the first state, with the title Dynamics gives it.
                names.forEach(function (f) { values[f] = f === "statecode" ? 0 : null; original[f] = values[f]; });
                prefill();
                title.textContent = "New " + boot.table.displayName;
                Object.keys(inputs).forEach(showValue);
                return Promise.resolve();
            }
            return request("GET", setOf(boot.etn) + "(" + id + ")?$select=" + select.join(",")).then(json).then(function (r) {
                row = r;
                names.forEach(function (f) { values[f] = fromRow(r, f); original[f] = values[f]; });
                title.textContent = visible(display(r, boot.table.primaryName) || boot.table.displayName);
                Object.keys(inputs).forEach(showValue);
            });
        }

        var controls = {};
        var tabs = {};
        form.tabs.forEach(function (t) {
            var tabHandlers = [];
            var tabApi = {
                getName: function () { return t.name; },
                getDisplayState: function () { return "expanded"; },
                setDisplayState: function () {},
                addTabStateChange: function (h) { tabHandlers.push(h); },
                removeTabStateChange: function (h) { var i = tabHandlers.indexOf(h); if (i >= 0) { tabHandlers.splice(i, 1); } }
            };
            tabs[t.name] = tabApi;
            var tabNode = el("section", { "class": "wb-tab", "aria-label": t.label || t.name }, [el("h2", { text: t.label || t.name })]);
            t.sections.forEach(function (s) {
                var sectionApi = { getName: function () { return s.name; }, getParent: function () { return tabApi; } };
                var sectionNode = el("div", { "class": "wb-section" }, s.label ? [el("h3", { text: s.label })] : []);
                s.controls.forEach(function (c) {
                    if (c.webresource) {
                        var frame = el("iframe", { id: c.id, title: c.label || c.webresource, "class": "wb-webresource wb-rows", src: "/WebResources/" + encodeURI(c.webresource) });
                        // As tall as the form gives it: its rows at ROW_PX each (a page taller than that scrolls inside the frame).
                        frame.style.height = (Math.max(1, c.rows || 1) * ROW_PX) + "px";
                        var loaded = new Promise(function (resolve) { frame.addEventListener("load", function () { resolve(frame.contentWindow); }); });
                        controls[c.id] = {
                            getName: function () { return c.id; },
                            getControlType: function () { return "webresource"; },
                            getContentWindow: function () { return loaded; },
                            getParent: function () { return sectionApi; },
                            setVisible: function (v) { frame.hidden = !v; },
                            getVisible: function () { return !frame.hidden; }
                        };
                        sectionNode.appendChild(frame);
                    } else if (c.field && columns[c.field]) {
                        var node = fieldControl(c);
                        controls[c.id || c.field] = {
                            getName: function () { return c.id || c.field; },
                            getControlType: function () { return "standard"; },
                            getAttribute: function () { return attribute(c.field); },
                            getParent: function () { return sectionApi; },
                            getDisabled: function () { return !inputs[c.field].editable || inputs[c.field].input.disabled; },
                            setDisabled: function (d) { if (inputs[c.field].editable) { inputs[c.field].input.disabled = !!d; } },
                            setVisible: function (v) { node.hidden = !v; },
                            getVisible: function () { return !node.hidden; }
                        };
                        sectionNode.appendChild(node);
                    }
                });
                tabNode.appendChild(sectionNode);
            });
            main.appendChild(tabNode);
        });

        function dirtyNames() { return names.filter(function (n) { return isDirty(n) && columns[n].updatable; }); }

        function saveFailed(error) {
            var message = (error && error.message) || String(error);
            formContext.ui.setFormNotification(message, "ERROR", "wb-shell-save");
            var args = {
                getIsSaveSuccess: function () { return false; },
                getSaveErrorInfo: function () { return { errorCode: error && error.errorCode, message: message }; },
                getEntityReference: function () { return { id: id, entityType: boot.etn, name: values[boot.table.primaryName] || "" }; }
            };
            postSave.slice().forEach(function (h) { h(executionContextFor(formContext.data.entity, args)); });
            return Promise.reject({ errorCode: error && error.errorCode, message: message });
        }

        /** formContext.data.save(saveOptions): OnSave handlers first (one may cancel), then the changed columns with PATCH. */
        function save(saveOptions) {
            if (formType === FORM_READ_ONLY) { return Promise.reject({ errorCode: 0, message: "This row is read-only for you." }); }
            // Ctrl+S in a field saves what it holds, as leaving the field would have.
            var committed = Object.keys(inputs).filter(function (n) { return inputs[n].editable; }).every(commit);
            if (!committed) { return Promise.reject({ errorCode: 0, message: "Correct the fields the form marks first." }); }
            var prevented = false;
            var args = {
                getSaveMode: function () { return saveOptions && saveOptions.saveMode ? saveOptions.saveMode : 1; },
                preventDefault: function () { prevented = true; },
                preventDefaultOnError: function () {},
                isDefaultPrevented: function () { return prevented; }
            };
            onSave.slice().forEach(function (h) { h(executionContextFor(formContext.data.entity, args)); });
            if (prevented) { return Promise.reject({ errorCode: 0, message: "The save was cancelled by the form's OnSave handler." }); }
            var missing = names.filter(function (n) {
                var v = values[n];
                return attributes[n] && attributes[n].getRequiredLevel() === "required" && editable(n) && (v === null || v === undefined || v === "") ||
                    !attributes[n] && columns[n].required && editable(n) && (v === null || v === undefined || v === "");
            });
            if (missing.length) {
                return saveFailed({ errorCode: 0, message: "Required fields must be filled in: " + missing.map(function (n) { return columns[n].label; }).join(", ") + "." });
            }
            var changed = dirtyNames();
            clearNote("wb-shell-save");
            if (!changed.length && id) { return Promise.resolve(); }
            var body = {};
            try { changed.forEach(function (n) { toPayload(n, values[n], body); }); } catch (e) { return saveFailed(e); }
            saveButton.disabled = true;
            if (!id) {
                // The first save creates the row and opens it, as the create form does.
                return webApi.createRecord(boot.etn, body).then(function (created) {
                    window.location.assign(address({ pagetype: "entityrecord", etn: boot.etn, id: created.id }));
                }, function (error) {
                    saveButton.disabled = false;
                    return saveFailed(error);
                });
            }
            return request("PATCH", setOf(boot.etn) + "(" + id + ")", body, { "If-Match": "*" }).then(function () {
                return load();
            }).then(function () {
                saveButton.disabled = false;
                var ok = {
                    getIsSaveSuccess: function () { return true; },
                    getSaveErrorInfo: function () { return null; },
                    getEntityReference: function () { return { id: id, entityType: boot.etn, name: values[boot.table.primaryName] || "" }; }
                };
                postSave.slice().forEach(function (h) { h(executionContextFor(formContext.data.entity, ok)); });
            }, function (error) {
                saveButton.disabled = false;
                return saveFailed(error);
            });
        }

        saveButton.addEventListener("click", function () { save().then(null, function () {}); });
        document.addEventListener("keydown", function (e) {
            if ((e.ctrlKey || e.metaKey) && (e.key === "s" || e.key === "S") && formType !== FORM_READ_ONLY) { e.preventDefault(); save().then(null, function () {}); }
        });

        var formContext = {
            data: {
                entity: {
                    getId: function () { return id ? "{" + id.toUpperCase() + "}" : ""; },
                    getEntityName: function () { return boot.etn; },
                    getEntityReference: function () { return { id: id ? "{" + id.toUpperCase() + "}" : "", entityType: boot.etn, name: values[boot.table.primaryName] || "" }; },
                    getIsDirty: function () { return dirtyNames().length > 0; },
                    getPrimaryAttributeValue: function () { return values[boot.table.primaryName] || null; },
                    addOnSave: function (h) { onSave.push(h); },
                    removeOnSave: function (h) { var i = onSave.indexOf(h); if (i >= 0) { onSave.splice(i, 1); } },
                    addOnPostSave: function (h) { postSave.push(h); },
                    removeOnPostSave: function (h) { var i = postSave.indexOf(h); if (i >= 0) { postSave.splice(i, 1); } },
                    save: function (saveOptions) { return save(saveOptions); },
                    attributes: { get: function (n) { return columns[n] ? attribute(n) : null; } }
                },
                getIsDirty: function () { return dirtyNames().length > 0; },
                save: function (saveOptions) { return save(saveOptions); },
                refresh: function (saveFirst) { return (saveFirst ? save() : Promise.resolve()).then(load); }
            },
            getAttribute: function (n) { return columns[n] ? attribute(n) : null; },
            getControl: function (n) { return controls[n] || null; },
            ui: {
                getFormType: function () { return formType; },
                setFormNotification: function (message, level, uniqueId) {
                    clearNote(uniqueId);
                    var note = el("p", { "class": "wb-note wb-note-" + String(level || "INFO").toLowerCase(), text: message });
                    if (String(level).toUpperCase() === "ERROR") { note.setAttribute("role", "alert"); }
                    formNotes[uniqueId] = note;
                    notifications.appendChild(note);
                    return true;
                },
                clearFormNotification: function (uniqueId) { return clearNote(uniqueId); },
                tabs: { get: function (n) { return tabs[n] || null; } }
            }
        };

        function clearNote(uniqueId) {
            if (!formNotes[uniqueId]) { return false; }
            notifications.removeChild(formNotes[uniqueId]);
            delete formNotes[uniqueId];
            return true;
        }

        function loadLibrary(name) {
            return new Promise(function (resolve, reject) {
                var script = el("script", { src: "/WebResources/" + encodeURI(name) });
                script.addEventListener("load", resolve);
                script.addEventListener("error", function () { reject(new Error("The form library " + name + " did not load.")); });
                document.head.appendChild(script);
            });
        }

        function resolveFunction(path) {
            return path.split(".").reduce(function (o, part) { return o && o[part]; }, window);
        }

        load().then(function () {
            // The form has loaded (its fields read and shown): `winback bench` times the panel from here.
            if (window.performance && typeof window.performance.mark === "function") { window.performance.mark("wb-form-loaded"); }
            return form.libraries.reduce(function (p, lib) { return p.then(function () { return loadLibrary(lib); }); }, Promise.resolve());
        }).then(function () {
            var executionContext = executionContextFor(formContext.data.entity);
            form.onload.forEach(function (h) {
                var fn = resolveFunction(h.function);
                if (typeof fn === "function") { fn(h.pass ? executionContext : undefined); }
                else { formContext.ui.setFormNotification("The OnLoad handler " + h.function + " was not found.", "ERROR", "wb-shell-handler"); }
            });
            if (window.WinBackShell && window.WinBackShell.commandBar) {
                return window.WinBackShell.commandBar.mount(title, boot.commandbar, formContext, Xrm, function (message) {
                    formContext.ui.setFormNotification(message, "ERROR", "wb-shell-command");
                }).refresh();
            }
        }).then(function () {
            main.setAttribute("data-loaded", "true");
        }).then(null, function (error) { showError(notifications, error); });
    }

    // ------------------------------------------------------------------ web resource page

    function siteMapTitle(name) {
        var title = null;
        boot.sitemap.forEach(function (area) {
            area.groups.forEach(function (group) {
                group.items.forEach(function (item) { if (item.url === "$webresource:" + name) { title = item.title; } });
            });
        });
        return title;
    }

    // A site-map web resource page gets no Xrm: Learn, "Xrm.Navigation.openWebResource" (Remarks): the Xrm object isn't
    // available in HTML web resources, and parent.Xrm doesn't work when the page is part of the site map. The page
    // references ClientGlobalContext.js.aspx and calls the Web API itself; the session cookie authenticates it.
    function webResourcePage() {
        var name = boot.webresourceName;
        var title = siteMapTitle(name) || name;
        main.appendChild(el("h1", { "class": "wb-visually-hidden", text: title }));
        main.appendChild(el("iframe", { "class": "wb-webresource wb-full", id: "wb-page", title: title, src: "/WebResources/" + encodeURI(name) }));
    }

    shell.appendChild(header());
    shell.appendChild(el("div", { "class": "wb-body" }, [siteMap(), main]));
    shell.appendChild(dialogHost);
    if (boot.pagetype === "entityrecord") { entityRecord(); }
    else if (boot.pagetype === "webresource") { webResourcePage(); }
    else { entityList(); }
}());
