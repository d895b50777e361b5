/**
 * Verifies a published report without trusting whoever serves it:
 *  1. manifest.json is well-formed and its signature verifies against a key in keys.json, whose
 *     id is the key's own fingerprint, pinned where the reader pins keys, and valid on the
 *     report's date (keys.ts);
 *  2. the chain: the previous night's manifest hashes to `previousManifestSha256` and is signed too;
 *  3. every file has the size and SHA-256 the manifest states;
 *  4. entries.jsonl is canonical JSON, one entry per line, and its Merkle root and size are the
 *     manifest's; its first `previousTreeSize` leaves reproduce the previous night's root
 *     (consistency: nothing published earlier was rewritten or removed);
 *  5. the derived files (CSVs, tree.bin, refs.idx) re-render byte for byte from entries.jsonl,
 *     and summary.json's totals are the sum of the entries;
 *  6. the open-data files, where the manifest lists them (format 2), re-render byte for byte from
 *     entries.jsonl and open-data-facts.json;
 *  7. format 3: no leaf names a donor, and every line of names.jsonl (outside the manifest) is
 *     the name a leaf commits to, or that name erased (withdrawn).
 * It stops at the first failure and names it. Only WebCrypto and the hash port are used, so the
 * web app can run it in a browser with the portable SHA-256.
 */
import { concatBytes, fromUtf8, toHex, utf8 } from './bytes';
import { BUILT_FILES, PrefixMismatchError, ReportBuilder, type RefsSpool } from './builder';
import { NAMELESS_LINE_VERSION, parseEntryLine } from './entries';
import { checkNames, committedLeaf, NAMES_FILE, type CommittedLeaf, type LeafName } from './names';
import {
  MANIFEST_FILE,
  OPEN_DATA_FILES,
  REPORT_FILES,
  REPORT_FORMATS,
  hasNamelessLeaves,
  hasRerenderablePage,
  listedFiles,
  SIGNATURE_ALGORITHMS,
  keyFingerprint,
  signingPayload,
  verifySignature,
  type KeysFile,
  type Manifest,
} from './manifest';
import { fromBase64 } from './bytes';
import { KEYS_FILE, keyValidityProblem, parseKeysFile } from './keys';
import { portableHasher, type Hasher } from './sha256';
import { FACTS_FILE, GIVING360_FILE, IATI_FILE, OpenDataAccumulator, parseFacts, type OpenDataFacts } from './open-data/report-files';
import { stableJson, type ReportSummary } from './summary';
import { renderReportHtml } from './html';
import { DELTA_NAMES } from '../domain/journal';

export interface ReportSource {
  /** What the report is, for messages: a folder or a URL. */
  label: string;
  read(name: string): Promise<Uint8Array | null>;
  stream(name: string): Promise<AsyncIterable<Uint8Array> | null>;
  /** The report of another date of the same fund, found by the same layout (`../<date>/`). */
  sibling(date: string): ReportSource;
  /** keys.json of the same publisher (`reports/keys.json`). */
  keys(): Promise<Uint8Array | null>;
}

export interface VerifyOptions {
  hasher?: Hasher;
  /** Keys obtained some other way than from the publisher (the strongest check: pin the key). */
  keys?: KeysFile;
  /**
   * Fingerprints (key ids) the reader already trusts, learnt from somewhere other than this server
   * (the committee's notice, the docs): the manifest must be signed by one of them, whatever
   * keys.json the server hands out.
   */
  pinnedKeyIds?: readonly string[];
  spool?: () => RefsSpool;
  onCheck?: (check: Check) => void;
}

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
  file?: string;
}

export interface VerifyResult {
  ok: boolean;
  checks: Check[];
  /** The first thing that failed. */
  failure?: Check;
  manifest?: Manifest;
  /** Format 3: what each leaf that commits to a name shows (a name, or "name withdrawn"); other leaves are anonymous. */
  names?: LeafName[];
}

class VerificationFailed extends Error {
  constructor(readonly check: Check) {
    super(check.detail);
  }
}

const HEX64 = /^[0-9a-f]{64}$/;

function parseManifestBytes(bytes: Uint8Array, label: string): Manifest {
  let value: Manifest;
  try {
    value = JSON.parse(fromUtf8(bytes)) as Manifest;
  } catch {
    throw new Error(`${label} is not valid UTF-8 JSON`);
  }
  const problems: string[] = [];
  if (typeof value !== 'object' || value === null) throw new Error(`${label} is not a JSON object`);
  if (typeof value.fundId !== 'string') problems.push('fundId');
  if (typeof value.date !== 'string') problems.push('date');
  if (!Number.isSafeInteger(value.treeSize) || value.treeSize < 0) problems.push('treeSize');
  if (typeof value.rootHash !== 'string' || !HEX64.test(value.rootHash)) problems.push('rootHash');
  if (typeof value.signature !== 'string') problems.push('signature');
  if (!(REPORT_FORMATS as readonly string[]).includes(value.format)) problems.push('format');
  if (!SIGNATURE_ALGORITHMS.includes(value.algorithm)) problems.push('algorithm');
  if (typeof value.files !== 'object' || value.files === null) problems.push('files');
  else {
    for (const name of REPORT_FILES) if (!value.files[name] || !HEX64.test(value.files[name].sha256 ?? '')) problems.push(`files.${name}`);
    for (const name of OPEN_DATA_FILES) if (value.files[name] !== undefined && !HEX64.test(value.files[name]?.sha256 ?? '')) problems.push(`files.${name}`);
    // The open-data files come as a set: facts and the IATI activity together, the package only with them.
    const listed = OPEN_DATA_FILES.filter((name) => value.files[name] !== undefined);
    if (listed.length && (!listed.includes(FACTS_FILE) || !listed.includes(IATI_FILE))) problems.push(`files.${listed.includes(FACTS_FILE) ? IATI_FILE : FACTS_FILE}`);
  }
  if (value.previousManifestSha256 !== null && !HEX64.test(String(value.previousManifestSha256))) problems.push('previousManifestSha256');
  if (problems.length) throw new Error(`${label} is missing or has invalid ${problems.join(', ')}`);
  return value;
}

async function* lines(chunks: AsyncIterable<Uint8Array>): AsyncIterable<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let rest = '';
  for await (const chunk of chunks) {
    const text = rest + decoder.decode(chunk, { stream: true });
    const parts = text.split('\n');
    rest = parts.pop()!;
    yield* parts;
  }
  rest += decoder.decode();
  if (rest !== '') throw new Error('entries.jsonl does not end with a newline');
}

export async function verifyReport(source: ReportSource, options: VerifyOptions = {}): Promise<VerifyResult> {
  const hasher = options.hasher ?? portableHasher;
  const checks: Check[] = [];
  const pass = (name: string, detail: string, file?: string) => {
    const check = { name, ok: true, detail, file };
    checks.push(check);
    options.onCheck?.(check);
  };
  const fail = (name: string, detail: string, file?: string): never => {
    const check = { name, ok: false, detail, file };
    checks.push(check);
    options.onCheck?.(check);
    throw new VerificationFailed(check);
  };
  let manifest: Manifest | undefined;

  try {
    // 1. The manifest and its signature.
    const manifestBytes = await source.read(MANIFEST_FILE);
    if (!manifestBytes) fail('manifest', `${source.label}: manifest.json not found`, MANIFEST_FILE);
    try {
      manifest = parseManifestBytes(manifestBytes!, 'manifest.json');
    } catch (error) {
      fail('manifest', (error as Error).message, MANIFEST_FILE);
    }
    const m = manifest!;
    pass('manifest', `${m.fundId} ${m.date}: ${m.treeSize} entries, root ${m.rootHash}`, MANIFEST_FILE);

    let keys = options.keys;
    if (!keys) {
      const bytes = await source.keys();
      if (!bytes) fail('keys', 'keys.json not found next to the report', KEYS_FILE);
      try {
        keys = await parseKeysFile(bytes!, hasher);
      } catch (error) {
        fail('keys', (error as Error).message, KEYS_FILE);
      }
    }
    const verifyManifestSignature = async (subject: Manifest, file: string): Promise<void> => {
      const key = keys!.keys?.find((k) => k.keyId === subject.keyId);
      if (!key) fail('signature', `${file}: signing key ${subject.keyId} is not in keys.json`, file);
      // keys.json offers the key; a key nobody pinned is the server's word alone.
      if (options.pinnedKeyIds && !options.pinnedKeyIds.includes(subject.keyId)) {
        fail('signature', `keys.json: ${file} is signed by key ${subject.keyId}, which is not a pinned fingerprint (${options.pinnedKeyIds.join(', ')})`, KEYS_FILE);
      }
      if (keyFingerprint(fromBase64(key!.publicKey), hasher) !== key!.keyId) {
        fail('signature', `keys.json: key ${key!.keyId} is not the fingerprint of its public key`, KEYS_FILE);
      }
      if (key!.algorithm !== subject.algorithm) fail('signature', `${file}: algorithm ${subject.algorithm} does not match key ${key!.keyId}`, file);
      const valid = await verifySignature(key!, signingPayload(subject), subject.signature).catch(() => false);
      if (!valid) fail('signature', `${file}: the ${subject.algorithm} signature does not verify with key ${key!.keyId}`, file);
      // Only once the date is known to be the signed one: then a date outside the key's is keys.json's word against it.
      const outside = keyValidityProblem(key!, subject.date);
      if (outside) fail('signature', `keys.json: ${outside} (${file})`, KEYS_FILE);
    };
    await verifyManifestSignature(m, MANIFEST_FILE);
    pass('signature', `${m.algorithm} signature by key ${m.keyId}`, MANIFEST_FILE);

    // 2. The chain.
    let previous: Manifest | undefined;
    let restartsTree = false;
    if (m.previousManifestSha256 === null) {
      if (m.previousDate !== null || m.previousTreeSize !== null) fail('chain', 'manifest.json names a previous report without its hash', MANIFEST_FILE);
      pass('chain', 'first report of this fund: no previous report to chain to');
    } else {
      if (typeof m.previousDate !== 'string') fail('chain', 'manifest.json has a previous hash but no previousDate', MANIFEST_FILE);
      const label = `previous report ${m.previousDate}/manifest.json`;
      const prevBytes = await source.sibling(m.previousDate!).read(MANIFEST_FILE);
      if (!prevBytes) fail('chain', `${label} not found`, `../${m.previousDate}/${MANIFEST_FILE}`);
      const actual = toHex(hasher.sha256(prevBytes!));
      if (actual !== m.previousManifestSha256) {
        fail('chain', `${label} hashes to ${actual}, but this report chains to ${m.previousManifestSha256}`, `../${m.previousDate}/${MANIFEST_FILE}`);
      }
      try {
        previous = parseManifestBytes(prevBytes!, label);
      } catch (error) {
        fail('chain', (error as Error).message, `../${m.previousDate}/${MANIFEST_FILE}`);
      }
      await verifyManifestSignature(previous!, `../${m.previousDate}/${MANIFEST_FILE}`);
      // The first nameless night starts a new tree: its leaves cannot extend a tree of named leaves.
      if (hasNamelessLeaves(m.format) && !hasNamelessLeaves(previous!.format)) restartsTree = true;
      if (previous!.fundId !== m.fundId || previous!.date >= m.date || (restartsTree ? null : previous!.treeSize) !== m.previousTreeSize) {
        fail('chain', `${label} is not the earlier report of ${m.fundId} with ${m.previousTreeSize} entries`, `../${m.previousDate}/${MANIFEST_FILE}`);
      }
      pass('chain', `chains to ${m.previousDate} (${actual})${restartsTree ? '; the first report without names in its leaves starts a new tree' : ''}`);
    }

    // 3. Every file but entries.jsonl (hashed while it is parsed below). The small files read
    // later (the facts, the summary) are kept as they were hashed: one read, and the bytes checked
    // are the bytes parsed.
    const kept = new Map<string, Uint8Array>();
    for (const name of listedFiles(m)) {
      if (name === 'entries.jsonl') continue;
      const stream = await source.stream(name);
      if (!stream) fail('file', `${name} not found`, name);
      const hash = hasher.create();
      let bytes = 0;
      const keep = name === FACTS_FILE || name === 'summary.json' ? ([] as Uint8Array[]) : null;
      for await (const chunk of stream!) {
        hash.update(chunk);
        bytes += chunk.length;
        keep?.push(chunk);
      }
      if (keep) kept.set(name, concatBytes(...keep));
      const sha256 = toHex(hash.digest());
      const expected = m.files[name]!;
      if (sha256 !== expected.sha256 || bytes !== expected.bytes) {
        fail('file', `${name}: SHA-256 ${sha256} (${bytes} bytes) differs from the manifest's ${expected.sha256} (${expected.bytes} bytes)`, name);
      }
      pass('file', `${name}: ${bytes} bytes, SHA-256 as signed`, name);
    }

    // The facts the open-data files are rendered from, needed before the entries stream past.
    let facts: OpenDataFacts | undefined;
    if (m.files[FACTS_FILE]) {
      try {
        facts = parseFacts(fromUtf8(kept.get(FACTS_FILE)!));
      } catch (error) {
        fail('open-data', `${FACTS_FILE}: ${(error as Error).message}`, FACTS_FILE);
      }
    }
    const openData = facts ? new OpenDataAccumulator(m.fundId, facts.donors) : null;

    // 4. The entries: canonical lines, the root, and consistency with the previous night.
    const stream = await source.stream('entries.jsonl');
    if (!stream) fail('file', 'entries.jsonl not found', 'entries.jsonl');
    const fileHash = hasher.create();
    let fileBytes = 0;
    const counted = (async function* () {
      for await (const chunk of stream!) {
        fileHash.update(chunk);
        fileBytes += chunk.length;
        yield chunk;
      }
    })();
    const builder = new ReportBuilder({
      hasher,
      spool: options.spool?.(),
      previous: previous && !restartsTree ? { date: previous.date, treeSize: previous.treeSize, rootHash: previous.rootHash } : undefined,
    });
    const nameless = hasNamelessLeaves(m.format);
    const committed: CommittedLeaf[] = [];
    let lineNumber = 0;
    try {
      for await (const line of lines(counted)) {
        lineNumber++;
        let entry;
        try {
          entry = parseEntryLine(line);
        } catch (error) {
          fail('entries', `entries.jsonl line ${lineNumber}: ${(error as Error).message}`, 'entries.jsonl');
        }
        if (entry!.fundId !== m.fundId) fail('entries', `entries.jsonl line ${lineNumber} belongs to fund ${entry!.fundId}`, 'entries.jsonl');
        if (nameless) {
          if (entry!.v !== NAMELESS_LINE_VERSION || 'donor' in entry!.details) fail('entries', `entries.jsonl line ${lineNumber}: a ${m.format} leaf names no donor (line version ${NAMELESS_LINE_VERSION})`, 'entries.jsonl');
          const leaf = committedLeaf(lineNumber - 1, entry!);
          if (leaf) committed.push(leaf);
        }
        await builder.addLine(line, entry!);
        openData?.add(entry!);
      }
    } catch (error) {
      if (error instanceof VerificationFailed) throw error;
      if (error instanceof PrefixMismatchError) fail('consistency', `entries.jsonl: ${error.message}`, 'entries.jsonl');
      fail('entries', `entries.jsonl: ${(error as Error).message}`, 'entries.jsonl');
    }
    let built;
    try {
      built = await builder.finish();
    } catch (error) {
      if (error instanceof PrefixMismatchError) fail('consistency', `entries.jsonl: ${error.message}`, 'entries.jsonl');
      throw error;
    }
    const sha256 = toHex(fileHash.digest());
    if (sha256 !== m.files['entries.jsonl'].sha256 || fileBytes !== m.files['entries.jsonl'].bytes) {
      fail('file', `entries.jsonl: SHA-256 ${sha256} (${fileBytes} bytes) differs from the manifest's ${m.files['entries.jsonl'].sha256}`, 'entries.jsonl');
    }
    pass('file', `entries.jsonl: ${fileBytes} bytes, SHA-256 as signed`, 'entries.jsonl');
    if (built!.treeSize !== m.treeSize || built!.rootHash !== m.rootHash) {
      fail('root', `entries.jsonl has ${built!.treeSize} entries with root ${built!.rootHash}; the manifest says ${m.treeSize} and ${m.rootHash}`, MANIFEST_FILE);
    }
    pass('root', `Merkle root of ${m.treeSize} entries recomputed`, 'entries.jsonl');
    if (previous && !restartsTree) pass('consistency', `the first ${previous.treeSize} entries reproduce the root of ${previous.date}: nothing earlier was changed`);

    // 5. Derived files and totals.
    for (const name of BUILT_FILES) {
      if (name === 'entries.jsonl') continue;
      if (built!.files[name].sha256 !== m.files[name].sha256) fail('derived', `${name} does not say what entries.jsonl says (re-rendered it differs)`, name);
    }
    pass('derived', 'entries.csv, disbursements.csv, tree.bin and refs.idx re-render byte for byte from entries.jsonl');
    const summaryBytes = kept.get('summary.json');
    let summary: ReportSummary;
    try {
      summary = JSON.parse(fromUtf8(summaryBytes!)) as ReportSummary;
    } catch {
      fail('summary', 'summary.json is not valid JSON', 'summary.json');
    }
    const totals = built!.summary.totals();
    // A bucket a summary of an older night does not name held nothing then.
    const wrong = DELTA_NAMES.filter((name) => (summary!.totals?.[name] ?? 0) !== totals[name]);
    if (wrong.length || summary!.treeSize !== m.treeSize || summary!.fundId !== m.fundId || summary!.date !== m.date) {
      fail('summary', `summary.json totals differ from the sum of the entries (${wrong.join(', ') || 'header'})`, 'summary.json');
    }
    // The plan per ward and the goods per unit, where the summary has them (nights before them do not).
    const names = new Map((summary!.plan?.wards ?? []).map((w) => [w.wardCode, w.wardName]));
    if (summary!.plan && stableJson(summary!.plan) !== stableJson(built!.summary.plan((code) => names.get(code) ?? null))) {
      fail('summary', 'summary.json’s plan per ward differs from what the entries say', 'summary.json');
    }
    if (summary!.goods && stableJson(summary!.goods) !== stableJson(built!.summary.goods())) {
      fail('summary', 'summary.json’s goods per unit differ from what the entries say', 'summary.json');
    }
    // Per ward, per day and per entry type, as the builder sums them (ward names are the summary's own).
    const wardNames = new Map((summary!.wards ?? []).map((w) => [w.wardCode, w.wardName]));
    const rebuilt = built!.summary.build(summary!, (code) => wardNames.get(code) ?? null);
    for (const part of ['wards', 'days', 'entryTypes'] as const) {
      if (stableJson(summary![part]) !== stableJson(rebuilt[part])) fail('summary', `summary.json’s ${part} differ from the sums of the entries`, 'summary.json');
    }
    pass('summary', 'summary.json totals, wards, days, entry types, plan and goods are the sums of the entries', 'summary.json');

    // 6. The open-data files.
    if (openData) {
      let rendered: Partial<Record<string, string>>;
      try {
        rendered = openData.render(facts!);
      } catch (error) {
        fail('open-data', `${FACTS_FILE}: the open-data files cannot be rendered from it (${(error as Error).message})`, FACTS_FILE);
      }
      for (const name of [IATI_FILE, GIVING360_FILE] as const) {
        const text = rendered![name];
        const expected = m.files[name];
        if (text === undefined && expected === undefined) continue;
        if (text === undefined || expected === undefined || toHex(hasher.sha256(utf8(text))) !== expected.sha256) {
          fail('open-data', `${name} does not say what entries.jsonl and ${FACTS_FILE} say (re-rendered it differs)`, name);
        }
      }
      pass('open-data', `${listedFiles(m).filter((n) => n === IATI_FILE || n === GIVING360_FILE).join(' and ')} re-render byte for byte from entries.jsonl and ${FACTS_FILE}`);
    }
    // 7. The page, rendered from the summary checked above, so every figure on it is re-derived too;
    // a night of an earlier format keeps the page its own renderer wrote.
    if (hasRerenderablePage(m.format)) {
      const { 'report.html': pageDigest, ...listedBeforePage } = m.files;
      const page = renderReportHtml({ summary: summary!, rootHash: m.rootHash, previousDate: m.previousDate, previousManifestSha256: m.previousManifestSha256, files: listedBeforePage });
      if (toHex(hasher.sha256(utf8(page))) !== pageDigest.sha256) fail('html', 'report.html does not say what summary.json and entries.jsonl say (re-rendered it differs)', 'report.html');
      pass('html', 'report.html re-renders byte for byte from the checked summary', 'report.html');
    }

    // 8. The names beside a nameless report: each is what its leaf commits to, or erased.
    let leafNames: LeafName[] | undefined;
    if (nameless) {
      try {
        leafNames = [...checkNames(await source.read(NAMES_FILE), committed, hasher).values()];
      } catch (error) {
        fail('names', (error as Error).message, NAMES_FILE);
      }
      const withdrawn = leafNames!.filter((n) => n.shown === 'withdrawn').length;
      pass('names', `${NAMES_FILE}: ${leafNames!.length - withdrawn} names as their leaves commit to, ${withdrawn} withdrawn, ${m.treeSize - leafNames!.length} leaves anonymous`, NAMES_FILE);
    }
    return { ok: true, checks, manifest, names: leafNames };
  } catch (error) {
    if (error instanceof VerificationFailed) return { ok: false, checks, failure: error.check, manifest };
    const check = { name: 'error', ok: false, detail: (error as Error).message };
    checks.push(check);
    return { ok: false, checks, failure: check, manifest };
  }
}
