/**
 * The local twin: the same handlers as in AWS, on one machine. It starts the embedded services,
 * creates the table and buckets from the shared declarations, seeds demo data and serves HTTP.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { buckets } from '../../shared/resources';
import { startTwinHttp } from './http-server';
import { createTokenIssuer, type TokenIssuer } from './token-issuer';
import { ensureTable } from './provision';
import { seedAdminUnits, seedFunds } from './seed';
import { freePort, LOCAL_CREDENTIALS, startDynamoLocal, startS3Emulator, type RunningService } from './services';

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export const LOCAL_NAMES = {
  table: 'sovang-ledger',
  buckets: { reports: 'sovang-reports', evidence: 'sovang-evidence', statements: 'sovang-statements' } satisfies Record<keyof typeof buckets, string>,
};

export interface TwinOptions {
  /** Where DynamoDB Local and the S3 emulator keep their files; omit for an in-memory twin. */
  dataDir?: string;
  port?: number;
  host?: string;
  /** Reuse services that are already running (tests start them once for every file). */
  dynamoEndpoint?: string;
  s3Endpoint?: string;
  tableName?: string;
  seedAdminUnits?: boolean;
  log?: (line: string) => void;
  quiet?: boolean;
}

export interface Twin {
  url: string;
  dynamoEndpoint: string;
  s3Endpoint: string;
  tableName: string;
  env: Record<string, string>;
  documentClient: DynamoDBDocumentClient;
  tokens: TokenIssuer;
  stop(): Promise<void>;
}

/** The environment every handler of the twin runs with, as the CDK app sets it in AWS. */
export function twinEnvironment(endpoints: { dynamo: string; s3: string; table: string }): Record<string, string> {
  return {
    TABLE_NAME: endpoints.table,
    REPORTS_BUCKET: LOCAL_NAMES.buckets.reports,
    EVIDENCE_BUCKET: LOCAL_NAMES.buckets.evidence,
    STATEMENTS_BUCKET: LOCAL_NAMES.buckets.statements,
    AWS_REGION: 'ap-southeast-1',
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    DYNAMODB_ENDPOINT: endpoints.dynamo,
    S3_ENDPOINT: endpoints.s3,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

export async function startTwin(options: TwinOptions = {}): Promise<Twin> {
  const log = options.log ?? (() => undefined);
  const stops: (() => Promise<void>)[] = [];
  try {
    let dynamoEndpoint = options.dynamoEndpoint;
    if (!dynamoEndpoint) {
      log('Starting DynamoDB Local…');
      const dynamo = await startDynamoLocal({ dataDir: options.dataDir && join(options.dataDir, 'dynamodb') });
      stops.push(dynamo.stop);
      dynamoEndpoint = dynamo.endpoint;
    }
    let s3Endpoint = options.s3Endpoint;
    if (!s3Endpoint) {
      log('Starting the S3 emulator…');
      const s3: RunningService = await startS3Emulator({
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
    const table = await ensureTable(client, tableName);
    log(table.created ? `Created table ${tableName}` : `Table ${tableName} is ready`);
    const fundsCreated = await seedFunds(documentClient, tableName);
    log(`Funds: ${fundsCreated} seeded`);
    if (options.seedAdminUnits !== false) {
      const units = await seedAdminUnits(documentClient, tableName);
      log(`Admin units: ${units.provinces} provinces, ${units.units} communes${units.skipped ? ' (already seeded)' : ' seeded'}`);
    }

    const server = await startTwinHttp({
      root: PROJECT_ROOT,
      port,
      host: options.host,
      extraRoutes: (req, res, url) => tokens.handle(req, res, url),
      webDir: join(PROJECT_ROOT, 'web', 'dist'),
      onRequest: options.quiet ? undefined : (r) => log(`${r.method} ${r.path} → ${r.status} (${r.ms} ms)`),
    });
    stops.push(
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );
    return {
      url: server.url,
      dynamoEndpoint,
      s3Endpoint,
      tableName,
      env,
      documentClient,
      tokens,
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
