import { Body, Controller, Header, Headers, HttpCode, Post } from '@nestjs/common';
import { readFields } from './body-fields';
import { TokenEndpoint } from './token-endpoint';
import { IssuedTokens } from './token-issuer';

@Controller('oauth')
export class OAuthController {
  constructor(private readonly tokens: TokenEndpoint) {}

  @Post('token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  token(
    @Body() body: unknown,
    @Headers('authorization') authorization?: string,
  ): Promise<IssuedTokens> {
    return this.tokens.token(readFields(body), authorization);
  }

  @Post('revoke')
  @HttpCode(200)
  revoke(@Body() body: unknown, @Headers('authorization') authorization?: string): Promise<void> {
    return this.tokens.revoke(readFields(body), authorization);
  }
}
