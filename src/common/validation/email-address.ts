import { applyDecorators } from '@nestjs/common';
import { IsEmail, MaxLength, registerDecorator, ValidationArguments } from 'class-validator';
import { emailAddressProblem } from './destination';

function IsReadableEmailAddress(): PropertyDecorator {
  return (object, propertyName) =>
    registerDecorator({
      name: 'isReadableEmailAddress',
      target: object.constructor,
      propertyName: propertyName as string,
      options: {
        message: ({ value }: ValidationArguments) =>
          `${String(propertyName)} ${typeof value === 'string' ? (emailAddressProblem(value) ?? 'is not valid') : 'must be a string'}`,
      },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && emailAddressProblem(value) === undefined,
      },
    });
}

/** An address codes can be sent to: well formed, at most 254 characters, one script, nothing hidden. */
export function EmailAddress(): PropertyDecorator {
  return applyDecorators(
    IsEmail({}, { message: ({ property }) => `${property} must be an e-mail address` }),
    MaxLength(254),
    IsReadableEmailAddress(),
  );
}
