import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SystemClock } from './clock';
import { Secrets } from './secrets';

describe('Secrets', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mfa-gateway-secrets-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const keys = join(dir, 'api-keys');
  const metrics = join(dir, 'metrics-token');

  const secrets = (): Secrets => {
    writeFileSync(keys, 'key-one-0123456789abcdef');
    writeFileSync(metrics, 'metrics-token-0123456789');
    return new Secrets(
      {
        auth0: { clientSecret: 'from-the-environment' },
        apiKeys: ['key-one-0123456789abcdef'],
        metrics: { token: 'metrics-token-0123456789' },
        secretFiles: { API_KEYS: keys, METRICS_TOKEN: metrics },
      },
      new SystemClock(),
    );
  };

  it('re-reads only the file-backed secrets and says which changed', () => {
    const s = secrets();
    writeFileSync(keys, 'key-one-0123456789abcdef,key-two-0123456789abcdef');
    expect(s.reload()).toEqual({ rotated: ['API_KEYS'], kept: [] });
    expect(s.current.apiKeys).toEqual(['key-one-0123456789abcdef', 'key-two-0123456789abcdef']);
    expect(s.current.clientSecret).toBe('from-the-environment');
    expect(s.reload()).toEqual({ rotated: [], kept: [] });
  });

  it('keeps the value in use when a file is gone or does not validate', () => {
    const s = secrets();
    rmSync(metrics);
    writeFileSync(keys, 'too-short');
    expect(s.reload()).toEqual({ rotated: [], kept: ['API_KEYS', 'METRICS_TOKEN'] });
    expect(s.current).toMatchObject({
      apiKeys: ['key-one-0123456789abcdef'],
      metricsToken: 'metrics-token-0123456789',
    });
  });

  it('computes what is derived from the secrets again only after a rotation', () => {
    const s = secrets();
    let builds = 0;
    const count = s.derive('apiKeys', (apiKeys) => {
      builds++;
      return apiKeys.length;
    });
    expect([count(), count()]).toEqual([1, 1]);
    s.reload();
    expect(count()).toBe(1);
    writeFileSync(keys, 'key-one-0123456789abcdef,key-two-0123456789abcdef');
    s.reload();
    expect([count(), count()]).toEqual([2, 2]);
    expect(builds).toBe(2);
  });
});
