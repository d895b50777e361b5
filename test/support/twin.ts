/** An in-process twin for a test file: HTTP on a free port, over the shared emulators and the file's own table. */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { formatMismatches } from '../../infra/local/contract-check';
import { startTwin, type Twin, type TwinStreamOptions } from '../../infra/local/twin';

/**
 * Streams are off unless a test asks for them: a poller writing counters in the background would
 * change the item counts that other tests assert on. So are bucket events (statement imports
 * started by an upload to the statements bucket).
 *
 * With the contract check on (SOVANG_CONTRACT_CHECK=1, the suite's default), stopping the twin
 * fails if any request or response it served disagreed with the OpenAPI document.
 */
export async function startTestTwin(
  options: {
    seedAdminUnits?: boolean;
    streams?: boolean | TwinStreamOptions;
    bucketEvents?: boolean | { pollIntervalMs?: number };
    /** An S3 emulator of the test's own, which it may stop without disturbing other files. */
    s3Endpoint?: string;
    /** The contract check of every exchange; default as SOVANG_CONTRACT_CHECK says. */
    contractCheck?: boolean;
    /** Plays the demo history into the file's table (infra/local/demo-history/). */
    demoHistory?: boolean;
    /** The built web app to serve; default web/dist. */
    webDir?: string;
    /** The instant the twin's clock starts at, as `SOVANG_NOW` gives it. */
    startAt?: string;
    /** The routes' anonymous rate limits, as the WAF enforces them; off unless asked for. */
    rateLimits?: boolean;
  } = {},
): Promise<Twin> {
  const twin = await startTwin({
    dynamoEndpoint: process.env.DYNAMODB_ENDPOINT,
    s3Endpoint: options.s3Endpoint ?? process.env.S3_ENDPOINT,
    tableName: process.env.TABLE_NAME,
    seedAdminUnits: options.seedAdminUnits ?? false,
    quiet: true,
    streams: options.streams ?? false,
    bucketEvents: options.bucketEvents ?? false,
    contractCheck: options.contractCheck,
    demoHistory: options.demoHistory ?? false,
    webDir: options.webDir,
    startAt: options.startAt,
    rateLimits: options.rateLimits ?? false,
  });
  const stop = twin.stop;
  return Object.assign(twin, {
    stop: async () => {
      await stop();
      const mismatches = twin.contract?.mismatches ?? [];
      if (mismatches.length) throw new Error(`The API disagreed with its OpenAPI document ${mismatches.length} times:\n${formatMismatches(mismatches)}`);
    },
  });
}

/** Every item in the table, for asserting that nothing (or exactly something) was written. */
export async function allItems(twin: Twin): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await twin.documentClient.send(new ScanCommand({ TableName: twin.tableName, ExclusiveStartKey, ConsistentRead: true }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

export function countByKind(items: Record<string, unknown>[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[String(item.kind)] = (counts[String(item.kind)] ?? 0) + 1;
  return counts;
}

export interface JsonResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export async function request<T = Record<string, unknown>>(
  twin: Pick<Twin, 'url'>,
  method: string,
  path: string,
  options: { body?: unknown; rawBody?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | Buffer | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${twin.url}${path}`, { method, headers, body: body as BodyInit | undefined });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: the test sees the text.
  }
  return { status: response.status, headers: response.headers, body: parsed as T };
}

import type { Role } from '../../shared/routes';

/** Authorization headers for a staff member of the twin's local issuer. */
export async function staff(twin: Twin, user: string, role: Role): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await twin.tokens.issue(user, [role])}` };
}

let keyCounter = 0;
export function idem(): Record<string, string> {
  keyCounter++;
  return { 'idempotency-key': `test-${Date.now().toString(36)}-${keyCounter}-${Math.random().toString(36).slice(2, 8)}` };
}
