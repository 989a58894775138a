import {
  AUTHENTICATOR_TYPES,
  BINDING_METHODS,
  BindingMethod,
  OOB_CHANNELS,
  OobChannel,
} from '../../auth0/auth0.types';
import { ApiEnum } from '../../common/openapi/api-enum.decorator';

/** Auth0's association answer, unchanged, plus the gateway's timing hints when a code was sent. */
export class EnrollmentDto {
  /** `oob` (e-mail, SMS, voice, push) or `otp` (authenticator app). @example "oob" */
  @ApiEnum(AUTHENTICATOR_TYPES.filter((t) => t !== 'recovery-code'), 'EnrolledAuthenticatorType')
  authenticator_type!: 'oob' | 'otp';
  /** How codes travel, for `oob`: switch on this to tell the user where to look. @example "sms" */
  @ApiEnum(OOB_CHANNELS, 'OobChannel', { required: false })
  oob_channel?: OobChannel;
  /** Pass to `/v1/enrollments/confirm` with the code the user received. @example "Fe26.2*1*4b0f9c2e7a1d*..." */
  oob_code?: string;
  /** `prompt`: ask the user for the code they received. @example "prompt" */
  @ApiEnum(BINDING_METHODS, 'BindingMethod', { required: false })
  binding_method?: BindingMethod;
  /** Only on the user's first enrollment: show it once and ask the user to keep it. @example ["N3BGPZZWJ85JLCNPZBDW6QXC"] */
  recovery_codes?: string[];
  /** For `otp`: the base32 secret for the authenticator app. @example "HJ6XM2DNERXDAVCUONGWKRTCMNTU6VDF" */
  secret?: string;
  /** For `otp` and `push`: what the app scans, as the QR code below. As secret as the secret. @example "otpauth://totp/Tenant:someone%40example.com?secret=HJ6XM2DNERXDAVCUONGWKRTCMNTU6VDF&issuer=Tenant&algorithm=SHA1&digits=6&period=30" */
  barcode_uri?: string;
  /**
   * With every `barcode_uri`: an SVG of its QR code, to put on the page as it is. As secret as the URI.
   * @example "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 37 37\">…</svg>"
   */
  barcode_svg?: string;
  /** When the code stops working (ISO 8601). @example "2026-11-23T10:05:00.000Z" */
  expires_at?: string;
  /** When the gateway allows sending a new code (ISO 8601). @example "2026-11-23T10:00:30.000Z" */
  resend_available_at?: string;
}
