/*
 * WinBack disengagement panel (wb_/account/disengagement.html).
 * The account form hands this page its Xrm and formContext through getContentWindow():
 *   contentWindow.WinBack.Panel.init(Xrm, formContext)
 * The page never reaches into the parent window or the deprecated page object. Every value from Dataverse is written with
 * textContent, never as HTML: reasons and names may contain markup.
 */
(function (root) {
    "use strict";

    var model = root.WinBack && root.WinBack.Disengagement;
    var doc = root.document;
    var SVG = "http://www.w3.org/2000/svg";
    var WAIT_FOR_FORM_MS = 15000;

    var state = {
        xrm: null,
        formContext: null,
        loadSeq: 0,
        busy: false,
        wired: false,
        waitTimer: null,
        historyOpen: false
    };

    function byId(id) {
        return doc.getElementById(id);
    }

    /** Builds an element; children are nodes or strings (strings become text nodes, never markup). */
    function el(tag, attributes, children) {
        var node = doc.createElement(tag);
        Object.keys(attributes || {}).forEach(function (name) {
            var value = attributes[name];
            if (value === null || value === undefined || value === false) {
                return;
            }
            if (name === "text") {
                node.textContent = String(value);
            } else {
                node.setAttribute(name, value === true ? "" : String(value));
            }
        });
        append(node, children);
        return node;
    }

    function svg(tag, attributes) {
        var node = doc.createElementNS(SVG, tag);
        Object.keys(attributes || {}).forEach(function (name) {
            node.setAttribute(name, String(attributes[name]));
        });
        return node;
    }

    function append(node, children) {
        (Array.isArray(children) ? children : children === undefined || children === null ? [] : [children])
            .forEach(function (child) {
                if (child === null || child === undefined || child === false) {
                    return;
                }
                node.appendChild(typeof child === "string" || typeof child === "number" ? doc.createTextNode(String(child)) : child);
            });
        return node;
    }

    function clear(node) {
        while (node.firstChild) {
            node.removeChild(node.firstChild);
        }
    }

    function setContent(nodes) {
        var content = byId("wb-content");
        clear(content);
        append(content, nodes);
    }

    function setStatus(text) {
        byId("wb-status").textContent = text || "";
    }

    function setBusy(busy) {
        byId("wb-panel").setAttribute("aria-busy", busy ? "true" : "false");
    }

    function setButton(enabled, label) {
        var button = byId("wb-recalculate");
        button.disabled = false;
        // aria-disabled keeps the button in the tab order while it works, so keyboard focus is not lost.
        button.setAttribute("aria-disabled", enabled ? "false" : "true");
        button.textContent = label || "Recalculate now";
    }

    function hideButton(hidden) {
        byId("wb-recalculate").hidden = !!hidden;
    }

    function notice(kind, title, detail, action) {
        return el("div", { "class": "wb-notice wb-notice-" + kind, role: kind === "error" ? "alert" : null }, [
            el("p", { "class": "wb-notice-title", text: title }),
            detail ? el("p", { "class": "wb-notice-detail", text: detail }) : null,
            action || null
        ]);
    }

    function retryButton(onRetry) {
        var button = el("button", { type: "button", "class": "wb-button wb-button-secondary", text: "Try again" });
        button.addEventListener("click", function () { onRetry(); });
        return button;
    }

    function errorNotice(described, onRetry) {
        return notice("error", described.title,
            described.detail ? "Details: " + described.detail + (described.code ? " (" + described.code + ")" : "") : null,
            retryButton(onRetry || refresh));
    }

    function clearActionError() {
        var box = byId("wb-action-error");
        if (box) {
            box.parentNode.removeChild(box);
        }
    }

    function accountId() {
        var entity = state.formContext && state.formContext.data && state.formContext.data.entity;
        return entity && typeof entity.getId === "function" ? model.normalizeId(entity.getId()) : null;
    }

    function canRecalculate() {
        return !!(state.xrm && state.xrm.WebApi && state.xrm.WebApi.online &&
            typeof state.xrm.WebApi.online.execute === "function");
    }

    function dateLine(label, iso, formattedText, extraClass) {
        if (!iso && !formattedText) {
            return null;
        }
        var text = model.formatDate(iso, formattedText);
        var age = iso ? model.formatAge(iso) : null;
        return el("div", { "class": "wb-date " + (extraClass || "") }, [
            el("dt", { text: label }),
            el("dd", null, [
                iso ? el("time", { datetime: iso, text: text }) : text,
                age ? el("span", { "class": "wb-age", text: " (" + age + ")" }) : null
            ])
        ]);
    }

    function renderSummary(view) {
        var band = view.band;
        var score = view.score;
        var fill = el("div", { "class": "wb-meter-fill wb-band-" + (band ? band.key : "unknown") });
        // Through the style object, not a style attribute, so a content security policy without
        // 'unsafe-inline' styles still allows it.
        fill.style.width = (score === null ? 0 : score) + "%";
        var meter = el("div", { "class": "wb-meter", "aria-hidden": "true" }, [fill]);
        return el("section", { "class": "wb-summary", "aria-labelledby": "wb-summary-title" }, [
            el("h2", { id: "wb-summary-title", "class": "wb-visually-hidden", text: "Score and risk band" }),
            el("div", { "class": "wb-score-block" }, [
                el("p", { "class": "wb-score", id: "wb-score" }, [
                    el("span", { "class": "wb-score-value", text: score === null ? "\u2013" : score }),
                    el("span", { "class": "wb-score-max", text: "/100" })
                ]),
                el("p", { "class": "wb-score-label", text: "Disengagement score (higher means more disengaged)" }),
                meter
            ]),
            el("div", { "class": "wb-band-block" }, [
                el("p", { "class": "wb-band-label", text: "Risk band" }),
                el("p", { "class": "wb-band wb-band-" + (band ? band.key : "unknown"), id: "wb-band", text: view.bandText || "Not set" }),
                band ? el("p", { "class": "wb-band-meaning", text: band.meaning }) : null
            ]),
            el("dl", { "class": "wb-dates" }, [
                dateLine("Last scored", view.lastScoredOn, view.lastScoredOnText),
                dateLine("Last changed", view.lastChangedOn, view.lastChangedOnText),
                dateLine("Flagged on", view.flaggedOn, view.flaggedOnText)
            ])
        ]);
    }

    function reasonList(lines, className) {
        if (!lines.length) {
            return null;
        }
        return el("ul", { "class": "wb-reasons " + (className || "") }, lines.map(function (line) {
            return el("li", { text: line });
        }));
    }

    function renderGaps(view) {
        var groups = view.reasonGroups;
        var items = view.gaps.map(function (gap) {
            var reasons = groups[gap.key] || [];
            var headingId = "wb-gap-" + gap.key;
            return el("li", { "class": "wb-gap " + (gap.flagged ? "wb-gap-flagged" : "wb-gap-clear"), "aria-labelledby": headingId }, [
                el("h3", { id: headingId, "class": "wb-gap-title" }, [
                    el("span", { "class": "wb-gap-icon", "aria-hidden": "true", text: gap.flagged ? "\u25b2" : "\u2713" }),
                    gap.label + " gap",
                    el("span", { "class": "wb-gap-state", text: gap.flagged ? "Flagged" : "Not flagged" })
                ]),
                el("p", { "class": "wb-gap-meaning", text: gap.meaning }),
                reasonList(reasons),
                // Signals of this gap without data: named, but not held against the account.
                reasonList(groups.missing[gap.key] || [], "wb-reasons-muted")
            ]);
        });
        var flaggedCount = view.gaps.filter(function (g) { return g.flagged; }).length;
        return el("section", { "class": "wb-section", "aria-labelledby": "wb-gaps-title" }, [
            el("h2", { id: "wb-gaps-title", text: "Gaps" }),
            el("p", { "class": "wb-section-lead", text: flaggedCount === 0 ? "No gap is flagged." : flaggedCount + " of 4 gaps flagged." }),
            el("ul", { "class": "wb-gaps" }, items),
            groups.other.length ? el("h3", { "class": "wb-subtitle", text: "Other reasons" }) : null,
            reasonList(groups.other),
            groups.unavailable.length ? el("h3", { "class": "wb-subtitle", text: "Signals not available (not held against the account)" }) : null,
            reasonList(groups.unavailable, "wb-reasons-muted")
        ]);
    }

    function sparkline(history) {
        var width = 320;
        var height = 80;
        var points = model.trendPoints(history, width, height, 6);
        if (!points.length) {
            return null;
        }
        var scores = points.map(function (p) { return p.entry.score; });
        var label = "Disengagement score over the last " + points.length + (points.length === 1 ? " scoring: " : " scorings, oldest first: ") + scores.join(", ") + ".";
        var chart = svg("svg", { "class": "wb-sparkline", viewBox: "0 0 " + width + " " + height, width: width, height: height, role: "img", "aria-label": label, focusable: "false" });
        var title = svg("title");
        title.textContent = label;
        chart.appendChild(title);
        [25, 50, 75].forEach(function (level) {
            var y = 6 + (height - 12) * (1 - level / 100);
            chart.appendChild(svg("line", { x1: 0, x2: width, y1: y, y2: y, "class": "wb-sparkline-grid" }));
        });
        if (points.length > 1) {
            chart.appendChild(svg("polyline", {
                "class": "wb-sparkline-line",
                points: points.map(function (p) { return p.x + "," + p.y; }).join(" ")
            }));
        }
        points.forEach(function (p) {
            chart.appendChild(svg("circle", { cx: p.x, cy: p.y, r: 3, "class": "wb-sparkline-dot wb-band-" + (p.entry.band ? p.entry.band.key : "unknown") }));
        });
        return chart;
    }

    function historyTable(history) {
        var rows = history.slice().reverse().map(function (entry) {
            var flagged = model.GAPS.filter(function (g) { return entry.gaps[g.key]; }).map(function (g) { return g.label; });
            return el("tr", null, [
                el("th", { scope: "row" }, [el("time", { datetime: entry.scoredOn, text: model.formatDate(entry.scoredOn, entry.scoredOnText) })]),
                el("td", { "class": "wb-num", text: entry.score === null ? "\u2013" : entry.score }),
                el("td", { text: entry.bandText || "" }),
                el("td", { text: flagged.length ? flagged.join(", ") : "None" })
            ]);
        });
        var details = el("details", { "class": "wb-history", open: state.historyOpen }, [
            el("summary", { text: "Show the last " + history.length + (history.length === 1 ? " scoring" : " scorings") }),
            el("table", { "class": "wb-table" }, [
                el("caption", { "class": "wb-visually-hidden", text: "Scorings, latest first" }),
                el("thead", null, el("tr", null, [
                    el("th", { scope: "col", text: "Scored on" }),
                    el("th", { scope: "col", "class": "wb-num", text: "Score" }),
                    el("th", { scope: "col", text: "Band" }),
                    el("th", { scope: "col", text: "Flagged gaps" })
                ])),
                el("tbody", null, rows)
            ])
        ]);
        // Keep the list open across redraws (after a save or a recalculation) once the user has opened it.
        details.addEventListener("toggle", function () { state.historyOpen = details.open; });
        return details;
    }

    function renderTrend(history, historyError) {
        var body;
        if (historyError) {
            body = [notice("warning", "The trend could not be loaded. " + historyError.title, historyError.detail || null)];
        } else if (!history.length) {
            body = [el("p", { "class": "wb-empty", text: "No scoring history yet. The trend appears once the account has been scored twice." })];
        } else {
            var summary = model.trendSummary(history);
            body = [sparkline(history), summary ? el("p", { "class": "wb-trend-summary", text: summary }) : null, historyTable(history)];
            if (history.length === 1) {
                body.unshift(el("p", { "class": "wb-empty", text: "Only one scoring so far. The trend and what moved appear after the next scoring." }));
            }
        }
        return el("section", { "class": "wb-section", "aria-labelledby": "wb-trend-title" }, [
            el("h2", { id: "wb-trend-title", text: "Trend" })
        ].concat(body));
    }

    function renderMovement(history) {
        if (history.length < 2) {
            return null;
        }
        var latest = history[history.length - 1];
        var previous = history[history.length - 2];
        var diff = model.compareScorings(previous, latest);
        var sentences = model.describeMovement(diff);
        var parts = [
            el("h2", { id: "wb-why-title", text: "Why did it move" }),
            el("p", { "class": "wb-section-lead" }, [
                "From the scoring on ",
                el("time", { datetime: previous.scoredOn, text: model.formatDate(previous.scoredOn, previous.scoredOnText) }),
                " to the one on ",
                el("time", { datetime: latest.scoredOn, text: model.formatDate(latest.scoredOn, latest.scoredOnText) }),
                ":"
            ]),
            el("ul", { "class": "wb-movement", "data-direction": diff.direction }, sentences.map(function (line) {
                return el("li", { text: line });
            }))
        ];
        if (diff.reasonsAdded.length) {
            parts.push(el("h3", { "class": "wb-subtitle", text: "New reasons" }), reasonList(diff.reasonsAdded, "wb-reasons-added"));
        }
        if (diff.reasonsChanged.length) {
            parts.push(el("h3", { "class": "wb-subtitle", text: "Changed reasons" }),
                el("ul", { "class": "wb-reasons wb-reasons-changed" }, diff.reasonsChanged.map(function (change) {
                    return el("li", null, [
                        el("span", { "class": "wb-now", text: change.to }),
                        el("span", { "class": "wb-was", text: "was: " + change.from })
                    ]);
                })));
        }
        if (diff.reasonsRemoved.length) {
            parts.push(el("h3", { "class": "wb-subtitle", text: "Reasons that no longer apply" }), reasonList(diff.reasonsRemoved, "wb-reasons-removed"));
        }
        if (!diff.reasonsAdded.length && !diff.reasonsChanged.length && !diff.reasonsRemoved.length) {
            parts.push(el("p", { "class": "wb-empty", text: "The reasons are the same as in the scoring before." }));
        }
        return el("section", { "class": "wb-section", "aria-labelledby": "wb-why-title" }, parts);
    }

    function renderLoaded(view, history, historyError) {
        if (!model.hasScore(view) && !history.length) {
            setContent([
                notice("info", "This account hasn't been scored yet.",
                    "Scores are calculated when the account's signals change and once a day. Select Recalculate now to score it now.")
            ]);
            return;
        }
        setContent([
            renderSummary(view),
            renderGaps(view),
            renderTrend(history, historyError),
            renderMovement(history)
        ]);
    }

    function renderNewRecord() {
        hideButton(true);
        setBusy(false);
        setStatus("");
        setContent([notice("info", "Save the account to see its disengagement score.", null)]);
    }

    /** Reads the account and its history again and redraws the panel; resolves false when the read failed. */
    function refresh() {
        if (!state.xrm || !state.formContext) {
            return Promise.resolve(false);
        }
        var id = accountId();
        if (!id) {
            state.loadSeq++;
            renderNewRecord();
            return Promise.resolve(true);
        }
        var seq = ++state.loadSeq;
        if (!state.busy) {
            clearActionError();
        }
        hideButton(!canRecalculate());
        setBusy(true);
        setStatus("Loading the disengagement details\u2026");
        var webApi = state.xrm.WebApi;
        var account = Promise.resolve().then(function () {
            return webApi.retrieveRecord("account", id, model.accountQuery());
        });
        var history = Promise.resolve().then(function () {
            return webApi.retrieveMultipleRecords(model.HISTORY_TABLE, model.historyQuery(id));
        }).then(function (result) {
            return { rows: (result && result.entities) || [] };
        }, function (error) {
            return { error: model.describeError(error, "load") };
        });
        return Promise.all([account, history]).then(function (results) {
            if (seq !== state.loadSeq) {
                return true;
            }
            var view = model.toAccountView(results[0]);
            var scorings = results[1].error ? [] : model.toHistory(results[1].rows);
            renderLoaded(view, scorings, results[1].error);
            setBusy(false);
            setStatus("");
            return true;
        }, function (error) {
            if (seq !== state.loadSeq) {
                return true;
            }
            setBusy(false);
            setStatus("");
            setContent([errorNotice(model.describeError(error, "load"))]);
            return false;
        });
    }

    function formIsDirty() {
        var entity = state.formContext.data.entity;
        return typeof entity.getIsDirty === "function" ? entity.getIsDirty() : true;
    }

    /** Runs the bound Custom API wb_RecalculateDisengagement on this account, then redraws. */
    function recalculate() {
        if (state.busy || !state.xrm) {
            return Promise.resolve();
        }
        var id = accountId();
        if (!id) {
            renderNewRecord();
            return Promise.resolve();
        }
        if (!canRecalculate()) {
            setStatus("Recalculate needs a connection to Dataverse; it is not available offline.");
            return Promise.resolve();
        }
        state.busy = true;
        setButton(false, "Recalculating\u2026");
        setStatus("Recalculating the disengagement score\u2026");
        var failure = null;
        var reloaded = true;
        return Promise.resolve().then(function () {
            return state.xrm.WebApi.online.execute(model.recalculateRequest(id));
        }).then(function (response) {
            if (response && response.ok === false) {
                throw { httpStatus: response.status, message: response.statusText || "" };
            }
            return refresh();
        }).then(function (ok) {
            reloaded = ok;
            // Show the new values in the form's own fields too, unless the user has unsaved changes there.
            if (!formIsDirty() && typeof state.formContext.data.refresh === "function") {
                return Promise.resolve(state.formContext.data.refresh(false)).then(null, function () { return null; });
            }
            return null;
        }).then(null, function (error) {
            failure = model.describeError(error, "recalculate");
        }).then(function () {
            state.busy = false;
            setButton(true);
            clearActionError();
            if (failure) {
                setStatus("");
                var box = errorNotice(failure, recalculate);
                box.id = "wb-action-error";
                byId("wb-panel").insertBefore(box, byId("wb-content"));
            } else {
                setStatus(reloaded ? "Score recalculated." : "Score recalculated, but the panel could not show it: see below.");
            }
        });
    }

    function wire() {
        if (state.wired) {
            return;
        }
        state.wired = true;
        byId("wb-recalculate").addEventListener("click", function () {
            var button = byId("wb-recalculate");
            if (button.getAttribute("aria-disabled") === "true") {
                return;
            }
            recalculate();
        });
    }

    /**
     * Called by the account form (WinBack.AccountForm.onLoad) with the form's Xrm and formContext.
     * Safe to call again: on save, on tab expand, or when the form reloads the page.
     */
    function init(xrm, formContext) {
        if (!model) {
            return Promise.resolve();
        }
        if (!xrm || !xrm.WebApi || !formContext || !formContext.data) {
            setContent([notice("error", "The panel was opened without the account form's context.",
                "Ask your administrator to add WinBack.AccountForm.onLoad to the account form's OnLoad event.")]);
            return Promise.resolve();
        }
        if (state.waitTimer !== null) {
            root.clearTimeout(state.waitTimer);
            state.waitTimer = null;
        }
        state.xrm = xrm;
        state.formContext = formContext;
        wire();
        setButton(true);
        return refresh();
    }

    root.WinBack = root.WinBack || {};
    root.WinBack.Panel = { init: init, refresh: refresh, recalculate: recalculate };

    if (!model) {
        setContent([notice("error", "The panel's files are incomplete.",
            "wb_/account/disengagement.model.js did not load. Ask your administrator to import the WinBack solution again.")]);
        return;
    }
    // Opened on its own (not from the form), the page would wait forever: say so after a while.
    state.waitTimer = root.setTimeout(function () {
        state.waitTimer = null;
        if (!state.xrm) {
            setStatus("");
            setContent([notice("info", "Waiting for the account form.",
                "This panel shows on the account form. If it stays empty, ask your administrator to add WinBack.AccountForm.onLoad to the form's OnLoad event.")]);
        }
    }, WAIT_FOR_FORM_MS);
}(this));
