/**
 * The donor names of a format-3 report in the browser (DESIGN §7): a leaf commits to its donor's
 * name, and names.jsonl beside the report opens the commitment. For the leaves a reference code
 * proves, this checks each line of names.jsonl against the signed leaf: the name, "name
 * withdrawn" (the line was erased), or "anonymous" (the leaf commits to no name).
 */
import { fetchReportFile } from '../api';
import { LEAF_NAME_LABELS } from '../../../shared/domain/labels';
import { checkNames, committedLeaf, NAMES_FILE, nameLineText, parseNamesFile } from '../../../shared/reports/names';
import { hasNamelessLeaves, type Manifest } from '../../../shared/reports/manifest';
import { utf8 } from '../../../shared/reports/bytes';
import { portableHasher } from '../../../shared/reports/sha256';
import type { PublicEntry } from '../../../shared/reports/entries';
import type { Check } from './report-checks';

/**
 * The only report file rewritten after it is published (a withdrawal erases a line): the browser
 * asks again rather than trusting the copy it kept, so a withdrawn name is not shown from its cache.
 */
function fetchNamesFile(fundId: string, date: string): Promise<Response | null> {
  return fetchReportFile(fundId, date, NAMES_FILE, { cache: 'no-cache' });
}

/** The checks of the proven leaves' names: none for a report whose leaves carry names themselves (formats 1 and 2). */
export async function leafNameChecks(fundId: string, date: string, manifest: Manifest, proven: readonly { leafIndex: number; line: string }[]): Promise<Check[]> {
  if (!hasNamelessLeaves(manifest.format)) return [];
  const committed = proven.flatMap((p) => committedLeaf(p.leafIndex, JSON.parse(p.line) as PublicEntry) ?? []);
  const anonymous = proven.filter((p) => !committed.some((c) => c.leaf === p.leafIndex));
  const checks: Check[] = anonymous.map((p) => ({ id: `name:${p.leafIndex}`, ok: true, vi: `Giao dịch #${p.leafIndex + 1}: ${LEAF_NAME_LABELS.anonymous.vi}.`, en: `Entry #${p.leafIndex + 1}: ${LEAF_NAME_LABELS.anonymous.en}.` }));
  if (!committed.length) return checks;
  const response = await fetchNamesFile(fundId, date);
  try {
    const text = response ? await response.text() : '';
    const leaves = new Set(committed.map((c) => c.leaf));
    // Only the proven leaves' lines: the others belong to leaves this page has no proof of.
    const mine = parseNamesFile(text).filter((line) => leaves.has(line.leaf));
    for (const shown of checkNames(utf8(mine.map(nameLineText).join('')), committed, portableHasher).values()) {
      const n = shown.leaf + 1;
      checks.push(
        shown.shown === 'name'
          ? { id: `name:${shown.leaf}`, ok: true, vi: `Giao dịch #${n}: tên “${shown.name}” đúng với cam kết đã ký.`, en: `Entry #${n}: the name “${shown.name}” matches the signed commitment.` }
          : { id: `name:${shown.leaf}`, ok: true, vi: `Giao dịch #${n}: ${LEAF_NAME_LABELS.withdrawn.vi}.`, en: `Entry #${n}: ${LEAF_NAME_LABELS.withdrawn.en}.` },
      );
    }
  } catch (error) {
    checks.push({ id: 'names', ok: false, vi: `Tệp tên ${NAMES_FILE} KHÔNG khớp với các cam kết đã ký: ${(error as Error).message}`, en: `The names file ${NAMES_FILE} does NOT match the signed commitments: ${(error as Error).message}` });
  }
  return checks;
}

/**
 * The name a proven leaf of a format-3 report opens to, checked against its signed commitment; null
 * for a leaf of an older format (its line carries the name), an anonymous leaf, a withdrawn name, or
 * a names file that does not match (what the certificate must not show).
 */
export async function openedLeafName(fundId: string, date: string, manifest: Manifest, leafIndex: number, line: string): Promise<string | null> {
  if (!hasNamelessLeaves(manifest.format)) return null;
  const committed = committedLeaf(leafIndex, JSON.parse(line) as PublicEntry);
  if (!committed) return null;
  const response = await fetchNamesFile(fundId, date);
  try {
    const mine = parseNamesFile(response ? await response.text() : '').filter((named) => named.leaf === leafIndex);
    const shown = checkNames(utf8(mine.map(nameLineText).join('')), [committed], portableHasher).get(leafIndex);
    return shown?.shown === 'name' ? shown.name : null;
  } catch {
    return null;
  }
}

