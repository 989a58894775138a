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
import { AssociateResponse, AssociateService } from './associate.service';
import { AuthenticatorsService, ListedAuthenticator } from './authenticators.service';
import { readFields } from './body-fields';
import { ChallengeResponse, ChallengeService } from './challenge.service';

@Controller('mfa')
export class MfaController {
  constructor(
    private readonly associateService: AssociateService,
    private readonly challengeService: ChallengeService,
    private readonly authenticators: AuthenticatorsService,
  ) {}

  @Post('associate')
  @HttpCode(200)
  associate(
    @Body() body: unknown,
    @Headers('authorization') authorization?: string,
  ): Promise<AssociateResponse> {
    return this.associateService.associate(authorization, readFields(body));
  }

  @Post('challenge')
  @HttpCode(200)
  challenge(@Body() body: unknown): ChallengeResponse {
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
