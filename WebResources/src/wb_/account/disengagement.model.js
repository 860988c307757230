/*
 * WinBack disengagement panel: the logic without the page.
 * Column names, bands and gaps, Web API queries, reason parsing, the "why did it move" comparison,
 * dates and error wording. No DOM and no Xrm here, so the same file runs in the browser (as
 * WinBack.Disengagement) and under node's test runner (module.exports).
 */
(function (root, factory) {
    "use strict";
    var api = factory();
    if (typeof module === "object" && module && module.exports) {
        module.exports = api;
    } else {
        root.WinBack = root.WinBack || {};
        root.WinBack.Disengagement = api;
    }
}(this, function () {
    "use strict";

    var BANDS = [
        { value: 682400000, key: "healthy", label: "Healthy", meaning: "No sign of disengagement." },
        { value: 682400001, key: "watch", label: "Watch", meaning: "Early signs: keep an eye on this account." },
        { value: 682400002, key: "atrisk", label: "At risk", meaning: "Clear signs of drifting away: act soon." },
        { value: 682400003, key: "disengaged", label: "Disengaged", meaning: "The account has largely disconnected." }
    ];

    var GAPS = [
        { key: "value", column: "wb_valuegap", label: "Value", meaning: "What they get no longer matches what they give." },
        { key: "trust", column: "wb_trustgap", label: "Trust", meaning: "Commitments to them were broken." },
        { key: "experience", column: "wb_experiencegap", label: "Experience", meaning: "How they are treated contradicts what was promised." },
        { key: "growth", column: "wb_growthgap", label: "Growth", meaning: "No future with us is visible to them." }
    ];

    var ACCOUNT_COLUMNS = [
        "name", "wb_disengagementscore", "wb_riskband",
        "wb_valuegap", "wb_trustgap", "wb_experiencegap", "wb_growthgap",
        "wb_disengagementreasons", "wb_disengagementreasondata", "wb_lastscoredon", "wb_lastchangedon", "wb_flaggedon"
    ];

    var HISTORY_TABLE = "wb_disengagementhistory";
    var HISTORY_COLUMNS = [
        "wb_disengagementhistoryid", "wb_scoredon", "wb_score", "wb_riskband",
        "wb_valuegap", "wb_trustgap", "wb_experiencegap", "wb_growthgap", "wb_reasons", "wb_reasondata"
    ];
    var HISTORY_ROWS = 12;

    var RECALCULATE_API = "wb_RecalculateDisengagement";
    var FORMATTED = "@OData.Community.Display.V1.FormattedValue";

    var GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

    /** "{A1B2...}" as the form gives it -> "a1b2..." as the Web API takes it; null when it is no GUID. */
    function normalizeId(id) {
        if (typeof id !== "string") {
            return null;
        }
        var clean = id.replace(/[{}]/g, "").trim().toLowerCase();
        return GUID.test(clean) ? clean : null;
    }

    function accountQuery() {
        return "?$select=" + ACCOUNT_COLUMNS.join(",");
    }

    /** Latest scorings first; the id is checked so nothing but a GUID reaches the filter. */
    function historyQuery(accountId, rows) {
        var id = normalizeId(accountId);
        if (!id) {
            throw new Error("historyQuery needs the account's GUID.");
        }
        var top = rows > 0 ? Math.floor(rows) : HISTORY_ROWS;
        return "?$select=" + HISTORY_COLUMNS.join(",") +
            "&$filter=_wb_accountid_value eq " + id +
            "&$orderby=wb_scoredon desc" +
            "&$top=" + top;
    }

    /**
     * The request object Xrm.WebApi.online.execute takes for the Custom API bound to account:
     * bound parameter "entity", operation type 0 (action).
     */
    function recalculateRequest(accountId) {
        var id = normalizeId(accountId);
        if (!id) {
            throw new Error("recalculateRequest needs the account's GUID.");
        }
        return {
            entity: { entityType: "account", id: id },
            getMetadata: function () {
                return {
                    boundParameter: "entity",
                    parameterTypes: {
                        entity: { typeName: "mscrm.account", structuralProperty: 5 }
                    },
                    operationType: 0,
                    operationName: RECALCULATE_API
                };
            }
        };
    }

    function bandFor(value) {
        var n = typeof value === "string" ? parseInt(value, 10) : value;
        for (var i = 0; i < BANDS.length; i++) {
            if (BANDS[i].value === n) {
                return BANDS[i];
            }
        }
        return null;
    }

    function gapFor(key) {
        for (var i = 0; i < GAPS.length; i++) {
            if (GAPS[i].key === key) {
                return GAPS[i];
            }
        }
        return null;
    }

    /** A whole number 0-100, or null when the account has no score. */
    function toScore(value) {
        if (value === null || value === undefined || value === "") {
            return null;
        }
        var n = Number(value);
        if (!isFinite(n)) {
            return null;
        }
        return Math.max(0, Math.min(100, Math.round(n)));
    }

    function toFlag(value) {
        return value === true || value === 1 || value === "1" || value === "true";
    }

    /** One reason per line; blank lines and list bullets dropped. */
    function parseReasons(text) {
        if (typeof text !== "string") {
            return [];
        }
        return text.split(/\r\n|\r|\n/)
            .map(function (line) { return line.replace(/^\s*(?:[-*\u2022\u2023\u25e6]\s+)/, "").trim(); })
            .filter(function (line) { return line.length > 0; });
    }

    var GAP_KEYS = { value: true, trust: true, experience: true, growth: true };

    /**
     * The reasons as the server stores them as data (wb_disengagementreasondata, wb_reasondata): one JSON object a
     * line with gap, signal, kind ("concern" or "notAvailable"), points and text. Lines that are not such an
     * object are skipped. Without data (a row scored before the data existed), each plain line is a reason of
     * unknown gap: the panel never reads a gap out of a sentence.
     */
    function toReasons(data, text) {
        var reasons = [];
        if (typeof data === "string" && data) {
            data.split(/\r\n|\r|\n/).forEach(function (line) {
                var item;
                try {
                    item = line.trim() ? JSON.parse(line) : null;
                } catch (e) {
                    item = null;
                }
                if (item && typeof item === "object" && typeof item.text === "string" && item.text) {
                    reasons.push({
                        gap: GAP_KEYS[item.gap] === true ? item.gap : null,
                        signal: typeof item.signal === "string" ? item.signal : null,
                        unavailable: item.kind === "notAvailable",
                        points: typeof item.points === "number" ? item.points : 0,
                        text: item.text
                    });
                }
            });
            if (reasons.length) {
                return reasons;
            }
        }
        return parseReasons(text).map(function (line) {
            return { gap: null, signal: null, unavailable: false, points: 0, text: line };
        });
    }

    /**
     * Reasons by gap. Per gap: `value`, `trust`, ... hold the concerns and `missing.value`, ... the signals
     * that were not available; `other` and `unavailable` hold the reasons whose gap is unknown.
     */
    function groupReasons(reasons) {
        var groups = {
            value: [], trust: [], experience: [], growth: [], other: [], unavailable: [],
            missing: { value: [], trust: [], experience: [], growth: [] }
        };
        (reasons || []).forEach(function (reason) {
            if (reason.unavailable) {
                (reason.gap ? groups.missing[reason.gap] : groups.unavailable).push(reason.text);
            } else {
                (reason.gap ? groups[reason.gap] : groups.other).push(reason.text);
            }
        });
        return groups;
    }

    function formatted(record, column) {
        var text = record ? record[column + FORMATTED] : undefined;
        return typeof text === "string" && text ? text : null;
    }

    /** The account row from Xrm.WebApi.retrieveRecord -> what the panel shows. */
    function toAccountView(record) {
        record = record || {};
        var reasons = toReasons(record.wb_disengagementreasondata, record.wb_disengagementreasons);
        var band = bandFor(record.wb_riskband);
        return {
            name: typeof record.name === "string" ? record.name : "",
            score: toScore(record.wb_disengagementscore),
            band: band,
            bandText: band ? band.label : formatted(record, "wb_riskband"),
            gaps: GAPS.map(function (gap) {
                return { key: gap.key, label: gap.label, meaning: gap.meaning, flagged: toFlag(record[gap.column]) };
            }),
            reasons: reasons.map(function (reason) { return reason.text; }),
            reasonGroups: groupReasons(reasons),
            lastScoredOn: record.wb_lastscoredon || null,
            lastScoredOnText: formatted(record, "wb_lastscoredon"),
            lastChangedOn: record.wb_lastchangedon || null,
            lastChangedOnText: formatted(record, "wb_lastchangedon"),
            flaggedOn: record.wb_flaggedon || null,
            flaggedOnText: formatted(record, "wb_flaggedon")
        };
    }

    function hasScore(view) {
        return !!view && (view.score !== null || !!view.lastScoredOn || !!view.band);
    }

    /** History rows (any order) -> scorings, oldest first, with the same shape as the account view. */
    function toHistory(rows) {
        return (rows || [])
            .filter(function (row) { return row && row.wb_scoredon; })
            .map(function (row) {
                var band = bandFor(row.wb_riskband);
                return {
                    id: row.wb_disengagementhistoryid || null,
                    scoredOn: row.wb_scoredon,
                    scoredOnText: formatted(row, "wb_scoredon"),
                    time: Date.parse(row.wb_scoredon),
                    score: toScore(row.wb_score),
                    band: band,
                    bandText: band ? band.label : formatted(row, "wb_riskband"),
                    gaps: GAPS.reduce(function (flags, gap) {
                        flags[gap.key] = toFlag(row[gap.column]);
                        return flags;
                    }, {}),
                    reasons: toReasons(row.wb_reasondata, row.wb_reasons)
                };
            })
            .filter(function (entry) { return !isNaN(entry.time); })
            .sort(function (a, b) { return a.time - b.time; });
    }

    /** What a reason is about: its signal (its text when the row has no data). */
    function reasonKey(reason) {
        return reason.signal ? "signal|" + reason.signal : "text|" + reason.text;
    }

    /**
     * Why did it move: the change from one scoring to the next. A reason whose signal is in both with other
     * words changed; one only in the latest was added; one only in the earlier no longer applies.
     */
    function compareScorings(previous, latest) {
        var before = previous.reasons || [];
        var after = latest.reasons || [];
        var beforeByKey = {};
        var afterByKey = {};
        before.forEach(function (reason) { beforeByKey[reasonKey(reason)] = reason; });
        after.forEach(function (reason) { afterByKey[reasonKey(reason)] = reason; });

        var added = [];
        var changed = [];
        after.forEach(function (reason) {
            var was = beforeByKey[reasonKey(reason)];
            if (!was) {
                added.push(reason.text);
            } else if (was.text !== reason.text) {
                changed.push({ from: was.text, to: reason.text });
            }
        });
        var removed = before
            .filter(function (reason) { return !afterByKey[reasonKey(reason)]; })
            .map(function (reason) { return reason.text; });

        var delta = previous.score !== null && latest.score !== null ? latest.score - previous.score : null;
        var fromBand = previous.band ? previous.band.label : previous.bandText || null;
        var toBand = latest.band ? latest.band.label : latest.bandText || null;
        return {
            from: previous,
            to: latest,
            scoreDelta: delta,
            direction: delta === null ? "unknown" : delta > 0 ? "up" : delta < 0 ? "down" : "same",
            fromBand: fromBand,
            toBand: toBand,
            bandChanged: fromBand !== toBand,
            gapsRaised: GAPS.filter(function (g) { return latest.gaps[g.key] && !previous.gaps[g.key]; }).map(function (g) { return g.label; }),
            gapsCleared: GAPS.filter(function (g) { return !latest.gaps[g.key] && previous.gaps[g.key]; }).map(function (g) { return g.label; }),
            reasonsAdded: added,
            reasonsRemoved: removed,
            reasonsChanged: changed
        };
    }

    /** The comparison as plain sentences for the panel's "Why did it move" list. */
    function describeMovement(diff) {
        var lines = [];
        if (diff.scoreDelta === null) {
            lines.push("One of the two scorings has no score, so the change cannot be measured.");
        } else if (diff.scoreDelta === 0) {
            lines.push("The score held at " + diff.to.score + ".");
        } else {
            var points = Math.abs(diff.scoreDelta) + (Math.abs(diff.scoreDelta) === 1 ? " point" : " points");
            lines.push("The score " + (diff.scoreDelta > 0 ? "rose " : "fell ") + points +
                ", from " + diff.from.score + " to " + diff.to.score +
                (diff.scoreDelta > 0 ? " (more disengaged)." : " (less disengaged)."));
        }
        if (diff.bandChanged && diff.fromBand && diff.toBand) {
            lines.push("The risk band moved from " + diff.fromBand + " to " + diff.toBand + ".");
        }
        if (diff.gapsRaised.length) {
            lines.push("Newly flagged: " + listOf(diff.gapsRaised) + (diff.gapsRaised.length === 1 ? " gap." : " gaps."));
        }
        if (diff.gapsCleared.length) {
            lines.push("No longer flagged: " + listOf(diff.gapsCleared) + (diff.gapsCleared.length === 1 ? " gap." : " gaps."));
        }
        return lines;
    }

    function listOf(words) {
        if (words.length <= 1) {
            return words.join("");
        }
        return words.slice(0, -1).join(", ") + " and " + words[words.length - 1];
    }

    /** Sparkline points for the trend, oldest on the left; y grows downward, so 100 is at the top. */
    function trendPoints(history, width, height, padding) {
        var pad = padding === undefined ? 4 : padding;
        var scored = history.filter(function (entry) { return entry.score !== null; });
        if (!scored.length) {
            return [];
        }
        var innerW = width - 2 * pad;
        var innerH = height - 2 * pad;
        return scored.map(function (entry, index) {
            var x = scored.length === 1 ? width / 2 : pad + innerW * index / (scored.length - 1);
            var y = pad + innerH * (1 - entry.score / 100);
            return { x: Math.round(x * 10) / 10, y: Math.round(y * 10) / 10, entry: entry };
        });
    }

    /** One line under the trend: "From 31 to 63 over 5 scorings." (null when fewer than two scores). */
    function trendSummary(history) {
        var scored = history.filter(function (entry) { return entry.score !== null; });
        if (scored.length < 2) {
            return null;
        }
        var first = scored[0].score;
        var last = scored[scored.length - 1].score;
        var low = Math.min.apply(null, scored.map(function (e) { return e.score; }));
        var high = Math.max.apply(null, scored.map(function (e) { return e.score; }));
        var line = first === last
            ? "Steady at " + last + " over " + scored.length + " scorings"
            : (last > first ? "Up" : "Down") + " from " + first + " to " + last + " over " + scored.length + " scorings";
        return line + (low < Math.min(first, last) || high > Math.max(first, last) ? " (lowest " + low + ", highest " + high + ")." : ".");
    }

    /** A date for people: the server's formatted value (user's format and time zone) when there is one. */
    function formatDate(iso, formattedText, locale) {
        if (formattedText) {
            return formattedText;
        }
        if (!iso) {
            return "";
        }
        var date = new Date(iso);
        if (isNaN(date.getTime())) {
            return "";
        }
        try {
            return new Intl.DateTimeFormat(locale || undefined, { dateStyle: "medium", timeStyle: "short" }).format(date);
        } catch (unsupportedLocale) {
            return date.toISOString().slice(0, 16).replace("T", " ") + " UTC";
        }
    }

    /** "today", "yesterday", "5 days ago", "3 months ago" (null when unknown or in the future). */
    function formatAge(iso, now) {
        var then = Date.parse(iso);
        var at = now instanceof Date ? now.getTime() : typeof now === "number" ? now : Date.now();
        if (isNaN(then)) {
            return null;
        }
        var days = Math.floor((at - then) / 86400000);
        if (days < 0) {
            return null;
        }
        if (days === 0) {
            return "today";
        }
        if (days === 1) {
            return "yesterday";
        }
        if (days < 60) {
            return days + " days ago";
        }
        var months = Math.round(days / 30.44);
        if (months < 24) {
            return months + " months ago";
        }
        return Math.floor(days / 365.25) + " years ago";
    }

    // Dataverse error codes (as unsigned numbers: Xrm.WebApi reports 0x80040220 as 2147746336).
    var ERRORS = {
        // PrivilegeDenied, the access check after it ("does not have ReadAccess right(s)"), AccessDenied
        privilegeDenied: [0x80040220, 0x80048306, 0x80048405],
        // ObjectDoesNotExist
        notFound: [0x80040217],
        // "Resource not found for the segment": a table, column set or Custom API that is not there
        missingSolution: [0x8006088a],
        // Service protection limits: requests, execution time, concurrent requests
        throttled: [0x80072321, 0x80072322, 0x80072326]
    };

    function unsignedCode(error) {
        var code = error && (error.errorCode !== undefined ? error.errorCode : error.code);
        var n = typeof code === "string" ? parseInt(code, code.indexOf("0x") === 0 ? 16 : 10) : code;
        return typeof n === "number" && isFinite(n) ? n >>> 0 : null;
    }

    function isOneOf(code, list) {
        return code !== null && list.indexOf(code) >= 0;
    }

    /**
     * What went wrong, in words a sales rep can act on. `action` is "load" or "recalculate".
     * Returns { title, detail, code }; detail keeps Dataverse's own message (plain text, shown as text).
     */
    function describeError(error, action) {
        var code = unsignedCode(error);
        var message = error && typeof error.message === "string" ? error.message.trim() : "";
        var doing = action === "recalculate" ? "recalculate the disengagement score" : "load the disengagement details";
        var title;
        if (isOneOf(code, ERRORS.privilegeDenied) || /privilege|not have permission|access is denied/i.test(message)) {
            title = action === "recalculate"
                ? "You don't have permission to recalculate the score. It refreshes by itself when the account's signals change and once a day; to recalculate on demand, ask your administrator for the Win-back Customer Success role."
                : "You don't have permission to read the disengagement details. Ask your administrator for a Win-back role.";
        } else if (isOneOf(code, ERRORS.notFound)) {
            title = "This account could not be found. It may have been deleted or shared away from you.";
        } else if (isOneOf(code, ERRORS.missingSolution) || /could not find a property|resource not found for the segment/i.test(message)) {
            title = "The Win-back solution is missing or incomplete in this environment. Ask your administrator to import the WinBack solution.";
        } else if (isOneOf(code, ERRORS.throttled)) {
            title = "Dataverse is busy right now. Wait a minute and try again.";
        } else if (/network|offline|failed to fetch/i.test(message)) {
            title = "No connection to Dataverse. Check your network and try again.";
        } else {
            title = "Couldn't " + doing + ".";
        }
        var shownCode = null;
        if (code !== null) {
            shownCode = "0x" + ("00000000" + code.toString(16)).slice(-8);
        } else if (error && typeof error.httpStatus === "number") {
            shownCode = "HTTP " + error.httpStatus;
        }
        return { title: title, detail: message, code: shownCode };
    }

    return {
        BANDS: BANDS,
        GAPS: GAPS,
        ACCOUNT_COLUMNS: ACCOUNT_COLUMNS,
        HISTORY_TABLE: HISTORY_TABLE,
        HISTORY_COLUMNS: HISTORY_COLUMNS,
        HISTORY_ROWS: HISTORY_ROWS,
        RECALCULATE_API: RECALCULATE_API,
        normalizeId: normalizeId,
        accountQuery: accountQuery,
        historyQuery: historyQuery,
        recalculateRequest: recalculateRequest,
        bandFor: bandFor,
        gapFor: gapFor,
        toScore: toScore,
        parseReasons: parseReasons,
        toReasons: toReasons,
        groupReasons: groupReasons,
        toAccountView: toAccountView,
        hasScore: hasScore,
        toHistory: toHistory,
        compareScorings: compareScorings,
        describeMovement: describeMovement,
        trendPoints: trendPoints,
        trendSummary: trendSummary,
        formatDate: formatDate,
        formatAge: formatAge,
        describeError: describeError
    };
}));
