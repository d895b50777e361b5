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
import { bundleEntry } from '../infra/constructs/bundles';
import { PROJECT_ROOT } from '../infra/local/twin';
import { fallbackEntry, routes } from '../shared/routes';
import { bucketConsumers, schedules, streamConsumers } from '../shared/resources';
import { fmt, progress, table, writeResults, type Section } from './lib';

/** Per function; Lambda reads `index.mjs` at every cold start, the on-demand chunks only when asked. */
export const BUNDLE_TARGET_BYTES = 350 * 1024;

export interface BundleFigure {
  name: string;
  entry: string;
  /** `index.mjs`: what every cold start loads. */
  bytes: number;
  gzipBytes: number;
  /** Chunks loaded on demand (the statement parsers: the XLSX reader, csv-parse), if any. */
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
    const index = join(dir, 'index.mjs');
    const figure: BundleFigure = {
      name,
      entry,
      bytes: statSync(index).size,
      gzipBytes: gzipSync(readFileSync(index), { level: 9 }).length,
      onDemandBytes: files.filter((file) => file !== 'index.mjs').reduce((sum, file) => sum + statSync(join(dir, file)).size, 0),
      initMs: initTime(index, runs),
    };
    figures.push(figure);
    progress(`bundle ${name}: ${fmt(figure.bytes / 1024, 1)} KB (${fmt(figure.gzipBytes / 1024, 1)} KB gzipped), init ${fmt(figure.initMs, 1)} ms`);
  }
  const over = figures.filter((f) => f.bytes > BUNDLE_TARGET_BYTES);
  const largest = Math.max(...figures.map((f) => f.bytes));
  const lazy = figures.filter((f) => f.onDemandBytes > 0);
  return {
    figures,
    section: {
      title: 'Function bundles and init time',
      body: `The house build (\`infra/constructs/bundles.ts\`, what \`cdk synth\` packages): minified ESM for \`nodejs22.x\`, \`@aws-sdk/*\` left to the Lambda runtime. \`index.mjs\` is what every cold start loads; a module loaded on demand (\`import()\`) is a chunk beside it that Lambda reads only when the code asks for it. Gzipped = \`index.mjs\` at gzip level 9 (the zip Lambda downloads is of that order). Init = a fresh Node process importing \`index.mjs\` (median of ${runs}), which includes loading the SDK modules it uses. Target ≤ ${BUNDLE_TARGET_BYTES / 1024} KB per function: ${over.length ? `**${over.length} over**` : `all within (largest ${fmt(largest / 1024, 1)} KB)`}.${lazy.length ? ` On demand: the statement parsers (${fmt(lazy[0]!.onDemandBytes / 1024, 1)} KB: the XLSX reader, loaded only when a workbook arrives, and csv-parse, loaded when a CSV file is read) in ${lazy.map((f) => f.name).join(', ')}.` : ''}

${table(
  ['function', 'entry', 'index.mjs KB', 'gzipped KB', 'on demand KB', 'init ms'],
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
  process.exitCode = figures.some((f) => f.bytes > BUNDLE_TARGET_BYTES) ? 1 : 0;
}
