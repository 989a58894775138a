import { sameSecret } from './codes';
import { EmulatorError } from './emulator-errors';
import { Fields, optionalString } from './body-fields';

export interface RegisteredClient {
  clientId: string;
  clientSecret: string;
  /** The grant types the application may use (Dashboard → Advanced Settings → Grant Types); absent: all. */
  grantTypes?: readonly string[];
}

/**
 * Real tenants answer a wrong or missing client secret with `401 access_denied` / `Unauthorized` — not
 * OAuth's `invalid_client` (docs/auth0-wire.md, client authentication).
 */
const unauthorized = (description = 'Unauthorized') =>
  new EmulatorError(401, 'access_denied', description);

/**
 * client_secret_post, or client_secret_basic; any other Authorization (seed 001 sends a Bearer) is ignored.
 * `missing` is the description when no credentials came at all, which differs between endpoints.
 */
export function authenticateClient(
  fields: Fields,
  authorization: string | undefined,
  clients: { readonly clients: readonly RegisteredClient[] },
  missing = 'Unauthorized',
): RegisteredClient {
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
  if (clientId === undefined || clientSecret === undefined) throw unauthorized(missing);
  const client = clients.clients.find((c) => c.clientId === clientId);
  if (!client || !sameSecret(clientSecret, client.clientSecret)) throw unauthorized();
  return client;
}

/** `403 unauthorized_client`, worded as captured from a live tenant, for a grant type not enabled. */
export function assertGrantAllowed(client: RegisteredClient, grantType: string): void {
  if (client.grantTypes && !client.grantTypes.includes(grantType)) {
    throw new EmulatorError(
      403,
      'unauthorized_client',
      `Grant type '${grantType}' not allowed for the client.`,
    );
  }
}
