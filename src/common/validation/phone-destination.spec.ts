import { maskRange, phoneDestinationOf, regionsOf } from './phone-destination';

describe('phoneDestinationOf', () => {
  it('reads the calling code and the range of a number', () => {
    expect(phoneDestinationOf('+6281234567890')).toEqual({
      e164: '+6281234567890',
      countryCode: '+62',
      range: '+628123456',
    });
    expect(phoneDestinationOf('+14155550123').countryCode).toBe('+1');
    expect(phoneDestinationOf('+447700900123').countryCode).toBe('+44');
  });

  it('names the regions behind a calling code', () => {
    expect(regionsOf('+62')).toEqual(['ID']);
    expect(regionsOf('+1')).toEqual(expect.arrayContaining(['US', 'CA']));
    expect(regionsOf('+999')).toEqual([]);
  });

  it('masks a range down to its country and two digits', () => {
    const { range, countryCode } = phoneDestinationOf('+6281234567890');
    expect(maskRange(range, countryCode)).toBe('+62 81XXXXXXXXX');
    expect(maskRange(range, countryCode)).not.toContain('234');
  });
});
