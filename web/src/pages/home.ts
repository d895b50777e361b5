/** The portal's front page: every fund with live totals and progress toward its target. */
import { api } from '../api';
import { clear, h, poll } from '../dom';
import { formatInteger, formatTime, formatVnd, percentOf } from '../format';
import { bucketLabel, L, pick } from '../i18n';
import type { Page } from '../page';
import type { Fund } from '../types';
import { emptyState, errorBox, loading, progressBar, setTitle } from '../ui';

export const POLL_MS = 5_000;

function fundCard(fund: Fund): { card: HTMLElement; update(next: Fund): void } {
  const received = h('span', { class: 'stat-value', 'data-field': 'received' });
  const pledged = h('span', { class: 'stat-value' });
  const donors = h('span', { class: 'stat-value' });
  const progressSlot = h('div', { class: 'progress-slot' });
  const percentText = h('p', { class: 'progress-text' });
  const nameId = `fund-${fund.fundId}`;
  const card = h(
    'article',
    { class: 'card fund-card', 'aria-labelledby': nameId, 'data-fund': fund.fundId },
    h('h2', { id: nameId, class: 'card-title' }, h('a', { href: `/funds/${fund.fundId}` }, pick(fund.name))),
    h('p', { class: 'card-desc' }, pick(fund.description)),
    progressSlot,
    percentText,
    h(
      'dl',
      { class: 'stats' },
      h('div', null, h('dt', null, bucketLabel('received')), h('dd', null, received)),
      h('div', null, h('dt', null, bucketLabel('pledged')), h('dd', null, pledged)),
      h('div', null, h('dt', null, L('Lượt ủng hộ', 'Donors')), h('dd', null, donors)),
    ),
    h(
      'div',
      { class: 'card-actions' },
      fund.status === 'OPEN' ? h('a', { class: 'btn btn-primary', href: `/pledge?fund=${fund.fundId}` }, L('Ủng hộ', 'Donate'), h('span', { class: 'sr-only' }, ` — ${pick(fund.name)}`)) : null,
      h('a', { class: 'btn btn-ghost', href: `/funds/${fund.fundId}` }, L('Chi tiết', 'Details'), h('span', { class: 'sr-only' }, ` — ${pick(fund.name)}`)),
    ),
  );
  const update = (next: Fund) => {
    received.textContent = formatVnd(next.totals.received);
    pledged.textContent = formatVnd(next.totals.pledged);
    donors.textContent = formatInteger(next.totals.donorCount);
    clear(progressSlot, progressBar(next.totals.received, next.target, L('Tiến độ so với mục tiêu', 'Progress toward the target')));
    const percent = percentOf(next.totals.received, next.target);
    percentText.textContent =
      next.target && percent !== null
        ? L(`${String(percent).replace('.', ',')}% mục tiêu ${formatVnd(next.target)}`, `${percent}% of the ${formatVnd(next.target)} target`)
        : '';
  };
  update(fund);
  return { card, update };
}

export const homePage: Page = async ({ root }) => {
  setTitle(L('Các quỹ', 'Funds'));
  // Placeholders the size of a card hold the space the cards will take: nothing below them jumps.
  const list = h('div', { class: 'card-grid', 'aria-busy': 'true' }, loading(), [0, 1].map(() => h('div', { class: 'card fund-card skeleton', 'aria-hidden': 'true' })));
  const status = h('p', { class: 'muted live-note' });
  clear(
    root,
    h(
      'section',
      { class: 'hero' },
      h('h1', null, L('Minh bạch từng đồng ủng hộ', 'Every đồng, in the open')),
      h(
        'p',
        { class: 'lead' },
        L(
          'Theo dõi số tiền các quỹ nhận được và đã giải ngân tới từng xã, phường — cập nhật trực tiếp.',
          'Follow what each fund has received and paid out to every commune and ward — live.',
        ),
      ),
      h('div', { class: 'hero-actions' }, h('a', { class: 'btn btn-primary', href: '/pledge' }, L('Ủng hộ ngay', 'Donate now')), h('a', { class: 'btn btn-ghost', href: '/check' }, L('Tra cứu khoản ủng hộ', 'Check my donation'))),
    ),
    h('h2', { class: 'section-title' }, L('Các quỹ đang vận động', 'Funds')),
    status,
    list,
  );
  let funds: Fund[];
  try {
    funds = (await api<{ items: Fund[] }>('/v1/funds')).items;
  } catch (error) {
    clear(list, errorBox(error));
    return;
  }
  if (!funds.length) {
    clear(list, emptyState(L('Chưa có quỹ nào.', 'No funds yet.')));
    return;
  }
  const cards = new Map(funds.map((fund) => [fund.fundId, fundCard(fund)]));
  clear(list, [...cards.values()].map((c) => c.card));
  list.removeAttribute('aria-busy');
  const stamp = () => (status.textContent = L(`Số liệu trực tiếp, cập nhật lúc ${formatTime(new Date().toISOString())}`, `Live figures, updated ${formatTime(new Date().toISOString())}`));
  stamp();
  return poll(async () => {
    const next = (await api<{ items: Fund[] }>('/v1/funds')).items;
    for (const fund of next) cards.get(fund.fundId)?.update(fund);
    stamp();
  }, POLL_MS);
};
