/** The API client: JSON in and out, RFC 9457 problems as ApiError, the Idempotency-Key on money-creating POSTs. */
import { L } from './i18n';

export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
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

  /** What to tell the person: 4xx details are safe to show, 5xx are summarized. */
  describe(): string {
    if (this.status === 0) return L('Không kết nối được máy chủ. Vui lòng thử lại.', 'Could not reach the server. Please try again.');
    if (this.status >= 500) {
      const wait = this.retryAfter ? L(` Thử lại sau ${this.retryAfter} giây.`, ` Try again in ${this.retryAfter} s.`) : '';
      return L('Hệ thống đang bận.', 'The service is busy.') + wait;
    }
    const fields = this.problem.errors?.map((e) => `${e.path.replace(/^(body|query|params)\./, '')}: ${e.message}`).join('; ');
    return [this.problem.detail || this.problem.title, fields].filter(Boolean).join(' — ') || `HTTP ${this.status}`;
  }
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
      cache: 'no-cache',
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
