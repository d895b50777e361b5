/**
 * The finance console: sign-in, receipts, statements, the unmatched queue, disbursements under
 * maker-checker, and the audit trail. Loaded on demand: none of it is in the portal's first load.
 */
import { api, setApiBase, setBearer } from '../api';
import { clear, h } from '../dom';
import { L } from '../i18n';
import type { Page, PageContext } from '../page';
import type { Fund } from '../types';
import { errorBox, loading, setTitle } from '../ui';
import { loadConfig, providerFor, roleLabel, storedSession, storeSession } from './auth';
import { consoleContext, type ConsoleTab, type Me } from './context';
import { approvalQueue, queueCountText } from './queue';

/** The tabs, each a chunk loaded when first opened. */
const TABS: { id: string; vi: string; en: string; load: () => Promise<ConsoleTab> }[] = [
  { id: 'approvals', vi: 'Chờ duyệt', en: 'To approve', load: async () => (await import('./approvals')).approvalsTab },
  { id: 'funds', vi: 'Quỹ', en: 'Funds', load: async () => (await import('./funds')).fundsTab },
  { id: 'receipts', vi: 'Khoản thu', en: 'Receipts', load: async () => (await import('./receipts')).receiptsTab },
  { id: 'statements', vi: 'Sao kê', en: 'Statements', load: async () => (await import('./statement-tabs')).statementsTab },
  { id: 'unmatched', vi: 'Chưa khớp', en: 'Unmatched', load: async () => (await import('./statement-tabs')).unmatchedTab },
  { id: 'mappings', vi: 'Mẫu sao kê', en: 'Statement layouts', load: async () => (await import('./statement-tabs')).mappingsTab },
  { id: 'disbursements', vi: 'Giải ngân', en: 'Disbursements', load: async () => (await import('./disbursements')).disbursementsTab },
  { id: 'plan', vi: 'Kế hoạch', en: 'Plan', load: async () => (await import('./plan')).planTab },
  { id: 'goods', vi: 'Hiện vật', en: 'Goods', load: async () => (await import('./goods')).goodsTab },
  { id: 'audit', vi: 'Lịch sử', en: 'Audit trail', load: async () => (await import('./audit')).auditTab },
  { id: 'organisations', vi: 'Tổ chức', en: 'Organisations', load: async () => (await import('./organisations')).organisationsTab },
  { id: 'org-statement', vi: 'Bảng kê tổ chức', en: 'Organisation statement', load: async () => (await import('./org-statement')).orgStatementTab },
  { id: 'supervision', vi: 'Giám sát', en: 'Supervision', load: async () => (await import('./supervision')).supervisionTab },
];

/** What a person signed in for an organisation works with: the lists it hands over. */
const ORGANISATION_TABS: typeof TABS = [{ id: 'batches', vi: 'Danh sách ủng hộ', en: 'Pledge lists', load: async () => (await import('./batches')).batchesTab }];

function signInView(root: HTMLElement, returnTo: string, navigate: PageContext['navigate']): Promise<void> {
  return loadConfig().then((config) => {
    const provider = providerFor(config);
    clear(
      root,
      h('h1', null, L('Đăng nhập cán bộ tài chính', 'Finance staff sign-in')),
      provider.render((session) => {
        storeSession(session);
        navigate(returnTo, { replace: true });
      }),
    );
  });
}

export const consolePage: Page = async ({ root, params, path, navigate }) => {
  setTitle(L('Bảng điều khiển tài chính', 'Finance console'));
  const config = await loadConfig();
  if (config.apiBase) setApiBase(config.apiBase);
  if (path === '/console/callback') {
    const provider = providerFor(config);
    try {
      const session = await provider.callback!(params);
      storeSession(session);
      navigate('/console', { replace: true });
    } catch (error) {
      clear(root, h('h1', null, L('Đăng nhập không thành công', 'Sign-in failed')), errorBox(error), h('a', { href: '/console' }, L('Thử lại', 'Try again')));
    }
    return;
  }
  const session = storedSession();
  if (!session) {
    setBearer(null);
    await signInView(root, path === '/console' ? '/console' : path + location.search, navigate);
    return;
  }
  setBearer(session.token);
  let me: Me;
  let funds: Fund[];
  try {
    if (session.orgId) {
      // Signed in for an organisation: no staff roles, the public funds to hand lists over to.
      me = { userId: session.user, roles: [], grants: [], orgId: session.orgId };
      funds = (await api<{ items: Fund[] }>('/v1/funds')).items;
    } else {
      [me, funds] = await Promise.all([api<Me>('/v1/me', { auth: true }), api<{ items: Fund[] }>('/v1/staff/funds', { auth: true }).then((r) => r.items)]);
    }
  } catch (error) {
    storeSession(null);
    clear(root, h('h1', null, L('Phiên đăng nhập đã hết hạn', 'Your session has ended')), errorBox(error), h('a', { href: '/console' }, L('Đăng nhập lại', 'Sign in again')));
    return;
  }
  const tabs = me.orgId ? ORGANISATION_TABS : TABS;
  // An approver's work is the queue; a clerk's starts with money in; a committee's admin with its funds.
  const landing = me.orgId ? tabs[0]!.id : me.roles.includes('finance-approver') && !me.roles.includes('finance-clerk') ? 'approvals' : me.roles.includes('finance-clerk') ? 'receipts' : 'funds';
  const tabId = path.split('/')[2] || landing;
  if (path === '/console' || path === '/console/') history.replaceState(null, '', `/console/${landing}${location.search}`);
  const tab = tabs.find((t) => t.id === tabId) ?? tabs.find((t) => t.id === landing)!;
  const queue = approvalQueue({ watch: !me.orgId });
  const ctx = consoleContext(session, me, funds, params, queue);
  const queueBadge = h('span', { class: 'badge badge-pending tab-count', 'data-testid': 'queue-count', hidden: true });
  const queueLabel = h('span', { class: 'sr-only' });
  queue.listen((snapshot) => {
    queueBadge.hidden = false;
    queueBadge.textContent = queueCountText(snapshot);
    queueLabel.textContent = L(` (${queueCountText(snapshot)} khoản chờ)`, ` (${queueCountText(snapshot)} waiting)`);
  });
  if (!me.orgId) void queue.first().catch(() => undefined);
  const body = h('div', { class: 'console-body' }, loading());
  clear(
    root,
    h(
      'div',
      { class: 'console-head' },
      h('h1', null, L('Bảng điều khiển tài chính', 'Finance console')),
      h(
        'p',
        { class: 'whoami', 'data-testid': 'whoami' },
        L('Đăng nhập: ', 'Signed in: '),
        h('strong', null, me.userId),
        me.orgId ? ` — ${L('tổ chức', 'organisation')} ${me.orgId} ` : ` — ${me.roles.map(roleLabel).join(', ')} `,
        h(
          'button',
          {
            type: 'button',
            class: 'btn btn-small btn-ghost',
            onclick: () => {
              storeSession(null);
              setBearer(null);
              providerFor(config).signOut(session);
              navigate('/console');
            },
          },
          L('Đăng xuất', 'Sign out'),
        ),
      ),
    ),
    h(
      'nav',
      { 'aria-label': L('Chức năng', 'Sections'), class: 'tabs' },
      h(
        'ul',
        null,
        tabs.map((t) =>
          h(
            'li',
            null,
            h('a', { href: `/console/${t.id}`, 'aria-current': t.id === tab.id ? 'page' : undefined }, L(t.vi, t.en), t.id === 'approvals' ? [' ', h('span', { 'aria-hidden': 'true' }, queueBadge), queueLabel] : null),
          ),
        ),
      ),
    ),
    body,
  );
  try {
    const render = await tab.load();
    clear(body, await render(ctx));
  } catch (error) {
    clear(body, errorBox(error));
  }
  return () => queue.stop();
};
