/**
 * Whether a request is for the public API — `/v1` and everything under it, routed or not — rather than
 * health, docs or metrics. The one test of it: API keys and rate limits guard what it says, and answers
 * it says are the API's are never cached.
 */
export function isV1Request(request: { url: string }): boolean {
  const path = request.url.split('?')[0];
  return path === '/v1' || path.startsWith('/v1/');
}
