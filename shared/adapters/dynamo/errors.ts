/**
 * Turns AWS SDK errors into domain errors, so nothing above the adapters knows about
 * ConditionalCheckFailed or throttling.
 */
import { ConcurrentModificationError, ServiceUnavailableError, SoVangError } from '../../errors';

const THROTTLING = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'LimitExceededException',
  'InternalServerError',
  'ServiceUnavailable',
]);

const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

export interface CancellationReason {
  Code?: string;
}

export function errorName(error: unknown): string {
  return (error as { name?: string })?.name ?? '';
}

export function cancellationReasons(error: unknown): CancellationReason[] {
  return ((error as { CancellationReasons?: CancellationReason[] })?.CancellationReasons ?? []) as CancellationReason[];
}

export function isNetworkError(error: unknown): boolean {
  const code = (error as { code?: string })?.code ?? (error as { cause?: { code?: string } })?.cause?.code;
  return (code !== undefined && NETWORK.has(code)) || errorName(error) === 'TimeoutError';
}

/** Errors worth a retry by the caller: throttling, a dropped connection, a transaction conflict. */
export function translateDynamoError(error: unknown): SoVangError {
  if (error instanceof SoVangError) return error;
  const name = errorName(error);
  if (THROTTLING.has(name) || isNetworkError(error)) {
    return new ServiceUnavailableError('The ledger is busy; retry shortly', 1, { cause: error });
  }
  if (name === 'TransactionConflictException') {
    return new ConcurrentModificationError('Another change to the same item is in progress; retry', undefined, { cause: error });
  }
  if (name === 'TransactionCanceledException') {
    const codes = cancellationReasons(error).map((r) => r.Code);
    if (codes.some((c) => c === 'ThrottlingError' || c === 'ProvisionedThroughputExceeded')) {
      return new ServiceUnavailableError('The ledger is busy; retry shortly', 1, { cause: error });
    }
    if (codes.includes('TransactionConflict')) {
      return new ConcurrentModificationError('Another change to the same item is in progress; retry', undefined, { cause: error });
    }
  }
  return new SoVangError(`Ledger operation failed: ${name || 'unknown error'}`, { cause: error });
}
