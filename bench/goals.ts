/**
 * The performance goals (DESIGN §13) beside the figures of the run that measured them: the first
 * section of a full `npm run bench`. A part the run left out shows as not measured.
 */
import { fmt, table, type Section } from './lib';

export interface GoalFigures {
  pledge?: { httpPerSecond: number; rawPerSecond: number; writeUnits: number; consumerWriteUnitsPerEntry?: number };
  consumerWritesPerEntry?: number;
  liveLagP95Ms?: number;
  bundles?: { largestBytes: number; largestName: string; slowestInitMs: number; slowestName: string };
  report?: { entries: number; peakRssMb: number; ratio: number };
  cubaDay?: { contributions: number; ratio: number; driftScopes: number; liveHeapMb?: number[] };
}

type Row = [goal: string, target: string, figure: string, met: boolean | undefined];

const verdict = (met: boolean | undefined) => (met === undefined ? 'not measured' : met ? 'met' : '**not met**');

/** Flat: the live heap at the end of the day is within 50 MB of its highest point in the first half. */
function flat(heapMb: number[]): boolean {
  const firstHalf = heapMb.slice(0, Math.ceil(heapMb.length / 2));
  return heapMb.at(-1)! <= Math.max(...firstHalf) + 50;
}

export function goalsSection(figures: GoalFigures): Section {
  const { pledge, bundles, report, cubaDay } = figures;
  const allIn = pledge && pledge.consumerWriteUnitsPerEntry !== undefined ? pledge.writeUnits + pledge.consumerWriteUnitsPerEntry : undefined;
  const rows: Row[] = [
    ['pledges through HTTP ÷ the raw transaction, same run', '≥ 0.8', pledge ? fmt(pledge.httpPerSecond / pledge.rawPerSecond, 2) : '', pledge && pledge.httpPerSecond / pledge.rawPerSecond >= 0.8],
    ['WRU per pledge, all in (the consumer\'s share included)', '≤ 6', allIn === undefined ? '' : `${fmt(allIn, 2)} (${fmt(pledge!.writeUnits, 2)} + ${fmt(pledge!.consumerWriteUnitsPerEntry!, 2)})`, allIn === undefined ? undefined : allIn <= 6],
    ['totals consumer: writes per journal entry, counters and checkpoint', '≤ 0.1', figures.consumerWritesPerEntry === undefined ? '' : fmt(figures.consumerWritesPerEntry, 3), figures.consumerWritesPerEntry === undefined ? undefined : figures.consumerWritesPerEntry <= 0.1],
    ['live totals lag in the twin, p95', '≤ 1,000 ms', figures.liveLagP95Ms === undefined ? '' : `${fmt(figures.liveLagP95Ms)} ms`, figures.liveLagP95Ms === undefined ? undefined : figures.liveLagP95Ms <= 1000],
    ['init of the slowest function (CPU)', '≤ 150 ms', bundles ? `${fmt(bundles.slowestInitMs)} ms (${bundles.slowestName})` : '', bundles && bundles.slowestInitMs <= 150],
    ['largest bundle loaded at start', '≤ 300 KB', bundles ? `${fmt(bundles.largestBytes / 1024, 1)} KB (${bundles.largestName})` : '', bundles && bundles.largestBytes <= 300 * 1024],
    [`nightly report at ${report ? fmt(report.entries) : '2,000,000'} entries, drift check on: peak RSS`, '≤ 300 MB', report ? `${fmt(report.peakRssMb)} MB` : '', report && report.peakRssMb <= 300],
    ['nightly report ÷ the raw journal read', '≥ 0.7', report ? fmt(report.ratio, 2) : '', report && report.ratio >= 0.7],
    [`a Cuba-2025 day${cubaDay ? ` of ${fmt(cubaDay.contributions)} contributions` : ''} ÷ the engine's raw rate`, '≥ 0.8 at 400,000', cubaDay ? fmt(cubaDay.ratio, 2) : '', cubaDay && cubaDay.ratio >= 0.8 && cubaDay.contributions >= 400_000],
    ['the day\'s drift: scopes off', '0', cubaDay ? String(cubaDay.driftScopes) : '', cubaDay && cubaDay.driftScopes === 0],
    [
      'the day\'s live heap after a full GC, at each 10 %',
      'flat',
      cubaDay?.liveHeapMb ? `${cubaDay.liveHeapMb.map((mb) => fmt(mb)).join(' / ')} MB` : '',
      cubaDay?.liveHeapMb?.length ? flat(cubaDay.liveHeapMb) : undefined,
    ],
  ];
  return {
    title: 'Goals and figures',
    body: `Each figure is from this run; the sections below say how it was measured. Exactly-once under faults is checked by \`npm test\` (the totals simulation), not here. Flat heap: the last sample within 50 MB of the highest in the first half of the day.

${table(['goal', 'target', 'this run', ''], rows.map(([goal, target, figure, met]) => [goal, target, figure || '–', verdict(met)]))}`,
  };
}
