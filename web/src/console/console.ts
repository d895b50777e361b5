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

/** The tabs, each a chunk loaded when first opened. */
const TABS: { id: string; vi: string; en: string; load: () => Promise<ConsoleTab> }[] = [
  { id: 'receipts', vi: 'Khoản thu', en: 'Receipts', load: async () => (await import('./receipts')).receiptsTab },
  { id: 'statements', vi: 'Sao kê', en: 'Statements', load: async () => (await import('./statement-tabs')).statementsTab },
  { id: 'unmatched', vi: 'Chưa khớp', en: 'Unmatched', load: async () => (await import('./statement-tabs')).unmatchedTab },
  { id: 'mappings', vi: 'Mẫu sao kê', en: 'Statement layouts', load: async () => (await import('./statement-tabs')).mappingsTab },
  { id: 'disbursements', vi: 'Giải ngân', en: 'Disbursements', load: async () => (await import('./disbursements')).disbursementsTab },
  { id: 'audit', vi: 'Lịch sử', en: 'Audit trail', load: async () => (await import('./audit')).auditTab },
];

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
    await signInView(root, path === '/console' ? '/console/receipts' : path + location.search, navigate);
    return;
  }
  setBearer(session.token);
  let me: Me;
  let funds: Fund[];
  try {
    [me, funds] = await Promise.all([api<Me>('/v1/me', { auth: true }), api<{ items: Fund[] }>('/v1/funds').then((r) => r.items)]);
  } catch (error) {
    storeSession(null);
    clear(root, h('h1', null, L('Phiên đăng nhập đã hết hạn', 'Your session has ended')), errorBox(error), h('a', { href: '/console' }, L('Đăng nhập lại', 'Sign in again')));
    return;
  }
  const tabId = path.split('/')[2] || 'receipts';
  const tab = TABS.find((t) => t.id === tabId) ?? TABS[0]!;
  const ctx = consoleContext(session, me, funds, params);
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
        ` — ${me.roles.map(roleLabel).join(', ')} `,
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
        TABS.map((t) => h('li', null, h('a', { href: `/console/${t.id}`, 'aria-current': t.id === tab.id ? 'page' : undefined }, L(t.vi, t.en)))),
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
};
