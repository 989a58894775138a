import { describe, expect, it } from '@jest/globals';
import { faultOn, faults, firstFails, gatewayPerCase, healthy, hitsOn } from '../support/faults';
import { call } from '../support/http';

/**
 * The resend cooldown charges a challenge only when a code may have gone out: Auth0's own failures give it
 * back (the user may retry at once), a call that left and got no answer keeps it (Auth0 may have sent).
 */
describe('what a failed challenge costs in cooldown', () => {
  const { upstream, gateway } = gatewayPerCase({ CHALLENGE_COOLDOWN_SECONDS: '30' });
  const challenge = () =>
    call(gateway().url, 'POST', '/v1/challenges', {
      token: 'an-mfa-token',
      body: { authenticator_id: 'sms|dev_cooldown' },
    });

  it.each([
    ['a 500', faults.json(500, { error: 'server_error' }), 502],
    ['a 4xx refusal', faults.json(403, { error: 'invalid_grant', error_description: 'x' }), 403],
  ])('gives the cooldown back after %s', async (_what, fault, status) => {
    upstream.handler = faultOn('/mfa/challenge', firstFails(1, fault, healthy.challenge));
    expect((await challenge()).status).toBe(status);
    expect((await challenge()).status).toBe(200);
    expect(hitsOn(upstream, '/mfa/challenge')).toBe(2);
  });

  it('keeps it after a reset: the code may have been sent', async () => {
    upstream.handler = faultOn('/mfa/challenge', firstFails(1, faults.reset(), healthy.challenge));
    expect((await challenge()).status).toBe(503);
    const again = await challenge();
    expect(again.status).toBe(429);
    expect(again.headers.get('retry-after')).toBeTruthy();
    expect(hitsOn(upstream, '/mfa/challenge')).toBe(1);
  });
});
