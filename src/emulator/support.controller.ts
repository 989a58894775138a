import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { AppCode } from './authenticator-app';
import { GuardianNotification } from './guardian';
import { readFields } from './body-fields';
import { OutboxEntry } from './store/records';
import { SupportApi } from './support-api';

/** Test support, on the emulator's own port only. */
@Controller('__emulator')
export class SupportController {
  constructor(private readonly support: SupportApi) {}

  @Post('users')
  @HttpCode(201)
  createUser(@Body() body: unknown): { user_id: string } {
    return this.support.createUser(readFields(body));
  }

  @Post('clients')
  @HttpCode(201)
  createClient(@Body() body: unknown): { client_id: string } {
    return this.support.createClient(readFields(body));
  }

  /** The virtual Guardian device: scan an enrollment's QR code, then answer push notifications. */
  @Post('guardian/scan')
  @HttpCode(200)
  scan(@Body() body: unknown): { device_id: string } {
    return this.support.scan(readFields(body));
  }

  @Get('guardian/notifications')
  notifications(
    @Query('device_id') deviceId?: string,
    @Query('email') email?: string,
  ): GuardianNotification[] {
    return this.support.notifications({ deviceId, email });
  }

  @Post('guardian/notifications/:id/:action')
  @HttpCode(204)
  answerNotification(@Param('id') id: string, @Param('action') action: string): void {
    this.support.answerNotification(id, action);
  }

  /** The virtual authenticator app: the code each of a user's TOTP enrollments shows now. */
  @Get('authenticator-app/codes')
  appCodes(@Query('email') email?: string): AppCode[] {
    return this.support.appCodes(email);
  }

  @Get('outbox')
  outbox(@Query('to') to?: string): OutboxEntry[] {
    return this.support.outbox(to);
  }

  @Delete('outbox')
  @HttpCode(204)
  clearOutbox(): void {
    this.support.clearOutbox();
  }

  @Post('reset')
  @HttpCode(204)
  reset(): void {
    this.support.reset();
  }

  @Get('clock')
  clock(): { now: string } {
    return this.support.now();
  }

  @Post('clock')
  @HttpCode(200)
  advance(@Body() body: unknown): { now: string } {
    return this.support.advance(readFields(body));
  }
}
