/**
 * The buckets in memory, for tests of the report and statement use cases without the S3
 * emulator: conditional puts, streaming writers that publish on close, ranged reads, folder
 * listings, and files read only as the version (ETag) that was validated.
 */
import { createHash } from 'node:crypto';
import { ConflictError, ServiceUnavailableError, SoVangError } from '../../errors';
import { ObjectExistsError, type ObjectWriter, type ReportObjectStore } from '../../usecases/ports/report-objects';
import type { StatementFiles } from '../../usecases/ports/statement-files';

interface StoredObject {
  body: Uint8Array;
  contentType: string;
  cacheControl?: string;
  etag: string;
}

const bytesOf = (body: Uint8Array | string) => (typeof body === 'string' ? new TextEncoder().encode(body) : Uint8Array.from(body));
/** As S3 gives a single-part object's ETag: the quoted MD5 of its bytes. */
const etagOf = (body: Uint8Array) => `"${createHash('md5').update(body).digest('hex')}"`;

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

export interface MemoryBucket {
  readonly objects: Map<string, StoredObject>;
}

export function memoryReportObjects(bucket: MemoryBucket = { objects: new Map() }): ReportObjectStore & MemoryBucket {
  const { objects } = bucket;
  const save = (key: string, body: Uint8Array, contentType: string, cacheControl?: string) => objects.set(key, { body, contentType, cacheControl, etag: etagOf(body) });
  const missing = (key: string, what: string) => new SoVangError(`Report store ${what} failed: NoSuchKey (${key})`);
  return {
    objects,

    get: async (key) => (objects.has(key) ? Uint8Array.from(objects.get(key)!.body) : null),

    async getRange(key, offset, length) {
      if (length === 0) return new Uint8Array(0);
      const object = objects.get(key);
      if (!object) throw missing(key, 'read');
      return object.body.slice(offset, offset + length);
    },

    async put(key, body, contentType, options = {}) {
      if (options.ifNoneMatch && objects.has(key)) throw new ObjectExistsError(`${key} already exists`);
      save(key, bytesOf(body), contentType, options.cacheControl);
    },

    writer(key, contentType, cacheControl): ObjectWriter {
      let chunks: Uint8Array[] | null = [];
      return {
        write(chunk) {
          if (!chunks) throw new SoVangError(`the writer of ${key} is closed`);
          chunks.push(bytesOf(chunk));
        },
        async close() {
          if (!chunks) throw new SoVangError(`the writer of ${key} is closed`);
          // Published whole, or not at all: a reader never sees half a file.
          save(key, concat(chunks), contentType, cacheControl);
          chunks = null;
        },
        async abort() {
          chunks = null;
        },
      };
    },

    async copy(fromKey, toKey, contentType, cacheControl) {
      const object = objects.get(fromKey);
      if (!object) throw missing(fromKey, 'copy');
      save(toKey, Uint8Array.from(object.body), contentType, cacheControl);
    },

    async listFolders(prefix) {
      const folders = new Set<string>();
      for (const key of objects.keys()) {
        if (!key.startsWith(prefix)) continue;
        const slash = key.indexOf('/', prefix.length);
        if (slash >= 0) folders.add(key.slice(prefix.length, slash));
      }
      return [...folders].sort();
    },

    presignGet: async (key, expiresSeconds) => `memory://reports/${key}?expires=${expiresSeconds}`,
  };
}

export interface MemoryStatementFilesOptions {
  /** Called as the bucket's ObjectCreated event would be: after a put and after a retrigger. */
  onObjectCreated?: (key: string) => void;
  /** The bytes handed out per chunk when a file is read. */
  chunkBytes?: number;
}

export function memoryStatementFiles(options: MemoryStatementFilesOptions = {}, bucket: MemoryBucket = { objects: new Map() }): StatementFiles & MemoryBucket {
  const { objects } = bucket;
  const chunkBytes = options.chunkBytes ?? 64 * 1024;
  return {
    objects,

    async put(key, body, contentType) {
      const bytes = Uint8Array.from(body);
      const etag = etagOf(bytes);
      objects.set(key, { body: bytes, contentType, etag });
      options.onObjectCreated?.(key);
      return etag;
    },

    head: async (key) => (objects.has(key) ? { size: objects.get(key)!.body.length, etag: objects.get(key)!.etag } : null),

    async read(key, etag) {
      const object = objects.get(key);
      if (!object) throw new ServiceUnavailableError('The statement store could not read the file; retry shortly');
      if (etag && etag !== object.etag) throw new ConflictError(`The statement file ${key} changed after it was validated`);
      const body = object.body;
      return (async function* () {
        for (let offset = 0; offset < body.length; offset += chunkBytes) yield body.slice(offset, offset + chunkBytes);
      })();
    },

    presignPut: async (key, contentType, size, expiresInSeconds) =>
      `memory://statements/${key}?content-type=${encodeURIComponent(contentType)}&size=${size}&expires=${expiresInSeconds}`,

    async retrigger(key) {
      const object = objects.get(key);
      if (!object) throw new ServiceUnavailableError('The statement store could not continue the import; retry shortly');
      // An in-place copy keeps the bytes, so it keeps the ETag; only the event fires again.
      options.onObjectCreated?.(key);
      return object.etag;
    },
  };
}
