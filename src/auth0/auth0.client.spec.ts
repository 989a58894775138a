import { HttpService } from '@nestjs/axios';
import { Injectable, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import pino from 'pino';
import { LoggingModule } from '../common/logging/logging.module';
import { ObservabilityModule } from '../observability/observability.module';
import { Test, TestingModule } from '@nestjs/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { GatewayError } from '../common/errors/gateway-error';
import { Auth0Client } from './auth0.client';
import { Auth0Module } from './auth0.module';
import {
  auth0Config,
  CLIENT_ID,
  CLIENT_SECRET,
  createAuth0Testing,
} from '../../test/support/auth0-testing';
import { closedPort, Hit, StubUpstream, reply } from '../../test/support/stub-upstream';

const MFA_TOKEN = 'Fe26.2*CANARY-mfa-token*abc';
const ACCESS_TOKEN = 'eyJ.CANARY-access-token.sig';
const TOKENS = {
  access_token: 'at',
  id_token: 'it',
  expires_in: 600,
  scope: 'openid',
  token_type: 'Bearer',
};

const form = (req: Hit): Record<string, string> =>
  Object.fromEntries(new URLSearchParams(req.body));

describe('Auth0Client on the wire (docs/auth0-wire.md)', () => {
  const server = new StubUpstream();
  let moduleRef: TestingModule;
  let client: Auth0Client;

  beforeAll(async () => {
    ({ moduleRef, client } = await createAuth0Testing(await server.start()));
  });
  afterEach(() => server.reset());
  afterAll(async () => {
    await moduleRef.close();
    await server.stop();
  });

  const expectCommonHeaders = (req: Hit): void => {
    expect(req.headers.accept).toBe('application/json');
    expect(req.headers['user-agent']).toMatch(/mfa-gateway/);
  };

  describe('POST /mfa/associate', () => {
    it('sends the enrollment as JSON with the bearer token and no client credentials', async () => {
      const answer = {
        authenticator_type: 'oob',
        binding_method: 'prompt',
        oob_channel: 'sms',
        oob_code: 'Fe26.2*oob',
        recovery_codes: ['N3BGPZZWJ85JLCNPZBDW6QXC'],
      };
      server.handler = (_req, res) => reply(res, 200, answer);

      const result = await client.associate(MFA_TOKEN, {
        authenticator_types: ['oob'],
        oob_channels: ['sms'],
        phone_number: '+15555550100',
      });

      expect(result).toEqual(answer);
      const req = server.last;
      expect(req.method).toBe('POST');
      expect(req.path).toBe('/mfa/associate');
      expect(req.headers['content-type']).toBe('application/json');
      expect(req.headers.authorization).toBe(`Bearer ${MFA_TOKEN}`);
      expectCommonHeaders(req);
      expect(JSON.parse(req.body)).toEqual({
        authenticator_types: ['oob'],
        oob_channels: ['sms'],
        phone_number: '+15555550100',
      });
    });

    it('sends an OTP enrollment with nothing but the authenticator type', async () => {
      server.handler = (_req, res) =>
        reply(res, 200, { authenticator_type: 'otp', secret: 'S', barcode_uri: 'otpauth://x' });

      const result = await client.associate(ACCESS_TOKEN, { authenticator_types: ['otp'] });

      expect(result.secret).toBe('S');
      expect(JSON.parse(server.last.body)).toEqual({ authenticator_types: ['otp'] });
      expect(server.last.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    });

    it('refuses a bearer token that could split a header, without calling Auth0', async () => {
      await expect(
        client.associate('abc\r\nX-Evil: 1', { authenticator_types: ['otp'] }),
      ).rejects.toMatchObject({ code: 'invalid_token', status: 401 });
      expect(server.hits).toHaveLength(0);
    });
  });

  describe('POST /mfa/challenge', () => {
    it('puts mfa_token and client credentials in a JSON body, with no Authorization header', async () => {
      const answer = { challenge_type: 'oob', oob_code: 'Fe26.2*oob', binding_method: 'prompt' };
      server.handler = (_req, res) => reply(res, 200, answer);

      const result = await client.challenge(MFA_TOKEN, {
        authenticator_id: 'sms|dev_NU1Ofuw3Cw0XCt5x',
        challenge_type: 'oob',
      });

      expect(result).toEqual(answer);
      const req = server.last;
      expect(req.method).toBe('POST');
      expect(req.path).toBe('/mfa/challenge');
      expect(req.headers['content-type']).toBe('application/json');
      expect(req.headers.authorization).toBeUndefined();
      expectCommonHeaders(req);
      expect(JSON.parse(req.body)).toEqual({
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        mfa_token: MFA_TOKEN,
        challenge_type: 'oob',
        authenticator_id: 'sms|dev_NU1Ofuw3Cw0XCt5x',
      });
    });

    it('leaves challenge_type out when none is given (Auth0: any)', async () => {
      server.handler = (_req, res) => reply(res, 200, { challenge_type: 'otp' });

      await client.challenge(MFA_TOKEN, { authenticator_id: 'totp|dev_X' });

      expect(JSON.parse(server.last.body)).not.toHaveProperty('challenge_type');
    });
  });

  describe('/mfa/authenticators', () => {
    it('lists with GET and the bearer token, without a body', async () => {
      const list = [
        {
          id: 'sms|dev_NU1Ofuw3Cw0XCt5x',
          authenticator_type: 'oob',
          active: true,
          oob_channel: 'sms',
        },
        { id: 'totp|dev_WzMZ2sZbUw1wbC2F', authenticator_type: 'otp', active: false },
      ];
      server.handler = (_req, res) => reply(res, 200, list);

      await expect(client.listAuthenticators(ACCESS_TOKEN)).resolves.toEqual(list);
      const req = server.last;
      expect(req.method).toBe('GET');
      expect(req.path).toBe('/mfa/authenticators');
      expect(req.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
      expect(req.headers['content-type']).toBeUndefined();
      expect(req.body).toBe('');
      expectCommonHeaders(req);
    });

    it('deletes with the id URL-encoded (| as %7C) and resolves on 204', async () => {
      server.handler = (_req, res) => reply(res, 204);

      await expect(
        client.deleteAuthenticator(ACCESS_TOKEN, 'sms|dev_NU1Ofuw3Cw0XCt5x'),
      ).resolves.toBeUndefined();
      const req = server.last;
      expect(req.method).toBe('DELETE');
      expect(req.path).toBe('/mfa/authenticators/sms%7Cdev_NU1Ofuw3Cw0XCt5x');
      expect(req.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
      expect(req.body).toBe('');
      expectCommonHeaders(req);
    });

    it('cannot be steered to another path by the id', async () => {
      server.handler = (_req, res) => reply(res, 204);

      await client.deleteAuthenticator(ACCESS_TOKEN, '../../oauth/token?x=1#y');

      expect(server.last.path).toBe('/mfa/authenticators/..%2F..%2Foauth%2Ftoken%3Fx%3D1%23y');
    });
  });

  describe('POST /oauth/token', () => {
    const expectFormPost = (req: Hit): void => {
      expect(req.method).toBe('POST');
      expect(req.path).toBe('/oauth/token');
      expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(req.headers.authorization).toBeUndefined();
      expectCommonHeaders(req);
    };

    it('password grant', async () => {
      server.handler = (_req, res) => reply(res, 200, TOKENS);

      await expect(
        client.passwordGrant({
          username: 'user@example.com',
          password: 'pa ss&=wörd',
          scope: 'openid',
        }),
      ).resolves.toEqual(TOKENS);
      expectFormPost(server.last);
      expect(form(server.last)).toEqual({
        grant_type: 'password',
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        username: 'user@example.com',
        password: 'pa ss&=wörd',
        scope: 'openid',
      });
    });

    it('password-realm grant when a realm is given', async () => {
      server.handler = (_req, res) => reply(res, 200, TOKENS);

      await client.passwordGrant({
        username: 'u',
        password: 'p',
        realm: 'Username-Password-Authentication',
        audience: 'https://tenant.example.test/mfa/',
      });

      expectFormPost(server.last);
      expect(form(server.last)).toEqual({
        grant_type: 'http://auth0.com/oauth/grant-type/password-realm',
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        username: 'u',
        password: 'p',
        realm: 'Username-Password-Authentication',
        audience: 'https://tenant.example.test/mfa/',
      });
    });

    it('mfa-oob grant with and without binding_code', async () => {
      server.handler = (_req, res) => reply(res, 200, TOKENS);

      await client.oobGrant(MFA_TOKEN, { oob_code: 'Fe26.2*oob', binding_code: '123456' });
      expectFormPost(server.last);
      expect(form(server.last)).toEqual({
        grant_type: 'http://auth0.com/oauth/grant-type/mfa-oob',
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        mfa_token: MFA_TOKEN,
        oob_code: 'Fe26.2*oob',
        binding_code: '123456',
      });

      await client.oobGrant(MFA_TOKEN, { oob_code: 'Fe26.2*push' });
      expect(form(server.last)).not.toHaveProperty('binding_code');
    });

    it('mfa-otp grant', async () => {
      server.handler = (_req, res) => reply(res, 200, TOKENS);

      await client.otpGrant(MFA_TOKEN, { otp: '654321' });

      expectFormPost(server.last);
      expect(form(server.last)).toEqual({
        grant_type: 'http://auth0.com/oauth/grant-type/mfa-otp',
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        mfa_token: MFA_TOKEN,
        otp: '654321',
      });
    });

    it('mfa-recovery-code grant, returning the replacement code', async () => {
      server.handler = (_req, res) =>
        reply(res, 200, { ...TOKENS, recovery_code: 'NEWCODE0123456789ABCDEFG' });

      const tokens = await client.recoveryCodeGrant(MFA_TOKEN, {
        recovery_code: 'N3BGPZZWJ85JLCNPZBDW6QXC',
      });

      expect(tokens.recovery_code).toBe('NEWCODE0123456789ABCDEFG');
      expectFormPost(server.last);
      expect(form(server.last)).toEqual({
        grant_type: 'http://auth0.com/oauth/grant-type/mfa-recovery-code',
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        mfa_token: MFA_TOKEN,
        recovery_code: 'N3BGPZZWJ85JLCNPZBDW6QXC',
      });
    });

    it('refresh_token grant', async () => {
      server.handler = (_req, res) => reply(res, 200, TOKENS);

      await client.refreshGrant({ refresh_token: 'rt-1' });

      expectFormPost(server.last);
      expect(form(server.last)).toEqual({
        grant_type: 'refresh_token',
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        refresh_token: 'rt-1',
      });
    });

    it('forwards the end user IP as auth0-forwarded-for only when one is given and valid', async () => {
      server.handler = (_req, res) => reply(res, 200, TOKENS);

      await client.otpGrant(MFA_TOKEN, { otp: '1' }, { clientIp: '203.0.113.7' });
      expect(server.last.headers['auth0-forwarded-for']).toBe('203.0.113.7');

      await client.otpGrant(MFA_TOKEN, { otp: '1' }, { clientIp: '2001:db8::1' });
      expect(server.last.headers['auth0-forwarded-for']).toBe('2001:db8::1');

      await client.otpGrant(MFA_TOKEN, { otp: '1' });
      expect(server.last.headers['auth0-forwarded-for']).toBeUndefined();

      await client.otpGrant(MFA_TOKEN, { otp: '1' }, { clientIp: 'not-an-ip' });
      expect(server.last.headers['auth0-forwarded-for']).toBeUndefined();
    });
  });

  it('sends the client secret in token and challenge bodies and nowhere else', async () => {
    server.handler = (req, res) => {
      if (req.path === '/oauth/token') return reply(res, 200, TOKENS);
      if (req.path === '/mfa/challenge') return reply(res, 200, { challenge_type: 'otp' });
      if (req.path === '/mfa/associate') return reply(res, 200, { authenticator_type: 'otp' });
      if (req.method === 'DELETE') return reply(res, 204);
      return reply(res, 200, []);
    };

    await client.associate(MFA_TOKEN, { authenticator_types: ['otp'] });
    await client.challenge(MFA_TOKEN, { authenticator_id: 'totp|dev_X' });
    await client.listAuthenticators(ACCESS_TOKEN);
    await client.deleteAuthenticator(ACCESS_TOKEN, 'totp|dev_X');
    await client.passwordGrant({ username: 'u', password: 'p' });
    await client.oobGrant(MFA_TOKEN, { oob_code: 'o', binding_code: '123456' });
    await client.otpGrant(MFA_TOKEN, { otp: '123456' });
    await client.recoveryCodeGrant(MFA_TOKEN, { recovery_code: 'R' });
    await client.refreshGrant({ refresh_token: 'rt' });

    expect(server.hits).toHaveLength(9);
    for (const req of server.hits) {
      expect(req.rawHeaders.join('\n')).not.toContain(CLIENT_SECRET);
      expect(req.path).not.toContain(CLIENT_SECRET);
      const carriesSecret = req.path === '/oauth/token' || req.path === '/mfa/challenge';
      expect([req.path, req.body.includes(CLIENT_SECRET)]).toEqual([req.path, carriesSecret]);
    }
  });

  it('reuses kept-alive connections instead of opening one per call', async () => {
    server.handler = (_req, res) => reply(res, 200, []);

    for (let i = 0; i < 6; i += 1) await client.listAuthenticators(ACCESS_TOKEN);

    // undici hands a socket back to the pool a moment after the body ends, so a call made in the very
    // same tick may open a second one; after that, the two are reused.
    const sockets = new Set(server.hits.map((req) => req.remotePort));
    expect(server.hits).toHaveLength(6);
    expect(sockets.size).toBeLessThanOrEqual(2);
  });

  describe('probe()', () => {
    it('is up when the discovery document answers', async () => {
      server.handler = (_req, res) =>
        reply(res, 200, { issuer: 'https://tenant.example.test/', token_endpoint: 'x' });

      const result = await client.probe();

      expect(result).toEqual({ up: true, latencyMs: expect.any(Number) });
      expect(server.last.path).toBe('/.well-known/openid-configuration');
      expect(server.last.method).toBe('GET');
      expect(server.last.headers.authorization).toBeUndefined();
    });

    it('is down, without throwing, on an error status or an unreadable document', async () => {
      server.handler = (_req, res) => reply(res, 503, 'down');
      await expect(client.probe()).resolves.toMatchObject({ up: false, detail: 'HTTP 503' });

      server.handler = (_req, res) => reply(res, 200, '<html>');
      await expect(client.probe()).resolves.toMatchObject({ up: false });
    });

    it('is down, without throwing, when nothing listens', async () => {
      const { moduleRef: other, client: unreachable } = await createAuth0Testing(
        `http://127.0.0.1:${await closedPort()}`,
      );
      try {
        await expect(unreachable.probe()).resolves.toMatchObject({
          up: false,
          detail: 'upstream_unavailable',
        });
      } finally {
        await other.close();
      }
    });
  });
});

describe('Auth0Module', () => {
  it('exports Auth0Client and keeps HttpService to itself', async () => {
    @Injectable()
    class WantsHttp {
      constructor(readonly http: HttpService) {}
    }
    @Module({ imports: [Auth0Module], providers: [WantsHttp] })
    class FeatureModule {}

    const build = Test.createTestingModule({
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          ignoreEnvVars: true,
          load: [() => ({ auth0: auth0Config('http://127.0.0.1:9') })],
        }),
        LoggingModule.forRoot(pino({ enabled: false })),
        ObservabilityModule,
        FeatureModule,
      ],
    }).compile();

    await expect(build).rejects.toThrow(/HttpService/);
  });

  it('closes its kept-alive connections when the application shuts down', async () => {
    const server = new StubUpstream();
    const { moduleRef, client } = await createAuth0Testing(await server.start());
    try {
      server.handler = (_req, res) => reply(res, 200, []);
      await client.listAuthenticators(ACCESS_TOKEN);
      expect(await server.openConnections()).toBe(1);

      await moduleRef.close();

      const deadline = Date.now() + 2000;
      while ((await server.openConnections()) > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(await server.openConnections()).toBe(0);
      await expect(client.listAuthenticators(ACCESS_TOKEN)).rejects.toBeInstanceOf(GatewayError);
    } finally {
      await server.stop();
    }
  });
});
