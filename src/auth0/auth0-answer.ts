/** What came back from Auth0, as read by the adapter: the status, the headers and the raw text. */
export interface Auth0Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export const NOT_JSON: unique symbol = Symbol('not JSON');

/**
 * Auth0 answers JSON, errors included. Anything else — an HTML page from a proxy, a truncated body — is
 * unreadable, whatever its status.
 */
export function readJson(answer: Auth0Answer): unknown {
  const type = header(answer, 'content-type') ?? '';
  if (!/^application\/([a-z0-9.+-]*\+)?json\b/i.test(type.trim())) return NOT_JSON;
  try {
    return JSON.parse(answer.text) as unknown;
  } catch {
    return NOT_JSON;
  }
}

export function header(answer: Auth0Answer, name: string): string | undefined {
  const value = answer.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
