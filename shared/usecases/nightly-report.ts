/**
 * The nightly transparency report (DESIGN §7), per fund:
 *  1. Find the last published report before tonight's date (the chain and the tree to extend).
 *  2. Stream the journal up to local midnight through the builder, which writes entries.jsonl,
 *     the CSVs, tree.bin and refs.idx as it goes and checks that the tree starts with last night's.
 *     The same pass feeds the open-data files (IATI, 360Giving), rendered from the published lines
 *     and the fund's facts, which are published too (open-data-facts.json).
 *  3. Sum the summary, run the drift check, render report.html, sign the manifest.
 *  4. Commit by writing manifest.json with a conditional put; then keys.json, index.json and
 *     latest/, side by side (report-publication.ts).
 *
 * Published reports never change. If tonight's date is already published, the build runs
 * without writing anything and must reproduce the published manifest exactly; any difference
 * fails loudly (PublishedReportChangedError) instead of overwriting. In AWS the bucket's Object
 * Lock keeps every version anyway; this check is what keeps a re-run from even trying.
 */
import type { Fund } from '../domain/funds';
import * as clock from '../domain/clock';
import { vietnamTime } from '../domain/format';
import { ConflictError, UnprocessableError, ValidationError } from '../errors';
import { fromUtf8, toHex } from '../reports/bytes';
import { ReportBuilder, PrefixMismatchError, nullSink, type ByteSink, type BuiltFile } from '../reports/builder';
import { canonicalLine, LINE_VERSION, NAMELESS_LINE_VERSION, publishedName, toPublicEntry } from '../reports/entries';
import { committedLeaf, NAMES_CONTENT_TYPE, NAMES_FILE, nameLineText, withdrawnLine, type NameLine } from '../reports/names';
import { leafEntries } from '../domain/journal';
import { renderReportHtml } from '../reports/html';
import {
  CONTENT_TYPES,
  MANIFEST_FILE,
  OPEN_DATA_FILES,
  REPORT_FILES,
  REPORT_FORMAT,
  hasNamelessLeaves,
  hasOpenData,
  listedFiles,
  manifestBytes,
  sameContent,
  signManifest,
  signerRecord,
  type FileDigest,
  type KeysFile,
  type ListedFileName,
  type Manifest,
  type ManifestFiles,
  type Signer,
  type UnsignedManifest,
} from '../reports/manifest';
import { DATE_PATTERN, KEYS_KEY, closingOf, cutoffOf, fundPrefix, isFinishedDay, reportKey } from '../reports/layout';
import { portableHasher, type Hasher } from '../reports/sha256';
import { DonorAttribution } from '../reports/open-data/flows';
import { FACTS_FILE, OpenDataAccumulator, parseFacts, type OpenDataFacts } from '../reports/open-data/report-files';
import { stableJson, type DriftReport, type ReportSummary } from '../reports/summary';
import { DEFAULT_OPEN_DATA_SETTINGS, fundCommittee, openDataFacts, type OpenDataSettings } from './open-data';
import { JournalTally } from './totals-drift';
import { NAMES_CACHE, afterCommit, readJson } from './report-publication';
import {
  ObjectExistsError,
  type AdminUnitStore,
  type CommitteeStore,
  type FundStore,
  type JournalStore,
  type ObjectWriter,
  type PledgeStore,
  type ReportObjectStore,
  type SpoolFactory,
} from './ports';

/** `checkDrift` (totals-drift.ts) with its stores bound; `tally` sums the entries before the cutoff, as the report read them. */
export type CheckDrift = (fundId: string, options?: { cutoff?: string; tally?: JournalTally }) => Promise<DriftReport>;

/** A published report would change: its date is sealed, so the job refuses instead of overwriting. */
export class PublishedReportChangedError extends ConflictError {}

/** History changed under a published report, or a date was asked for out of order. */
export class ReportChainError extends ConflictError {}

export interface NightlyReportDeps {
  journal: Pick<JournalStore, 'pages'>;
  store: ReportObjectStore;
  signer: Signer;
  funds: Pick<FundStore, 'list'>;
  adminUnits: AdminUnitStore;
  /** The stored committees, for the name of the one that owns a fund (official ones come from the admin units). */
  committees?: Pick<CommitteeStore, 'get'>;
  /** Who publishes the open-data files; DEFAULT_OPEN_DATA_SETTINGS when not given. */
  openData?: OpenDataSettings;
  checkDrift?: CheckDrift;
  /** Which pledges' names were withdrawn, for the names file: a withdrawal may come after the cutoff. */
  pledges?: Pick<PledgeStore, 'getByRefs'>;
  /**
   * Where names.jsonl goes: a store whose objects can be rewritten (withdrawals erase lines), so
   * never the Object-Locked reports bucket: the names bucket, in AWS and in the twin. The reports
   * store where none is given (tests of the job alone, on one memory store).
   */
  names?: ReportObjectStore;
  spool?: SpoolFactory;
  hasher?: Hasher;
  log?: (message: string, data?: Record<string, unknown>) => void;
}

export interface FundReportResult {
  fundId: string;
  date: string;
  status: 'published' | 'unchanged';
  treeSize: number;
  rootHash: string;
  manifestSha256: string;
  /**
   * Totals scopes (the fund, a ward, a day) whose running counters differ from the journal, as
   * the drift check published in summary.json found them: must be 0. Null when the check did not
   * run or failed, which says nothing either way.
   */
  driftedScopes: number | null;
}

const IMMUTABLE = 'public, max-age=31536000, immutable';

interface PreviousReport {
  date: string;
  manifest: Manifest;
  sha256: string;
}

function parseManifest(bytes: Uint8Array, key: string): Manifest {
  try {
    return JSON.parse(fromUtf8(bytes)) as Manifest;
  } catch (error) {
    throw new ReportChainError(`${key} is not valid JSON`, undefined, { cause: error });
  }
}

async function publishedDates(store: ReportObjectStore, fundId: string): Promise<string[]> {
  return (await store.listFolders(fundPrefix(fundId))).filter((name) => DATE_PATTERN.test(name)).sort();
}

/** The newest report before `date` that was committed (has a manifest); crashed runs leave folders without one. */
async function findPrevious(deps: NightlyReportDeps, fundId: string, dates: string[], date: string, hasher: Hasher): Promise<PreviousReport | null> {
  for (const candidate of dates.filter((d) => d < date).reverse()) {
    const bytes = await deps.store.get(reportKey(fundId, candidate, MANIFEST_FILE));
    if (bytes) return { date: candidate, manifest: parseManifest(bytes, reportKey(fundId, candidate, MANIFEST_FILE)), sha256: toHex(hasher.sha256(bytes)) };
  }
  return null;
}

function describeDifference(published: UnsignedManifest, rebuilt: UnsignedManifest): string {
  const changed: string[] = [];
  for (const name of new Set([...listedFiles(published), ...listedFiles(rebuilt)])) {
    if (published.files?.[name]?.sha256 !== rebuilt.files[name]?.sha256) changed.push(name);
  }
  for (const field of ['treeSize', 'rootHash', 'previousManifestSha256', 'previousDate', 'cutoff'] as const) {
    if (published[field] !== rebuilt[field]) changed.push(field);
  }
  return changed.join(', ') || 'manifest';
}

export async function publishFundReport(deps: NightlyReportDeps, fund: Fund, date: string): Promise<FundReportResult> {
  const hasher = deps.hasher ?? portableHasher;
  const log = deps.log ?? (() => undefined);
  const { fundId } = fund;
  const cutoff = cutoffOf(date);
  const dates = await publishedDates(deps.store, fundId);
  const manifestKey = reportKey(fundId, date, MANIFEST_FILE);
  const existingBytes = dates.includes(date) ? await deps.store.get(manifestKey) : null;
  const existing = existingBytes ? parseManifest(existingBytes, manifestKey) : null;

  if (!existing) {
    for (const later of dates.filter((d) => d > date)) {
      if (await deps.store.get(reportKey(fundId, later, MANIFEST_FILE))) {
        throw new ReportChainError(`${fundId}: cannot publish ${date} after ${later} was published: the chain only grows forward`);
      }
    }
  }
  const previous = await findPrevious(deps, fundId, dates, date, hasher);
  // A re-run keeps the format it was published in: a night of format 1 has no open-data files.
  const format = existing?.format ?? REPORT_FORMAT;
  const nameless = hasNamelessLeaves(format);
  // The first nameless night cannot extend a tree of named leaves: it chains to the last manifest and starts a new tree.
  const extendsTree = previous !== null && hasNamelessLeaves(previous.manifest.format) === nameless;

  // A re-run of a published date writes nothing until its bytes are proven identical.
  const writers: ObjectWriter[] = [];
  const sink = (name: ListedFileName): ByteSink => {
    if (existing) return nullSink;
    const writer = deps.store.writer(reportKey(fundId, date, name), CONTENT_TYPES[name], IMMUTABLE);
    writers.push(writer);
    return writer;
  };

  let unsigned: UnsignedManifest;
  let drift: ReportSummary['drift'];
  try {
    const sinks = Object.fromEntries((['entries.jsonl', 'entries.csv', 'disbursements.csv', 'tree.bin', 'refs.idx'] as BuiltFile[]).map((n) => [n, sink(n)]));
    const builder = new ReportBuilder({
      hasher,
      sinks,
      spool: deps.spool?.(),
      previous: previous && extendsTree ? { date: previous.date, treeSize: previous.manifest.treeSize, rootHash: previous.manifest.rootHash } : undefined,
    });
    const openData = hasOpenData(format) ? new OpenDataAccumulator(fundId) : null;
    const names: NameLine[] = [];
    // No organisation has recorded its consent to be named yet: every pledge stays in the unnamed daily sums.
    const donors = new DonorAttribution([]);
    // The drift check sums the same entries as they pass: a night reads its journal once (DESIGN §7).
    const tally = deps.checkDrift && !existing ? new JournalTally() : undefined;
    for await (const page of deps.journal.pages(fundId, { before: Date.parse(cutoff) })) {
      for (const entry of page) {
        // One leaf per gift: a statement batch's entry publishes one receipt leaf per line (DESIGN §9.3).
        for (const leaf of leafEntries(entry)) {
          const line = toPublicEntry(leaf, nameless ? NAMELESS_LINE_VERSION : LINE_VERSION);
          const committed = nameless ? committedLeaf(builder.size, line) : undefined;
          if (committed) names.push({ leaf: committed.leaf, ref: committed.ref, salt: leaf.nameSalt!, name: publishedName(leaf)! });
          const pushedBack = builder.addLine(canonicalLine(line), line);
          if (pushedBack) await pushedBack;
          openData?.add(line, leaf.type === 'PLEDGE_MADE' ? donors.of(leaf) : undefined);
        }
        tally?.add(entry);
      }
    }
    const built = await builder.finish();
    const files: Partial<Record<ListedFileName, FileDigest>> = { ...built.files };
    if (openData) {
      const rendered = await renderOpenData(deps, fund, cutoff, openData, existing, log);
      for (const [name, text] of Object.entries(rendered) as [ListedFileName, string][]) files[name] = await writeSmall(sink(name), text, hasher);
    }

    // The drift check describes the live counters at publication time, which a later re-run cannot
    // reproduce: a re-run keeps the published result and checks the rest.
    drift = existing ? await publishedDrift(deps, fundId, date) : await runDriftCheck(deps, fundId, cutoff, tally);
    const wardNames = await loadWardNames(deps);
    const summary: ReportSummary = built.summary.build(
      { format, fundId, fundName: fund.name, currency: fund.currency, date, cutoff, drift },
      (code) => wardNames.get(code) ?? null,
    );
    files['summary.json'] = await writeSmall(sink('summary.json'), stableJson(summary), hasher);
    files['report.html'] = await writeSmall(
      sink('report.html'),
      renderReportHtml({ summary, rootHash: built.rootHash, previousDate: previous?.date ?? null, previousManifestSha256: previous?.sha256 ?? null, files }),
      hasher,
    );
    if (nameless && !existing) await writeNames(deps, fundId, date, names);
    const key = await signerRecord(deps.signer, hasher);
    unsigned = {
      format,
      fundId,
      date,
      cutoff,
      treeSize: built.treeSize,
      rootHash: built.rootHash,
      files: Object.fromEntries([...REPORT_FILES, ...OPEN_DATA_FILES].filter((name) => files[name]).map((name) => [name, files[name]!])) as ManifestFiles,
      previousDate: previous?.date ?? null,
      previousTreeSize: previous && extendsTree ? previous.manifest.treeSize : null,
      previousManifestSha256: previous?.sha256 ?? null,
      keyId: key.keyId,
      algorithm: key.algorithm,
    };
  } catch (error) {
    await Promise.all(writers.map((w) => w.abort().catch(() => undefined)));
    if (error instanceof PrefixMismatchError) throw new ReportChainError(`${fundId} ${date}: ${error.message}`, undefined, { cause: error });
    throw error;
  }

  const driftedScopes = countDriftedScopes(drift);
  if (existing) return { ...(await confirmUnchanged(deps, fund, existing, existingBytes!, unsigned, hasher)), driftedScopes };

  // Published under Object Lock, a night signed by a retired key would fail verification for ten years.
  const signingKey = (await readJson<KeysFile>(deps.store, KEYS_KEY))?.keys.find((k) => k.keyId === unsigned.keyId);
  if (signingKey?.retiredAt && date >= signingKey.retiredAt) {
    throw new ReportChainError(`${fundId} ${date}: signing key ${unsigned.keyId} was retired on ${signingKey.retiredAt}; sign with its successor`);
  }
  const manifest = await signManifest(unsigned, deps.signer);
  const bytes = manifestBytes(manifest);
  try {
    await deps.store.put(manifestKey, bytes, CONTENT_TYPES[MANIFEST_FILE], { ifNoneMatch: true, cacheControl: IMMUTABLE });
  } catch (error) {
    if (!(error instanceof ObjectExistsError)) throw error;
    // Another run committed this date between our check and our write: it must have built the same thing.
    const raced = (await deps.store.get(manifestKey))!;
    return { ...(await confirmUnchanged(deps, fund, parseManifest(raced, manifestKey), raced, unsigned, hasher)), driftedScopes };
  }
  const manifestSha256 = toHex(hasher.sha256(bytes));
  log('report published', { fundId, date, treeSize: manifest.treeSize, manifestSha256 });
  await afterCommit(deps, manifest, manifestSha256);
  return { fundId, date, status: 'published', treeSize: manifest.treeSize, rootHash: manifest.rootHash, manifestSha256, driftedScopes };
}

async function confirmUnchanged(
  deps: NightlyReportDeps,
  fund: Fund,
  published: Manifest,
  publishedBytes: Uint8Array,
  rebuilt: UnsignedManifest,
  hasher: Hasher,
): Promise<Omit<FundReportResult, 'driftedScopes'>> {
  if (!sameContent(published, rebuilt)) {
    throw new PublishedReportChangedError(
      `${fund.fundId} ${rebuilt.date} is already published and a rebuild differs in ${describeDifference(published, rebuilt)}; ` +
        'published reports never change, so nothing was written',
    );
  }
  const manifestSha256 = toHex(hasher.sha256(publishedBytes));
  // Finish what a crashed run may have left undone: the index, the keys and the latest/ copy.
  await afterCommit(deps, published, manifestSha256);
  return { fundId: fund.fundId, date: published.date, status: 'unchanged', treeSize: published.treeSize, rootHash: published.rootHash, manifestSha256 };
}

/**
 * The open-data files of tonight's report, keyed by file name: the facts, the IATI activity and,
 * once the fund has a grant, the 360Giving package. A re-run renders from the facts it published
 * (the fund may have been edited since), so only a changed journal can change the files. Facts
 * the standards cannot express (a ValidationError) leave the report without open-data files
 * rather than without a report: the log says why.
 */
async function renderOpenData(
  deps: NightlyReportDeps,
  fund: Fund,
  cutoff: string,
  openData: OpenDataAccumulator,
  existing: Manifest | null,
  log: (message: string, data?: Record<string, unknown>) => void,
): Promise<Record<string, string>> {
  let facts: OpenDataFacts;
  if (existing) {
    if (!existing.files[FACTS_FILE]) return {};
    const bytes = await deps.store.get(reportKey(fund.fundId, existing.date, FACTS_FILE));
    if (!bytes) throw new ReportChainError(`${fund.fundId} ${existing.date}: ${FACTS_FILE} is listed in the manifest but missing`);
    facts = parseFacts(fromUtf8(bytes));
  } else {
    const committee = await fundCommittee(deps, fund);
    facts = openDataFacts({ fund, committee, settings: deps.openData ?? DEFAULT_OPEN_DATA_SETTINGS, cutoff, closedOn: openData.fundClosedOn(), donors: openData.namedDonors() });
  }
  try {
    return { [FACTS_FILE]: stableJson(facts), ...openData.render(facts) };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    log('open data not published', { fundId: fund.fundId, error: error.message });
    return {};
  }
}

/** names.jsonl of a night: a line per named leaf, erased for a pledge whose name was withdrawn (DESIGN §7). */
async function writeNames(deps: NightlyReportDeps, fundId: string, date: string, names: NameLine[]): Promise<void> {
  const withdrawn = new Set<string>();
  const refs = [...new Set(names.map((n) => n.ref))];
  for (let i = 0; deps.pledges && i < refs.length; i += 100) {
    for (const pledge of await deps.pledges.getByRefs(refs.slice(i, i + 100))) if (pledge.nameWithdrawn) withdrawn.add(pledge.ref);
  }
  const text = names.map((line) => nameLineText(withdrawn.has(line.ref) ? withdrawnLine(line) : line)).join('');
  await (deps.names ?? deps.store).put(reportKey(fundId, date, NAMES_FILE), text, NAMES_CONTENT_TYPE, { cacheControl: NAMES_CACHE });
}

async function writeSmall(sink: ByteSink, text: string, hasher: Hasher): Promise<FileDigest> {
  await sink.write(text);
  await sink.close();
  const bytes = new TextEncoder().encode(text);
  return { sha256: toHex(hasher.sha256(bytes)), bytes: bytes.length };
}

async function runDriftCheck(deps: NightlyReportDeps, fundId: string, cutoff: string, tally?: JournalTally): Promise<ReportSummary['drift']> {
  if (!deps.checkDrift) return { ok: null, error: 'drift check not configured' };
  try {
    return await deps.checkDrift(fundId, { cutoff, tally });
  } catch (error) {
    deps.log?.('drift check failed', { fundId, error: (error as Error).message });
    return { ok: null, error: 'drift check failed' };
  }
}

/** A published drift result as one number for the operators' alarm; null when there is no result to count. */
export function countDriftedScopes(drift: ReportSummary['drift']): number | null {
  if (drift.ok === null) return null;
  // A published summary is read back as JSON: its drift sums are whatever numbers it holds.
  const differs = (sums: unknown) => typeof sums === 'object' && sums !== null && Object.values(sums).some((delta) => delta !== 0);
  return drift.scopes.filter((scope) => differs(scope.drift)).length;
}

async function publishedDrift(deps: NightlyReportDeps, fundId: string, date: string): Promise<ReportSummary['drift']> {
  const summary = await readJson<ReportSummary>(deps.store, reportKey(fundId, date, 'summary.json'));
  return summary?.drift ?? { ok: null, error: 'published summary not found' };
}

async function loadWardNames(deps: NightlyReportDeps): Promise<Map<string, string>> {
  try {
    return new Map((await deps.adminUnits.list()).map((unit) => [unit.code, unit.name]));
  } catch {
    return new Map();
  }
}


export interface NightlyRunResult {
  date: string;
  results: FundReportResult[];
  failures: { fundId: string; error: string }[];
}

/**
 * Every fund (or the ones asked for); one fund's failure does not stop the others, but fails the
 * run. Only a finished day: today's or a future day's report would be signed while money still
 * arrives (DESIGN §7).
 */
export async function runNightlyReports(deps: NightlyReportDeps, options: { date: string; fundIds?: string[]; now?: Date }): Promise<NightlyRunResult> {
  const now = options.now ?? clock.now();
  if (!isFinishedDay(options.date, now)) {
    const opens = vietnamTime(closingOf(options.date).toISOString());
    throw new UnprocessableError(`Ngày ${options.date} chưa kết thúc; báo cáo chạy được từ ${opens} / ${options.date} has not finished; its report can run from ${opens}`, [
      { path: 'date', message: `is not a finished day (it closes at ${opens})` },
    ]);
  }
  const funds = (await deps.funds.list())
    .filter((f) => !options.fundIds || options.fundIds.includes(f.fundId))
    .sort((a, b) => (a.fundId < b.fundId ? -1 : 1));
  const results: FundReportResult[] = [];
  const failures: { fundId: string; error: string }[] = [];
  for (const fund of funds) {
    try {
      results.push(await publishFundReport(deps, fund, options.date));
    } catch (error) {
      deps.log?.('report failed', { fundId: fund.fundId, date: options.date, error: (error as Error).message });
      failures.push({ fundId: fund.fundId, error: (error as Error).message });
    }
  }
  return { date: options.date, results, failures };
}
