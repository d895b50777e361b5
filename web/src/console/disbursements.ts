/**
 * Money out under maker-checker: a clerk requests, a different approver approves (the
 * requester's own approve button is disabled and says why), a clerk pays, the ward confirms.
 * Every step shows who did it and when.
 */
import { api, ApiError } from '../api';
import { amountInput } from '../amount';
import { clear, field, h, uid, type Child } from '../dom';
import { formatDateTime, formatVnd, localInputToIso, nowLocalInput } from '../format';
import { parseRef } from '../../../shared/domain/refs';
import { L } from '../i18n';
import type { AdminUnit, Disbursement, Fund } from '../types';
import type { ConsoleContext } from './context';
import { ActionKeys, actorName, fundSelect, roleNote, textField } from './shared';
import { errorBox, loading, statusBadge, successBox } from './view';
import { statusLabel, DISBURSEMENT_STATUS } from '../status';

type Action = 'approve' | 'reject' | 'pay' | 'confirm' | 'cancel';

function beneficiaryText(d: Disbursement): string {
  return 'wardCode' in d.beneficiary ? `${d.beneficiary.wardName ?? ''} (${d.beneficiary.wardCode})`.trim() : `${d.beneficiary.organisation.name} — MST ${d.beneficiary.organisation.taxCode}`;
}

function who(actor: string | undefined, at: string | undefined): Child {
  if (!actor) return h('span', { class: 'muted' }, '—');
  return [h('strong', null, actorName(actor)), at ? h('span', { class: 'muted' }, ` · ${formatDateTime(at)}`) : null];
}

function disbursementCard(ctx: ConsoleContext, initial: Disbursement, keys: ActionKeys): HTMLElement {
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
          const noteId = uid('why');
          approve.setAttribute('aria-disabled', 'true');
          approve.setAttribute('aria-describedby', noteId);
          approve.classList.add('is-disabled');
          actions.push(
            h(
              'div',
              { class: 'action' },
              approve,
              h('p', { id: noteId, class: 'why', 'data-testid': 'self-approve-note' }, L('Bạn là người lập đề nghị này nên không thể tự phê duyệt: một người phê duyệt khác phải duyệt (nguyên tắc hai người).', 'You requested this, so you cannot approve it: another approver must (the four-eyes rule).')),
            ),
          );
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

function requestForm(ctx: ConsoleContext, fund: HTMLSelectElement, keys: ActionKeys, onCreated: (d: Disbursement) => void): HTMLElement {
  const canRequest = ctx.has('finance-clerk');
  const toWard = h('input', { type: 'radio', name: 'beneficiaryType', value: 'ward', id: 'to-ward', checked: true });
  const toOrg = h('input', { type: 'radio', name: 'beneficiaryType', value: 'organisation', id: 'to-org' });
  const wardQuery = h('input', { type: 'search', class: 'input', name: 'wardQuery', autocomplete: 'off', placeholder: L('vd: sai gon', 'e.g. sai gon') });
  const wardSelect = h('select', { class: 'input', name: 'wardCode', size: '4' });
  const wardQueryField = field(L('Tìm xã, phường (không dấu cũng được)', 'Find a commune or ward (accents optional)'), wardQuery);
  const wardField = field(L('Xã, phường nhận', 'Receiving commune or ward'), wardSelect);
  const orgName = textField(L('Tên tổ chức nhận', 'Receiving organisation'), 'orgName');
  const orgTax = textField(L('Mã số thuế', 'Tax code'), 'orgTaxCode', { attrs: { inputmode: 'numeric' } });
  const amount = amountInput('disbursement-amount');
  const amountField = field(L('Số tiền (đồng)', 'Amount (đồng)'), amount.input, { hint: amount.words });
  const purpose = h('textarea', { name: 'purpose', class: 'input', rows: '2', maxlength: '500' });
  const purposeField = field(L('Mục đích', 'Purpose'), purpose);
  const available = h('p', { class: 'muted small', 'data-testid': 'available' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', disabled: !canRequest }, L('Lập đề nghị giải ngân', 'Request the disbursement'));
  const result = h('div', { 'aria-live': 'polite' });
  const wardParts = h('div', null, wardQueryField.wrap, wardField.wrap);
  const orgParts = h('div', { hidden: true }, orgName.wrap, orgTax.wrap);
  const sync = () => {
    wardParts.hidden = !toWard.checked;
    orgParts.hidden = toWard.checked;
  };
  toWard.addEventListener('change', sync);
  toOrg.addEventListener('change', sync);

  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  // Searches overlap (the first list, then each keystroke): only the latest one's answer is shown.
  let searchSeq = 0;
  const search = async () => {
    const seq = ++searchSeq;
    const selected = ctx.funds.find((f) => f.fundId === fund.value);
    const query = new URLSearchParams({ limit: '50' });
    if (selected?.provinceCode) query.set('province', selected.provinceCode);
    if (wardQuery.value.trim()) query.set('q', wardQuery.value.trim());
    try {
      const units = await api<{ items: AdminUnit[]; total: number }>(`/v1/admin-units?${query}`);
      if (seq !== searchSeq) return;
      clear(wardSelect, units.items.map((u, i) => h('option', { value: u.code, selected: i === 0 }, selected?.provinceCode ? `${u.name} (${u.code})` : `${u.name} — ${u.provinceName} (${u.code})`)));
      wardField.setError(units.items.length ? null : L('Không tìm thấy xã, phường nào.', 'No commune or ward found.'));
    } catch (error) {
      if (seq === searchSeq) wardField.setError(error instanceof ApiError ? error.describe() : String(error));
    }
  };
  wardQuery.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => void search(), 250);
  });
  const planInfo = h('p', { class: 'muted small', 'data-testid': 'ward-plan', 'aria-live': 'polite' });
  let plan: { version: number; items: { wardCode: string; wardName: string; planned: number; committed: number }[] } | null = null;
  let availableNow: number | null = null;
  const showPlan = () => {
    const ward = plan?.items.find((item) => item.wardCode === wardSelect.value);
    if (!plan || plan.version === 0 || !toWard.checked || !wardSelect.value) {
      planInfo.textContent = '';
      return;
    }
    const left = (ward?.planned ?? 0) - (ward?.committed ?? 0);
    planInfo.textContent = ward
      ? L(`Kế hoạch của ${ward.wardName}: ${formatVnd(ward.planned)}, đã duyệt chi ${formatVnd(ward.committed)}, còn ${formatVnd(Math.max(0, left))}.`, `Plan for ${ward.wardName}: ${formatVnd(ward.planned)}, committed ${formatVnd(ward.committed)}, ${formatVnd(Math.max(0, left))} left.`)
      : L('Xã, phường này không có trong kế hoạch: vượt kế hoạch cần người phê duyệt ghi rõ lý do.', 'This ward is not in the plan: going beyond it needs the approver’s reason.');
  };
  const showAvailable = async () => {
    try {
      const [f, p] = await Promise.all([api<Fund>(`/v1/funds/${fund.value}`), api<typeof plan>(`/v1/funds/${fund.value}/plan`).catch(() => null)]);
      availableNow = f.totals.available;
      plan = p;
      available.textContent = L(`Quỹ còn có thể giải ngân: ${formatVnd(f.totals.available)}`, `The fund can still disburse ${formatVnd(f.totals.available)}`);
      showPlan();
    } catch {
      available.textContent = '';
    }
  };
  wardSelect.addEventListener('change', showPlan);
  fund.addEventListener('change', () => {
    void search();
    void showAvailable();
  });
  void search();
  void showAvailable();

  const form = h(
    'form',
    { class: 'form card', novalidate: true, 'aria-labelledby': 'h-request' },
    h('h2', { id: 'h-request', class: 'card-title' }, L('Lập đề nghị giải ngân', 'Request a disbursement')),
    canRequest ? null : roleNote(L('Chỉ kế toán được lập đề nghị giải ngân.', 'Only a finance clerk can request a disbursement.')),
    available,
    planInfo,
    h(
      'fieldset',
      { class: 'fieldset' },
      h('legend', null, L('Nơi nhận', 'Recipient')),
      h('div', { class: 'radio-row' }, h('label', { class: 'radio' }, toWard, L(' Xã, phường', ' Commune or ward')), h('label', { class: 'radio' }, toOrg, L(' Tổ chức', ' Organisation'))),
      wardParts,
      orgParts,
    ),
    amountField.wrap,
    purposeField.wrap,
    submit,
    result,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!canRequest) return;
    clear(result);
    [amountField, purposeField, wardField, orgName, orgTax].forEach((f) => f.setError(null));
    const value = amount.value();
    const problems: [{ setError(message: string | null): void }, string][] = [];
    if (!value) problems.push([amountField, L('Nhập số tiền lớn hơn 0.', 'Enter an amount above 0.')]);
    else if (availableNow !== null && value > availableNow) {
      problems.push([amountField, L(`Vượt số dư khả dụng ${formatVnd(availableNow)}: thiếu ${formatVnd(value - Math.max(0, availableNow))}.`, `Above the ${formatVnd(availableNow)} available: ${formatVnd(value - Math.max(0, availableNow))} short.`)]);
    }
    if (!purpose.value.trim()) problems.push([purposeField, L('Nhập mục đích.', 'Enter the purpose.')]);
    if (toWard.checked && !wardSelect.value) problems.push([wardField, L('Chọn xã, phường.', 'Choose a commune or ward.')]);
    if (!toWard.checked && !orgName.input.value.trim()) problems.push([orgName, L('Nhập tên tổ chức.', 'Enter the organisation.')]);
    if (!toWard.checked && !/^\d{10}(-\d{3})?$/.test(orgTax.input.value.trim())) problems.push([orgTax, L('Mã số thuế gồm 10 chữ số.', 'A tax code has 10 digits.')]);
    for (const [target, message] of problems) target.setError(message);
    const bad = problems.length > 0;
    if (bad) {
      (form.querySelector('[aria-invalid="true"]') as HTMLElement | null)?.focus();
      return;
    }
    const body = {
      fundId: fund.value,
      beneficiary: toWard.checked ? { wardCode: wardSelect.value } : { organisation: { name: orgName.input.value.trim(), taxCode: orgTax.input.value.trim() } },
      amount: value,
      purpose: purpose.value.trim(),
    };
    const action = `request:${JSON.stringify(body)}`;
    submit.disabled = true;
    try {
      const created = await api<Disbursement>('/v1/disbursements', { method: 'POST', body, auth: true, idempotencyKey: keys.get(action) });
      keys.done(action);
      clear(result, successBox(L('Đã lập đề nghị ', 'Requested '), h('span', { class: 'code', 'data-testid': 'disbursement-ref' }, created.ref), L(' — chờ người phê duyệt khác duyệt.', ' — waiting for another person to approve.')));
      amount.input.value = '';
      amount.words.textContent = '';
      purpose.value = '';
      onCreated(created);
      void showAvailable();
    } catch (error) {
      if (error instanceof ApiError) {
        for (const e of error.problem.errors ?? []) {
          if (e.path.includes('wardCode')) wardField.setError(e.message);
          if (e.path.endsWith('amount')) amountField.setError(e.message);
        }
      }
      clear(result, errorBox(error));
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

/** The list's filter: every status, or one. */
const STATUS_FILTERS = ['', ...Object.keys(DISBURSEMENT_STATUS.labels)];

/** An approver's work is what waits for approval; a clerk requests and pays, so sees everything. */
function defaultStatus(ctx: ConsoleContext): string {
  const asked = ctx.params.get('status');
  if (asked !== null && STATUS_FILTERS.includes(asked)) return asked;
  return ctx.has('finance-approver') && !ctx.has('finance-clerk') ? 'REQUESTED' : '';
}

export async function disbursementsTab(ctx: ConsoleContext): Promise<HTMLElement> {
  const keys = new ActionKeys();
  const fund = fundSelect(ctx);
  const chosenStatus = defaultStatus(ctx);
  const status = h('select', { name: 'status', class: 'input' }, STATUS_FILTERS.map((value) => h('option', { value, selected: value === chosenStatus }, value ? statusLabel(value, DISBURSEMENT_STATUS) : L('Tất cả', 'All'))));
  const list = h('div', { class: 'disbursement-list' }, loading());
  const count = h('p', { class: 'muted small', role: 'status', 'data-testid': 'disbursement-count' });
  const more = h('button', { type: 'button', class: 'btn btn-ghost', hidden: true }, L('Xem thêm', 'Show more'));
  const lookup = h('input', { type: 'search', class: 'input', name: 'lookup', autocomplete: 'off', placeholder: 'GN…' });
  const lookupField = field(L('Mở theo mã GN', 'Open by GN code'), lookup);
  const lookupForm = h('form', { class: 'inline-form', novalidate: true }, lookupField.wrap, h('button', { type: 'submit', class: 'btn btn-ghost' }, L('Mở', 'Open')));
  const cards = new Map<string, HTMLElement>();
  let cursor: string | undefined;
  let generation = 0;

  const show = (d: Disbursement, first = false) => {
    list.querySelector('[data-empty]')?.remove();
    const card = disbursementCard(ctx, d, keys);
    const existing = cards.get(d.ref);
    if (existing) existing.replaceWith(card);
    else if (first) list.prepend(card);
    else list.append(card);
    cards.set(d.ref, card);
    return card;
  };
  const describeCount = () => {
    const filter = status.value && statusLabel(status.value, DISBURSEMENT_STATUS).toLowerCase();
    count.textContent = filter
      ? L(`${cards.size}${cursor ? '+' : ''} khoản: ${filter}`, `${cards.size}${cursor ? '+' : ''} disbursement(s): ${filter}`)
      : L(`${cards.size}${cursor ? '+' : ''} khoản`, `${cards.size}${cursor ? '+' : ''} disbursement(s)`);
  };
  const load = async (reset: boolean) => {
    const mine = reset ? ++generation : generation;
    if (reset) {
      clear(list, loading());
      cards.clear();
      cursor = undefined;
    }
    more.disabled = true;
    try {
      const query = new URLSearchParams({ fundId: fund.value, limit: '50', ...(status.value ? { status: status.value } : {}), ...(cursor ? { cursor } : {}) });
      const page = await api<{ items: Disbursement[]; cursor?: string }>(`/v1/disbursements?${query}`, { auth: true });
      if (mine !== generation) return;
      if (reset) clear(list);
      for (const d of page.items) show(d);
      cursor = page.cursor;
      if (!cards.size) {
        list.append(
          h('p', { class: 'muted', 'data-empty': '' }, status.value ? L('Không có khoản nào ở trạng thái này.', 'No disbursement has this status.') : L('Quỹ này chưa có đề nghị giải ngân nào.', 'This fund has no disbursement request yet.')),
        );
      }
      describeCount();
      more.hidden = !cursor;
    } catch (error) {
      if (mine === generation) clear(list, errorBox(error));
    } finally {
      more.disabled = false;
    }
  };
  const reload = () => {
    history.replaceState(null, '', `/console/disbursements?${new URLSearchParams({ fund: fund.value, ...(status.value ? { status: status.value } : {}) })}`);
    void load(true);
  };
  lookupForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    lookupField.setError(null);
    const ref = parseRef(lookup.value, ['GN']);
    if (!ref) {
      lookupField.setError(L('Mã GN không hợp lệ.', 'Not a valid GN code.'));
      return;
    }
    try {
      const d = await api<Disbursement>(`/v1/disbursements/${ref}`, { auth: true });
      show(d, true).querySelector('h3')?.focus();
    } catch (error) {
      lookupField.setError(error instanceof ApiError ? error.describe() : String(error));
    }
  });
  fund.addEventListener('change', reload);
  status.addEventListener('change', reload);
  more.addEventListener('click', () => void load(false));
  void load(true);
  const form = requestForm(ctx, fund, keys, (created) => {
    if (!status.value || status.value === created.status) {
      show(created, true);
      describeCount();
    }
  });
  return h(
    'div',
    null,
    h('div', { class: 'toolbar' }, field(L('Quỹ', 'Fund'), fund).wrap, field(L('Trạng thái', 'Status'), status).wrap, lookupForm),
    h(
      'div',
      { class: 'console-grid' },
      // Whoever cannot request works from the list: it comes first.
      ctx.has('finance-clerk') ? form : null,
      h('section', { 'aria-labelledby': 'h-disb-list' }, h('h2', { id: 'h-disb-list', class: 'section-title' }, L('Các khoản giải ngân', 'Disbursements')), count, list, more),
      ctx.has('finance-clerk') ? null : form,
    ),
  );
}
