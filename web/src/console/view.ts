/** Console view helpers (re-exports of the shared UI, plus a table builder). */
import { h, scrollTable } from '../dom';
import { L } from '../i18n';
export { errorBox, loading, successBox, emptyState, definitionList } from '../ui';
export { statusBadge } from '../status';

export function scrollTableOf(label: string, headings: string[], rows: HTMLTableRowElement[]): HTMLElement {
  // The region is named apart from the section around it, which often carries the same title (axe: landmark-unique).
  return scrollTable(
    L(`Bảng: ${label}`, `Table: ${label}`),
    h(
      'table',
      null,
      h('caption', { class: 'sr-only' }, label),
      h('thead', null, h('tr', null, headings.map((text) => h('th', { scope: 'col' }, text || h('span', { class: 'sr-only' }, L('Thao tác', 'Actions')))))),
      h('tbody', null, rows),
    ),
  );
}
