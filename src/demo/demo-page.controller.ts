import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ErrorCode } from '../common/errors/error-code';
import { GatewayError } from '../common/errors/gateway-error';
import { DemoAssets } from './demo-assets';

/** The reference MFA page: HTML, stylesheet and one script, all from memory. Not part of the API. */
@ApiExcludeController()
@Controller('demo')
export class DemoPageController {
  constructor(private readonly assets: DemoAssets) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-cache')
  page(): string {
    return this.assets.html;
  }

  @Get('demo.css')
  @Header('content-type', 'text/css; charset=utf-8')
  @Header('cache-control', 'no-cache')
  stylesheet(): string {
    return this.assets.css;
  }

  @Get('app.js')
  @Header('content-type', 'text/javascript; charset=utf-8')
  @Header('cache-control', 'no-cache')
  script(): string {
    if (this.assets.script === undefined) throw new GatewayError(ErrorCode.NotFound);
    return this.assets.script;
  }
}
