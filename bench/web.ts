/**
 * The web app's weight (the portal's first load must ship at most 100 KB of gzipped JavaScript) and
 * Lighthouse's mobile scores of the home, fund and pledge pages (bench/lighthouse.ts).
 * Builds the app into a scratch folder and reports the first load, the CSS, and what each page
 * loaded on demand adds. In `npm run bench` it runs in a child process (`benchWebInChild`): its
 * twin needs the ledger's client module fresh, and the bench's own twin has used it already.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PROJECT_ROOT } from '../infra/local/twin';
import { FIRST_LOAD_BUDGET_BYTES, buildWeb } from '../web/build';
import { fmt, progress, table, type Section } from './lib';
import { benchLighthouse } from './lighthouse';

export async function benchWeb(): Promise<{ section: Section; firstLoadGzipBytes: number }> {
  const lighthouse = await benchLighthouse();
  const built = await buildWeb({ outDir: join(PROJECT_ROOT, '.data', 'bench', 'web'), quiet: true });
  const kb = (bytes: number) => fmt(bytes / 1024, 1);
  progress(`web first load: ${kb(built.firstLoad.gzipBytes)} KB gzipped JS`);
  const within = built.firstLoad.gzipBytes <= FIRST_LOAD_BUDGET_BYTES;
  return {
    firstLoadGzipBytes: built.firstLoad.gzipBytes,
    section: {
      title: 'Web app weight',
      body: `esbuild, minified ES modules with code splitting, gzip level 9. The portal's first load (the entry and the chunks it imports statically) is **${kb(built.firstLoad.gzipBytes)} KB** of gzipped JavaScript against a budget of ${kb(FIRST_LOAD_BUDGET_BYTES)} KB: ${within ? 'within' : '**over**'}. CSS: ${kb(built.css.gzipBytes)} KB gzipped. All JavaScript together: ${kb(built.allJsGzipBytes)} KB gzipped.

${table(
  ['loaded', 'module', 'gzipped KB'],
  [['first load', `${built.firstLoad.files.length} file(s)`, kb(built.firstLoad.gzipBytes)], ...built.lazy.map((l) => ['on demand', `\`${l.module}\``, kb(l.gzipBytes)])],
)}

#### Lighthouse, mobile

${lighthouse.body}`,
    },
  };
}

export async function benchWebInChild(): Promise<Section> {
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`bench/web.ts exited with ${code}`))));
  });
  return JSON.parse(output.trim().split('\n').at(-1)!) as Section;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { section } = await benchWeb();
  process.stdout.write(`${JSON.stringify(section)}\n`);
  process.exit(0);
}
