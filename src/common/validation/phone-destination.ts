import {
  getCountries,
  getCountryCallingCode,
  parsePhoneNumberFromString,
} from 'libphonenumber-js/max';

/** A phone number as the limits and the fraud guard see it. */
export interface PhoneDestination {
  /** The number in E.164, the one form every way of writing it comes to. */
  e164: string;
  /** The country calling code with its plus (`+62`); several countries may share one (`+1`). */
  countryCode: string;
  /**
   * The number range: E.164 without its last four digits. Pumping walks adjacent numbers a carrier
   * leases out in blocks, so the block is what is counted.
   */
  range: string;
}

/** Digits of a calling code → the ISO 3166 regions that use it, built once from libphonenumber's data. */
let regionsByCode: Map<string, string[]> | undefined;

/** Reads an E.164 number (already validated) into its country and range. */
export function phoneDestinationOf(e164: string): PhoneDestination {
  const parsed = parsePhoneNumberFromString(e164);
  // Validation only lets E.164 through; a number libphonenumber cannot place still has its first digit.
  const code = parsed?.countryCallingCode ?? e164.slice(1, 2);
  return { e164, countryCode: `+${code}`, range: e164.slice(0, -4) };
}

/** The regions that share a calling code (`+1` → `US`, `CA`, …), for showing a country to people. */
export function regionsOf(countryCode: string): string[] {
  if (!regionsByCode) {
    regionsByCode = new Map();
    for (const region of getCountries()) {
      const code = getCountryCallingCode(region);
      regionsByCode.set(code, [...(regionsByCode.get(code) ?? []), region]);
    }
  }
  return regionsByCode.get(countryCode.replace(/^\+/, '')) ?? [];
}

/**
 * A range as people may see it: the calling code and the first two digits after it, the rest hidden
 * (`+6281234` → `+62 81XXXXXXXX`, the four digits the range leaves out shown hidden too).
 */
export function maskRange(range: string, countryCode: string): string {
  const national = range.slice(countryCode.length);
  return `${countryCode} ${national.slice(0, 2)}${'X'.repeat(Math.max(national.length - 2, 0) + 4)}`;
}
