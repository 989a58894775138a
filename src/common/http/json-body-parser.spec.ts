import Fastify from 'fastify';
import { MAX_BODY_DEPTH, nestedDeeperThan, registerJsonBodyParser } from './json-body-parser';

const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

describe('the JSON body parser', () => {
  it('measures nesting without recursion, even thousands of levels deep', () => {
    expect(nestedDeeperThan({ a: [1, { b: 2 }] }, 3)).toBe(false);
    expect(nestedDeeperThan({ a: [1, { b: {} }] }, 3)).toBe(true);
    expect(nestedDeeperThan(JSON.parse(nested(100_000)), MAX_BODY_DEPTH)).toBe(true);
    expect(nestedDeeperThan('text', 0)).toBe(false);
  });

  it('refuses a deeply nested body as validation_failed instead of overflowing the stack later', async () => {
    const app = Fastify();
    registerJsonBodyParser(app);
    app.post('/', (request) => ({ got: request.body }));
    const body = `{"username":${nested(5000)}}`;
    const response = await app.inject({
      method: 'POST',
      url: '/',
      payload: body,
      headers: { 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(400);
    const shallow = await app.inject({
      method: 'POST',
      url: '/',
      payload: `{"a":${nested(MAX_BODY_DEPTH - 1)}}`,
      headers: { 'content-type': 'application/json' },
    });
    expect(shallow.statusCode).toBe(200);
    await app.close();
  });
});
