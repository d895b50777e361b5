/**
 * The running twin's table, for the command-line tools that read or repair it (verify-totals,
 * replay-totals): from `--endpoint` and `--table`, else from the state file `npm start` writes,
 * and the environment the adapters read on their first call pointed at it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_CREDENTIALS } from './services';
import { PROJECT_ROOT, TWIN_STATE_FILE, twinEnvironment, type TwinState } from './twin';

function twinState(file: string): TwinState {
  let state: TwinState;
  try {
    state = JSON.parse(readFileSync(file, 'utf8')) as TwinState;
  } catch {
    throw new Error(`No running twin found (${file} is missing). Start it with "npm start", or pass --endpoint and --table.`);
  }
  try {
    process.kill(state.pid, 0);
  } catch {
    throw new Error(`The twin that wrote ${file} (pid ${state.pid}) is not running. Start it with "npm start".`);
  }
  return state;
}

/** Points the adapters at the twin's table; call it before the first read. */
export function useTwinTable(options: { endpoint?: string; table?: string; stateFile?: string }): { endpoint: string; table: string } {
  let { endpoint, table } = options;
  if (!endpoint || !table) {
    const state = twinState(options.stateFile ?? join(PROJECT_ROOT, '.data', TWIN_STATE_FILE));
    endpoint ??= state.dynamoEndpoint;
    table ??= state.tableName;
  }
  Object.assign(process.env, twinEnvironment({ dynamo: endpoint, s3: 'http://127.0.0.1:1', table }), {
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  return { endpoint, table };
}
