import { REDACTED, scrubSecrets, scrubText } from './secret-scrubber';

describe('scrubSecrets', () => {
  it('removes secret-named fields at any depth and whatever their spelling', () => {
    const out = scrubSecrets({
      headers: { Authorization: 'Bearer abc.def', 'x-api-key': 'k' },
      body: {
        mfaToken: 'Fe26.2*xyz',
        binding_code: '123456',
        nested: [{ client_secret: 's3cr3t' }],
      },
      password: 'hunter2',
    });
    const text = JSON.stringify(out);
    for (const secret of ['abc.def', 'Fe26.2*xyz', '123456', 's3cr3t', 'hunter2', '"k"']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain(REDACTED);
  });

  it('masks destinations in personal fields', () => {
    expect(scrubSecrets({ email: 'someone@example.com', phone_number: '+14155550123' })).toEqual({
      email: '*******@exam*******',
      phone_number: 'XXXXXXXX0123',
    });
  });

  it('masks tokens, addresses and numbers inside free text', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhdXRoMHwxIn0.c2lnbmF0dXJl';
    const text = scrubText(
      `token ${jwt} mfa Fe26.2*abc*def for someone@example.com at +1 (415) 555-0123, Bearer zzz`,
    );
    for (const secret of [jwt, 'Fe26.2*abc', 'someone@', '555-0123', 'zzz']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('0123');
  });

  it('removes client assertions and private keys, by field name and inside free text', () => {
    const pem =
      '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----';
    const out = JSON.stringify(
      scrubSecrets({
        form: { client_assertion: 'opaque-assertion-value', clientAssertionKey: 'raw key text' },
        headers: { 'Proxy-Authorization': 'Basic dXNlcjpwYXNz' },
      }),
    );
    for (const secret of ['opaque-assertion-value', 'raw key text', 'dXNlcjpwYXNz']) {
      expect(out).not.toContain(secret);
    }
    const text = scrubText(`could not parse ${pem} and then ${pem.slice(0, 50)}`);
    expect(text).not.toContain('MIIEvQIBADANBgkq');
    expect(text).toContain(`could not parse ${REDACTED} and then ${REDACTED}`);
  });

  it('leaves harmless values and framework objects alone', () => {
    class Request {
      method = 'GET';
    }
    const request = new Request();
    const out = scrubSecrets({ status: 200, route: '/v1/challenges', request }) as Record<
      string,
      unknown
    >;
    expect(out.status).toBe(200);
    expect(out.route).toBe('/v1/challenges');
    expect(out.request).toBe(request);
  });
});
