/*
 * The page's DOM: finding elements, showing one step at a time with focus where a keyboard user expects
 * it, messages for people and screen readers, and forms that send one request per press.
 */
import { sentenceFor } from './sentences.mjs';

export function el<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`#${id} is missing from the page`);
  return found as T;
}

const STEPS = [
  'password',
  'enroll',
  'factor',
  'code',
  'push',
  'recovery',
  'save-recovery',
  'done',
] as const;
export type Step = (typeof STEPS)[number];

const errorBox = el('error');
const statusBox = el('status');

export function showError(message: string): void {
  errorBox.textContent = message;
  errorBox.hidden = false;
}

function clearMessages(): void {
  errorBox.textContent = '';
  errorBox.hidden = true;
  statusBox.textContent = '';
}

export function announce(message: string): void {
  statusBox.textContent = message;
}

/** Shows one step and moves focus to its first field (or its heading), so keyboard users follow. */
export function showStep(step: Step, options: { keepMessages?: boolean } = {}): void {
  if (!options.keepMessages) clearMessages();
  for (const name of STEPS) el(`step-${name}`).hidden = name !== step;
  const section = el(`step-${step}`);
  const first = section.querySelector<HTMLElement>(
    'input:not([type=hidden]):not([disabled]), select, textarea, [data-focus-first]',
  );
  const target = first ?? section.querySelector<HTMLElement>('h2');
  if (target) {
    if (!first) target.tabIndex = -1;
    target.focus();
  }
  document.body.dataset.step = step;
}

export function currentStep(): string | undefined {
  return document.body.dataset.step;
}

/**
 * Runs a user's action with `busy` marked aria-busy and the messages cleared; a failure shows its
 * sentence. `after` runs once `busy` is no longer marked, told whether the action failed.
 */
export function runBusy(
  busy: HTMLElement,
  action: () => Promise<void>,
  after: (failed: boolean) => void,
): void {
  busy.setAttribute('aria-busy', 'true');
  clearMessages();
  let failed = false;
  action()
    .catch((error: unknown) => {
      failed = true;
      showError(sentenceFor(error));
    })
    .finally(() => {
      busy.removeAttribute('aria-busy');
      after(failed);
    });
}

/** Runs a form's action with its submit button off, so a double press sends one request. */
export function onSubmit(form: HTMLFormElement, action: () => Promise<void>): void {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (form.getAttribute('aria-busy') === 'true') return;
    const buttons = Array.from(form.querySelectorAll<HTMLButtonElement>('button[type=submit]'));
    const wereDisabled = buttons.map((b) => b.disabled);
    buttons.forEach((b) => (b.disabled = true));
    runBusy(form, action, (failed) => {
      buttons.forEach((b, i) => (b.disabled = wereDisabled[i] || b.dataset.locked === 'true'));
      // The pressed button was disabled meanwhile, which can drop focus to <body>: bring a keyboard
      // user back to the form that failed rather than to the top of the page.
      if (failed && !form.closest('[hidden]') && !form.contains(document.activeElement)) {
        form.querySelector<HTMLElement>('input:not([type=hidden]):not([disabled])')?.focus();
      }
    });
  });
}

/** A server time (ISO 8601) on the page's own clock, given the server's clock when it answered. */
export function localTime(iso: string | undefined, serverNow: number): number {
  const at = iso ? Date.parse(iso) : Number.NaN;
  return Number.isNaN(at) ? 0 : Date.now() + (at - serverNow);
}

/** `83_000` → "1:23". */
export function clock(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** An SVG the gateway drew (a QR code) as an image source: never inserted as markup. */
export function svgImage(svg: string | undefined): string {
  return svg ? `data:image/svg+xml;base64,${btoa(svg)}` : 'data:,';
}
