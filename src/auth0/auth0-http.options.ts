import type { HttpModuleOptions } from '@nestjs/axios';
import type { AxiosAdapter, AxiosInstance } from 'axios';
import type { Auth0Config } from '../config/app-config';

/** Auth0's largest answer (a discovery document or a 50-authenticator list) is a few KiB. */
export const MAX_AUTH0_RESPONSE_BYTES = 64 * 1024;

/** What the gateway sends is small; a bigger body is a bug, not something to ship to Auth0. */
export const MAX_AUTH0_REQUEST_BYTES = 64 * 1024;

/**
 * The axios instance behind `HttpService`: transport-level settings, and the lean configuration of
 * docs/performance.md — the client serializes bodies itself, answers come back as text and every status is
 * an answer (the client decides what each one means). Set here once rather than on every call, where
 * axios would merge them into its defaults per request.
 */
export function auth0HttpOptions(auth0: Auth0Config, adapter: AxiosAdapter): HttpModuleOptions {
  return {
    transformRequest: [],
    transformResponse: [],
    responseType: 'text',
    validateStatus: () => true,
    baseURL: auth0.baseUrl,
    allowAbsoluteUrls: false,
    timeout: auth0.timeoutMs,
    maxRedirects: 0,
    maxContentLength: MAX_AUTH0_RESPONSE_BYTES,
    maxBodyLength: MAX_AUTH0_REQUEST_BYTES,
    proxy: false,
    adapter,
  };
}

/**
 * Drops axios's default per-method header sets from the instance: every call of the client carries all of
 * its headers, and axios would otherwise deep-copy those sets into each request only to delete them again
 * (bench/README.md, round 3). `axios.create` cannot be told this; it merges its own defaults in.
 */
export function withoutDefaultHeaders(instance: AxiosInstance): void {
  instance.defaults.headers = {} as AxiosInstance['defaults']['headers'];
}
