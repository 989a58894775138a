/*
 * Calling the gateway: `/v1` typed by the OpenAPI document (the types are generated, never copied by hand,
 * so a change of the contract that breaks the page breaks its build), problem+json answers as ApiError.
 */

import type { components, paths } from '../../../clients/typescript/schema';

export type Schemas = components['schemas'];
export type Tokens = Schemas['TokenSetDto'] &
  Partial<Pick<Schemas['RecoveryTokenSetDto'], 'recovery_code'>>;
export type Factor = Schemas['FactorDto'];
export type CodeSent = Schemas['EnrollmentDto'] | Schemas['ChallengeDto'];
export type Problem = Schemas['ProblemDto'];

/** The sign-in's `403 mfa_required`: the one problem that carries a token, the mfa_token. */
export function isMfaRequired(problem: Problem): problem is Schemas['MfaRequiredProblemDto'] {
  return (
    problem.code === 'mfa_required' &&
    typeof (problem as { mfa_token?: unknown }).mfa_token === 'string'
  );
}

/** The operation of `path` with `method`, as the document types it. */
type Operation<P extends keyof paths, M extends 'get' | 'post'> =
  paths[P] extends Record<M, infer O> ? O : never;
type BodyOf<O> = O extends { requestBody?: { content: { 'application/json': infer B } } }
  ? B
  : never;
/** The JSON of the operation's successful answer. */
type AnswerOf<O> = O extends { responses: infer R }
  ? {
      [S in keyof R]: S extends 200 | 201
        ? R[S] extends { content: { 'application/json': infer B } }
          ? B
          : never
        : never;
    }[keyof R]
  : never;

export interface Answer<T> {
  body: T;
  /** The server's clock when it answered (the `Date` header), to measure countdowns without skew. */
  serverNow: number;
}

/** A problem+json answer, with the `Retry-After` seconds when there was one. */
export class ApiError extends Error {
  constructor(
    readonly problem: Problem,
    readonly retryAfter: number | undefined,
  ) {
    super(problem.code);
  }
}

/** Calls `send`; when it is refused with a `Retry-After`, tells `lockedUntil` the moment first. */
export async function reportingRetryAfter<T>(
  send: () => Promise<T>,
  lockedUntil: (at: number) => void,
): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (error instanceof ApiError && error.retryAfter !== undefined) {
      lockedUntil(Date.now() + error.retryAfter * 1000);
    }
    throw error;
  }
}

/** The gateway could not be reached at all. */
export class NetworkError extends Error {}

// ---------------------------------------------------------------------------------------------------
// Calling /v1

export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function retryAfterSeconds(response: Response): number | undefined {
  const header = response.headers.get('retry-after');
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

export interface RequestOptions {
  body?: unknown;
  token?: string;
  idempotencyKey?: string;
  /** `Prefer: wait=N`: the gateway may hold the answer up to N seconds for a push outcome. */
  waitSeconds?: number;
  /** Aborting it ends the request (and the gateway's wait for it); the call then rejects with it. */
  signal?: AbortSignal;
}

export async function request<T>(
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  options: RequestOptions = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  if (options.waitSeconds) headers.prefer = `wait=${options.waitSeconds}`;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'omit',
      cache: 'no-store',
      signal: options.signal,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new NetworkError('network');
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    const problem =
      parsed && typeof parsed === 'object' && typeof (parsed as Problem).code === 'string'
        ? (parsed as Problem)
        : ({ status: response.status, code: `http_${response.status}` } as Problem);
    throw new ApiError(problem, retryAfterSeconds(response));
  }
  const now = Date.now();
  const date = Date.parse(response.headers.get('date') ?? '');
  // `Date` has whole seconds: trusting it within a second would add up to a second to every countdown.
  const skewed = !Number.isNaN(date) && Math.abs(date - now) >= 2000;
  return { body: parsed as T, serverNow: skewed ? date : now };
}

/** A `/v1` call, typed by the document: its body, and the answer it gives. */
export function api<P extends keyof paths, M extends 'get' | 'post'>(
  method: M,
  path: P,
  options: RequestOptions & { body?: BodyOf<Operation<P, M>> } = {},
): Promise<Answer<AnswerOf<Operation<P, M>>>> {
  return request(method === 'get' ? 'GET' : 'POST', path, options);
}
