import type { EmulatorOptions } from '../../src/emulator';
import type { EmulatorClient } from '../emulator/emulator-client';

/**
 * One exchange with a real Auth0 tenant, transcribed as facts from a public source, and the two ways it is
 * replayed: against the gateway (a stub upstream answers the recorded body) and against the emulator (the
 * recorded situation is built through its support API and the recorded request is sent).
 *
 * Values that belong to the recorded tenant (tokens, codes, ids) are never copied: the recorded response
 * names them by placeholder, `<kind>`, and each replay fills in values of the same shape and length.
 */
export interface WireFixture {
  name: string;
  /** `owner/repo@commit:path`, or the URL of an issue or thread. */
  source: string;
  /**
   * `recorded`: an HTTP recording of a real tenant. `captured`: a body a user posted from a live tenant.
   * `matcher`: a string an official SDK matches. `documented`: Auth0's guides or an SDK's mock.
   */
  evidence: 'recorded' | 'captured' | 'matcher' | 'documented';
  /** What the source does not show and the fixture had to assume (the status of a capture, say). */
  assumed?: string;
  request: RecordedRequest;
  response: RecordedResponse;
  /** The same step through the gateway; absent while the gateway has no `/v1` call for it. */
  gateway?: GatewayCase;
  /** The tenant the recorded situation needs (the recorded one had voice off, say). */
  emulator?: Partial<EmulatorOptions>;
  /** Builds the recorded situation in the emulator and answers the concrete request to send. */
  situation: (emu: EmulatorClient) => Promise<ConcreteRequest>;
}

export interface RecordedRequest {
  method: 'GET' | 'POST' | 'DELETE';
  /** The path as recorded; `{id}` stands for an authenticator id, sent URL-encoded. */
  path: string;
  /** Absent for requests without a body. */
  contentType?: 'application/json' | 'application/x-www-form-urlencoded';
  /** The names of the body's fields as recorded, client credentials included. */
  fields: string[];
  /** Where the mfa_token (or access token) travelled. */
  token: 'authorization' | 'body' | 'none';
  /** Recorded fields whose value is part of the fact (`grant_type`, `challenge_type` …). */
  values?: Record<string, string>;
  /** Recorded fields the gateway leaves out, with the reason in the fixture. */
  gatewayOmits?: string[];
  /** Fields the gateway adds to what was recorded, with the reason in the fixture. */
  gatewayAdds?: string[];
}

export interface RecordedResponse {
  status: number;
  contentType: string;
  /** The JSON body; strings `<kind>` are placeholders (see PLACEHOLDERS). Absent: an empty body. */
  body?: unknown;
  /** Fields the recorder removed from the answer (go-auth0 strips `id_token`), which may be there. */
  stripped?: string[];
}

export interface GatewayCase {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  body?: Record<string, unknown>;
  /** Whether the call carries `Authorization: Bearer` (an mfa_token or an MFA-audience token). */
  bearer: boolean;
  expect: {
    status: number;
    /** The problem `code` of a refusal. */
    code?: string;
    /** The fields of a successful answer (for a list, of each entry). */
    fields?: string[];
    /** Fields whose value must be exactly Auth0's. */
    passed?: string[];
  };
}

export interface ConcreteRequest {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

const SEALED = /^Fe26\.2\*[^*]*(\*[\w-]*){6}$/;

/** What each placeholder stands for: the check an emulator value must pass, and a value for the stub. */
export const PLACEHOLDERS: Record<
  string,
  { matches: (v: unknown) => boolean; sample: () => string }
> = {
  // About 2,000 characters (recorded request sizes); the emulator's within 10 %.
  mfa_token: {
    matches: (v) => typeof v === 'string' && SEALED.test(v) && near(v.length, 2000),
    sample: () => sealed(2000),
  },
  // 578 characters for SMS, 620 for push (recorded).
  oob_code: {
    matches: (v) => typeof v === 'string' && SEALED.test(v) && near(v.length, 600),
    sample: () => sealed(578),
  },
  recovery_code: {
    matches: (v) => typeof v === 'string' && /^[A-Z0-9]{24}$/.test(v),
    sample: () => 'N3BGPZZWJ85JLCNPZBDW6QXC',
  },
  otp_secret: {
    matches: (v) => typeof v === 'string' && /^[A-Z2-7]{32}$/.test(v),
    sample: () => 'HJ6XM2DNERXDAVCUONGWKRTCMNTU6VDF',
  },
  otp_barcode_uri: {
    matches: (v) =>
      typeof v === 'string' &&
      /^otpauth:\/\/totp\/[^:]+:[^?]+\?secret=[A-Z2-7]{32}&issuer=[^&]+&algorithm=SHA1&digits=6&period=30$/.test(
        v,
      ),
    sample: () =>
      'otpauth://totp/Tenant:user%40example.com?secret=HJ6XM2DNERXDAVCUONGWKRTCMNTU6VDF&issuer=Tenant&algorithm=SHA1&digits=6&period=30',
  },
  push_barcode_uri: {
    matches: (v) =>
      typeof v === 'string' &&
      /^otpauth:\/\/totp\/[^:]+:[^?]+\?enrollment_tx_id=[A-Za-z0-9]{32}&base_url=https%3A%2F%2F/.test(
        v,
      ),
    sample: () =>
      'otpauth://totp/Tenant:user%40example.com?enrollment_tx_id=AbCdEfGhIjKlMnOpQrStUvWxYz012345&base_url=https%3A%2F%2Ftenant.guardian.eu.auth0.com',
  },
  access_token: {
    matches: (v) => typeof v === 'string' && v.length > 0,
    sample: () => 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhdXRoMHwxIn0.c2lnbmF0dXJl',
  },
  refresh_token: {
    matches: (v) => typeof v === 'string' && v.length > 0,
    sample: () => 'v1.MRrSample-refresh-token',
  },
  phone_mask: {
    matches: (v) => typeof v === 'string' && /^X+\d{4}$/.test(v),
    sample: () => 'XXXXXXXXX9167',
  },
  email_mask: {
    matches: (v) => typeof v === 'string' && /^[^@*]{0,4}\*+@[^@*]{1,4}\*+$/.test(v),
    sample: () => '****@exam*******',
  },
  ...Object.fromEntries(
    ['sms', 'voice', 'email', 'totp', 'push', 'recovery-code'].map((kind) => [
      `${kind}_id`,
      {
        matches: (v: unknown) =>
          typeof v === 'string' && new RegExp(`^${kind}\\|dev_[A-Za-z0-9]{16}$`).test(v),
        sample: () => `${kind}|dev_Sample0123456789`,
      },
    ]),
  ),
};

function near(length: number, expected: number): boolean {
  return Math.abs(length - expected) <= expected * 0.1;
}

function sealed(length: number): string {
  const head = `Fe26.2*SAMPLE*${'a'.repeat(64)}*${'b'.repeat(22)}*`;
  const tail = `*1726721698000*${'c'.repeat(64)}*${'d'.repeat(43)}`;
  return head + 'e'.repeat(length - head.length - tail.length) + tail;
}

function placeholderOf(value: unknown): string | undefined {
  return typeof value === 'string' ? /^<([a-z_-]+)>$/.exec(value)?.[1] : undefined;
}

/** The recorded body with every placeholder filled in, as the stub upstream answers it. */
export function materialize(body: unknown): unknown {
  const kind = placeholderOf(body);
  if (kind !== undefined) return placeholder(kind).sample();
  if (Array.isArray(body)) return body.map(materialize);
  if (typeof body === 'object' && body !== null) {
    return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, materialize(v)]));
  }
  return body;
}

function placeholder(kind: string): (typeof PLACEHOLDERS)[string] {
  const found = PLACEHOLDERS[kind];
  if (!found) throw new Error(`unknown placeholder <${kind}>`);
  return found;
}

/**
 * Where `actual` (the emulator's answer) departs from `recorded`: the same fields (those the recorder
 * stripped may be there too), the same literal values, placeholders matched by shape. Empty: none.
 */
export function departures(
  actual: unknown,
  recorded: unknown,
  stripped: readonly string[] = [],
  at = 'body',
): string[] {
  const kind = placeholderOf(recorded);
  if (kind !== undefined) {
    return placeholder(kind).matches(actual) ? [] : [`${at}: not a <${kind}>: ${show(actual)}`];
  }
  if (Array.isArray(recorded)) {
    if (!Array.isArray(actual) || actual.length !== recorded.length) {
      return [`${at}: expected ${recorded.length} entries, got ${show(actual)}`];
    }
    return recorded.flatMap((entry, i) => departures(actual[i], entry, stripped, `${at}[${i}]`));
  }
  if (typeof recorded === 'object' && recorded !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) {
      return [`${at}: expected an object, got ${show(actual)}`];
    }
    const want = Object.keys(recorded);
    const have = Object.keys(actual).filter((key) => !stripped.includes(key) || want.includes(key));
    const fieldProblems =
      [...want].sort().join() === [...have].sort().join()
        ? []
        : [`${at}: fields ${have.join(',')} instead of ${want.join(',')}`];
    return [
      ...fieldProblems,
      ...want.flatMap((key) =>
        departures(
          (actual as Record<string, unknown>)[key],
          (recorded as Record<string, unknown>)[key],
          stripped,
          `${at}.${key}`,
        ),
      ),
    ];
  }
  return actual === recorded ? [] : [`${at}: ${show(actual)} instead of ${show(recorded)}`];
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

/** The fields the gateway sends for a recorded request: the recorded ones, less and more as the fixture says. */
export function sentFields(recorded: RecordedRequest): string[] {
  return recorded.fields
    .filter((name) => !(recorded.gatewayOmits ?? []).includes(name))
    .concat(recorded.gatewayAdds ?? [])
    .sort();
}

/** The fields of a request body, read as the content type says. */
export function fieldsOf(contentType: string | undefined, body: string): Record<string, unknown> {
  if (!body) return {};
  if (contentType?.startsWith('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(body));
  }
  return JSON.parse(body) as Record<string, unknown>;
}

/** A concrete request in the recorded form: a JSON or form body, the bearer in the header or not. */
export function concrete(
  method: ConcreteRequest['method'],
  path: string,
  options: { json?: Record<string, unknown>; form?: Record<string, string>; bearer?: string } = {},
): ConcreteRequest {
  const headers: Record<string, string> = {};
  if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
  let body: string | undefined;
  if (options.json) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  }
  return { method, path, headers, body };
}
