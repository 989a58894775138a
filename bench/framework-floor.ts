/**
 * The framework floor: `POST /v1/challenges` on the stack the gateway is required to use — NestJS on
 * Fastify, a class-validator DTO behind Nest's ValidationPipe, `@nestjs/axios` over the gateway's own
 * undici adapter with its lean per-call config, and pino writing Fastify's request lines — and nothing
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
import { HttpModule, HttpService } from '@nestjs/axios';
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
import type { AxiosAdapter, AxiosRequestConfig } from 'axios';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { join } from 'node:path';
import pino from 'pino';
import { Agent, type Dispatcher } from 'undici';

/** The gateway's adapter, from the build under test, so that the floor sends exactly as it does. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createUndiciAdapter } = require(
  join(process.env.GATEWAY_DIST ?? '', 'auth0', 'undici-axios.adapter.js'),
) as { createUndiciAdapter: (dispatcher: Dispatcher) => AxiosAdapter };

const agent = new Agent({ connections: 512, pipelining: 1 });
const viaUndici = process.env.FLOOR_CLIENT === 'undici';

const LEAN: AxiosRequestConfig = {
  transformRequest: [],
  transformResponse: [],
  responseType: 'text',
  validateStatus: () => true,
};

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
        origin: process.env.UPSTREAM_URL ?? '',
        path: '/mfa/challenge',
        method: 'POST',
        headers,
        body: payload,
      });
      return res.body.json();
    }
    const res = await this.http.axiosRef.request<string>({
      ...LEAN,
      method: 'POST',
      url: '/mfa/challenge',
      headers,
      data: payload,
    });
    return JSON.parse(res.data) as unknown;
  }
}

@Module({
  imports: [
    HttpModule.register({
      baseURL: process.env.UPSTREAM_URL,
      adapter: createUndiciAdapter(agent),
    }),
  ],
  controllers: [ChallengeController],
})
class FloorModule {}

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
