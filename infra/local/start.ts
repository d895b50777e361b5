/** `npm start`: the whole product on this machine, with demo data. */
import './quiet-sdk';
import { join } from 'node:path';
import { ensureDataLayout } from './data-layout';
import { MissingJavaError, portInUse } from './services';
import { PROJECT_ROOT, startTwin } from './twin';

/**
 * Two approvers, so maker-checker can be tried by hand: An requests, Lan or Minh approves. The
 * city's staff act on the city's funds and every ward's; Bình is a clerk of Phường Sài Gòn only,
 * to see a ward's clerk turned away from the city's funds (DESIGN §12.2).
 */
const DEMO_STAFF: [string, string, string][] = [
  ['an', 'scope:vn-79:finance-clerk:children', 'finance-clerk, HCMC and its wards'],
  ['lan', 'scope:vn-79:finance-approver:children', 'finance-approver, HCMC and its wards'],
  ['minh', 'scope:vn-79:finance-approver:children', 'finance-approver, HCMC and its wards'],
  ['thu', 'scope:vn-79:auditor:children', 'auditor, HCMC and its wards'],
  ['quan', 'scope:vn-79:admin:children', 'admin, HCMC and its wards'],
  ['binh', 'scope:vn-79-26740:finance-clerk', 'finance-clerk, Phường Sài Gòn only'],
];

const port = Number(process.env.PORT ?? 3000);
const log = (line: string) => console.log(`[twin] ${line}`);

async function main(): Promise<void> {
  if (await portInUse(port)) {
    console.error(`Port ${port} is already in use: is another "npm start" running? Stop it, or run with PORT=3001 npm start.`);
    process.exit(1);
  }
  const dataDir = join(PROJECT_ROOT, '.data');
  ensureDataLayout(dataDir, log);
  const twin = await startTwin({ dataDir, port, log });
  const base = `http://localhost:${port}`;
  console.log(`
Sổ Vàng is running locally.
  Portal and console   ${base}/
  Funds                ${base}/v1/funds
  OpenAPI              ${base}/v1/openapi.json
  DynamoDB Local       ${twin.dynamoEndpoint}  (table ${twin.tableName})
  S3 emulator          ${twin.s3Endpoint}

Try:
  curl ${base}/v1/funds
  curl -X POST ${base}/v1/pledges -H 'content-type: application/json' -H "Idempotency-Key: $(uuidgen || date +%s%N)" \\
    -d '{"fundId":"cuba-2025","donor":{"type":"individual","name":"Nguyễn Văn An"},"amount":500000,"publishName":true}'

Demo staff tokens (8 h; make more with npm run token -- --role <role> --user <name> [--committee vn-79 --children]):`);
  for (const [user, group, what] of DEMO_STAFF) {
    console.log(`  ${user.padEnd(5)} ${what}\n        ${await twin.tokens.issue(user, [group])}`);
  }
  if (twin.demo?.sampleRef) console.log(`\nA demo pledge to check: ${base}/check?ref=${twin.demo.sampleRef}`);
  if (twin.demo?.organisation) {
    const { orgId, apiKey } = twin.demo.organisation;
    console.log(`Demo organisation ${orgId}: sign in to the console as an organisation with this id${apiKey ? `, or use its API key ${apiKey}` : ''}`);
  }
  console.log('\nPress Ctrl-C to stop.');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping…`);
    await twin.stop();
    log('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  if (error instanceof MissingJavaError) console.error(error.message);
  else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') console.error(`Port ${port} is already in use. Run with PORT=3001 npm start.`);
  else console.error('[twin] failed to start:', error);
  process.exit(1);
});
