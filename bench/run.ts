/**
 * `npm run bench`: every benchmark in one run on this machine, written as a dated section of
 * bench/RESULTS.md. `--only ingest,bundles` runs some; `--quick` shortens the timed parts.
 */
import '../infra/local/quiet-sdk';
import { parseArgs } from 'node:util';
import { startTwin } from '../infra/local/twin';
import { benchBundles } from './bundles';
import { costModel } from './cost';
import { benchIngest } from './ingest';
import { benchStatementImport } from './statements';
import { benchTotalsLatency } from './totals-latency';
import { benchWeb } from './web';
import { progress, writeResults, type Section } from './lib';

const { values } = parseArgs({ options: { only: { type: 'string' }, quick: { type: 'boolean', default: false } } });
const only = values.only ? new Set(values.only.split(',')) : undefined;
const wants = (name: string) => !only || only.has(name);
const seconds = values.quick ? 5 : 20;

const sections: Section[] = [];
const twin = await startTwin({ seedAdminUnits: true, quiet: true, tableName: 'bench-ledger' });
progress(`twin at ${twin.url}`);
try {
  let ingest: Awaited<ReturnType<typeof benchIngest>> | undefined;
  if (wants('ingest')) {
    ingest = await benchIngest(twin, { seconds, connections: 16 });
    sections.push(ingest.section);
  }
  let bundles: Awaited<ReturnType<typeof benchBundles>> | undefined;
  if (wants('bundles')) {
    bundles = await benchBundles();
    sections.push(bundles.section);
  }
  if (wants('totals')) sections.push((await benchTotalsLatency(twin)).section);
  // The 200,000-line import is long: only when asked for by name.
  if (only?.has('statements')) sections.push(await benchStatementImport(twin, values.quick ? { lines: 20_000, pledges: 500 } : {}));
  if (wants('web')) sections.push((await benchWeb()).section);
  if (ingest && wants('cost')) sections.push(costModel({ capacityPerPledge: ingest.capacityPerPledge, handlerMs: ingest.handlerMsMean }));
} finally {
  await twin.stop();
}
writeResults(values.quick ? 'Quick run' : 'Full run', sections);
process.exit(0);
