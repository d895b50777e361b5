/**
 * Builds the web app into web/dist: minified ES modules with content-hashed names (the console,
 * the fund page and the verifier are separate chunks loaded on demand), one CSS file, index.html
 * and a default config.json (local sign-in; a deployment writes its own, see web/README.md).
 * Prints, and writes to dist/build.json, the gzipped size of the portal's first load.
 *
 *   npx tsx web/build.ts            (npm run build:web)
 */
import { createPublicKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { keyFingerprint } from '../shared/reports/manifest';

const WEB_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = join(WEB_DIR, '..');

/** What the issue allows the portal's first load to ship (gzipped JavaScript). */
/**
 * The fingerprints the browser verifier pins: `SOVANG_PINNED_KEY_IDS` (comma-separated; a deploy
 * sets it to its KMS key's id, and to the old and new ids during a rotation), or else the local
 * twin's key, when it exists, so a local build pins the key the twin signs with.
 */
export function pinnedKeyIds(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SOVANG_PINNED_KEY_IDS) return env.SOVANG_PINNED_KEY_IDS;
  const file = env.REPORT_SIGNING_KEY_FILE ?? join(ROOT, '.data', 'keys', 'report-signing.pem');
  if (!existsSync(file)) return '';
  return keyFingerprint(new Uint8Array(createPublicKey(readFileSync(file)).export({ format: 'der', type: 'spki' })));
}

export const FIRST_LOAD_BUDGET_BYTES = 100 * 1024;

export interface WebBuildResult {
  outDir: string;
  files: string[];
  firstLoad: { files: string[]; bytes: number; gzipBytes: number };
  css: { file: string; gzipBytes: number };
  /** What each page loaded on demand adds to the first load (its chunk and the chunks only it needs). */
  lazy: { module: string; gzipBytes: number }[];
  allJsGzipBytes: number;
}

function gzipSize(file: string): number {
  return gzipSync(readFileSync(file), { level: 9 }).length;
}

/** The entry chunk and every chunk it imports statically: what the browser fetches before the first paint. */
function firstLoadFiles(metafile: Metafile, entryOutput: string): string[] {
  const seen = new Set<string>();
  const visit = (output: string) => {
    if (seen.has(output)) return;
    seen.add(output);
    for (const imported of metafile.outputs[output]?.imports ?? []) {
      if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
    }
  };
  visit(entryOutput);
  return [...seen];
}

export async function buildWeb(options: { outDir?: string; quiet?: boolean } = {}): Promise<WebBuildResult> {
  const outDir = options.outDir ?? join(WEB_DIR, 'dist');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, 'assets'), { recursive: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { app: join(WEB_DIR, 'src', 'main.ts'), styles: join(WEB_DIR, 'src', 'styles.css') },
    outdir: join(outDir, 'assets'),
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome100', 'safari15', 'firefox100'],
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    metafile: true,
    logLevel: 'silent',
    // The report signing keys the browser verifier trusts (DESIGN §7): fixed here, not taken from keys.json.
    define: { 'process.env.NODE_ENV': '"production"', __SOVANG_PINNED_KEY_IDS__: JSON.stringify(pinnedKeyIds()) },
  });
  const outputs = Object.entries(result.metafile.outputs);
  const entryOutput = outputs.find(([, o]) => o.entryPoint?.endsWith('web/src/main.ts'))?.[0];
  const cssOutput = outputs.find(([path]) => path.endsWith('.css'))?.[0];
  if (!entryOutput || !cssOutput) throw new Error('esbuild did not produce the app entry and its CSS');
  const abs = (p: string) => join(ROOT, p);
  const url = (p: string) => `/${relative(outDir, abs(p)).split('\\').join('/')}`;
  const initial = firstLoadFiles(result.metafile, entryOutput);

  const html = `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="Sổ Vàng: số liệu ủng hộ và giải ngân công khai, cập nhật trực tiếp, báo cáo ký số.">
<meta name="theme-color" content="#9b1c1c">
<title>Sổ Vàng</title>
<link rel="icon" href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Ccircle cx='16' cy='16' r='15' fill='%23f4c542'/%3E%3Ctext x='16' y='22' font-size='18' text-anchor='middle' fill='%237a1414'%3E%E2%82%AB%3C/text%3E%3C/svg%3E">
<link rel="stylesheet" href="${url(cssOutput)}">
${initial.slice(1).map((p) => `<link rel="modulepreload" href="${url(p)}">`).join('\n')}
<script type="module" src="${url(entryOutput)}"></script>
</head>
<body>
<div id="app"><noscript>Sổ Vàng cần JavaScript để hiển thị số liệu trực tiếp. / Sổ Vàng needs JavaScript for its live figures.</noscript></div>
</body>
</html>
`;
  writeFileSync(join(outDir, 'index.html'), html);
  writeFileSync(join(outDir, 'config.json'), `${JSON.stringify({ auth: { kind: 'local' } }, null, 2)}\n`);

  const files = outputs.map(([p]) => relative(outDir, abs(p)));
  const firstLoad = {
    files: initial.map((p) => relative(outDir, abs(p))),
    bytes: initial.reduce((sum, p) => sum + result.metafile.outputs[p]!.bytes, 0),
    gzipBytes: initial.reduce((sum, p) => sum + gzipSize(abs(p)), 0),
  };
  const css = { file: relative(outDir, abs(cssOutput)), gzipBytes: gzipSize(abs(cssOutput)) };
  const loaded = new Set(initial);
  const lazy = outputs
    .filter(([path, o]) => o.entryPoint && !loaded.has(path) && path.endsWith('.js'))
    .map(([path, o]) => ({
      module: o.entryPoint!,
      gzipBytes: firstLoadFiles(result.metafile, path)
        .filter((p) => !loaded.has(p))
        .reduce((sum, p) => sum + gzipSize(abs(p)), 0),
    }))
    .sort((a, b) => a.module.localeCompare(b.module));
  const allJsGzipBytes = outputs.filter(([p]) => p.endsWith('.js')).reduce((sum, [p]) => sum + gzipSize(abs(p)), 0);
  const summary: WebBuildResult = { outDir, files: ['index.html', 'config.json', ...files], firstLoad, css, lazy, allJsGzipBytes };
  writeFileSync(join(outDir, 'build.json'), `${JSON.stringify({ ...summary, outDir: basename(outDir), budgetBytes: FIRST_LOAD_BUDGET_BYTES }, null, 2)}\n`);
  if (!options.quiet) {
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    console.log(`web: ${files.length} assets in ${relative(ROOT, outDir)}`);
    console.log(`web: portal first load ${kb(firstLoad.gzipBytes)} gzipped JS (${firstLoad.files.length} file(s), ${kb(firstLoad.bytes)} raw; budget ${kb(FIRST_LOAD_BUDGET_BYTES)}), CSS ${kb(css.gzipBytes)} gzipped`);
  }
  if (firstLoad.gzipBytes > FIRST_LOAD_BUDGET_BYTES) throw new Error(`The portal's first load is ${firstLoad.gzipBytes} bytes gzipped, over the ${FIRST_LOAD_BUDGET_BYTES}-byte budget`);
  return summary;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  buildWeb().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
