/** Record a receipt (money in), optionally against a pledge; approvers can reverse one. */
import { api, ApiError } from '../api';
import { clear, field, h } from '../dom';
import { formatDateTime, formatVnd, localInputToIso, nowLocalInput } from '../format';
import { parseRef } from '../../../shared/domain/refs';
import { L } from '../i18n';
import { amountInput } from '../amount';
import type { JournalEntry, PublicPledge } from '../types';
import { errorBox, loading, scrollTableOf, statusBadge, successBox } from './view';
import type { ConsoleContext } from './context';
import { leafEntries } from '../../../shared/domain/journal';
import { ActionKeys, actorName, fundSelect, latestOnly, roleNote, scanJournal, textField } from './shared';
import { PLEDGE_STATUS } from '../status';

interface Receipt {
  id: string;
  fundId: string;
  amount: number;
  pledgeRef?: string;
  flags: string[];
  status: string;
}

export async function receiptsTab(ctx: ConsoleContext): Promise<HTMLElement> {
  const canRecord = ctx.has('finance-clerk');
  const keys = new ActionKeys();
  const fund = fundSelect(ctx);
  const pledgeRef = textField(L('Mã cam kết (UH…)', 'Pledge code (UH…)'), 'pledgeRef', { optional: true, hint: L('Để gắn khoản thu với một cam kết.', 'To credit a pledge.'), attrs: { autocapitalize: 'characters', spellcheck: 'false' } });
  const pledgeInfo = h('div', { 'aria-live': 'polite', class: 'pledge-info' });
  const amount = amountInput('receipt-amount');
  const amountField = field(L('Số tiền (đồng)', 'Amount (đồng)'), amount.input, { hint: amount.words });
  const receivedAt = textField(L('Thời điểm nhận (giờ Việt Nam)', 'Received at (Vietnam time)'), 'receivedAt', { type: 'datetime-local', value: nowLocalInput() });
  const method = h('select', { name: 'method', class: 'input' }, h('option', { value: 'bank' }, L('Chuyển khoản', 'Bank transfer')), h('option', { value: 'cash' }, L('Tiền mặt', 'Cash')));
  const bankRef = textField(L('Mã giao dịch ngân hàng', 'Bank transaction reference'), 'bankRef', { optional: true });
  const payerName = textField(L('Tên người nộp', 'Payer name'), 'payerName', { optional: true });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', disabled: !canRecord }, L('Ghi nhận khoản thu', 'Record the receipt'));
  const result = h('div', { 'aria-live': 'polite' });
  const recent = h('div', null, loading());

  const lookupPledge = async () => {
    clear(pledgeInfo);
    pledgeRef.setError(null);
    if (!pledgeRef.input.value.trim()) return;
    const ref = parseRef(pledgeRef.input.value, ['UH']);
    if (!ref) {
      pledgeRef.setError(L('Mã cam kết không hợp lệ.', 'Not a valid pledge code.'));
      return;
    }
    pledgeRef.input.value = ref;
    try {
      const pledge = await api<PublicPledge>(`/v1/pledges/${ref}`);
      if (pledge.fundId !== fund.value) fund.value = pledge.fundId;
      const remaining = Math.max(0, pledge.amount - pledge.received);
      if (!amount.value() && remaining > 0) amount.set(remaining);
      clear(pledgeInfo, h('p', { class: 'muted', 'data-testid': 'pledge-info' }, `${pledge.ref} — ${pledge.donorName} — ${formatVnd(pledge.amount)}, ${L('đã nhận', 'received')} ${formatVnd(pledge.received)} `, statusBadge(pledge.status, PLEDGE_STATUS)));
    } catch (error) {
      pledgeRef.setError(error instanceof ApiError && error.status === 404 ? L('Không có cam kết này.', 'No such pledge.') : error instanceof ApiError ? error.describe() : String(error));
    }
  };
  pledgeRef.input.addEventListener('change', () => void lookupPledge());

  const form = h(
    'form',
    { class: 'form card', novalidate: true, 'aria-labelledby': 'h-receipt' },
    h('h2', { id: 'h-receipt', class: 'card-title' }, L('Ghi nhận khoản thu', 'Record a receipt')),
    canRecord ? null : roleNote(L('Chỉ kế toán được ghi nhận khoản thu.', 'Only a finance clerk records receipts.')),
    field(L('Quỹ', 'Fund'), fund).wrap,
    pledgeRef.wrap,
    pledgeInfo,
    amountField.wrap,
    receivedAt.wrap,
    field(L('Hình thức', 'Method'), method).wrap,
    bankRef.wrap,
    payerName.wrap,
    submit,
    result,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    clear(result);
    amountField.setError(null);
    const value = amount.value();
    if (!value) {
      amountField.setError(L('Nhập số tiền lớn hơn 0.', 'Enter an amount above 0.'));
      amount.input.focus();
      return;
    }
    const ref = pledgeRef.input.value.trim() ? parseRef(pledgeRef.input.value, ['UH']) : null;
    if (pledgeRef.input.value.trim() && !ref) {
      pledgeRef.setError(L('Mã cam kết không hợp lệ.', 'Not a valid pledge code.'));
      return;
    }
    const body = {
      fundId: fund.value,
      amount: value,
      receivedAt: localInputToIso(receivedAt.input.value || nowLocalInput()),
      method: method.value,
      ...(bankRef.input.value.trim() ? { bankRef: bankRef.input.value.trim() } : {}),
      ...(payerName.input.value.trim() ? { payerName: payerName.input.value.trim() } : {}),
      ...(ref ? { pledgeRef: ref } : {}),
    };
    const action = `receipt:${JSON.stringify(body)}`;
    submit.disabled = true;
    try {
      const receipt = await api<Receipt>('/v1/receipts', { method: 'POST', body, auth: true, idempotencyKey: keys.get(action) });
      keys.done(action);
      clear(
        result,
        successBox(
          L('Đã ghi nhận khoản thu ', 'Receipt recorded: '),
          h('span', { class: 'mono', 'data-testid': 'receipt-id' }, receipt.id),
          ` — ${formatVnd(receipt.amount)}`,
          receipt.flags.length ? ` (${receipt.flags.join(', ')})` : '',
          ' ',
          h('a', { href: `/console/audit?ref=${receipt.id}` }, L('Xem lịch sử', 'Audit trail')),
        ),
      );
      amount.input.value = '';
      amount.words.textContent = '';
      bankRef.input.value = '';
      if (ref) await lookupPledge();
      void loadRecent();
    } catch (error) {
      clear(result, errorBox(error));
    } finally {
      submit.disabled = !canRecord;
    }
  });

  const loads = latestOnly();
  const loadRecent = async () => {
    const current = loads.begin();
    clear(recent, loading());
    try {
      // A statement batch's receipts are one entry: each of its receipts is a row of its own.
      const { entries } = await scanJournal(fund.value, (e) => e.type === 'RECEIPT_RECORDED' || e.type === 'RECEIPT_REVERSED' || e.type === 'STATEMENT_LINES_COUNTED').then((scan) => ({ ...scan, entries: scan.entries.flatMap(leafEntries) }));
      if (!current()) return;
      const reversed = new Set(entries.filter((e) => e.type === 'RECEIPT_REVERSED').map((e) => e.entityRef));
      const rows = entries.filter((e) => e.type === 'RECEIPT_RECORDED').reverse().slice(0, 20);
      if (!rows.length) {
        clear(recent, h('p', { class: 'muted' }, L('Quỹ này chưa có khoản thu nào.', 'This fund has no receipt yet.')));
        return;
      }
      clear(recent, receiptsTable(ctx, rows, reversed, loadRecent));
    } catch (error) {
      if (current()) clear(recent, errorBox(error));
    }
  };
  fund.addEventListener('change', () => void loadRecent());
  void loadRecent();

  return h('div', { class: 'console-grid' }, form, h('section', { class: 'card', 'aria-labelledby': 'h-recent' }, h('h2', { id: 'h-recent', class: 'card-title' }, L('Khoản thu gần đây', 'Recent receipts')), recent));
}

function receiptsTable(ctx: ConsoleContext, rows: JournalEntry[], reversed: Set<string>, reload: () => Promise<void>): HTMLElement {
  const keys = new ActionKeys();
  const canReverse = ctx.has('finance-approver');
  return scrollTableOf(
    L('Khoản thu gần đây', 'Recent receipts'),
    [L('Thời điểm', 'When'), L('Số tiền', 'Amount'), L('Người ủng hộ', 'Donor'), L('Người ghi', 'Recorded by'), '']
    ,
    rows.map((e) => {
      const cell = h('td');
      if (reversed.has(e.entityRef)) cell.append(h('span', { class: 'badge badge-muted' }, L('Đã đảo', 'Reversed')));
      else if (e.publicDetails.statementId) {
        // A statement line's receipt is corrected from its line (discarded as a duplicate or not a transfer).
        cell.append(h('a', { class: 'small', href: `/console/statements?fund=${e.fundId}&id=${String(e.publicDetails.statementId)}` }, L(`Dòng ${String(e.publicDetails.lineNo)} của sao kê`, `Statement line ${String(e.publicDetails.lineNo)}`)));
      } else if (canReverse) {
        const reason = h('input', { type: 'text', class: 'input input-small', 'aria-label': L(`Lý do đảo khoản thu ${e.entityRef}`, `Reason to reverse ${e.entityRef}`), placeholder: L('Lý do', 'Reason') });
        const button = h('button', { type: 'button', class: 'btn btn-small btn-danger' }, L('Đảo', 'Reverse'));
        const status = h('span', { role: 'status' });
        button.addEventListener('click', async () => {
          if (reason.value.trim().length < 3) {
            status.textContent = L('Nhập lý do (ít nhất 3 ký tự).', 'Give a reason (3+ characters).');
            reason.focus();
            return;
          }
          button.disabled = true;
          try {
            await api(`/v1/receipts/${e.entityRef}/reverse`, { method: 'POST', body: { reason: reason.value.trim() }, auth: true, idempotencyKey: keys.get(e.entityRef) });
            await reload();
          } catch (error) {
            status.textContent = error instanceof ApiError ? error.describe() : String(error);
            button.disabled = false;
          }
        });
        cell.append(reason, ' ', button, status);
      }
      return h(
        'tr',
        null,
        h('td', null, formatDateTime(e.at)),
        h('td', { class: 'num' }, formatVnd(e.deltas.received ?? 0)),
        h('td', null, String(e.publicDetails.donor ?? ''), e.publicDetails.pledgeRef ? h('span', { class: 'code block' }, String(e.publicDetails.pledgeRef)) : null),
        h('td', null, actorName(e.actor), ' ', h('a', { href: `/console/audit?ref=${e.entityRef}`, 'aria-label': L(`Lịch sử khoản thu ${e.entityRef}`, `Audit trail of receipt ${e.entityRef}`) }, L('Lịch sử', 'History'))),
        cell,
      );
    }),
  );
}
