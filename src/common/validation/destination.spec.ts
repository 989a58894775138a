import { emailAddressProblem, hasHiddenCharacters, mixesScripts } from './destination';

describe('the destination rule', () => {
  it.each([
    ['zero-width space', '\u200b'],
    ['zero-width non-joiner', '\u200c'],
    ['zero-width joiner', '\u200d'],
    ['left-to-right mark', '\u200e'],
    ['right-to-left override', '\u202e'],
    ['first-strong isolate', '\u2068'],
    ['byte-order mark', '\ufeff'],
    ['soft hyphen', '\u00ad'],
    ['line separator', '\u2028'],
    ['a control character', '\u0007'],
  ])('finds a %s', (_label, char) => {
    expect(hasHiddenCharacters(`ab${char}cd`)).toBe(true);
  });

  it('finds nothing hidden in ordinary text, spaces included', () => {
    expect(hasHiddenCharacters('+1 (415) 555-0123')).toBe(false);
    expect(hasHiddenCharacters('jürgen.müller@example.de')).toBe(false);
  });

  it('tells one alphabet from a mixture of look-alikes', () => {
    expect(mixesScripts('paypal')).toBe(false);
    expect(mixesScripts('иван')).toBe(false);
    expect(mixesScripts('p\u0430ypal')).toBe(true); // Cyrillic а
    expect(mixesScripts('\u03bfmega')).toBe(true); // Greek ο
    expect(mixesScripts('user.name+tag_2024')).toBe(false); // digits and punctuation are shared
  });

  it('allows the scripts that are written together in one word (UTS #39, highly restrictive)', () => {
    expect(mixesScripts('東京とうきょうトウキョウtokyo')).toBe(false);
    expect(mixesScripts('한국漢字abc')).toBe(false);
    expect(mixesScripts('한국иван')).toBe(true);
  });

  it('judges the local part and each domain label on their own', () => {
    expect(emailAddressProblem('иван@пример.рф')).toBeUndefined();
    expect(emailAddressProblem('иван@пример.com')).toBeUndefined();
    expect(emailAddressProblem('ivan@g\u043e\u043egle.com')).toBe(
      'mixes letters of different alphabets',
    );
    expect(emailAddressProblem('iv\u200ban@example.com')).toBe(
      'contains invisible or direction-changing characters',
    );
  });
});
