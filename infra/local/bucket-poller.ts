/**
 * The twin's S3 event notifications: the S3 emulator sends none, so this lists a bucket consumer's
 * prefix (shared/resources.ts `bucketConsumers`) a few times a second and invokes the consumer's
 * handler with an ObjectCreated event for every object that is new or changed (a new ETag or
 * modification time: a rewrite in place fires again, as in S3), once two listings in a row agree
 * on it: the emulator lists a file while it is still writing it, S3 only once it is whole. Like S3's asynchronous
 * invocations it runs handlers concurrently and delivers at least once: a handler that throws
 * gets the object again after a pause. Objects already in the bucket when the twin starts are
 * delivered too, so an import interrupted by a restart continues.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ListObjectsV2Command, S3Client, type _Object } from '@aws-sdk/client-s3';
import type { Context, S3Event } from 'aws-lambda';
import type { bucketConsumers } from '../../shared/resources';
import { lambdaContext } from './lambda-context';

export interface BucketConsumer {
  id: string;
  entry: string;
  prefix: string;
  timeoutSeconds: number;
}
type Declared = (typeof bucketConsumers)[number];
// Fails to compile if shared/resources.ts stops declaring what the poller needs.
const _declaredFits: BucketConsumer = {} as Declared;

export type BucketHandler = (event: S3Event, context: Context) => Promise<unknown>;

export interface BucketPollerOptions {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  bucketName: string;
  consumer: BucketConsumer;
  /** Project root, to load `consumer.entry`; or pass the handler itself. */
  root?: string;
  handler?: BucketHandler;
  pollIntervalMs?: number;
  retryDelayMs?: number;
  maxConcurrent?: number;
  log?: (line: string) => void;
}

export interface BucketPoller {
  /** Resolves once a listing found nothing new and no invocation is running. */
  drain(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
  readonly invocations: number;
}

function s3Event(bucket: string, object: _Object, region: string): S3Event {
  const key = object.Key!;
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: region,
        eventTime: (object.LastModified ?? new Date()).toISOString(),
        eventName: 'ObjectCreated:Put',
        userIdentity: { principalId: 'local' },
        requestParameters: { sourceIPAddress: '127.0.0.1' },
        responseElements: { 'x-amz-request-id': 'local', 'x-amz-id-2': 'local' },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'twin',
          bucket: { name: bucket, ownerIdentity: { principalId: 'local' }, arn: `arn:aws:s3:::${bucket}` },
          // As S3 sends it: URL-encoded, spaces as `+`.
          object: { key: encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/'), size: object.Size ?? 0, eTag: (object.ETag ?? '').replace(/"/g, ''), sequencer: '0' },
        },
      },
    ],
  };
}


export function startBucketPoller(options: BucketPollerOptions): BucketPoller {
  const { consumer, bucketName } = options;
  const log = options.log ?? (() => undefined);
  const client = new S3Client({ endpoint: options.endpoint, region: options.region, credentials: options.credentials, forcePathStyle: true, maxAttempts: 2 });
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const retryDelayMs = options.retryDelayMs ?? 2_000;
  const maxConcurrent = options.maxConcurrent ?? 4;
  let handler: Promise<BucketHandler> | undefined;
  const loadHandler = () =>
    (handler ??= options.handler
      ? Promise.resolve(options.handler)
      : import(pathToFileURL(resolve(options.root ?? '.', consumer.entry)).href).then((m) => m.handler as BucketHandler));

  /** What was delivered (or is being delivered) per key: the version, and when a failed one may go again. */
  const delivered = new Map<string, { version: string; retryAt?: number }>();
  /** What the previous listing showed: an object is delivered once it stays the same for one listing. */
  let previous = new Map<string, string>();
  const running = new Map<string, Promise<void>>();
  const queue: _Object[] = [];
  let stopped = false;
  let quiet = false;
  let invocations = 0;
  let sequence = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const version = (o: _Object) => `${o.ETag ?? ''}|${o.LastModified?.toISOString() ?? ''}`;

  async function invoke(object: _Object): Promise<void> {
    const key = object.Key!;
    const requestId = `bucket-${Date.now().toString(36)}-${++sequence}`;
    const started = Date.now();
    invocations++;
    log(`S3 event ${bucketName}/${key} → ${consumer.id}`);
    try {
      await (await loadHandler())(s3Event(bucketName, object, options.region), lambdaContext({ functionName: consumer.id, requestId, timeoutMs: consumer.timeoutSeconds * 1000, memoryMb: 1024 }));
      log(`${consumer.id} finished ${key} in ${Date.now() - started} ms`);
    } catch (error) {
      delivered.set(key, { version: version(object), retryAt: Date.now() + retryDelayMs });
      log(`${consumer.id} failed on ${key} (delivered again in ${retryDelayMs} ms): ${(error as Error).message}`);
    }
  }

  function pump(): void {
    while (!stopped && running.size < maxConcurrent && queue.length > 0) {
      const object = queue.shift()!;
      const key = object.Key!;
      if (running.has(key)) {
        // One invocation per object at a time; the newer version goes after it.
        delivered.delete(key);
        continue;
      }
      const run = invoke(object).finally(() => {
        running.delete(key);
        pump();
      });
      running.set(key, run);
    }
  }

  async function poll(): Promise<void> {
    let found = false;
    const listed = new Map<string, string>();
    try {
      let ContinuationToken: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucketName, Prefix: consumer.prefix, ContinuationToken }));
        for (const object of page.Contents ?? []) {
          if (!object.Key) continue;
          const current = version(object);
          listed.set(object.Key, current);
          const seen = delivered.get(object.Key);
          if (seen && seen.version === current && (seen.retryAt === undefined || seen.retryAt > Date.now())) continue;
          if (running.has(object.Key)) continue;
          found = true;
          if (previous.get(object.Key) !== current) continue;
          delivered.set(object.Key, { version: current });
          queue.push(object);
        }
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken && !stopped);
      previous = listed;
    } catch (error) {
      if (!stopped) log(`bucket poller ${consumer.id}: listing ${bucketName} failed: ${(error as Error).message}`);
      found = true;
    }
    quiet = !found && queue.length === 0 && running.size === 0;
    pump();
  }

  const loop = async () => {
    if (stopped) return;
    await poll();
    if (!stopped) timer = setTimeout(loop, pollIntervalMs);
  };
  timer = setTimeout(loop, 0);

  return {
    get invocations() {
      return invocations;
    },
    async drain(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      quiet = false;
      while (!quiet || running.size > 0) {
        if (Date.now() > deadline) throw new Error(`bucket poller ${consumer.id} did not drain within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, pollIntervalMs));
      }
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await Promise.allSettled(running.values());
      client.destroy();
    },
  };
}
