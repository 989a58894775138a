export class ChallengeDto {
  /** `oob`: a code was sent; `otp`: ask for the authenticator app's code. @example "oob" */
  challenge_type!: 'oob' | 'otp';
  /** Pass to `/v1/token/oob` with the code the user received. @example "Fe26.2*SERVER*1a2b3c…" */
  oob_code?: string;
  /** `prompt`: ask the user for the code. @example "prompt" */
  binding_method?: string;
  /** When the code stops working (ISO 8601). @example "2026-11-23T10:05:00.000Z" */
  expires_at?: string;
  /** When this authenticator may be challenged again (ISO 8601). @example "2026-11-23T10:00:30.000Z" */
  resend_available_at?: string;
}
