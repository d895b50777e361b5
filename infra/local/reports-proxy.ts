/**
 * Published reports at `/reports/<fundId>/<date|latest>/<file>` on the twin's own origin, read
 * from the reports bucket, and names.jsonl from the names bucket: what CloudFront does in AWS
 * with a behaviour in front of each bucket. The web app downloads manifests and summaries from
 * here to verify them in the browser (the API's file route redirects to a presigned URL on
 * another origin, which would need CORS). Range requests pass through, so the portal can read
 * the tail of entries.jsonl.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { REPORTS_PREFIX } from '../../shared/reports/layout';
import { NAMES_FILE } from '../../shared/reports/names';
import { LOCAL_CREDENTIALS } from './services';

export interface ReportsProxyOptions {
  s3Endpoint: string;
  region: string;
  /** Read per request: tests may point the handlers at a bucket of their own. */
  bucket: () => string;
  /** Where names.jsonl is kept (DESIGN §7), read per request likewise. */
  namesBucket: () => string;
}

const SAFE_KEY = /^\/reports\/[a-z0-9][a-z0-9-]{1,62}\/(?:[a-z0-9.-]+\/)?[a-z0-9._-]+$/i;

export function reportsProxy(options: ReportsProxyOptions): (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean> {
  const client = new S3Client({ endpoint: options.s3Endpoint, region: options.region, credentials: LOCAL_CREDENTIALS, forcePathStyle: true });
  return async (req, res, url) => {
    if (!url.pathname.startsWith(`/${REPORTS_PREFIX}/`) || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    const notFound = () => {
      res.writeHead(404, { 'content-type': 'application/problem+json' });
      res.end(JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404, detail: 'No such report file' }));
      return true;
    };
    if (!SAFE_KEY.test(url.pathname) || url.pathname.includes('..')) return notFound();
    try {
      const object = await client.send(
        new GetObjectCommand({ Bucket: url.pathname.endsWith(`/${NAMES_FILE}`) ? options.namesBucket() : options.bucket(), Key: url.pathname.slice(1), Range: typeof req.headers.range === 'string' ? req.headers.range : undefined }),
      );
      const body = object.Body ? Buffer.from(await object.Body.transformToByteArray()) : Buffer.alloc(0);
      const headers: Record<string, string> = {
        'content-type': object.ContentType ?? 'application/octet-stream',
        'content-length': String(body.length),
        'cache-control': object.CacheControl ?? 'no-cache',
        'accept-ranges': 'bytes',
      };
      if (object.ContentRange) headers['content-range'] = object.ContentRange;
      if (object.ETag) headers.etag = object.ETag;
      res.writeHead(object.ContentRange ? 206 : 200, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
      return true;
    } catch (error) {
      const name = (error as { name?: string }).name;
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (name === 'NoSuchKey' || name === 'NotFound' || status === 404) return notFound();
      if (name === 'InvalidRange' || status === 416) {
        res.writeHead(416, { 'content-type': 'text/plain' });
        res.end();
        return true;
      }
      throw error;
    }
  };
}
