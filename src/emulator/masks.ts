/** `X` for every character of the E.164 number but its last four digits: `+14155558730` → `XXXXXXXX8730`. */
export function maskPhone(phone: string): string {
  const visible = 4;
  if (phone.length <= visible) return 'X'.repeat(phone.length);
  return 'X'.repeat(phone.length - visible) + phone.slice(-visible);
}

/**
 * Same length as the address; nothing of the local part, the first four characters of the domain:
 * `user@example.com` → `****@exam*******`.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 0) return '*'.repeat(email.length);
  const domain = email.slice(at + 1);
  const shown = domain.slice(0, 4);
  return `${'*'.repeat(at)}@${shown}${'*'.repeat(domain.length - shown.length)}`;
}

export function maskDestination(channel: 'sms' | 'voice' | 'email', to: string): string {
  return channel === 'email' ? maskEmail(to) : maskPhone(to);
}
