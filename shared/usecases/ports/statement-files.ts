/** What the statement import needs from the object store (the statements bucket). */
export interface StatementFiles {
  /** Stores a file; returns its ETag. */
  put(key: string, body: Uint8Array, contentType: string): Promise<string>;
  head(key: string): Promise<{ size: number; etag: string } | null>;
  /** Streams the file; with an ETag, only that version of it (ConflictError if it changed). */
  read(key: string, etag?: string): Promise<AsyncIterable<Uint8Array>>;
  /** A URL the clerk's browser PUTs the file to; S3 refuses another type or size. */
  presignPut(key: string, contentType: string, size: number, expiresInSeconds: number): Promise<string>;
  /** Rewrites the file's metadata in place so the bucket's event fires again; returns the new ETag. */
  retrigger(key: string, note: string): Promise<string>;
}
