/**
 * The S3 implementation of the report store. Large files stream through plain multipart uploads
 * (5 MiB parts, one part uploading while the next fills), so a million-entry report never sits in
 * memory; small files are one PutObject. SDK errors become domain errors here.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { ServiceUnavailableError, SoVangError } from '../../errors';
import { isNetworkError } from '../network';
import { ObjectExistsError, type ObjectWriter, type ReportObjectStore } from '../../usecases/ports/report-objects';
import { config } from '../../config';
import { s3 } from './client';

// The S3 minimum part: two per writer (double buffering) is what the job holds per large file.
const PART_BYTES = 5 * 1024 * 1024;
const THROTTLING = new Set(['SlowDown', 'ServiceUnavailable', 'InternalError', 'RequestTimeout', 'ThrottlingException']);

function errorName(error: unknown): string {
  return (error as { name?: string; Code?: string })?.name ?? '';
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}

export function translateS3Error(error: unknown, what: string): Error {
  if (error instanceof SoVangError || error instanceof ObjectExistsError) return error;
  if (isNetworkError(error)) {
    const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code ?? errorName(error);
    return new ServiceUnavailableError(`The report store cannot be reached (${what}: ${code}); retry shortly`, 2, { cause: error });
  }
  const name = errorName(error);
  if (THROTTLING.has(name) || (statusOf(error) ?? 0) >= 500) {
    return new ServiceUnavailableError('The report store is busy; retry shortly', 2, { cause: error });
  }
  return new SoVangError(`Report store ${what} failed: ${name || 'unknown error'}`, { cause: error });
}

function isMissing(error: unknown): boolean {
  return errorName(error) === 'NoSuchKey' || errorName(error) === 'NotFound' || statusOf(error) === 404;
}

class MultipartWriter implements ObjectWriter {
  // Starts small and grows to a part: most files (summary, html, small funds) never need a whole part.
  private buffer: Buffer = Buffer.allocUnsafe(64 * 1024);
  private spare: Buffer | null = null;
  private used = 0;
  private uploadId?: string;
  private readonly parts: CompletedPart[] = [];
  private inFlight: Promise<void> | null = null;
  private failed: unknown = null;

  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly key: string,
    private readonly contentType: string,
    private readonly cacheControl?: string,
  ) {}

  write(chunk: string | Uint8Array): void | Promise<void> {
    const length = typeof chunk === 'string' ? Buffer.byteLength(chunk, 'utf8') : chunk.length;
    if (this.used + length > this.buffer.length && this.buffer.length < PART_BYTES) this.grow(this.used + length);
    if (this.used + length <= this.buffer.length) {
      if (typeof chunk === 'string') this.buffer.write(chunk, this.used, 'utf8');
      else this.buffer.set(chunk, this.used);
      this.used += length;
      return;
    }
    return this.writeSlow(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
  }

  private grow(needed: number): void {
    let size = this.buffer.length;
    while (size < needed && size < PART_BYTES) size *= 2;
    const grown = Buffer.allocUnsafe(Math.min(size, PART_BYTES));
    this.buffer.copy(grown, 0, 0, this.used);
    this.buffer = grown;
  }

  private async writeSlow(bytes: Uint8Array): Promise<void> {
    let offset = 0;
    while (offset < bytes.length) {
      const take = Math.min(PART_BYTES - this.used, bytes.length - offset);
      this.buffer.set(bytes.subarray(offset, offset + take), this.used);
      this.used += take;
      offset += take;
      if (this.used === PART_BYTES) await this.flushPart();
    }
  }

  private async flushPart(): Promise<void> {
    await this.inFlight;
    if (this.failed) throw this.failed;
    if (!this.uploadId) {
      const created = await this.client
        .send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: this.key, ContentType: this.contentType, CacheControl: this.cacheControl }))
        .catch((error: unknown) => {
          throw translateS3Error(error, 'upload');
        });
      this.uploadId = created.UploadId!;
    }
    const full = this.buffer;
    const body = full.subarray(0, this.used);
    const PartNumber = this.parts.length + 1;
    const part: CompletedPart = { PartNumber };
    this.parts.push(part);
    // Double buffering: the next part fills the spare buffer while this one uploads.
    this.buffer = this.spare ?? Buffer.allocUnsafe(PART_BYTES);
    this.spare = null;
    this.used = 0;
    this.inFlight = this.client
      .send(new UploadPartCommand({ Bucket: this.bucket, Key: this.key, UploadId: this.uploadId, PartNumber, Body: body }))
      .then((result) => {
        part.ETag = result.ETag;
        this.spare = full;
      })
      .catch((error: unknown) => {
        this.failed = translateS3Error(error, 'upload');
      });
  }

  async close(): Promise<void> {
    if (!this.uploadId) {
      await this.client
        .send(
          new PutObjectCommand({
            Bucket: this.bucket,
            Key: this.key,
            Body: this.buffer.subarray(0, this.used),
            ContentType: this.contentType,
            CacheControl: this.cacheControl,
          }),
        )
        .catch((error: unknown) => {
          throw translateS3Error(error, 'upload');
        });
      return;
    }
    if (this.used > 0) await this.flushPart();
    await this.inFlight;
    if (this.failed) throw this.failed;
    await this.client
      .send(
        new CompleteMultipartUploadCommand({
          Bucket: this.bucket,
          Key: this.key,
          UploadId: this.uploadId,
          MultipartUpload: { Parts: this.parts.map(({ PartNumber, ETag }) => ({ PartNumber, ETag })) },
        }),
      )
      .catch((error: unknown) => {
        throw translateS3Error(error, 'upload');
      });
  }

  async abort(): Promise<void> {
    await this.inFlight?.catch(() => undefined);
    if (this.uploadId) await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: this.key, UploadId: this.uploadId }));
  }
}

export function s3ReportStore(bucket: string, client: () => S3Client = s3): ReportObjectStore {
  const call = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw translateS3Error(error, what);
    }
  };
  return {
    async get(key) {
      try {
        const result = await client().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return await result.Body!.transformToByteArray();
      } catch (error) {
        if (isMissing(error)) return null;
        throw translateS3Error(error, 'read');
      }
    },

    async getRange(key, offset, length) {
      if (length === 0) return new Uint8Array(0);
      return call('read', async () => {
        const result = await client().send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=${offset}-${offset + length - 1}` }));
        return result.Body!.transformToByteArray();
      });
    },

    async put(key, body, contentType, options = {}) {
      try {
        await client().send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
            ContentType: contentType,
            CacheControl: options.cacheControl,
            IfNoneMatch: options.ifNoneMatch ? '*' : undefined,
          }),
        );
      } catch (error) {
        if (options.ifNoneMatch && (statusOf(error) === 412 || errorName(error) === 'PreconditionFailed')) {
          throw new ObjectExistsError(`${key} already exists`);
        }
        throw translateS3Error(error, 'write');
      }
    },

    writer: (key, contentType, cacheControl) => new MultipartWriter(client(), bucket, key, contentType, cacheControl),

    async copy(fromKey, toKey, contentType, cacheControl) {
      await call('copy', () =>
        client().send(
          new CopyObjectCommand({
            Bucket: bucket,
            Key: toKey,
            CopySource: `${bucket}/${fromKey.split('/').map(encodeURIComponent).join('/')}`,
            MetadataDirective: 'REPLACE',
            ContentType: contentType,
            CacheControl: cacheControl,
          }),
        ),
      );
    },

    async listFolders(prefix) {
      const folders: string[] = [];
      let ContinuationToken: string | undefined;
      do {
        const page = await call('list', () => client().send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, Delimiter: '/', ContinuationToken })));
        for (const common of page.CommonPrefixes ?? []) if (common.Prefix) folders.push(common.Prefix.slice(prefix.length).replace(/\/$/, ''));
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
      return folders;
    },

    presignGet: (key, expiresSeconds) => getSignedUrl(client(), new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: expiresSeconds }),
  };
}

let containerStore: ReportObjectStore | undefined;
let containerNamesStore: ReportObjectStore | undefined;

/** The reports bucket's store, created once per container. */
export function reportStore(): ReportObjectStore {
  return (containerStore ??= s3ReportStore(config().REPORTS_BUCKET));
}

/**
 * The names bucket's store, created once per container: names.jsonl of every report, at the same
 * keys as the report's own files (DESIGN §7). Unlocked and unversioned, so a rewrite erases.
 */
export function namesStore(): ReportObjectStore {
  return (containerNamesStore ??= s3ReportStore(config().NAMES_BUCKET));
}
