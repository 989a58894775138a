import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { DemoAssets } from './demo-assets';
import { DemoInboxController } from './demo-inbox.controller';
import { DemoInboxService } from './demo-inbox.service';
import { DemoPageController } from './demo-page.controller';
import { DemoPhoneController } from './demo-phone.controller';
import { DemoPhoneService } from './demo-phone.service';
import { EmulatorSupport } from './emulator-support';

/**
 * The reference MFA page at `/demo` (on with `DEMO_UI`, which defaults to on in emulator mode), built
 * only on the public `/v1` API. Its inbox panel (`/demo/inbox`, with the virtual phone at
 * `/demo/inbox/phone`) exists in emulator mode only.
 */
@Module({})
export class DemoModule {
  static forRoot(config: Pick<AppConfig, 'emulatorMode'>): DynamicModule {
    const inbox = config.emulatorMode;
    return {
      module: DemoModule,
      controllers: [
        DemoPageController,
        ...(inbox ? [DemoInboxController, DemoPhoneController] : []),
      ],
      providers: [
        { provide: DemoAssets, useFactory: () => DemoAssets.load({ inbox }) },
        ...(inbox ? [EmulatorSupport, DemoInboxService, DemoPhoneService] : []),
      ],
    };
  }
}
