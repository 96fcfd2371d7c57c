// The one way the app talks to the server: typed calls named after ENDPOINTS, problem details turned
// into ApiError, the CSRF token on writes, and an Idempotency-Key on every post.

import { ENDPOINTS, type EndpointName } from './endpoints';
import type { Problem } from './types';

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail || problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
  }
}

// The CSRF token of a cookie session comes with the login answer and, after a reload or in a second
// tab, from GET /auth/me (the session code sets it from there). Kept in memory only: it is never
// written to storage, and is dropped at sign-out.
let csrfToken: string | null = null;
// an older client kept the token in localStorage: leave nothing behind
try {
  localStorage.removeItem('stockroom.csrf');
} catch {
  /* storage unavailable */
}

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

type Params = Record<string, string | number>;
type Query = Record<string, string | number | boolean | null | undefined>;

export interface CallOptions {
  params?: Params;
  query?: Query;
  body?: unknown;
  idempotencyKey?: string;
  signal?: AbortSignal;
}

export function buildUrl(name: EndpointName, params: Params = {}, query: Query = {}): string {
  const spec = ENDPOINTS[name];
  const path = spec.path.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = params[k];
    if (v === undefined) throw new Error(`${name}: missing path parameter ${k}`);
    return encodeURIComponent(String(v));
  });
  const allowed: readonly string[] = 'query' in spec ? spec.query : [];
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    if (!allowed.includes(k)) throw new Error(`${name}: query parameter ${k} is not declared in ENDPOINTS`);
    qs.set(k, String(v));
  }
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

/** Called when the server answers 401: the session shell sends the user to the login screen. */
let onUnauthorized: (() => void) | null = null;
export function setUnauthorizedHandler(fn: (() => void) | null): void {
  onUnauthorized = fn;
}

export async function call<T>(name: EndpointName, opts: CallOptions = {}): Promise<T> {
  const spec = ENDPOINTS[name];
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (spec.method !== 'GET') {
    if (csrfToken) headers['x-csrf-token'] = csrfToken;
    if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
  }
  let res: Response;
  try {
    res = await fetch(buildUrl(name, opts.params, opts.query), {
      method: spec.method,
      headers,
      credentials: 'same-origin',
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError({ type: 'about:blank', title: 'Network error', status: 0, detail: 'The server could not be reached. Check the connection and try again.', code: 'network', errors: [] });
  }
  const text = await res.text();
  const data: unknown = text ? safeJson(text) : null;
  if (!res.ok) {
    const p = (data && typeof data === 'object' ? data : {}) as Partial<Problem>;
    const problem: Problem = {
      type: p.type ?? 'about:blank',
      title: p.title ?? res.statusText,
      status: res.status,
      detail: p.detail ?? `${res.status} ${res.statusText}`,
      code: p.code ?? `http_${res.status}`,
      errors: Array.isArray(p.errors) ? p.errors : [],
      ...(p.instance ? { instance: p.instance } : {}),
    };
    if (res.status === 401 && name !== 'login' && name !== 'me') onUnauthorized?.();
    throw new ApiError(problem);
  }
  return data as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
