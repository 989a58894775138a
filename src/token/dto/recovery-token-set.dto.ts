import { TokenSetDto } from './token-set.dto';

export class RecoveryTokenSetDto extends TokenSetDto {
  /** The new recovery code: the used one no longer works. Show it to the user once. @example "Z4FRBM7WQHKNC2TAXJ8VEDPS" */
  recovery_code!: string;
}
