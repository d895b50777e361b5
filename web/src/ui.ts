/** Small components shared by the portal, the form and the console. */
import { ApiError } from './api';
import { copyText, h, type Child } from './dom';
import { formatVnd, percentOf } from './format';
import { L } from './i18n';

export function money(amount: number, attrs: Record<string, unknown> = {}): HTMLElement {
  return h('span', { class: 'money', ...attrs }, formatVnd(amount));
}

export function progressBar(value: number, target: number | undefined, label: string): HTMLElement {
  const percent = percentOf(value, target);
  if (percent === null) return h('div', { class: 'progress-none' });
  return h(
    'div',
    { class: 'progress', role: 'progressbar', 'aria-label': label, 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': String(percent), 'aria-valuetext': `${percent}%` },
    h('div', { class: 'progress-fill', style: `width:${percent}%` }),
  );
}

export function loading(): HTMLElement {
  return h('p', { class: 'muted', role: 'status' }, L('Đang tải…', 'Loading…'));
}

export function emptyState(title: string, detail?: Child): HTMLElement {
  return h('div', { class: 'empty' }, h('p', { class: 'empty-title' }, title), detail ? h('p', { class: 'muted' }, detail) : null);
}

export function errorBox(error: unknown): HTMLElement {
  const text = error instanceof ApiError ? error.describe() : error instanceof Error ? error.message : String(error);
  return h('div', { class: 'alert alert-error', role: 'alert' }, text);
}

export function successBox(...children: Child[]): HTMLElement {
  return h('div', { class: 'alert alert-success', role: 'status' }, ...children);
}

/** A copy button that says "copied" to screen readers too. */
export function copyButton(text: string, what: string): HTMLElement {
  const status = h('span', { class: 'copy-status', role: 'status', 'aria-live': 'polite' });
  const button = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-small btn-ghost',
      'aria-label': L(`Chép ${what}`, `Copy ${what}`),
      onclick: async () => {
        const ok = await copyText(text);
        status.textContent = ok ? L('Đã chép', 'Copied') : L('Không chép được', 'Could not copy');
        setTimeout(() => (status.textContent = ''), 2500);
      },
    },
    L('Chép', 'Copy'),
  );
  return h('span', { class: 'copy' }, button, status);
}

export function definitionList(rows: [Child, Child][]): HTMLElement {
  return h('dl', { class: 'facts' }, rows.map(([term, value]) => h('div', null, h('dt', null, term), h('dd', null, value))));
}

export function setTitle(title: string): void {
  document.title = `${title} · Sổ Vàng`;
}
