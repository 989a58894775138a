import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

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
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        description: 'An mfa_token, or an MFA-audience access token',
      },
      'mfa',
    )
    .addApiKey({ type: 'apiKey', in: 'header', name: 'x-api-key' }, 'api-key')
    .addTag('token', 'Sign in and complete MFA: the OAuth grants')
    .addTag('enrollment', 'Enroll factors and manage authenticators')
    .addTag('challenge', 'Send a code to an enrolled factor')
    .addTag('health', 'Liveness and readiness')
    .build();
  return SwaggerModule.createDocument(app, config);
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
