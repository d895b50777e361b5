/** One S3 client per module instance (per Lambda container), created on first use and traced in Lambda. */
import { S3Client } from '@aws-sdk/client-s3';
import { config } from '../../config';
import { tracer } from '../../observability';

let client: S3Client | undefined;

export function s3(): S3Client {
  if (!client) {
    const { AWS_REGION, S3_ENDPOINT } = config();
    // The local emulator only understands path-style addressing.
    client = tracer.captureAWSv3Client(new S3Client({ region: AWS_REGION, endpoint: S3_ENDPOINT, forcePathStyle: Boolean(S3_ENDPOINT), maxAttempts: 3 }));
  }
  return client;
}
