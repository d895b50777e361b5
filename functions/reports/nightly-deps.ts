/** The nightly report job wired to DynamoDB, S3, the signer and node:crypto. */
import { logger } from '../../shared/observability';
import { nodeHasher } from '../../shared/reports/node-hash';
import type { NightlyReportDeps } from '../../shared/usecases/nightly-report';
import { checkDrift } from '../../shared/usecases/totals-drift';
import { config } from '../../shared/config';
import { adminUnits, committees, counters, funds, journal, pledges } from '../../shared/adapters/dynamo';
import { diskSpool } from '../../shared/adapters/local/refs-spool';
import { namesStore, reportStore } from '../../shared/adapters/s3/report-store';
import { reportSigner } from '../../shared/adapters/signing';

export function nightlyReportDeps(overrides: Partial<NightlyReportDeps> = {}): NightlyReportDeps {
  return {
    journal,
    store: reportStore(),
    names: namesStore(),
    signer: reportSigner(),
    funds,
    adminUnits,
    committees,
    pledges,
    openData: {
      publisherOrgRef: config().OPEN_DATA_PUBLISHER_REF,
      committeeOrgRefs: config().OPEN_DATA_COMMITTEE_REFS,
      giving360Prefix: config().OPEN_DATA_360G_PREFIX,
      license: config().OPEN_DATA_LICENSE,
    },
    checkDrift: (fundId, options) => checkDrift({ journal, counters }, fundId, options),
    spool: () => diskSpool(),
    hasher: nodeHasher,
    log: (message, data) => logger.info(message, data ?? {}),
    ...overrides,
  };
}
