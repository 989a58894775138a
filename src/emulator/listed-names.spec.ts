import { listedEmailName, listedPhoneName } from './listed-names';

describe('masks', () => {
  it('shows only the last four digits of a phone number', () => {
    expect(listedPhoneName('+14155558730')).toBe('XXXXXXXX8730');
    expect(listedPhoneName('+447700900123')).toBe('XXXXXXXXX0123');
    expect(listedPhoneName('123')).toBe('XXX');
  });

  it('keeps the e-mail length and shows four characters of a long local part and of the domain', () => {
    // Both examples as Auth0 shows them (its documentation, and a recorded list of a real tenant).
    expect(listedEmailName('dlozano.dev@gmail.com')).toBe('dloz*******@gmai*****');
    expect(listedEmailName('user@example.com')).toBe('****@exam*******');
    expect(listedEmailName('a@b.io')).toBe('*@b.io');
    expect(listedEmailName('someone@mail.example.org')).toBe('some***@mail************');
    expect(listedEmailName('someone@mail.example.org')).toHaveLength(
      'someone@mail.example.org'.length,
    );
  });
});
