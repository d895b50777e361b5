/**
 * Money out under maker-checker: a clerk requests, a different approver approves (the
 * requester's own approve button is disabled and says why), a clerk pays, the ward confirms.
 * Every step shows who did it and when.
 */
import { api, ApiError, fieldErrorText } from '../api';
import { amountInput } from '../amount';
import { clear, field, h } from '../dom';
import { formatVnd } from '../format';
import { parseRef } from '../../../shared/domain/refs';
import { L } from '../i18n';
import type { AdminUnit, Disbursement, Fund } from '../types';
import type { ConsoleContext } from './context';
import { ActionKeys, fundSelect, roleNote, textField } from './shared';
import { disbursementCard } from './disbursement-card';
import { errorBox, loading, successBox } from './view';
import { statusLabel, DISBURSEMENT_STATUS } from '../status';

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
          if (e.path.includes('wardCode')) wardField.setError(fieldErrorText(e));
          if (e.path.endsWith('amount')) amountField.setError(fieldErrorText(e));
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
    const card = disbursementCard(ctx, d, keys, { onChange: () => void ctx.queue.refresh().catch(() => undefined) });
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
    void ctx.queue.refresh().catch(() => undefined);
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
