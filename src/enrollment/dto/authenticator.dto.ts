export class AuthenticatorDto {
  /** Pass to `/v1/challenges`. @example "sms|dev_NU1Ofuw3Cw0XCt5x" */
  id!: string;
  /** @example "oob" */
  authenticator_type!: string;
  /** @example "sms" */
  oob_channel?: string;
  /** Masked destination. @example "XXXXXXXX8730" */
  name?: string;
  /** False until the enrollment is confirmed. @example true */
  active!: boolean;
}
