/**
 * A twin in a process of its own, for tests that kill it: started from SOVANG_TEST_TWIN (JSON
 * TwinOptions), it prints one line `READY {"url":…,"clerk":…}` once it serves, then lives until killed.
 * Its data (stream checkpoints, the token issuer's key) is in `dataDir`, so a twin started again on
 * the same directory carries on where the killed one stopped, and a clerk's token stays valid.
 */
import '../../infra/local/quiet-sdk';
import { startTwin, type TwinOptions } from '../../infra/local/twin';

const options = JSON.parse(process.env.SOVANG_TEST_TWIN ?? '{}') as TwinOptions;
const twin = await startTwin({ ...options, quiet: true, scheduler: false, rateLimits: false, demoHistory: false, seedAdminUnits: false });
const clerk = await twin.tokens.issue('clerk-kill', ['finance-clerk']);
process.stdout.write(`READY ${JSON.stringify({ url: twin.url, clerk })}\n`);
