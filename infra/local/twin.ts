/**
 * The local twin: the same handlers as in AWS, on one machine. It starts the embedded services,
 * creates the table and buckets from the shared declarations, seeds demo data and serves HTTP.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { bucketConsumers, buckets, schedules, streamConsumers } from '../../shared/resources';
import { startBucketPoller, type BucketPoller } from './bucket-poller';
import type { ContractChecker, ContractRecorder, OpenApiDocumentShape } from './contract-check';
import { startTwinHttp } from './http-server';
import { createRateLimiter } from './rate-limit';
import { reportsProxy } from './reports-proxy';
import { createTokenIssuer, type TokenIssuer } from './token-issuer';
import type { DemoOutcome } from './demo-history/seed';
import { ensureTable } from './provision';
import { seedAdminUnits, seedFunds } from './seed';
import { startStreamPoller, type StreamPoller } from './stream-poller';
import * as clock from '../../shared/domain/clock';
import { startScheduler } from './scheduler';
import { freePort, LOCAL_CREDENTIALS, startDynamoLocal, startS3Emulator, type RunningService } from './services';

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export const LOCAL_NAMES = {
  table: 'sovang-ledger',
  buckets: { reports: 'sovang-reports', evidence: 'sovang-evidence', statements: 'sovang-statements', names: 'sovang-names' } satisfies Record<keyof typeof buckets, string>,
};

export interface TwinOptions {
  /** Where DynamoDB Local and the S3 emulator keep their files; omit for an in-memory twin. */
  dataDir?: string;
  port?: number;
  host?: string;
  /** The built web app it serves; default web/dist. A browser test that builds its own copy is not disturbed by another's build. */
  webDir?: string;
  /** Reuse services that are already running (tests start them once for every file). */
  dynamoEndpoint?: string;
  s3Endpoint?: string;
  tableName?: string;
  /** Fixed ports for the embedded services (a restarted twin then answers at the same endpoints). */
  servicePorts?: { dynamo?: number; s3?: number };
  seedAdminUnits?: boolean;
  log?: (line: string) => void;
  quiet?: boolean;
  /**
   * Runs the declared schedules (the nightly report at 00:30 Asia/Ho_Chi_Minh). Default: on for a
   * twin that keeps its data (`npm start`), off for in-memory and test twins.
   */
  scheduler?: boolean;
  /**
   * Enforces the routes' `anonymousRateLimit` as the WAF does in AWS. Default: on for a twin that
   * keeps its data (`npm start`), off for in-memory and test twins, whose load comes from one address.
   */
  rateLimits?: boolean;
  /** The stream pollers that feed the stream consumers (the totals); on unless false. */
  streams?: boolean | TwinStreamOptions;
  /** The bucket pollers that deliver S3 events to the bucket consumers (statement imports); on unless false. */
  bucketEvents?: boolean | { pollIntervalMs?: number };
  /** Checks every API exchange against the OpenAPI document (infra/local/contract-check.ts); default: SOVANG_CONTRACT_CHECK=1. */
  contractCheck?: boolean;
  /**
   * Plays the demo funds' history (infra/local/demo-history/) once per table: pledges, statements,
   * plans, disbursements, goods, reports. Default: on for a twin that keeps its data (`npm start`)
   * and has the admin units its plans name.
   */
  demoHistory?: boolean;
  /**
   * The instant the twin's clock starts at (default: `SOVANG_NOW`, an ISO timestamp; otherwise the
   * system's clock). It runs on from there, so a demo or a test can finish a day and report it.
   */
  startAt?: string;
}

export interface TwinStreamOptions {
  /** Where each poller keeps its checkpoint; default `<dataDir>/stream-checkpoints`, none without a dataDir. */
  checkpointDir?: string;
  /** Where discarded batches go (the on-failure destination); default under `<dataDir>` or `.data/tmp`. */
  failureDir?: string;
  batchingWindowMs?: number;
  pollIntervalMs?: number;
}

/** What `npm start` leaves in `.data/twin.json` for the tools that talk to the running twin. */
export interface TwinState {
  url: string;
  dynamoEndpoint: string;
  s3Endpoint: string;
  tableName: string;
  pid: number;
  startedAt: string;
  /** The twin's clock minus the system's (`SOVANG_NOW`): the tools that act on the twin share its clock. */
  clockOffsetMs: number;
}

export const TWIN_STATE_FILE = 'twin.json';

export interface Twin {
  url: string;
  dynamoEndpoint: string;
  s3Endpoint: string;
  tableName: string;
  env: Record<string, string>;
  documentClient: DynamoDBDocumentClient;
  tokens: TokenIssuer;
  /** One per stream consumer, by consumer id; empty when streams are off. */
  pollers: Map<string, StreamPoller>;
  /** One per bucket consumer, by consumer id; empty when bucket events are off. */
  bucketPollers: Map<string, BucketPoller>;
  /** Resolves once every stream consumer has caught up with the table: the totals are current. */
  waitForTotals(timeoutMs?: number): Promise<void>;
  /** The contract check's findings, when it is on. */
  contract?: ContractRecorder;
  /** What the demo history left to try, when it ran. */
  demo?: DemoOutcome;
  stop(): Promise<void>;
}

/** The environment every handler of the twin runs with, as the CDK app sets it in AWS. */
export function twinEnvironment(endpoints: { dynamo: string; s3: string; table: string }): Record<string, string> {
  return {
    TABLE_NAME: endpoints.table,
    REPORTS_BUCKET: LOCAL_NAMES.buckets.reports,
    EVIDENCE_BUCKET: LOCAL_NAMES.buckets.evidence,
    STATEMENTS_BUCKET: LOCAL_NAMES.buckets.statements,
    NAMES_BUCKET: LOCAL_NAMES.buckets.names,
    AWS_REGION: 'ap-southeast-1',
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    DYNAMODB_ENDPOINT: endpoints.dynamo,
    S3_ENDPOINT: endpoints.s3,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    // CloudWatch reads metrics from the logs in AWS; locally they would only bury the twin's output.
    POWERTOOLS_METRICS_DISABLED: 'true',
  };
}

let contractChecker: Promise<ContractChecker> | undefined;

/** Loaded only when asked for, and once per process: the check compiles every schema of the document (about a second). */
async function contractRecorder(): Promise<ContractRecorder> {
  contractChecker ??= Promise.all([import('./contract-check'), import('../../shared/openapi')]).then(([{ createContractChecker }, { buildOpenApi }]) =>
    createContractChecker(buildOpenApi() as unknown as OpenApiDocumentShape),
  );
  const { createContractRecorder } = await import('./contract-check');
  return createContractRecorder(await contractChecker);
}

/** The instant `SOVANG_NOW` names, refused if it is not one: a mistyped demo date must not quietly run on today. */
function startingInstant(text: string): Date {
  const instant = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(instant.getTime())) {
    throw new Error(`SOVANG_NOW must be an ISO timestamp such as 2025-09-02T08:00:00+07:00, not "${text}"`);
  }
  return instant;
}

export async function startTwin(options: TwinOptions = {}): Promise<Twin> {
  const log = options.log ?? (() => undefined);
  const stops: (() => Promise<void>)[] = [];
  const startAt = options.startAt ?? process.env.SOVANG_NOW;
  if (startAt) {
    clock.startClockAt(startingInstant(startAt));
    stops.push(async () => clock.useClockOffset(0));
    log(`Clock starts at ${clock.now().toISOString()} (SOVANG_NOW)`);
  }
  try {
    let dynamoEndpoint = options.dynamoEndpoint;
    if (!dynamoEndpoint) {
      log('Starting DynamoDB Local…');
      const dynamo = await startDynamoLocal({ port: options.servicePorts?.dynamo, dataDir: options.dataDir && join(options.dataDir, 'dynamodb') });
      stops.push(dynamo.stop);
      dynamoEndpoint = dynamo.endpoint;
    }
    let s3Endpoint = options.s3Endpoint;
    if (!s3Endpoint) {
      log('Starting the S3 emulator…');
      const s3: RunningService = await startS3Emulator({
        port: options.servicePorts?.s3,
        dir: options.dataDir ? join(options.dataDir, 's3') : join(PROJECT_ROOT, '.data', 'tmp', `s3-${process.pid}`),
        buckets: Object.values(LOCAL_NAMES.buckets),
      });
      stops.push(s3.stop);
      s3Endpoint = s3.endpoint;
    }
    const tableName = options.tableName ?? LOCAL_NAMES.table;
    // The port is fixed before anything reads the configuration: the token issuer's URL is part of it.
    const port = options.port || (await freePort());
    const tokens = await createTokenIssuer({ port, keyFile: options.dataDir && join(options.dataDir, 'keys', 'token-issuer.json') });
    const env: Record<string, string> = {
      ...twinEnvironment({ dynamo: dynamoEndpoint, s3: s3Endpoint, table: tableName }),
      JWT_ISSUER: tokens.issuer,
      JWT_AUDIENCE: tokens.audience,
      JWKS_URL: tokens.jwksUrl,
    };
    Object.assign(process.env, env);

    const client = new DynamoDBClient({ endpoint: dynamoEndpoint, region: env.AWS_REGION!, credentials: LOCAL_CREDENTIALS });
    const documentClient = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    const table = await ensureTable(client, tableName, { stream: options.streams !== false });
    log(table.created ? `Created table ${tableName}` : `Table ${tableName} is ready`);
    const fundsCreated = await seedFunds(documentClient, tableName);
    log(`Funds: ${fundsCreated} seeded`);
    if (options.seedAdminUnits !== false) {
      const units = await seedAdminUnits(documentClient, tableName);
      log(`Admin units: ${units.provinces} provinces, ${units.units} communes${units.skipped ? ' (already seeded)' : ' seeded'}`);
    }

    const contract = (options.contractCheck ?? process.env.SOVANG_CONTRACT_CHECK === '1') ? await contractRecorder() : undefined;

    // The web app reads published reports on its own origin, as CloudFront serves them in AWS.
    const reports = reportsProxy({
      s3Endpoint,
      region: env.AWS_REGION!,
      bucket: () => process.env.REPORTS_BUCKET || LOCAL_NAMES.buckets.reports,
      namesBucket: () => process.env.NAMES_BUCKET || LOCAL_NAMES.buckets.names,
    });
    const server = await startTwinHttp({
      root: PROJECT_ROOT,
      port,
      host: options.host,
      extraRoutes: async (req, res, url) => (await tokens.handle(req, res, url)) || reports(req, res, url),
      webDir: options.webDir ?? join(PROJECT_ROOT, 'web', 'dist'),
      onRequest: options.quiet ? undefined : (r) => log(`${r.method} ${r.path} → ${r.status} (${r.ms} ms)`),
      onExchange: contract?.record,
      rateLimiter: (options.rateLimits ?? Boolean(options.dataDir)) ? createRateLimiter() : undefined,
    });
    stops.push(
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );

    const pollers = new Map<string, StreamPoller>();
    if (options.streams !== false) {
      const streamOptions = typeof options.streams === 'object' ? options.streams : {};
      const checkpointDir = streamOptions.checkpointDir ?? (options.dataDir && join(options.dataDir, 'stream-checkpoints'));
      const failureDir = streamOptions.failureDir ?? join(options.dataDir ?? join(PROJECT_ROOT, '.data', 'tmp'), 'stream-failures');
      if (!table.streamArn) throw new Error(`Table ${tableName} has no stream`);
      for (const consumer of streamConsumers) {
        const poller = await startStreamPoller({
          endpoint: dynamoEndpoint,
          region: env.AWS_REGION!,
          credentials: LOCAL_CREDENTIALS,
          streamArn: table.streamArn,
          consumer,
          root: PROJECT_ROOT,
          checkpointFile: checkpointDir && join(checkpointDir, `${tableName}.${consumer.id}.json`),
          failureFile: join(failureDir, `${tableName}.${consumer.id}.jsonl`),
          batchingWindowMs: streamOptions.batchingWindowMs,
          pollIntervalMs: streamOptions.pollIntervalMs,
          log,
        });
        pollers.set(consumer.id, poller);
        stops.push(() => poller.stop());
      }
    }

    const bucketPollers = new Map<string, BucketPoller>();
    if (options.bucketEvents !== false) {
      const pollIntervalMs = typeof options.bucketEvents === 'object' ? options.bucketEvents.pollIntervalMs : undefined;
      for (const consumer of bucketConsumers) {
        const poller = startBucketPoller({
          endpoint: s3Endpoint,
          region: env.AWS_REGION!,
          credentials: LOCAL_CREDENTIALS,
          bucketName: process.env[`${consumer.bucket.toUpperCase()}_BUCKET`] || LOCAL_NAMES.buckets[consumer.bucket],
          consumer,
          root: PROJECT_ROOT,
          pollIntervalMs,
          log,
        });
        bucketPollers.set(consumer.id, poller);
        stops.push(() => poller.stop());
      }
    }

    if (options.scheduler ?? Boolean(options.dataDir)) {
      const scheduler = startScheduler({ root: PROJECT_ROOT, schedules, log });
      for (const [id, at] of Object.entries(scheduler.nextRuns())) log(`Schedule ${id}: next run ${at}`);
      stops.push(() => scheduler.stop());
    }

    const waitForTotals = async (timeoutMs?: number) => {
      await Promise.all([...pollers.values()].map((poller) => poller.drain(timeoutMs)));
    };
    let demo: DemoOutcome | undefined;
    if (options.demoHistory ?? (Boolean(options.dataDir) && options.seedAdminUnits !== false)) {
      const { seedDemoHistory } = await import('./demo-history/seed');
      demo = await seedDemoHistory({ url: server.url, documentClient, tableName, tokens, waitForTotals }, log);
    }

    if (options.dataDir) {
      const stateFile = join(options.dataDir, TWIN_STATE_FILE);
      const state: TwinState = { url: server.url, dynamoEndpoint, s3Endpoint, tableName, pid: process.pid, startedAt: clock.now().toISOString(), clockOffsetMs: clock.clockOffsetMs() };
      mkdirSync(options.dataDir, { recursive: true });
      writeFileSync(stateFile, `${JSON.stringify(state, null, 2)}\n`);
      stops.push(async () => rmSync(stateFile, { force: true }));
    }

    return {
      url: server.url,
      dynamoEndpoint,
      s3Endpoint,
      tableName,
      env,
      documentClient,
      tokens,
      pollers,
      bucketPollers,
      contract,
      demo,
      waitForTotals,
      stop: async () => {
        for (const stop of stops.reverse()) await stop().catch(() => undefined);
        client.destroy();
      },
    };
  } catch (error) {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    throw error;
  }
}
