import { Body, Controller, Header, Headers, HttpCode, Post } from '@nestjs/common';
import { readFields } from './body-fields';
import { TokenService } from './token.service';
import { TokenSet } from './token-issuer';

@Controller('oauth')
export class TokenController {
  constructor(private readonly tokens: TokenService) {}

  @Post('token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  token(
    @Body() body: unknown,
    @Headers('authorization') authorization?: string,
  ): Promise<TokenSet> {
    return this.tokens.token(readFields(body), authorization);
  }

  @Post('revoke')
  @HttpCode(200)
  revoke(@Body() body: unknown, @Headers('authorization') authorization?: string): void {
    this.tokens.revoke(readFields(body), authorization);
  }
}
