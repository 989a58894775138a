import Fastify from 'fastify';
import { answerFrameworkError } from './framework-errors';

describe('answerFrameworkError', () => {
  const app = Fastify({
    frameworkErrors: answerFrameworkError,
    routerOptions: { maxParamLength: 20 },
  });
  app.get('/things/:id', () => ({ ok: true }));
  afterAll(() => app.close());

  it.each([
    ['an undecodable segment', '/things/%zz'],
    ['a segment over maxParamLength', `/things/${'a'.repeat(200)}`],
  ])('answers %s with a 404 problem instead of Fastify’s own JSON', async (_name, url) => {
    const response = await app.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.headers['x-request-id']).toBe(response.json().request_id);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.json()).toMatchObject({ code: 'not_found', status: 404 });
    expect(response.body).not.toContain('aaaa');
  });
});
