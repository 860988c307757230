// Bundles the TypeScript web resources with esbuild into the files the solution packs.
// Every entry of webresources.json with a "source" (.ts) is bundled into its "file" (under dist/): one
// self-contained script per web resource, no module loader, no source map, readable (not minified) so an
// admin can read what runs in their organisation. `dotnet build` runs this (Solution/WinBack.Solution.csproj).
//   node build.mjs                     bundle every entry of webresources.json
//   node build.mjs --manifest FILE     bundle the entries of another manifest (paths relative to WebResources/)
import { build } from "esbuild";
import { readFileSync, writeFileSync, existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(fileURLToPath(import.meta.url));
const at = process.argv.indexOf("--manifest");
const manifestPath = at > 0 && process.argv[at + 1] ? process.argv[at + 1] : join(root, "webresources.json");

let manifest;
try {
    manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
} catch (error) {
    console.error(`${manifestPath}: error WB016: cannot read the manifest (${error.message}); fix the JSON and build again.`);
    process.exit(1);
}

const entries = (manifest.webResources || []).filter((w) => typeof w.source === "string");
const problems = [];
for (const entry of entries) {
    if (!entry.source.endsWith(".ts")) problems.push(`${entry.name}: "source" must be a .ts file under src/, not ${entry.source}`);
    else if (!existsSync(join(root, entry.source))) problems.push(`${entry.name}: its source ${entry.source} does not exist`);
    if (typeof entry.file !== "string" || !entry.file.startsWith("dist/") || !entry.file.endsWith(".js")) {
        problems.push(`${entry.name}: "file" must be the bundle under dist/ ending in .js, not ${entry.file}`);
    }
}
if (problems.length) {
    for (const p of problems) console.error(`${manifestPath}: error WB016: ${p}`);
    process.exit(1);
}

// Written only when the bundle changed, so an unchanged build does not make MSBuild repack the solution.
const started = Date.now();
let written = 0;
try {
    const results = await Promise.all(entries.map((entry) => build({
        entryPoints: [join(root, entry.source)],
        outfile: join(root, entry.file),
        bundle: true,
        format: "iife",
        target: "es2020",
        platform: "browser",
        charset: "utf8",
        legalComments: "none",
        logLevel: "silent",
        write: false,
        banner: { js: `// ${entry.name}: built from ${entry.source} by WebResources/build.mjs. Edit the source, not this file.` }
    })));
    for (const result of results) {
        for (const out of result.outputFiles) {
            if (existsSync(out.path) && readFileSync(out.path, "utf8") === out.text) continue;
            mkdirSync(dirname(out.path), { recursive: true });
            writeFileSync(out.path, out.text);
            written += 1;
        }
    }
} catch (error) {
    for (const e of error.errors || [{ text: error.message }]) {
        const where = e.location ? `${e.location.file}(${e.location.line},${e.location.column + 1})` : "WebResources";
        console.error(`${where}: error WB016: ${e.text}`);
    }
    process.exit(1);
}
console.log(`web resources: ${entries.length} bundled, ${written} changed, in ${Date.now() - started} ms`);
