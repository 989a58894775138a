import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  Headers,
  HttpCode,
  Param,
  Post,
} from '@nestjs/common';
import { Association, AssociateEndpoint } from './associate-endpoint';
import { AuthenticatorsEndpoint, ListedAuthenticator } from './authenticators-endpoint';
import { readFields } from './body-fields';
import { ChallengeAnswer, ChallengeEndpoint } from './challenge-endpoint';

@Controller('mfa')
export class MfaController {
  constructor(
    private readonly associateService: AssociateEndpoint,
    private readonly challengeService: ChallengeEndpoint,
    private readonly authenticators: AuthenticatorsEndpoint,
  ) {}

  @Post('associate')
  @HttpCode(200)
  associate(
    @Body() body: unknown,
    @Headers('authorization') authorization?: string,
  ): Promise<Association> {
    return this.associateService.associate(authorization, readFields(body));
  }

  @Post('challenge')
  @HttpCode(200)
  challenge(@Body() body: unknown): Promise<ChallengeAnswer> {
    return this.challengeService.challenge(readFields(body));
  }

  @Get('authenticators')
  list(@Headers('authorization') authorization?: string): Promise<ListedAuthenticator[]> {
    return this.authenticators.list(authorization);
  }

  @Delete('authenticators/:id')
  @HttpCode(204)
  // Recorded: the empty 204 still says `application/json`.
  @Header('Content-Type', 'application/json')
  remove(@Param('id') id: string, @Headers('authorization') authorization?: string): Promise<void> {
    return this.authenticators.remove(authorization, id);
  }
}
