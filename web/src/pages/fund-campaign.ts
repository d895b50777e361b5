/**
 * The campaign parts of a fund's public page (DESIGN §12): the receiving window and the
 * distribution deadline (Decree 93/2021), every published account, goods received and handed
 * over beside the money, and the allocation plan per ward against what was disbursed and
 * confirmed, as a sortable table, a bar chart and a CSV file.
 */
import { api } from '../api';
import { clear, h, scrollTable, svg } from '../dom';
import { formatDate, formatDateTime, formatVnd, matchesQuery } from '../format';
import { L, pick } from '../i18n';
import type { Fund } from '../types';
import { definitionList, emptyState } from '../ui';
import { GOODS_UNIT_LABELS } from '../../../shared/domain/labels';
import { BOM, csvRow } from '../../../shared/reports/csv';

interface PlanWard {
  wardCode: string;
  wardName: string;
  planned: number;
  disbursed: number;
  confirmed: number;
}

interface GoodsUnitTotals {
  unit: string;
  receivedMilli: number;
  handedOverMilli: number;
  receivedValue: number;
  handedOverValue: number;
}

const unitName = (unit: string) => pick(GOODS_UNIT_LABELS[unit as keyof typeof GOODS_UNIT_LABELS] ?? { vi: unit, en: unit });
const quantity = (milli: number) => (milli / 1000).toLocaleString('vi-VN', { maximumFractionDigits: 3 });

/** The windows and the accounts, as the committee published them. */
export function campaignFacts(fund: Fund): HTMLElement {
  const closes = fund.receiving?.closesAt;
  return definitionList([
    [L('Nhận ủng hộ', 'Receiving'), h('span', { 'data-testid': 'receiving-window' }, `${fund.receiving?.opensAt ? formatDateTime(fund.receiving.opensAt) : formatDate(fund.opensOn)} → ${closes ? formatDateTime(closes) : L('chưa định ngày kết thúc', 'no end set yet')}`)],
    [L('Hạn phân bổ, giải ngân', 'Distribute by'), fund.distributionDeadline ? formatDate(fund.distributionDeadline) : L('chưa định', 'not set')],
    [
      L('Tài khoản nhận', 'Receiving accounts'),
      h('ul', { class: 'plain-list', 'data-testid': 'accounts' }, (fund.bankAccounts?.length ? fund.bankAccounts : [fund.bankAccount]).map((a) => h('li', null, h('span', { class: 'mono' }, a.accountNumber), ` — ${a.bankName} · ${a.accountName}`))),
    ],
  ]);
}

/** Goods beside the money: estimated value received and handed over, and quantities per unit. */
export async function goodsBlock(fund: Fund): Promise<HTMLElement> {
  const goods = await api<{ units: GoodsUnitTotals[] }>(`/v1/funds/${fund.fundId}/goods`).catch(() => ({ units: [] }));
  if (!goods.units.length) return emptyState(L('Quỹ chưa nhận hiện vật.', 'The fund has received no goods yet.'));
  const table = h(
    'table',
    { class: 'goods-table' },
    h('caption', { class: 'sr-only' }, L('Hiện vật theo đơn vị tính', 'Goods per unit')),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, L('Đơn vị', 'Unit')), h('th', { scope: 'col', class: 'num' }, L('Đã nhận', 'Received')), h('th', { scope: 'col', class: 'num' }, L('Đã trao', 'Handed over')), h('th', { scope: 'col', class: 'num' }, L('Giá trị ước tính', 'Estimated value')))),
    h(
      'tbody',
      null,
      goods.units.map((u) =>
        h('tr', { 'data-unit': u.unit }, h('th', { scope: 'row' }, unitName(u.unit)), h('td', { class: 'num' }, quantity(u.receivedMilli)), h('td', { class: 'num' }, quantity(u.handedOverMilli)), h('td', { class: 'num' }, formatVnd(u.receivedValue))),
      ),
    ),
  );
  return h(
    'div',
    null,
    h(
      'dl',
      { class: 'stats' },
      h('div', { class: 'stat', 'data-total': 'goodsReceived' }, h('dt', null, L('Hiện vật đã nhận (ước tính)', 'Goods received (estimated)')), h('dd', null, formatVnd(fund.totals.goodsReceived))),
      h('div', { class: 'stat', 'data-total': 'goodsHandedOver' }, h('dt', null, L('Hiện vật đã trao (ước tính)', 'Goods handed over (estimated)')), h('dd', null, formatVnd(fund.totals.goodsHandedOver))),
    ),
    scrollTable(L('Bảng hiện vật', 'Goods table'), table),
  );
}

type PlanKey = 'wardName' | 'planned' | 'disbursed' | 'confirmed';

function planCsv(rows: PlanWard[]): string {
  const lines = [csvRow(['ma_xa', 'ten_xa', 'ke_hoach', 'da_giai_ngan', 'da_xac_nhan']), ...rows.map((r) => csvRow([r.wardCode, r.wardName, r.planned, r.disbursed, r.confirmed]))];
  return BOM + lines.join('');
}

/** The wards with the largest plans, planned against disbursed and confirmed, as horizontal bars. */
function planChart(rows: PlanWard[]): SVGSVGElement {
  const top = [...rows].sort((a, b) => b.planned - a.planned || a.wardCode.localeCompare(b.wardCode)).slice(0, 12);
  const max = Math.max(1, ...top.map((r) => Math.max(r.planned, r.disbursed)));
  const [width, rowH, labelW] = [320, 22, 120];
  const bar = (value: number) => (Math.max(0, value) / max) * (width - labelW - 8);
  return svg(
    'svg',
    { class: 'chart plan-chart', viewBox: `0 0 ${width} ${top.length * rowH + 8}`, role: 'img', 'aria-label': L(`Kế hoạch và đã giải ngân của ${top.length} xã, phường có kế hoạch lớn nhất`, `Planned and disbursed for the ${top.length} wards with the largest plans`) },
    top.map((r, i) => [
      svg('text', { x: 0, y: i * rowH + 15, class: 'chart-label' }, r.wardName.length > 18 ? `${r.wardName.slice(0, 17)}…` : r.wardName),
      svg('rect', { x: labelW, y: i * rowH + 4, width: bar(r.planned), height: 14, class: 'bar-planned' }),
      svg('rect', { x: labelW, y: i * rowH + 8, width: bar(r.disbursed), height: 6, class: 'bar-disbursed' }),
    ]),
  );
}

/** Plan against actual per ward: sortable, searchable, drawn, and downloadable. */
export async function planBlock(fund: Fund): Promise<HTMLElement> {
  const plan = await api<{ version: number; items: PlanWard[] }>(`/v1/funds/${fund.fundId}/plan`).catch(() => ({ version: 0, items: [] as PlanWard[] }));
  if (!plan.version || !plan.items.length) return emptyState(L('Quỹ chưa công bố kế hoạch phân bổ.', 'The fund has not published an allocation plan.'));
  let sort: { key: PlanKey; dir: 1 | -1 } = { key: 'planned', dir: -1 };
  const search = h('input', { type: 'search', id: 'plan-search', class: 'input', autocomplete: 'off', placeholder: L('vd: ben thanh', 'e.g. ben thanh') });
  const body = h('tbody');
  const headers = new Map<PlanKey, HTMLTableCellElement>();
  const header = (key: PlanKey, label: string) => {
    const th = h('th', { scope: 'col', class: key === 'wardName' ? undefined : 'num' }, h('button', { type: 'button', class: 'sort', onclick: () => setSort(key) }, label, h('span', { class: 'sort-icon', 'aria-hidden': 'true' })));
    headers.set(key, th);
    return th;
  };
  const table = h(
    'table',
    { class: 'plan-table', 'data-testid': 'plan-table' },
    h('caption', { class: 'sr-only' }, L('Kế hoạch, đã giải ngân và đã xác nhận theo xã, phường (bấm tiêu đề cột để sắp xếp)', 'Planned, disbursed and confirmed per ward (select a column heading to sort)')),
    h('thead', null, h('tr', null, header('wardName', L('Xã, phường', 'Ward')), header('planned', L('Kế hoạch', 'Planned')), header('disbursed', L('Đã giải ngân', 'Disbursed')), header('confirmed', L('Đã xác nhận', 'Confirmed')))),
    body,
  );
  const setSort = (key: PlanKey) => {
    sort = sort.key === key ? { key, dir: sort.dir === 1 ? -1 : 1 } : { key, dir: key === 'wardName' ? 1 : -1 };
    draw();
  };
  const draw = () => {
    for (const [key, th] of headers) th.setAttribute('aria-sort', key === sort.key ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none');
    const shown = plan.items
      .filter((r) => !search.value.trim() || matchesQuery(`${r.wardName} ${r.wardCode}`, search.value))
      .sort((a, b) => (sort.key === 'wardName' ? a.wardName.localeCompare(b.wardName, 'vi') : a[sort.key] - b[sort.key]) * sort.dir || a.wardCode.localeCompare(b.wardCode));
    clear(
      body,
      shown.map((r) =>
        h('tr', { 'data-plan-ward': r.wardCode }, h('th', { scope: 'row' }, r.wardName), h('td', { class: 'num' }, formatVnd(r.planned)), h('td', { class: 'num' }, formatVnd(r.disbursed)), h('td', { class: 'num' }, formatVnd(r.confirmed))),
      ),
    );
  };
  search.addEventListener('input', draw);
  draw();
  const total = (key: 'planned' | 'disbursed' | 'confirmed') => plan.items.reduce((sum, r) => sum + r[key], 0);
  const csv = h('a', { class: 'btn btn-small btn-ghost', href: `data:text/csv;charset=utf-8,${encodeURIComponent(planCsv(plan.items))}`, download: `ke-hoach-${fund.fundId}.csv`, 'data-testid': 'plan-csv' }, L('Tải kế hoạch (CSV)', 'Download the plan (CSV)'));
  return h(
    'div',
    null,
    h('p', { 'data-testid': 'plan-summary' }, L(`${plan.items.length} xã, phường · kế hoạch ${formatVnd(total('planned'))} · đã giải ngân ${formatVnd(total('disbursed'))} · đã xác nhận ${formatVnd(total('confirmed'))}`, `${plan.items.length} wards · planned ${formatVnd(total('planned'))} · disbursed ${formatVnd(total('disbursed'))} · confirmed ${formatVnd(total('confirmed'))}`), ' ', csv),
    planChart(plan.items),
    h('div', { class: 'field field-inline' }, h('label', { for: 'plan-search' }, L('Tìm xã, phường trong kế hoạch', 'Find a ward in the plan')), search),
    scrollTable(L('Bảng kế hoạch phân bổ', 'Allocation plan table'), table),
  );
}
