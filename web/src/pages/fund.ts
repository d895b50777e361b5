/**
 * One fund: its windows and accounts, live totals, the daily chart, the plan against actual,
 * goods, the wards table, where the money went, published
 * donor names and the nightly report archive. Parts that other services are still adding
 * (per-ward and per-day totals, reports) fall back or show an empty state when they 404.
 */
import { api, apiOptional, fetchReportFile } from '../api';
import { clear, h, poll, scrollTable, type Child } from '../dom';
import { fold, formatDate, formatDateTime, formatInteger, formatTime, formatVnd, matchesQuery } from '../format';
import { bucketLabel, L, pick, proseDate } from '../i18n';
import type { Page } from '../page';
import type { Fund, FundTotals, PublicDisbursement, ReportListItem } from '../types';
import { statusBadge, DISBURSEMENT_STATUS } from '../status';
import { emptyState, errorBox, loading, money, progressBar, setTitle } from '../ui';
import { dailyChart, type DayPoint } from './chart';
import { donorsSection } from './donors';
import { flagsSection } from './flags';
import { campaignFacts, goodsBlock, planBlock } from './fund-campaign';

const TOTALS_POLL_MS = 5_000;
/** The chart, the payouts and the wards move with the money in too: on a busy fund, redrawn at most this often for it. */
const LIVE_REDRAW_MS = 30_000;

type Json = Record<string, unknown>;

function rowsOf(body: unknown): Json[] {
  if (Array.isArray(body)) return body as Json[];
  const object = body as Json | null;
  for (const key of ['items', 'wards', 'days']) if (Array.isArray(object?.[key])) return object![key] as Json[];
  return [];
}

function totalsOf(row: Json): Partial<FundTotals> {
  return (row.totals && typeof row.totals === 'object' ? row.totals : row) as Partial<FundTotals>;
}

const num = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/** Per-day figures: the live endpoint, else the latest nightly report's summary. */
async function loadDays(fundId: string): Promise<{ points: DayPoint[]; source: string | null }> {
  const live = await apiOptional<unknown>(`/v1/funds/${fundId}/days`).catch(() => null);
  const rows = rowsOf(live);
  if (rows.length) {
    return {
      points: rows.map((row) => ({ day: String(row.day ?? row.date ?? ''), received: num(totalsOf(row).received), disbursed: num(totalsOf(row).disbursed) })).filter((p) => p.day),
      source: null,
    };
  }
  const summary = await loadSummary(fundId);
  if (summary?.days?.length) {
    return { points: summary.days.map((d) => ({ day: d.day, received: num(d.totals.received), disbursed: num(d.totals.disbursed) })), source: summary.date };
  }
  return { points: [], source: null };
}

interface ReportSummaryLite {
  date: string;
  days?: { day: string; totals: Partial<FundTotals> }[];
  wards?: { wardCode: string; wardName: string | null; totals: Partial<FundTotals> }[];
}

let summaryCache: { fundId: string; at: number; value: Promise<ReportSummaryLite | null> } | undefined;

function loadSummary(fundId: string): Promise<ReportSummaryLite | null> {
  if (summaryCache && summaryCache.fundId === fundId && Date.now() - summaryCache.at < 60_000) return summaryCache.value;
  const value = fetchReportFile(fundId, 'latest', 'summary.json')
    .then((r) => (r ? (r.json() as Promise<ReportSummaryLite>) : null))
    .catch(() => null);
  summaryCache = { fundId, at: Date.now(), value };
  return value;
}

interface WardRow {
  code: string;
  name: string;
  approved: number;
  disbursed: number;
  count: number;
}

/** Wards: live per-ward totals when the API has them, else summed from the public disbursements. */
async function loadWards(fund: Fund, disbursements: PublicDisbursement[]): Promise<{ rows: WardRow[]; live: boolean }> {
  const live = await apiOptional<unknown>(`/v1/funds/${fund.fundId}/wards`).catch(() => null);
  const liveRows = rowsOf(live);
  const rows = new Map<string, WardRow>();
  const row = (code: string) => {
    let r = rows.get(code);
    if (!r) rows.set(code, (r = { code, name: '', approved: 0, disbursed: 0, count: 0 }));
    return r;
  };
  for (const item of liveRows) {
    const code = String(item.wardCode ?? item.code ?? item.ward ?? '');
    if (!code) continue;
    const r = row(code);
    const totals = totalsOf(item);
    r.name = String(item.wardName ?? item.name ?? '');
    r.approved = num(totals.approved);
    r.disbursed = num(totals.disbursed);
  }
  for (const d of disbursements) {
    if (!('wardCode' in d.beneficiary)) continue;
    const r = row(d.beneficiary.wardCode);
    r.name ||= d.beneficiary.wardName ?? '';
    r.count++;
    if (!liveRows.length) {
      if (d.status === 'APPROVED') r.approved += d.amount;
      else r.disbursed += d.amount;
    }
  }
  const unnamed = [...rows.values()].filter((r) => !r.name);
  if (unnamed.length && fund.provinceCode) {
    const units = await apiOptional<{ items: { code: string; name: string }[] }>(`/v1/admin-units?province=${fund.provinceCode}&limit=500`).catch(() => null);
    const names = new Map(units?.items.map((u) => [u.code, u.name]));
    for (const r of unnamed) r.name = names.get(r.code) ?? '';
  }
  return { rows: [...rows.values()], live: liveRows.length > 0 };
}

function section(id: string, title: string, ...children: Child[]): HTMLElement {
  return h('section', { class: 'section', 'aria-labelledby': id }, h('h2', { id, class: 'section-title' }, title), ...children);
}

function totalsBlock(fund: Fund): HTMLElement {
  const t = fund.totals;
  const stat = (label: string, value: Child, key: string) => h('div', { class: 'stat', 'data-total': key }, h('dt', null, label), h('dd', null, value));
  return h(
    'div',
    null,
    progressBar(t.received, fund.target, L('Tiến độ so với mục tiêu', 'Progress toward the target')),
    fund.target ? h('p', { class: 'progress-text' }, L(`Mục tiêu: ${formatVnd(fund.target)}`, `Target: ${formatVnd(fund.target)}`)) : null,
    h(
      'dl',
      { class: 'stats stats-wide' },
      (['received', 'pledged', 'disbursed', 'approved', 'balance', 'available'] as const).map((bucket) => stat(bucketLabel(bucket), money(t[bucket]), bucket)),
      stat(L('Lượt ủng hộ', 'Donors'), formatInteger(t.donorCount), 'donorCount'),
      stat(L('Giao dịch đã nhận', 'Receipts'), formatInteger(t.receiptCount), 'receiptCount'),
    ),
  );
}

type SortKey = 'name' | 'disbursed' | 'approved' | 'count';

function wardsSection(): { el: HTMLElement; set(rows: WardRow[], live: boolean): void } {
  let rows: WardRow[] = [];
  let sort: { key: SortKey; dir: 1 | -1 } = { key: 'disbursed', dir: -1 };
  const search = h('input', { type: 'search', id: 'ward-search', class: 'input', autocomplete: 'off', placeholder: L('vd: sai gon', 'e.g. sai gon') });
  const body = h('tbody');
  const note = h('p', { class: 'muted', role: 'status', 'aria-live': 'polite' });
  const source = h('p', { class: 'muted small' });
  const headers = new Map<SortKey, HTMLTableCellElement>();
  const headerCell = (key: SortKey, label: string, numeric: boolean) => {
    const th = h(
      'th',
      { scope: 'col', class: numeric ? 'num' : undefined },
      h('button', { type: 'button', class: 'sort', onclick: () => setSort(key) }, label, h('span', { class: 'sort-icon', 'aria-hidden': 'true' })),
    );
    headers.set(key, th);
    return th;
  };
  const table = h(
    'table',
    { class: 'wards-table stack' },
    h('caption', { class: 'sr-only' }, L('Giải ngân theo xã, phường (bấm tiêu đề cột để sắp xếp)', 'Disbursements per commune and ward (select a column heading to sort)')),
    h('thead', null, h('tr', null, headerCell('name', L('Xã, phường', 'Commune / ward'), false), headerCell('disbursed', bucketLabel('disbursed'), true), headerCell('approved', bucketLabel('approved'), true), headerCell('count', L('Số khoản', 'Payments'), true))),
    body,
  );
  const setSort = (key: SortKey) => {
    sort = sort.key === key ? { key, dir: sort.dir === 1 ? -1 : 1 } : { key, dir: key === 'name' ? 1 : -1 };
    draw();
  };
  const draw = () => {
    for (const [key, th] of headers) th.setAttribute('aria-sort', key === sort.key ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none');
    const query = search.value;
    const shown = rows
      .filter((r) => !query.trim() || matchesQuery(`${r.name} ${r.code}`, query))
      .sort((a, b) => {
        const diff = sort.key === 'name' ? fold(a.name || a.code).localeCompare(fold(b.name || b.code), 'vi') : a[sort.key] - b[sort.key];
        return diff * sort.dir || a.code.localeCompare(b.code);
      });
    clear(
      body,
      shown.slice(0, 300).map((r) =>
        h(
          'tr',
          { 'data-ward': r.code },
          h('th', { scope: 'row' }, r.name || L('Không rõ tên', 'Unnamed'), h('span', { class: 'code' }, ` ${r.code}`)),
          h('td', { class: 'num', 'data-label': bucketLabel('disbursed') }, formatVnd(r.disbursed)),
          h('td', { class: 'num', 'data-label': bucketLabel('approved') }, formatVnd(r.approved)),
          h('td', { class: 'num', 'data-label': L('Số khoản', 'Payments') }, String(r.count)),
        ),
      ),
    );
    if (!rows.length) note.textContent = L('Chưa có khoản giải ngân nào tới xã, phường.', 'No commune or ward has received money yet.');
    else if (!shown.length) note.textContent = L(`Không có xã, phường nào khớp “${query}”.`, `No commune or ward matches “${query}”.`);
    else note.textContent = L(`${shown.length} xã, phường`, shown.length === 1 ? '1 commune or ward' : `${shown.length} communes and wards`) + (shown.length > 300 ? L(' (hiện 300 đầu tiên)', ' (first 300 shown)') : '');
  };
  search.addEventListener('input', draw);
  const el = h(
    'div',
    null,
    h('div', { class: 'field field-inline' }, h('label', { for: 'ward-search' }, L('Tìm xã, phường (gõ không dấu cũng được)', 'Find a commune or ward (accents optional)')), search),
    note,
    scrollTable(L('Bảng xã, phường', 'Communes and wards table'), table),
    source,
  );
  return {
    el,
    set(next, live) {
      rows = next;
      source.textContent = live
        ? L('Số liệu trực tiếp theo xã, phường.', 'Live per-ward totals.')
        : L('Tổng hợp từ các khoản giải ngân đã công bố.', 'Summed from the published disbursements.');
      draw();
    },
  };
}

/** The evidence file and the SHA-256 journaled when it was filed: what anyone can hash a copy against. */
function evidenceCell(files: PublicDisbursement['evidence']): Child {
  if (!files.length) return h('span', { class: 'muted' }, '—');
  return files.map((file) =>
    h(
      'span',
      { class: 'block' },
      file.fileName,
      file.sha256 ? h('span', { class: 'small code block hash', 'data-sha256': file.sha256, title: 'SHA-256' }, `SHA-256 ${file.sha256}`) : null,
    ),
  );
}

function disbursementsTable(items: PublicDisbursement[], flag: (ref: string) => void): HTMLElement {
  if (!items.length) return emptyState(L('Chưa có khoản giải ngân nào được duyệt.', 'No disbursement has been approved yet.'), L('Khi một khoản chi được phê duyệt, nó sẽ hiện ở đây cùng nơi nhận.', 'Approved disbursements appear here with who received them.'));
  const rows = [...items].reverse();
  return scrollTable(
    L('Bảng giải ngân', 'Disbursements table'),
    h(
      'table',
      { class: 'disbursements-table stack' },
      h('caption', { class: 'sr-only' }, L('Các khoản giải ngân', 'Disbursements')),
      h(
        'thead',
        null,
        h('tr', null, h('th', { scope: 'col' }, L('Mã', 'Code')), h('th', { scope: 'col' }, L('Nơi nhận', 'Recipient')), h('th', { scope: 'col' }, L('Mục đích', 'Purpose')), h('th', { scope: 'col', class: 'num' }, L('Số tiền', 'Amount')), h('th', { scope: 'col' }, L('Trạng thái', 'Status')), h('th', { scope: 'col' }, L('Chứng từ', 'Evidence')), h('th', { scope: 'col' }, L('Giám sát', 'Supervision'))),
      ),
      h(
        'tbody',
        null,
        rows.map((d) =>
          h(
            'tr',
            { 'data-ref': d.ref },
            h('th', { scope: 'row', class: 'code' }, d.ref),
            h('td', { 'data-label': L('Nơi nhận', 'Recipient') }, 'wardCode' in d.beneficiary ? d.beneficiary.wardName ?? d.beneficiary.wardCode : d.beneficiary.organisation),
            h('td', { 'data-label': L('Mục đích', 'Purpose') }, d.purpose),
            h('td', { class: 'num', 'data-label': L('Số tiền', 'Amount') }, formatVnd(d.amount)),
            h('td', { 'data-label': L('Trạng thái', 'Status') }, statusBadge(d.status, DISBURSEMENT_STATUS), d.paidAt ? h('span', { class: 'small muted block' }, formatDateTime(d.paidAt)) : null),
            h('td', { 'data-label': L('Chứng từ', 'Evidence') }, evidenceCell(d.evidence ?? [])),
            h('td', { 'data-label': L('Giám sát', 'Supervision') }, h('button', { type: 'button', class: 'btn btn-small', 'data-flag-ref': d.ref, onClick: () => flag(d.ref) }, L('Báo sai sót', 'Flag'), h('span', { class: 'sr-only' }, ` ${d.ref}`))),
          ),
        ),
      ),
    ),
  );
}

const REPORT_FILES: [string, string, string][] = [
  ['report.html', 'Báo cáo', 'Report'],
  ['entries.csv', 'Giao dịch (CSV)', 'Entries (CSV)'],
  ['disbursements.csv', 'Giải ngân (CSV)', 'Disbursements (CSV)'],
  ['summary.json', 'Tổng hợp (JSON)', 'Summary (JSON)'],
  ['manifest.json', 'Bản kê ký số', 'Signed manifest'],
  ['iati-activity.xml', 'Dữ liệu mở IATI (XML)', 'IATI open data (XML)'],
  ['360giving.json', 'Dữ liệu mở 360Giving (JSON)', '360Giving open data (JSON)'],
];

/**
 * The open-data files are linked at the bucket's copy on the portal's own origin (`/reports/…`,
 * CloudFront in AWS, the twin locally): a browser saves a same-origin link under its name, where
 * the API's redirect to storage would open the XML or JSON in the tab instead.
 */
function reportFileHref(fundId: string, report: ReportListItem, name: string): string {
  if (name === 'iati-activity.xml' || name === '360giving.json') return `/reports/${encodeURIComponent(fundId)}/${encodeURIComponent(report.date)}/${name}`;
  return report.files[name]!;
}

function reportsTable(fundId: string, items: ReportListItem[] | null): HTMLElement {
  if (!items) return emptyState(L('Kho báo cáo chưa sẵn sàng.', 'The report archive is not available yet.'));
  if (!items.length) return emptyState(L('Chưa có báo cáo hằng đêm nào.', 'No nightly report yet.'), L('Báo cáo được lập lúc 00:30 mỗi đêm, ký số và không bao giờ sửa đổi.', 'Reports are made at 00:30 every night, signed, and never changed.'));
  return scrollTable(
    L('Kho báo cáo', 'Report archive'),
    h(
      'table',
      { class: 'reports-table stack' },
      h('caption', { class: 'sr-only' }, L('Báo cáo hằng đêm', 'Nightly reports')),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, L('Ngày', 'Date')), h('th', { scope: 'col', class: 'num' }, L('Số giao dịch', 'Entries')), h('th', { scope: 'col' }, L('Tải về', 'Downloads')), h('th', { scope: 'col' }, L('Kiểm chứng', 'Verify')))),
      h(
        'tbody',
        null,
        items.map((r) =>
          h(
            'tr',
            { 'data-date': r.date },
            h('th', { scope: 'row' }, formatDate(r.date)),
            h('td', { class: 'num', 'data-label': L('Số giao dịch', 'Entries') }, formatInteger(r.treeSize)),
            h('td', { 'data-label': L('Tải về', 'Downloads') }, h('ul', { class: 'inline-list' }, REPORT_FILES.filter(([name]) => r.files[name]).map(([name, vi, en]) => h('li', null, h('a', { href: reportFileHref(fundId, r, name), download: name === 'report.html' ? undefined : name, 'data-file': name }, L(vi, en), h('span', { class: 'sr-only' }, ` ${formatDate(r.date)}`)))))),
            h('td', { 'data-label': L('Kiểm chứng', 'Verify') }, h('a', { href: `/verify?fund=${fundId}&date=${r.date}` }, L('Kiểm chứng', 'Verify'), h('span', { class: 'sr-only' }, ` ${formatDate(r.date)}`))),
          ),
        ),
      ),
    ),
  );
}

export const fundPage: Page = async ({ root, match }) => {
  const fundId = match[1]!;
  let fund: Fund;
  try {
    fund = await api<Fund>(`/v1/funds/${fundId}`);
  } catch (error) {
    setTitle(L('Không tìm thấy quỹ', 'Fund not found'));
    clear(root, h('h1', null, L('Không tìm thấy quỹ', 'Fund not found')), errorBox(error), h('p', null, h('a', { href: '/' }, L('Xem các quỹ', 'See all funds'))));
    return;
  }
  setTitle(pick(fund.name));
  const totalsSlot = h('div', { id: 'totals' });
  const chartSlot = h('div', { class: 'chart-slot' }, loading());
  const wards = wardsSection();
  const disbursementsSlot = h('div', null, loading());
  const donors = donorsSection(fundId);
  const flags = flagsSection(fundId);
  const reportsSlot = h('div', null, loading());
  const updated = h('p', { class: 'muted small live-note' });
  const planSlot = h('div', null, loading());
  const goodsSlot = h('div', null, loading());
  clear(
    root,
    h('p', { class: 'breadcrumb' }, h('a', { href: '/' }, L('Các quỹ', 'Funds'))),
    h('h1', null, pick(fund.name)),
    h('p', { class: 'lead' }, pick(fund.description)),
    h(
      'div',
      { class: 'fund-actions' },
      fund.status === 'OPEN' ? h('a', { class: 'btn btn-primary', href: `/pledge?fund=${fund.fundId}` }, L('Ủng hộ quỹ này', 'Donate to this fund')) : h('p', { class: 'badge badge-muted' }, L('Quỹ đã đóng', 'This fund is closed')),
    ),
    campaignFacts(fund),
    section('h-totals', L('Tổng quan', 'Totals'), totalsSlot, updated),
    section('h-days', L('Theo ngày', 'Day by day'), chartSlot),
    section('h-plan', L('Kế hoạch phân bổ và thực hiện', 'Allocation plan and what was done'), planSlot),
    section('h-goods', L('Hiện vật', 'Goods'), goodsSlot),
    section('h-wards', L('Theo xã, phường, đặc khu', 'By commune and ward'), wards.el),
    section('h-disb', L('Tiền đã đi đâu', 'Where the money went'), disbursementsSlot),
    section('h-flags', L('Giám sát: báo sai sót và trả lời', 'Supervision: flags and answers'), flags.el),
    section('h-donors', L('Nhà hảo tâm', 'Donors'), donors.el),
    section('h-reports', L('Báo cáo hằng đêm', 'Nightly reports'), reportsSlot),
  );
  // Money out (approvals, payouts, confirmations) redraws the payouts and wards at once; money in
  // (a busy fund's pledges every few seconds) at most every LIVE_REDRAW_MS.
  const moneyOut = (f: Fund) => JSON.stringify([f.totals.approved, f.totals.disbursed, f.totals.confirmed]);
  let lastOut = moneyOut(fund);
  let lastTotals = JSON.stringify(fund.totals);
  let drawnAt = Date.now();
  const drawTotals = (f: Fund) => {
    clear(totalsSlot, totalsBlock(f));
    updated.textContent = L(`Cập nhật lúc ${formatTime(new Date().toISOString())}`, `Updated ${formatTime(new Date().toISOString())}`);
  };
  drawTotals(fund);

  /** What moves with the money: drawn when the page opens, and again only when the totals change. */
  const loadLive = async () => {
    const [disbursements, days] = await Promise.all([
      api<{ items: PublicDisbursement[] }>(`/v1/funds/${fundId}/disbursements`).then((r) => r.items).catch((e: unknown) => e as Error),
      loadDays(fundId).catch(() => ({ points: [], source: null })),
    ]);
    if (disbursements instanceof Error) {
      clear(disbursementsSlot, errorBox(disbursements));
    } else {
      clear(disbursementsSlot, disbursementsTable(disbursements, flags.open));
      const w = await loadWards(fund, disbursements).catch(() => ({ rows: [], live: false }));
      wards.set(w.rows, w.live);
    }
    clear(
      chartSlot,
      days.points.length
        ? [dailyChart(days.points), days.source ? h('p', { class: 'muted small' }, L(`Theo báo cáo ${proseDate(days.source)}.`, `From the report of ${proseDate(days.source)}.`)) : null]
        : emptyState(L('Chưa có số liệu theo ngày.', 'No daily figures yet.'), L('Biểu đồ sẽ hiện khi có số liệu theo ngày.', 'The chart appears once daily figures are available.')),
    );
  };
  /** Nightly reports and donors change at most once a night or with a pledge: read once. */
  const loadOnce = async () => {
    const reports = await apiOptional<{ items: ReportListItem[] }>(`/v1/reports?fundId=${fundId}`).then((r) => r?.items ?? null).catch(() => null);
    clear(reportsSlot, reportsTable(fundId, reports));
  };
  await Promise.all([loadLive(), loadOnce(), donors.load(), flags.load(), planBlock(fund).then((el) => clear(planSlot, el)), goodsBlock(fund).then((el) => clear(goodsSlot, el))]);
  return poll(async () => {
    const next = await api<Fund>(`/v1/funds/${fundId}`);
    drawTotals(next);
    const totals = JSON.stringify(next.totals);
    const out = moneyOut(next);
    if (out !== lastOut || (totals !== lastTotals && Date.now() - drawnAt >= LIVE_REDRAW_MS)) {
      [lastOut, lastTotals, drawnAt] = [out, totals, Date.now()];
      await loadLive();
    }
  }, TOTALS_POLL_MS);
};
