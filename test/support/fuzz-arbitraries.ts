import fc from 'fast-check';

/**
 * fast-check generators for hostile requests. Bodies are built as JSON *text*, so that keys such as
 * `__proto__` and duplicate keys reach the gateway exactly as an attacker would send them, without ever
 * being objects in this process.
 */

/** Every field name any /v1 body knows, plus the ones that must be refused and the prototype keys. */
const FIELD_NAMES = [
  'username',
  'password',
  'realm',
  'audience',
  'scope',
  'oob_code',
  'binding_code',
  'otp',
  'recovery_code',
  'refresh_token',
  'type',
  'email',
  'phone_number',
  'authenticator_id',
  'challenge_type',
  'client_id',
  'client_secret',
  'grant_type',
  'mfa_token',
  '__proto__',
  'constructor',
  'prototype',
] as const;

/** Values a careless parser trips over: right-looking, wrong-typed, huge, odd unicode. */
const plausible = fc.constantFrom(
  'email',
  'sms',
  'voice',
  'otp',
  'oob',
  'push',
  'mfa',
  '123456',
  '12345',
  '+14155550123',
  '+1 900 555 0100',
  '+447911123456',
  '+44 20 7946 0958',
  'user@example.com',
  'not-an-email',
  'Fe26.2*oob*abc',
  'sms|dev_NU1Ofuw3Cw0XCt5x',
  'email|dev_NU1Ofuw3Cw0XCt5x',
  'totp|',
  '|',
  'ABCDEFGHJKLMNPQRSTUVWXYZ',
  'openid profile offline_access',
  '',
  ' ',
  '\u0000',
  '%7C',
  '../../etc/passwd',
  '${jndi:ldap://x}',
  '<script>alert(1)</script>',
);

export const jsonScalar: fc.Arbitrary<string> = fc
  .oneof(
    plausible,
    fc.string(),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.integer().map(String),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.integer({ min: 100, max: 20_000 }).map((n) => 'x'.repeat(n)),
  )
  .map((value) => JSON.stringify(value));

/** `[[[…]]]` or `{"a":{"a":…}}` to the given depth. */
export const deepJson: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 10, max: 4000 }), fc.boolean())
  .map(([depth, arrays]) =>
    arrays
      ? '['.repeat(depth) + ']'.repeat(depth)
      : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth),
  );

export const jsonValueText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: jsonScalar },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: deepJson },
);

const fieldName = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...FIELD_NAMES) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
);

/** An object body as text: known and hostile keys (duplicates allowed) with fuzzed values. */
export const objectBody: fc.Arbitrary<string> = fc
  .array(fc.tuple(fieldName, jsonValueText), { maxLength: 6 })
  .map((pairs) => `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`);

/** Not JSON at all, or almost JSON. */
export const malformedBody: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  objectBody.chain((text) =>
    fc.integer({ min: 1, max: Math.max(1, text.length - 1) }).map((cut) => text.slice(0, cut)),
  ),
  fc.constantFrom(
    '{',
    '{"type":"email",}',
    "{'type':'email'}",
    'null',
    'true',
    '"string"',
    '[]',
    '1e999',
    '{"a":1}{"b":2}',
    'type=email&email=a%40b.c',
    '\uFEFF{"type":"otp"}',
    '{"__proto__":{"polluted":true}}',
    '{"constructor":{"prototype":{"polluted":true}}}',
  ),
);

export const contentType: fc.Arbitrary<string | undefined> = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/json; charset=latin1',
  'application/json;;;',
  'application/problem+json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'text/plain',
  'application/xml',
  'application/octet-stream',
  '*/*',
  '',
  undefined,
);

/** A value fetch will put in a header: tab, visible ASCII and Latin-1 only (RFC 9110 field-value). */
export const headerValue: fc.Arbitrary<string> = fc
  .oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 60 }), plausible)
  .map((s) => s.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?').trim());

/** Extra headers an attacker may add. */
export const extraHeaders: fc.Arbitrary<Record<string, string>> = fc.record(
  {
    'x-request-id': headerValue,
    'idempotency-key': headerValue,
    'x-forwarded-for': headerValue,
    'x-api-key': headerValue,
    accept: headerValue,
    'accept-encoding': headerValue,
    'content-encoding': fc.constantFrom('gzip', 'br', 'identity', 'x-unknown'),
    origin: headerValue,
  },
  { requiredKeys: [] },
);

/** A bearer token, a broken Authorization header or none. */
export function authorization(realToken: string): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    fc.constant(undefined),
    fc.constant(`Bearer ${realToken}`),
    headerValue.map((t) => `Bearer ${t}`),
    headerValue,
    fc.constantFrom('Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', `bearer ${realToken}`, 'Bearer a b'),
  );
}

/** One path segment: plain, encoded, unicode, traversal or oversized. */
export const pathSegment: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 30 }).map(encodeURIComponent),
  fc.string({ unit: 'grapheme', maxLength: 20 }).map(encodeURIComponent),
  plausible.map(encodeURIComponent),
  fc.constantFrom('..', '%2e%2e', '%2F', '%00', '%7C', '%', '%zz', '~', ';', 'sms|dev_x', '%C0%AF'),
  fc.integer({ min: 200, max: 5000 }).map((n) => 'a'.repeat(n)),
);
