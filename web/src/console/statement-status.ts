/** The statement import's statuses for the console: a statement's and a line's. */
import { LINE_CLASS_LABELS, LINE_STATUS_LABELS, STATEMENT_STATUS_LABELS } from '../../../shared/domain/statements/labels';
import type { StatusKind } from '../status';

export const STATEMENT_STATUS: StatusKind = {
  labels: STATEMENT_STATUS_LABELS,
  tones: { AWAITING_UPLOAD: 'muted', QUEUED: 'pending', IMPORTING: 'partial', COMPLETED: 'ok', FAILED: 'bad' },
};

/** A counted line shows its match status; any other line shows its class (held, duplicate, not a transaction). */
export const LINE_STATUS: StatusKind = {
  labels: { ...LINE_STATUS_LABELS, ...LINE_CLASS_LABELS },
  tones: { MATCHED: 'ok', UNMATCHED: 'pending', FLAGGED: 'partial', IGNORED: 'muted', COUNTED: 'ok', HELD: 'partial', DUPLICATE: 'muted', NOT_TRANSACTION: 'muted' },
};

/** The line classes a clerk can list a statement by, before the match statuses of the counted lines. */
export const LINE_CLASS_FILTERS = ['COUNTED', 'HELD', 'DUPLICATE', 'NOT_TRANSACTION'] as const;
export const LINE_STATUS_FILTERS = Object.keys(LINE_STATUS_LABELS);
