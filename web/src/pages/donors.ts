/**
 * The fund page's public donor list, read a page at a time from `GET /v1/funds/{fundId}/donors`.
 */
import { api } from '../api';
import { clear, h } from '../dom';
import { formatDate, formatVnd } from '../format';
import { L } from '../i18n';
import { emptyState, errorBox, loading } from '../ui';

interface DonorPage {
  items: { name: string; amount: number; day: string }[];
  cursor?: string;
}

const DONORS_PAGE = 20;

/** One page of the list; the first page's address is also what a name withdrawal refreshes in the browser's cache. */
export function donorsPagePath(fundId: string, cursor?: string): string {
  const query = new URLSearchParams({ limit: String(DONORS_PAGE), ...(cursor ? { cursor } : {}) });
  return `/v1/funds/${fundId}/donors?${query}`;
}

/**
 * Donors, newest first, from the compact public list (names only where the donor agreed): one
 * small request when the page opens and one per "more", never while the page sits idle.
 */
export function donorsSection(fundId: string): { el: HTMLElement; load(): Promise<void> } {
  const list = h('ol', { class: 'donor-list', 'aria-labelledby': 'h-donors' });
  const note = h('p', { class: 'muted small', role: 'status', 'data-testid': 'donor-count' });
  const more = h('button', { type: 'button', class: 'btn btn-ghost', hidden: true }, L('Xem thêm nhà hảo tâm', 'More donors'));
  const slot = h('div', { class: 'donors-slot' }, loading());
  let cursor: string | undefined;
  let shown = 0;
  const page = async () => {
    more.disabled = true;
    const result = await api<DonorPage>(donorsPagePath(fundId, cursor), { cache: 'default' });
    const first = list.children.length;
    list.append(
      ...result.items.map((d) =>
        h('li', { class: 'donor' }, h('span', { class: 'donor-name' }, d.name), ' ', h('span', { class: 'donor-amount' }, formatVnd(d.amount)), ' ', h('span', { class: 'muted small' }, formatDate(d.day))),
      ),
    );
    shown += result.items.length;
    cursor = result.cursor;
    more.hidden = !cursor;
    more.disabled = false;
    note.textContent = L(`${shown} lượt ủng hộ gần nhất${cursor ? '' : ' (hết danh sách)'}`, `The ${shown} latest pledges${cursor ? '' : ' (the whole list)'}`);
    // Keyboard users continue from the first new name.
    const firstNew = list.children[first] as HTMLElement | undefined;
    if (first > 0 && firstNew) {
      firstNew.setAttribute('tabindex', '-1');
      firstNew.focus();
    }
  };
  more.addEventListener('click', () => void page().catch((error: unknown) => slot.append(errorBox(error))));
  return {
    el: slot,
    async load() {
      try {
        await page();
        clear(
          slot,
          shown
            ? [h('p', { class: 'muted small' }, L('Tên chỉ hiện khi người ủng hộ đồng ý công khai; những người khác là “Nhà hảo tâm”.', 'Names show only where the donor agreed; everyone else is “Nhà hảo tâm” (a kind donor).')), note, list, more]
            : emptyState(L('Chưa có lượt ủng hộ nào.', 'No pledges yet.'), L('Khi có người ủng hộ, danh sách hiện ở đây.', 'Donors appear here once someone pledges.')),
        );
      } catch (error) {
        clear(slot, errorBox(error));
      }
    },
  };
}
