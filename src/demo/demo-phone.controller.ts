import { Body, Controller, Get, Header, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { DemoPhoneService, PhoneScreen } from './demo-phone.service';
import { PhoneScanDto, PushAnswerDto } from './phone.dto';

/**
 * Emulator mode only: the inbox panel's virtual phone. Every change takes a JSON body, so that another
 * site cannot make a browser approve a push request with a plain form or a no-cors request.
 */
@ApiExcludeController()
@Controller('demo/inbox/phone')
export class DemoPhoneController {
  constructor(private readonly phone: DemoPhoneService) {}

  @Get()
  @Header('cache-control', 'no-store')
  screen(@Query('user') user: unknown): Promise<PhoneScreen> {
    return this.phone.screen(user);
  }

  @Post('scan')
  @HttpCode(204)
  @Header('cache-control', 'no-store')
  scan(@Body() body: PhoneScanDto): Promise<void> {
    return this.phone.scan(body.barcode_uri);
  }

  @Post('push-requests/:id')
  @HttpCode(204)
  @Header('cache-control', 'no-store')
  answer(@Param('id') id: string, @Body() body: PushAnswerDto): Promise<void> {
    return this.phone.answer(id, body.action);
  }
}
