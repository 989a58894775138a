import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { isV1Request } from '../common/http/v1-route';
import {
  ADMIN_SCHEME,
  API_KEY_SCHEME,
  BEARER_SCHEME,
} from '../common/openapi/api-access.decorator';
import { IDEMPOTENCY_KEY_HEADER } from '../protection/idempotency/idempotent.decorator';

const DESCRIPTION = `
Build your own multi-factor screens on Auth0 without holding Auth0's client secret.

**The flow, in order**

1. \`POST /v1/token/password\` — sign in. A user who needs MFA gets \`403 mfa_required\` with an \`mfa_token\`.
2. With \`Authorization: Bearer <mfa_token>\`:
   - no factor yet → \`POST /v1/enrollments\` (e-mail, SMS, voice or an authenticator app), then
     \`POST /v1/enrollments/confirm\` with the code the user received;
   - a factor already → \`GET /v1/authenticators\`, \`POST /v1/challenges\` on one of them, then
     \`POST /v1/token/oob\` (or \`/v1/token/otp\`) with the code.
3. The answer is the user's tokens. Lost the factor? \`POST /v1/token/recovery-code\`.

Errors are \`application/problem+json\` with a stable \`code\`; every 429 carries \`Retry-After\`.
`.trim();

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('mfa-gateway')
    .setDescription(DESCRIPTION)
    .setVersion('1')
    // Relative: the gateway answers its own document, wherever it is deployed.
    .addServer('/', 'This gateway')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        description: 'An mfa_token, or an MFA-audience access token',
      },
      BEARER_SCHEME,
    )
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'x-api-key',
        description: 'Needed on every /v1 call where the gateway runs with API_KEYS.',
      },
      API_KEY_SCHEME,
    )
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        description: "ADMIN_TOKEN: the operators' endpoints under /admin.",
      },
      ADMIN_SCHEME,
    )
    .addTag('token', 'Sign in and complete MFA: the OAuth grants')
    .addTag('enrollment', 'Enroll factors and manage authenticators')
    .addTag('challenge', 'Send a code to an enrolled factor')
    .addTag('health', 'Liveness and readiness')
    .addTag('admin', 'For operators: fraud-guard suspensions (needs ADMIN_TOKEN)')
    .build();
  return withAnswerHeaders(SwaggerModule.createDocument(app, config));
}

type Operation = {
  parameters?: { name: string; in: string }[];
  responses: Record<string, { headers?: Record<string, unknown> }>;
};

const HEADERS = {
  RequestId: {
    description:
      "The caller's `x-request-id` when it sent a sane one, else a new id; also in the problem body and the log lines.",
    schema: { type: 'string', example: '9f1c6a1e-2f8b-4f5e-9a53-0d6c1c1f3b7a' },
  },
  RetryAfter: {
    description: 'Seconds to wait before trying again.',
    schema: { type: 'integer', minimum: 1, example: 30 },
  },
  IdempotentReplayed: {
    description:
      '`true` when this is the stored answer to an earlier request with the same `Idempotency-Key`.',
    schema: { type: 'string', enum: ['true'] },
  },
  CacheControl: {
    description: 'Answers under /v1 carry tokens and codes: `no-store`.',
    schema: { type: 'string', enum: ['no-store'] },
  },
};

/**
 * The headers the gateway's global hooks put on answers (src/bootstrap/create-app.ts), documented where
 * they apply rather than on each decorator: `x-request-id` on every answer, `Cache-Control` on /v1,
 * `Retry-After` on every 429 and on 503 (the open breaker), `Idempotent-Replayed` on every answer of an
 * operation that takes an `Idempotency-Key`.
 */
function withAnswerHeaders(document: OpenAPIObject): OpenAPIObject {
  const ref = (name: keyof typeof HEADERS) => ({ $ref: `#/components/headers/${name}` });
  document.components = { ...document.components, headers: HEADERS };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const operation of Object.values(item) as Operation[]) {
      const idempotent = operation.parameters?.some(
        (p) => p.in === 'header' && p.name === IDEMPOTENCY_KEY_HEADER,
      );
      for (const [status, response] of Object.entries(operation.responses)) {
        response.headers = {
          ...response.headers,
          'x-request-id': ref('RequestId'),
          ...(isV1Request({ url: path }) ? { 'Cache-Control': ref('CacheControl') } : {}),
          ...(status === '429' || status === '503' ? { 'Retry-After': ref('RetryAfter') } : {}),
          ...(idempotent ? { 'Idempotent-Replayed': ref('IdempotentReplayed') } : {}),
        };
      }
    }
  }
  return document;
}

/** Swagger UI at /docs and the document at /docs-json, generated from the controllers' decorators. */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    customSiteTitle: 'mfa-gateway API',
    // No sorters: tags appear in the order of the flow (sign in, enroll, challenge, verify).
    swaggerOptions: { persistAuthorization: false },
  });
}
