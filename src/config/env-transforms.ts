import { Transform } from 'class-transformer';
import { isSupportedCountry } from 'libphonenumber-js/max';
import { registerDecorator, ValidationArguments } from 'class-validator';

/**
 * How the environment's text becomes typed values, as class-transformer decorators, so that every
 * variable is read in one style: declared on `EnvironmentVariables`, converted here, validated there.
 */

type Raw = { obj: Record<string, unknown>; key: string; value: unknown };

/** `true`/`false` and their usual spellings; anything else stays a string and fails validation. */
export const Bool = (): PropertyDecorator =>
  Transform(({ obj, key }: Raw) => {
    // The raw variable: implicit conversion has already turned every non-empty string into `true`.
    const value = obj[key];
    if (typeof value !== 'string') return value;
    const v = value.trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(v)) return true;
    if (['false', '0', 'no', 'off'].includes(v)) return false;
    return value;
  });

/** Surrounding blanks dropped; blank means unset. */
export const Trimmed = (): PropertyDecorator =>
  Transform(({ value }: Raw) => (typeof value === 'string' ? value.trim() || undefined : value));

/** A comma list: items trimmed, blanks and repeats dropped, in the case asked for. */
export const CommaList = (
  normalize: (item: string) => string = (item) => item,
): PropertyDecorator =>
  Transform(({ obj, key }: Raw) => {
    const value = obj[key];
    if (typeof value !== 'string') return value;
    return [
      ...new Set(
        value
          .split(',')
          .map((item) => normalize(item.trim()))
          .filter((item) => item.length > 0),
      ),
    ];
  });

/**
 * Fastify's `trustProxy` meanings: `true`/`false`, a hop count, or a comma list of addresses/CIDRs. What
 * is none of these stays a string and fails `IsTrustProxy`.
 */
export const TrustProxyValue = (): PropertyDecorator =>
  Transform(({ obj, key }: Raw) => {
    const raw = obj[key];
    if (typeof raw !== 'string') return raw;
    const value = raw.trim();
    if (value === '' || value === 'false') return false;
    if (value === 'true') return true;
    if (/^\d+$/.test(value)) return Number(value);
    const list = value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
    return list.every((item) => /^[0-9a-f.:/]+$/i.test(item)) ? list : value;
  });

export function IsTrustProxy(): PropertyDecorator {
  return custom(
    'isTrustProxy',
    (value) => typeof value !== 'string',
    (name) => `${name} must be true, false, a hop count or a comma list of addresses/CIDRs`,
  );
}

/** Each item an ISO 3166 alpha-2 code of a country with its own numbering plan. */
export function AreCountries(): PropertyDecorator {
  return custom(
    'areCountries',
    (value) =>
      Array.isArray(value) &&
      value.every(
        (code) => typeof code === 'string' && /^[A-Z]{2}$/.test(code) && isSupportedCountry(code),
      ),
    (name, value) =>
      `${name} must be a comma list of ISO 3166 alpha-2 country codes (e.g. US,GB,DE); not recognised: ${
        Array.isArray(value)
          ? value
              .filter(
                (c) => typeof c !== 'string' || !/^[A-Z]{2}$/.test(c) || !isSupportedCountry(c),
              )
              .join(', ')
          : String(value)
      }`,
  );
}

function custom(
  name: string,
  validate: (value: unknown) => boolean,
  message: (property: string, value: unknown) => string,
): PropertyDecorator {
  return (object, propertyName) =>
    registerDecorator({
      name,
      target: object.constructor,
      propertyName: propertyName as string,
      options: { message: (args: ValidationArguments) => message(args.property, args.value) },
      validator: { validate },
    });
}
