import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import pino from 'pino';
import { loadConfig, withAuth0Target } from '../config/load-config';
import { createApp } from './create-app';
import { buildOpenApiDocument } from './swagger';

/**
 * Writes the OpenAPI document the gateway serves at /docs-json to a file, without listening or reaching
 * Auth0: `node dist/bootstrap/write-openapi.js <file>`. The typed client in clients/typescript/ is
 * generated from it (`npm run client`).
 */
async function main(file: string | undefined): Promise<void> {
  if (!file) throw new Error('usage: write-openapi <file>');
  // The document does not depend on where Auth0 is, so a placeholder tenant stands in.
  const config = withAuth0Target(loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'silent' }), {
    domain: 'tenant.example.com',
    baseUrl: 'http://127.0.0.1:9',
    clientId: 'document-only',
    clientSecret: 'document-only',
  });
  const app = await createApp(config, pino({ enabled: false }));
  try {
    writeFileSync(file, `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`);
  } finally {
    await app.close();
  }
}

main(process.argv[2]).catch((error: unknown) => {
  process.stderr.write(`write-openapi failed: ${String(error)}\n`);
  process.exit(1);
});
