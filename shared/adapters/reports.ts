/** The report use cases wired to DynamoDB, S3, the signer and node:crypto, once per container. */
import { config } from '../config';
import { logger } from '../observability';
import { nodeHasher } from '../reports/node-hash';
import type { NightlyReportDeps } from '../usecases/nightly-report';
import type { ReportObjectStore } from '../usecases/ports';
import { checkDrift } from '../usecases/totals-drift';
import { adminUnits, counters, funds, journal } from './dynamo';
import { diskSpool } from './local/refs-spool';
import { s3ReportStore } from './s3/report-store';
import { reportSigner } from './signing';

let store: ReportObjectStore | undefined;

export function reportStore(): ReportObjectStore {
  return (store ??= s3ReportStore(config().REPORTS_BUCKET));
}

export function nightlyReportDeps(overrides: Partial<NightlyReportDeps> = {}): NightlyReportDeps {
  return {
    journal,
    store: reportStore(),
    signer: reportSigner(),
    funds,
    adminUnits,
    checkDrift: (fundId, options) => checkDrift({ journal, counters }, fundId, options),
    spool: () => diskSpool(),
    hasher: nodeHasher,
    log: (message, data) => logger.info(message, data ?? {}),
    ...overrides,
  };
}
