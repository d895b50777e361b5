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
  /** Asks again now; listeners hear the answer. */
  refresh(): Promise<QueueSnapshot>;
  /** Hears every new snapshot; returns the function that stops listening. */
  listen(fn: (snapshot: QueueSnapshot) => void): () => void;
  stop(): void;
}

export function approvalQueue(): ApprovalQueue {
  let snapshot: QueueSnapshot | null = null;
  const listeners = new Set<(snapshot: QueueSnapshot) => void>();
  const refresh = async () => {
    const page = await api<{ items: Disbursement[]; cursor?: string }>(`/v1/disbursements?${new URLSearchParams({ status: 'REQUESTED', limit: String(QUEUE_LIMIT) })}`, { auth: true });
    snapshot = { items: page.items, more: Boolean(page.cursor) };
    for (const fn of listeners) fn(snapshot);
    return snapshot;
  };
  const stopPolling = poll(async () => void (await refresh()), QUEUE_POLL_MS);
  return {
    current: () => snapshot,
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
