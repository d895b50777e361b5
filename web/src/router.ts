/**
 * The router and the page layout; history-API routing (CloudFront and the twin fall back to
 * index.html). It finds pages in the route table and gives each its context; no page imports it.
 */
import { clear, h } from './dom';
import { L, lang, setLang } from './i18n';
import type { Cleanup, NavigateOptions } from './page';
import { NAV, ROUTES } from './routes';
import { errorBox, loading } from './ui';

let cleanup: Cleanup | undefined;
let renderCount = 0;

function header(path: string): HTMLElement {
  const other = lang() === 'vi' ? 'en' : 'vi';
  return h(
    'header',
    { class: 'site-header' },
    h('a', { class: 'skip-link', href: '#main' }, L('Bỏ qua, tới nội dung chính', 'Skip to main content')),
    h(
      'div',
      { class: 'header-inner' },
      h('a', { class: 'brand', href: '/' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, '₫'), 'Sổ Vàng'),
      h(
        'nav',
        { 'aria-label': L('Điều hướng chính', 'Main navigation') },
        h(
          'ul',
          { class: 'nav' },
          NAV.map(([href, vi, en]) => {
            const active = href === '/' ? path === '/' || path.startsWith('/funds') : path.startsWith(href);
            return h('li', null, h('a', { href, 'aria-current': active ? 'page' : undefined }, L(vi, en)));
          }),
        ),
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-small btn-lang',
          lang: other,
          'aria-label': other === 'en' ? 'Switch to English' : 'Chuyển sang tiếng Việt',
          onclick: () => {
            setLang(other);
            void render();
          },
        },
        other === 'en' ? 'English' : 'Tiếng Việt',
      ),
    ),
  );
}

function footer(): HTMLElement {
  return h(
    'footer',
    { class: 'site-footer' },
    h(
      'p',
      null,
      L(
        'Sổ Vàng — sổ ghi công khai các khoản ủng hộ và giải ngân. Số liệu cập nhật trực tiếp; báo cáo hằng đêm được ký số và kiểm chứng được.',
        'Sổ Vàng — a public ledger of donations and disbursements. Live figures; nightly reports are signed and verifiable.',
      ),
    ),
  );
}

function navigate(href: string, options: NavigateOptions = {}): void {
  if (options.replace) history.replaceState(null, '', href);
  else history.pushState(null, '', href);
  void render();
}

async function render(): Promise<void> {
  const count = ++renderCount;
  cleanup?.();
  cleanup = undefined;
  document.documentElement.lang = lang();
  const url = new URL(location.href);
  const path = url.pathname;
  const main = h('main', { id: 'main', tabindex: '-1' }, loading());
  const app = document.getElementById('app')!;
  clear(app, header(path), main, footer());
  const route = ROUTES.find((r) => r.pattern.test(path));
  const match = route?.pattern.exec(path);
  if (!route || !match) {
    clear(main, h('h1', null, L('Không tìm thấy trang', 'Page not found')), h('p', null, h('a', { href: '/' }, L('Về trang chủ', 'Back to the home page'))));
    return;
  }
  try {
    const page = await route.load();
    if (count !== renderCount) return;
    const result = await page({ root: main, params: url.searchParams, match, path, navigate });
    if (count !== renderCount) {
      if (typeof result === 'function') result();
      return;
    }
    if (typeof result === 'function') cleanup = result;
  } catch (error) {
    if (count !== renderCount) return;
    clear(main, h('h1', null, L('Đã có lỗi', 'Something went wrong')), errorBox(error));
  }
  // Move focus to the new page's heading, so screen readers and keyboards start there.
  if (renderCount > 1 && count === renderCount) {
    const heading = main.querySelector('h1');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: true });
    }
    window.scrollTo(0, 0);
  }
}

export function start(): void {
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = (event.target as Element | null)?.closest?.('a');
    if (!anchor || anchor.target || anchor.hasAttribute('download')) return;
    const href = anchor.getAttribute('href');
    if (!href || !href.startsWith('/') || href.startsWith('//') || href.startsWith('/v1/') || href.startsWith('/reports/')) return;
    event.preventDefault();
    navigate(href);
  });

  window.addEventListener('popstate', () => void render());
  void render();
}
