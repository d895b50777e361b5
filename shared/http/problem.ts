/**
 * The one place where errors become HTTP responses (RFC 9457 problem details).
 * 4xx messages are written for people and safe to show; 5xx responses never carry internals.
 */
import {
  ConflictError,
  ForbiddenError,
  IdempotencyKeyReuseError,
  MethodNotAllowedError,
  NotFoundError,
  PayloadTooLargeError,
  RequestHeadersTooLargeError,
  ServiceUnavailableError,
  SoVangError,
  TooManyRequestsError,
  UnauthorizedError,
  UnprocessableError,
  UnsupportedMediaTypeError,
  UploadLimitError,
  ValidationError,
  type FieldError,
} from '../errors';
import type { ProblemBody } from '../schemas/problem';

export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

interface ProblemShape {
  status: number;
  slug: string;
  title: string;
  errors?: FieldError[];
  headers?: Record<string, string>;
  extra?: Pick<ProblemBody, 'currentState' | 'limit'>;
}

const retryAfter = (seconds: number) => ({ 'retry-after': String(seconds) });

function classify(error: unknown): ProblemShape | null {
  if (error instanceof UploadLimitError) {
    return { status: 413, slug: 'upload-too-large', title: 'Tệp vượt giới hạn / Upload over a limit', errors: error.errors, extra: { limit: error.limit } };
  }
  if (error instanceof ValidationError) {
    return { status: 400, slug: 'validation-error', title: 'Dữ liệu không hợp lệ / Invalid request', errors: error.errors };
  }
  if (error instanceof UnauthorizedError) {
    return {
      status: 401,
      slug: 'unauthorized',
      title: 'Chưa xác thực / Authentication required',
      headers: { 'www-authenticate': 'Bearer' },
    };
  }
  if (error instanceof ForbiddenError) return { status: 403, slug: 'forbidden', title: 'Không có quyền / Forbidden' };
  if (error instanceof NotFoundError) return { status: 404, slug: 'not-found', title: 'Không tìm thấy / Not found' };
  if (error instanceof MethodNotAllowedError) {
    return {
      status: 405,
      slug: 'method-not-allowed',
      title: 'Phương thức không được hỗ trợ / Method not allowed',
      headers: { allow: error.allow.join(', ') },
    };
  }
  if (error instanceof IdempotencyKeyReuseError) {
    return { status: 409, slug: 'idempotency-key-reused', title: 'Idempotency-Key đã dùng cho yêu cầu khác / Idempotency-Key reused' };
  }
  if (error instanceof ConflictError) {
    return {
      status: 409,
      slug: 'conflict',
      title: 'Xung đột trạng thái / Conflict',
      extra: error.currentState ? { currentState: error.currentState } : undefined,
    };
  }
  if (error instanceof PayloadTooLargeError) return { status: 413, slug: 'payload-too-large', title: 'Dữ liệu quá lớn / Payload too large' };
  if (error instanceof RequestHeadersTooLargeError) {
    return { status: 431, slug: 'request-headers-too-large', title: 'Phần đầu yêu cầu quá lớn / Request headers too large' };
  }
  if (error instanceof UnsupportedMediaTypeError) {
    return { status: 415, slug: 'unsupported-media-type', title: 'Định dạng không được hỗ trợ / Unsupported media type' };
  }
  if (error instanceof UnprocessableError) {
    return { status: 422, slug: 'unprocessable', title: 'Không thể xử lý / Unprocessable request', errors: error.errors };
  }
  if (error instanceof TooManyRequestsError) {
    return {
      status: 429,
      slug: 'too-many-requests',
      title: 'Quá nhiều yêu cầu, vui lòng thử lại sau / Too many requests, retry later',
      headers: retryAfter(error.retryAfterSeconds),
    };
  }
  if (error instanceof ServiceUnavailableError) {
    return {
      status: 503,
      slug: 'service-unavailable',
      title: 'Hệ thống đang bận, vui lòng thử lại / Service busy, retry shortly',
      headers: retryAfter(error.retryAfterSeconds),
    };
  }
  return null;
}

function codeOf(error: unknown): string | undefined {
  return error instanceof SoVangError ? error.code : undefined;
}

export function problemResponse(error: unknown, instance?: string): HttpResponse {
  const shape = classify(error) ?? { status: 500, slug: 'internal-error', title: 'Lỗi hệ thống / Internal error' };
  const detail = shape.status < 500 || shape.status === 503 ? (error as Error).message : 'Đã có lỗi xảy ra. Vui lòng thử lại sau. / Something went wrong. Please try again later.';
  const body: ProblemBody = {
    type: `https://sovang.vn/problems/${shape.slug}`,
    title: shape.title,
    status: shape.status,
    code: (shape.status < 500 || shape.status === 503 ? codeOf(error) : undefined) ?? shape.slug,
    detail,
    ...(instance ? { instance } : {}),
    ...(shape.errors?.length ? { errors: shape.errors } : {}),
    ...shape.extra,
  };
  return {
    statusCode: shape.status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8', 'cache-control': 'no-store', ...shape.headers },
    body: JSON.stringify(body),
  };
}
