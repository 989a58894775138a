import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { DemoAssets } from './demo-assets';

const MISSING_SCRIPT = "// The page's script has not been built: run `npm run build`.\n";

/** The reference MFA page: HTML, stylesheet and script modules, all from memory. Not part of the API. */
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

  @Get(':name.mjs')
  @Header('content-type', 'text/javascript; charset=utf-8')
  @Header('cache-control', 'no-cache')
  module(@Param('name') name: string, @Res({ passthrough: true }) reply: FastifyReply): string {
    const module = this.assets.modules.get(`${name}.mjs`);
    if (module !== undefined) return module;
    // A script body, not a problem: the browser asked for JavaScript and shows this in its console, while
    // the page keeps its "script did not load" notice up, which says the same.
    void reply.status(404);
    return MISSING_SCRIPT;
  }
}
