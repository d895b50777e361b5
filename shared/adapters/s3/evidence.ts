import { PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { config } from '../../config';
import { ServiceUnavailableError } from '../../errors';
import { s3 } from './client';

export const EVIDENCE_UPLOAD_SECONDS = 15 * 60;

/** The header that carries a file's SHA-256 (base64) to S3, which refuses a body that does not hash to it. */
export const CHECKSUM_HEADER = 'x-amz-checksum-sha256';

/** A hex SHA-256 as S3's checksum header wants it. */
export function checksumHeaderValue(sha256Hex: string): string {
  return Buffer.from(sha256Hex, 'hex').toString('base64');
}

/**
 * A presigned PUT that only accepts the declared type, exact size and content: the signature
 * covers Content-Type, Content-Length and the SHA-256 checksum header, so a different file is
 * refused by S3 itself, and the journaled hash is the stored file's.
 */
export async function presignEvidenceUpload(key: string, contentType: string, size: number, sha256Hex: string): Promise<string> {
  try {
    return await getSignedUrl(
      s3(),
      new PutObjectCommand({ Bucket: config().EVIDENCE_BUCKET, Key: key, ContentType: contentType, ContentLength: size, ChecksumSHA256: checksumHeaderValue(sha256Hex) }),
      { expiresIn: EVIDENCE_UPLOAD_SECONDS, signableHeaders: new Set(['content-type', 'content-length', CHECKSUM_HEADER]) },
    );
  } catch (error) {
    throw new ServiceUnavailableError('Could not prepare the upload', 1, { cause: error });
  }
}
