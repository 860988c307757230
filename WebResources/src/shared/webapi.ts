// Reading many rows through Xrm.WebApi in pages: the server pages with odata.maxpagesize and
// @odata.nextLink (Learn: "Page results using OData", Dataverse Web API), and the caller gets each page as it
// arrives, so the first rows show before the last page is read. Never one request per row.
import type { RecordReader } from "./sitemapxrm";

export interface PageProgress {
    pages: number;
    rows: number;
}

export async function retrieveAllPages<T = Record<string, unknown>>(
    xrm: { WebApi: RecordReader },
    entityName: string,
    query: string,
    pageSize: number,
    onPage?: (rows: T[], progress: PageProgress) => void
): Promise<T[]> {
    const all: T[] = [];
    let next: string | undefined = query;
    let pages = 0;
    while (next !== undefined) {
        const page: Xrm.RetrieveMultipleResult = await xrm.WebApi.retrieveMultipleRecords(entityName, next, pageSize);
        const rows = page.entities as unknown as T[];
        pages += 1;
        all.push(...rows);
        onPage?.(rows, { pages, rows: all.length });
        next = page.nextLink ? nextQuery(page.nextLink) : undefined;
    }
    return all;
}

/** The query part of an @odata.nextLink, which Xrm.WebApi.retrieveMultipleRecords takes as its options. */
export function nextQuery(nextLink: string): string {
    const at = nextLink.indexOf("?");
    return at < 0 ? "" : nextLink.slice(at);
}

/** The message of a Web API error, for people: Dataverse's own message, else a generic one. */
export function errorMessage(error: unknown, fallback: string): string {
    if (error && typeof error === "object" && "message" in error && typeof (error as { message: unknown }).message === "string") {
        const text = (error as { message: string }).message.trim();
        if (text) return text;
    }
    return fallback;
}
