import { GatewayError } from '../common/errors/gateway-error';
import { SystemClock } from '../config/clock';
import { Secrets } from '../config/secrets';
import { MetricsAccess } from './metrics-access';

const withToken = (token: string | undefined): MetricsAccess =>
  new MetricsAccess(
    new Secrets({ auth0: {}, apiKeys: [], metrics: { token }, secretFiles: {} }, new SystemClock()),
  );

function codeOf(run: () => void): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof GatewayError ? error.code : 'not a GatewayError';
  }
}

describe('MetricsAccess', () => {
  const token = 'a-metrics-token-of-some-length';

  it('lets everyone in when no token is configured', () => {
    const open = withToken(undefined);
    expect(codeOf(() => open.check(undefined))).toBeUndefined();
    expect(codeOf(() => open.check('Bearer whatever'))).toBeUndefined();
  });

  it('accepts exactly the configured bearer token, scheme case-insensitive', () => {
    const access = withToken(token);
    expect(codeOf(() => access.check(`Bearer ${token}`))).toBeUndefined();
    expect(codeOf(() => access.check(`bearer ${token}`))).toBeUndefined();
  });

  it('says missing_token or invalid_token otherwise', () => {
    const access = withToken(token);
    expect(codeOf(() => access.check(undefined))).toBe('missing_token');
    expect(codeOf(() => access.check(''))).toBe('missing_token');
    for (const header of [
      `Bearer ${token}!`,
      `Bearer ${token.slice(1)}`,
      token,
      `Basic ${token}`,
    ]) {
      expect(codeOf(() => access.check(header))).toBe('invalid_token');
    }
  });
});
