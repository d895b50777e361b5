/**
 * Public supervision on the fund page (DESIGN §7.4): the fund's flags with the auditors' public
 * answers, and the form that flags a payout ("Báo sai sót / Flag" on each disbursement row). No
 * account is needed; the contact is optional and only staff ever read it.
 */
import { api, newIdempotencyKey } from '../api';
import { clear, h } from '../dom';
import { formatDateTime } from '../format';
import { L } from '../i18n';
import { emptyState, errorBox, successBox } from '../ui';

interface PublicFlag {
  id: string;
  target: { kind: 'disbursement'; ref: string } | { kind: 'entry'; entryId: string };
  status: 'OPEN' | 'HELD' | 'REJECTED';
  reason: string | null;
  createdAt: string;
  answers: { text: string; at: string }[];
}

function flagItem(flag: PublicFlag): HTMLElement {
  const target = flag.target.kind === 'disbursement' ? flag.target.ref : flag.target.entryId;
  const reason =
    flag.reason ?? (flag.status === 'HELD' ? L('(đang chờ kiểm duyệt)', '(awaiting moderation)') : L('(nội dung không được đăng)', '(text not published)'));
  return h(
    'li',
    { class: 'flag', 'data-flag': flag.id },
    h('p', null, h('strong', { class: 'code' }, target), ' · ', h('span', { class: 'muted small' }, formatDateTime(flag.createdAt))),
    h('p', { class: 'flag-reason' }, reason),
    flag.answers.length
      ? h(
          'ul',
          { class: 'flag-answers' },
          flag.answers.map((answer) => h('li', { class: 'flag-answer' }, h('span', { class: 'badge' }, L('Trả lời', 'Answer')), ' ', answer.text, h('span', { class: 'muted small block' }, formatDateTime(answer.at)))),
        )
      : h('p', { class: 'muted small' }, L('Chưa có trả lời.', 'Not answered yet.')),
  );
}

export function flagsSection(fundId: string): { el: HTMLElement; load(): Promise<void>; open(ref: string): void } {
  const list = h('div', null);
  const formSlot = h('div', null);
  const load = async () => {
    try {
      const { items } = await api<{ items: PublicFlag[] }>(`/v1/funds/${fundId}/flags`);
      clear(
        list,
        items.length
          ? h('ul', { class: 'flags stack' }, [...items].reverse().map(flagItem))
          : emptyState(
              L('Chưa có báo sai sót nào.', 'No flags yet.'),
              L('Thấy khoản chi nào chưa đúng? Bấm “Báo sai sót” ở dòng đó; kiểm toán viên sẽ trả lời công khai tại đây.', 'See a payout that looks wrong? Press “Flag” on its row; an auditor answers here, in public.'),
            ),
      );
    } catch (error) {
      clear(list, errorBox(error));
    }
  };
  const open = (ref: string) => {
    const key = newIdempotencyKey();
    const reason = h('textarea', { name: 'reason', required: true, minlength: 10, maxlength: 1000, rows: 4 });
    const contact = h('input', { name: 'contact', type: 'text', maxlength: 200, autocomplete: 'email' });
    const status = h('div', { role: 'status' });
    const form = h(
      'form',
      { class: 'flag-form stack' },
      h('h3', null, L(`Báo sai sót khoản ${ref}`, `Flag payout ${ref}`)),
      h('label', null, L('Điều gì chưa đúng? (bắt buộc)', 'What is wrong? (required)'), reason),
      h('label', null, L('Cách liên hệ bạn (không bắt buộc, không công bố)', 'How to reach you (optional, never published)'), contact),
      h('button', { type: 'submit', class: 'btn btn-primary' }, L('Gửi báo sai sót', 'Send flag')),
      status,
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        await api(`/v1/funds/${fundId}/flags`, {
          method: 'POST',
          idempotencyKey: key,
          body: { disbursementRef: ref, reason: reason.value, ...(contact.value.trim() ? { contact: contact.value.trim() } : {}) },
        });
        clear(formSlot, successBox(L('Đã gửi. Cảm ơn bạn đã giám sát.', 'Sent. Thank you for keeping watch.')));
        await load();
      } catch (error) {
        clear(status, errorBox(error));
      }
    });
    clear(formSlot, form);
    formSlot.scrollIntoView?.({ block: 'nearest' });
    reason.focus();
  };
  return { el: h('div', null, formSlot, list), load, open };
}
