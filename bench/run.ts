/**
 * `npm run bench`: every benchmark in one run on this machine, written as one dated section of
 * bench/RESULTS.md, so every ratio compares figures measured side by side. `--only ingest,bundles`
 * runs some; `--quick` shrinks every part to check the bench itself in a few minutes.
 *
 * Parts: ingest, aggregation, totals, report, open-data, statements, bundles, web, cost, load, cuba, transfers (cost
 * and the load model need ingest and aggregation); the run leads with the goals beside their figures (bench/goals.ts). The twin's parts run first; the aggregation and the nightly report then run
 * in child processes with DynamoDB Locals of their own, after the twin has stopped.
 * `--statement-lines N` sizes the statement import (over its files), `--cuba-contributions N` the
 * Cuba day (400,000); run under `node --expose-gc --import tsx` it also reports the live heap
 * after a full GC at each 10 % of the import.
 */
import '../infra/local/quiet-sdk';
import './quiet-handlers';
import { parseArgs } from 'node:util';
import { startTwin } from '../infra/local/twin';
import { benchAggregation } from './aggregation';
import { benchBundles } from './bundles';
import { benchCubaDay } from './cuba-day';
import { costModel } from './cost';
import { goalsSection, type GoalFigures } from './goals';
import { benchIngest } from './ingest';
import { loadModel } from './load-model';
import { benchOpenData } from './open-data-part';
import { benchNightlyReport } from './report';
import { benchStatementImport } from './statements';
import { benchTotalsLatency } from './totals-latency';
import { benchTransferSearch } from './transfer-search';
import { benchWebInChild } from './web';
import { load, progress, writeResults, type Section } from './lib';

const PARTS = ['goals', 'ingest', 'aggregation', 'totals', 'report', 'open-data', 'statements', 'bundles', 'web', 'cost', 'load', 'cuba', 'transfers'] as const;
type Part = (typeof PARTS)[number];

const { values } = parseArgs({
  options: { only: { type: 'string' }, quick: { type: 'boolean', default: false }, 'statement-lines': { type: 'string' }, 'cuba-contributions': { type: 'string' }, 'transfer-lines': { type: 'string' } },
});
const only = values.only ? new Set(values.only.split(',')) : undefined;
for (const name of only ?? []) if (!PARTS.includes(name as Part)) throw new Error(`unknown part ${name}; parts: ${PARTS.join(', ')}`);
// The cost model is built from the ingest and aggregation figures: asking for it runs them.
const wants = (name: Part) => !only || only.has(name) || ((only.has('cost') || only.has('load')) && (name === 'ingest' || name === 'aggregation'));
const quick = values.quick;

const sizes = quick
  ? {
      ingestSeconds: 5,
      latencyPledges: 10,
      bundleRuns: 1,
      statements: { files: 3, linesPerFile: 1_000, pledges: 100, disbursements: 5, rawSeconds: 10 },
      aggregation: { hotEntries: 1_000, mixedEntries: 500, rawSeconds: 3 },
      report: { entries: 20_000, dynamoEntries: 2_000 },
      openData: { entries: 20_000, disbursements: 300 },
      cubaContributions: 2_000,
      transferLines: 5_000,
    }
  : {
      ingestSeconds: 20,
      latencyPledges: 60,
      bundleRuns: 5,
      statements: { files: 6, linesPerFile: 10_000, pledges: 2_000, disbursements: 20, rawSeconds: 60 },
      aggregation: { hotEntries: 10_000, mixedEntries: 5_000, rawSeconds: 20 },
      report: { entries: 2_000_000, dynamoEntries: 50_000 },
      openData: { entries: 500_000, disbursements: 3_000 },
      cubaContributions: 400_000,
      transferLines: 200_000,
    };

const started = Date.now();
// Interrupted (Ctrl-C, a time limit): exit, so the services' exit hooks stop DynamoDB Local too.
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) process.once(signal, () => process.exit(code));
const loadAtStart = load();
const sections = new Map<Part, Section>();
let ingest: Awaited<ReturnType<typeof benchIngest>> | undefined;
let aggregation: Awaited<ReturnType<typeof benchAggregation>> | undefined;
const goals: GoalFigures = {};

if (wants('ingest') || wants('totals') || wants('statements') || wants('cuba') || wants('transfers')) {
  const twin = await startTwin({ seedAdminUnits: true, quiet: true, tableName: 'bench-ledger' });
  progress(`twin at ${twin.url}`);
  try {
    if (wants('ingest')) {
      ingest = await benchIngest(twin, { seconds: sizes.ingestSeconds, connections: 16 });
      sections.set('ingest', ingest.section);
    }
    if (wants('totals')) {
      const latency = await benchTotalsLatency(twin, { pledges: sizes.latencyPledges });
      sections.set('totals', latency.section);
      goals.liveLagP95Ms = latency.p95;
    }
    if (wants('statements')) {
      const linesPerFile = values['statement-lines'] ? Math.ceil(Number(values['statement-lines']) / sizes.statements.files) : sizes.statements.linesPerFile;
      sections.set('statements', await benchStatementImport(twin, { ...sizes.statements, linesPerFile }));
    }
    if (wants('cuba')) {
      const contributions = values['cuba-contributions'] ? Number(values['cuba-contributions']) : sizes.cubaContributions;
      const day = await benchCubaDay(twin, { contributions });
      sections.set('cuba', day.section);
      goals.cubaDay = { contributions, ratio: day.ratio, driftScopes: day.drift, ...(day.liveHeapMb ? { liveHeapMb: day.liveHeapMb } : {}) };
    }
    if (wants('transfers')) {
      const lines = values['transfer-lines'] ? Number(values['transfer-lines']) : sizes.transferLines;
      sections.set('transfers', await benchTransferSearch(twin, { lines, runs: 200 }));
    }
  } finally {
    await twin.stop();
  }
}
if (wants('aggregation')) {
  aggregation = await benchAggregation(sizes.aggregation);
  sections.set('aggregation', aggregation.section);
}
if (wants('report')) {
  const report = await benchNightlyReport(sizes.report);
  sections.set('report', report.section);
  goals.report = { entries: report.entries, peakRssMb: report.peakRssMb, ratio: report.ratio };
}
if (wants('open-data')) sections.set('open-data', await benchOpenData(sizes.openData));
if (wants('bundles')) {
  const bundles = await benchBundles({ runs: sizes.bundleRuns });
  sections.set('bundles', bundles.section);
  goals.bundles = bundles.goals;
}
if (wants('web')) sections.set('web', await benchWebInChild());
if (wants('cost') && ingest) {
  const hot = aggregation?.figures.hot;
  sections.set(
    'cost',
    costModel({
      api: { capacityPerPledge: ingest.capacityPerPledge, handlerMs: ingest.handlerMsMean },
      consumer: hot && {
        writeUnitsPerEntry: hot.writeUnits / hot.entries,
        readUnitsPerEntry: hot.readUnits / hot.entries,
        msPerInvocation: (hot.handlerSeconds * 1000) / hot.invocations,
        entriesPerInvocation: hot.entries / hot.invocations,
      },
    }),
  );
}

if (wants('load') && ingest && aggregation) {
  const hot = aggregation.figures.hot;
  sections.set(
    'load',
    loadModel({
      pledge: { writeUnits: ingest.capacityPerPledge.writes, readUnits: ingest.capacityPerPledge.reads, itemsPerTransaction: ingest.itemsPerTransaction },
      consumer: {
        writeUnitsPerEntry: hot.writeUnits / hot.entries,
        readUnitsPerEntry: hot.readUnits / hot.entries,
        entriesPerTransaction: hot.entries / hot.transactions,
        counterItemsPerTransaction: hot.counterWrites / hot.transactions,
      },
    }),
  );
}

if (ingest) {
  const hot = aggregation?.figures.hot;
  goals.pledge = {
    httpPerSecond: ingest.httpPerSecond,
    rawPerSecond: ingest.rawPerSecond,
    writeUnits: ingest.capacityPerPledge.writes,
    ...(hot ? { consumerWriteUnitsPerEntry: hot.writeUnits / hot.entries } : {}),
  };
}
if (aggregation) {
  const hot = aggregation.figures.hot;
  goals.consumerWritesPerEntry = (hot.counterWrites + hot.checkpointWrites) / hot.entries;
}
// Every run leads with its goals; a partial run shows the parts it left out as not measured.
if (sections.size > 0) sections.set('goals', goalsSection(goals));

const minutes = (Date.now() - started) / 60_000;
const command = `npm run bench${quick || only ? ` --${quick ? ' --quick' : ''}${only ? ` --only ${values.only}` : ''}` : ''}`;
writeResults(
  quick ? 'Quick run' : only ? `Partial run: ${[...only].join(', ')}` : 'Full run',
  PARTS.filter((part) => sections.has(part)).map((part) => sections.get(part)!),
  {
    notes: [
      `\`${command}\`, ${minutes.toFixed(0)} min. Load average (1 / 5 / 15 min) ${loadAtStart} at the start, ${load()} at the end: the machine is shared, so rates are pessimistic and each is compared with a raw rate measured beside it.`,
    ],
    latestFullRun: !quick && !only,
  },
);
process.exit(0);
