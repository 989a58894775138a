/** One field that failed validation. */
export class FieldErrorDto {
  /** @example "phone_number" */
  field!: string;
  /** @example "phone_number must be a dialable number in international format" */
  message!: string;
}

/** An RFC 9457 problem: every error the gateway answers has this shape. */
export class ProblemDto {
  /** @example "urn:mfa-gateway:error:invalid_binding_code" */
  type!: string;
  /** @example "Invalid binding code" */
  title!: string;
  /** @example 400 */
  status!: number;
  /** For people; never contains a secret. @example "The code is wrong or has been used." */
  detail!: string;
  /** Stable and machine-readable: switch on this. @example "invalid_binding_code" */
  code!: string;
  /** The same id as the `x-request-id` header and the log lines. @example "9f1c6a1e-2f8b-4f5e-9a53-0d6c1c1f3b7a" */
  request_id!: string;
  /** Only for `validation_failed`. */
  errors?: FieldErrorDto[];
}
