/**
 * Each function's bundle as Lambda gets it (esbuild, minified ESM, the AWS SDK left to the
 * runtime) and its module init time: a fresh Node process importing the bundle, median of 5.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { PROJECT_ROOT } from '../infra/local/twin';
import { fallbackEntry, routes } from '../shared/routes';
import { schedules, streamConsumers } from '../shared/resources';
import { fmt, progress, table, type Section } from './lib';

export interface BundleFigure {
  name: string;
  entry: string;
  bytes: number;
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

/** `runs`: fresh processes per bundle; the median counts. */
export async function benchBundles(options: { runs?: number } = {}): Promise<{ section: Section; figures: BundleFigure[] }> {
  const runs = options.runs ?? 5;
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const entries = new Map<string, string>();
  for (const route of routes) entries.set(route.entry, route.id);
  entries.set(fallbackEntry, 'Fallback');
  for (const consumer of streamConsumers) entries.set(consumer.entry, consumer.id);
  for (const schedule of schedules) entries.set(schedule.entry, schedule.id);
  const figures: BundleFigure[] = [];
  for (const [entry, name] of entries) {
    const outfile = join(OUT, `${name}.mjs`);
    await build({
      entryPoints: [join(PROJECT_ROOT, entry)],
      outfile,
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'node',
      target: 'node22',
      external: ['@aws-sdk/*'],
      banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
      logLevel: 'error',
    });
    const figure = { name, entry, bytes: statSync(outfile).size, initMs: initTime(outfile, runs) };
    figures.push(figure);
    progress(`bundle ${name}: ${fmt(figure.bytes / 1024, 1)} KB, init ${fmt(figure.initMs, 1)} ms`);
  }
  const over = figures.filter((f) => f.bytes > 350 * 1024);
  return {
    figures,
    section: {
      title: 'Function bundles and init time',
      body: `esbuild, minified ESM for \`nodejs22.x\`, \`@aws-sdk/*\` left to the Lambda runtime. Init = a fresh Node process importing the bundle (median of ${runs}), which includes loading the SDK modules it uses. Target ≤ 350 KB: ${over.length ? `**${over.length} over**` : 'all within'}.

${table(
  ['function', 'entry', 'bundle KB', 'init ms'],
  figures.map((f) => [f.name, `\`${f.entry}\``, fmt(f.bytes / 1024, 1), fmt(f.initMs, 1)]),
)}`,
    },
  };
}
