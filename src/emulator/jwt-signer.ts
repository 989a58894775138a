import { exportJWK, generateKeyPair, JWK, jwtVerify, JWTPayload, KeyLike, SignJWT } from 'jose';
import { EmulatorClock } from './clock';
import { keyId } from './codes';

export interface SignedClaims {
  sub: string;
  aud: string;
  ttlSeconds: number;
  extra?: Record<string, unknown>;
}

interface SigningKey {
  privateKey: KeyLike;
  publicKey: KeyLike;
  publicJwk: JWK;
}

/**
 * The RS256 key pair of every emulator in this process, made on first use. An RSA key takes 100–400 ms
 * to generate, and the test suites start dozens of emulators; what each issues stays its own, since
 * tokens are checked against the instance's own users and records.
 */
let processKey: Promise<SigningKey> | undefined;

async function newSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(publicKey);
  const publicJwk = Object.assign(jwk, { kid: keyId(), alg: 'RS256', use: 'sig' });
  return { privateKey, publicKey, publicJwk };
}

/** Signs id_tokens and access tokens, and publishes the public key as the emulator's JWKS. */
export class JwtSigner {
  private constructor(
    private readonly issuer: string,
    private readonly clock: EmulatorClock,
    private readonly privateKey: KeyLike,
    private readonly publicKey: KeyLike,
    private readonly publicJwk: JWK,
  ) {}

  static async create(issuer: string, clock: EmulatorClock): Promise<JwtSigner> {
    processKey ??= newSigningKey();
    const { privateKey, publicKey, publicJwk } = await processKey;
    return new JwtSigner(issuer, clock, privateKey, publicKey, publicJwk);
  }

  jwks(): { keys: JWK[] } {
    return { keys: [this.publicJwk] };
  }

  sign(claims: SignedClaims): Promise<string> {
    const now = this.clock.nowSeconds();
    return new SignJWT({ ...claims.extra })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.publicJwk.kid })
      .setIssuer(this.issuer)
      .setSubject(claims.sub)
      .setAudience(claims.aud)
      .setIssuedAt(now)
      .setExpirationTime(now + claims.ttlSeconds)
      .sign(this.privateKey);
  }

  /** Verifies one of this instance's own tokens against the emulator clock; undefined when it is not one. */
  async verify(
    token: string,
    audience: string,
  ): Promise<{ payload: JWTPayload; expired: boolean } | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.publicKey, {
        issuer: this.issuer,
        audience,
        algorithms: ['RS256'],
        currentDate: new Date(this.clock.now()),
      });
      return { payload, expired: false };
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_JWT_EXPIRED') {
        return { payload: {}, expired: true };
      }
      return undefined;
    }
  }
}
