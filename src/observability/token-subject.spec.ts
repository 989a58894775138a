import { subjectOf, subjectOfTokens } from './token-subject';

const jwt = (payload: unknown): string =>
  `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.c2ln`;

describe('subjectOf', () => {
  it('reads the sub of a JWT without verifying it', () => {
    expect(subjectOf(jwt({ sub: 'auth0|abc', aud: 'x' }))).toBe('auth0|abc');
  });

  it('gives undefined for opaque tokens, broken payloads and odd subjects', () => {
    expect(subjectOf(undefined)).toBeUndefined();
    expect(subjectOf('Fe26.2**abc*def')).toBeUndefined();
    expect(subjectOf('eyJa.not-base64-json.sig')).toBeUndefined();
    expect(subjectOf('eyJa.b')).toBeUndefined();
    expect(subjectOf(jwt({ sub: 42 }))).toBeUndefined();
    expect(subjectOf(jwt({ sub: '' }))).toBeUndefined();
    expect(subjectOf(jwt({ sub: 'x'.repeat(257) }))).toBeUndefined();
    expect(subjectOf(jwt(null))).toBeUndefined();
  });

  it('prefers the id_token, then the access token', () => {
    expect(subjectOfTokens({ id_token: jwt({ sub: 'a' }), access_token: jwt({ sub: 'b' }) })).toBe(
      'a',
    );
    expect(subjectOfTokens({ access_token: jwt({ sub: 'b' }) })).toBe('b');
    expect(subjectOfTokens({ access_token: 'opaque' })).toBeUndefined();
  });
});
