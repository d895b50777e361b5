/** Helpers shared by the console tabs. */
import { api, newIdempotencyKey } from '../api';
import { field, h } from '../dom';
import { actorText, L } from '../i18n';
import type { JournalEntry } from '../types';
import type { ConsoleContext } from './context';

const PAGE = 500;
const MAX_PAGES = 10;

/**
 * Reads a fund's journal (oldest first) up to 5,000 entries: the recent receipts list, until the
 * API lists receipts the way it lists disbursements (`GET /v1/disbursements?fundId=&status=`).
 */
export async function scanJournal(fundId: string, keep: (entry: JournalEntry) => boolean): Promise<{ entries: JournalEntry[]; truncated: boolean }> {
  const entries: JournalEntry[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query = new URLSearchParams({ limit: String(PAGE), ...(cursor ? { cursor } : {}) });
    const result = await api<{ items: JournalEntry[]; cursor?: string }>(`/v1/funds/${fundId}/journal?${query}`, { auth: true });
    entries.push(...result.items.filter(keep));
    cursor = result.cursor;
    if (!cursor) return { entries, truncated: false };
  }
  return { entries, truncated: true };
}

export function fundSelect(ctx: ConsoleContext, name = 'fundId', selected?: string | null): HTMLSelectElement {
  const chosen = selected ?? ctx.params.get('fund') ?? ctx.funds[0]?.fundId;
  return h('select', { name, class: 'input' }, ctx.funds.map((f) => h('option', { value: f.fundId, selected: f.fundId === chosen }, ctx.fundName(f.fundId))));
}

/**
 * An Idempotency-Key for one action on one thing (a form fill, or "approve GN…"): kept until
 * the action succeeds, so a double click or a retry never acts twice.
 */
export class ActionKeys {
  private readonly keys = new Map<string, string>();
  get(action: string): string {
    let key = this.keys.get(action);
    if (!key) this.keys.set(action, (key = newIdempotencyKey()));
    return key;
  }
  done(action: string): void {
    this.keys.delete(action);
  }
}

/**
 * For a view that reloads when its input changes (a fund chosen, a search typed): `begin()` at
 * each load gives a check that is true only while no later load has begun, so a slower answer
 * to an earlier choice never replaces the answer to the latest.
 */
export function latestOnly(): { begin(): () => boolean } {
  let latest = 0;
  return {
    begin() {
      const asked = ++latest;
      return () => asked === latest;
    },
  };
}

export function textField(label: string, name: string, options: { optional?: boolean; type?: string; value?: string; hint?: string; attrs?: Record<string, unknown> } = {}) {
  const input = h('input', { name, type: options.type ?? 'text', class: 'input', value: options.value, autocomplete: 'off', ...options.attrs });
  return { input, ...field(label, input, { optional: options.optional ? L('không bắt buộc', 'optional') : undefined, hint: options.hint }) };
}

export function roleNote(text: string): HTMLElement {
  return h('p', { class: 'alert alert-info' }, text);
}

export { entryLabel } from '../i18n';

/** `staff:an` → "an"; any other actor by its kind ("Sao kê ngân hàng (tự động)"), never by its id. */
export function actorName(actor: string | undefined): string {
  const { kind, name } = actorText(actor);
  return name ?? kind;
}
