// What a remediation still needs before it can be Verified: the rules of Plugins/WinBack.Core/Gate/RemediationRules
// (CanVerify: HasEvidence, FixedOnNotInFuture, FourEyes), worded for people. The server holds the same rules and is
// the only one that enforces them; this list only tells the user what to do before pressing Verify.
import type { FormsKey } from "../forms/strings";

export const Status = { Diagnosing: 1, Fixing: 682400001, Fixed: 682400002, Verified: 682400003, Closed: 2 } as const;

export interface RemediationRow {
    rootCause: string | null;
    fix: string | null;
    evidence: string | null;
    /** The fixed-on day as yyyy-mm-dd (a date-only column). */
    fixedOn: string | null;
    status: number | null;
    fixedBy: string | null;
}

export interface Item {
    done: boolean;
    key: FormsKey;
    values?: Record<string, string>;
}

const blank = (text: string | null): boolean => text === null || text.trim().length === 0;
const clean = (id: string | null): string => (id ?? "").replace(/[{}]/g, "").toLowerCase();

/** Every check Verified makes, in the order the server makes them; today is yyyy-mm-dd in the user's time. */
export function readiness(r: RemediationRow, user: string, today: string, fixedByName: string): Item[] {
    const items: Item[] = [
        blank(r.rootCause) ? { done: false, key: "remediation.need.rootcause" } : { done: true, key: "remediation.have.rootcause" },
        blank(r.fix) ? { done: false, key: "remediation.need.fix" } : { done: true, key: "remediation.have.fix" },
        blank(r.evidence) ? { done: false, key: "remediation.need.evidence" } : { done: true, key: "remediation.have.evidence" },
        r.fixedOn === null ? { done: false, key: "remediation.need.fixedon" }
            : r.fixedOn > today ? { done: false, key: "remediation.need.future", values: { date: r.fixedOn } }
                : { done: true, key: "remediation.have.fixedon", values: { date: r.fixedOn } }
    ];
    // Four eyes (the gate policy's default): someone marked it Fixed, and that someone is not the verifier.
    if (r.fixedBy === null) items.push({ done: false, key: "remediation.need.markFixed" });
    else if (clean(r.fixedBy) === clean(user)) items.push({ done: false, key: "remediation.need.fourEyes" });
    else items.push({ done: true, key: "remediation.have.fixedBy", values: { user: fixedByName } });
    return items;
}
