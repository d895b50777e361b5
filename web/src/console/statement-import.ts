/**
 * Drives an import to its end (`POST /v1/statements/{id}/process`, again while it answers 202)
 * and says how far it has got.
 */
import { api, ApiError } from '../api';
import { L } from '../i18n';
import { statusLabel } from '../status';
import type { StatementView } from '../types';
import type { ConsoleContext } from './context';
import { STATEMENT_STATUS } from './statement-status';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const isOpen = (s: StatementView) => s.status === 'QUEUED' || s.status === 'IMPORTING';

/**
 * Runs an import to its end: a clerk's console processes it (each call continues from the last
 * checkpoint, and repeating one is safe); anyone else watches it. Stops early when the panel is
 * replaced, so an abandoned screen does not keep calling.
 */
export async function followImport(ctx: ConsoleContext, start: StatementView, onUpdate: (s: StatementView) => void, alive: () => boolean): Promise<StatementView> {
  let view = start;
  const canProcess = ctx.has('finance-clerk');
  while (isOpen(view) && alive()) {
    if (canProcess) {
      try {
        view = await api<StatementView>(`/v1/statements/${view.id}/process`, { method: 'POST', auth: true });
      } catch (error) {
        // A file that failed validation answers 400 with its errors; the statement says FAILED.
        if (error instanceof ApiError && error.status === 400) view = await api<StatementView>(`/v1/statements/${view.id}`, { auth: true });
        else throw error;
      }
    } else {
      await sleep(1500);
      view = await api<StatementView>(`/v1/statements/${view.id}`, { auth: true });
    }
    if (alive()) onUpdate(view);
    // Another worker holds the import (the bucket's event, another tab): look again shortly.
    if (canProcess && isOpen(view) && view.processing) await sleep(1000);
  }
  return view;
}

export function progressText(s: StatementView): string {
  const { linesProcessed, lineCount, percent, linesValidated } = s.progress;
  if (s.status === 'QUEUED' && lineCount === null) return L(`Đang kiểm tra tệp: ${linesValidated} dòng…`, `Checking the file: ${linesValidated} lines…`);
  if (lineCount === null) return statusLabel(s.status, STATEMENT_STATUS);
  return L(`Đã xử lý ${linesProcessed}/${lineCount} dòng (${percent}%)`, `${linesProcessed} of ${lineCount} lines processed (${percent}%)`);
}
