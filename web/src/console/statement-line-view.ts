/** One statement line for people: its signed amount, and what it paid or why it waits. */
import { h, type Child } from '../dom';
import { formatVnd } from '../format';
import { L, pick } from '../i18n';
import type { StatementLine } from '../types';
import { labelOf } from '../../../shared/domain/labels';
import { AMOUNT_CHECK_LABELS, HELD_REASON_LABELS, LINE_FLAG_LABELS, OTHER_ROW_LABELS } from '../../../shared/domain/statements/labels';
import { actorName } from './shared';

export function signedAmount(direction: string, amount: number): string {
  return `${direction === 'DEBIT' ? '−' : '+'}${formatVnd(amount)}`;
}

type LineRef = NonNullable<StatementLine['candidate']>;

/** "line N of file F": the other file's line a held line may duplicate, or a duplicate does. */
function otherLine(ref: LineRef): Child {
  return h('span', { 'data-testid': 'other-line' }, L(`dòng ${ref.lineNo} của tệp `, `line ${ref.lineNo} of file `), h('span', { class: 'code' }, ref.fileName ?? ref.statementId));
}

/** Why a line is not counted: held (with its reason and what backs it), a proven duplicate (of which line), or not a transaction. */
function notCounted(line: Partial<StatementLine>): Child {
  if (line.class === 'HELD') {
    const reason = line.heldReason ? pick(labelOf(HELD_REASON_LABELS, line.heldReason)) : '';
    if (line.heldReason === 'POSSIBLE_DUPLICATE' && line.candidate) return [reason, ': ', otherLine(line.candidate)];
    if (line.heldReason === 'UNREADABLE') {
      return [
        reason,
        line.problems?.length ? h('span', { class: 'block small' }, line.problems.map((p) => `${p.path}: ${p.message}`).join('; ')) : null,
        line.raw ? h('span', { class: 'block small code wrap', 'data-testid': 'raw' }, line.raw) : null,
      ];
    }
    return reason;
  }
  if (line.class === 'DUPLICATE') {
    const of = line.duplicateOf;
    return [L('Trùng với ', 'Duplicate of '), of && 'lineNo' in of ? otherLine(of) : of ? [L('biên nhận ', 'receipt '), h('span', { class: 'code' }, of.receiptId)] : '—', line.discardReason ? ` (${line.discardReason})` : ''];
  }
  if (line.rowKind) return [pick(labelOf(OTHER_ROW_LABELS, line.rowKind)), line.text ? h('span', { class: 'block small muted wrap' }, line.text) : null];
  return line.discardReason ? [L('Lý do: ', 'Reason: '), line.discardReason] : '—';
}

/** What a line did, or why it waits: the code it paid, the matcher's reasons and suggestions, or why it is not counted. */
export function lineOutcome(line: Pick<StatementLine, 'status' | 'reasons' | 'pledgeRef' | 'disbursementRef' | 'amountCheck' | 'ignoreReason' | 'decidedBy'> & Partial<StatementLine> & { suggestions?: string[] }): Child {
  if (line.class && line.class !== 'COUNTED') return notCounted(line);
  const ref = line.pledgeRef ?? line.disbursementRef;
  if (line.status === 'MATCHED' && ref) {
    return [
      h('a', { href: `/console/audit?ref=${ref}`, class: 'code', 'data-testid': 'matched-ref' }, ref),
      line.amountCheck && line.amountCheck !== 'EXACT' ? ` (${pick(AMOUNT_CHECK_LABELS[line.amountCheck])})` : '',
      line.decidedBy?.startsWith('staff:') ? h('span', { class: 'muted small block' }, L('khớp tay: ', 'matched by '), actorName(line.decidedBy)) : null,
    ];
  }
  if (line.status === 'IGNORED') return [L('Lý do: ', 'Reason: '), line.ignoreReason ?? '—'];
  const flags = line.reasons ?? [];
  const reasons = flags.length ? flags.map((r) => pick(labelOf(LINE_FLAG_LABELS, r))).join('; ') : L('nội dung không có mã UH/GN', 'no UH/GN code in the memo');
  const suggestions = line.suggestions ?? [];
  return [reasons, suggestions.length ? h('span', { class: 'block small' }, L('Có thể là: ', 'Perhaps: '), h('span', { class: 'code' }, suggestions.join(', '))) : null];
}
