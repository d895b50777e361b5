/**
 * The house esbuild build: every handler of a synth bundled in ONE in-process esbuild run.
 *
 * NodejsFunction's own bundling shells out to `npx --no-install esbuild` once per function;
 * the npm start-up alone costs most of a second per function, which at 25+ routes made every
 * synth (and the infra tests) spend more time starting npm than bundling. One esbuild run over
 * all entry points parses shared modules (zod, the domain) once and produces, per entry, the
 * same bytes as a separate build would.
 *
 * An entry that loads a module on demand (`import('…')`, as the statement parser loads the XLSX
 * reader) is built again on its own with code splitting, so the module it defers becomes a chunk
 * beside `index.mjs` that Lambda reads only when the code asks for it, instead of part of every
 * cold start. Splitting is not used in the shared run: there it would cut chunks shared between
 * functions, and each function's asset would depend on every other entry.
 *
 * Output is deterministic: source map `sources` are rewritten to project-relative paths, so
 * the asset hash does not depend on where the repository or the temp directory lives.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { ILocalBundling } from 'aws-cdk-lib';
import { buildSync, type BuildOptions, type Metafile } from 'esbuild';
import { bundleFiles, codeAccess, type CodeAccess } from './code-access';

/**
 * What a cold start of one function may load: `index.mjs` and the chunks it imports statically
 * (`loadedAtStart`). Chunks loaded with `import()` count when the code asks for them, not here.
 * Checked on every synthesized function (test/infra/app.test.ts) and by `npx tsx bench/bundles.ts`.
 */
export const BUNDLE_BUDGET_BYTES = 300 * 1024;

/**
 * ESM bundles still meet CommonJS dependencies that call `require` (some of Powertools' and
 * the SDK's transitive modules do); the banner gives them one.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __sovangCreateRequire } from 'node:module';const require = __sovangCreateRequire(import.meta.url);";

/**
 * Modules replaced in the bundles, each by a smaller one that does what its importers ask of it,
 * and those importers: a bundle where another module imports one stops the build (`assertAliasesServed`).
 */
const ALIASES: Record<string, { replacement: string; importers: RegExp }> = {
  semver: { replacement: './infra/constructs/semver-gte.ts', importers: /\/node_modules\/aws-xray-sdk-core\/dist\/lib\/patchers\/aws_p\.js$/ },
};

function houseOptions(projectRoot: string): BuildOptions {
  return {
    absWorkingDir: projectRoot,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    outExtension: { '.js': '.mjs' },
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_BANNER },
    minify: true,
    sourcemap: true,
    // Line mapping is what stack traces need; shipping the sources would double the zip.
    sourcesContent: false,
    // Vietnamese text stays readable (and shorter) in the bundle instead of \u escapes.
    charset: 'utf8',
    // The runtime provides the SDK v3; bundling it would add megabytes and pin an old copy.
    external: ['@aws-sdk/*'],
    alias: Object.fromEntries(Object.entries(ALIASES).map(([module, { replacement }]) => [module, replacement])),
    logLevel: 'warning',
  };
}

/** Stops the build when a module other than the ones it was made for imports an alias. */
function assertAliasesServed(metafile: Metafile): void {
  for (const [file, input] of Object.entries(metafile.inputs)) {
    for (const imported of input.imports) {
      const alias = imported.original === undefined ? undefined : ALIASES[imported.original];
      if (alias && !alias.importers.test(`/${file}`)) {
        throw new Error(`${file} imports ${imported.original}, which the house build replaces with ${alias.replacement} for other importers only (infra/constructs/bundles.ts)`);
      }
    }
  }
}

/** A named import of the SDK as esbuild emits it: `import{A as b,C}from"@aws-sdk/m";`. */
const SDK_NAMED_IMPORT = /import\{([^}"']*)\}from"(@aws-sdk\/[\w-]+)";/g;

/**
 * The SDK is CommonJS. Imported as ES modules, its files are lexed for their export names and
 * linked as modules at every cold start; required, they are only compiled: the SDK's share of a
 * function's init falls by more than half (bench/bundles.ts). Each named import becomes the same names
 * destructured from `require` (the banner's) with `var`, the shortest declaration, at the same
 * place, padded to the same length so the source map's columns still hold. A default import is left as it is (a module's `default` is
 * not what `require` returns); so is a statement the rewrite would lengthen.
 */
export function requireSdk(code: string): string {
  return code.replace(SDK_NAMED_IMPORT, (statement, specifiers: string, module: string) => {
    const names = specifiers.split(',').filter((specifier) => specifier.trim() !== '').map((specifier) => specifier.trim().split(/\s+as\s+/));
    if (names.some(([imported]) => imported === 'default')) return statement;
    const destructured = names.map(([imported, local]) => (local && local !== imported ? `${imported}:${local}` : imported)).join(',');
    const rewritten = `var{${destructured}}=require("${module}");`;
    return rewritten.length <= statement.length ? rewritten.padEnd(statement.length, ' ') : statement;
  });
}

/** The house's last touches to a built bundle's files: the SDK required (`requireSdk`), source maps with project-relative paths. */
function finishBundle(projectRoot: string, bundleDir: string): void {
  for (const file of readdirSync(bundleDir).filter((name) => name.endsWith('.mjs'))) {
    const path = join(bundleDir, file);
    writeFileSync(path, requireSdk(readFileSync(path, 'utf8')));
  }
  rewriteSourceMaps(projectRoot, bundleDir);
}

/** Entry (absolute path) → folder holding its prebuilt `index.mjs` and source map. */
const built = new Map<string, string>();
let scratchDir: string | undefined;

/** `functions/funds/list.ts` → `functions__funds__list`: one output folder per entry. */
function outputName(entry: string): string {
  return entry.replace(/\.[cm]?[jt]sx?$/, '').replace(/[^A-Za-z0-9_-]+/g, '__');
}

/**
 * A declared handler that is missing must stop the synth: skipping it would deploy an API with
 * a hole in it that only a caller would discover. Every missing file is named at once.
 */
export function assertEntriesExist(projectRoot: string, entries: readonly string[], declaredIn: string): void {
  const missing = entries.filter((entry) => !existsSync(resolve(projectRoot, entry)));
  if (missing.length > 0) {
    throw new Error(`${declaredIn} declares handlers that do not exist: ${missing.join(', ')}`);
  }
}

/** Makes a bundle's source maps name project-relative files instead of paths relative to where they were built. */
function rewriteSourceMaps(projectRoot: string, bundleDir: string): void {
  for (const file of readdirSync(bundleDir).filter((name) => name.endsWith('.mjs.map'))) {
    const mapPath = join(bundleDir, file);
    const map = JSON.parse(readFileSync(mapPath, 'utf8')) as { sources: string[] };
    // The same bytes on every machine, and stack traces in Lambda name `/var/task/functions/…`,
    // which is the path in the repository.
    map.sources = map.sources.map((source) => relative(projectRoot, resolve(bundleDir, source)));
    writeFileSync(mapPath, JSON.stringify(map));
  }
}

/**
 * Builds one entry alone into `outputDir`: `index.mjs`, and a chunk per module it loads on
 * demand, each with its source map. Returns the files written.
 */
export function bundleEntry(projectRoot: string, entry: string, outputDir: string): string[] {
  mkdirSync(outputDir, { recursive: true });
  const { metafile } = buildSync({ ...houseOptions(projectRoot), entryPoints: { index: entry }, outdir: outputDir, splitting: true, chunkNames: 'chunk-[hash]', metafile: true });
  assertAliasesServed(metafile);
  finishBundle(projectRoot, outputDir);
  return readdirSync(outputDir).sort();
}

/** A static import of a file beside it (`import{a}from"./chunk-X.mjs"`, `import"./chunk-X.mjs"`), not an `import()`. */
const STATIC_CHUNK_IMPORT = /\bimport\s*(?:[^'"()]*?\bfrom\s*)?["']\.\/([\w.-]+\.mjs)["']/g;

/**
 * The files of a built bundle that a cold start loads: `index.mjs` and, transitively, the chunks
 * it imports statically. Code split off for `import()` can still share modules with the rest:
 * esbuild puts those in a chunk that `index.mjs` imports statically, and that chunk is loaded at
 * start like `index.mjs` itself.
 */
export function loadedAtStart(bundleDir: string): string[] {
  const loaded = new Set<string>();
  const pending = ['index.mjs'];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (loaded.has(file)) continue;
    loaded.add(file);
    for (const match of readFileSync(join(bundleDir, file), 'utf8').matchAll(STATIC_CHUNK_IMPORT)) pending.push(match[1]!);
  }
  return [...loaded].sort();
}

/** Whether the bundle of `entry` imports, anywhere in its graph, a bundled module on demand. */
function loadsOnDemand(metafile: Metafile, entry: string): boolean {
  const seen = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const input = metafile.inputs[pending.pop()!];
    for (const imported of input?.imports ?? []) {
      if (imported.external) continue;
      if (imported.kind === 'dynamic-import') return true;
      if (!seen.has(imported.path)) {
        seen.add(imported.path);
        pending.push(imported.path);
      }
    }
  }
  return false;
}

/**
 * Bundles every entry not bundled yet, in one esbuild run, into a scratch folder under
 * `scratchParent` (the cloud assembly directory). Entries are paths relative to the project
 * root, as the route table and resource declarations give them. Call `releasePrebundled` once
 * the functions exist.
 */
export function prebundle(projectRoot: string, entries: readonly string[], scratchParent: string): void {
  const pending = [...new Set(entries)].filter((entry) => !built.has(resolve(projectRoot, entry)));
  if (pending.length === 0) return;
  mkdirSync(scratchParent, { recursive: true });
  const outdir = mkdtempSync(join(scratchParent, 'house-bundles-'));
  scratchDir = outdir;
  // Normally released at the end of the stack's constructor; this covers a synth that failed first.
  process.once('exit', () => rmSync(outdir, { recursive: true, force: true }));
  const { metafile } = buildSync({
    ...houseOptions(projectRoot),
    entryPoints: Object.fromEntries(pending.map((entry) => [`${outputName(entry)}/index`, entry])),
    outdir,
    metafile: true,
  });
  assertAliasesServed(metafile);
  for (const entry of pending) {
    const dir = join(outdir, outputName(entry));
    if (loadsOnDemand(metafile, relative(projectRoot, resolve(projectRoot, entry)))) {
      rmSync(dir, { recursive: true, force: true });
      bundleEntry(projectRoot, entry, dir);
    } else {
      finishBundle(projectRoot, dir);
    }
    built.set(resolve(projectRoot, entry), dir);
  }
}

/**
 * What each entry's bundle can ask of DynamoDB and S3 (code-access.ts), by absolute entry path.
 * Kept past `releasePrebundled`: the grants of a later synth in the same process read it too.
 */
const accessOfBuilt = new Map<string, CodeAccess>();

/**
 * What the bundle of each entry can ask of DynamoDB and S3: read from the prebuilt bundle, or,
 * where bundling is skipped (`cdk` commands that bundle no stack, the faster infra tests), from
 * the same build run in memory, without splitting, so every chunk's code is in its one file.
 */
export function codeAccessOf(projectRoot: string, entries: readonly string[]): Map<string, CodeAccess> {
  for (const entry of entries) {
    const dir = built.get(resolve(projectRoot, entry));
    if (dir && !accessOfBuilt.has(resolve(projectRoot, entry))) accessOfBuilt.set(resolve(projectRoot, entry), codeAccess(bundleFiles(dir)));
  }
  const pending = [...new Set(entries)].filter((entry) => !accessOfBuilt.has(resolve(projectRoot, entry)));
  if (pending.length > 0) {
    const { outputFiles } = buildSync({
      ...houseOptions(projectRoot),
      entryPoints: Object.fromEntries(pending.map((entry) => [`${outputName(entry)}/index`, entry])),
      outdir: join(projectRoot, '.code-access'),
      sourcemap: false,
      write: false,
    });
    for (const entry of pending) {
      const prefix = join(projectRoot, '.code-access', outputName(entry), '');
      const files = outputFiles.filter((file) => file.path.startsWith(prefix) && file.path.endsWith('.mjs')).map((file) => requireSdk(file.text));
      accessOfBuilt.set(resolve(projectRoot, entry), codeAccess(files));
    }
  }
  return new Map(entries.map((entry) => [entry, accessOfBuilt.get(resolve(projectRoot, entry))!]));
}

/** Deletes the prebuilt bundles: every asset has copied its own by now. */
export function releasePrebundled(): void {
  if (scratchDir) rmSync(scratchDir, { recursive: true, force: true });
  scratchDir = undefined;
  built.clear();
}

/** The CDK asset bundling step for one entry: copies its prebuilt bundle, or builds it alone. */
export class HouseBundling implements ILocalBundling {
  constructor(
    private readonly projectRoot: string,
    private readonly entry: string,
  ) {}

  tryBundle(outputDir: string): boolean {
    const prebuilt = built.get(resolve(this.projectRoot, this.entry));
    if (prebuilt) {
      for (const file of readdirSync(prebuilt)) copyFileSync(join(prebuilt, file), join(outputDir, file));
      return true;
    }
    // A function made outside a prebundled stack: the same build, for this entry alone.
    bundleEntry(this.projectRoot, this.entry, outputDir);
    return true;
  }
}
