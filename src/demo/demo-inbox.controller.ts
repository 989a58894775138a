import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { DemoInboxService, InboxMessage } from './demo-inbox.service';

/** Emulator mode only: what the emulator "sent" to an address, so the page can be tried without a phone. */
@ApiExcludeController()
@Controller('demo/inbox')
export class DemoInboxController {
  constructor(private readonly inbox: DemoInboxService) {}

  @Get()
  @Header('cache-control', 'no-store')
  list(@Query('to') to: unknown): Promise<InboxMessage[]> {
    return this.inbox.list(to);
  }
}
