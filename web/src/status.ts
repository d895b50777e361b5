/** Statuses for people: a status's name (from the shared label table) and the colour of its badge. */
import { DISBURSEMENT_STATUS_LABELS, PLEDGE_STATUS_LABELS, labelOf, type Label } from '../../shared/domain/labels';
import { h } from './dom';
import { pick } from './i18n';

export type Tone = 'pending' | 'partial' | 'ok' | 'bad' | 'muted';

/** One kind of status: its names and each status's badge colour. The statement import's kinds are in console/statement-status.ts. */
export interface StatusKind {
  labels: Readonly<Record<string, Label>>;
  tones: Readonly<Record<string, Tone>>;
}

export const PLEDGE_STATUS: StatusKind = {
  labels: PLEDGE_STATUS_LABELS,
  tones: { PLEDGED: 'pending', PARTIALLY_RECEIVED: 'partial', FULFILLED: 'ok', CANCELLED: 'muted' },
};

export const DISBURSEMENT_STATUS: StatusKind = {
  labels: DISBURSEMENT_STATUS_LABELS,
  tones: { REQUESTED: 'pending', APPROVED: 'partial', PAID: 'ok', CONFIRMED: 'ok', REJECTED: 'muted', CANCELLED: 'muted' },
};

export function statusLabel(status: string, kind: StatusKind): string {
  return pick(labelOf(kind.labels, status));
}

export function statusBadge(status: string, kind: StatusKind, attrs: Record<string, unknown> = {}): HTMLElement {
  const tone = Object.prototype.hasOwnProperty.call(kind.tones, status) ? kind.tones[status] : 'muted';
  return h('span', { class: `badge badge-${tone}`, 'data-status': status, ...attrs }, statusLabel(status, kind));
}
