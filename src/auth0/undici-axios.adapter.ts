import {
  AxiosError,
  type AxiosAdapter,
  type AxiosResponse,
  type GenericAbortSignal,
  type InternalAxiosRequestConfig,
} from 'axios';
import type { Dispatcher } from 'undici';
import { PROXY_AUTH_REQUIRED, PROXY_REFUSED, proxyRefusal } from './egress-dispatcher';

/**
 * An axios adapter that sends through an undici dispatcher (keep-alive pool) instead of `node:http`:
 * measured here, it moves 2-3x the requests (docs/performance.md). It honours the parts of the axios config
 * that make a call safe — `timeout` for the whole call, `maxContentLength`, `maxBodyLength`,
 * `validateStatus` — and nothing it cannot honour quietly: bodies must be pre-serialized (strings or
 * buffers) and the response is always text. undici follows no redirects, so a 3xx is just a response.
 *
 * Errors are AxiosErrors that carry only a message and a code — never the request config, which holds the
 * Authorization header and the form body with the client secret (axios issues #2648, #4246, #6919).
 */

/** The whole-call timeout fired (`config.timeout`): connect, headers and body together. */
export const WHOLE_CALL_TIMEOUT = 'ETIMEDOUT';

/** undici's own per-phase timeouts, kept apart because a connect timeout means nothing was sent. */
export const PHASE_TIMEOUTS: ReadonlySet<string> = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/**
 * `onFailure` sees every failed call's error as the adapter throws it (a code, never the request), for
 * the failures that are an operator's to fix.
 */
export function createUndiciAdapter(
  dispatcher: Dispatcher,
  onFailure?: (error: AxiosError) => void,
): AxiosAdapter {
  return async (config: InternalAxiosRequestConfig): Promise<AxiosResponse<string>> => {
    const url = resolveUrl(config);
    const body = requestBody(config);
    const abort = callAbort(config);
    try {
      const res = await dispatcher.request({
        origin: url.origin,
        path: url.pathname + url.search,
        method: (config.method ?? 'get').toUpperCase(),
        headers: plainHeaders(config),
        body,
        signal: abort.signal,
      });
      const data = await readCapped(
        res.body,
        res.headers['content-length'],
        limit(config.maxContentLength),
      );
      const response: AxiosResponse<string> = {
        data,
        status: res.statusCode,
        statusText: res.statusText ?? '',
        headers: res.headers,
        config,
      };
      if (config.validateStatus && !config.validateStatus(res.statusCode)) {
        throw new AxiosError(
          `Request failed with status code ${res.statusCode}`,
          AxiosError.ERR_BAD_RESPONSE,
        );
      }
      return response;
    } catch (err) {
      const error = toAxiosError(err, abort);
      onFailure?.(error);
      throw error;
    } finally {
      abort.dispose();
    }
  };
}

function resolveUrl(config: InternalAxiosRequestConfig): URL {
  const path = config.url ?? '';
  if (/^[a-z][a-z\d+.-]*:/i.test(path)) {
    if (config.allowAbsoluteUrls === false) {
      throw new AxiosError('Absolute URLs are not allowed', AxiosError.ERR_BAD_REQUEST);
    }
    return new URL(path);
  }
  const base = (config.baseURL ?? '').replace(/\/+$/, '');
  return new URL(path ? `${base}/${path.replace(/^\/+/, '')}` : base);
}

function requestBody(config: InternalAxiosRequestConfig): string | Buffer | undefined {
  const data: unknown = config.data;
  if (data === undefined || data === null) return undefined;
  if (typeof data !== 'string' && !Buffer.isBuffer(data)) {
    throw new AxiosError('Request bodies must be pre-serialized', AxiosError.ERR_BAD_REQUEST);
  }
  const max = limit(config.maxBodyLength);
  if (max >= 0 && Buffer.byteLength(data) > max) {
    throw new AxiosError(
      `Request body larger than maxBodyLength ${max}`,
      AxiosError.ERR_BAD_REQUEST,
    );
  }
  return data;
}

function plainHeaders(config: InternalAxiosRequestConfig): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(config.headers.toJSON(true))) {
    if (value !== undefined && value !== null) headers[name] = String(value);
  }
  return headers;
}

function limit(value: number | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : -1;
}

class ResponseTooLarge extends Error {}

async function readCapped(
  body: Dispatcher.ResponseData['body'],
  declaredLength: string | string[] | undefined,
  cap: number,
): Promise<string> {
  if (cap >= 0 && typeof declaredLength === 'string' && Number(declaredLength) > cap) {
    body.destroy();
    throw new ResponseTooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (cap >= 0 && size > cap) {
      // A hostile or broken upstream could stream forever; stop reading and drop the connection.
      body.destroy();
      throw new ResponseTooLarge();
    }
    chunks.push(chunk);
  }
  return chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks, size).toString();
}

interface CallAbort {
  signal: AbortSignal;
  timedOut: () => boolean;
  canceled: () => boolean;
  dispose: () => void;
}

/**
 * One controller per call, fed by the whole-call timer and the caller's signal. A plain timer that is
 * cleared on completion costs less than `AbortSignal.timeout` (whose timers outlive fast calls).
 */
function callAbort(config: InternalAxiosRequestConfig): CallAbort {
  const controller = new AbortController();
  let timedOut = false;
  let canceled = false;
  const timeout = config.timeout ?? 0;
  const timer =
    timeout > 0
      ? setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, timeout)
      : undefined;
  const outer: GenericAbortSignal | undefined = config.signal;
  const onOuterAbort = (): void => {
    canceled = true;
    controller.abort();
  };
  if (outer?.aborted) onOuterAbort();
  else outer?.addEventListener?.('abort', onOuterAbort);
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    canceled: () => canceled,
    dispose: () => {
      clearTimeout(timer);
      outer?.removeEventListener?.('abort', onOuterAbort);
    },
  };
}

function toAxiosError(err: unknown, abort: CallAbort): AxiosError {
  if (abort.timedOut()) return new AxiosError('Upstream call timed out', WHOLE_CALL_TIMEOUT);
  if (abort.canceled()) return new AxiosError('Upstream call canceled', AxiosError.ERR_CANCELED);
  if (err instanceof ResponseTooLarge) {
    return new AxiosError('maxContentLength exceeded', AxiosError.ERR_BAD_RESPONSE);
  }
  if (err instanceof AxiosError) return err;
  const refusal = proxyRefusal(err);
  if (refusal) {
    const code = refusal.status === 407 ? PROXY_AUTH_REQUIRED : PROXY_REFUSED;
    const error = new AxiosError(`The egress proxy answered ${refusal.status}`, code);
    error.status = refusal.status;
    return error;
  }
  const code = errorCode(err) ?? AxiosError.ERR_NETWORK;
  // A fixed message: undici's and the system's messages are harmless today, but nothing is gained by
  // carrying text we did not write.
  return new AxiosError(`Upstream transport failure (${code})`, code);
}

function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,63}$/.test(code)) return code;
  // undici wraps some socket errors; the system code sits on the cause.
  return errorCode((err as { cause?: unknown }).cause);
}
