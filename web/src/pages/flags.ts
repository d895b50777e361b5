/**
 * Public supervision on the fund page (DESIGN §7.4): the fund's flags with the auditors' public
 * answers, and the form that flags a payout ("Báo sai sót / Flag" on each disbursement row). No
 * account is needed; the contact is optional and only staff ever read it.
 */
import { FLAG_CONTACT_MAX, FLAG_REASON_MAX, FLAG_REASON_MIN } from '../../../shared/domain/flags';
import { api, newIdempotencyKey } from '../api';
import { clear, field, h } from '../dom';
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
      : h('p', { class: 'muted small' }, L('Đang chờ kiểm toán viên trả lời.', 'Awaiting an auditor’s answer.')),
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
    const reason = h('textarea', { name: 'reason', class: 'input', required: true, maxlength: String(FLAG_REASON_MAX), rows: 4 });
    const contact = h('input', { name: 'contact', type: 'text', class: 'input', maxlength: String(FLAG_CONTACT_MAX), autocomplete: 'email' });
    const reasonField = field(L('Điều gì chưa đúng?', 'What is wrong?'), reason, { hint: L(`Từ ${FLAG_REASON_MIN} đến ${FLAG_REASON_MAX} ký tự.`, `${FLAG_REASON_MIN} to ${FLAG_REASON_MAX} characters.`) });
    const contactField = field(L('Cách liên hệ bạn', 'How to reach you'), contact, { optional: L('không bắt buộc, không công bố', 'optional, never published') });
    const send = h('button', { type: 'submit', class: 'btn btn-primary' }, L('Gửi báo sai sót', 'Send flag'));
    const status = h('div', { 'aria-live': 'assertive' });
    const form = h('form', { class: 'flag-form card stack', novalidate: true, 'data-testid': 'flag-form' }, h('h3', null, L(`Báo sai sót khoản ${ref}`, `Flag payout ${ref}`)), reasonField.wrap, contactField.wrap, send, status);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clear(status);
      reasonField.setError(null);
      if (reason.value.trim().length < FLAG_REASON_MIN) {
        reasonField.setError(L(`Vui lòng viết ít nhất ${FLAG_REASON_MIN} ký tự để kiểm toán viên hiểu điều bạn thấy.`, `Please write at least ${FLAG_REASON_MIN} characters so that an auditor understands what you saw.`));
        reason.focus();
        return;
      }
      send.disabled = true;
      try {
        await api(`/v1/funds/${fundId}/flags`, {
          method: 'POST',
          idempotencyKey: key,
          body: { disbursementRef: ref, reason: reason.value, ...(contact.value.trim() ? { contact: contact.value.trim() } : {}) },
        });
        clear(formSlot, successBox(L('Đã gửi. Kiểm toán viên sẽ trả lời công khai bên dưới. Cảm ơn bạn đã giám sát.', 'Sent. An auditor will answer below, in public. Thank you for keeping watch.')));
        await load();
      } catch (error) {
        clear(status, errorBox(error));
        send.disabled = false;
      }
    });
    clear(formSlot, form);
    formSlot.scrollIntoView?.({ block: 'nearest' });
    reason.focus();
  };
  return { el: h('div', null, formSlot, list), load, open };
}
