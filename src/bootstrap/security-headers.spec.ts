import { describe, expect, it } from '@jest/globals';
import { apiSecurityHeaders, pageSecurityHeaders, securityHeaders } from './security-headers';

describe('securityHeaders', () => {
  it('records the headers helmet would set, with the CSP it was given', () => {
    const headers = securityHeaders({
      contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"] } },
    });
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(headers).not.toHaveProperty('x-powered-by');
  });

  it('refuses a policy helmet refuses', () => {
    expect(() =>
      securityHeaders({ contentSecurityPolicy: { directives: { defaultSrc: ['self'] } } }),
    ).toThrow();
  });

  it('gives /v1 answers the headers that act on JSON, with a policy that allows nothing', () => {
    expect(apiSecurityHeaders()).toEqual({
      'content-security-policy': "default-src 'none';frame-ancestors 'none'",
      'cross-origin-resource-policy': 'same-origin',
      'referrer-policy': 'no-referrer',
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
    });
  });

  it("gives pages helmet's document set, with what only a document needs", () => {
    const page = pageSecurityHeaders();
    expect(page['content-security-policy']).toContain("style-src 'self' 'unsafe-inline'");
    for (const name of ['cross-origin-opener-policy', 'origin-agent-cluster', 'x-xss-protection']) {
      expect(page).toHaveProperty(name);
      expect(apiSecurityHeaders()).not.toHaveProperty(name);
    }
  });
});
