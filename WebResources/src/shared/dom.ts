// DOM building with text only: values from Dataverse are always set as text, never parsed as markup, so a
// name or reason holding "<script>" or a javascript: link is shown, not run. The lint forbids innerHTML.
type Child = Node | string | null | undefined | false;

export interface ElementOptions {
    className?: string;
    text?: string;
    attrs?: Record<string, string | number | boolean | null | undefined>;
    on?: Partial<Record<keyof HTMLElementEventMap, (event: Event) => void>>;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, options: ElementOptions = {}, children: Child[] = []): HTMLElementTagNameMap[K] {
    const node = document.createElement(tag);
    if (options.className) node.className = options.className;
    if (options.text !== undefined) node.textContent = options.text;
    for (const [name, value] of Object.entries(options.attrs ?? {})) {
        if (/^on/i.test(name)) throw new Error(`No inline event handler (${name}): use options.on.`);
        if (value === null || value === undefined || value === false) continue;
        node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const [type, handler] of Object.entries(options.on ?? {})) {
        if (handler) node.addEventListener(type, handler as EventListener);
    }
    for (const child of children) {
        if (child === null || child === undefined || child === false) continue;
        node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
}

export function clear(node: Node): void {
    while (node.firstChild) node.removeChild(node.firstChild);
}

/** Replaces node's children, keeping focus on the element with the same data-focus-key when there was one. */
export function replaceChildren(node: HTMLElement, children: Child[]): void {
    const active = document.activeElement;
    const key = active instanceof HTMLElement && node.contains(active) ? active.dataset.focusKey : undefined;
    clear(node);
    for (const child of children) {
        if (child === null || child === undefined || child === false) continue;
        node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    if (key) {
        const again = node.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(key)}"]`);
        again?.focus();
    }
}
