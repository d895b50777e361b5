/**
 * `npm run verify-report -- <folder or URL> [--keys keys.json] [--fingerprint <key id>[,…]] [--names]`
 *
 * `--names` lists, for a format-3 report, what each leaf shows of its donor: the name its
 * commitment is opened to in names.jsonl, "name withdrawn", or "anonymous".
 *
 * Verifies a published report: signature, chain, file hashes, Merkle root, consistency with the
 * previous night, and that the CSVs, the summary and the open-data files (IATI, 360Giving) say
 * what the signed entries say. Prints every
 * check, names the first failure and exits 1 on it (2 on bad usage).
 *
 * A folder is a downloaded copy of the bucket layout (`…/reports/<fundId>/<date>/`, with
 * `…/reports/keys.json` and the previous night beside it). A URL is either the bucket/CDN layout
 * or the API's (`/v1/reports/<fundId>/<date>/files/`); the previous night is found by replacing
 * the date in the URL, and keys.json sits next to the fund folders in both layouts.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { diskSpool } from '../../shared/adapters/local/refs-spool';
import { DATE_PATTERN, LATEST } from '../../shared/reports/layout';
import type { KeysFile } from '../../shared/reports/manifest';
import { nodeHasher } from '../../shared/reports/node-hash';
import { verifyReport, type ReportSource, type VerifyResult } from '../../shared/reports/verify';
import { LEAF_NAME_LABELS } from '../../shared/domain/labels';

async function readIfExists(file: string): Promise<Uint8Array | null> {
  try {
    return new Uint8Array(await readFile(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export function folderSource(folder: string): ReportSource {
  const dir = resolve(folder);
  return {
    label: dir,
    read: (name) => readIfExists(join(dir, name)),
    async stream(name) {
      const file = join(dir, name);
      try {
        await stat(file);
      } catch {
        return null;
      }
      return createReadStream(file) as AsyncIterable<Uint8Array>;
    },
    sibling: (date) => folderSource(join(dirname(dir), date)),
    keys: () => readIfExists(join(dirname(dirname(dir)), 'keys.json')),
  };
}

/** A dropped keep-alive connection is not a verification failure: retry it, twice. */
export async function fetchWithRetry(url: URL | string, attempts = 3): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url);
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

export function urlSource(input: string): ReportSource {
  const base = new URL(input.endsWith('/') ? input : `${input}/`);
  const segments = base.pathname.split('/');
  let dateAt = -1;
  segments.forEach((segment, i) => {
    if (DATE_PATTERN.test(segment) || segment === LATEST) dateAt = i;
  });
  if (dateAt < 2) throw new Error(`cannot find the report date in ${input}`);
  const at = (path: string) => new URL(path, base);
  const get = async (url: URL): Promise<Response | null> => {
    const response = await fetchWithRetry(url);
    if (response.status === 404 || response.status === 403) return null;
    if (!response.ok) throw new Error(`GET ${url} → ${response.status}`);
    return response;
  };
  return {
    label: base.href,
    read: async (name) => {
      const response = await get(at(name));
      return response ? new Uint8Array(await response.arrayBuffer()) : null;
    },
    stream: async (name) => {
      const response = await get(at(name));
      return response?.body ? (response.body as unknown as AsyncIterable<Uint8Array>) : null;
    },
    sibling: (date) => {
      const moved = [...segments];
      moved[dateAt] = date;
      return urlSource(new URL(moved.join('/'), base).href);
    },
    keys: async () => {
      const response = await get(new URL(`${segments.slice(0, dateAt - 1).join('/')}/keys.json`, base));
      return response ? new Uint8Array(await response.arrayBuffer()) : null;
    },
  };
}

/** One line per leaf: its index and what it shows of its donor (only a format-3 report commits to names). */
export function leafNameLines(result: VerifyResult): string[] {
  if (!result.names) return ['  (this report’s leaves carry names as they were published: format 1 or 2)'];
  const shown = new Map(result.names.map((n) => [n.leaf, n]));
  const label = (key: 'withdrawn' | 'anonymous') => `${LEAF_NAME_LABELS[key].vi} / ${LEAF_NAME_LABELS[key].en}`;
  return Array.from({ length: result.manifest!.treeSize }, (_, leaf) => {
    const name = shown.get(leaf);
    return `  leaf ${leaf}: ${name?.shown === 'name' ? name.name : label(name ? 'withdrawn' : 'anonymous')}`;
  });
}

export async function main(argv: string[]): Promise<number> {
  const args = [...argv];
  let keysFile: string | undefined;
  const keysAt = args.indexOf('--keys');
  if (keysAt >= 0) {
    keysFile = args[keysAt + 1];
    args.splice(keysAt, 2);
  }
  const namesAt = args.indexOf('--names');
  if (namesAt >= 0) args.splice(namesAt, 1);
  const pinned: string[] = [];
  for (let at = args.indexOf('--fingerprint'); at >= 0; at = args.indexOf('--fingerprint')) {
    pinned.push(...(args[at + 1] ?? '').split(',').filter(Boolean));
    args.splice(at, 2);
  }
  const target = args[0];
  if (!target || args.length > 1 || pinned.some((id) => !/^[0-9a-f]{32}$/.test(id))) {
    console.error('usage: npm run verify-report -- <report folder or URL> [--keys keys.json] [--fingerprint <32 hex digits>[,…]] [--names]');
    return 2;
  }
  const source = /^https?:\/\//.test(target) ? urlSource(target) : folderSource(target);
  const keys = keysFile ? (JSON.parse(await readFile(keysFile, 'utf8')) as KeysFile) : undefined;
  console.log(`Verifying ${source.label}`);
  const result = await verifyReport(source, {
    hasher: nodeHasher,
    keys,
    ...(pinned.length ? { pinnedKeyIds: pinned } : {}),
    spool: () => diskSpool(),
    onCheck: (check) => console.log(`  ${check.ok ? '✓' : '✗'} ${check.name.padEnd(11)} ${check.detail}`),
  });
  if (result.ok && namesAt >= 0) for (const line of leafNameLines(result)) console.log(line);
  if (result.ok) {
    console.log(`OK: ${result.manifest!.fundId} ${result.manifest!.date} is intact and signed (root ${result.manifest!.rootHash}).`);
    return 0;
  }
  console.error(`FAILED at ${result.failure!.name}${result.failure!.file ? ` (${result.failure!.file})` : ''}: ${result.failure!.detail}`);
  return 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error(error);
      process.exit(2);
    },
  );
}
