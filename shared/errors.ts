/**
 * The one error hierarchy. Domain code and adapters throw these; `http/problem.ts` maps them
 * to HTTP statuses with `instanceof`, in one place. Only 4xx messages ever reach a client.
 */
export interface FieldError {
  path: string;
  message: string;
}

/**
 * How an error is known to clients: the problem body's `code`. A code is stable (clients map it to
 * text in their own language, DESIGN §8); messages are for people reading the raw API and may be
 * reworded. An error without its own code answers with its class's (`not-found`, `conflict`…).
 */
export interface ErrorOptions {
  cause?: unknown;
  /** A stable code more precise than the class's, such as `self-approval`. */
  code?: string;
}

export class SoVangError extends Error {
  readonly code?: string;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    if (options?.code) this.code = options.code;
  }
}

/** Input that fails validation: malformed JSON, a bad field, a missing header. */
export class ValidationError extends SoVangError {
  constructor(
    message: string,
    readonly errors: FieldError[] = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * An uploaded file (a statement, an organisation's pledge list) over one of the limits of
 * `shared/domain/uploads.ts`: 413 with code `upload-too-large`, naming the limit and its value.
 * A ValidationError, so every path that reports a bad file (a FAILED statement, a refused
 * body) reports this one too.
 */
export class UploadLimitError extends ValidationError {
  constructor(
    readonly limit: { name: string; value: number },
    error: FieldError,
  ) {
    super(`Tệp vượt giới hạn ${limit.name} = ${limit.value} / The file is over the limit ${limit.name} = ${limit.value}`, [error], { code: 'upload-too-large' });
  }
}

/** Well-formed input that refers to something that does not fit (unknown fund, closed fund). */
export class UnprocessableError extends SoVangError {
  constructor(
    message: string,
    readonly errors: FieldError[] = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export class NotFoundError extends SoVangError {}

export class RouteNotFoundError extends NotFoundError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, { code: 'route-not-found', ...options });
  }
}

export class MethodNotAllowedError extends SoVangError {
  constructor(
    message: string,
    readonly allow: string[],
  ) {
    super(message);
  }
}

export class PayloadTooLargeError extends SoVangError {
  constructor(readonly limitBytes: number) {
    super(`Request body is larger than ${limitBytes} bytes`);
  }
}

export class UnsupportedMediaTypeError extends SoVangError {}

/** Request headers over the server's limit, refused before any route reads them. */
export class RequestHeadersTooLargeError extends SoVangError {}

/** One client sent more of a rate-limited request than its route allows (DESIGN §8). */
export class TooManyRequestsError extends SoVangError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

export class UnauthorizedError extends SoVangError {}

export class ForbiddenError extends SoVangError {}

/** A state change that the aggregate's current state does not allow. */
export class ConflictError extends SoVangError {
  constructor(
    message: string,
    readonly currentState?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The same Idempotency-Key was sent with a different request. */
export class IdempotencyKeyReuseError extends ConflictError {}

/** An optimistic-concurrency check failed: somebody else changed the item first. */
export class ConcurrentModificationError extends ConflictError {
  constructor(message: string, currentState?: string, options?: ErrorOptions) {
    super(message, currentState, { code: 'concurrent-modification', ...options });
  }
}

/** A dependency (the database, the object store) is down or throttling; safe to retry. */
export class ServiceUnavailableError extends SoVangError {
  constructor(
    message: string,
    readonly retryAfterSeconds = 1,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Adapter → use case signals inside a command; never reach a client as such. */
export class IdempotencyRecordExistsError extends ConflictError {}

/** A command's transaction was cancelled because one of its conditions failed. */
export class CommitRejectedError extends ConflictError {
  /** Every op whose condition failed, in op order. */
  readonly failedIndexes: readonly number[];

  constructor(
    /** The first op whose condition failed, as `create:<type>`, `update:<type>` or the op's name. */
    readonly failedOp: string,
    readonly failedIndex: number,
    options?: { cause?: unknown; failedIndexes?: readonly number[] },
  ) {
    super(`write condition failed: ${failedOp} (#${failedIndex})`, undefined, options);
    this.failedIndexes = options?.failedIndexes ?? [failedIndex];
  }
}

/**
 * A transaction no store can run as planned: more writes than one transaction holds, or two
 * writes to one record. A bug in the planning, never the caller's input, so it stays a 500.
 */
export class InvalidTransactionError extends SoVangError {}

/** More writes than one transaction may hold (DynamoDB's limit of 100, which every store keeps). */
export class TransactionTooLargeError extends InvalidTransactionError {
  constructor(
    readonly size: number,
    readonly limit: number,
  ) {
    super(`A transaction holds at most ${limit} writes; this one has ${size}`);
  }
}
