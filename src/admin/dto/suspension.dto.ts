import { ApiProperty } from '@nestjs/swagger';
import { ApiEnum } from '../../common/openapi/api-enum.decorator';
import type { Suspension, SuspensionScope } from '../../protection/fraud-guard/suspension';

const SCOPES: readonly SuspensionScope[] = ['country', 'number_range'];

/** A fraud-guard suspension as operators see it: where, since when, until when, and why. */
export class SuspensionDto implements Suspension {
  /** What `DELETE /admin/fraud-guard/suspensions/{id}` takes: a keyed hash, not the place itself. */
  @ApiProperty({ example: 'nX3vA0o0m1tq2fQ1kK7y9v3pD2c5v0yY8cQ2wD6gJ1s' })
  id!: string;

  @ApiEnum(SCOPES, 'SuspensionScope', {
    description: 'A whole country calling code, or one number range in it.',
  })
  scope!: SuspensionScope;

  @ApiProperty({ example: '+62' })
  country_code!: string;

  /** The ISO 3166 regions that use the calling code. */
  @ApiProperty({ type: [String], example: ['ID'] })
  regions!: string[];

  /** For a range: its calling code and first two digits, the rest hidden. */
  @ApiProperty({ required: false, example: '+62 81XXXXXXXXX' })
  number_range?: string;

  @ApiProperty({ format: 'date-time' })
  suspended_at!: string;

  /** When new enrollments there are accepted again, unless an operator lifts it sooner. */
  @ApiProperty({ format: 'date-time' })
  lifts_at!: string;

  /** Codes sent there within the window when it was suspended. */
  @ApiProperty({ type: 'integer', example: 30 })
  sent!: number;

  /** How many of those enrollments had been confirmed. */
  @ApiProperty({ type: 'integer', example: 0 })
  confirmed!: number;
}
