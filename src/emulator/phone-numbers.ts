import { isPossiblePhoneNumber } from 'libphonenumber-js';

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * E.164 with a length possible for its country. "Possible" rather than "valid": apps' tests use fictional
 * ranges such as +1 555 01xx, which a real carrier would reject but an emulator should deliver to.
 */
export function isAcceptablePhoneNumber(phone: string): boolean {
  return E164.test(phone) && isPossiblePhoneNumber(phone);
}
