declare module 's3rver' {
  interface S3rverOptions {
    port?: number;
    address?: string;
    directory: string;
    silent?: boolean;
    configureBuckets?: { name: string; configs: unknown[] }[];
  }
  /** The part of s3rver's filesystem store the twin adjusts (infra/local/services.ts). */
  export interface S3rverStore {
    getResourcePath(bucket: string, key: string, resource: 'object' | 'metadata.json' | 'object.md5'): string;
    copyObject(srcBucket: string, srcKey: string, destBucket: string, destKey: string, replacementMetadata: Record<string, string> | null): Promise<Record<string, string>>;
  }
  export default class S3rver {
    constructor(options: S3rverOptions);
    readonly store: S3rverStore;
    run(): Promise<unknown>;
    close(): Promise<void>;
  }
}
