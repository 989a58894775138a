import { factorsOf } from './factors';

const listed = [
  { id: 'recovery-code|dev_R', authenticator_type: 'recovery-code', active: true },
  {
    id: 'sms|dev_P',
    authenticator_type: 'oob',
    active: true,
    oob_channel: 'sms',
    name: 'XXXXXXXX8730',
  },
  {
    id: 'voice|dev_P',
    authenticator_type: 'oob',
    active: true,
    oob_channel: 'voice',
    name: 'XXXXXXXX8730',
  },
  {
    id: 'email|dev_E',
    authenticator_type: 'oob',
    active: true,
    oob_channel: 'email',
    name: '****@exam*******',
  },
  { id: 'totp|dev_T', authenticator_type: 'otp', active: false },
  {
    id: 'voice|dev_Q',
    authenticator_type: 'oob',
    active: false,
    oob_channel: 'voice',
    name: 'XXXXXXXX0001',
  },
  {
    id: 'sms|dev_Q',
    authenticator_type: 'oob',
    active: false,
    oob_channel: 'sms',
    name: 'XXXXXXXX0001',
  },
] as const;

describe('factorsOf', () => {
  it('makes one factor of a phone and leaves abandoned enrollments out', () => {
    expect(factorsOf([...listed], false)).toEqual([
      {
        id: 'recovery-code|dev_R',
        type: 'recovery-code',
        active: true,
        authenticator_ids: { recovery_code: 'recovery-code|dev_R' },
      },
      {
        id: 'sms|dev_P',
        type: 'phone',
        name: 'XXXXXXXX8730',
        active: true,
        channels: ['sms', 'voice'],
        authenticator_ids: { sms: 'sms|dev_P', voice: 'voice|dev_P' },
      },
      {
        id: 'email|dev_E',
        type: 'email',
        name: '****@exam*******',
        active: true,
        authenticator_ids: { email: 'email|dev_E' },
      },
    ]);
  });

  it('lists pending ones on request, a phone under its sms id whatever the order', () => {
    const all = factorsOf([...listed], true);
    expect(all.map(({ id, active }) => [id, active])).toEqual([
      ['recovery-code|dev_R', true],
      ['sms|dev_P', true],
      ['email|dev_E', true],
      ['totp|dev_T', false],
      ['sms|dev_Q', false],
    ]);
    expect(all[4]).toMatchObject({ channels: ['sms', 'voice'] });
  });
});
