/**
 * Each function's bundle exactly as Lambda gets it (the house build of
 * infra/constructs/bundles.ts: minified ESM, the AWS SDK left to the runtime and required, a
 * chunk per module loaded on demand) and its module init time: a fresh Node process importing
 * `index.mjs`, median of 5. Beside them, in the same rounds, the runtime's share: a process that
 * imports an empty module, and one that loads only the DynamoDB client and document client (as
 * the bundles do, and as ES modules as they did before), so a function's init reads as ours
 * plus the SDK's.
 *
 *   npx tsx bench/bundles.ts            print the table
 *   npx tsx bench/bundles.ts --write    and append it to bench/RESULTS.md as a dated section
 *
 * `npm run bench -- --only bundles` runs the same measurement beside the twin.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
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
  /** CPU time of the whole process (Node's own start included), median of the runs. */
  processCpuMs: number;
}

interface InitTime {
  /** Wall time of the `import()`, as a cold start's init phase sees it. */
  initMs: number;
  processCpuMs: number;
}

const OUT = join(PROJECT_ROOT, '.data', 'bench-bundles');

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function initOnce(file: string): InitTime {
  const run = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', `const t=performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); const c=process.cpuUsage(); console.log(performance.now()-t, (c.user+c.system)/1000)`],
    { encoding: 'utf8', env: { ...process.env, TABLE_NAME: 'bench', AWS_REGION: 'ap-southeast-1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } },
  );
  if (run.status !== 0) throw new Error(`importing ${file} failed: ${run.stderr}`);
  const [initMs, processCpuMs] = run.stdout.trim().split('\n').pop()!.split(' ').map(Number);
  return { initMs: initMs!, processCpuMs: processCpuMs! };
}

/**
 * The median of `runs` fresh processes per file; the files take turns, so a busy moment of the
 * machine falls on all of them alike.
 */
function initTimes(files: string[], runs: number): InitTime[] {
  const samples = files.map(() => ({ initMs: [] as number[], processCpuMs: [] as number[] }));
  for (let round = 0; round < runs; round++) {
    files.forEach((file, index) => {
      const time = initOnce(file);
      samples[index]!.initMs.push(time.initMs);
      samples[index]!.processCpuMs.push(time.processCpuMs);
    });
  }
  return samples.map((sample) => ({ initMs: median(sample.initMs), processCpuMs: median(sample.processCpuMs) }));
}

/** The runtime's share of init: Node alone, and the SDK modules a function loads, required (as the bundles do) and imported. */
const BASELINES = {
  empty: { label: 'an empty module: Node alone', code: '' },
  sdkRequired: {
    label: '`@aws-sdk/client-dynamodb` and `lib-dynamodb` required, as the bundles load them',
    code: "import { createRequire } from 'node:module';const require = createRequire(import.meta.url);require('@aws-sdk/client-dynamodb');require('@aws-sdk/lib-dynamodb');",
  },
  sdkImported: { label: 'the same two imported as ES modules, as the bundles did before 2026-12-04', code: "import '@aws-sdk/client-dynamodb';import '@aws-sdk/lib-dynamodb';" },
} as const;

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
export async function benchBundles(options: { runs?: number } = {}): Promise<{ section: Section; figures: BundleFigure[]; goals: { largestBytes: number; largestName: string; slowestInitMs: number; slowestName: string } }> {
  const runs = options.runs ?? 5;
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const built: Omit<BundleFigure, 'initMs' | 'processCpuMs'>[] = [];
  for (const [entry, name] of deployedEntries()) {
    const dir = join(OUT, name);
    const files = bundleEntry(PROJECT_ROOT, entry, dir).filter((file) => file.endsWith('.mjs'));
    const atStart = loadedAtStart(dir);
    built.push({
      name,
      entry,
      bytes: atStart.reduce((sum, file) => sum + statSync(join(dir, file)).size, 0),
      gzipBytes: atStart.reduce((sum, file) => sum + gzipSync(readFileSync(join(dir, file)), { level: 9 }).length, 0),
      onDemandBytes: files.filter((file) => !atStart.includes(file)).reduce((sum, file) => sum + statSync(join(dir, file)).size, 0),
    });
  }
  // Beside the bundles, so the SDK resolves from the project's node_modules as theirs does.
  const baselineFiles = Object.entries(BASELINES).map(([name, { code }]) => {
    const file = join(OUT, `baseline-${name}.mjs`);
    writeFileSync(file, code);
    return file;
  });
  progress(`bundles: init of ${built.length} functions and ${baselineFiles.length} baselines, ${runs} rounds`);
  const times = initTimes([...baselineFiles, ...built.map((figure) => join(OUT, figure.name, 'index.mjs'))], runs);
  const [empty, sdkRequired, sdkImported] = times as [InitTime, InitTime, InitTime];
  const figures: BundleFigure[] = built.map((figure, index) => ({ ...figure, ...times[baselineFiles.length + index]! }));
  for (const figure of figures) progress(`bundle ${figure.name}: ${fmt(figure.bytes / 1024, 1)} KB (${fmt(figure.gzipBytes / 1024, 1)} KB gzipped), init ${fmt(figure.initMs, 1)} ms`);
  // On a shared machine a process's wall time is mostly its wait for a core; its CPU time is not.
  // Init CPU = the process's CPU beyond Node's own start; ours = beyond the SDK's load as well
  // (the Fallback loads no SDK client).
  const initCpu = (time: InitTime) => time.processCpuMs - empty.processCpuMs;
  const ours = (figure: BundleFigure) => figure.processCpuMs - (figure.name === 'Fallback' ? empty : sdkRequired).processCpuMs;
  const over = figures.filter((f) => f.bytes > BUNDLE_BUDGET_BYTES);
  const largest = Math.max(...figures.map((f) => f.bytes));
  const lazy = figures.filter((f) => f.onDemandBytes > 0);
  const slowest = figures.reduce((a, b) => (initCpu(b) > initCpu(a) ? b : a));
  return {
    figures,
    goals: { largestBytes: largest, largestName: figures.find((f) => f.bytes === largest)!.name, slowestInitMs: initCpu(slowest), slowestName: slowest.name },
    section: {
      title: 'Function bundles and init time',
      body: `The house build (\`infra/constructs/bundles.ts\`, what \`cdk synth\` packages): minified ESM for \`nodejs22.x\`, \`@aws-sdk/*\` left to the Lambda runtime. At start = what every cold start loads: \`index.mjs\` and the chunks it imports statically (\`loadedAtStart\`). On demand = chunks loaded with \`import()\` when the code asks for them: the statement parsers (the XLSX reader when a workbook arrives, csv-parse when a CSV file is read) and staff token verification (jose, with the first staff token a container sees; the functions of public routes never load it). Gzipped = the files loaded at start at gzip level 9 (the zip Lambda downloads is of that order). Init = the \`import()\` of \`index.mjs\` in a fresh Node process (median of ${runs}; every file takes its turn in each round), which includes loading the SDK modules it uses; Node's own start comes before it and is not counted, as Lambda's init phase does not count the runtime's start. On a machine shared with other work the wall time is mostly waiting for a core, so the CPU time of the process is the steadier figure: init CPU = the process's CPU time minus the empty module's (Node's own start, about the same in every process); ours = minus the process CPU of the DynamoDB clients required instead (the Fallback loads no SDK client: minus the empty module's), what the function's own modules add. On an idle core init's wall time is about its CPU time.

${table(
  ['baseline', 'init ms', 'process CPU ms', 'init CPU ms'],
  (Object.keys(BASELINES) as (keyof typeof BASELINES)[]).map((name, index) => [BASELINES[name].label, fmt(times[index]!.initMs, 1), fmt(times[index]!.processCpuMs, 1), fmt(initCpu(times[index]!), 1)]),
)}

Median over functions: init ${fmt(median(figures.map((f) => f.initMs)), 1)} ms wall, ${fmt(median(figures.map(initCpu)), 1)} ms CPU, of which ours ${fmt(median(figures.map(ours)), 1)} ms; the most init CPU: ${fmt(Math.max(...figures.map(initCpu)), 1)} ms (${figures.reduce((a, b) => (initCpu(b) > initCpu(a) ? b : a)).name}). The DynamoDB clients' load took ${fmt(initCpu(sdkRequired), 1)} ms CPU required, ${fmt(initCpu(sdkImported), 1)} ms imported as ES modules. Budget ≤ ${BUNDLE_BUDGET_BYTES / 1024} KB loaded at start per function: ${over.length ? `**${over.length} over**` : `all within (largest ${fmt(largest / 1024, 1)} KB)`}.${lazy.length ? ` Functions with chunks on demand: ${lazy.length} of ${figures.length}.` : ''}

${table(
  ['function', 'entry', 'at start KB', 'gzipped KB', 'on demand KB', 'init ms', 'init CPU ms', 'ours CPU ms'],
  figures.map((f) => [
    f.name,
    `\`${f.entry}\``,
    fmt(f.bytes / 1024, 1),
    fmt(f.gzipBytes / 1024, 1),
    f.onDemandBytes ? fmt(f.onDemandBytes / 1024, 1) : '–',
    fmt(f.initMs, 1),
    fmt(initCpu(f), 1),
    fmt(ours(f), 1),
  ]),
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
