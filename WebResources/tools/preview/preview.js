/* Development preview only (not packed into the solution): sample data for the disengagement panel. */
(function () {
    "use strict";

    var ACCOUNT_ID = "{5A3E0C7E-1D2B-4C6A-9F00-0123456789AB}";
    var F = "@OData.Community.Display.V1.FormattedValue";

    function row(day, score, band, gaps, reasons) {
        var r = {
            wb_disengagementhistoryid: "h" + day,
            wb_scoredon: "2026-11-" + day + "T06:00:00Z",
            wb_score: score,
            wb_riskband: band,
            wb_valuegap: gaps.indexOf("value") >= 0,
            wb_trustgap: gaps.indexOf("trust") >= 0,
            wb_experiencegap: gaps.indexOf("experience") >= 0,
            wb_growthgap: gaps.indexOf("growth") >= 0,
            wb_reasons: reasons.join("\n")
        };
        r["wb_scoredon" + F] = "11/" + Number(day) + "/2026 6:00 AM";
        return r;
    }

    var account = {
        name: "Contoso <b>Pharmaceuticals</b>",
        wb_disengagementscore: 63,
        wb_riskband: 682400002,
        wb_valuegap: true,
        wb_trustgap: true,
        wb_experiencegap: false,
        wb_growthgap: false,
        wb_disengagementreasons: [
            "Logins fell 46% (118 to 64) in the last 30 days against the 30 before (threshold 25%)",
            "SLA breaches: 3 in the last 90 days (threshold 2)",
            "Spend fell 12% (40000 to 35200) in the last 90 days against the 90 before (threshold 10%)",
            "Went quiet: no cases opened while logins fell 46% (118 to 64) in the last 30 days against the 30 before (threshold 25%)",
            "Renewal in 2 months (threshold 3 months) <script>not markup</script>",
            "Email open rate not available"
        ].join("\n"),
        wb_lastscoredon: "2026-11-20T06:00:00Z",
        wb_flaggedon: "2026-11-08T06:00:00Z"
    };
    account["wb_lastscoredon" + F] = "11/20/2026 6:00 AM";
    account["wb_flaggedon" + F] = "11/8/2026 6:00 AM";

    var history = [
        row("01", 31, 682400001, ["growth"], ["Lost opportunities: 2 in the last 365 days, won 0 (threshold 1)"]),
        row("04", 35, 682400001, ["growth"], ["Lost opportunities: 2 in the last 365 days, won 0 (threshold 1)"]),
        row("08", 48, 682400001, ["value", "growth"], ["Logins fell 20% (100 to 80) in the last 30 days against the 30 before (threshold 25%)", "Lost opportunities: 2 in the last 365 days, won 0 (threshold 1)"]),
        row("14", 52, 682400001, ["value", "growth"], ["Logins fell 31% (110 to 76) in the last 30 days against the 30 before (threshold 25%)", "Lost opportunities: 2 in the last 365 days, won 0 (threshold 1)"]),
        row("20", 63, 682400002, ["value", "trust"], account.wb_disengagementreasons.split("\n"))
    ];

    var which = (/[?&]case=(\w+)/.exec(window.location.search) || [])[1] || "scored";

    var xrm = {
        WebApi: {
            retrieveRecord: function () {
                if (which === "error") {
                    return Promise.reject({ errorCode: 2147746336, message: "Principal user (Id=e5b1...) is missing prvReadAccount privilege (Id=886b...) on OTC=1 for entity 'account'." });
                }
                return Promise.resolve(which === "unscored" ? { name: "Fabrikam", wb_disengagementscore: null } : account);
            },
            retrieveMultipleRecords: function () {
                return Promise.resolve({ entities: which === "scored" ? history.slice().reverse() : [] });
            },
            online: {
                execute: function () {
                    return Promise.resolve({ ok: true, status: 204 });
                }
            }
        }
    };
    var formContext = {
        data: {
            entity: {
                getId: function () { return which === "new" ? "" : ACCOUNT_ID; },
                getIsDirty: function () { return false; }
            },
            refresh: function () { return Promise.resolve(); }
        }
    };

    var frame = document.getElementById("panel");
    function handOver() {
        var win = frame.contentWindow;
        if (win && win.WinBack && win.WinBack.Panel) {
            win.WinBack.Panel.init(xrm, formContext);
        }
    }
    frame.addEventListener("load", handOver);
}());
