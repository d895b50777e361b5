/**
 * The daily chart: inline SVG bars (received, and paid out) on a true time axis, with a table for
 * screen readers. Days are placed by date, so a pause of two years shows as two years of empty
 * axis (and says so), never as two neighbouring bars; a day whose net is negative (a reversal)
 * is drawn below the zero line; every date on the axis carries its year.
 */
import { h, svg, type Child } from '../dom';
import { addDays } from '../../../shared/domain/format';
import { formatCompact, formatDate, formatVnd } from '../format';
import { bucketLabel, L, lang } from '../i18n';

export interface DayPoint {
  day: string;
  received: number;
  disbursed: number;
}

const DAY_MS = 86_400_000;
/** A pause this long or longer is named on the chart, not only left blank. */
export const GAP_DAYS = 30;

const dayNumber = (day: string) => Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);

/** Pauses between consecutive days with figures, at least `GAP_DAYS` long: [last day before, first day after]. */
export function gapsOf(days: readonly string[], minDays = GAP_DAYS): [string, string][] {
  const gaps: [string, string][] = [];
  for (let i = 1; i < days.length; i++) {
    if (dayNumber(days[i]!) - dayNumber(days[i - 1]!) > minDays) gaps.push([days[i - 1]!, days[i]!]);
  }
  return gaps;
}

/** Evenly spaced dates between the first and the last day, as many as fit the width. */
function axisDays(first: string, last: string, count: number): string[] {
  const span = dayNumber(last) - dayNumber(first);
  if (span === 0 || count < 2) return [first];
  const ticks = Math.min(count, span + 1);
  return Array.from({ length: ticks }, (_, i) => addDays(first, Math.round((span * i) / (ticks - 1))));
}

export function dailyChart(points: DayPoint[]): HTMLElement {
  const data = [...points].sort((a, b) => a.day.localeCompare(b.day));
  // Drawn at about the size it is shown, so labels stay legible on a phone and on a desktop.
  const width = Math.round(Math.min(720, Math.max(300, (typeof window === 'undefined' ? 720 : window.innerWidth) - 40)));
  const height = Math.round(width * 0.36 + 48);
  const pad = { top: 14, right: 40, bottom: 34, left: 58 };
  const innerW = width - pad.left - pad.right;
  const innerH = height - pad.top - pad.bottom;
  const values = data.flatMap((d) => [d.received, d.disbursed]);
  const max = Math.max(1, ...values);
  const min = Math.min(0, ...values);
  const y = (value: number) => pad.top + ((max - value) / (max - min)) * innerH;
  const zero = y(0);

  const first = data[0]?.day ?? '';
  const last = data.at(-1)?.day ?? '';
  const span = Math.max(1, dayNumber(last) - dayNumber(first) + 1);
  const perDay = innerW / span;
  const x = (day: string) => pad.left + (dayNumber(day) - dayNumber(first) + 0.5) * perDay;
  const barW = Math.max(1.5, Math.min(14, perDay * 0.42));

  const titleId = `chart-title-${Math.random().toString(36).slice(2, 8)}`;
  const total = data.reduce((sum, d) => sum + d.received, 0);
  const gaps = gapsOf(data.map((d) => d.day));
  const ticks = min < 0 ? [min, 0, max] : [0, Math.round(max / 2), max];
  const bar = (d: DayPoint, value: number, kind: 'received' | 'disbursed', offset: number) => {
    const top = Math.min(y(value), zero);
    return svg('rect', {
      x: x(d.day) + offset,
      y: top,
      width: barW,
      height: Math.max(value === 0 ? 0 : 1, Math.abs(zero - y(value))),
      class: `bar-${kind}${value < 0 ? ' bar-negative' : ''}`,
      'data-day': d.day,
      'data-value': String(value),
    });
  };
  const xLabels = axisDays(first, last, width < 420 ? 2 : width < 600 ? 3 : 4);
  const chart = svg(
    'svg',
    { class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': titleId, 'data-first': first, 'data-last': last },
    svg(
      'title',
      { id: titleId },
      L(
        `Số tiền nhận và chi theo ngày, từ ${formatDate(first)} đến ${formatDate(last)}: ${data.length} ngày có số liệu, tổng nhận ${formatVnd(total)}`,
        `Money received and paid out per day, ${formatDate(first)} to ${formatDate(last)}: ${data.length} days with figures, ${formatVnd(total)} received in all`,
      ),
    ),
    ticks.map((tick) => [
      svg('line', { x1: pad.left, x2: width - pad.right, y1: y(tick), y2: y(tick), class: tick === 0 ? 'chart-zero' : 'chart-grid' }),
      svg('text', { x: pad.left - 6, y: y(tick) + 4, class: 'chart-label', 'text-anchor': 'end' }, formatCompact(tick, lang())),
    ]),
    gaps.map(([before, after]) => {
      const from = x(before) + barW * 2;
      const to = x(after) - barW;
      const months = Math.round((dayNumber(after) - dayNumber(before)) / 30.4);
      return svg(
        'g',
        { class: 'chart-gap', 'data-gap': `${before}/${after}` },
        svg('rect', { x: from, y: pad.top, width: Math.max(0, to - from), height: innerH, class: 'chart-gap-band' }),
        to - from > 40
          ? svg('text', { x: (from + to) / 2, y: pad.top + 14, class: 'chart-label', 'text-anchor': 'middle' }, L(`${months} tháng không có số liệu`, `${months} months without figures`))
          : null,
      );
    }),
    data.map((d) => [bar(d, d.received, 'received', -barW), bar(d, d.disbursed, 'disbursed', 0)]),
    xLabels.map((day, i) =>
      svg(
        'text',
        { x: xLabels.length === 1 ? pad.left + innerW / 2 : pad.left + (innerW * i) / (xLabels.length - 1), y: height - 10, class: 'chart-label chart-x-label', 'text-anchor': xLabels.length === 1 ? 'middle' : i === 0 ? 'start' : i === xLabels.length - 1 ? 'end' : 'middle' },
        formatDate(day),
      ),
    ),
  );
  const legend = h(
    'p',
    { class: 'legend' },
    h('span', { class: 'swatch swatch-received', 'aria-hidden': 'true' }),
    bucketLabel('received'),
    h('span', { class: 'swatch swatch-disbursed', 'aria-hidden': 'true' }),
    bucketLabel('disbursed'),
    min < 0 ? [h('span', { class: 'swatch swatch-negative', 'aria-hidden': 'true' }), L('Âm: có khoản bị đảo', 'Below zero: reversals')] : null,
  );
  const gapNotes: Child = gaps.length
    ? h(
        'ul',
        { class: 'chart-notes small muted' },
        gaps.map(([before, after]) => h('li', null, L(`Không có số liệu từ ${formatDate(addDays(before, 1))} đến ${formatDate(addDays(after, -1))}.`, `No figures from ${formatDate(addDays(before, 1))} to ${formatDate(addDays(after, -1))}.`))),
      )
    : null;
  const table = h(
    'table',
    null,
    h('caption', { class: 'sr-only' }, L('Số liệu theo ngày', 'Figures per day')),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, L('Ngày', 'Day')), h('th', { scope: 'col', class: 'num' }, bucketLabel('received')), h('th', { scope: 'col', class: 'num' }, bucketLabel('disbursed')))),
    h(
      'tbody',
      null,
      [...data].reverse().map((d) => h('tr', { 'data-day': d.day }, h('th', { scope: 'row' }, formatDate(d.day)), h('td', { class: 'num' }, formatVnd(d.received)), h('td', { class: 'num' }, formatVnd(d.disbursed)))),
    ),
  );
  return h(
    'figure',
    { class: 'chart-figure' },
    chart,
    legend,
    gapNotes,
    h('details', null, h('summary', null, L('Xem dạng bảng', 'Show as a table')), h('div', { class: 'table-scroll chart-table', role: 'region', 'aria-label': L('Số liệu theo ngày', 'Figures per day'), tabindex: '0' }, table)),
  );
}
