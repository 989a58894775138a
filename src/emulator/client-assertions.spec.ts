import { generateKeyPairSync, KeyObject, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { ClientAssertions, ClientPublicKey } from './client-assertions';
import { EmulatorClock } from './clock';
import { EmulatorError } from './emulator-errors';

const AUDIENCE = 'https://tenant.example.test/';
const CLIENT = 'client-one';

const rsa = (): { privateKey: KeyObject; publicKey: KeyObject } =>
  generateKeyPairSync('rsa', { modulusLength: 2048 });

describe('ClientAssertions (the emulator checks Private Key JWT as a tenant does)', () => {
  const signing = rsa();
  const other = rsa();
  const clock = new EmulatorClock();
  const now = () => clock.nowSeconds();
  const keys: ClientPublicKey[] = [{ key: signing.publicKey, alg: 'RS256', kid: 'k1' }];
  const clients = {
    clients: [{ clientId: CLIENT, publicKeys: keys }, { clientId: 'secret-only' }],
  };

  interface Shape {
    alg?: string;
    kid?: string;
    iss?: string;
    sub?: string;
    aud?: string;
    iat?: number;
    exp?: number;
    jti?: string | null;
    key?: KeyObject;
  }
  const assertion = (shape: Shape = {}): Promise<string> => {
    const jwt = new SignJWT({})
      .setProtectedHeader({ alg: shape.alg ?? 'RS256', ...(shape.kid ? { kid: shape.kid } : {}) })
      .setIssuer(shape.iss ?? CLIENT)
      .setSubject(shape.sub ?? CLIENT)
      .setAudience(shape.aud ?? AUDIENCE)
      .setIssuedAt(shape.iat ?? now())
      .setExpirationTime(shape.exp ?? now() + 60);
    if (shape.jti !== null) jwt.setJti(shape.jti ?? randomUUID());
    return jwt.sign(shape.key ?? signing.privateKey);
  };
  /** iat and exp from one reading of the clock: the table is built seconds before its cases run. */
  function lifetimeOf(seconds: number): Shape {
    const iat = now();
    return { iat, exp: iat + seconds };
  }
  const verdict = async (jwt: string, clientId?: string): Promise<string> => {
    try {
      return (await new ClientAssertions(AUDIENCE, clock).verify(jwt, clientId, clients)).clientId;
    } catch (error) {
      if (!(error instanceof EmulatorError)) throw error;
      return `${error.status} ${error.error} ${error.description}`;
    }
  };
  const REFUSED = '401 access_denied Unauthorized';

  it('accepts a well-formed assertion, with or without client_id and kid', async () => {
    expect(await verdict(await assertion())).toBe(CLIENT);
    expect(await verdict(await assertion({ kid: 'k1' }), CLIENT)).toBe(CLIENT);
    expect(await verdict(await assertion(lifetimeOf(300)))).toBe(CLIENT);
  });

  it.each<[string, Shape]>([
    ['signed by another key', { key: other.privateKey }],
    ['naming a kid the client does not have', { kid: 'k2' }],
    ['signed with another algorithm than the credential', { alg: 'PS256' }],
    ['with the audience missing its trailing slash', { aud: 'https://tenant.example.test' }],
    ['whose issuer is another client', { iss: 'secret-only' }],
    ['whose subject is not the client', { sub: 'someone-else' }],
    ['expired', { iat: now() - 120, exp: now() - 60 }],
    ['living longer than five minutes', lifetimeOf(301)],
    ['without a jti', { jti: null }],
  ])('refuses an assertion %s', async (_name, shape) => {
    expect(await verdict(await assertion(shape))).toBe(REFUSED);
  });

  it('refuses a client_id that is not the assertion’s, and a client with no keys', async () => {
    expect(await verdict(await assertion(), 'secret-only')).toBe(REFUSED);
    expect(await verdict('not.a.jwt')).toBe(REFUSED);
  });

  it('accepts each jti once, and again only from another emulator', async () => {
    const guard = new ClientAssertions(AUDIENCE, clock);
    const jwt = await assertion();
    await expect(guard.verify(jwt, undefined, clients)).resolves.toMatchObject({
      clientId: CLIENT,
    });
    await expect(guard.verify(jwt, undefined, clients)).rejects.toMatchObject({ status: 401 });
    expect(await verdict(jwt)).toBe(CLIENT);
  });

  it('reads the time from the emulator clock', async () => {
    const jwt = await assertion();
    clock.advance(61);
    try {
      expect(await verdict(jwt)).toBe(REFUSED);
    } finally {
      clock.reset();
    }
  });
});
