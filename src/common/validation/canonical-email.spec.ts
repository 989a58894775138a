import { describe, expect, it } from '@jest/globals';
import { canonicalEmail } from './canonical-email';

describe('canonicalEmail', () => {
  it.each([
    ['Someone@Example.com', 'someone@example.com'],
    ['someone+mfa@example.com', 'someone@example.com'],
    ['someone+a+b@example.com', 'someone@example.com'],
    ['j.o.h.n+x@gmail.com', 'john@gmail.com'],
    ['John.Smith@GoogleMail.com', 'johnsmith@gmail.com'],
    ['ｓｏｍｅｏｎｅ@example.com', 'someone@example.com'],
  ])('%s counts as %s', (given, canonical) => {
    expect(canonicalEmail(given)).toBe(canonical);
  });

  it('keeps the dots of providers that deliver by them, and a leading plus', () => {
    expect(canonicalEmail('j.smith@example.com')).toBe('j.smith@example.com');
    expect(canonicalEmail('+tag@example.com')).toBe('+tag@example.com');
  });
});
