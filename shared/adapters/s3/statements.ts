/** The statements bucket: uploaded bank statements, kept as records after import. */
import { CopyObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { config } from '../../config';
import { ConflictError, ServiceUnavailableError } from '../../errors';
import type { StatementFiles } from '../../usecases/ports/statement-files';
import { s3 } from './client';

function status(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}

function unavailable(what: string, error: unknown): ServiceUnavailableError {
  return new ServiceUnavailableError(`The statement store could not ${what}; retry shortly`, 1, { cause: error });
}

export function s3StatementFiles(bucket = () => config().STATEMENTS_BUCKET): StatementFiles {
  return {
    async put(key, body, contentType) {
      try {
        const result = await s3().send(new PutObjectCommand({ Bucket: bucket(), Key: key, Body: body, ContentType: contentType }));
        return result.ETag ?? '';
      } catch (error) {
        throw unavailable('store the file', error);
      }
    },

    async head(key) {
      try {
        const result = await s3().send(new HeadObjectCommand({ Bucket: bucket(), Key: key }));
        return { size: Number(result.ContentLength ?? 0), etag: result.ETag ?? '' };
      } catch (error) {
        if (status(error) === 404 || (error as Error).name === 'NotFound' || (error as Error).name === 'NoSuchKey') return null;
        throw unavailable('read the file', error);
      }
    },

    async read(key, etag) {
      try {
        const result = await s3().send(new GetObjectCommand({ Bucket: bucket(), Key: key, IfMatch: etag || undefined }));
        return result.Body as AsyncIterable<Uint8Array>;
      } catch (error) {
        if (status(error) === 412) throw new ConflictError(`The statement file ${key} changed after it was validated`, undefined, { cause: error });
        throw unavailable('read the file', error);
      }
    },

    async presignPut(key, contentType, size, expiresIn) {
      try {
        // The signature covers Content-Type and Content-Length: S3 itself refuses another file.
        return await getSignedUrl(s3(), new PutObjectCommand({ Bucket: bucket(), Key: key, ContentType: contentType, ContentLength: size }), {
          expiresIn,
          signableHeaders: new Set(['content-type', 'content-length']),
        });
      } catch (error) {
        throw unavailable('prepare the upload', error);
      }
    },

    async retrigger(key, note) {
      // An in-place copy with new metadata: S3 sends ObjectCreated (reason CopyObject) for it,
      // which starts the next run. The twin's S3 emulator is made to do the same (infra/local/services.ts).
      const source = `${bucket()}/${key.split('/').map(encodeURIComponent).join('/')}`;
      try {
        const result = await s3().send(
          new CopyObjectCommand({ Bucket: bucket(), Key: key, CopySource: source, MetadataDirective: 'REPLACE', Metadata: { 'import-continued': note } }),
        );
        return result.CopyObjectResult?.ETag ?? '';
      } catch (error) {
        throw unavailable('continue the import', error);
      }
    },
  };
}

/** The store every handler of this container shares. */
export const statementFiles = s3StatementFiles();
