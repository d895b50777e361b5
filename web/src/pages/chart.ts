/** The daily chart: inline SVG bars (received, and paid out), with a table for screen readers. */
import { h, svg } from '../dom';
import { formatCompact, formatDate, formatVnd } from '../format';
import { bucketLabel, L, lang } from '../i18n';

export interface DayPoint {
  day: string;
  received: number;
  disbursed: number;
}

export function dailyChart(points: DayPoint[]): HTMLElement {
  const data = [...points].sort((a, b) => a.day.localeCompare(b.day)).slice(-60);
  // Drawn at about the size it is shown, so labels stay legible on a phone and on a desktop.
  const width = Math.round(Math.min(640, Math.max(300, (typeof window === 'undefined' ? 640 : window.innerWidth) - 40)));
  const height = Math.round(width * 0.36 + 40);
  const pad = { top: 12, right: 8, bottom: 28, left: 56 };
  const innerW = width - pad.left - pad.right;
  const innerH = height - pad.top - pad.bottom;
  const max = Math.max(1, ...data.map((d) => Math.max(d.received, d.disbursed)));
  const slot = innerW / Math.max(1, data.length);
  const barW = Math.max(2, Math.min(24, slot * 0.4));
  const y = (value: number) => pad.top + innerH - (Math.max(0, value) / max) * innerH;
  const titleId = `chart-title-${Math.random().toString(36).slice(2, 8)}`;
  const total = data.reduce((sum, d) => sum + d.received, 0);
  const ticks = [0, 0.5, 1].map((f) => Math.round(max * f));
  const chart = svg(
    'svg',
    { class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': titleId },
    svg('title', { id: titleId }, L(`Số tiền nhận theo ngày, ${data.length} ngày, tổng ${formatVnd(total)}`, `Money received per day, ${data.length} days, ${formatVnd(total)} in all`)),
    ticks.map((tick) => [
      svg('line', { x1: pad.left, x2: width - pad.right, y1: y(tick), y2: y(tick), class: 'chart-grid' }),
      svg('text', { x: pad.left - 6, y: y(tick) + 4, class: 'chart-label', 'text-anchor': 'end' }, formatCompact(tick, lang())),
    ]),
    data.map((d, i) => {
      const x = pad.left + i * slot + slot / 2;
      return [
        svg('rect', { x: x - barW, y: y(d.received), width: barW, height: Math.max(0, pad.top + innerH - y(d.received)), class: 'bar-received' }),
        svg('rect', { x, y: y(d.disbursed), width: barW, height: Math.max(0, pad.top + innerH - y(d.disbursed)), class: 'bar-disbursed' }),
      ];
    }),
    data.length
      ? [
          svg('text', { x: pad.left, y: height - 8, class: 'chart-label' }, formatDate(data[0]!.day).slice(0, 5)),
          data.length > 1 ? svg('text', { x: width - pad.right, y: height - 8, class: 'chart-label', 'text-anchor': 'end' }, formatDate(data[data.length - 1]!.day).slice(0, 5)) : null,
        ]
      : null,
  );
  const legend = h(
    'p',
    { class: 'legend' },
    h('span', { class: 'swatch swatch-received', 'aria-hidden': 'true' }),
    bucketLabel('received'),
    h('span', { class: 'swatch swatch-disbursed', 'aria-hidden': 'true' }),
    bucketLabel('disbursed'),
  );
  const table = h(
    'table',
    null,
    h('caption', { class: 'sr-only' }, L('Số liệu theo ngày', 'Figures per day')),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, L('Ngày', 'Day')), h('th', { scope: 'col', class: 'num' }, bucketLabel('received')), h('th', { scope: 'col', class: 'num' }, bucketLabel('disbursed')))),
    h('tbody', null, data.map((d) => h('tr', null, h('td', null, formatDate(d.day)), h('td', { class: 'num' }, formatVnd(d.received)), h('td', { class: 'num' }, formatVnd(d.disbursed))))),
  );
  return h('figure', { class: 'chart-figure' }, chart, legend, h('details', null, h('summary', null, L('Xem dạng bảng', 'Show as a table')), h('div', { class: 'table-scroll', role: 'region', 'aria-label': L('Số liệu theo ngày', 'Figures per day'), tabindex: '0' }, table)));
}
