import type { Logger } from 'pino';
import { AssociateEndpoint } from './associate-endpoint';
import { VirtualAuthenticatorApp } from './authenticator-app';
import { AuthenticatorsEndpoint } from './authenticators-endpoint';
import { BearerAuth } from './bearer-auth';
import { ChallengeEndpoint } from './challenge-endpoint';
import { ClientAssertions } from './client-assertions';
import { ClientAuthenticator } from './client-auth';
import { EmulatorClock } from './clock';
import { Delivery } from './delivery';
import type { EmulatorOptions } from './emulator-options';
import type { EmulatorServices } from './emulator.module';
import { JwtSigner } from './jwt-signer';
import { MfaTokens } from './mfa-tokens';
import { OobCodes } from './oob-codes';
import { OtpGrant } from './otp.grant';
import { RecoveryCodeGrant } from './recovery-code.grant';
import { VirtualGuardian } from './guardian';
import { EmulatorStore } from './store/emulator-store';
import { SupportApi } from './support-api';
import { Tenant } from './tenant';
import { TokenIssuer } from './token-issuer';
import { TokenEndpoint } from './token-endpoint';

/** Wires one emulator instance's state and services; nothing is shared between instances. */
export async function buildEmulatorServices(
  options: EmulatorOptions,
  logger: Logger,
): Promise<EmulatorServices> {
  const tenant = new Tenant(options);
  const clock = new EmulatorClock();
  const store = new EmulatorStore(clock);
  const signer = await JwtSigner.create(tenant.issuer, clock);
  const delivery = new Delivery(store.outbox, clock, tenant.name, logger, options.logDeliveries);
  const mfaTokens = new MfaTokens(store, clock);
  const issuer = new TokenIssuer(tenant, store, signer);
  const bearer = new BearerAuth(tenant, store, mfaTokens, signer);
  const oobCodes = new OobCodes(tenant, store, clock, delivery);
  const clients = new ClientAuthenticator(tenant, new ClientAssertions(tenant.issuer, clock));
  return {
    tenant,
    signer,
    tokens: new TokenEndpoint(
      tenant,
      clients,
      store,
      clock,
      mfaTokens,
      issuer,
      new OtpGrant(store, clock, mfaTokens, issuer),
      new RecoveryCodeGrant(store, clock, mfaTokens, issuer),
    ),
    associate: new AssociateEndpoint(tenant, store, bearer, oobCodes),
    challenge: new ChallengeEndpoint(clients, store, mfaTokens, oobCodes),
    authenticators: new AuthenticatorsEndpoint(tenant, store, bearer),
    support: new SupportApi(
      tenant,
      store,
      clock,
      delivery,
      new VirtualGuardian(store, clock),
      new VirtualAuthenticatorApp(store, clock),
    ),
  };
}
