/**
 * `npm run report -- --date YYYY-MM-DD [--fund cuba-2025] [--dynamo URL --s3 URL --table NAME]`
 *
 * Runs the nightly report job now against the running twin (its endpoints come from
 * `.data/twin.json`, which `npm start` writes) or against the given endpoints. Without --date it
 * reports yesterday (Vietnam time), as the 00:30 schedule does. Today or a later day is refused:
 * only a finished day is reported (DESIGN §7). Exits 1 if any fund failed or the day is refused.
 */
import './quiet-sdk';
import { useClockOffset } from '../../shared/domain/clock';
import { commandOption as option, runCommand, savedTwinState } from './cli';
import { PROJECT_ROOT, twinEnvironment } from './twin';

async function main(args: string[]): Promise<number> {
  const state = savedTwinState();
  const dynamo = option(args, 'dynamo') ?? state?.dynamoEndpoint;
  const s3 = option(args, 's3') ?? state?.s3Endpoint;
  const table = option(args, 'table') ?? state?.tableName ?? 'sovang-ledger';
  if (!dynamo || !s3) {
    console.error('No running twin found (.data/twin.json): start it with `npm start`, or pass --dynamo URL --s3 URL.');
    return 2;
  }
  Object.assign(process.env, twinEnvironment({ dynamo, s3, table }), { POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN' });
  process.chdir(PROJECT_ROOT);
  // The twin's clock, which `SOVANG_NOW` may have moved: a day is finished or not by the twin's time.
  if (state?.clockOffsetMs) useClockOffset(state.clockOffsetMs);
  const date = option(args, 'date');
  const fund = option(args, 'fund');
  // Imported after the environment is set: configuration is read once, on first use.
  const { runNightly } = await import('../../functions/reports/nightly');
  try {
    const result = await runNightly({ ...(date ? { date } : {}), ...(fund ? { fundIds: [fund] } : {}) });
    for (const r of result.results) {
      console.log(`${r.status === 'published' ? 'published' : 'unchanged'}  ${r.fundId} ${r.date}  ${r.treeSize} entries  root ${r.rootHash}`);
    }
    console.log(`Files: ${s3}/${process.env.REPORTS_BUCKET}/reports/<fundId>/${result.date}/ — verify with: npm run verify-report -- ${state?.url ?? 'http://localhost:3000'}/v1/reports/<fundId>/${result.date}/files/`);
    return 0;
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
}

runCommand(main);
