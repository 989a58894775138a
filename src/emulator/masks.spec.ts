import { maskEmail, maskPhone } from './masks';

describe('masks', () => {
  it('shows only the last four digits of a phone number', () => {
    expect(maskPhone('+14155558730')).toBe('XXXXXXXX8730');
    expect(maskPhone('+447700900123')).toBe('XXXXXXXXX0123');
    expect(maskPhone('123')).toBe('XXX');
  });

  it('keeps the e-mail length and shows four characters of a long local part and of the domain', () => {
    // Both examples as Auth0 shows them (its documentation, and a recorded list of a real tenant).
    expect(maskEmail('dlozano.dev@gmail.com')).toBe('dloz*******@gmai*****');
    expect(maskEmail('user@example.com')).toBe('****@exam*******');
    expect(maskEmail('a@b.io')).toBe('*@b.io');
    expect(maskEmail('someone@mail.example.org')).toBe('some***@mail************');
    expect(maskEmail('someone@mail.example.org')).toHaveLength('someone@mail.example.org'.length);
  });
});
