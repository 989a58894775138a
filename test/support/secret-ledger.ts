import { call, JsonResponse } from './http';

/**
 * The secrets a test has seen (docs/security.md: tokens, codes, passwords, client secret, full phone numbers
 * and e-mails) and every error answer it got, so that logs and error bodies can be searched for them.
 */
export class SecretLedger {
  private readonly secrets = new Set<string>();
  /** Codes the user received or typed (binding codes, OTPs): no gateway answer, success or not, holds one. */
  private readonly codes = new Set<string>();
  readonly errorAnswers: JsonResponse[] = [];
  readonly answerTexts: string[] = [];

  /** Remembers values as secrets; skips what is absent or too short to be one. */
  keep(...values: unknown[]): void {
    for (const value of values.flat()) {
      if (typeof value === 'string' && value.length >= 6) this.secrets.add(value);
    }
  }

  /** A code delivered to the user or computed by the user's app: a secret, and never in an answer. */
  keepCode(...codes: string[]): void {
    this.keep(...codes);
    for (const code of codes) this.codes.add(code);
  }

  /** The kept codes found in any gateway answer so far. */
  codesInAnswers(): string[] {
    const all = this.answerTexts.join('\n');
    return [...this.codes].filter((code) => standsAlone(code).test(all));
  }

  /** `call`, keeping every secret a success body carries and every error answer. */
  async call(...args: Parameters<typeof call>): Promise<JsonResponse> {
    const response = await call(...args);
    this.answerTexts.push(response.text);
    if (response.status >= 400) this.errorAnswers.push(response);
    else if (response.body && typeof response.body === 'object') {
      const b = response.body;
      this.keep(b.access_token, b.id_token, b.refresh_token, b.oob_code, b.recovery_code);
      this.keep(b.recovery_codes, b.secret, b.barcode_uri);
    }
    if (response.status === 403 && typeof response.body?.mfa_token === 'string') {
      this.keep(response.body.mfa_token);
    }
    return response;
  }

  /** The kept secrets found in `text`. Digit-only ones must stand alone, not inside a timestamp or hex id. */
  leaksIn(text: string): string[] {
    return [...this.secrets].filter((secret) =>
      /^\d+$/.test(secret) ? standsAlone(secret).test(text) : text.includes(secret),
    );
  }

  /** Leaks in error bodies, the `mfa_token` of a `403 mfa_required` (its purpose) aside. */
  leaksInErrorBodies(): { status: number; code: unknown; leaks: string[] }[] {
    return this.errorAnswers
      .map((response) => {
        const body = { ...(response.body ?? {}) };
        if (body.code === 'mfa_required') delete body.mfa_token;
        const text = response.body ? JSON.stringify(body) : response.text;
        return { status: response.status, code: body.code, leaks: this.leaksIn(text) };
      })
      .filter((found) => found.leaks.length > 0);
  }
}

/**
 * A short code as a word of its own: a six-digit OTP also occurs by chance inside a timestamp or inside the
 * hex of a request id or hash (one CI run matched `"702563b…`), which is not a leak.
 */
function standsAlone(code: string): RegExp {
  return new RegExp(`(?<![0-9A-Za-z])${code}(?![0-9A-Za-z])`);
}
