/** `X` for every character of the E.164 number but its last four digits: `+14155558730` → `XXXXXXXX8730`. */
export function listedPhoneName(phone: string): string {
  const visible = 4;
  if (phone.length <= visible) return 'X'.repeat(phone.length);
  return 'X'.repeat(phone.length - visible) + phone.slice(-visible);
}

/**
 * Auth0's rule, from its documentation and a recorded list: the length is kept; the first four characters
 * of the local part show when it is longer than four (none otherwise), and so do the first four of the
 * domain; `*` stands for the rest. `dlozano.dev@gmail.com` → `dloz*******@gmai*****`,
 * `user@example.com` → `****@exam*******`.
 */
export function listedEmailName(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 0) return '*'.repeat(email.length);
  return `${showFirstFour(email.slice(0, at), false)}@${showFirstFour(email.slice(at + 1), true)}`;
}

function showFirstFour(part: string, evenWhenShort: boolean): string {
  const shown = part.length > 4 || evenWhenShort ? part.slice(0, 4) : '';
  return shown + '*'.repeat(part.length - shown.length);
}

export function listedName(channel: 'sms' | 'voice' | 'email', to: string): string {
  return channel === 'email' ? listedEmailName(to) : listedPhoneName(to);
}
