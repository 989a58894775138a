import { startGateway, TestGateway } from './support/gateway';
import { call } from './support/http';

interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: unknown; examples?: unknown }> }>;
  requestBody?: { content: Record<string, { schema: unknown }> };
  tags?: string[];
}
type Paths = Record<string, Record<string, Operation>>;

// The contract of API.md: every path, with the status codes clients depend on.
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
];

describe('the OpenAPI document', () => {
  let gw: TestGateway;
  let doc: { paths: Paths; components: { schemas: Record<string, { properties?: object }> } };
  beforeAll(async () => {
    gw = await startGateway();
    doc = (await call(gw.url, 'GET', '/docs-json')).body as typeof doc;
  });
  afterAll(() => gw.close());

  it.each(CONTRACT)('documents %s %s with its responses', (path, method, statuses) => {
    const operation = doc.paths[path]?.[method];
    expect(operation).toBeDefined();
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(statuses));
    expect(operation.tags?.length).toBeGreaterThan(0);
    for (const [status, response] of Object.entries(operation.responses)) {
      if (Number(status) >= 400) {
        expect(response.content?.['application/problem+json']?.examples).toBeDefined();
      }
    }
  });

  it('has no empty schemas, and request bodies carry examples', () => {
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      expect([name, Object.keys(schema.properties ?? {}).length]).not.toEqual([name, 0]);
    }
    const password = doc.components.schemas.PasswordGrantDto as {
      properties: Record<string, { example?: unknown }>;
    };
    expect(password.properties.username.example).toBe('demo@example.com');
  });

  it('declares the bearer security scheme', () => {
    expect(JSON.stringify(doc)).toContain('"bearer"');
  });
});
