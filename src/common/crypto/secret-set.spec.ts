import { SecretSet } from './secret-set';

describe('SecretSet', () => {
  it('knows its secrets and nothing else, whatever the length', () => {
    const keys = new SecretSet(['first-key-0123456789', 'second-key-0123456789']);
    expect(keys.empty).toBe(false);
    expect(keys.has('second-key-0123456789')).toBe(true);
    expect(keys.has('second-key-012345678')).toBe(false);
    expect(keys.has('')).toBe(false);
    expect(keys.has('x'.repeat(10_000))).toBe(false);
  });

  it('tells which secret matched', () => {
    const keys = new SecretSet(['first-key-0123456789', 'second-key-0123456789']);
    expect(keys.indexOf('first-key-0123456789')).toBe(0);
    expect(keys.indexOf('second-key-0123456789')).toBe(1);
    expect(keys.indexOf('third-key-0123456789')).toBe(-1);
  });

  it('is empty without secrets, and then holds none', () => {
    const none = new SecretSet([]);
    expect(none.empty).toBe(true);
    expect(none.has('anything')).toBe(false);
  });
});
