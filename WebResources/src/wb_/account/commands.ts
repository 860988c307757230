// The account form's command bar (wb_/account/commands.js): the actions and enable rules that
// Solution/commands/account.json declares and the packer writes as account's RibbonDiffXml. Dataverse calls each
// function with the form context (CrmParameter PrimaryControl: Learn, "Pass data from a page as a parameter to
// ribbon actions"). Enable rules return a promise of a boolean, which Unified Interface waits for (Learn, "Define
// ribbon enable rules"); a rule that fails says false. Draft outreach is not offered where the gate would refuse it
// for a reason the form can know: no Verified remediation, or the account is in the control group.
//
// Start remediation creates the remediation through Xrm.WebApi and then opens it, rather than opening an unsaved
// form: the breached cases are linked through the N:N wb_remediation_incident, which needs a saved row, and a
// remediation starts in Diagnosing, the status that commits nobody to anything. When an open remediation of the
// same gap exists, it is opened instead of a second one. Draft outreach opens a new, unsaved outreach form
// (Xrm.Navigation.openForm with formParameters), because the user still picks the contact and channel the gate
// checks for consent, and the server composes the draft when the outreach is created.
import { strings, type Resources, type Strings } from "../../shared/i18n";
import { errorMessage } from "../../shared/webapi";
import en from "../../strings/commands.en.json";
import de from "../../strings/commands.de.json";
import fr from "../../strings/commands.fr.json";
import es from "../../strings/commands.es.json";

type Key = keyof typeof en;
const resources: Resources<Key> = { en, de, fr, es };

/** wb_riskband: At risk and Disengaged are flagged (Core, Flagging.IsFlagged). */
export const FLAGGED_BANDS = [682400002, 682400003];
/** wb_remediation statuscode Verified (Active). */
export const VERIFIED = 682400003;
/** wb_gap values, and the account's flag column of each gap. */
export const GAPS = [
    { name: "value", value: 682400000, column: "wb_valuegap" },
    { name: "trust", value: 682400001, column: "wb_trustgap" },
    { name: "experience", value: 682400002, column: "wb_experiencegap" },
    { name: "growth", value: 682400003, column: "wb_growthgap" }
] as const;
export type GapName = (typeof GAPS)[number]["name"];

const ACCOUNT_COLUMNS = ["name", "wb_riskband", "wb_disengagementreasondata", "wb_disengagementreasons", ...GAPS.map((g) => g.column)];
const MAX_CASES = 50;

export interface AccountRow {
    name?: string | null;
    wb_riskband?: number | null;
    wb_disengagementreasondata?: string | null;
    wb_disengagementreasons?: string | null;
    [column: string]: unknown;
}

export interface Reason {
    gap?: string;
    kind?: string;
    points?: number;
    text?: string;
}

/** The reasons the server stores as data, one JSON object a line; a line that is not one is left out. */
export function reasonsOf(account: AccountRow): Reason[] {
    return String(account.wb_disengagementreasondata ?? "").split(/\r?\n/).flatMap((line) => {
        if (!line.trim()) return [];
        try {
            const value: unknown = JSON.parse(line);
            return value && typeof value === "object" ? [value as Reason] : [];
        } catch {
            return [];
        }
    });
}

export function isFlagged(account: AccountRow): boolean {
    return typeof account.wb_riskband === "number" && FLAGGED_BANDS.includes(account.wb_riskband);
}

/** The flagged gap that adds the most points; a flagged account with no gap flag has none. */
export function gapToRemediate(account: AccountRow): (typeof GAPS)[number] | null {
    const flagged = GAPS.filter((g) => account[g.column] === true);
    if (flagged.length === 0) return null;
    const reasons = reasonsOf(account);
    const points = (gap: GapName) => reasons.filter((r) => r.gap === gap && r.kind !== "notAvailable").reduce((sum, r) => sum + (r.points ?? 0), 0);
    return [...flagged].sort((a, b) => points(b.name) - points(a.name))[0];
}

/** A root cause to start from: the gap's reasons, most points first, then the breached cases by number. */
export function rootCauseDraft(t: Strings<Key>, account: AccountRow, gap: GapName | null, cases: { ticketnumber?: string | null; title?: string | null }[]): string {
    const reasons = reasonsOf(account).filter((r) => r.kind !== "notAvailable" && r.text && (gap === null || r.gap === gap))
        .sort((a, b) => (b.points ?? 0) - (a.points ?? 0));
    const lines = reasons.length > 0
        ? reasons.map((r) => "- " + r.text)
        : String(account.wb_disengagementreasons ?? "").split(/\r?\n/).filter((l) => l.trim()).map((l) => "- " + l.trim());
    const text = [t.t("remediation.rootCause"), ...lines];
    const named = cases.map((c) => [c.ticketnumber, c.title].filter((part) => part).join(" ")).filter((n) => n);
    if (named.length > 0) text.push("", t.t("remediation.cases", { cases: named.join("; ") }));
    return text.join("\n").slice(0, 4000);
}

function textOf(xrm: Xrm.XrmStatic): Strings<Key> {
    return strings(resources, xrm.Utility.getGlobalContext().userSettings.languageId);
}

function accountId(form: Xrm.FormContext): string | null {
    const id = form.data.entity.getId();
    return id ? id.replace(/[{}]/g, "").toLowerCase() : null;
}

async function readAccount(xrm: Xrm.XrmStatic, id: string): Promise<AccountRow> {
    return (await xrm.WebApi.retrieveRecord("account", id, "?$select=" + ACCOUNT_COLUMNS.join(","))) as AccountRow;
}

async function verifiedRemediation(xrm: Xrm.XrmStatic, id: string): Promise<{ wb_remediationid: string; wb_name: string } | null> {
    const result = await xrm.WebApi.retrieveMultipleRecords("wb_remediation",
        `?$select=wb_remediationid,wb_name&$filter=_wb_accountid_value eq ${id} and statecode eq 0 and statuscode eq ${VERIFIED}&$orderby=wb_verifiedon desc&$top=1`);
    return (result.entities[0] as { wb_remediationid: string; wb_name: string } | undefined) ?? null;
}

async function tell(xrm: Xrm.XrmStatic, t: Strings<Key>, text: string): Promise<void> {
    await xrm.Navigation.openAlertDialog({ title: t.t("error.title"), text });
}

/** Enable rule of Start remediation: a saved account that is flagged. */
export async function canStartRemediation(form: Xrm.FormContext): Promise<boolean> {
    const id = accountId(form);
    if (!id) return false;
    try {
        return isFlagged((await Xrm.WebApi.retrieveRecord("account", id, "?$select=wb_riskband")) as AccountRow);
    } catch {
        return false;
    }
}

async function inControlGroup(xrm: Xrm.XrmStatic, id: string): Promise<boolean> {
    return ((await xrm.WebApi.retrieveRecord("account", id, "?$select=wb_holdout")) as { wb_holdout?: boolean | null }).wb_holdout === true;
}

/** Enable rule of Draft outreach: a saved account outside the control group with a Verified remediation the user can read. */
export async function canDraftOutreach(form: Xrm.FormContext): Promise<boolean> {
    const id = accountId(form);
    if (!id) return false;
    try {
        const [holdout, remediation] = await Promise.all([inControlGroup(Xrm, id), verifiedRemediation(Xrm, id)]);
        return !holdout && remediation !== null;
    } catch {
        return false;
    }
}

/** Start remediation: opens the account's open remediation of the gap, or creates one prefilled and opens it. */
export async function startRemediation(form: Xrm.FormContext): Promise<void> {
    const xrm = Xrm;
    const t = textOf(xrm);
    const id = accountId(form);
    if (!id) return tell(xrm, t, t.t("error.notSaved"));
    try {
        const account = await readAccount(xrm, id);
        if (!isFlagged(account)) return tell(xrm, t, t.t("error.notFlagged"));
        const gap = gapToRemediate(account);
        const open = await xrm.WebApi.retrieveMultipleRecords("wb_remediation",
            `?$select=wb_remediationid&$filter=_wb_accountid_value eq ${id} and statecode eq 0` + (gap ? ` and wb_gap eq ${gap.value}` : "") + "&$orderby=createdon desc&$top=1");
        const existing = open.entities[0] as { wb_remediationid: string } | undefined;
        if (existing) {
            await xrm.Navigation.openForm({ entityName: "wb_remediation", entityId: existing.wb_remediationid });
            return;
        }
        const cases = (await xrm.WebApi.retrieveMultipleRecords("incident",
            `?$select=incidentid,ticketnumber,title&$filter=_customerid_value eq ${id} and wb_slabreached eq true&$orderby=createdon desc&$top=${MAX_CASES}`))
            .entities as { incidentid: string; ticketnumber?: string | null; title?: string | null }[];
        const gapLabel = gap ? t.t(("gap." + gap.name) as Key) : "";
        const created = await xrm.WebApi.createRecord("wb_remediation", {
            wb_name: (gap ? t.t("remediation.name", { gap: gapLabel, account: account.name ?? "" }) : account.name ?? "").slice(0, 200),
            "wb_AccountId@odata.bind": `/accounts(${id})`,
            ...(gap ? { wb_gap: gap.value } : {}),
            wb_rootcause: rootCauseDraft(t, account, gap ? gap.name : null, cases)
        });
        if (cases.length > 0) {
            try {
                await associateCases(xrm, created.id, cases.map((c) => c.incidentid));
            } catch (error) {
                await tell(xrm, t, t.t("error.casesNotLinked", { message: errorMessage(error, "") }));
            }
        }
        await xrm.Navigation.openForm({ entityName: "wb_remediation", entityId: created.id });
    } catch (error) {
        await tell(xrm, t, t.t("error.start", { message: errorMessage(error, t.t("error.generic", { message: "" })) }));
    }
}

/** Links the cases with one Associate request (Learn, "Xrm.WebApi.online.execute": operationType 2, Associate). */
async function associateCases(xrm: Xrm.XrmStatic, remediationId: string, incidentIds: string[]): Promise<void> {
    const request = {
        target: { entityType: "wb_remediation", id: remediationId },
        relatedEntities: incidentIds.map((incident) => ({ entityType: "incident", id: incident })),
        relationship: "wb_remediation_incident",
        getMetadata: () => ({ boundParameter: undefined, parameterTypes: {}, operationType: 2, operationName: "Associate" })
    };
    await xrm.WebApi.online.execute(request);
}

/** Draft outreach: a new outreach form regarding the account, relying on its latest Verified remediation. */
export async function draftOutreach(form: Xrm.FormContext): Promise<void> {
    const xrm = Xrm;
    const t = textOf(xrm);
    const id = accountId(form);
    if (!id) return tell(xrm, t, t.t("error.notSaved"));
    try {
        if (await inControlGroup(xrm, id)) return tell(xrm, t, t.t("error.controlGroup"));
        const remediation = await verifiedRemediation(xrm, id);
        if (!remediation) return tell(xrm, t, t.t("error.noVerified"));
        const name = String(form.data.entity.getPrimaryAttributeValue() ?? "");
        // Lookups as form parameters: id, name and type (Learn, "Set field values using parameters passed to a form").
        await xrm.Navigation.openForm({ entityName: "wb_outreach" }, {
            regardingobjectid: id, regardingobjectidname: name, regardingobjectidtype: "account",
            wb_remediationid: remediation.wb_remediationid, wb_remediationidname: remediation.wb_name, wb_remediationidtype: "wb_remediation"
        });
    } catch (error) {
        await tell(xrm, t, errorMessage(error, t.t("error.generic", { message: "" })));
    }
}

const api = { canStartRemediation, canDraftOutreach, startRemediation, draftOutreach };
const root = globalThis as unknown as { WinBack?: Record<string, unknown> };
root.WinBack = root.WinBack ?? {};
root.WinBack.Commands = api;
