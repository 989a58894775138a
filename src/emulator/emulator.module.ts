import { DynamicModule, Module, Provider } from '@nestjs/common';
import { AssociateService } from './associate.service';
import { AuthenticatorsService } from './authenticators.service';
import { ChallengeService } from './challenge.service';
import { JwtSigner } from './jwt-signer';
import { MfaController } from './mfa.controller';
import { SupportController } from './support.controller';
import { SupportService } from './support.service';
import { Tenant } from './tenant';
import { TokenController } from './token.controller';
import { TokenService } from './token.service';
import { WellKnownController } from './well-known.controller';

/** The services of one emulator instance, built before the module so that every instance has its own. */
export interface EmulatorServices {
  tenant: Tenant;
  signer: JwtSigner;
  tokens: TokenService;
  associate: AssociateService;
  challenge: ChallengeService;
  authenticators: AuthenticatorsService;
  support: SupportService;
}

@Module({})
export class EmulatorModule {
  static forInstance(services: EmulatorServices): DynamicModule {
    const providers: Provider[] = [
      { provide: Tenant, useValue: services.tenant },
      { provide: JwtSigner, useValue: services.signer },
      { provide: TokenService, useValue: services.tokens },
      { provide: AssociateService, useValue: services.associate },
      { provide: ChallengeService, useValue: services.challenge },
      { provide: AuthenticatorsService, useValue: services.authenticators },
      { provide: SupportService, useValue: services.support },
    ];
    return {
      module: EmulatorModule,
      controllers: [TokenController, MfaController, WellKnownController, SupportController],
      providers,
    };
  }
}
