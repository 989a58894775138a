/**
 * Mail providers known to deliver `j.o.h.n@` to `john@` — they ignore the dots of the local part — by
 * the domain they are reached at, and the one domain each stands for (Gmail's two names are one inbox).
 */
const DOTLESS_DOMAINS: Readonly<Record<string, string>> = {
  'gmail.com': 'gmail.com',
  'googlemail.com': 'gmail.com',
};

/**
 * The one form of an e-mail address that limits are keyed on: every way of writing one inbox counts as
 * that inbox. Compatibility forms folded (NFKC: full-width letters), lower case, the `+tag` of a
 * sub-address removed (every major provider delivers `name+anything@` to `name@`), and the dots of
 * providers that ignore them. Not what the code is sent to — the user's address goes to Auth0 as typed.
 * Invisible characters and mixed alphabets never reach this: validation refuses them (destination.ts).
 */
export function canonicalEmail(address: string): string {
  const folded = address.normalize('NFKC').trim().toLowerCase();
  const at = folded.lastIndexOf('@');
  if (at < 0) return folded;
  const domain = folded.slice(at + 1);
  let local = folded.slice(0, at);
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  const dotless = DOTLESS_DOMAINS[domain];
  if (dotless) return `${local.replaceAll('.', '')}@${dotless}`;
  return `${local}@${domain}`;
}
