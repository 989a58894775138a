import { parsePhoneNumberFromString, type NumberType } from 'libphonenumber-js/max';
import { ErrorCode } from '../common/errors/error-code';
import { GatewayError } from '../common/errors/gateway-error';

export type PhoneChannel = 'sms' | 'voice';

type KnownType = Exclude<NumberType, undefined>;

/**
 * The fraud guard's view of number types (libphonenumber's `getType()`, full metadata). SMS pumping and
 * toll fraud earn money from numbers that cost the sender: those are refused for both channels. Numbers
 * that cannot receive a text are refused for SMS only, since a voice call can ring them. A number whose
 * type is unknown or ambiguous (`FIXED_LINE_OR_MOBILE`, as most North American numbers are) passes: only
 * what is *known* to be wrong is refused.
 */
const REFUSED: Record<KnownType, readonly PhoneChannel[]> = {
  // Cost the sender per message or minute: the revenue of SMS pumping.
  PREMIUM_RATE: ['sms', 'voice'],
  SHARED_COST: ['sms', 'voice'],
  // UK 070 "follow-me" numbers: charged at up to premium rates and a known fraud route (Ofcom).
  PERSONAL_NUMBER: ['sms', 'voice'],
  // Access numbers of voicemail systems and pagers: nobody there to read or hear a code.
  VOICEMAIL: ['sms', 'voice'],
  PAGER: ['sms', 'voice'],
  // Landlines and organisation numbers (toll-free, UK 03 UAN): a call may reach them, a text will not.
  FIXED_LINE: ['sms'],
  TOLL_FREE: ['sms'],
  UAN: ['sms'],
  // Numbers real people use every day; refusing them would lock users out. VoIP numbers (UK 056, many
  // app-based numbers) do receive texts, and the rate limits bound what an abuser can do with them.
  VOIP: [],
  MOBILE: [],
  FIXED_LINE_OR_MOBILE: [],
};

/**
 * Checks an E.164 number (already validated) before anything is sent to Auth0. The errors say what is
 * wrong with the kind of number, never the number itself.
 */
export function assertPhoneAllowed(
  channel: PhoneChannel,
  e164: string,
  allowedCountries: readonly string[],
): void {
  const parsed = parsePhoneNumberFromString(e164);
  if (allowedCountries.length > 0) {
    // Non-geographic numbers (+800, +882 …) have no country and cannot be on an allow-list.
    const country = parsed?.country;
    if (!country || !allowedCountries.includes(country)) {
      throw new GatewayError(ErrorCode.PhoneCountryNotAllowed, {
        detail: `Codes are sent only to numbers in ${allowedCountries.join(', ')}.`,
      });
    }
  }
  const type = parsed?.getType();
  if (type !== undefined && REFUSED[type].includes(channel)) {
    throw new GatewayError(ErrorCode.PhoneTypeNotAllowed, {
      detail: `Codes cannot be sent by ${channel === 'sms' ? 'SMS' : 'voice call'} to ${DESCRIPTIONS[type]}.`,
    });
  }
}

const DESCRIPTIONS: Record<KnownType, string> = {
  PREMIUM_RATE: 'premium-rate numbers',
  SHARED_COST: 'shared-cost numbers',
  PERSONAL_NUMBER: 'personal (follow-me) numbers',
  VOICEMAIL: 'voicemail access numbers',
  PAGER: 'pagers',
  FIXED_LINE: 'fixed lines',
  TOLL_FREE: 'toll-free numbers',
  UAN: 'organisation (UAN) numbers',
  VOIP: 'VoIP numbers',
  MOBILE: 'mobile numbers',
  FIXED_LINE_OR_MOBILE: 'these numbers',
};
