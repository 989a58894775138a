/**
 * Masks for showing a destination without revealing it: the same shapes Auth0 uses in authenticator
 * names, so what the gateway logs reads like what Auth0's dashboard shows.
 */

/** `+14155550123` → `XXXXXXXX0123`: every character but the last four digits hidden. */
export function maskPhone(phone: string): string {
  const visible = phone.replace(/\D/g, '').slice(-4);
  return 'X'.repeat(Math.max(phone.length - visible.length, 0)) + visible;
}

/** `someone@example.com` → `*******@exam*******`: length kept, local part hidden, four domain characters. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 0) return '*'.repeat(email.length);
  const domain = email.slice(at + 1);
  return `${'*'.repeat(at)}@${domain.slice(0, 4)}${'*'.repeat(Math.max(domain.length - 4, 0))}`;
}
