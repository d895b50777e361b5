/**
 * `npm run verify-totals`: recomputes every total of every fund from the journal of the running
 * twin and prints the drift per fund, ward and day. Exits 1 if any drift is not 0, 2 if it
 * cannot check at all.
 *
 *   npm run verify-totals                      the twin that `npm start` runs (.data/twin.json)
 *   npm run verify-totals -- --only-drift      print only the scopes that drift
 *   npm run verify-totals -- --endpoint http://127.0.0.1:8000 --table sovang-ledger
 */
import './quiet-sdk';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { stores } from '../../shared/adapters/dynamo';
import { DELTA_NAMES } from '../../shared/domain/journal';
import { parseScope } from '../../shared/domain/totals';
import { checkDrift, type DriftReport, type ScopeDrift } from '../../shared/usecases/totals-drift';
import { useTwinTable } from './twin-table';

function describeDrift(scope: ScopeDrift): string {
  const off = DELTA_NAMES.filter((name) => scope.drift[name] !== 0);
  if (off.length === 0) return 'drift 0';
  return `DRIFT ${off.map((name) => `${name} ${scope.drift[name] > 0 ? '+' : ''}${scope.drift[name]} (journal ${scope.expected[name]}, counters ${scope.actual[name]})`).join(', ')}`;
}

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function label(fundId: string, scope: string): string {
  const { dimension, value } = parseScope(scope);
  if (dimension === 'FUND') return `fund ${fundId}`;
  return `${dimension === 'WARD' ? 'ward' : 'day '} ${value}`;
}

/** Checks every fund against the configured table; returns the exit code. */
export async function verifyTotals(options: { out?: (line: string) => void; cutoff?: string; onlyDrift?: boolean } = {}): Promise<number> {
  const out = options.out ?? console.log;
  // Without a cutoff every day is compared, today's too: a check that races the consumer looks again.
  const cutoff = options.cutoff;
  const funds = await stores.funds.list();
  const reports: DriftReport[] = [];
  for (const fund of funds.sort((a, b) => a.fundId.localeCompare(b.fundId))) {
    const report = await checkDrift(stores, fund.fundId, { cutoff });
    reports.push(report);
    const wards = report.scopes.filter((s) => s.scope.includes('#WARD#')).length;
    const days = report.scopes.filter((s) => s.scope.includes('#DAY#')).length;
    out(`${report.ok ? 'ok   ' : 'DRIFT'} ${fund.fundId}: ${count(report.entries, 'journal entry', 'journal entries')}, ${count(wards, 'ward')}, ${count(days, 'day')}`);
    for (const scope of report.scopes) {
      const drifting = DELTA_NAMES.some((name) => scope.drift[name] !== 0);
      if (drifting || !options.onlyDrift) out(`      ${label(fund.fundId, scope.scope).padEnd(24)} ${describeDrift(scope)}`);
    }
  }
  const bad = reports.filter((r) => !r.ok);
  out(
    bad.length
      ? `Drift in ${bad.length} of ${reports.length} funds: ${bad.map((r) => r.fundId).join(', ')}`
      : `No drift: ${reports.length} funds, ${cutoff ? `the days before ${cutoff}` : 'every day'}, counters equal the journal exactly.`,
  );
  return bad.length ? 1 : 0;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      endpoint: { type: 'string' },
      table: { type: 'string' },
      state: { type: 'string' },
      cutoff: { type: 'string' },
      'only-drift': { type: 'boolean', default: false },
    },
  });
  const { endpoint, table } = useTwinTable({ endpoint: values.endpoint, table: values.table, stateFile: values.state });
  console.log(`Checking the totals of table ${table} at ${endpoint}`);
  return verifyTotals({ cutoff: values.cutoff, onlyDrift: values['only-drift'] });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then(
    (code) => process.exit(code),
    (error: Error) => {
      console.error(error.message);
      process.exit(2);
    },
  );
}
