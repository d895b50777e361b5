/**
 * Donors' names outside the signed report (Decree 13/2023, Law 91/2025; DESIGN §7, format 3).
 *
 * A format-3 leaf carries no name: only `donorCommitment`, the SHA-256 of a per-entry random
 * salt followed by the normalised name. The salt lives in the private journal entry, so nobody
 * can test a guessed name against a leaf. The name and its salt are published in `names.jsonl`,
 * beside the report but outside its manifest, one line per named leaf in leaf order. A line can
 * be erased (a withdrawn name): the leaf then reads "name withdrawn". Any other change — another
 * name, a name moved to another leaf, a line for a leaf without a commitment — fails.
 */
import canonicalize from 'canonicalize';
import { isPublishableName, newNameSalt, saltFor } from './name-salt';
import { fromHex, fromUtf8, toHex, utf8 } from './bytes';
import { portableHasher, type Hasher } from './sha256';

/** The part of a published line this module reads (entries.ts imports this module, not the reverse). */
interface NamedLine {
  entityRef: string;
  details: Record<string, string | number | boolean>;
}

export { isPublishableName, newNameSalt, saltFor };

const canonicalLine = (value: unknown): string => canonicalize(value) ?? '';

export const NAMES_FILE = 'names.jsonl';
export const NAMES_CONTENT_TYPE = 'application/x-ndjson; charset=utf-8';
/** The detail key of a format-3 leaf that stands for the donor's name. */
export const COMMITMENT_KEY = 'donorCommitment';
const SALT = /^[0-9a-f]{32}$/;
const HEX64 = /^[0-9a-f]{64}$/;

/** One form per name, whatever the keyboard sent: NFC, single spaces, no spaces at the ends. */
export function normaliseName(name: string): string {
  return name.normalize('NFC').replace(/\s+/gu, ' ').trim();
}


export function nameCommitment(salt: string, name: string, hasher: Hasher = portableHasher): string {
  if (!SALT.test(salt)) throw new RangeError('a name salt is 16 bytes of hex');
  return toHex(hasher.sha256(fromHex(salt), utf8(normaliseName(name))));
}


/** The pledge a named leaf belongs to: what a withdrawal, which names a pledge, erases. */
export function nameRefOf(entry: NamedLine): string {
  const pledgeRef = entry.details.pledgeRef;
  return typeof pledgeRef === 'string' ? pledgeRef : entry.entityRef;
}

export type NameLine = { leaf: number; ref: string; salt: string; name: string } | { leaf: number; ref: string; withdrawn: true };

export function nameLineText(line: NameLine): string {
  return `${canonicalLine(line)}\n`;
}

/** A names-file line with its name erased: what a withdrawal leaves behind. */
export function withdrawnLine(line: NameLine): NameLine {
  return { leaf: line.leaf, ref: line.ref, withdrawn: true };
}

export function parseNamesFile(text: string): NameLine[] {
  if (text === '') return [];
  if (!text.endsWith('\n')) throw new Error(`${NAMES_FILE} does not end with a newline`);
  return text
    .slice(0, -1)
    .split('\n')
    .map((raw, i) => {
      let value: NameLine;
      try {
        value = JSON.parse(raw) as NameLine;
      } catch {
        throw new Error(`${NAMES_FILE} line ${i + 1} is not JSON`);
      }
      if (canonicalLine(value) !== raw) throw new Error(`${NAMES_FILE} line ${i + 1} is not RFC 8785 canonical JSON`);
      const keys = Object.keys(value).sort().join(',');
      const valid =
        Number.isSafeInteger(value.leaf) &&
        typeof value.ref === 'string' &&
        ('withdrawn' in value
          ? keys === 'leaf,ref,withdrawn' && value.withdrawn === true
          : keys === 'leaf,name,ref,salt' && typeof value.name === 'string' && SALT.test(value.salt));
      if (!valid) throw new Error(`${NAMES_FILE} line ${i + 1} is neither a name (leaf, ref, salt, name) nor a withdrawn name (leaf, ref, withdrawn)`);
      return value;
    });
}

/** What a leaf shows of its donor. */
export type LeafName = { leaf: number; shown: 'name'; name: string } | { leaf: number; shown: 'withdrawn' } | { leaf: number; shown: 'anonymous' };

/** The leaves that name a donor, as the verifier meets them: leaf index, commitment, pledge ref. */
export interface CommittedLeaf {
  leaf: number;
  commitment: string;
  ref: string;
}

export function committedLeaf(index: number, entry: NamedLine): CommittedLeaf | undefined {
  const commitment = entry.details[COMMITMENT_KEY];
  return typeof commitment === 'string' ? { leaf: index, commitment, ref: nameRefOf(entry) } : undefined;
}

/**
 * Checks a names file against the leaves' commitments and says what each committed leaf shows.
 * Throws, naming the line, on anything but a true name or an erasure. A missing file is every
 * name erased.
 */
export function checkNames(bytes: Uint8Array | null, committed: readonly CommittedLeaf[], hasher: Hasher = portableHasher): Map<number, LeafName> {
  const shown = new Map<number, LeafName>(committed.map((c) => [c.leaf, { leaf: c.leaf, shown: 'withdrawn' }]));
  if (!bytes) return shown;
  let text: string;
  try {
    text = fromUtf8(bytes);
  } catch {
    throw new Error(`${NAMES_FILE} is not UTF-8`);
  }
  const byLeaf = new Map(committed.map((c) => [c.leaf, c]));
  let last = -1;
  parseNamesFile(text).forEach((line, i) => {
    const where = `${NAMES_FILE} line ${i + 1} (leaf ${line.leaf})`;
    if (line.leaf <= last) throw new Error(`${where}: lines must be in increasing leaf order, one per leaf`);
    last = line.leaf;
    const leaf = byLeaf.get(line.leaf);
    if (!leaf) throw new Error(`${where}: that leaf carries no name commitment`);
    if (leaf.ref !== line.ref) throw new Error(`${where}: the leaf belongs to ${leaf.ref}, not ${line.ref}`);
    if ('withdrawn' in line) return;
    if (!HEX64.test(leaf.commitment) || nameCommitment(line.salt, line.name, hasher) !== leaf.commitment) {
      throw new Error(`${where}: the name does not match the leaf's commitment`);
    }
    shown.set(line.leaf, { leaf: line.leaf, shown: 'name', name: line.name });
  });
  return shown;
}
