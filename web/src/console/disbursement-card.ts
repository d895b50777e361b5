/**
 * One disbursement as staff see it: who requested, approved and paid it, and the next step the
 * signed-in person may take (the requester's own approve button is disabled and says why).
 */
import { api } from '../api';
import { clear, h, uid, type Child } from '../dom';
import { formatDateTime, formatVnd, localInputToIso, nowLocalInput } from '../format';
import { L } from '../i18n';
import type { Disbursement } from '../types';
import type { ConsoleContext } from './context';
import { ActionKeys, actorName } from './shared';
import { errorBox, statusBadge } from './view';
import { DISBURSEMENT_STATUS } from '../status';

type Action = 'approve' | 'reject' | 'pay' | 'confirm' | 'cancel';

export function beneficiaryText(d: Disbursement): string {
  return 'wardCode' in d.beneficiary ? `${d.beneficiary.wardName ?? ''} (${d.beneficiary.wardCode})`.trim() : `${d.beneficiary.organisation.name} — MST ${d.beneficiary.organisation.taxCode}`;
}

function who(actor: string | undefined, at: string | undefined): Child {
  if (!actor) return h('span', { class: 'muted' }, '—');
  return [h('strong', null, actorName(actor)), at ? h('span', { class: 'muted' }, ` · ${formatDateTime(at)}`) : null];
}

/** A step this person may not take, shown disabled with the reason beside it instead of earning a 403. */
function refusedAction(button: HTMLButtonElement, testId: string, why: string): HTMLElement {
  const noteId = uid('why');
  button.setAttribute('aria-disabled', 'true');
  button.setAttribute('aria-describedby', noteId);
  button.classList.add('is-disabled');
  return h('div', { class: 'action' }, button, h('p', { id: noteId, class: 'why', 'data-testid': testId }, why));
}

/** `onChange` hears every new state an action brings (the approval queue recounts). `showFund` names the fund (a list across funds). */
export function disbursementCard(ctx: ConsoleContext, initial: Disbursement, keys: ActionKeys, options: { onChange?: (d: Disbursement) => void; showFund?: boolean } = {}): HTMLElement {
  const card = h('article', { class: 'card disbursement', 'data-ref': initial.ref });
  const draw = (d: Disbursement) => {
    card.setAttribute('data-status', d.status);
    const status = h('div', { 'aria-live': 'polite' });
    const act = async (action: Action, body: Record<string, unknown>, button: HTMLButtonElement) => {
      if (button.getAttribute('aria-disabled') === 'true') return;
      button.disabled = true;
      clear(status);
      try {
        const next = await api<Disbursement>(`/v1/disbursements/${d.ref}/${action}`, { method: 'POST', body, auth: true, idempotencyKey: keys.get(`${d.ref}:${action}`) });
        keys.done(`${d.ref}:${action}`);
        draw(next);
        options.onChange?.(next);
        (card.querySelector('h3') as HTMLElement | null)?.focus();
      } catch (error) {
        clear(status, errorBox(error));
        button.disabled = false;
      }
    };
    const actions: HTMLElement[] = [];
    const isRequester = d.requestedBy === ctx.actor;
    if (d.status === 'REQUESTED') {
      if (ctx.has('finance-approver')) {
        const approve = h('button', { type: 'button', class: 'btn btn-primary', 'data-action': 'approve' }, L('Phê duyệt', 'Approve'));
        if (d.beyondPlan && !isRequester) {
          // Beyond the ward's plan: the approver must say why, and the override is journaled.
          const reason = h('input', { type: 'text', class: 'input input-small', name: 'overrideReason', 'aria-label': L(`Lý do duyệt vượt kế hoạch ${d.ref}`, `Why approve ${d.ref} beyond the plan`), placeholder: L('Lý do duyệt vượt kế hoạch', 'Why beyond the plan') });
          const override = h('button', { type: 'button', class: 'btn btn-primary', 'data-action': 'approve-override' }, L('Phê duyệt vượt kế hoạch', 'Approve beyond the plan'));
          override.addEventListener('click', () => {
            if (reason.value.trim().length < 3) {
              clear(status, errorBox(new Error(L('Nhập lý do duyệt vượt kế hoạch (ít nhất 3 ký tự).', 'Give the reason to go beyond the plan (3+ characters).'))));
              reason.focus();
              return;
            }
            void act('approve', { overridePlan: true, reason: reason.value.trim() }, override);
          });
          actions.push(h('div', { class: 'action action-inline' }, reason, override));
        } else if (isRequester) {
          actions.push(refusedAction(approve, 'self-approve-note', L('Bạn là người lập đề nghị này nên không thể tự phê duyệt: một người phê duyệt khác phải duyệt (nguyên tắc hai người).', 'You requested this, so you cannot approve it: another approver must (the four-eyes rule).')));
        } else {
          approve.addEventListener('click', () => void act('approve', {}, approve));
          actions.push(h('div', { class: 'action' }, approve));
        }
        const reason = h('input', { type: 'text', class: 'input input-small', 'aria-label': L(`Lý do từ chối ${d.ref}`, `Reason to reject ${d.ref}`), placeholder: L('Lý do từ chối', 'Reason') });
        const reject = h('button', { type: 'button', class: 'btn btn-danger', 'data-action': 'reject' }, L('Từ chối', 'Reject'));
        reject.addEventListener('click', () => {
          if (reason.value.trim().length < 3) {
            clear(status, errorBox(new Error(L('Nhập lý do từ chối (ít nhất 3 ký tự).', 'Give a reason (3+ characters).'))));
            reason.focus();
            return;
          }
          void act('reject', { reason: reason.value.trim() }, reject);
        });
        actions.push(h('div', { class: 'action action-inline' }, reason, reject));
      } else {
        actions.push(h('p', { class: 'muted' }, L('Chờ người phê duyệt (khác người lập) duyệt.', 'Waiting for an approver (not the requester).')));
      }
    }
    if (d.status === 'APPROVED') {
      if (ctx.has('finance-clerk')) {
        const bankRef = h('input', { type: 'text', class: 'input input-small', name: 'bankRef', 'aria-label': L(`Mã giao dịch chuyển tiền ${d.ref}`, `Bank reference of the payment of ${d.ref}`), placeholder: L('Mã giao dịch NH', 'Bank reference') });
        const paidAt = h('input', { type: 'datetime-local', class: 'input input-small', name: 'paidAt', value: nowLocalInput(), 'aria-label': L('Thời điểm chuyển (giờ Việt Nam)', 'Paid at (Vietnam time)') });
        const pay = h('button', { type: 'button', class: 'btn btn-primary', 'data-action': 'pay' }, L('Ghi nhận đã chuyển tiền', 'Record the payment'));
        pay.addEventListener('click', () => {
          if (!bankRef.value.trim()) {
            clear(status, errorBox(new Error(L('Nhập mã giao dịch ngân hàng.', 'Enter the bank reference.'))));
            bankRef.focus();
            return;
          }
          void act('pay', { bankRef: bankRef.value.trim(), paidAt: localInputToIso(paidAt.value || nowLocalInput()) }, pay);
        });
        actions.push(h('div', { class: 'action action-inline' }, bankRef, paidAt, pay));
      } else {
        actions.push(h('p', { class: 'muted' }, L('Chờ kế toán chuyển tiền.', 'Waiting for a clerk to pay.')));
      }
    }
    if (d.status === 'PAID' && ctx.has('finance-clerk', 'finance-approver')) {
      const by = h('input', { type: 'text', class: 'input input-small', name: 'confirmedBy', 'aria-label': L('Đơn vị xác nhận đã nhận', 'Who confirmed receipt'), placeholder: L('vd: UBND phường', 'e.g. the ward committee') });
      const note = h('input', { type: 'text', class: 'input input-small', name: 'note', 'aria-label': L('Ghi chú xác nhận', 'Confirmation note'), placeholder: L('Ghi chú', 'Note') });
      const confirm = h('button', { type: 'button', class: 'btn btn-primary', 'data-action': 'confirm' }, L('Xác nhận đơn vị đã nhận', 'Confirm receipt'));
      if (d.paidBy === ctx.actor) {
        // The payer cannot confirm their own payment (§12.2): the receiving ward's staff must.
        actions.push(refusedAction(confirm, 'self-confirm-note', L('Bạn đã ghi nhận khoản chuyển này nên không thể tự xác nhận: cán bộ của đơn vị nhận phải xác nhận.', 'You recorded this payment, so you cannot confirm it: the receiving unit’s staff must.')));
      } else {
        confirm.addEventListener('click', () => {
          if (!by.value.trim()) {
            clear(status, errorBox(new Error(L('Nhập đơn vị xác nhận.', 'Enter who confirmed.'))));
            by.focus();
            return;
          }
          void act('confirm', { confirmedBy: by.value.trim(), note: note.value.trim() }, confirm);
        });
        actions.push(h('div', { class: 'action action-inline' }, by, note, confirm));
      }
    }
    if ((d.status === 'REQUESTED' || d.status === 'APPROVED') && ctx.has('finance-clerk', 'finance-approver')) {
      const cancel = h('button', { type: 'button', class: 'btn btn-ghost', 'data-action': 'cancel' }, L('Hủy đề nghị', 'Cancel'));
      cancel.addEventListener('click', () => void act('cancel', {}, cancel));
      actions.push(h('div', { class: 'action' }, cancel));
    }
    const titleId = uid('disb');
    card.setAttribute('aria-labelledby', titleId);
    clear(
      card,
      h('h3', { id: titleId, class: 'card-title', tabindex: '-1' }, h('span', { class: 'code' }, d.ref), ' ', statusBadge(d.status, DISBURSEMENT_STATUS)),
      options.showFund ? h('p', { class: 'small muted', 'data-testid': 'disbursement-fund' }, L('Quỹ: ', 'Fund: '), ctx.fundName(d.fundId)) : null,
      h('p', { class: 'disb-amount' }, formatVnd(d.amount), ' → ', beneficiaryText(d)),
      h('p', { class: 'muted' }, d.purpose),
      d.beyondPlan && !d.planOverride
        ? h(
            'p',
            { class: 'alert alert-warn', 'data-testid': 'beyond-plan' },
            L(
              `Vượt kế hoạch của xã, phường ${formatVnd(d.beyondPlan.excess)} (kế hoạch ${formatVnd(d.beyondPlan.planned)}, đã duyệt chi ${formatVnd(d.beyondPlan.committed)}): cần người phê duyệt ghi rõ lý do.`,
              `${formatVnd(d.beyondPlan.excess)} beyond the ward’s plan (planned ${formatVnd(d.beyondPlan.planned)}, committed ${formatVnd(d.beyondPlan.committed)}): the approver must give a reason.`,
            ),
          )
        : null,
      d.planOverride ? h('p', { class: 'alert alert-info' }, L(`Duyệt vượt kế hoạch ${formatVnd(d.planOverride.excess)}: ${d.planOverride.reason}`, `Approved ${formatVnd(d.planOverride.excess)} beyond the plan: ${d.planOverride.reason}`)) : null,
      h(
        'dl',
        { class: 'maker-checker' },
        h('div', { 'data-role': 'requester' }, h('dt', null, L('Người lập', 'Requested by')), h('dd', null, who(d.requestedBy, d.requestedAt))),
        h('div', { 'data-role': 'approver' }, h('dt', null, L('Người phê duyệt', 'Approved by')), h('dd', null, d.approvedBy ? who(d.approvedBy, d.approvedAt) : d.rejectedBy ? [L('Từ chối bởi ', 'Rejected by '), who(d.rejectedBy, undefined), ` — ${d.rejectionReason ?? ''}`] : h('span', { class: 'muted' }, L('Chưa duyệt', 'Not yet')))),
        d.paidBy ? h('div', { 'data-role': 'payer' }, h('dt', null, L('Người chuyển tiền', 'Paid by')), h('dd', null, who(d.paidBy, d.paidAt), d.bankRef ? h('span', { class: 'mono' }, ` · ${d.bankRef}`) : null)) : null,
        d.confirmedBy ? h('div', null, h('dt', null, L('Xác nhận', 'Confirmed by')), h('dd', null, `${d.confirmedBy}${d.confirmationNote ? ` — ${d.confirmationNote}` : ''}`, d.confirmedAt ? h('span', { class: 'muted' }, ` · ${formatDateTime(d.confirmedAt)}`) : null)) : null,
        d.cancelledBy ? h('div', null, h('dt', null, L('Hủy bởi', 'Cancelled by')), h('dd', null, who(d.cancelledBy, d.cancelledAt))) : null,
      ),
      actions.length ? h('div', { class: 'actions' }, actions) : null,
      status,
      h('p', { class: 'small' }, h('a', { href: `/console/audit?ref=${d.ref}` }, L('Xem lịch sử đầy đủ', 'Full audit trail'), h('span', { class: 'sr-only' }, ` ${d.ref}`))),
    );
  };
  draw(initial);
  return card;
}
