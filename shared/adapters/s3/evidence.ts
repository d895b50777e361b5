import { PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { config } from '../../config';
import { ServiceUnavailableError } from '../../errors';
import { s3 } from './client';

export const EVIDENCE_UPLOAD_SECONDS = 15 * 60;

/**
 * A presigned PUT that only accepts the declared type and exact size: the signature covers
 * Content-Type and Content-Length, so a different file is refused by S3 itself.
 */
export async function presignEvidenceUpload(key: string, contentType: string, size: number): Promise<string> {
  try {
    return await getSignedUrl(
      s3(),
      new PutObjectCommand({ Bucket: config().EVIDENCE_BUCKET, Key: key, ContentType: contentType, ContentLength: size }),
      { expiresIn: EVIDENCE_UPLOAD_SECONDS, signableHeaders: new Set(['content-type', 'content-length']) },
    );
  } catch (error) {
    throw new ServiceUnavailableError('Could not prepare the upload', 1, { cause: error });
  }
}
