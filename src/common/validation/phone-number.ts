import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { hasHiddenCharacters } from './destination';

/** `00` is the international prefix in most of the world; people type it as often as `+`. */
function normalizeInput(raw: string): string {
  const trimmed = raw.trim();
  return trimmed.startsWith('00') ? `+${trimmed.slice(2)}` : trimmed;
}

/**
 * The E.164 form of a real, dialable number written in any common human format, or undefined. Every form
 * is checked against the numbering plan — an E.164-looking `+11234567890` (no such area code) no less
 * than `+1 123 456 7890` — and text with invisible characters is never a number.
 */
export function toE164(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || raw.length > 40 || hasHiddenCharacters(raw)) return undefined;
  const parsed = parsePhoneNumberFromString(normalizeInput(raw));
  return parsed?.isValid() ? parsed.number : undefined;
}

function IsDialablePhoneNumber(options?: ValidationOptions): PropertyDecorator {
  return (object, propertyName) =>
    registerDecorator({
      name: 'isDialablePhoneNumber',
      target: object.constructor,
      propertyName: propertyName as string,
      options: {
        message: ({ value }: ValidationArguments) =>
          typeof value === 'string' && hasHiddenCharacters(value)
            ? `${String(propertyName)} contains invisible or direction-changing characters`
            : `${String(propertyName)} must be a real phone number in international format, e.g. +1 415 555 0123`,
        ...options,
      },
      // By now a real number has been rewritten to E.164; anything else is still what was sent.
      validator: {
        validate: (value: unknown) => typeof value === 'string' && toE164(value) === value,
      },
    });
}

/**
 * Accepts a phone number as people write it (`+1 (415) 555-0123`, `0044 20 7946 0958`), validates it
 * against the real numbering plans and hands the service E.164.
 */
export function PhoneNumber(options?: ValidationOptions): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => toE164(value) ?? value),
    IsDialablePhoneNumber(options),
  );
}
