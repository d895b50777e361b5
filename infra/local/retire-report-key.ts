/**
 * `npm run retire-report-key -- --at YYYY-MM-DD [--s3 URL]`
 *
 * After a rotation, marks the old report signing key retired from the first night the new key
 * signed (docs/DEPLOY.md, Key rotation). It signs with the old key, so run it while that key is
 * still the configured one: locally the twin's key file (`REPORT_SIGNING_KEY_FILE`), in AWS
 * `REPORT_SIGNING_KMS_KEY_ID` and `REPORTS_BUCKET`. Against the twin its S3 endpoint comes from
 * `.data/twin.json`.
 */
import './quiet-sdk';
import { commandOption, runCommand, savedTwinState } from './cli';
import { twinEnvironment } from './twin';

async function main(args: string[]): Promise<number> {
  const option = (name: string) => commandOption(args, name);
  const retiredAt = option('at');
  if (!retiredAt) {
    console.error('usage: npm run retire-report-key -- --at YYYY-MM-DD [--s3 URL]');
    return 2;
  }
  const state = savedTwinState();
  const s3 = option('s3') ?? state?.s3Endpoint;
  if (s3 && state) Object.assign(process.env, twinEnvironment({ dynamo: state.dynamoEndpoint, s3, table: state.tableName }));
  // Imported after the environment is set: configuration is read once, on first use.
  const { reportStore } = await import('../../shared/adapters/s3/report-store');
  const { reportSigner } = await import('../../shared/adapters/signing');
  const { nodeHasher } = await import('../../shared/reports/node-hash');
  const { retireReportKey } = await import('../../shared/usecases/report-keys');
  try {
    const keys = await retireReportKey({ store: reportStore(), signer: reportSigner(), hasher: nodeHasher }, retiredAt);
    for (const key of keys.keys) console.log(`${key.keyId}  ${key.algorithm}  valid from ${key.validFrom ?? '(not recorded)'}${key.retiredAt ? ` until ${key.retiredAt} (retired)` : ''}`);
    return 0;
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
}

runCommand(main);
