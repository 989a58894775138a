import { ErrorCode } from '../../src/common/errors/error-code';
import { startGateway, TestGateway } from '../support/gateway';
import { call } from '../support/http';

interface Schema {
  type?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  $ref?: string;
  allOf?: Schema[];
  anyOf?: Schema[];
  'x-known-values'?: string[];
}
interface Response {
  description: string;
  headers?: Record<string, unknown>;
  content?: Record<string, { schema?: Schema; examples?: unknown }>;
}
interface Operation {
  responses: Record<string, Response>;
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  security?: Record<string, string[]>[];
  tags?: string[];
}
type Paths = Record<string, Record<string, Operation>>;
interface Document {
  paths: Paths;
  components: { schemas: Record<string, Schema>; headers: Record<string, unknown> };
}

// The contract: every path, with the status codes clients depend on.
const CONTRACT: [string, string, string[]][] = [
  ['/v1/token/password', 'post', ['200', '400', '403', '429', '502', '503', '504']],
  ['/v1/token/oob', 'post', ['200', '400', '401', '429']],
  ['/v1/token/otp', 'post', ['200', '400', '401', '429']],
  ['/v1/token/recovery-code', 'post', ['200', '400', '401']],
  ['/v1/token/refresh', 'post', ['200', '400', '401']],
  ['/v1/enrollments', 'post', ['201', '400', '401', '409', '422', '429']],
  ['/v1/enrollments/confirm', 'post', ['200', '400', '401', '429']],
  ['/v1/authenticators', 'get', ['200', '401', '403']],
  ['/v1/authenticators/{id}', 'delete', ['204', '401', '403', '404']],
  ['/v1/challenges', 'post', ['200', '400', '401', '404', '422', '429']],
  ['/health/live', 'get', ['200']],
  ['/health/ready', 'get', ['200', '503']],
];

/** The fields whose values are a fixed set, and the set each must document. */
const ENUMS: [string, string, string[]][] = [
  ['CreateEnrollmentDto', 'type', ['email', 'sms', 'voice', 'otp', 'push']],
  ['EnrollmentDto', 'authenticator_type', ['oob', 'otp']],
  ['EnrollmentDto', 'oob_channel', ['sms', 'voice', 'email', 'auth0']],
  ['EnrollmentDto', 'binding_method', ['prompt']],
  ['CreateChallengeDto', 'challenge_type', ['oob', 'otp']],
  ['ChallengeDto', 'challenge_type', ['oob', 'otp']],
  ['ChallengeDto', 'binding_method', ['prompt']],
  ['AuthenticatorDto', 'authenticator_type', ['oob', 'otp', 'recovery-code']],
  ['AuthenticatorDto', 'oob_channel', ['sms', 'voice', 'email', 'auth0']],
];

describe('the OpenAPI document', () => {
  let gw: TestGateway;
  let doc: Document;
  beforeAll(async () => {
    gw = await startGateway();
    doc = (await call(gw.url, 'GET', '/docs-json')).body as unknown as Document;
  });
  afterAll(() => gw.close());

  /** Follows `$ref` and single-`allOf` wrappers to the schema they name. */
  function resolve(schema: Schema): Schema {
    if (schema.$ref) return resolve(doc.components.schemas[schema.$ref.split('/').pop()!]);
    if (schema.allOf?.length === 1) return resolve(schema.allOf[0]);
    return schema;
  }

  const operations = (): [string, string, Operation][] =>
    Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => [path, method, op] as [string, string, Operation]),
    );

  it.each(CONTRACT)('documents %s %s with its responses', (path, method, statuses) => {
    const operation = doc.paths[path]?.[method];
    expect(operation).toBeDefined();
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(statuses));
    expect(operation.tags?.length).toBeGreaterThan(0);
    for (const [status, response] of Object.entries(operation.responses)) {
      // Refusals are problems with an example each; readiness's 503 is its own report.
      if (Number(status) >= 400 && !(path === '/health/ready' && status === '503')) {
        expect(response.content?.['application/problem+json']?.examples).toBeDefined();
      }
    }
  });

  it.each(ENUMS)('types %s.%s as a string enum', (dto, field, values) => {
    const schema = resolve(doc.components.schemas[dto].properties![field]);
    expect(schema).toMatchObject({ type: 'string', enum: values });
  });

  it('has no object without properties, no string typed as an object', () => {
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      if (schema.enum) {
        expect([name, schema.type]).toEqual([name, 'string']);
        continue;
      }
      expect([name, Object.keys(schema.properties ?? {}).length]).not.toEqual([name, 0]);
      for (const [field, property] of Object.entries(schema.properties ?? {})) {
        const own = resolve(property);
        if (own.type === 'object') {
          expect([name, field, own.properties ?? 'additionalProperties' in own]).not.toEqual([
            name,
            field,
            undefined,
          ]);
        }
      }
    }
    const password = doc.components.schemas.PasswordGrantDto as {
      properties: Record<string, { example?: unknown }>;
    };
    expect(password.properties.username.example).toBe('demo@example.com');
  });

  it('describes every answer, with x-request-id on each and Retry-After on every 429', () => {
    for (const [path, method, operation] of operations()) {
      for (const [status, response] of Object.entries(operation.responses)) {
        const where = `${method} ${path} ${status}`;
        expect([where, response.description.length > 0]).toEqual([where, true]);
        expect([where, Object.keys(response.headers ?? {})]).toEqual([
          where,
          expect.arrayContaining(['x-request-id']),
        ]);
        if (status === '429') expect(Object.keys(response.headers!)).toContain('Retry-After');
        if (status !== '204' && status.startsWith('2')) {
          expect([where, response.content?.['application/json']?.schema]).not.toEqual([
            where,
            undefined,
          ]);
        }
      }
    }
  });

  it('types the 403 mfa_required answer with its mfa_token and mfa_requirements', () => {
    const schema =
      doc.paths['/v1/token/password'].post.responses['403'].content!['application/problem+json']
        .schema!;
    const variants = (schema.anyOf ?? []).map(resolve);
    const mfaRequired = variants.find((v) => v.properties?.mfa_token);
    expect(mfaRequired?.required).toEqual(expect.arrayContaining(['mfa_token', 'code']));
    const requirements = resolve(mfaRequired!.properties!.mfa_requirements);
    expect(Object.keys(requirements.properties!)).toEqual(['challenge', 'enroll']);
    expect(resolve(requirements.properties!.challenge.items!).properties!.type.type).toBe('string');
  });

  it('keeps the problem code an open string, listing the known codes', () => {
    const code = doc.components.schemas.ProblemDto.properties!.code;
    expect(code.type).toBe('string');
    expect(code.enum).toBeUndefined();
    expect(code['x-known-values']).toEqual(Object.values(ErrorCode));
  });

  it('documents Idempotency-Key where it applies, and Idempotent-Replayed on those answers', () => {
    const idempotent = operations().filter(([, , op]) =>
      op.parameters?.some((p) => p.in === 'header' && p.name === 'Idempotency-Key'),
    );
    expect(idempotent.map(([path, method]) => `${method} ${path}`).sort()).toEqual([
      'post /v1/challenges',
      'post /v1/enrollments',
    ]);
    for (const [, , op] of idempotent) {
      for (const response of Object.values(op.responses)) {
        expect(Object.keys(response.headers!)).toContain('Idempotent-Replayed');
      }
    }
  });

  it('says who may call each operation: bearer, admin, or none, with the API key where configured', () => {
    for (const [path, method, operation] of operations()) {
      const schemes = (operation.security ?? []).map((r) => Object.keys(r).sort().join('+'));
      const where = `${method} ${path}`;
      if (path.startsWith('/health')) expect([where, schemes]).toEqual([where, ['']]);
      else if (path.startsWith('/admin/')) expect([where, schemes]).toEqual([where, ['admin']]);
      else if (path === '/v1/token/password' || path === '/v1/token/refresh') {
        expect([where, schemes]).toEqual([where, ['', 'api-key']]);
      } else expect([where, schemes]).toEqual([where, ['mfa', 'api-key+mfa']]);
    }
  });
});
