/*
 * The inbox panel's virtual phone (emulator mode only): the emulator's Guardian device and authenticator
 * app for the user signing in, read and driven through the gateway's /demo/inbox/phone, never through
 * the emulator itself. It scans the push enrollment's QR code on the page, answers push requests, and
 * shows what the authenticator app shows now. No secret reaches it: the emulator keeps them.
 */
import { ApiError, request } from './api.mjs';
import { el } from './dom.mjs';

interface PhoneScreen {
  push_requests: { id: string }[];
  app_codes: { code: string; expires_in: number }[];
}

export class VirtualPhone {
  /** The e-mail address of the user whose phone this is. */
  private owner = '';
  private barcodeUri: string | undefined;
  /** Reads the phone again when the authenticator app's code changes. */
  private codeTimer: number | undefined;

  constructor(private readonly enabled: boolean) {
    if (!enabled) return;
    el('phone-scan').addEventListener('click', () => void this.scan());
  }

  belongsTo(email: string): void {
    if (!this.enabled || !email) return;
    // A new sign-in: what the phone said about the last one is over.
    this.note('');
    if (email === this.owner) return;
    this.owner = email;
    el('phone-owner').textContent = email;
    void this.refresh();
  }

  offerScan(barcodeUri: string | undefined): void {
    if (!this.enabled) return;
    this.barcodeUri = barcodeUri;
    el('phone-scan-row').hidden = barcodeUri === undefined;
  }

  async refresh(): Promise<void> {
    if (!this.enabled || !this.owner) return;
    window.clearTimeout(this.codeTimer);
    const list = el('phone-list');
    try {
      const answer = await request<PhoneScreen>(
        'GET',
        `/demo/inbox/phone?user=${encodeURIComponent(this.owner)}`,
      );
      const { push_requests: requests, app_codes: codes } = answer.body;
      list.replaceChildren(
        ...requests.map((r) => this.pushRequest(r.id)),
        ...codes.map((c) => appCode(c.code, c.expires_in)),
      );
      el('phone-empty').hidden = requests.length + codes.length > 0;
      if (codes.length > 0) {
        const soonest = Math.min(...codes.map((c) => c.expires_in));
        this.codeTimer = window.setTimeout(() => void this.refresh(), soonest * 1000 + 250);
      }
    } catch {
      list.replaceChildren();
      el('phone-empty').hidden = true;
      this.note('The virtual phone cannot reach the emulator right now.');
    }
  }

  private note(text: string): void {
    el('phone-note').textContent = text;
  }

  /** Pairs the phone's Guardian app with the push enrollment whose QR code is on the page. */
  private async scan(): Promise<void> {
    const barcodeUri = this.barcodeUri;
    if (!barcodeUri) return;
    const button = el<HTMLButtonElement>('phone-scan');
    button.disabled = true;
    try {
      await request('POST', '/demo/inbox/phone/scan', { body: { barcode_uri: barcodeUri } });
      this.offerScan(undefined);
      this.note('QR code scanned: the Guardian app is set up, and the page will see it shortly.');
    } catch (error) {
      this.note(
        error instanceof ApiError && error.problem.status === 404
          ? 'That QR code has expired or has been scanned already.'
          : 'The virtual phone could not scan the QR code. Try again.',
      );
    } finally {
      button.disabled = false;
    }
  }

  private pushRequest(id: string): HTMLLIElement {
    const item = document.createElement('li');
    item.className = 'push-request';
    const text = document.createElement('span');
    text.textContent = 'Guardian: are you trying to sign in?';
    const buttons = document.createElement('span');
    buttons.className = 'row';
    buttons.append(
      this.answerButton(id, 'approve', 'Approve'),
      this.answerButton(id, 'reject', 'Reject'),
    );
    item.append(text, buttons);
    return item;
  }

  private answerButton(id: string, action: 'approve' | 'reject', label: string): HTMLButtonElement {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = action === 'approve' ? '' : 'secondary';
    button.textContent = label;
    button.addEventListener('click', () => void this.answer(id, action));
    return button;
  }

  private async answer(id: string, action: 'approve' | 'reject'): Promise<void> {
    try {
      await request('POST', `/demo/inbox/phone/push-requests/${encodeURIComponent(id)}`, {
        body: { action },
      });
      this.note(
        action === 'approve'
          ? 'Approved on the phone: the page will see it shortly.'
          : 'Rejected on the phone.',
      );
    } catch {
      this.note('That request is no longer waiting: it was answered or has expired.');
    }
    await this.refresh();
  }
}

function appCode(code: string, expiresIn: number): HTMLLIElement {
  const item = document.createElement('li');
  const meta = document.createElement('span');
  meta.className = 'meta';
  const next = new Date(Date.now() + expiresIn * 1000).toLocaleTimeString();
  meta.textContent = `Authenticator app · a new code at ${next}`;
  const shown = document.createElement('strong');
  shown.className = 'inbox-code app-code';
  shown.textContent = code;
  item.append(meta, shown);
  return item;
}
