/** Statuses of pledges, disbursements, statements and statement lines: their names and badges. */
import { DISBURSEMENT_STATUS_LABELS, PLEDGE_STATUS_LABELS, labelOf, type Label } from '../../shared/domain/labels';
import { LINE_STATUS_LABELS, STATEMENT_STATUS_LABELS } from '../../shared/domain/statements/labels';
import { h } from './dom';
import { pick } from './i18n';

type Tone = 'pending' | 'partial' | 'ok' | 'bad' | 'muted';

/** Each kind of status: its names (from the shared label table) and the colour of its badge. */
const STATUSES: Record<'pledge' | 'disbursement' | 'statement' | 'line', { labels: Readonly<Record<string, Label>>; tones: Record<string, Tone> }> = {
  pledge: { labels: PLEDGE_STATUS_LABELS, tones: { PLEDGED: 'pending', PARTIALLY_RECEIVED: 'partial', FULFILLED: 'ok', CANCELLED: 'muted' } },
  disbursement: {
    labels: DISBURSEMENT_STATUS_LABELS,
    tones: { REQUESTED: 'pending', APPROVED: 'partial', PAID: 'ok', CONFIRMED: 'ok', REJECTED: 'muted', CANCELLED: 'muted' },
  },
  statement: { labels: STATEMENT_STATUS_LABELS, tones: { AWAITING_UPLOAD: 'muted', QUEUED: 'pending', IMPORTING: 'partial', COMPLETED: 'ok', FAILED: 'bad' } },
  line: { labels: LINE_STATUS_LABELS, tones: { MATCHED: 'ok', UNMATCHED: 'pending', FLAGGED: 'partial', IGNORED: 'muted' } },
};

export type StatusKind = keyof typeof STATUSES;

export function statusLabel(status: string, kind: StatusKind): string {
  return pick(labelOf(STATUSES[kind].labels, status));
}

export function statusBadge(status: string, kind: StatusKind, attrs: Record<string, unknown> = {}): HTMLElement {
  const tone = STATUSES[kind].tones[status] ?? 'muted';
  return h('span', { class: `badge badge-${tone}`, 'data-status': status, ...attrs }, statusLabel(status, kind));
}

