/**
 * The allocation plan of a fund (DESIGN §12.3): one amount per ward or commune, filled in by
 * hand, all at once ("the same for every ward"), or pasted from a spreadsheet (code, amount per
 * line), then saved as the whole plan in one PUT. The committed column shows what approvals have
 * taken already: a ward's plan cannot go below it.
 */
import { api, ApiError } from '../api';
import { amountInput } from '../amount';
import { clear, field, h, scrollTable } from '../dom';
import { formatVnd, matchesQuery, parseAmount, reformatAmountInput } from '../format';
import { L } from '../i18n';
import type { AdminUnit } from '../types';
import type { ConsoleContext } from './context';
import { ActionKeys, fundSelect, latestOnly, roleNote } from './shared';
import { errorBox, loading, successBox } from './view';

interface PlanView {
  fundId: string;
  version: number;
  status: string;
  total: number;
  wardCount: number;
  items: { wardCode: string; wardName: string; planned: number; committed: number; disbursed: number }[];
}

interface Row {
  unit: Pick<AdminUnit, 'code' | 'name'>;
  input: HTMLInputElement;
  committed: number;
  tr: HTMLTableRowElement;
}

function amountCell(label: string, value: number): HTMLInputElement {
  const input = h('input', { type: 'text', inputmode: 'numeric', class: 'input input-small input-amount', 'aria-label': label, autocomplete: 'off' });
  if (value) input.value = formatVnd(value, { symbol: false });
  input.addEventListener('input', () => {
    const { text, caret } = reformatAmountInput(input.value, input.selectionStart ?? input.value.length);
    input.value = text;
    input.setSelectionRange(caret, caret);
  });
  return input;
}

export async function planTab(ctx: ConsoleContext): Promise<HTMLElement> {
  const canEdit = ctx.has('admin', 'finance-approver');
  const keys = new ActionKeys();
  const fund = fundSelect(ctx);
  const body = h('div', null, loading());
  const summary = h('p', { class: 'muted', role: 'status', 'data-testid': 'plan-summary' });
  const result = h('div', { 'aria-live': 'polite' });
  let rows: Row[] = [];
  let version = 0;

  const total = () => rows.reduce((sum, r) => sum + (parseAmount(r.input.value) ?? 0), 0);
  const describe = () => {
    const planned = rows.filter((r) => (parseAmount(r.input.value) ?? 0) > 0).length;
    summary.textContent = L(`${planned} xã, phường có kế hoạch · tổng ${formatVnd(total())} · phiên bản ${version}`, `${planned} wards planned · ${formatVnd(total())} in all · version ${version}`);
  };

  const loads = latestOnly();
  const load = async () => {
    const latest = loads.begin();
    clear(body, loading());
    clear(result);
    // Until the fund's wards and plan version are in, there is nothing to fill in or save: a save then would replace the plan with none.
    fill.disabled = save.disabled = true;
    const selected = ctx.funds.find((f) => f.fundId === fund.value);
    try {
      const [plan, units] = await Promise.all([
        api<PlanView>(`/v1/funds/${fund.value}/plan`),
        selected?.provinceCode ? api<{ items: AdminUnit[] }>(`/v1/admin-units?province=${selected.provinceCode}&limit=500`).then((r) => r.items) : Promise.resolve([] as AdminUnit[]),
      ]);
      // A slower answer for a fund left behind must not become the rows a save writes to the chosen one.
      if (!latest()) return;
      version = plan.version;
      const planned = new Map(plan.items.map((item) => [item.wardCode, item]));
      const known = new Map(units.map((u) => [u.code, { code: u.code, name: u.name }]));
      for (const item of plan.items) if (!known.has(item.wardCode)) known.set(item.wardCode, { code: item.wardCode, name: item.wardName });
      rows = [...known.values()].sort((a, b) => a.code.localeCompare(b.code)).map((unit) => {
        const current = planned.get(unit.code);
        const input = amountCell(L(`Kế hoạch cho ${unit.name}`, `Planned for ${unit.name}`), current?.planned ?? 0);
        input.disabled = !canEdit;
        input.addEventListener('change', describe);
        const tr = h('tr', { 'data-ward': unit.code }, h('th', { scope: 'row' }, unit.name, h('span', { class: 'code' }, ` ${unit.code}`)), h('td', null, input), h('td', { class: 'num' }, formatVnd(current?.committed ?? 0)));
        return { unit, input, committed: current?.committed ?? 0, tr };
      });
      const filter = h('input', { type: 'search', class: 'input', id: 'plan-filter', autocomplete: 'off' });
      filter.addEventListener('input', () => {
        for (const row of rows) row.tr.hidden = Boolean(filter.value.trim()) && !matchesQuery(`${row.unit.name} ${row.unit.code}`, filter.value);
      });
      clear(
        body,
        rows.length
          ? [
              h('div', { class: 'field field-inline' }, h('label', { for: 'plan-filter' }, L('Lọc xã, phường', 'Filter wards')), filter),
              scrollTable(
                L('Kế hoạch theo xã, phường', 'Plan per ward'),
                h(
                  'table',
                  { class: 'plan-table' },
                  h('caption', { class: 'sr-only' }, L('Kế hoạch phân bổ theo xã, phường', 'Allocation plan per ward')),
                  h('thead', null, h('tr', null, h('th', { scope: 'col' }, L('Xã, phường', 'Ward')), h('th', { scope: 'col' }, L('Kế hoạch (đồng)', 'Planned (đồng)')), h('th', { scope: 'col', class: 'num' }, L('Đã duyệt chi', 'Committed')))),
                  h('tbody', null, rows.map((r) => r.tr)),
                ),
              ),
            ]
          : h('p', { class: 'muted' }, L('Quỹ này không gắn với một tỉnh: dán danh sách mã xã, phường và số tiền bên dưới.', 'This fund has no province: paste ward codes and amounts below.')),
      );
      describe();
      fill.disabled = save.disabled = false;
    } catch (error) {
      if (latest()) clear(body, errorBox(error));
    }
  };

  const fillAmount = amountInput('plan-fill');
  const fillField = field(L('Cùng một số tiền cho mọi xã, phường', 'The same amount for every ward'), fillAmount.input, { hint: fillAmount.words });
  const fill = h('button', { type: 'button', class: 'btn btn-ghost', 'data-action': 'fill' }, L('Điền cho tất cả', 'Fill in for all'));
  fill.addEventListener('click', () => {
    const value = fillAmount.value();
    if (!value) {
      fillField.setError(L('Nhập số tiền lớn hơn 0.', 'Enter an amount above 0.'));
      return;
    }
    fillField.setError(null);
    for (const row of rows) row.input.value = formatVnd(value, { symbol: false });
    describe();
  });
  const paste = h('textarea', { class: 'input', rows: '3', name: 'paste', placeholder: '26740,230000000' });
  const pasteField = field(L('Dán từ bảng tính: mỗi dòng "mã xã, số tiền"', 'Paste from a spreadsheet: one "ward code, amount" per line'), paste);
  const apply = h('button', { type: 'button', class: 'btn btn-ghost' }, L('Áp dụng', 'Apply'));
  apply.addEventListener('click', () => {
    pasteField.setError(null);
    const bad: number[] = [];
    paste.value.split(/\r?\n/).forEach((line, i) => {
      if (!line.trim()) return;
      const [code, amount] = line.split(/[,;\t]/).map((c) => c.trim());
      const value = parseAmount(amount ?? '');
      if (!code || !/^\d{5}$/.test(code) || value === null) return void bad.push(i + 1);
      let row = rows.find((r) => r.unit.code === code);
      if (!row) {
        const input = amountCell(L(`Kế hoạch cho ${code}`, `Planned for ${code}`), 0);
        const tr = h('tr', { 'data-ward': code }, h('th', { scope: 'row' }, code), h('td', null, input), h('td', { class: 'num' }, formatVnd(0)));
        row = { unit: { code, name: code }, input, committed: 0, tr };
        rows.push(row);
        body.querySelector('tbody')?.append(tr);
      }
      row.input.value = formatVnd(value, { symbol: false });
    });
    if (bad.length) pasteField.setError(L(`Không đọc được dòng ${bad.join(', ')}.`, `Could not read line(s) ${bad.join(', ')}.`));
    describe();
  });
  const save = h('button', { type: 'button', class: 'btn btn-primary', 'data-action': 'save-plan' }, L('Lưu kế hoạch', 'Save the plan'));
  save.addEventListener('click', async () => {
    clear(result);
    const items = rows.map((r) => ({ wardCode: r.unit.code, amount: parseAmount(r.input.value) ?? 0 })).filter((item) => item.amount > 0);
    const below = rows.find((r) => (parseAmount(r.input.value) ?? 0) < r.committed);
    if (below) {
      clear(result, errorBox(new Error(L(`${below.unit.name}: kế hoạch không thể thấp hơn ${formatVnd(below.committed)} đã duyệt chi.`, `${below.unit.name}: the plan cannot be below the ${formatVnd(below.committed)} already committed.`))));
      below.input.focus();
      return;
    }
    const request = { items, expectedVersion: version };
    const action = `plan:${fund.value}:${JSON.stringify(request)}`;
    save.disabled = true;
    try {
      const saved = await api<{ version: number; wardCount: number; total: number; changedWards: number }>(`/v1/funds/${fund.value}/plan`, { method: 'PUT', body: request, auth: true, idempotencyKey: keys.get(action) });
      keys.done(action);
      version = saved.version;
      describe();
      clear(result, successBox(L(`Đã lưu kế hoạch phiên bản ${saved.version}: ${saved.wardCount} xã, phường, tổng ${formatVnd(saved.total)} (${saved.changedWards} thay đổi).`, `Saved plan version ${saved.version}: ${saved.wardCount} wards, ${formatVnd(saved.total)} in all (${saved.changedWards} changed).`)));
    } catch (error) {
      if (error instanceof ApiError) {
        for (const e of error.problem.errors ?? []) {
          const index = /^body\.items\.(\d+)\./.exec(e.path);
          const item = index ? items[Number(index[1])] : undefined;
          rows.find((r) => r.unit.code === item?.wardCode)?.input.setAttribute('aria-invalid', 'true');
        }
      }
      clear(result, errorBox(error));
    } finally {
      save.disabled = false;
    }
  });
  fund.addEventListener('change', () => {
    history.replaceState(null, '', `/console/plan?fund=${fund.value}`);
    void load();
  });
  void load();
  return h(
    'div',
    null,
    h('div', { class: 'toolbar' }, field(L('Quỹ', 'Fund'), fund).wrap),
    canEdit ? null : roleNote(L('Chỉ quản trị viên hoặc người phê duyệt lập kế hoạch.', 'Only administrators and approvers set the plan.')),
    summary,
    canEdit ? h('div', { class: 'card plan-tools' }, fillField.wrap, fill, pasteField.wrap, apply) : null,
    body,
    canEdit ? h('div', { class: 'actions' }, save) : null,
    result,
  );
}
