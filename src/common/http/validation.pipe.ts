import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { ErrorCode } from '../errors/error-code';
import { FieldError, GatewayError } from '../errors/gateway-error';
import { MAX_BODY_DEPTH, nestedDeeperThan } from './body-depth';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

const bodyNotObject = (): GatewayError =>
  new GatewayError(ErrorCode.ValidationFailed, {
    errors: [{ field: 'body', message: 'the body must be a JSON object' }],
  });

/** class-transformer would happily turn an array or a string into a DTO; a body must be an object. */
class GatewayValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (
      metadata.type === 'body' &&
      (value === null || typeof value !== 'object' || Array.isArray(value))
    ) {
      throw bodyNotObject();
    }
    if (metadata.type === 'body' && nestedDeeperThan(value, MAX_BODY_DEPTH)) {
      throw new GatewayError(ErrorCode.ValidationFailed, {
        errors: [{ field: 'body', message: `the body nests deeper than ${MAX_BODY_DEPTH} levels` }],
      });
    }
    return super.transform(value, metadata);
  }
}

/**
 * A body with a thousand unknown fields would otherwise get a thousand errors back: the answer lists
 * enough to fix a real mistake, and says how many more there were.
 */
export const MAX_FIELD_ERRORS = 20;

function failed(errors: ValidationError[]): GatewayError {
  const all = flatten(errors);
  const left = all.length - MAX_FIELD_ERRORS;
  return new GatewayError(ErrorCode.ValidationFailed, {
    errors: all.slice(0, MAX_FIELD_ERRORS),
    detail:
      left > 0
        ? `The request does not match the schema; see \`errors\` (the first ${MAX_FIELD_ERRORS}; ${left} more not listed).`
        : 'The request does not match the schema; see `errors`.',
  });
}

/**
 * Unknown fields are refused rather than dropped (a body carrying `client_secret` is a caller bug worth
 * hearing about), and class-validator's messages name the field but never echo its value.
 */
export function createValidationPipe(): ValidationPipe {
  return new GatewayValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    stopAtFirstError: false,
    exceptionFactory: failed,
  });
}
