/**
 * The committee's campaigns (DESIGN §12.1): every fund the signed-in person's grants cover,
 * drafts included, with its state, its windows, a warning for each deadline that comes within a
 * week (or has passed), and for admins the next step of its life: open, close receiving, close.
 */
import { api } from '../api';
import { clear, h } from '../dom';
import { formatDate, formatDateTime, formatVnd } from '../format';
import { L, pick } from '../i18n';
import { FUND_STATUS_LABELS, labelOf } from '../../../shared/domain/labels';
import type { ConsoleContext } from './context';
import { fundForm } from './fund-form';
import { ActionKeys, roleNote, textField } from './shared';
import { errorBox, loading } from './view';

export interface StaffFund {
  fundId: string;
  code: string;
  name: { vi: string; en: string };
  status: 'DRAFT' | 'OPEN' | 'RECEIVING_CLOSED' | 'CLOSED';
  kind: string;
  target?: number;
  version: number;
  committeeId: string;
  bankAccounts: { bankName: string; accountNumber: string }[];
  receiving: { opensAt: string; closesAt?: string };
  distributionDeadline?: string;
  acceptsPledges: boolean;
  deadlines: { kind: 'receiving-opens' | 'receiving-closes' | 'distribution'; at: string; daysLeft: number; passed: boolean }[];
  totals: { received: number; disbursed: number };
}

const WARN_DAYS = 7;

/** The warnings a fund's deadlines call for: those within a week, and those passed while the fund still runs. */
export function deadlineWarnings(fund: Pick<StaffFund, 'deadlines' | 'status'>): { kind: string; text: string; passed: boolean }[] {
  const what: Record<string, [string, string]> = {
    'receiving-opens': ['bắt đầu nhận ủng hộ', 'receiving opens'],
    'receiving-closes': ['kết thúc nhận ủng hộ', 'receiving closes'],
    distribution: ['hạn phân bổ, giải ngân', 'the distribution deadline'],
  };
  return fund.deadlines
    .filter((d) => d.passed || d.daysLeft < WARN_DAYS)
    .filter((d) => !(d.passed && d.kind === 'receiving-closes' && fund.status !== 'OPEN'))
    .map((d) => {
      const [vi, en] = what[d.kind]!;
      const when = formatDateTime(d.at);
      const text = d.passed
        ? L(`Đã quá ${vi} (${when})`, `Past ${en} (${when})`)
        : d.daysLeft === 0
          ? L(`Hôm nay: ${vi} (${when})`, `Today: ${en} (${when})`)
          : L(`Còn ${d.daysLeft} ngày đến ${vi} (${when})`, `${d.daysLeft} day(s) until ${en} (${when})`);
      return { kind: d.kind, text, passed: d.passed };
    });
}

function fundCard(ctx: ConsoleContext, fund: StaffFund, keys: ActionKeys, replace: (next: StaffFund) => void): HTMLElement {
  const status = h('div', { 'aria-live': 'polite' });
  const act = async (action: 'open' | 'close-receiving' | 'close', body: Record<string, unknown>, button: HTMLButtonElement) => {
    button.disabled = true;
    clear(status);
    try {
      const next = await api<StaffFund>(`/v1/funds/${fund.fundId}/${action}`, { method: 'POST', body, auth: true, idempotencyKey: keys.get(`${fund.fundId}:${action}`) });
      keys.done(`${fund.fundId}:${action}`);
      replace(next);
    } catch (error) {
      clear(status, errorBox(error));
      button.disabled = false;
    }
  };
  const actions: HTMLElement[] = [];
  if (ctx.has('admin')) {
    if (fund.status === 'DRAFT') {
      const open = h('button', { type: 'button', class: 'btn btn-primary', 'data-action': 'open' }, L('Mở quỹ', 'Open the fund'));
      open.addEventListener('click', () => void act('open', { expectedVersion: fund.version }, open));
      actions.push(open);
    }
    if (fund.status === 'OPEN') {
      const close = h('button', { type: 'button', class: 'btn btn-danger', 'data-action': 'close-receiving' }, L('Kết thúc nhận ủng hộ', 'Close receiving'));
      const confirmId = `confirm-close-${fund.fundId}`;
      const confirm = h('p', { id: confirmId, class: 'alert alert-warn', hidden: true, role: 'alert' }, L('Bấm lần nữa để xác nhận: sau đó quỹ không nhận đăng ký ủng hộ mới; tiền chuyển đến muộn vẫn được ghi nhận và đánh dấu muộn.', 'Press again to confirm: the fund then takes no new pledge; money that still arrives is counted and marked late.'));
      close.setAttribute('aria-describedby', confirmId);
      close.addEventListener('click', () => {
        if (confirm.hidden) {
          confirm.hidden = false;
          return;
        }
        void act('close-receiving', { expectedVersion: fund.version, reason: 'Kết thúc đợt vận động' }, close);
      });
      actions.push(h('div', { class: 'action' }, close, confirm));
    }
    if (fund.status === 'RECEIVING_CLOSED') {
      const reason = textField(L(`Lý do đóng quỹ ${fund.code}`, `Why close ${fund.code}`), `close-reason-${fund.fundId}`, { value: L('Đã phân bổ hết, quyết toán xong', 'Fully distributed and accounted for') });
      const close = h('button', { type: 'button', class: 'btn btn-danger', 'data-action': 'close' }, L('Đóng quỹ', 'Close the fund'));
      close.addEventListener('click', () => void act('close', { expectedVersion: fund.version, reason: reason.input.value.trim() || 'Kết thúc' }, close));
      actions.push(h('div', { class: 'action' }, reason.wrap, close));
    }
  }
  const warnings = deadlineWarnings(fund);
  return h(
    'article',
    { class: 'card fund-admin', 'data-fund': fund.fundId, 'data-status': fund.status },
    h('h3', { class: 'card-title' }, pick(fund.name), ' ', h('span', { class: 'badge badge-muted', 'data-testid': 'fund-status' }, pick(labelOf(FUND_STATUS_LABELS, fund.status)))),
    h('p', { class: 'muted small' }, `${fund.code} · ${fund.committeeId} · ${L('phiên bản', 'version')} ${fund.version}`),
    warnings.map((w) => h('p', { class: `alert ${w.passed ? 'alert-error' : 'alert-warn'}`, 'data-deadline': w.kind }, w.text)),
    h(
      'dl',
      { class: 'facts' },
      h('div', null, h('dt', null, L('Nhận ủng hộ', 'Receiving')), h('dd', null, `${formatDateTime(fund.receiving.opensAt)} → ${fund.receiving.closesAt ? formatDateTime(fund.receiving.closesAt) : L('chưa định', 'open-ended')}`)),
      fund.distributionDeadline ? h('div', null, h('dt', null, L('Hạn phân bổ', 'Distribute by')), h('dd', null, formatDate(fund.distributionDeadline))) : null,
      h('div', null, h('dt', null, L('Tài khoản', 'Accounts')), h('dd', null, fund.bankAccounts.map((a) => `${a.bankName} ${a.accountNumber}`).join(' · '))),
      h('div', null, h('dt', null, L('Đã nhận / đã chi', 'Received / disbursed')), h('dd', null, `${formatVnd(fund.totals.received)} / ${formatVnd(fund.totals.disbursed)}`)),
    ),
    actions.length ? h('div', { class: 'actions' }, actions) : null,
    status,
    h(
      'p',
      { class: 'small' },
      h('a', { href: `/console/plan?fund=${fund.fundId}` }, L('Kế hoạch phân bổ', 'Allocation plan'), h('span', { class: 'sr-only' }, ` ${fund.code}`)),
      ' · ',
      h('a', { href: `/console/goods?fund=${fund.fundId}` }, L('Hiện vật', 'Goods'), h('span', { class: 'sr-only' }, ` ${fund.code}`)),
      ' · ',
      h('a', { href: `/funds/${fund.fundId}` }, L('Trang công khai', 'Public page'), h('span', { class: 'sr-only' }, ` ${fund.code}`)),
    ),
  );
}

/** The committees an admin may open a fund for: those their admin grants name, and the ones right below a grant with children. */
async function adminCommittees(ctx: ConsoleContext): Promise<{ id: string; name: string }[]> {
  const grants = ctx.me.grants.filter((g) => g.role === 'admin');
  const out = new Map<string, string>();
  for (const grant of grants) {
    const self = await api<{ committeeId: string; name: { vi: string; en: string } }>(`/v1/committees/${grant.committeeId}`, { auth: true }).catch(() => null);
    if (self) out.set(self.committeeId, pick(self.name));
    if (grant.children) {
      const children = await api<{ items: { committeeId: string; name: { vi: string; en: string } }[] }>(`/v1/committees?parentId=${grant.committeeId}`, { auth: true }).catch(() => ({ items: [] }));
      for (const child of children.items) out.set(child.committeeId, `— ${pick(child.name)}`);
    }
  }
  return [...out].map(([id, name]) => ({ id, name }));
}

export async function fundsTab(ctx: ConsoleContext): Promise<HTMLElement> {
  const keys = new ActionKeys();
  const list = h('div', { class: 'fund-list' }, loading());
  const cards = new Map<string, HTMLElement>();
  const show = (fund: StaffFund) => {
    const card = fundCard(ctx, fund, keys, show);
    const existing = cards.get(fund.fundId);
    if (existing) existing.replaceWith(card);
    else list.prepend(card);
    cards.set(fund.fundId, card);
  };
  const load = async () => {
    try {
      const funds = (await api<{ items: StaffFund[] }>('/v1/staff/funds', { auth: true })).items;
      clear(list);
      cards.clear();
      for (const fund of [...funds].reverse()) show(fund);
      if (!funds.length) list.append(h('p', { class: 'muted' }, L('Chưa có quỹ nào trong phạm vi của bạn.', 'No fund in your scope yet.')));
    } catch (error) {
      clear(list, errorBox(error));
    }
  };
  void load();
  const form = ctx.has('admin')
    ? fundForm(await adminCommittees(ctx), (created) => show(created as StaffFund))
    : roleNote(L('Chỉ quản trị viên của ủy ban lập và đóng quỹ.', 'Only a committee’s administrators open and close funds.'));
  return h(
    'div',
    { class: 'console-grid' },
    h('section', { 'aria-labelledby': 'h-funds' }, h('h2', { id: 'h-funds', class: 'section-title' }, L('Các quỹ của ủy ban', 'The committee’s funds')), list),
    form,
  );
}
