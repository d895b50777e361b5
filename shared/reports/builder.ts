/**
 * Builds a report's data files in one pass over the journal, in journal order, with memory that
 * does not grow with the number of entries: every line goes straight to its sinks, the tree is a
 * stack of O(log n) subtree hashes, the ref index is spooled outside the heap, and the summary
 * keeps one row per ward and per day.
 *
 * The same builder re-renders a published report from its entries.jsonl in the verifier, which is
 * how the verifier proves that the CSVs and the index say what the signed leaves say.
 */
import type { JournalEntry } from '../domain/journal';
import { toHex, utf8 } from './bytes';
import { DISBURSEMENTS_HEADER, ENTRIES_HEADER, BOM, disbursementsCsvRow, entriesCsvRow, isDisbursement } from './csv';
import { leafEntries } from '../domain/journal';
import { canonicalLine, toPublicEntry, type PublicEntry } from './entries';
import type { FileDigest } from './manifest';
import { MerkleAccumulator } from './merkle';
import { REFS_BUCKETS, encodeRefsHeader, refBucket, refsIndexLine } from './refs-index';
import { portableHasher, type Hasher, type IncrementalHash } from './sha256';
import { SummaryAccumulator } from './summary';
import { UpperLevels } from './tree-file';

export interface ByteSink {
  write(chunk: string | Uint8Array): void | Promise<void>;
  close(): Promise<void>;
}

/** Where the ref index's buckets wait until the last entry is seen (a temp directory in Node). */
export interface RefsSpool {
  append(bucket: number, text: string): void | Promise<void>;
  read(bucket: number): AsyncIterable<Uint8Array | string>;
  dispose(): Promise<void>;
}

export function memorySpool(): RefsSpool {
  const buckets: string[][] = Array.from({ length: REFS_BUCKETS }, () => []);
  return {
    append: (bucket, text) => void buckets[bucket]!.push(text),
    async *read(bucket) {
      yield buckets[bucket]!.join('');
    },
    dispose: async () => undefined,
  };
}

export const nullSink: ByteSink = { write: () => undefined, close: async () => undefined };

export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Counts and hashes what passes through to the inner sink. */
export class DigestSink implements ByteSink {
  private readonly hash: IncrementalHash;
  bytes = 0;

  constructor(
    private readonly inner: ByteSink,
    hasher: Hasher,
  ) {
    this.hash = hasher.create();
  }

  write(chunk: string | Uint8Array): void | Promise<void> {
    this.hash.update(chunk);
    this.bytes += typeof chunk === 'string' ? utf8Length(chunk) : chunk.length;
    return this.inner.write(chunk);
  }

  async close(): Promise<void> {
    await this.inner.close();
  }

  digest(): FileDigest {
    return { sha256: toHex(this.hash.digest()), bytes: this.bytes };
  }
}

/** One promise for the writes that returned one, or nothing when every write was done at once. */
function settled(writes: (void | Promise<void>)[]): void | Promise<void> {
  const pending = writes.filter((write): write is Promise<void> => write instanceof Promise);
  if (pending.length === 0) return undefined;
  return Promise.all(pending).then(() => undefined);
}

/** Thrown when tonight's journal does not begin with last night's tree: history was changed. */
export class PrefixMismatchError extends Error {}

export type BuiltFile = 'entries.jsonl' | 'entries.csv' | 'disbursements.csv' | 'tree.bin' | 'refs.idx';
export const BUILT_FILES: readonly BuiltFile[] = ['entries.jsonl', 'entries.csv', 'disbursements.csv', 'tree.bin', 'refs.idx'];

export interface BuilderOptions {
  hasher?: Hasher;
  sinks?: Partial<Record<BuiltFile, ByteSink>>;
  spool?: RefsSpool;
  /** The previous night's tree: the builder checks that this one starts with it. */
  previous?: { treeSize: number; rootHash: string; date: string };
}

export interface BuildResult {
  treeSize: number;
  rootHash: string;
  files: Record<BuiltFile, FileDigest>;
  summary: SummaryAccumulator;
}

const LEAF_PREFIX = new Uint8Array([0]);

/** An entry is found by its own reference and, for a receipt, by the pledge it paid. */
export function refsOf(entry: PublicEntry): string[] {
  const pledgeRef = entry.details.pledgeRef;
  return typeof pledgeRef === 'string' && pledgeRef !== entry.entityRef ? [entry.entityRef, pledgeRef] : [entry.entityRef];
}

export class ReportBuilder {
  private readonly hasher: Hasher;
  private readonly sinks: Record<BuiltFile, DigestSink>;
  private readonly spool: RefsSpool;
  private readonly upper = new UpperLevels();
  private readonly tree: MerkleAccumulator;
  private readonly bucketBytes = new Array<number>(REFS_BUCKETS).fill(0);
  readonly summary = new SummaryAccumulator();
  private jsonlOffset = 0;
  private disbursements = 0;
  private started = false;
  private prefixChecked = false;

  constructor(private readonly options: BuilderOptions = {}) {
    this.hasher = options.hasher ?? portableHasher;
    this.spool = options.spool ?? memorySpool();
    this.tree = new MerkleAccumulator(this.hasher, this.upper.onSubtree);
    this.sinks = Object.fromEntries(
      BUILT_FILES.map((name) => [name, new DigestSink(options.sinks?.[name] ?? nullSink, this.hasher)]),
    ) as Record<BuiltFile, DigestSink>;
  }

  get size(): number {
    return this.tree.size;
  }

  private start(): void | Promise<void> {
    this.started = true;
    this.checkPrefix();
    return settled([this.sinks['entries.csv'].write(BOM + ENTRIES_HEADER), this.sinks['disbursements.csv'].write(BOM + DISBURSEMENTS_HEADER)]);
  }

  private checkPrefix(): void {
    const previous = this.options.previous;
    if (!previous || this.prefixChecked || this.tree.size !== previous.treeSize) return;
    this.prefixChecked = true;
    const root = toHex(this.tree.root());
    if (root !== previous.rootHash) {
      throw new PrefixMismatchError(
        `the first ${previous.treeSize} entries no longer hash to the root published on ${previous.date} ` +
          `(${previous.rootHash}, now ${root}): an entry before that report's cutoff was changed, removed or arrived late`,
      );
    }
  }

  /** Adds the leaves a journal entry publishes (one, or one per receipt of a statement batch: `leafEntries`). */
  async add(entry: JournalEntry): Promise<void> {
    for (const leaf of leafEntries(entry)) {
      const published = toPublicEntry(leaf);
      await this.addLine(canonicalLine(published), published);
    }
  }

  /**
   * Adds one published line. Returns a promise only when a sink or the spool pushes back (a part
   * to upload): the caller awaits it before the next line. A report's lines are millions of
   * turns of this loop, and an await per write would cost a promise each (DESIGN §7).
   */
  addLine(line: string, entry: PublicEntry): void | Promise<void> {
    if (!this.started) {
      const starting = this.start();
      if (starting) return starting.then(() => this.addLine(line, entry));
    }
    const index = this.tree.size;
    const leaf = this.hasher.sha256(LEAF_PREFIX, line);
    this.tree.push(leaf);
    // Before the writes: a line that breaks last night's tree leaves no write in flight behind the error.
    this.checkPrefix();
    const length = utf8Length(line);
    // Each file is written once per line, so the writes of one line may be in flight together; the
    // spool takes a line's refs in order, and a spool that pushed back would have to keep that order.
    const writes = [
      this.sinks['tree.bin'].write(leaf),
      this.sinks['entries.jsonl'].write(`${line}\n`),
      this.sinks['entries.csv'].write(entriesCsvRow(index, entry)),
      isDisbursement(entry) ? this.sinks['disbursements.csv'].write(disbursementsCsvRow(this.disbursements++, entry)) : undefined,
    ];
    this.summary.add(entry);
    for (const ref of refsOf(entry)) {
      const bucket = refBucket(ref, this.hasher);
      const indexLine = refsIndexLine(ref, index, this.jsonlOffset, length);
      this.bucketBytes[bucket]! += utf8Length(indexLine);
      writes.push(this.spool.append(bucket, indexLine));
    }
    this.jsonlOffset += length + 1;
    return settled(writes);
  }

  async finish(): Promise<BuildResult> {
    if (!this.started) await this.start();
    const previous = this.options.previous;
    if (previous && this.tree.size < previous.treeSize) {
      throw new PrefixMismatchError(
        `the journal has ${this.tree.size} entries before the cutoff, fewer than the ${previous.treeSize} published on ${previous.date}: entries were removed`,
      );
    }
    for (const chunk of this.upper.chunks()) await this.sinks['tree.bin'].write(chunk);
    const refs = this.sinks['refs.idx'];
    await refs.write(encodeRefsHeader(this.bucketBytes));
    try {
      for (let bucket = 0; bucket < REFS_BUCKETS; bucket++) {
        for await (const chunk of this.spool.read(bucket)) await refs.write(typeof chunk === 'string' ? utf8(chunk) : chunk);
      }
    } finally {
      await this.spool.dispose();
    }
    // Each close uploads a file's last part: the files are independent, so they go side by side.
    await Promise.all(Object.values(this.sinks).map((sink) => sink.close()));
    return {
      treeSize: this.tree.size,
      rootHash: toHex(this.tree.root()),
      files: Object.fromEntries(BUILT_FILES.map((name) => [name, this.sinks[name].digest()])) as Record<BuiltFile, FileDigest>,
      summary: this.summary,
    };
  }
}
