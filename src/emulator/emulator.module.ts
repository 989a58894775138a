import { DynamicModule, Module, Provider } from '@nestjs/common';
import { AssociateEndpoint } from './associate-endpoint';
import { AuthenticatorsEndpoint } from './authenticators-endpoint';
import { ChallengeEndpoint } from './challenge-endpoint';
import { JwtSigner } from './jwt-signer';
import { MfaController } from './mfa.controller';
import { SupportController } from './support.controller';
import { SupportApi } from './support-api';
import { Tenant } from './tenant';
import { OAuthController } from './oauth.controller';
import { TokenEndpoint } from './token-endpoint';
import { WellKnownController } from './well-known.controller';

/**
 * The services of one emulator instance, wired by hand in emulator-services.ts — its signing key is made
 * asynchronously before anything may use it — and handed to Nest as values: Nest only routes HTTP to them.
 */
export interface EmulatorServices {
  tenant: Tenant;
  signer: JwtSigner;
  tokens: TokenEndpoint;
  associate: AssociateEndpoint;
  challenge: ChallengeEndpoint;
  authenticators: AuthenticatorsEndpoint;
  support: SupportApi;
}

@Module({})
export class EmulatorModule {
  static forInstance(services: EmulatorServices): DynamicModule {
    const providers: Provider[] = [
      { provide: Tenant, useValue: services.tenant },
      { provide: JwtSigner, useValue: services.signer },
      { provide: TokenEndpoint, useValue: services.tokens },
      { provide: AssociateEndpoint, useValue: services.associate },
      { provide: ChallengeEndpoint, useValue: services.challenge },
      { provide: AuthenticatorsEndpoint, useValue: services.authenticators },
      { provide: SupportApi, useValue: services.support },
    ];
    return {
      module: EmulatorModule,
      controllers: [OAuthController, MfaController, WellKnownController, SupportController],
      providers,
    };
  }
}
