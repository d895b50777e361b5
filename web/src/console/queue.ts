/**
 * The approval queue's count: how many disbursements wait for approval across every fund the
 * approver may act on. The console's tab shows it; it is refreshed after every action that can
 * change it and every 30 seconds while the page is visible, so it is never stale for long.
 */
import { api } from '../api';
import { poll } from '../dom';
import type { Disbursement } from '../types';

export const QUEUE_POLL_MS = 30_000;
/** One page is the queue: more than this many waiting is shown as "500+". */
export const QUEUE_LIMIT = 500;

export interface QueueSnapshot {
  items: Disbursement[];
  /** More wait than one page holds. */
  more: boolean;
}

export interface ApprovalQueue {
  /** The last snapshot, null before the first answer. */
  current(): QueueSnapshot | null;
  /** The last snapshot, or the first answer once it comes: one request however many ask for it. */
  first(): Promise<QueueSnapshot>;
  /** Asks again now; listeners hear the answer. */
  refresh(): Promise<QueueSnapshot>;
  /** Hears every new snapshot; returns the function that stops listening. */
  listen(fn: (snapshot: QueueSnapshot) => void): () => void;
  stop(): void;
}

/** `watch: false` for a session with no queue to watch (an organisation's): it asks only when told to. */
export function approvalQueue(options: { watch: boolean } = { watch: true }): ApprovalQueue {
  let snapshot: QueueSnapshot | null = null;
  let firstAnswer: Promise<QueueSnapshot> | null = null;
  const listeners = new Set<(snapshot: QueueSnapshot) => void>();
  const refresh = async () => {
    const page = await api<{ items: Disbursement[]; cursor?: string }>(`/v1/disbursements?${new URLSearchParams({ status: 'REQUESTED', limit: String(QUEUE_LIMIT) })}`, { auth: true });
    snapshot = { items: page.items, more: Boolean(page.cursor) };
    for (const fn of listeners) fn(snapshot);
    return snapshot;
  };
  const stopPolling = options.watch ? poll(async () => void (await refresh()), QUEUE_POLL_MS) : () => undefined;
  return {
    current: () => snapshot,
    first: () => (snapshot ? Promise.resolve(snapshot) : (firstAnswer ??= refresh().finally(() => (firstAnswer = null)))),
    refresh,
    listen(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    stop() {
      stopPolling();
      listeners.clear();
    },
  };
}

export function queueCountText(snapshot: QueueSnapshot): string {
  return `${snapshot.items.length}${snapshot.more ? '+' : ''}`;
}
