/**
 * The one rule for what a destination (an e-mail address or a phone number) may be made of, before any
 * format check: text a person can read as it is. Codes and rate limits are keyed on destinations, so a
 * string that looks like another one — through an invisible character, a direction override or a
 * look-alike letter from another alphabet — is refused rather than counted as something new.
 */

/** Control and format characters: zero-width spaces and joiners, bidi controls, BOM, soft hyphen. */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/** True when `text` holds a character that is invisible or changes the direction of what follows. */
export function hasHiddenCharacters(text: string): boolean {
  return HIDDEN.test(text);
}

/**
 * The scripts a destination is told apart by. A letter of any script not named here counts as `other`,
 * so an unlisted alphabet still cannot be mixed with a listed one.
 */
const SCRIPTS: readonly [string, RegExp][] = (
  [
    'Latin',
    'Cyrillic',
    'Greek',
    'Armenian',
    'Georgian',
    'Hebrew',
    'Arabic',
    'Syriac',
    'Thaana',
    'Devanagari',
    'Bengali',
    'Gurmukhi',
    'Gujarati',
    'Oriya',
    'Tamil',
    'Telugu',
    'Kannada',
    'Malayalam',
    'Sinhala',
    'Thai',
    'Lao',
    'Tibetan',
    'Myanmar',
    'Khmer',
    'Ethiopic',
    'Cherokee',
    'Mongolian',
    'Han',
    'Hiragana',
    'Katakana',
    'Bopomofo',
    'Hangul',
  ] as const
).map((name) => [name, new RegExp(`\\p{Script=${name}}`, 'u')]);

/** Digits, punctuation and combining marks belong to every script (Unicode's Common and Inherited). */
const SHARED = /[\p{Script=Common}\p{Script=Inherited}]/u;

/**
 * Scripts written together in one word: Japanese and Chinese and Korean with their Han characters and
 * Latin, as UTS #39's "highly restrictive" level allows. Any other mixture is a look-alike risk.
 */
const WRITTEN_TOGETHER: readonly ReadonlySet<string>[] = [
  new Set(['Latin', 'Han', 'Hiragana', 'Katakana']),
  new Set(['Latin', 'Han', 'Bopomofo']),
  new Set(['Latin', 'Han', 'Hangul']),
];

function scriptOf(char: string): string | undefined {
  if (SHARED.test(char)) return undefined;
  return SCRIPTS.find(([, pattern]) => pattern.test(char))?.[0] ?? 'other';
}

/** True when `text` mixes alphabets that are not written together (`pаypal`, with a Cyrillic `а`). */
export function mixesScripts(text: string): boolean {
  const scripts = new Set<string>();
  for (const char of text) {
    const script = scriptOf(char);
    if (script) scripts.add(script);
  }
  if (scripts.size <= 1) return false;
  return !WRITTEN_TOGETHER.some((allowed) => [...scripts].every((s) => allowed.has(s)));
}

/**
 * Why an e-mail address cannot be a destination, or undefined when it can: no hidden characters, and
 * one script in the local part and in each label of the domain (`пример.рф` and `пример.com` are fine,
 * `gооgle.com` with Cyrillic `о` is not).
 */
export function emailAddressProblem(address: string): string | undefined {
  if (hasHiddenCharacters(address)) return 'contains invisible or direction-changing characters';
  const at = address.lastIndexOf('@');
  const parts = at < 0 ? [address] : [address.slice(0, at), ...address.slice(at + 1).split('.')];
  if (parts.some(mixesScripts)) return 'mixes letters of different alphabets';
  return undefined;
}
