/**
 * The approval queue: every disbursement waiting for approval across the funds the approver may
 * act on, newest first, in one list. It follows the queue (console/queue.ts): after an action
 * the count is asked again, and every 30 seconds new requests join the list while ones another
 * approver decided leave it, without redrawing the card a person is working in.
 */
import { clear, h } from '../dom';
import { L } from '../i18n';
import type { Disbursement } from '../types';
import type { ConsoleContext } from './context';
import { disbursementCard } from './disbursement-card';
import { queueCountText, type QueueSnapshot } from './queue';
import { ActionKeys, roleNote } from './shared';
import { emptyState, errorBox, loading } from './view';

export async function approvalsTab(ctx: ConsoleContext): Promise<HTMLElement> {
  const keys = new ActionKeys();
  const loadingNote = loading();
  const list = h('div', { class: 'disbursement-list', 'data-testid': 'approval-queue' }, loadingNote);
  const count = h('p', { class: 'queue-count', role: 'status', 'data-testid': 'approval-count' });
  const cards = new Map<string, HTMLElement>();
  /** Cards whose request this page acted on: they stay, showing their new state, until the next visit. */
  const decided = new Set<string>();

  const describe = (snapshot: QueueSnapshot) => {
    const n = queueCountText(snapshot);
    const funds = new Set(snapshot.items.map((d) => d.fundId)).size;
    count.textContent = snapshot.items.length
      ? L(`${n} khoản chờ phê duyệt, ở ${funds} quỹ`, `${n} disbursement(s) awaiting approval, in ${funds} fund(s)`)
      : L('Không có khoản nào chờ phê duyệt.', 'Nothing awaits approval.');
  };
  const onChange = (d: Disbursement) => {
    decided.add(d.ref);
    void ctx.queue.refresh().catch(() => undefined);
  };
  const merge = (snapshot: QueueSnapshot) => {
    loadingNote.remove();
    describe(snapshot);
    const waiting = new Set(snapshot.items.map((d) => d.ref));
    for (const [ref, card] of cards) {
      // Decided elsewhere: it leaves the queue, unless the person is in the middle of it.
      if (!waiting.has(ref) && !decided.has(ref) && !card.contains(document.activeElement)) {
        card.remove();
        cards.delete(ref);
      }
    }
    let previous: HTMLElement | null = null;
    for (const d of snapshot.items) {
      let card = cards.get(d.ref);
      if (!card) {
        card = disbursementCard(ctx, d, keys, { onChange, showFund: true });
        cards.set(d.ref, card);
        if (previous) previous.after(card);
        else list.prepend(card);
      }
      previous = card;
    }
    list.querySelector('[data-empty]')?.remove();
    if (!cards.size) list.append(h('div', { 'data-empty': '' }, emptyState(L('Không có khoản nào chờ phê duyệt.', 'Nothing awaits approval.'), L('Đề nghị mới của mọi quỹ bạn phụ trách sẽ hiện ở đây.', 'New requests of every fund you look after appear here.'))));
  };

  const stopListening = ctx.queue.listen(merge);
  try {
    merge(await ctx.queue.first());
  } catch (error) {
    stopListening();
    clear(list, errorBox(error));
  }
  return h(
    'section',
    { 'aria-labelledby': 'h-approvals' },
    h('h2', { id: 'h-approvals', class: 'section-title' }, L('Chờ phê duyệt, mọi quỹ', 'Awaiting approval, every fund')),
    ctx.has('finance-approver') ? null : roleNote(L('Chỉ người phê duyệt được duyệt hoặc từ chối; bạn có thể xem hàng chờ.', 'Only an approver approves or rejects; you can look at the queue.')),
    count,
    list,
  );
}
