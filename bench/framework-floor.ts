/**
 * The framework floor: `POST /v1/challenges` on the stack the gateway is required to use — NestJS on
 * Fastify, a class-validator DTO behind Nest's ValidationPipe, `@nestjs/axios` over the gateway's own
 * Auth0 transport (agent, axios settings, adapter), and pino writing Fastify's request lines — and nothing
 * else: no rate limits, breaker, idempotency, metrics, audit line, redaction or security headers. Between
 * the baseline and the gateway it splits the gap into what the required stack costs and what the
 * gateway's own features cost.
 *
 * Run as a child process like the baseline: `UPSTREAM_URL=… CLIENT_ID=… CLIENT_SECRET=… GATEWAY_DIST=…
 * node framework-floor.js`; prints one JSON line `{"port": 41003}` once listening; logs to `floor.log`
 * in its working directory. `FLOOR_CLIENT=undici` sends through the same undici agent without axios,
 * to show what the required `@nestjs/axios` layer costs on its own.
 */
import 'reflect-metadata';
import { HttpModule, HttpModuleOptions, HttpService } from '@nestjs/axios';
import {
  Body,
  Controller,
  Headers,
  HttpCode,
  Module,
  Post,
  UnauthorizedException,
  ValidationPipe,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AxiosAdapter, AxiosInstance } from 'axios';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { join } from 'node:path';
import pino from 'pino';
import { Agent, type Dispatcher } from 'undici';

/** Only the parts of the gateway's Auth0 configuration that its transport functions read. */
interface Auth0Settings {
  baseUrl: string;
  timeoutMs: number;
}

/** A module of the build under test (`GATEWAY_DIST`); the bench compiles apart from `src/`. */
function fromGateway<T>(path: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(join(process.env.GATEWAY_DIST ?? '', path)) as T;
}

/**
 * The gateway's own Auth0 transport — its configuration, undici agent, axios instance settings and
 * adapter — so that the floor sends exactly as the gateway does.
 */
const { loadConfig, withAuth0Target } = fromGateway<{
  loadConfig: (env: Record<string, string | undefined>) => unknown;
  withAuth0Target: (pending: unknown) => { auth0: Auth0Settings };
}>('config/load-config.js');
const { undiciAgentOptions } = fromGateway<{
  undiciAgentOptions: (auth0: Auth0Settings) => Agent.Options;
}>('auth0/auth0-transport.js');
const { auth0HttpOptions, withoutDefaultHeaders } = fromGateway<{
  auth0HttpOptions: (auth0: Auth0Settings, adapter: AxiosAdapter) => HttpModuleOptions;
  withoutDefaultHeaders: (instance: AxiosInstance) => void;
}>('auth0/auth0-http.options.js');
const { createUndiciAdapter } = fromGateway<{
  createUndiciAdapter: (dispatcher: Dispatcher) => AxiosAdapter;
}>('auth0/undici-axios.adapter.js');

const auth0 = withAuth0Target(
  loadConfig({
    NODE_ENV: 'production',
    AUTH0_DOMAIN: 'bench.example.com',
    AUTH0_BASE_URL: process.env.UPSTREAM_URL,
    AUTH0_CLIENT_ID: process.env.CLIENT_ID,
    AUTH0_CLIENT_SECRET: process.env.CLIENT_SECRET,
  }),
).auth0;
const agent = new Agent(undiciAgentOptions(auth0));
const viaUndici = process.env.FLOOR_CLIENT === 'undici';

class ChallengeBody {
  @IsString()
  @Length(1, 200)
  authenticator_id!: string;

  @IsOptional()
  @IsIn(['oob', 'otp'])
  challenge_type?: string;
}

@Controller('v1/challenges')
class ChallengeController {
  constructor(private readonly http: HttpService) {}

  @Post()
  @HttpCode(200)
  async challenge(
    @Headers('authorization') authorization: string | undefined,
    @Body() body: ChallengeBody,
  ): Promise<unknown> {
    const bearer = /^Bearer (\S+)$/i.exec(authorization ?? '')?.[1];
    if (!bearer) throw new UnauthorizedException();
    const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
    const payload = JSON.stringify({
      client_id: process.env.CLIENT_ID,
      client_secret: process.env.CLIENT_SECRET,
      mfa_token: bearer,
      challenge_type: body.challenge_type,
      authenticator_id: body.authenticator_id,
    });
    if (viaUndici) {
      const res = await agent.request({
        origin: auth0.baseUrl,
        path: '/mfa/challenge',
        method: 'POST',
        headers,
        body: payload,
      });
      return res.body.json();
    }
    const res = await this.http.axiosRef.request<string>({
      method: 'POST',
      url: '/mfa/challenge',
      headers,
      data: payload,
    });
    return JSON.parse(res.data) as unknown;
  }
}

@Module({
  imports: [HttpModule.register(auth0HttpOptions(auth0, createUndiciAdapter(agent)))],
  controllers: [ChallengeController],
})
class FloorModule {
  constructor(http: HttpService) {
    withoutDefaultHeaders(http.axiosRef);
  }
}

async function main(): Promise<void> {
  const logger = pino({ level: 'info' }, pino.destination({ dest: 'floor.log', sync: false }));
  const app = await NestFactory.create<NestFastifyApplication>(
    FloorModule,
    new FastifyAdapter({ loggerInstance: logger }),
    { logger: false },
  );
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, transform: true }));
  await app.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);
  process.once('SIGTERM', () => void app.close());
}

void main();
