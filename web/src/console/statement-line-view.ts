/** One statement line for people: its signed amount, and what it paid or why it waits. */
import { h, type Child } from '../dom';
import { formatVnd } from '../format';
import { L, pick } from '../i18n';
import type { StatementLine } from '../types';
import { labelOf } from '../../../shared/domain/labels';
import { AMOUNT_CHECK_LABELS, LINE_FLAG_LABELS } from '../../../shared/domain/statements/labels';
import { actorName } from './shared';

export function signedAmount(direction: string, amount: number): string {
  return `${direction === 'DEBIT' ? '−' : '+'}${formatVnd(amount)}`;
}

/** What a line did, or why it waits: the code it paid, or the matcher's reasons and suggestions. */
export function lineOutcome(line: Pick<StatementLine, 'status' | 'reasons' | 'pledgeRef' | 'disbursementRef' | 'amountCheck' | 'ignoreReason' | 'decidedBy'> & { suggestions?: string[] }): Child {
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
