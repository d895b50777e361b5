/**
 * Each function's bundle exactly as Lambda gets it (the house build of
 * infra/constructs/bundles.ts: minified ESM, the AWS SDK left to the runtime, a chunk per module
 * loaded on demand) and its module init time: a fresh Node process importing `index.mjs`,
 * median of 5.
 *
 *   npx tsx bench/bundles.ts            print the table
 *   npx tsx bench/bundles.ts --write    and append it to bench/RESULTS.md as a dated section
 *
 * `npm run bench -- --only bundles` runs the same measurement beside the twin.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { BUNDLE_BUDGET_BYTES, bundleEntry, loadedAtStart } from '../infra/constructs/bundles';
import { PROJECT_ROOT } from '../infra/local/twin';
import { fallbackEntry, routes } from '../shared/routes';
import { bucketConsumers, schedules, streamConsumers } from '../shared/resources';
import { fmt, progress, table, writeResults, type Section } from './lib';

export interface BundleFigure {
  name: string;
  entry: string;
  /** What every cold start loads: `index.mjs` and the chunks it imports statically. */
  bytes: number;
  gzipBytes: number;
  /** Chunks loaded on demand, if any: the statement parsers (the XLSX reader, csv-parse), staff token verification. */
  onDemandBytes: number;
  initMs: number;
}

const OUT = join(PROJECT_ROOT, '.data', 'bench-bundles');

function initTime(file: string, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const run = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', `const t=performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now()-t)`],
      { encoding: 'utf8', env: { ...process.env, TABLE_NAME: 'bench', AWS_REGION: 'ap-southeast-1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } },
    );
    if (run.status !== 0) throw new Error(`importing ${file} failed: ${run.stderr}`);
    times.push(Number(run.stdout.trim().split('\n').pop()));
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

/** Every function the CDK app deploys, by entry: routes, the fallback, consumers and jobs. */
function deployedEntries(): Map<string, string> {
  const entries = new Map<string, string>();
  for (const route of routes) entries.set(route.entry, route.id);
  entries.set(fallbackEntry, 'Fallback');
  for (const consumer of streamConsumers) entries.set(consumer.entry, consumer.id);
  for (const consumer of bucketConsumers) entries.set(consumer.entry, consumer.id);
  for (const schedule of schedules) entries.set(schedule.entry, schedule.id);
  return entries;
}

/** `runs`: fresh processes per bundle; the median counts. */
export async function benchBundles(options: { runs?: number } = {}): Promise<{ section: Section; figures: BundleFigure[] }> {
  const runs = options.runs ?? 5;
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const figures: BundleFigure[] = [];
  for (const [entry, name] of deployedEntries()) {
    const dir = join(OUT, name);
    const files = bundleEntry(PROJECT_ROOT, entry, dir).filter((file) => file.endsWith('.mjs'));
    const atStart = loadedAtStart(dir);
    const figure: BundleFigure = {
      name,
      entry,
      bytes: atStart.reduce((sum, file) => sum + statSync(join(dir, file)).size, 0),
      gzipBytes: atStart.reduce((sum, file) => sum + gzipSync(readFileSync(join(dir, file)), { level: 9 }).length, 0),
      onDemandBytes: files.filter((file) => !atStart.includes(file)).reduce((sum, file) => sum + statSync(join(dir, file)).size, 0),
      initMs: initTime(join(dir, 'index.mjs'), runs),
    };
    figures.push(figure);
    progress(`bundle ${name}: ${fmt(figure.bytes / 1024, 1)} KB (${fmt(figure.gzipBytes / 1024, 1)} KB gzipped), init ${fmt(figure.initMs, 1)} ms`);
  }
  const over = figures.filter((f) => f.bytes > BUNDLE_BUDGET_BYTES);
  const largest = Math.max(...figures.map((f) => f.bytes));
  const lazy = figures.filter((f) => f.onDemandBytes > 0);
  return {
    figures,
    section: {
      title: 'Function bundles and init time',
      body: `The house build (\`infra/constructs/bundles.ts\`, what \`cdk synth\` packages): minified ESM for \`nodejs22.x\`, \`@aws-sdk/*\` left to the Lambda runtime. At start = what every cold start loads: \`index.mjs\` and the chunks it imports statically (\`loadedAtStart\`). On demand = chunks loaded with \`import()\` when the code asks for them: the statement parsers (the XLSX reader when a workbook arrives, csv-parse when a CSV file is read) and staff token verification (jose, with the first staff token a container sees; the functions of public routes never load it). Gzipped = the files loaded at start at gzip level 9 (the zip Lambda downloads is of that order). Init = a fresh Node process importing \`index.mjs\` (median of ${runs}), which includes loading the SDK modules it uses. Budget ≤ ${BUNDLE_BUDGET_BYTES / 1024} KB loaded at start per function: ${over.length ? `**${over.length} over**` : `all within (largest ${fmt(largest / 1024, 1)} KB)`}.${lazy.length ? ` Functions with chunks on demand: ${lazy.length} of ${figures.length}.` : ''}

${table(
  ['function', 'entry', 'at start KB', 'gzipped KB', 'on demand KB', 'init ms'],
  figures.map((f) => [f.name, `\`${f.entry}\``, fmt(f.bytes / 1024, 1), fmt(f.gzipBytes / 1024, 1), f.onDemandBytes ? fmt(f.onDemandBytes / 1024, 1) : '–', fmt(f.initMs, 1)]),
)}`,
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { write: { type: 'boolean', default: false } } });
  const { section, figures } = await benchBundles();
  process.stdout.write(`${section.body}\n`);
  if (values.write) writeResults('Function bundles, `npx tsx bench/bundles.ts --write`', [section]);
  process.exitCode = figures.some((f) => f.bytes > BUNDLE_BUDGET_BYTES) ? 1 : 0;
}
