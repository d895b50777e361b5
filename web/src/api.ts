/** The API client: JSON in and out, RFC 9457 problems as ApiError, the Idempotency-Key on money-creating POSTs. */
import { DISBURSEMENT_STATUS_LABELS, PLEDGE_STATUS_LABELS, RECEIPT_STATUS_LABELS } from '../../shared/domain/labels';
import { errorLabel, fieldLabel, L, lang, pick } from './i18n';

export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  /** The stable problem code, which the web turns into text (shared/domain/labels.ts ERROR_LABELS). */
  code?: string;
  detail?: string;
  errors?: { path: string; message: string }[];
  currentState?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: ProblemDetails,
    readonly retryAfter?: number,
  ) {
    super(problem.detail || problem.title || `HTTP ${status}`);
  }

  /**
   * What to tell the person, in the page's language: the problem's code in words (never the
   * server's raw title or detail), the state that stopped a change, and the fields to fix.
   */
  describe(): string {
    if (this.status === 0) return errorLabel('network')!;
    const code = this.problem.code;
    let text = errorLabel(code) ?? errorLabel(fallbackCode(this.status))!;
    if ((this.status === 503 || this.status === 429) && this.retryAfter) text += L(` Thử lại sau ${this.retryAfter} giây.`, ` Try again in ${this.retryAfter} s.`);
    const state = this.problem.currentState;
    if (state) text += L(` Trạng thái hiện tại: ${stateLabel(state)}.`, ` Its current state: ${stateLabel(state)}.`);
    const fields = (this.problem.errors ?? []).map((e) => `${fieldLabel(e.path)}: ${fieldErrorText(e)}`);
    return fields.length ? `${text} ${fields.join('; ')}.` : text;
  }
}

/**
 * One field's problem, beside the field: the server words it in English for API users, so the
 * Vietnamese page says that the value needs fixing and the English page says how.
 */
export function fieldErrorText(error: { message: string }): string {
  return lang() === 'en' ? error.message : 'giá trị chưa hợp lệ, vui lòng kiểm tra lại';
}

/** The code of a status class, for a problem without a code this build knows (an older or newer server). */
function fallbackCode(status: number): string {
  if (status >= 500) return status === 503 ? 'service-unavailable' : 'internal-error';
  return { 400: 'validation-error', 401: 'unauthorized', 403: 'forbidden', 404: 'not-found', 405: 'method-not-allowed', 409: 'conflict', 413: 'payload-too-large', 415: 'unsupported-media-type', 429: 'too-many-requests' }[status] ?? 'unprocessable';
}

/** A `currentState` in words: the statuses of pledges, disbursements and receipts. */
function stateLabel(state: string): string {
  for (const table of [DISBURSEMENT_STATUS_LABELS, PLEDGE_STATUS_LABELS, RECEIPT_STATUS_LABELS] as Readonly<Record<string, { vi: string; en: string }>>[]) {
    if (Object.prototype.hasOwnProperty.call(table, state)) return pick(table[state]).toLowerCase();
  }
  return state;
}

let apiBase = '';
let bearer: string | null = null;

export function setApiBase(base: string): void {
  apiBase = base.replace(/\/$/, '');
}

/** The staff token the console signed in with; public pages never send one. */
export function setBearer(token: string | null): void {
  bearer = token;
}

export function apiUrl(path: string): string {
  return `${apiBase}${path}`;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH';
  body?: unknown;
  idempotencyKey?: string;
  auth?: boolean;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Default `no-cache` (live figures); `default` lets the browser keep what the API says is cacheable. */
  cache?: RequestCache;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  if (options.auth && bearer) headers.authorization = `Bearer ${bearer}`;
  let response: Response;
  try {
    response = await fetch(apiUrl(path), {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
      // Live figures: the CDN caches for a few seconds; the browser must not add its own staleness.
      cache: options.cache ?? 'no-cache',
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, { title: 'Network error' });
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = { title: text.slice(0, 200) };
  }
  if (!response.ok) {
    const retry = Number(response.headers.get('retry-after'));
    throw new ApiError(response.status, (parsed as ProblemDetails) ?? {}, Number.isFinite(retry) && retry > 0 ? retry : undefined);
  }
  return parsed as T;
}

/** Like `api`, but a 404 (or 405: a route not deployed yet) is `null`: for endpoints other parts are still adding. */
export async function apiOptional<T>(path: string, options: RequestOptions = {}): Promise<T | null> {
  try {
    return await api<T>(path, options);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 405)) return null;
    throw error;
  }
}

/** A fresh Idempotency-Key: one per form fill, reused by retries and double clicks. */
export function newIdempotencyKey(): string {
  return typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Published report files. CloudFront serves the reports bucket at `/reports/…` next to the
 * portal (the twin does the same); the API's file route (a redirect to storage) is the fallback.
 */
export async function fetchReportFile(fundId: string, date: string, name: string, init: RequestInit = {}): Promise<Response | null> {
  const direct = await fetch(`/reports/${encodeURIComponent(fundId)}/${encodeURIComponent(date)}/${name}`, init).catch(() => null);
  if (direct && (direct.ok || direct.status === 206)) return direct;
  const viaApi = await fetch(apiUrl(`/v1/reports/${encodeURIComponent(fundId)}/${encodeURIComponent(date)}/files/${name}`), init).catch(() => null);
  if (viaApi && (viaApi.ok || viaApi.status === 206)) return viaApi;
  return null;
}
