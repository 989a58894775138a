import { sameSecret } from './codes';
import { EmulatorError } from './emulator-errors';
import { Fields, optionalString } from './body-fields';

export interface RegisteredClient {
  clientId: string;
  clientSecret: string;
}

/** client_secret_post, or client_secret_basic; any other Authorization (seed 001 sends a Bearer) is ignored. */
export function authenticateClient(
  fields: Fields,
  authorization: string | undefined,
  clients: { readonly clients: readonly RegisteredClient[] },
): string {
  let clientId = optionalString(fields, 'client_id');
  let clientSecret = optionalString(fields, 'client_secret');
  if (clientSecret === undefined && authorization?.toLowerCase().startsWith('basic ')) {
    const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      clientId = clientId ?? decodeURIComponent(decoded.slice(0, colon));
      clientSecret = decodeURIComponent(decoded.slice(colon + 1));
    }
  }
  if (clientId === undefined || clientSecret === undefined) {
    throw new EmulatorError(401, 'access_denied', 'Client authentication is required');
  }
  const client = clients.clients.find((c) => c.clientId === clientId);
  if (!client || !sameSecret(clientSecret, client.clientSecret)) {
    throw new EmulatorError(401, 'invalid_client', 'Unauthorized');
  }
  return clientId;
}
