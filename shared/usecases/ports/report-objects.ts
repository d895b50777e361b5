/** What the report use cases need from the object store (the reports bucket). */
import type { ByteSink } from '../../reports/builder';

export interface ObjectWriter extends ByteSink {
  abort(): Promise<void>;
}

export interface PutOptions {
  /** Fail with ObjectExistsError if the key exists (S3 conditional write): the publication's commit point. */
  ifNoneMatch?: boolean;
  cacheControl?: string;
}

export class ObjectExistsError extends Error {}

export interface ReportObjectStore {
  get(key: string): Promise<Uint8Array | null>;
  getRange(key: string, offset: number, length: number): Promise<Uint8Array>;
  put(key: string, body: Uint8Array | string, contentType: string, options?: PutOptions): Promise<void>;
  writer(key: string, contentType: string, cacheControl?: string): ObjectWriter;
  /** Server-side copy, with the copy's own headers (latest/ is cached briefly, dated folders forever). */
  copy(fromKey: string, toKey: string, contentType: string, cacheControl?: string): Promise<void>;
  /** Immediate sub-folders of a prefix ending in `/`, without the prefix or the trailing slash. */
  listFolders(prefix: string): Promise<string[]>;
  /** A time-limited URL that fetches the object directly from storage. */
  presignGet(key: string, expiresSeconds: number): Promise<string>;
}
