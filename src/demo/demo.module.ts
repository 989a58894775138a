import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { DemoAssets } from './demo-assets';
import { DemoInboxController } from './demo-inbox.controller';
import { DemoInboxService } from './demo-inbox.service';
import { DemoPageController } from './demo-page.controller';

/**
 * The reference MFA page at `/demo` (on with `DEMO_UI`, which defaults to on in emulator mode), built
 * only on the public `/v1` API. Its inbox panel (`/demo/inbox`) exists in emulator mode only.
 */
@Module({})
export class DemoModule {
  static forRoot(config: Pick<AppConfig, 'emulatorMode'>): DynamicModule {
    const inbox = config.emulatorMode;
    return {
      module: DemoModule,
      controllers: [DemoPageController, ...(inbox ? [DemoInboxController] : [])],
      providers: [
        { provide: DemoAssets, useFactory: () => DemoAssets.load({ inbox }) },
        ...(inbox ? [DemoInboxService] : []),
      ],
    };
  }
}
