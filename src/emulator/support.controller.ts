import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { readFields } from './body-fields';
import { OutboxEntry } from './store/records';
import { SupportService } from './support.service';

/** Test support, on the emulator's own port only. */
@Controller('__emulator')
export class SupportController {
  constructor(private readonly support: SupportService) {}

  @Post('users')
  @HttpCode(201)
  createUser(@Body() body: unknown): { user_id: string } {
    return this.support.createUser(readFields(body));
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
