/** The statement import's statuses for the console: a statement's and a line's. */
import { LINE_STATUS_LABELS, STATEMENT_STATUS_LABELS } from '../../../shared/domain/statements/labels';
import type { StatusKind } from '../status';

export const STATEMENT_STATUS: StatusKind = {
  labels: STATEMENT_STATUS_LABELS,
  tones: { AWAITING_UPLOAD: 'muted', QUEUED: 'pending', IMPORTING: 'partial', COMPLETED: 'ok', FAILED: 'bad' },
};

export const LINE_STATUS: StatusKind = {
  labels: LINE_STATUS_LABELS,
  tones: { MATCHED: 'ok', UNMATCHED: 'pending', FLAGGED: 'partial', IGNORED: 'muted' },
};
