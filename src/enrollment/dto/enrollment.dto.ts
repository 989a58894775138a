/** Auth0's association answer, unchanged, plus the gateway's timing hints when a code was sent. */
export class EnrollmentDto {
  /** @example "oob" */
  authenticator_type!: 'oob' | 'otp';
  /** @example "sms" */
  oob_channel?: 'sms' | 'voice' | 'email' | 'auth0';
  /** Pass to `/v1/enrollments/confirm` with the code the user received. @example "Fe26.2*SERVER*1a2b3c…" */
  oob_code?: string;
  /** `prompt`: ask the user for the code they received. @example "prompt" */
  binding_method?: string;
  /** Only on the user's first enrollment: show it once and ask the user to keep it. @example ["N3BGPZZWJ85JLCNPZBDW6QXC"] */
  recovery_codes?: string[];
  /** For `otp`: the base32 secret for the authenticator app. @example "HJ6XM2DNERXDAVCUONGWKRTCMNTU6VDF" */
  secret?: string;
  /** For `otp`: render as a QR code. @example "otpauth://totp/Tenant:someone%40example.com?secret=HJ6X…&issuer=Tenant" */
  barcode_uri?: string;
  /** When the code stops working (ISO 8601). @example "2026-11-23T10:05:00.000Z" */
  expires_at?: string;
  /** When the gateway allows sending a new code (ISO 8601). @example "2026-11-23T10:00:30.000Z" */
  resend_available_at?: string;
}
