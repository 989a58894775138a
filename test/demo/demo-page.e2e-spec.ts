import { ErrorCode } from '../../src/common/errors/error-code';
import { createUser, latestCode } from '../support/emulator';
import { mfaTokenFor } from '../support/flows';
import { startGateway, TestGateway } from '../support/gateway';
import { call } from '../support/http';

const PHONE = '+1 (415) 555-0123';
const PHONE_E164 = '+14155550123';

/** Every `<script …>` tag of the page; each must load a same-origin file, none may carry code. */
function scriptTags(html: string): string[] {
  return html.match(/<script\b[^>]*>[\s\S]*?<\/script>/gi) ?? [];
}

describe('reference page /demo (plain HTTP)', () => {
  describe('with the emulator (on by default)', () => {
    let gw: TestGateway;
    beforeAll(async () => {
      gw = await startGateway();
    });
    afterAll(() => gw.close());

    it('serves the page under a strict CSP, with its script as separate same-origin modules', async () => {
      const page = await call(gw.url, 'GET', '/demo');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      const csp = page.headers.get('content-security-policy') ?? '';
      const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src '));
      expect(scriptSrc?.trim()).toBe("script-src 'self'");
      expect(csp).toMatch(/script-src-attr 'none'/);

      const scripts = scriptTags(page.text);
      expect(scripts).toEqual(['<script type="module" src="/demo/app.mjs"></script>']);
      expect(page.text).not.toMatch(/\son[a-z]+\s*=/i);
      expect(page.text).toContain('id="inbox"');

      const script = await call(gw.url, 'GET', '/demo/app.mjs');
      if (script.status === 404) {
        throw new Error('dist/demo/public/app.mjs is missing: run `npm run build` (npm test does)');
      }
      expect(script.status).toBe(200);
      expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
      // The modules it imports are served beside it; nothing else is.
      for (const imported of script.text.matchAll(/from '\.\/([\w-]+\.mjs)'/g)) {
        expect((await call(gw.url, 'GET', `/demo/${imported[1]}`)).status).toBe(200);
      }
      expect((await call(gw.url, 'GET', '/demo/no-such-module.mjs')).status).toBe(404);
      const css = await call(gw.url, 'GET', '/demo/demo.css');
      expect(css.status).toBe(200);
      expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    });

    it('has a human sentence in the built script for every error code of the API', async () => {
      const script = await call(gw.url, 'GET', '/demo/sentences.mjs');
      expect(script.status).toBe(200);
      const missing = Object.values(ErrorCode).filter(
        (code) => !new RegExp(`\\b${code}: \\(`).test(script.text),
      );
      expect(missing).toEqual([]);
    });

    it('keeps the page out of the OpenAPI document', async () => {
      const doc = await call<{ paths: Record<string, unknown> }>(gw.url, 'GET', '/docs-json');
      expect(Object.keys(doc.body.paths).filter((p) => p.startsWith('/demo'))).toEqual([]);
    });

    it("reads the emulator's outbox through the gateway, destination masked", async () => {
      const user = await createUser(gw.emulator!.url);
      const mfaToken = await mfaTokenFor(gw.url, user);
      const enrollment = await call(gw.url, 'POST', '/v1/enrollments', {
        token: mfaToken,
        body: { type: 'sms', phone_number: PHONE },
      });
      expect(enrollment.status).toBe(201);
      const code = await latestCode(gw.emulator!.url, PHONE_E164);

      // Typed as a person would (any common format), found as the emulator stored it (E.164).
      const inbox = await call<Record<string, unknown>[]>(
        gw.url,
        'GET',
        `/demo/inbox?to=${encodeURIComponent(PHONE)}`,
      );
      expect(inbox.status).toBe(200);
      expect(inbox.headers.get('cache-control')).toBe('no-store');
      expect(inbox.body[0]).toEqual({
        channel: 'sms',
        to: 'XXXXXXXX0123',
        code,
        sent_at: expect.any(String),
      });
      expect(inbox.text).not.toContain('4155550123');
      const log = gw.logs.text();
      expect(log).toContain('/demo/inbox');
      expect(log).not.toContain('4155550123');
      // As a word: a timestamp or a request id may hold any six digits in a row.
      expect(log).not.toMatch(new RegExp(`\\b${code}\\b`));
    });

    it('refuses an inbox address that is neither an e-mail address nor a phone number', async () => {
      const inbox = await call(gw.url, 'GET', '/demo/inbox?to=not-an-address');
      expect(inbox.status).toBe(400);
      expect(inbox.body.code).toBe('validation_failed');
      expect((await call(gw.url, 'GET', '/demo/inbox')).status).toBe(400);
    });
  });

  it('is off with DEMO_UI=false, even with the emulator', async () => {
    const gw = await startGateway({ env: { DEMO_UI: 'false' } });
    try {
      for (const path of [
        '/demo',
        '/demo/app.mjs',
        '/demo/inbox?to=a%40example.com',
        '/demo/inbox/phone?user=a%40example.com',
      ]) {
        const response = await call(gw.url, 'GET', path);
        expect({ path, status: response.status }).toEqual({ path, status: 404 });
      }
    } finally {
      await gw.close();
    }
  });

  describe('against a configured tenant', () => {
    // Nothing here reaches the tenant: the page and its assets are the gateway's own.
    const upstream = 'http://127.0.0.1:9';

    it('is off by default', async () => {
      const gw = await startGateway({ upstream });
      try {
        expect((await call(gw.url, 'GET', '/demo')).status).toBe(404);
      } finally {
        await gw.close();
      }
    });

    it('with DEMO_UI=true serves the page without the inbox, which exists in emulator mode only', async () => {
      const gw = await startGateway({ upstream, env: { DEMO_UI: 'true' } });
      try {
        const page = await call(gw.url, 'GET', '/demo');
        expect(page.status).toBe(200);
        expect(page.text).toContain('data-inbox="off"');
        expect(page.text).not.toContain('id="inbox"');
        expect((await call(gw.url, 'GET', '/demo/app.mjs')).status).toBe(200);
        const inbox = await call(gw.url, 'GET', '/demo/inbox?to=a%40example.com');
        expect(inbox.status).toBe(404);
        expect(page.text).not.toContain('id="phone"');
        const phone = await call(gw.url, 'GET', '/demo/inbox/phone?user=a%40example.com');
        expect(phone.status).toBe(404);
        const scan = await call(gw.url, 'POST', '/demo/inbox/phone/scan', {
          body: { barcode_uri: 'otpauth://totp/x:y?enrollment_tx_id=z' },
        });
        expect(scan.status).toBe(404);
      } finally {
        await gw.close();
      }
    });
  });
});
