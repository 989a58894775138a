import { authenticatorSuffix } from '../codes';
import type { AuthenticatorKind } from './records';

/** `<kind>|dev_<16 url-safe chars>`; phone twins share one suffix. */
export function newAuthenticatorId(
  kind: AuthenticatorKind,
  suffix = authenticatorSuffix(),
): string {
  return `${kind}|dev_${suffix}`;
}

export function suffixOf(id: string): string {
  return id.slice(id.indexOf('|dev_') + '|dev_'.length);
}
