import { sameSecret } from './codes';
import { EmulatorError } from './emulator-errors';
import { Fields, optionalString } from './body-fields';
import { ClientAssertions, CLIENT_ASSERTION_TYPE, ClientPublicKey } from './client-assertions';

export interface RegisteredClient {
  clientId: string;
  /** client_secret_post / client_secret_basic; absent for a Private Key JWT client. */
  clientSecret?: string;
  /**
   * Private Key JWT credentials (Dashboard → Credentials, at most two so a key can be rotated). A client
   * with keys authenticates only by assertion, as a tenant's does once its method is Private Key JWT.
   */
  publicKeys?: readonly ClientPublicKey[];
  /** The grant types the application may use (Dashboard → Advanced Settings → Grant Types); absent: all. */
  grantTypes?: readonly string[];
}

/**
 * Real tenants answer a wrong or missing client credential with `401 access_denied` / `Unauthorized` — not
 * OAuth's `invalid_client` (docs/auth0-wire.md, client authentication).
 */
export const unauthorized = (description = 'Unauthorized') =>
  new EmulatorError(401, 'access_denied', description);

/** How one emulated tenant tells its applications apart: secrets, or signed assertions. */
export class ClientAuthenticator {
  constructor(
    private readonly clients: { readonly clients: readonly RegisteredClient[] },
    private readonly assertions: ClientAssertions,
  ) {}

  /**
   * client_secret_post, client_secret_basic or private_key_jwt; any other Authorization (seed 001 sends a
   * Bearer) is ignored. `missing` is the description when no credentials came at all, which differs between
   * endpoints.
   */
  async authenticate(
    fields: Fields,
    authorization: string | undefined,
    missing = 'Unauthorized',
  ): Promise<RegisteredClient> {
    const assertion = optionalString(fields, 'client_assertion');
    if (assertion !== undefined) {
      if (optionalString(fields, 'client_assertion_type') !== CLIENT_ASSERTION_TYPE) {
        throw unauthorized();
      }
      return this.assertions.verify(assertion, optionalString(fields, 'client_id'), this.clients);
    }
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
    const client = this.clients.clients.find((c) => c.clientId === clientId);
    if (!client?.clientSecret || !sameSecret(clientSecret, client.clientSecret)) {
      throw unauthorized();
    }
    return client;
  }
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
