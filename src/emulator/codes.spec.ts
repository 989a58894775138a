import {
  authenticatorSuffix,
  bindingCode,
  opaqueToken,
  recoveryCode,
  SEALED_LENGTH,
  sameSecret,
  totpSecret,
  userId,
} from './codes';

describe('codes', () => {
  it('has the documented formats', () => {
    expect(bindingCode()).toMatch(/^\d{6}$/);
    // The eight parts of an iron seal, as recorded: version, password id, salt, iv, data, expiry, HMAC.
    const sealed = /^Fe26\.2\*1\*[0-9a-f]{64}\*[\w-]{22}\*[\w-]+\*\d{13}\*[0-9a-f]{64}\*[\w-]{43}$/;
    for (const length of Object.values(SEALED_LENGTH)) {
      const token = opaqueToken(length, Date.UTC(2026, 0, 1));
      expect(token).toMatch(sealed);
      expect(token).toHaveLength(length);
    }
    expect(recoveryCode()).toMatch(/^[A-Z0-9]{24}$/);
    expect(authenticatorSuffix()).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(userId()).toMatch(/^auth0\|[0-9a-f]{24}$/);
    expect(totpSecret()).toMatch(/^[A-Z2-7]{32}$/);
  });

  it('does not repeat itself', () => {
    const codes = new Set(Array.from({ length: 200 }, () => opaqueToken(SEALED_LENGTH.oobCode, 0)));
    expect(codes.size).toBe(200);
    const binding = new Set(Array.from({ length: 200 }, () => bindingCode()));
    expect(binding.size).toBeGreaterThan(150);
  });

  it('uses every digit in binding codes, leading zeros included', () => {
    const digits = new Set(Array.from({ length: 500 }, () => bindingCode()).join(''));
    expect(digits.size).toBe(10);
  });

  it('compares secrets exactly', () => {
    expect(sameSecret('123456', '123456')).toBe(true);
    expect(sameSecret('123456', '123457')).toBe(false);
    expect(sameSecret('12345', '123456')).toBe(false);
  });
});
